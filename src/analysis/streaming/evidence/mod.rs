//! `[[evidence]]` in the streaming mode: the in-memory analysis of `super::super::weighted`
//! (and the weighted convergence, capacity and sensitivity weights), pass by pass, every sum
//! folded draw by draw in draw order as in memory, or exact (`stats::weighted_stream`):
//!
//! ```text
//! pass 1   each entry's largest ln L (and each column's key range)
//! pass 2   Σ L/max L per entry (the trust floor (1 − t) L̄, so each entry's weights)
//! pass 3   running log-weights per prefix of entries: their largest; each entry's ESS and
//!          Bayes-factor sums
//! pass 4   normalisers Σ exp(ℓ − max ℓ) per prefix; claims as entries are added; the Bayes
//!          factors' error sums
//! pass 5   final weights: cumulative ESS, weighted Σ x, support, claim probabilities,
//!          convergence, capacity shares, the first level of the weighted quantiles' bins
//! pass 6   Σ w (x − mean)², the weighted quantiles gathered (or finer bins: a pass more)
//! pass 7   weighted histograms and exceedance curves of the charted quantities
//! ```

use crate::analysis::weighted::{curve_bins, curve_probs, stats_probs};
use crate::analysis::{convergence, AnalysisError};
use crate::engine::stream::Chunk;
use crate::evidence::{BayesSums, ErrorSums, EvidenceError};
use crate::model::QuantityId;
use crate::results::{Histogram, QuantityCurves};
use crate::scenario::Scenario;
use crate::stats::weighted_stream::{key_range, WeightedSelect};
use crate::stats::{Exceedance, WeightedTally};
use rayon::prelude::*;

/// One entry's scales and first sums.
struct Entry {
    trust: f64,
    top: f64,
    sum: f64,
    invalid: Option<(usize, f64)>,
    floor: f64,
    maxw: f64,
    ln_max: f64,
    /// Σ r, Σ r² of its weights alone (ESS).
    ess: (f64, f64),
    bayes: Vec<BayesSums>,
    errors: Vec<Option<ErrorSums>>,
}

impl Entry {
    #[inline(always)]
    fn weight(&self, ll: f64) -> f64 {
        self.trust * (ll - self.top).exp() + self.floor
    }

    #[inline(always)]
    fn log_term(&self, w: f64) -> f64 {
        let q = w / self.maxw;
        if q >= f64::MIN_POSITIVE {
            q.ln()
        } else {
            w.ln() - self.ln_max
        }
    }
}

/// One prefix of entries (the first k + 1).
struct Prefix {
    maxlw: f64,
    total: f64,
    /// Per claim: Σ r, Σ r f.
    steps: Vec<(f64, f64)>,
    /// Σ r, Σ r² of the normalised weights (cumulative ESS).
    ess: (f64, f64),
}

/// One quantity after the evidence.
struct Col {
    range: (u64, u64),
    tot: f64,
    rx: f64,
    support: (f64, f64),
    mean: f64,
    ss: (f64, f64),
    select: Option<WeightedSelect>,
    /// Whether it gets curves: its weighted quantiles include [`curve_probs`].
    curves: bool,
    hist: Option<(WeightedTally, bool, bool)>,
    exceed: Option<Exceedance>,
    result: Option<(Vec<f64>, Option<QuantityCurves>)>,
}

/// The evidence's state across the passes of a streamed run.
pub(super) struct Evidence {
    n: usize,
    stage: u32,
    entries: Vec<Entry>,
    prefixes: Vec<Prefix>,
    cols: Vec<Col>,
    /// Per claim: Σ r, Σ r f (final weights), and the running estimate.
    claims: Vec<((f64, f64), convergence::Running)>,
    ends: Vec<usize>,
    limits: Vec<(QuantityId, QuantityId)>,
    binds: Vec<f64>,
    held: Vec<u64>,
}

mod feed;
mod finish;

use feed::ChunkWeights;

impl Evidence {
    pub(super) fn new(scenario: &Scenario, n: usize, charted: &[bool]) -> Evidence {
        let claims = scenario.claims.len();
        let entries = scenario
            .evidence
            .iter()
            .map(|e| Entry {
                trust: e.trust,
                top: f64::NEG_INFINITY,
                sum: std::iter::empty::<f64>().sum(),
                invalid: None,
                floor: 0.0,
                maxw: 0.0,
                ln_max: 0.0,
                ess: (0.0, 0.0),
                bayes: Vec::new(),
                errors: Vec::new(),
            })
            .collect();
        let prefixes = scenario
            .evidence
            .iter()
            .map(|_| Prefix {
                maxlw: f64::NEG_INFINITY,
                total: std::iter::empty::<f64>().sum(),
                steps: vec![(0.0, 0.0); claims],
                ess: (0.0, 0.0),
            })
            .collect();
        let cols = charted
            .iter()
            .map(|&curves| Col {
                range: (u64::MAX, 0),
                tot: std::iter::empty::<f64>().sum(),
                rx: std::iter::empty::<f64>().sum(),
                support: (f64::INFINITY, f64::NEG_INFINITY),
                mean: 0.0,
                ss: (0.0, 0.0),
                select: None,
                curves,
                hist: None,
                exceed: None,
                result: None,
            })
            .collect();
        let limits: Vec<(QuantityId, QuantityId)> = super::capacity::limits(scenario)
            .into_iter()
            .map(|(_, m, v)| (m, v))
            .collect();
        Evidence {
            n,
            stage: 1,
            entries,
            prefixes,
            cols,
            claims: vec![((0.0, 0.0), convergence::Running::new(true)); claims],
            ends: if n >= 2 {
                convergence::ends(n).into_iter().map(|e| e.min(n)).collect()
            } else {
                Vec::new()
            },
            binds: vec![std::iter::empty::<f64>().sum(); limits.len()],
            limits,
            held: vec![0; claims],
        }
    }

