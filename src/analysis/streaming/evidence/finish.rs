//! The evidence's results once every pass is done.

use super::Evidence;
use crate::analysis::precision::Worst;
use crate::analysis::weighted::{effect, stats_from};
use crate::evidence::{BayesFactor, ErrorSums};
use crate::model::QuantityId;
use crate::results::{EvidenceResult, Proportion, QuantityCurves, QuantityStats};
use crate::scenario::Scenario;

/// A claim's running estimate: (draws, probability, error) at each point.
type Points = Vec<(u64, f64, f64)>;

/// What the evidence adds to a streamed run's result.
pub(in crate::analysis::streaming) struct Weighted {
    /// Per quantity: the summary after the evidence, and its curves when charted.
    pub(in crate::analysis::streaming) quantities: Vec<(QuantityStats, Option<QuantityCurves>)>,
    /// Per claim: the probability after the evidence and its weighted running estimate.
    pub(in crate::analysis::streaming) claims: Vec<(Proportion, Points)>,
    pub(in crate::analysis::streaming) ess: f64,
    pub(in crate::analysis::streaming) entries: Vec<EvidenceResult>,
    /// Weighted share on which mass binds, per `(by_mass, by_volume)`.
    pub(in crate::analysis::streaming) binds: Vec<((QuantityId, QuantityId), f64)>,
}

impl Evidence {
    /// The evidence's results (after the last pass).
    pub(in crate::analysis::streaming) fn finish(self, scenario: &Scenario) -> Weighted {
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

impl Evidence {
    /// The worst claim after the evidence, once the fifth pass is done (final weights): each
    /// claim's probability and the effective sample size as [`Evidence::finish`] gives them,
    /// so the same bits as the in-memory `--precision` round measures.
    pub(in crate::analysis::streaming) fn worst(&self) -> Worst {
        let ess = self.ess(self.prefixes.len() - 1);
        let probabilities = self.claims.iter().map(|((t, h), _)| h / t);
        Worst::of_weighted(probabilities, ess, self.n as u64)
    }
}
