//! The Saltelli design's runs: A and B rows, one run per driver with that driver from B
//! (an input's column, or a random source's draws), the bases each driver gets within the
//! budget, and how the design is described. Used by [`super::sensitivity`].

use crate::engine::{self, Draws, LoadTraces, Resample, RunSpec, Sampling, Tracing};
use crate::model::{IdVec, Output, Program, QuantityId, SourceId};
use crate::results::{Driver, Index, OutputState};
use crate::sensitivity::{total_order, Column};
use rayon::prelude::*;

use super::sensitivity::{column, drivers, run_bases, Totals};
use super::RunFacts;
use crate::scenario::Scenario;

/// The design's A rows (`a`'s first rows, drawn with `seed`) and B rows (`b`'s from `b_at`,
/// drawn with `b_seed`).
pub(super) struct Design<'a> {
    pub a: &'a Draws,
    pub b: &'a Draws,
    pub b_at: usize,
    pub seed: u64,
    pub b_seed: u64,
}

impl Design<'_> {
    /// `out[k][j]`: output k's total index for driver j, on the first `bases[j]` rows.
    pub(super) fn totals(
        &self,
        program: &Program,
        inputs: &[Driver],
        bases: &[usize],
        outs: &[Output],
        constant: &[bool],
    ) -> Totals {
        let mut out: Totals = vec![vec![None; inputs.len()]; outs.len()];
        let reads = program.delivery_reads();
        let redraws = |d: Driver| reads.as_ref().is_some_and(|r| r[driven(program, d)]);
        let own;
        let traces = match self.a.traces.as_deref() {
            Some(t) => Some(t),
            None => {
                own = self.traces(program, inputs, bases, redraws);
                own.as_ref()
            }
        };
        for (j, (&d, &base)) in inputs.iter().zip(bases).enumerate() {
            let mut overrides: IdVec<QuantityId, Option<&[f64]>> = self.a.columns.map(|_| None);
            let mut resample = None;
            match d {
                Driver::Input(i) => {
                    overrides[i] = Some(&self.b.columns[i][self.b_at..self.b_at + base]);
                }
                Driver::Source(source) => {
                    resample = Some(self.resample(source));
                    if program.draws_only_in_quantities() {
                        // Every input from A's rows: the run then repeats A's rows on any
                        // number of draws (sources are keyed by draw, not by chunk).
                        for q in program.inputs() {
                            overrides[q] = Some(&self.a.columns[q][..base]);
                        }
                    }
                }
            }
            let spec = RunSpec {
                overrides,
                reuse: Some(self.a),
                resample,
                ..plain(base, self.seed)
            };
            // A combination of A and B values the model cannot take: no index for this input.
            let tracing = match traces {
                Some(t) if redraws(d) => Tracing::Replay(t),
                _ => Tracing::Off,
            };
            let Ok(ab) = engine::run_traced(program, &spec, tracing, &|_| {}) else {
                continue;
            };
            let constant = constant.get(j).copied().unwrap_or(false);
            // Each output's index on its own (in parallel: the same numbers in any order).
            let indices: Vec<Index> = outs
                .par_iter()
                .map(|&o| {
                    let (ya, yb, yab) = (
                        as_f64(rows_of(self.a, o, 0, base)),
                        as_f64(rows_of(self.b, o, self.b_at, base)),
                        as_f64(column(&ab, o, base)),
                    );
                    let state = design_state(o, &ya, &yb);
                    Index::judge(total_order(&ya, &yb, &yab), state, constant)
                })
                .collect();
            for (row, index) in out.iter_mut().zip(indices) {
                row[j] = Some(index);
            }
        }
        out
    }
}

impl Design<'_> {
    /// A store for `[shipment]` delivery traces when A's run kept none (the streaming mode, a
    /// separate A run) and two or more drivers' runs would redraw the delivery (`redraws`:
    /// drivers it reads, such as the lot shares). Each of those runs reads a row's lot rounds
    /// back from an earlier run's trace when the loads' stream is in the same state at the start
    /// of the draw (the same loads, cut at other lot boundaries), and keeps the traces of the
    /// rows it draws (the same numbers either way; `engine::trace`). With A's traces
    /// ([`engine::run_recording`]) every run reads them.
    fn traces(
        &self,
        program: &Program,
        inputs: &[Driver],
        bases: &[usize],
        redraws: impl Fn(Driver) -> bool,
    ) -> Option<LoadTraces> {
        let heavy: Vec<usize> = inputs
            .iter()
            .zip(bases)
            .filter(|(&d, _)| redraws(d))
            .map(|(_, &b)| b)
            .collect();
        if heavy.len() < 2 || !engine::traceable_program(program) {
            return None;
        }
        Some(LoadTraces::new(heavy.into_iter().max()?))
    }

    /// Source `s` drawn from the B rows: row j of the AB run is row `b_at + j` of B's run.
    fn resample(&self, source: SourceId) -> Resample {
        Resample {
            source,
            seed: self.b_seed,
            offset: self.b_at as u64,
        }
    }
}