    /// Whether the evidence needs another pass.
    pub(super) fn needs_pass(&self) -> bool {
        self.stage <= 6 || self.cols.iter().any(|c| c.result.is_none())
    }

    /// The gathering the next pass's selections would do.
    pub(super) fn open_values(&self) -> u64 {
        self.cols
            .iter()
            .filter_map(|c| c.select.as_ref())
            .map(WeightedSelect::open_values)
            .sum()
    }

    /// Prepares the next pass, gathering at most `budget` draws.
    pub(super) fn begin_pass(&mut self, budget: u64) {
        let need = self.open_values();
        for c in &mut self.cols {
            if let Some(s) = c.select.as_mut().filter(|s| s.needs_pass()) {
                let own = s.open_values();
                let share = if need <= budget {
                    own
                } else {
                    (u128::from(budget) * u128::from(own) / u128::from(need)) as u64
                };
                s.begin_pass(share);
            }
        }
    }

    /// Weights of the first rows of the run, from their ln L (after pass 4).
    pub(super) fn row_weights(&self, lls: &[&[f64]], rows: usize) -> Vec<f64> {
        let last = &self.prefixes[self.prefixes.len() - 1];
        (0..rows)
            .map(|i| {
                let mut l = 0.0;
                for (e, ll) in self.entries.iter().zip(lls) {
                    l += e.log_term(e.weight(ll[i]));
                }
                (l - last.maxlw).exp() / last.total
            })
            .collect()
    }

    /// Feeds a batch of chunks (in chunk order); in pass 5, gives each chunk's final
    /// normalised weights (the in-memory `Posterior::weights` of its draws).
    pub(super) fn feed(&mut self, batch: &[Chunk]) -> Option<Vec<Vec<f64>>> {
        let feeding = |c: &Col| {
            c.exceed.is_some() || c.select.as_ref().is_some_and(WeightedSelect::needs_pass)
        };
        if self.stage >= 7 && !self.cols.iter().any(feeding) {
            return None; // waiting for the forward columns
        }
        match self.stage {
            1 => {
                for ch in batch {
                    for (e, ll) in self.entries.iter_mut().zip(ch.log_likelihoods.iter()) {
                        e.top = ll.iter().copied().fold(e.top, f64::max);
                    }
                }
                self.cols.par_iter_mut().enumerate().for_each(|(q, c)| {
                    for ch in batch {
                        ch.columns.as_slice()[q]
                            .iter()
                            .for_each(|&x| key_range(&mut c.range, x));
                    }
                });
                return None;
            }
            2 => {
                for ch in batch {
                    for (e, ll) in self.entries.iter_mut().zip(ch.log_likelihoods.iter()) {
                        for (i, &v) in ll.iter().enumerate() {
                            let l = (v - e.top).exp();
                            if e.invalid.is_none() && !(l >= 0.0 && l.is_finite()) {
                                e.invalid = Some((ch.start + i, l));
                            }
                            e.sum += l;
                        }
                    }
                }
                return None;
            }
            _ => {}
        }
        let weights: Vec<ChunkWeights> =
            batch.par_iter().map(|ch| self.chunk_weights(ch)).collect();
        let pairs: Vec<(&Chunk, &ChunkWeights)> = batch.iter().zip(&weights).collect();
        match self.stage {
            3 => self.feed_third(&pairs),
            4 => self.feed_fourth(&pairs),
            5 => {
                self.feed_fifth(&pairs);
                return Some(weights.into_iter().map(|w| w.fin).collect());
            }
            _ => self.feed_later(&pairs),
        }
        None
    }

