//! Unweighted summaries of every quantity and claim: the forward simulation.

use crate::engine::Draws;
use crate::model::{IdVec, QuantityId, QuantityKind};
use crate::results::{ClaimResult, Proportion, QuantityResult, QuantityStats, Threshold};
use crate::scenario::Scenario;
use crate::stats::proportion;
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
            let own = q.kind == QuantityKind::Model
                || scenario
                    .claims
                    .iter()
                    .any(|c| c.references.contains(&q.name));
            (own && q.chart) || scenario.charts.iter().any(|c| c.quantities.contains(&id))
        })
        .collect()
}

/// Every quantity's forward summary (and curves, where charted).
pub(super) fn quantities(
    scenario: &Scenario,
    draws: &Draws,
    curves: super::Curves,
) -> IdVec<QuantityId, QuantityResult> {
    let charted = match curves {
        super::Curves::Charted => charted(scenario),
        super::Curves::All => scenario.quantities.map(|_| true),
        super::Curves::None => scenario.quantities.map(|_| false),
    };
    let per_column = summarise_columns(draws.columns.as_slice(), charted.as_slice());
    scenario
        .quantities
        .iter()
        .zip(per_column)
        .map(|(q, (stats, curves))| QuantityResult {
            name: q.name.clone(),
            kind: q.kind,
            expr: q.expr.clone(),
            unit: q.unit.clone(),
            source: q.source.clone(),
            note: q.note.clone(),
            forward: QuantityStats::from_column(&stats),
            posterior: None,
            curves,
            posterior_curves: None,
            chart: q.chart,
            report: q.report,
        })
        .collect()
}

/// Every claim's forward estimate.
pub(super) fn claims(
    scenario: &Scenario,
    draws: &Draws,
) -> IdVec<crate::model::ClaimId, ClaimResult> {
    let id = |name: &str| scenario.program.quantity(name).expect("validated name");
    scenario
        .claims
        .iter()
        .zip(&draws.claims)
        .map(|(c, flags)| {
            let (probability, _) = proportion(flags);
            ClaimResult {
                id: c.id.clone(),
                text: c.text.clone(),
                holds_if: c.holds_if.clone(),
                source: c.source.clone(),
                references: c.references.iter().map(|r| id(r)).collect(),
                threshold: c.threshold.as_ref().map(|(q, value, side)| Threshold {
                    quantity: id(q),
                    value: *value,
                    side: *side,
                }),
                forward: Proportion::new(probability, draws.samples as f64),
                posterior: None,
                convergence: Vec::new(),
            }
        })
        .collect()
}

/// Summaries of every column, with curves for the charted ones (the others get empty curves).
fn summarise_columns(columns: &[Vec<f64>], charted: &[bool]) -> Vec<(ColumnStats, QuantityCurves)> {
    columns
        .par_iter()
        .zip(charted)
        .map(|(col, &with_curves)| {
            let mut scratch = Vec::new();
            if with_curves {
                summarize_with_curves(col, &mut scratch)
            } else {
                (summarize(col, &mut scratch), QuantityCurves::empty())
            }
        })
        .collect()
}
