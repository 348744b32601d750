//! The streaming mode (`--low-memory`, or automatic when the draws do not fit): the run's
//! chunks pass through memory in batches and are folded in chunk order, then regenerated from
//! their seeded streams for the statistics that need another look at every draw. The results
//! equal the in-memory analysis bit for bit:
//!
//! ```text
//! pass 1   claims: draws on which each holds, and at the convergence chart's points;
//!          quantities: Σ x, min, max in the lanes of `Moments` (fed in chunk order), and the
//!          first level of bins of the exact order statistics (`stats::streaming`);
//!          capacity: the share on which the mass limit binds, summed in draw order;
//!          the first rows: what the sensitivity analysis and the achieved correlations read
//! pass 2   Σ (x − mean), Σ (x − mean)² (the corrected two-pass variance); the values in the
//!          bins of the wanted ranks, selected in memory (or a finer level of bins, when they
//!          would not fit in the gather budget: one pass more)
//! pass 3   charted quantities: histogram counts (its bins come from the order statistics)
//! ```
//!
//! With `[[evidence]]` the weights are rebuilt pass by pass alongside (`evidence`: seven
//! passes, or more when its weighted quantiles need finer bins; the forward passes above run in
//! the same regenerations): every weighted sum is folded draw by draw in draw order as in
//! memory, and the weighted quantiles and exceedance curves use exact integer sums of the
//! weights (`stats::weighted_stream`), so the results equal the in-memory ones bit for bit.
//! The per-draw weights are not kept (`Posterior::weights` is empty); `samples.csv`, whose
//! last column they are, is written in the evidence's fifth pass, which rebuilds each chunk's
//! final weights in chunk order (see [`Streaming::rows`]), rather than in pass 1.

use super::{assemble, AnalysisError, Parts, RunFacts};
use super::{capacity, convergence, correlation, quantities, sensitivity, Curves};
use crate::engine::stream::{batch_bytes, for_each_batch, Chunk, BATCH_DRAWS};
use crate::engine::{Draws, RunSpec};
use crate::model::{IdVec, QuantityId};
use crate::results::{MemoryMode, Posterior, RunResult};
use crate::scenario::Scenario;
use crate::stats::streaming::{LEVEL_BYTES, MAX_COUNTED};
use crate::stats::weighted_stream::{
    LEVEL_BYTES as WEIGHTED_BYTES, MAX_COUNTED as WEIGHTED_COUNTED,
};
use column::Column;
use evidence::Evidence;
use rayon::prelude::*;

mod column;
mod evidence;
mod options;
mod precision;

pub use options::Streaming;
pub use precision::stream_to_precision;

/// Most values the order-statistics selection of all columns keeps at once (384 MiB); the
/// caller may give less.
pub const GATHER_VALUES: u64 = 48 << 20;

/// Bytes the streaming mode needs besides the program: batch buffers, the first rows kept,
/// the selection's bins and its gather budget of `gather` values.
pub fn streaming_bytes(scenario: &Scenario, facts: &RunFacts, gather: u64) -> u64 {
    let p = &scenario.program;
    let per_row = 8 * (p.quantities.len() + p.evidence.len()) + p.claims.len();
    let rows = kept_rows(scenario, facts) as u64;
    let mut bins = p.quantities.len() as u64 * (1 + MAX_COUNTED as u64) * LEVEL_BYTES;
    if !p.evidence.is_empty() {
        // The weighted quantiles' bins, and each column's selection state.
        bins += p.quantities.len() as u64 * (1 + WEIGHTED_COUNTED as u64) * WEIGHTED_BYTES;
        // Each batch's weights: per entry, per prefix of entries, and the final ones.
        bins += 2 * BATCH_DRAWS as u64 * (2 * p.evidence.len() as u64 + 1) * 8;
    }
    batch_bytes(p) + rows * per_row as u64 + bins + gather * 8
}

/// Rows of the run kept whole: those the sensitivity analysis reads, and the first million
/// for the achieved rank correlations.
fn kept_rows(scenario: &Scenario, facts: &RunFacts) -> usize {
    let corr = if scenario.correlation.is_some() {
        1_000_000
    } else {
        0
    };
    sensitivity::rows_read(scenario, facts)
        .max(corr)
        .min(facts.samples as usize)
}

/// Claims, convergence points, capacity shares and the first rows: pass 1's ordered folds.
struct Ordered {
    n: usize,
    held: Vec<u64>,
    ends: Vec<usize>,
    /// `held_at[c][k]`: draws among the first `ends[k]` on which claim c held.
    held_at: Vec<Vec<u64>>,
    next_end: Vec<usize>,
    seen: usize,
    limits: Vec<(QuantityId, QuantityId, QuantityId)>,
    binds: Vec<f64>,
    kept: Draws,
}