/// The quantity a driver is: an input, or the quantity a random source is drawn in.
fn driven(program: &Program, d: Driver) -> QuantityId {
    match d {
        Driver::Input(q) => q,
        Driver::Source(s) => program.sources()[s].quantity,
    }
}

/// How many of a run's first rows it should keep delivery traces of
/// ([`engine::run_recording`]): the largest base of the design's drivers the `[shipment]`
/// delivery reads, when the design runs on the run's own rows and the deliveries can be traced;
/// else 0.
pub fn trace_rows(scenario: &Scenario, facts: &RunFacts) -> usize {
    let program = &scenario.program;
    let drivers = drivers(program);
    let (Some(reads), true) = (program.delivery_reads(), engine::traceable_program(program)) else {
        return 0;
    };
    if drivers.is_empty() || facts.sensitivity_draws.min(facts.samples as usize) == 0 {
        return 0;
    }
    let Some(bases) = run_bases(program, facts, &drivers) else {
        return 0;
    };
    drivers
        .iter()
        .zip(&bases)
        .filter(|(&d, _)| reads[driven(program, d)])
        .map(|(_, &b)| b)
        .max()
        .unwrap_or(0)
}

/// Per-input bases of a design whose A and B rows are the run's own, or `None` when the run
/// has fewer than two whole chunks. Each base is a whole number of chunks (so a run of that
/// many draws repeats the run's first rows exactly), at least one chunk, and every base fits
/// twice in the run. Budget: the inputs that re-run everything (`cheap[j]` false) share a
/// quarter of the run's draws, base = the requested base rounded up to whole chunks if that
/// fits, else down; inputs that leave a `[shipment]`'s delivery unchanged cost only the
/// thinning and the formulas per draw, and get the requested base up to half the run.
pub(super) fn design_bases(
    requested: usize,
    samples: usize,
    cheap: &[bool],
    chunk: usize,
) -> Option<Vec<usize>> {
    let half = samples / 2 / chunk * chunk;
    if requested == 0 || half < chunk {
        return None;
    }
    let full = cheap.iter().filter(|&&c| !c).count().max(1);
    let cap = (samples / 4 / full).min(half);
    let want = requested.min(cap);
    let up = want.div_ceil(chunk) * chunk;
    let full_base = if up <= cap { up } else { cap / chunk * chunk }.max(chunk);
    let cheap_base = (requested.min(half).div_ceil(chunk) * chunk)
        .min(half)
        .max(chunk);
    Some(
        cheap
            .iter()
            .map(|&c| if c { cheap_base } else { full_base })
            .collect(),
    )
}

/// Bases of the random sources when their design runs need not be whole chunks (a program
/// whose only random draws outside `[inputs]` are its sources: every input is then taken from
/// A's rows and every source is keyed by draw): the drivers share a quarter of the run's draws
/// as the budget says, `min(requested, samples / 4 / drivers)`, at least [`MIN_SOURCE_BASE`]
/// and never more than the chunked base.
pub(super) fn free_source_bases(
    requested: usize,
    samples: usize,
    drivers: &[Driver],
    bases: &mut [usize],
) {
    let share = requested.min(samples / 4 / drivers.len().max(1));
    for (d, b) in drivers.iter().zip(bases.iter_mut()) {
        if matches!(d, Driver::Source(_)) {
            *b = share.max(MIN_SOURCE_BASE).min(*b);
        }
    }
}

/// The smallest base a random source's design run is given.
const MIN_SOURCE_BASE: usize = 512;

