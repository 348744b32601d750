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

use crate::analysis::weighted::{curve_bins, curve_probs, effect, stats_from, stats_probs};
use crate::analysis::{convergence, AnalysisError};
use crate::engine::stream::Chunk;
use crate::evidence::{BayesFactor, BayesSums, ErrorSums, EvidenceError};
use crate::model::QuantityId;
use crate::results::{EvidenceResult, Histogram, Proportion, QuantityCurves, QuantityStats};
use crate::scenario::Scenario;
use crate::stats::weighted_stream::{key_range, WeightedSelect};
use crate::stats::{weight_units, Exceedance, WeightedTally};
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

/// A chunk's weights: per entry, the running log-weights per prefix, and (once the
/// normalisers are known) the final normalised weights.
struct ChunkWeights {
    w: Vec<Vec<f64>>,
    lw: Vec<Vec<f64>>,
    fin: Vec<f64>,
}

/// A claim's running estimate: (draws, probability, error) at each point.
type Points = Vec<(u64, f64, f64)>;

/// What the evidence adds to a streamed run's result.
pub(super) struct Weighted {
    /// Per quantity: the summary after the evidence, and its curves when charted.
    pub(super) quantities: Vec<(QuantityStats, Option<QuantityCurves>)>,
    /// Per claim: the probability after the evidence and its weighted running estimate.
    pub(super) claims: Vec<(Proportion, Points)>,
    pub(super) ess: f64,
    pub(super) entries: Vec<EvidenceResult>,
    /// Weighted share on which mass binds, per `(by_mass, by_volume)`.
    pub(super) binds: Vec<((QuantityId, QuantityId), f64)>,
}

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

    fn chunk_weights(&self, ch: &Chunk) -> ChunkWeights {
        let mut acc = vec![0.0; ch.len];
        let mut out = ChunkWeights {
            w: Vec::new(),
            lw: Vec::new(),
            fin: Vec::new(),
        };
        for (e, ll) in self.entries.iter().zip(ch.log_likelihoods.iter()) {
            let w: Vec<f64> = ll.iter().map(|&v| e.weight(v)).collect();
            for (a, &x) in acc.iter_mut().zip(&w) {
                *a += e.log_term(x);
            }
            out.lw.push(acc.clone());
            out.w.push(w);
        }
        if self.stage >= 5 {
            let last = &self.prefixes[self.prefixes.len() - 1];
            out.fin = acc
                .iter()
                .map(|&l| (l - last.maxlw).exp() / last.total)
                .collect();
        }
        out
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

    /// Feeds a batch of chunks (in chunk order).
    pub(super) fn feed(&mut self, batch: &[Chunk]) {
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
                return;
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
                return;
            }
            _ => {}
        }
        let weights: Vec<ChunkWeights> =
            batch.par_iter().map(|ch| self.chunk_weights(ch)).collect();
        let pairs: Vec<(&Chunk, &ChunkWeights)> = batch.iter().zip(&weights).collect();
        match self.stage {
            3 => self.feed_third(&pairs),
            4 => self.feed_fourth(&pairs),
            5 => self.feed_fifth(&pairs),
            _ => self.feed_later(&pairs),
        }
    }

    fn feed_third(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        self.entries.par_iter_mut().enumerate().for_each(|(k, e)| {
            for (ch, cw) in pairs {
                for &w in &cw.w[k] {
                    let r = w / e.maxw;
                    e.ess = (e.ess.0 + r, e.ess.1 + r * r);
                }
                for (b, flags) in e.bayes.iter_mut().zip(ch.claims.iter()) {
                    for (&w, &f) in cw.w[k].iter().zip(flags) {
                        b.add(w, f);
                    }
                }
            }
        });
        for (k, p) in self.prefixes.iter_mut().enumerate() {
            for (_, cw) in pairs {
                p.maxlw = cw.lw[k].iter().copied().fold(p.maxlw, f64::max);
            }
        }
    }

    fn feed_fourth(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        self.prefixes.par_iter_mut().enumerate().for_each(|(k, p)| {
            for (ch, cw) in pairs {
                let e: Vec<f64> = cw.lw[k].iter().map(|&l| (l - p.maxlw).exp()).collect();
                e.iter().for_each(|&v| p.total += v);
                for (st, flags) in p.steps.iter_mut().zip(ch.claims.iter()) {
                    for (&r, &f) in e.iter().zip(flags) {
                        *st = (st.0 + r, if f != 0 { st.1 + r } else { st.1 });
                    }
                }
            }
        });
        self.entries.par_iter_mut().enumerate().for_each(|(k, e)| {
            for (ch, cw) in pairs {
                for (err, flags) in e.errors.iter_mut().zip(ch.claims.iter()) {
                    if let Some(err) = err {
                        for (&w, &f) in cw.w[k].iter().zip(flags) {
                            err.add(w, f);
                        }
                    }
                }
            }
        });
    }

    fn feed_fifth(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        self.prefixes.par_iter_mut().enumerate().for_each(|(k, p)| {
            let max = 1.0 / p.total;
            for (_, cw) in pairs {
                for &l in &cw.lw[k] {
                    let r = ((l - p.maxlw).exp() / p.total) / max;
                    p.ess = (p.ess.0 + r, p.ess.1 + r * r);
                }
            }
        });
        let max = 1.0 / self.prefixes[self.prefixes.len() - 1].total;
        self.cols.par_iter_mut().enumerate().for_each(|(q, c)| {
            for (ch, cw) in pairs {
                for (&x, &w) in ch.columns.as_slice()[q].iter().zip(&cw.fin) {
                    let r = w / max;
                    c.tot += r;
                    c.rx += r * x;
                    if w > 0.0 {
                        c.support = (c.support.0.min(x), c.support.1.max(x));
                    }
                    if r > 0.0 {
                        if let Some(s) = &mut c.select {
                            s.feed_first(x, weight_units(r));
                        }
                    }
                }
            }
        });
        let ends = &self.ends;
        self.claims
            .par_iter_mut()
            .enumerate()
            .for_each(|(k, (p, run))| {
                for (ch, cw) in pairs {
                    for (&w, &f) in cw.fin.iter().zip(&ch.claims.as_slice()[k]) {
                        let r = w / max;
                        *p = (p.0 + r, if f != 0 { p.1 + r } else { p.1 });
                        run.add(ends, w, f);
                    }
                }
            });
        for ((m, v), acc) in self.limits.iter().zip(&mut self.binds) {
            for (ch, cw) in pairs {
                let (a, b) = (&ch.columns[*m], &ch.columns[*v]);
                for ((x, y), &w) in a.iter().zip(b).zip(&cw.fin) {
                    if x <= y {
                        *acc += w;
                    }
                }
            }
        }
    }

    fn feed_later(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        let max = 1.0 / self.prefixes[self.prefixes.len() - 1].total;
        let sixth = self.stage == 6;
        self.cols.par_iter_mut().enumerate().for_each(|(q, c)| {
            for (ch, cw) in pairs {
                for (&x, &w) in ch.columns.as_slice()[q].iter().zip(&cw.fin) {
                    let r = w / max;
                    if sixth {
                        c.ss = (c.ss.0 + r * (x - c.mean) * (x - c.mean), c.ss.1 + r * r);
                    }
                    if r > 0.0 {
                        if let Some(s) = c.select.as_mut().filter(|s| s.needs_pass()) {
                            s.feed(x, weight_units(r));
                        }
                    }
                    if let Some((t, _, _)) = &mut c.hist {
                        t.add(x, w);
                    }
                    if let Some(e) = &mut c.exceed {
                        e.feed(x, weight_units(r));
                    }
                }
            }
        });
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

    /// The evidence's results (after the last pass).
    pub(super) fn finish(self, scenario: &Scenario) -> Weighted {
        let last = self.prefixes.len() - 1;
        let ess = self.ess(last);
        let cum: Vec<f64> = (0..self.prefixes.len()).map(|k| self.ess(k)).collect();
        let n = self.n as f64;
        let quantities = self
            .cols
            .into_iter()
            .map(|c| {
                let (all, curves) = c.result.expect("every pass done");
                let (tot, (ss, r2)) = (c.tot, c.ss);
                let correction = 1.0 - r2 / (tot * tot);
                let sd = if correction > 0.0 {
                    (ss / tot / correction).sqrt()
                } else {
                    f64::NAN
                };
                (stats_from((c.mean, sd), c.support, &all[..27], ess), curves)
            })
            .collect();
        let claims = self
            .claims
            .into_iter()
            .map(|((t, h), run)| (Proportion::new(h / t, ess), run.points))
            .collect();
        let mut entries = Vec::new();
        for (k, e) in self.entries.iter().enumerate() {
            let step = |j: usize, c: usize| -> f64 {
                if j == 0 {
                    self.held[c] as f64 / n
                } else {
                    let (t, h) = self.prefixes[j - 1].steps[c];
                    h / t
                }
            };
            let claims = self.held.len();
            let bayes: Vec<BayesFactor> = e
                .bayes
                .iter()
                .zip(&e.errors)
                .map(|(b, err)| b.finish(err.as_ref().map_or(0.0, ErrorSums::se)))
                .collect();
            entries.push(effect(
                scenario,
                k,
                (e.ess.0 * e.ess.0 / e.ess.1, cum[k]),
                (
                    (0..claims).map(|c| step(k, c)).collect(),
                    (0..claims).map(|c| step(k + 1, c)).collect(),
                ),
                bayes,
            ));
        }
        Weighted {
            quantities,
            claims,
            ess,
            entries,
            binds: self.limits.into_iter().zip(self.binds).collect(),
        }
    }
}