impl Ordered {
    fn new(scenario: &Scenario, n: usize, rows: usize) -> Ordered {
        let p = &scenario.program;
        let limits = capacity::limits(scenario);
        let ends = if n >= 2 {
            convergence::ends(n)
        } else {
            Vec::new()
        };
        Ordered {
            n,
            held: vec![0; p.claims.len()],
            held_at: vec![vec![0; ends.len()]; p.claims.len()],
            next_end: vec![0; p.claims.len()],
            ends,
            seen: 0,
            binds: vec![std::iter::empty::<f64>().sum(); limits.len()],
            limits,
            kept: Draws {
                samples: rows,
                columns: p.quantities.map(|_| Vec::with_capacity(rows)),
                claims: p.claims.map(|_| Vec::with_capacity(rows)),
                log_likelihoods: p.evidence.map(|_| Vec::with_capacity(rows)),
                traces: None,
            },
        }
    }

    fn feed(&mut self, ch: &Chunk) {
        let len = ch.len;
        for (c, flags) in ch.claims.iter().enumerate() {
            let count = |f: &[u8]| f.iter().filter(|&&v| v != 0).count() as u64;
            while let Some(&end) = self.ends.get(self.next_end[c]) {
                let at = end.min(self.n);
                if at > self.seen + len {
                    break;
                }
                self.held_at[c][self.next_end[c]] = self.held[c] + count(&flags[..at - self.seen]);
                self.next_end[c] += 1;
            }
            self.held[c] += count(flags);
        }
        let w = 1.0 / self.n as f64;
        for ((_, m, v), acc) in self.limits.iter().zip(&mut self.binds) {
            for (a, b) in ch.columns[*m].iter().zip(&ch.columns[*v]) {
                if a <= b {
                    *acc += w;
                }
            }
        }
        let take = self.kept.samples.saturating_sub(self.seen).min(len);
        if take > 0 {
            let k = &mut self.kept;
            k.columns
                .iter_mut()
                .zip(&ch.columns)
                .for_each(|(o, i)| o.extend_from_slice(&i[..take]));
            k.claims
                .iter_mut()
                .zip(&ch.claims)
                .for_each(|(o, i)| o.extend_from_slice(&i[..take]));
            k.log_likelihoods
                .iter_mut()
                .zip(&ch.log_likelihoods)
                .for_each(|(o, i)| o.extend_from_slice(&i[..take]));
        }
        self.seen += len;
    }
}