/// The design's sizes in words: the inputs' base (and the larger one of inputs the
/// `[shipment]` delivery does not read), and the random sources' when it differs.
pub(super) fn describe_bases(drivers: &[Driver], bases: &[usize]) -> String {
    let range = |source: bool| {
        let of: Vec<usize> = drivers
            .iter()
            .zip(bases)
            .filter(|(d, _)| matches!(d, Driver::Source(_)) == source)
            .map(|(_, &b)| b)
            .collect();
        Some((*of.iter().min()?, *of.iter().max()?))
    };
    let (inputs, sources) = (range(false), range(true));
    let mut out = match inputs.or(sources) {
        Some((lo, hi)) if hi > lo => format!("base {lo} ({hi} for drivers the [shipment] delivery does not read, whose runs redo only the rest)"),
        Some((lo, _)) => format!("base {lo}"),
        None => return "base 0".to_string(),
    };
    if let (Some(i), Some((lo, hi))) = (inputs, sources) {
        if (lo, hi) != i {
            let span = if hi > lo {
                format!("{lo}-{hi}")
            } else {
                lo.to_string()
            };
            out.push_str(&format!(" for inputs, {span} for random sources"));
        }
    }
    out
}

/// A plain Monte Carlo run of `samples` draws.
pub(super) fn plain<'a>(samples: usize, seed: u64) -> RunSpec<'a> {
    RunSpec {
        samples,
        seed,
        sampling: Sampling::Mc,
        overrides: IdVec::new(),
        reuse: None,
        resample: None,
    }
}

/// Rows `at .. at + n` of an output.
fn rows_of<'a>(draws: &'a Draws, output: Output, at: usize, n: usize) -> Column<'a> {
    match output {
        Output::Quantity(q) => Column::Numeric(&draws.columns[q][at..at + n]),
        Output::Claim(c) => Column::Flags(&draws.claims[c][at..at + n]),
    }
}

/// What the design's A and B rows say about an output: a claim's events among the 2 × base
/// rows, or whether a quantity varies.
fn design_state(o: Output, ya: &[f64], yb: &[f64]) -> OutputState {
    let all = || ya.iter().chain(yb);
    match o {
        Output::Claim(_) => {
            let n = (ya.len() + yb.len()) as f64;
            let held = all().filter(|&&v| v != 0.0).count() as f64;
            OutputState::claim(held / n, n)
        }
        Output::Quantity(_) => {
            let first = ya.first().copied().unwrap_or(0.0);
            if all().all(|&v| v == first) {
                OutputState::Constant
            } else {
                OutputState::Varies
            }
        }
    }
}

fn as_f64(o: Column) -> Vec<f64> {
    match o {
        Column::Numeric(x) => x.to_vec(),
        Column::Flags(f) => f.iter().map(|&v| f64::from(v)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::{describe_bases, design_bases, free_source_bases};
    use crate::model::{QuantityId, SourceId};
    use crate::results::Driver;

    #[test]
    fn sources_share_the_budget_without_whole_chunks() {
        let drivers = [
            Driver::Input(QuantityId::new(0)),
            Driver::Source(SourceId::new(0)),
            Driver::Source(SourceId::new(1)),
        ];
        let mut bases = vec![8_192; 3];
        free_source_bases(20_000, 20_000, &drivers, &mut bases);
        // 20,000 / 4 / 3 drivers each, never more than the chunked base, at least 512.
        assert_eq!(bases, [8_192, 1_666, 1_666]);
        assert_eq!(
            describe_bases(&drivers, &bases),
            "base 8192 for inputs, 1666 for random sources"
        );
        let mut many = vec![8_192; 3];
        free_source_bases(20_000, 2_000, &drivers, &mut many);
        assert_eq!(many, [8_192, 512, 512]);
    }

    #[test]
    fn design_bases_fit_the_budget_in_whole_chunks() {
        // Three-input model: 10^7 draws, three full inputs: 20,000 rounded up to 3 chunks.
        assert_eq!(
            design_bases(20_000, 10_000_000, &[false; 3], 8_192),
            Some(vec![24_576; 3])
        );
        // Per-container model: two full inputs share 2,500 draws (1,024 each, whole chunks of
        // 256); the three dud rates get up to half the run.
        let b = design_bases(20_000, 10_000, &[false, false, true, true, true], 256).unwrap();
        assert_eq!(b, vec![1_024, 1_024, 4_864, 4_864, 4_864]);
        assert!(b[0] * 2 <= 10_000 / 4 && b[2] * 2 <= 10_000);
        // Fewer than two chunks, or no design asked for: none.
        assert_eq!(design_bases(20_000, 10_000, &[false], 8_192), None);
        assert_eq!(design_bases(0, 10_000_000, &[false], 8_192), None);
    }
}
