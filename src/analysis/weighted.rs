//! Conditioning on evidence by importance weighting: the weights, the results after the
//! evidence, and what each report did.
//!
//! Each entry's likelihood L_i on draw i (density or probability of the observation, or 1/0
//! for a reported bound) becomes a weight `t·L_i + (1 − t)·mean(L)` for trust t (see
//! `crate::evidence::evidence_weights`); entries multiply. Quantities and claims after the
//! evidence are weighted summaries of the same draws; `prior_quantities` and each claim's
//! `prior_probability` keep the forward simulation.

use super::quantities::quantile_errors;
use super::AnalysisError;
use crate::engine::Draws;
use crate::evidence::{
    combine, ess, ess_warning, evidence_weights, sequential_effect, weighted_mean_sd,
    weighted_proportion, weighted_quantiles,
};
use crate::results::{ChartData, EvidenceSummary, Histogram, QuantityCurves, Summary};
use crate::scenario::Scenario;
use crate::stats::SUMMARY_PROBS;
use indexmap::IndexMap;

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

/// Applies the evidence: rewrites `summary.quantities`/`claims` to their weighted values, keeps
/// the forward ones as prior, fills `summary.evidence` and the chart data; returns the final
/// normalised weights.
pub(super) fn apply(
    scenario: &Scenario,
    draws: &Draws,
    summary: &mut Summary,
    data: &mut ChartData,
) -> Result<Vec<f64>, AnalysisError> {
    let entries = entry_weights(scenario, draws)?;
    let w = combine(&entries)
        .map_err(|e| AnalysisError::Evidence(format!("the evidence together: {e}")))?;
    let n = draws.samples;
    let final_ess = ess(&w);
    summary.ess = Some(final_ess);
    if let Some(msg) = ess_warning(final_ess, n) {
        summary.warnings.push(msg);
    }
    summary.prior_quantities = Some(summary.quantities.clone());
    data.prior_quantities = Some(data.quantities.clone());
    // Summary quantities are in quantity-id order.
    for (col, (name, q)) in draws.columns.iter().zip(summary.quantities.iter_mut()) {
        let (mean, sd) = weighted_mean_sd(col, &w);
        // One call (one sort): the nine quantiles, then the bounds of a 95% interval for each.
        let half = |p: f64| 1.96 * (p * (1.0 - p) / final_ess).sqrt();
        let mut probs = SUMMARY_PROBS.to_vec();
        probs.extend(
            SUMMARY_PROBS
                .iter()
                .flat_map(|&p| [(p - half(p)).max(0.0), (p + half(p)).min(1.0)]),
        );
        let all = weighted_quantiles(col, &w, &probs);
        let qs = &all[..9];
        let mut se = [0.0; 9];
        for (k, b) in all[9..].chunks_exact(2).enumerate() {
            se[k] = (b[1] - b[0]) / (2.0 * 1.96);
        }
        let support = col
            .iter()
            .zip(&w)
            .filter(|(_, &wi)| wi > 0.0)
            .map(|(&x, _)| x);
        let (min, max) = support.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        (q.mean, q.sd, q.min, q.max) = (mean, sd, min, max);
        (q.p1, q.p5, q.p10, q.p25, q.p50, q.p75, q.p90, q.p95, q.p99) = (
            qs[0], qs[1], qs[2], qs[3], qs[4], qs[5], qs[6], qs[7], qs[8],
        );
        q.mcse_mean = sd / final_ess.sqrt();
        q.mcse_quantiles = quantile_errors(&se);
        if let Some(c) = data.quantities.get_mut(name) {
            if !c.exceedance.is_empty() {
                *c = weighted_curves(col, &w, min, max, c.histogram.counts.len().max(1));
            }
        }
    }
    for (c, flags) in summary.claims.iter_mut().zip(&draws.claims) {
        c.prior_probability = Some(c.probability);
        c.prior_mcse = Some(c.mcse);
        (c.probability, c.mcse) = weighted_proportion(flags, &w);
    }
    for m in data.claim_markers.iter_mut() {
        if let Some(c) = summary.claims.iter().find(|c| c.id == m.claim_id) {
            m.probability = c.probability;
        }
    }
    summary.evidence = Some(effects(scenario, draws, &entries, summary)?);
    Ok(w)
}

/// Each entry's ESS alone and cumulative, and the claim probabilities as entries are added.
fn effects(
    scenario: &Scenario,
    draws: &Draws,
    entries: &[Vec<f64>],
    summary: &Summary,
) -> Result<IndexMap<String, EvidenceSummary>, AnalysisError> {
    let mut steps: Vec<Vec<f64>> = Vec::new();
    for flags in &draws.claims {
        steps.push(
            sequential_effect(flags, entries)
                .map_err(|e| AnalysisError::Evidence(e.to_string()))?,
        );
    }
    let mut out = IndexMap::new();
    for (k, e) in scenario.evidence.iter().enumerate() {
        let cumulative =
            combine(&entries[..=k]).map_err(|err| AnalysisError::Evidence(err.to_string()))?;
        let mut effect = IndexMap::new();
        let mut after = IndexMap::new();
        for (c, s) in summary.claims.iter().zip(&steps) {
            effect.insert(c.id.clone(), s[k + 1] - s[k]);
            after.insert(c.id.clone(), s[k + 1]);
        }
        out.insert(
            e.id.clone(),
            EvidenceSummary {
                source: e.source.clone(),
                kind: e.kind.to_string(),
                expr: e.expr.clone(),
                observed: e.observed,
                trust: e.trust,
                ess: ess(&entries[k]),
                ess_cumulative: ess(&cumulative),
                effect,
                probability_after: after,
            },
        );
    }
    Ok(out)
}

/// Weighted histogram (counts scaled to the number of draws) and exceedance curve.
fn weighted_curves(col: &[f64], w: &[f64], min: f64, max: f64, bins: usize) -> QuantityCurves {
    let n = col.len() as f64;
    let total: f64 = w.iter().sum();
    let width = if max > min {
        (max - min) / bins as f64
    } else {
        0.0
    };
    let mut acc = vec![0.0; bins];
    for (&x, &wi) in col.iter().zip(w) {
        if wi > 0.0 {
            let b = if width > 0.0 {
                (((x - min) / width) as usize).min(bins - 1)
            } else {
                0
            };
            acc[b] += wi;
        }
    }
    let counts = acc.iter().map(|a| (a / total * n).round() as u64).collect();
    let probs: Vec<f64> = (0..=200).map(|k| k as f64 / 200.0).collect();
    let xs = weighted_quantiles(col, w, &probs);
    // Sort once; P(X ≥ x) is the weight from the first draw ≥ x to the end.
    let mut order: Vec<usize> = (0..col.len()).collect();
    order.sort_unstable_by(|&a, &b| col[a].total_cmp(&col[b]));
    let mut suffix = vec![0.0; order.len() + 1];
    for k in (0..order.len()).rev() {
        suffix[k] = suffix[k + 1] + w[order[k]];
    }
    let exceedance = xs
        .iter()
        .map(|&x| {
            let pos = order.partition_point(|&i| col[i] < x);
            (x, suffix[pos] / total)
        })
        .collect();
    QuantityCurves {
        histogram: Histogram {
            lo: min,
            width,
            counts,
        },
        exceedance,
    }
}