    /// Ends a pass; `forward` gives each column's forward curve facts (whether it has an
    /// exceedance curve, and its histogram's `integer`) once the forward columns are done.
    ///
    /// # Errors
    /// The in-memory analysis's evidence errors (an entry impossible on every draw, entries
    /// jointly impossible).
    pub(super) fn end_pass(
        &mut self,
        scenario: &Scenario,
        forward: Option<&[(bool, bool)]>,
    ) -> Result<(), AnalysisError> {
        match self.stage {
            2 => self.end_second(scenario)?,
            3 => {
                if self.prefixes[self.prefixes.len() - 1].maxlw == f64::NEG_INFINITY {
                    let err = EvidenceError::JointlyImpossible {
                        entries: self.entries.len(),
                    };
                    return Err(AnalysisError::Evidence(format!(
                        "the evidence together: {err}"
                    )));
                }
                for e in &mut self.entries {
                    e.errors = e.bayes.iter().map(|b| b.error_pass(e.trust)).collect();
                }
            }
            4 => self.start_selections(),
            5 => {
                let ess = self.ess(self.prefixes.len() - 1);
                for c in &mut self.cols {
                    c.mean = c.rx / c.tot;
                    let mut probs = stats_probs(ess);
                    if c.curves {
                        probs.extend(curve_probs());
                    }
                    if let Some(s) = &mut c.select {
                        s.end_first(&probs);
                    }
                }
            }
            s if s >= 6 => {
                for c in &mut self.cols {
                    if let Some(s) = c.select.as_mut().filter(|s| s.needs_pass()) {
                        s.end_pass();
                    }
                    if let Some((t, log, integer)) = c.hist.take() {
                        let hist = t.histogram(self.n, log, integer);
                        let all = c.select.as_ref().map(|s| s.results()).unwrap_or_default();
                        let exceedance = c.exceed.take().map(Exceedance::curve).unwrap_or_default();
                        c.result = Some((
                            all,
                            Some(QuantityCurves {
                                histogram: hist,
                                exceedance,
                            }),
                        ));
                    } else if let Some(e) = c.exceed.take() {
                        let all = c.select.as_ref().map(|s| s.results()).unwrap_or_default();
                        let curves = QuantityCurves {
                            histogram: Histogram::empty(),
                            exceedance: e.curve(),
                        };
                        c.result = Some((all, Some(curves)));
                    }
                }
            }
            _ => {}
        }
        if self.stage >= 5 {
            self.settle(scenario, forward);
        }
        self.stage = (self.stage + 1).min(7);
        Ok(())
    }

    fn end_second(&mut self, scenario: &Scenario) -> Result<(), AnalysisError> {
        let n = self.n as f64;
        let claims = scenario.claims.len();
        for (e, info) in self.entries.iter_mut().zip(&scenario.evidence) {
            if e.top == f64::NEG_INFINITY {
                return Err(AnalysisError::Evidence(format!(
                    "evidence `{}` ({}) is impossible on every draw: no draw of the model is consistent with it; check its units and the ranges of the quantities it uses",
                    info.id, info.expr
                )));
            }
            if let Some((index, value)) = e.invalid {
                let err = EvidenceError::InvalidLikelihood { index, value };
                return Err(AnalysisError::Evidence(format!(
                    "evidence `{}`: {err}",
                    info.id
                )));
            }
            let max = 1.0;
            let mean = max * (e.sum / n);
            e.floor = (1.0 - e.trust) * mean;
            e.maxw = e.trust * 1.0 + e.floor;
            e.ln_max = e.maxw.ln();
            e.bayes = vec![BayesSums::new(e.maxw, true); claims];
        }
        Ok(())
    }

    /// Starts the histogram pass of columns whose quantiles are found (or finishes those
    /// without curves).
    fn settle(&mut self, scenario: &Scenario, forward: Option<&[(bool, bool)]>) {
        let n = self.n;
        for (q, c) in self.cols.iter_mut().enumerate() {
            if c.result.is_some() || c.exceed.is_some() {
                continue;
            }
            let Some(s) = c.select.as_ref().filter(|s| !s.needs_pass()) else {
                continue;
            };
            let all = s.results();
            if !c.curves {
                c.result = Some((all, None));
                continue;
            }
            let Some(facts) = forward else { continue };
            let (has, integer) = facts[q];
            if !has {
                c.result = Some((all, None));
                continue;
            }
            let xs = all[all.len() - 201..].to_vec();
            let log = scenario.quantities.as_slice()[q].log;
            if let Some((edges, log2)) = curve_bins(&xs, c.support, log, integer, n) {
                c.hist = Some((WeightedTally::new(edges), log2, integer));
            }
            c.exceed = Some(Exceedance::new(xs));
        }
    }

    fn ess(&self, k: usize) -> f64 {
        let (s, s2) = self.prefixes[k].ess;
        s * s / s2
    }

    /// Sets up pass 5's selections (after pass 4).
    pub(super) fn start_selections(&mut self) {
        for c in &mut self.cols {
            c.select = Some(WeightedSelect::new(c.range));
        }
    }

    /// Draws on which each claim holds (the prior step of the effects).
    pub(super) fn set_held(&mut self, held: &[u64]) {
        self.held = held.to_vec();
    }
}
