//! Unweighted summaries of every quantity and claim: the forward simulation.

use super::RunFacts;
use crate::engine::Draws;
use crate::model::QuantityKind;
use crate::results::{
    ChartData, ClaimMarker, ClaimSummary, QuantileErrors, QuantityCurves, QuantitySummary,
    SourceSummary, Summary,
};
use crate::scenario::Scenario;
use crate::stats::proportion;
use crate::stats::{summarize, summarize_with_curves, ColumnStats};
use rayon::prelude::*;

/// Extra memory the summaries need while running, in bytes: each column's scratch holds only
/// the draws that fall in the histogram bins of the wanted order statistics, a small share of
/// the column except for quantities with a few values repeated many times. Budgeted as one
/// tenth of a column per thread.
pub fn stats_scratch_bytes(samples: u64, threads: usize) -> u64 {
    samples.saturating_mul(8) / 10 * threads.max(1) as u64
}

/// Summarises every quantity and claim of a run, unweighted.
pub(super) fn forward(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
) -> (Summary, ChartData) {
    let charted: Vec<bool> = scenario
        .quantities
        .iter()
        .map(|q| {
            q.kind == QuantityKind::Model
                || scenario
                    .claims
                    .iter()
                    .any(|c| c.references.contains(&q.name))
        })
        .collect();
    let per_column = summarise_columns(draws.columns.as_slice(), &charted);
    let mut quantities = indexmap::IndexMap::new();
    let mut curves = indexmap::IndexMap::new();
    for (q, (stats, c)) in scenario.quantities.iter().zip(per_column) {
        quantities.insert(q.name.clone(), quantity_summary(q, &stats));
        curves.insert(q.name.clone(), c);
    }
    let claims: Vec<ClaimSummary> = scenario
        .claims
        .iter()
        .zip(&draws.claims)
        .map(|(c, flags)| {
            let (probability, mcse) = proportion(flags);
            ClaimSummary {
                id: c.id.clone(),
                text: c.text.clone(),
                holds_if: c.holds_if.clone(),
                source: c.source.clone(),
                references: c.references.clone(),
                probability,
                mcse,
                prior_probability: None,
                prior_mcse: None,
            }
        })
        .collect();
    let claim_markers = scenario
        .claims
        .iter()
        .zip(&claims)
        .filter_map(|(c, s)| {
            let (quantity, threshold, side) = c.threshold.clone()?;
            Some(ClaimMarker {
                claim_id: c.id.clone(),
                quantity,
                threshold,
                side,
                probability: s.probability,
            })
        })
        .collect();
    let summary = Summary {
        shellcount_version: env!("CARGO_PKG_VERSION").to_string(),
        title: scenario.title.clone(),
        description: scenario.description.clone(),
        scenario_file: scenario.file_name.clone(),
        scenario_sha256: scenario.sha256.clone(),
        seed: facts.seed,
        samples: facts.samples,
        sampling: "mc".to_string(),
        sources: scenario
            .sources
            .iter()
            .map(|s| SourceSummary {
                id: s.id.clone(),
                cite: s.cite.clone(),
                url: s.url.clone(),
            })
            .collect(),
        quantities,
        claims,
        // Filled by the later stages of the analysis.
        ..Default::default()
    };
    (
        summary,
        ChartData {
            quantities: curves,
            claim_markers,
            ..Default::default()
        },
    )
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

/// The nine quantile errors, in [`crate::stats::SUMMARY_PROBS`] order, as a struct.
pub(super) fn quantile_errors(se: &[f64; 9]) -> QuantileErrors {
    QuantileErrors {
        p1: se[0],
        p5: se[1],
        p10: se[2],
        p25: se[3],
        p50: se[4],
        p75: se[5],
        p90: se[6],
        p95: se[7],
        p99: se[8],
    }
}

pub(super) fn quantity_summary(q: &crate::scenario::Quantity, s: &ColumnStats) -> QuantitySummary {
    let p = s.quantiles;
    QuantitySummary {
        kind: q.kind,
        expr: q.expr.clone(),
        unit: q.unit.clone(),
        source: q.source.clone(),
        note: q.note.clone(),
        mean: s.mean,
        sd: s.sd,
        min: s.min,
        max: s.max,
        p1: p[0],
        p5: p[1],
        p10: p[2],
        p25: p[3],
        p50: p[4],
        p75: p[5],
        p90: p[6],
        p95: p[7],
        p99: p[8],
        mcse_mean: s.mcse_mean,
        mcse_quantiles: quantile_errors(&s.quantile_se),
    }
}
