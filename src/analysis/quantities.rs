//! Unweighted summaries of every quantity and claim: the forward simulation.

use crate::engine::Draws;
use crate::model::{IdVec, QuantityId, QuantityKind};
use crate::results::{ClaimResult, Interval, Proportion, QuantityResult, QuantityStats, Threshold};
use crate::scenario::Scenario;
use crate::stats::proportion_of_count;
use crate::stats::{summarize, summarize_with_curves, ColumnStats, QuantityCurves};
use rayon::prelude::*;

/// Extra memory the summaries need while running, in bytes: each column's scratch holds only
/// the draws that fall in the histogram bins of the wanted order statistics, a small share of
/// the column except for quantities with a few values repeated many times. Budgeted as one
/// tenth of a column per thread.
pub fn stats_scratch_bytes(samples: u64, threads: usize) -> u64 {
    (samples.saturating_mul(8) / 10).saturating_mul(threads.max(1) as u64)
}

/// Whether each quantity is charted: model quantities (histograms) and quantities a claim
/// references (exceedance curves), unless the scenario says `chart = false`; and every quantity
/// a `[[chart]]` draws.
fn charted(scenario: &Scenario) -> IdVec<QuantityId, bool> {
    scenario
        .quantities
        .iter_enumerated()
        .map(|(id, q)| {
            // An indexed quantity is charted once, as a fan chart; its elements are not.
            let element = scenario.program.element(id).is_some();
            let own = q.kind == QuantityKind::Model
                || scenario
                    .claims
                    .iter()
                    .any(|c| c.references.contains(&q.name));
            !element
                && ((own && q.chart) || scenario.charts.iter().any(|c| c.quantities.contains(&id)))
        })
        .collect()
}

/// Every quantity's forward summary (and curves, where charted).
pub(super) fn quantities(
    scenario: &Scenario,
    draws: &Draws,
    curves: super::Curves,
) -> IdVec<QuantityId, QuantityResult> {
    let charted = with_curves(scenario, curves);
    let log: Vec<bool> = scenario.quantities.iter().map(|q| q.log).collect();
    let per_column = summarise_columns(draws.columns.as_slice(), charted.as_slice(), &log);
    scenario
        .quantities
        .iter()
        .zip(per_column)
        .map(|(q, (stats, curves))| quantity_result(q, &stats, curves))
        .collect()
}

/// Which quantities get curves.
pub(super) fn with_curves(scenario: &Scenario, curves: super::Curves) -> IdVec<QuantityId, bool> {
    match curves {
        super::Curves::Charted => charted(scenario),
        super::Curves::All => scenario.quantities.map(|_| true),
        super::Curves::None => scenario.quantities.map(|_| false),
    }
}

/// One quantity's forward result from its summary and curves.
pub(super) fn quantity_result(
    q: &crate::scenario::Quantity,
    stats: &ColumnStats,
    curves: QuantityCurves,
) -> QuantityResult {
    QuantityResult {
        name: q.name.clone(),
        kind: q.kind,
        expr: q.expr.clone(),
        unit: q.unit.clone(),
        source: q.source.clone(),
        note: q.note.clone(),
        label: q.label.clone(),
        log: q.log,
        forward: QuantityStats::from_column(stats),
        posterior: None,
        curves,
        posterior_curves: None,
        chart: q.chart,
        report: q.report,
    }
}

/// Every claim's forward estimate.
pub(super) fn claims(
    scenario: &Scenario,
    draws: &Draws,
) -> IdVec<crate::model::ClaimId, ClaimResult> {
    let held: Vec<u64> = draws
        .claims
        .iter()
        .map(|flags| flags.iter().filter(|&&f| f != 0).count() as u64)
        .collect();
    claims_from_counts(scenario, &held, draws.samples as u64)
}

/// Every claim's forward estimate from the number of draws on which it held, `held[c]`, out
/// of `n`.
pub(super) fn claims_from_counts(
    scenario: &Scenario,
    held: &[u64],
    n: u64,
) -> IdVec<crate::model::ClaimId, ClaimResult> {
    let id = |name: &str| scenario.program.quantity(name).expect("validated name");
    scenario
        .claims
        .iter()
        .zip(held)
        .zip(scenario.program.claims.iter())
        .map(|((c, &held), node)| {
            let (probability, _) = proportion_of_count(held, n);
            ClaimResult {
                id: c.id.clone(),
                text: c.text.clone(),
                holds_if: c.holds_if.clone(),
                source: c.source.clone(),
                label: c.label.clone(),
                group: c.group.clone(),
                references: c.references.iter().map(|r| id(r)).collect(),
                threshold: c.threshold.as_ref().map(|(q, value, side)| Threshold {
                    quantity: id(q),
                    value: *value,
                    side: *side,
                }),
                interval: crate::model::bounds::interval(node).map(|(quantity, lo, hi)| Interval {
                    quantity,
                    lo,
                    hi,
                }),
                forward: Proportion::new(probability, n as f64),
                posterior: None,
                convergence: Vec::new(),
            }
        })
        .collect()
}

/// Summaries of every column, with curves for the charted ones (the others get empty curves).
fn summarise_columns(
    columns: &[Vec<f64>],
    charted: &[bool],
    log: &[bool],
) -> Vec<(ColumnStats, QuantityCurves)> {
    columns
        .par_iter()
        .zip(charted)
        .zip(log)
        .map(|((col, &with_curves), &log)| {
            let mut scratch = Vec::new();
            if with_curves {
                summarize_with_curves(col, &mut scratch, log)
            } else {
                (summarize(col, &mut scratch), QuantityCurves::empty())
            }
        })
        .collect()
}
