//! Conditioning on evidence by importance weighting: the weights, the results after the
//! evidence, and what each report did.
//!
//! Each entry's likelihood L_i on draw i (density or probability of the observation, or 1/0
//! for a reported bound) becomes a weight `t·L_i + (1 − t)·mean(L)` for trust t (see
//! `crate::evidence::evidence_weights`); entries multiply. Quantities and claims after the
//! evidence are weighted summaries of the same draws, kept beside the forward ones
//! (`posterior` next to `forward` in the results). Each entry's Bayes factor for each claim
//! comes from its own weights on the forward draws (`crate::evidence::bayes_factor`).

use super::AnalysisError;
use crate::engine::Draws;
use crate::evidence::{
    bayes_factor, combine, ess, evidence_weights, sequential_effect, weighted_mean_sd,
    weighted_proportion, weighted_quantiles, BayesFactor,
};
use crate::model::{ClaimId, IdVec, QuantityId};
use crate::results::{
    ClaimResult, EvidenceResult, Histogram, Percentiles, Posterior, Proportion, QuantityCurves,
    QuantityResult, QuantityStats, StatsStatus,
};
use crate::scenario::Scenario;
use crate::stats::{
    count_histogram, histogram_layout, weight_units, Exceedance, Spread, SUMMARY_PROBS,
};

/// Per-entry weights from the log-likelihood columns.
fn entry_weights(scenario: &Scenario, draws: &Draws) -> Result<Vec<Vec<f64>>, AnalysisError> {
    scenario
        .evidence
        .iter()
        .zip(&draws.log_likelihoods)
        .map(|(e, ll)| {
            let top = ll.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if top == f64::NEG_INFINITY {
                return Err(AnalysisError::Evidence(format!(
                    "evidence `{}` ({}) is impossible on every draw: no draw of the model is consistent with it; check its units and the ranges of the quantities it uses",
                    e.id, e.expr
                )));
            }
            let l: Vec<f64> = ll.iter().map(|&v| (v - top).exp()).collect();
            evidence_weights(&l, e.trust).map_err(|err| AnalysisError::Evidence(format!("evidence `{}`: {err}", e.id)))
        })
        .collect()
}

/// The normalised weights of all evidence together and the per-entry weights.
pub(super) fn weights(
    scenario: &Scenario,
    draws: &Draws,
) -> Result<(Vec<f64>, Vec<Vec<f64>>), AnalysisError> {
    let entries = entry_weights(scenario, draws)?;
    let w = combine(&entries)
        .map_err(|e| AnalysisError::Evidence(format!("the evidence together: {e}")))?;
    Ok((w, entries))
}

/// Applies the evidence: sets every quantity's and claim's `posterior` (and the curves of the
/// charted quantities) and returns the posterior with its weights.
pub(super) fn apply(
    scenario: &Scenario,
    draws: &Draws,
    quantities: &mut IdVec<QuantityId, QuantityResult>,
    claims: &mut IdVec<ClaimId, ClaimResult>,
) -> Result<Posterior, AnalysisError> {
    let (w, entries) = weights(scenario, draws)?;
    let final_ess = ess(&w);
    for (col, q) in draws.columns.iter().zip(quantities.iter_mut()) {
        let (stats, min, max) = weighted_stats(col, &w, final_ess);
        q.posterior = Some(stats);
        if !q.curves.exceedance.is_empty() {
            let (log, integer) = (q.log, q.curves.histogram.integer);
            q.posterior_curves = Some(weighted_curves(col, &w, (min, max), log, integer));
        }
    }
    for (c, flags) in claims.iter_mut().zip(&draws.claims) {
        let (probability, _) = weighted_proportion(flags, &w);
        c.posterior = Some(Proportion::new(probability, final_ess));
    }
    Ok(Posterior {
        ess: final_ess,
        entries: effects(scenario, draws, &entries)?,
        weights: w,
    })
}

/// Weighted summary of one column, with the smallest and largest draw of positive weight.
fn weighted_stats(col: &[f64], w: &[f64], ess: f64) -> (QuantityStats, f64, f64) {
    let (mean, sd) = weighted_mean_sd(col, w);
    let all = weighted_quantiles(col, w, &stats_probs(ess));
    let support = col
        .iter()
        .zip(w)
        .filter(|(_, &wi)| wi > 0.0)
        .map(|(&x, _)| x);
    let (min, max) = support.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    (stats_from((mean, sd), (min, max), &all, ess), min, max)
}

/// The probabilities a weighted summary reads, in one call (one sort): the nine quantiles,
/// then the bounds of a 95% interval for each at the effective sample size `ess`.
pub(super) fn stats_probs(ess: f64) -> Vec<f64> {
    let half = |p: f64| 1.96 * (p * (1.0 - p) / ess).sqrt();
    let mut probs = SUMMARY_PROBS.to_vec();
    probs.extend(
        SUMMARY_PROBS
            .iter()
            .flat_map(|&p| [(p - half(p)).max(0.0), (p + half(p)).min(1.0)]),
    );
    probs
}