/// Draws and analyses a run in the streaming mode (see the module docs), keeping at most
/// `gather` values for the order statistics at once; `pass(k)` is called as pass k ≥ 1 starts
/// and `progress` with the draws of each chunk drawn. The result is the in-memory analysis's,
/// with [`MemoryMode::Streaming`].
///
/// # Errors
/// The engine's errors (the lowest-numbered failing draw), and the sensitivity design's.
pub fn analyse_streaming(
    scenario: &Scenario,
    facts: &RunFacts,
    gather: u64,
    pass: &dyn Fn(u32),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunResult, AnalysisError> {
    let how = Streaming {
        gather,
        curves: Curves::Charted,
        pass,
        progress,
        rows: None,
    };
    analyse_streaming_with(scenario, facts, how)
}

/// [`analyse_streaming`] with its options: the curves (as [`super::analyse_with`]) and what
/// else reads every batch once (see [`Streaming`]).
///
/// # Errors
/// As [`analyse_streaming`], and the first error of `how.rows`.
pub fn analyse_streaming_with(
    scenario: &Scenario,
    facts: &RunFacts,
    how: Streaming,
) -> Result<RunResult, AnalysisError> {
    let Streaming {
        gather,
        curves,
        pass,
        progress,
        mut rows,
    } = how;
    let program = &scenario.program;
    let n = facts.samples as usize;
    let spec = RunSpec {
        samples: n,
        seed: facts.seed,
        sampling: facts.sampling,
        overrides: IdVec::new(),
        reuse: None,
        resample: None,
    };
    let charted = quantities::with_curves(scenario, curves);
    let mut columns: Vec<Column> = scenario
        .quantities
        .iter()
        .zip(charted.iter())
        .map(|(q, &c)| Column::new(n as u64, c, q.log))
        .collect();
    let mut ordered = Ordered::new(scenario, n, kept_rows(scenario, facts));
    let mut evidence =
        (!program.evidence.is_empty()).then(|| Evidence::new(scenario, n, charted.as_slice()));
    let facts_of = |columns: &[Column]| -> Option<Vec<(bool, bool)>> {
        columns.iter().map(Column::curve_facts).collect()
    };
    pass(1);
    for_each_batch(program, &spec, progress, |batch: &[Chunk]| {
        columns.par_iter_mut().enumerate().for_each(|(q, col)| {
            for ch in batch {
                col.feed_first(&ch.columns.as_slice()[q]);
            }
        });
        batch.iter().for_each(|ch| ordered.feed(ch));
        match &mut evidence {
            Some(ev) => {
                ev.feed(batch);
                Ok(())
            }
            None => rows.as_mut().map_or(Ok(()), |f| f(batch, None)),
        }
    })?;
    columns.par_iter_mut().for_each(Column::end_first);
    if let Some(ev) = &mut evidence {
        ev.set_held(&ordered.held);
        ev.end_pass(scenario, facts_of(&columns).as_deref())?;
    }
    let mut passes = 1;
    while columns.iter().any(Column::needs_pass)
        || evidence.as_ref().is_some_and(Evidence::needs_pass)
    {
        passes += 1;
        pass(passes);
        // The gather budget is shared in proportion to what each column would gather; the
        // evidence's selections (16 bytes a draw) get what the forward ones leave.
        let need: u64 = columns.iter().map(|c| c.select.open_values()).sum();
        if let Some(ev) = &mut evidence {
            ev.begin_pass(gather.saturating_sub(need) / 2);
        }
        columns.iter_mut().for_each(|c| {
            let own = c.select.open_values();
            let share = if need <= gather {
                own
            } else {
                (u128::from(gather) * u128::from(own) / u128::from(need)) as u64
            };
            c.begin_pass(share)
        });
        for_each_batch(program, &spec, progress, |batch: &[Chunk]| {
            columns.par_iter_mut().enumerate().for_each(|(q, col)| {
                if col.needs_pass() {
                    for ch in batch {
                        col.feed(&ch.columns.as_slice()[q]);
                    }
                }
            });
            // The final weights come in the evidence's fifth pass, in chunk order.
            match (evidence.as_mut().and_then(|ev| ev.feed(batch)), &mut rows) {
                (Some(weights), Some(f)) => f(batch, Some(&weights)),
                _ => Ok::<(), AnalysisError>(()),
            }
        })?;
        columns.par_iter_mut().for_each(Column::end_pass);
        if let Some(ev) = &mut evidence {
            ev.end_pass(scenario, facts_of(&columns).as_deref())?;
        }
    }
    let kept = &ordered.kept;
    let weighted = evidence.map(|ev| {
        let lls: Vec<&[f64]> = kept.log_likelihoods.iter().map(Vec::as_slice).collect();
        (ev.row_weights(&lls, kept.samples), ev.finish(scenario))
    });
    let mut quantities: IdVec<QuantityId, _> = scenario
        .quantities
        .iter()
        .zip(columns)
        .map(|(q, col)| {
            let (stats, curves) = col.finish();
            quantities::quantity_result(q, &stats, curves)
        })
        .collect();
    let mut claims = quantities::claims_from_counts(scenario, &ordered.held, n as u64);
    if n >= 2 {
        for (c, held_at) in claims.iter_mut().zip(&ordered.held_at) {
            c.convergence = convergence::points_from_counts(&ordered.ends, held_at, n);
        }
    }
    let mut posterior = None;
    let mut binds: Vec<((QuantityId, QuantityId), f64)> = ordered
        .limits
        .iter()
        .map(|&(_, m, v)| (m, v))
        .zip(ordered.binds.iter().copied())
        .collect();
    if let Some((_, w)) = &weighted {
        for (q, (stats, curves)) in quantities.iter_mut().zip(w.quantities.iter().cloned()) {
            q.posterior = Some(stats);
            if !q.curves.exceedance.is_empty() {
                q.posterior_curves = curves;
            }
        }
        for (c, (p, points)) in claims.iter_mut().zip(w.claims.iter().cloned()) {
            c.posterior = Some(p);
            if n >= 2 {
                c.convergence = points;
            }
        }
        binds.clone_from(&w.binds);
        posterior = Some(Posterior {
            weights: Vec::new(),
            ess: w.ess,
            entries: w.entries.clone(),
        });
    }
    let row_weights = weighted.as_ref().map(|(rw, _)| rw.as_slice());
    let sensitivity = sensitivity::sensitivity(scenario, kept, facts, row_weights)?;
    let binds = |m: QuantityId, v: QuantityId| {
        binds
            .iter()
            .find(|((a, b), _)| *a == m && *b == v)
            .map_or(f64::NAN, |(_, s)| *s)
    };
    let mut result = assemble(
        scenario,
        facts,
        Parts {
            quantities,
            claims,
            sensitivity,
            correlation: correlation(scenario, kept),
            capacity: capacity::capacity_with(scenario, &binds),
            posterior,
        },
    );
    result.run.memory = MemoryMode::Streaming {
        passes,
        automatic: false,
    };
    Ok(result)
}