/// The weighted summary from its mean and sd, support and the quantiles at [`stats_probs`].
pub(super) fn stats_from(
    (mean, sd): (f64, f64),
    (min, max): (f64, f64),
    all: &[f64],
    ess: f64,
) -> QuantityStats {
    let mut qs = [0.0; 9];
    qs.copy_from_slice(&all[..9]);
    let mut se = [0.0; 9];
    for (k, b) in all[9..].chunks_exact(2).enumerate() {
        se[k] = (b[1] - b[0]) / (2.0 * 1.96);
    }
    QuantityStats {
        mean,
        sd,
        min,
        max,
        percentiles: Percentiles::from_array(&qs),
        mcse_mean: sd / ess.sqrt(),
        mcse_quantiles: Percentiles::from_array(&se),
        status: StatsStatus::of(ess),
    }
}

/// Each entry's ESS alone and cumulative, and the claim probabilities as entries are added.
fn effects(
    scenario: &Scenario,
    draws: &Draws,
    entries: &[Vec<f64>],
) -> Result<Vec<EvidenceResult>, AnalysisError> {
    let steps: Vec<Vec<f64>> = draws
        .claims
        .iter()
        .map(|flags| sequential_effect(flags, entries))
        .collect::<Result<_, _>>()
        .map_err(|e| AnalysisError::Evidence(e.to_string()))?;
    let mut out = Vec::new();
    for (k, e) in scenario.evidence.iter().enumerate() {
        let cumulative =
            combine(&entries[..=k]).map_err(|err| AnalysisError::Evidence(err.to_string()))?;
        out.push(effect(
            scenario,
            k,
            (ess(&entries[k]), ess(&cumulative)),
            (
                steps.iter().map(|s| s[k]).collect(),
                steps.iter().map(|s| s[k + 1]).collect(),
            ),
            draws
                .claims
                .iter()
                .map(|flags| bayes_factor(&entries[k], flags, e.trust))
                .collect(),
        ));
    }
    Ok(out)
}

/// Entry k's effect: its ESS alone and cumulative, each claim's probability before and after
/// it, and its Bayes factors.
pub(super) fn effect(
    scenario: &Scenario,
    k: usize,
    (ess, ess_cumulative): (f64, f64),
    (before, after): (Vec<f64>, Vec<f64>),
    bayes: Vec<BayesFactor>,
) -> EvidenceResult {
    let e = &scenario.evidence[k];
    EvidenceResult {
        id: e.id.clone(),
        source: e.source.clone(),
        kind: e.kind.to_string(),
        expr: e.expr.clone(),
        observed: e.observed,
        trust: e.trust,
        ess,
        ess_cumulative,
        probability_after: after.into(),
        probability_before: before.into(),
        bayes_factors: bayes.into(),
    }
}

/// The probabilities of the weighted curves: 0, 0.005, …, 1.
pub(super) fn curve_probs() -> Vec<f64> {
    (0..=200).map(|k| k as f64 / 200.0).collect()
}

/// The bins of the weighted histogram (chosen as for the forward draws, from the weighted
/// percentiles `xs` at [`curve_probs`]), if any.
pub(super) fn curve_bins(
    xs: &[f64],
    (min, max): (f64, f64),
    log: bool,
    integer: bool,
    n: usize,
) -> Option<(Vec<f64>, bool)> {
    let spread = Spread {
        min,
        p005: xs[1],
        p01: xs[2],
        p99: xs[198],
        p995: xs[199],
        max,
    };
    histogram_layout(spread, integer, log, n)
}

/// Weighted histogram (counts scaled to the number of draws; bins chosen as for the forward
/// draws, from the weighted percentiles) and exceedance curve (exact sums of the weights'
/// units, `crate::stats::Exceedance`).
fn weighted_curves(
    col: &[f64],
    w: &[f64],
    (min, max): (f64, f64),
    log: bool,
    integer: bool,
) -> QuantityCurves {
    let xs = weighted_quantiles(col, w, &curve_probs());
    let histogram = match curve_bins(&xs, (min, max), log, integer, col.len()) {
        Some((edges, log)) => count_histogram(col, &edges, log, integer, |i| w[i]),
        None => Histogram::empty(),
    };
    let top = w.iter().copied().fold(0.0, f64::max);
    let mut exceedance = Exceedance::new(xs);
    for (&x, &wi) in col.iter().zip(w) {
        exceedance.feed(x, weight_units(wi / top));
    }
    QuantityCurves {
        histogram,
        exceedance: exceedance.curve(),
    }
}
