//! From draws to results: summaries of every quantity and claim (before and after evidence),
//! sensitivity and value of information, convergence, and chart data.
//!
//! ```text
//! draws ─┬─ quantities.rs   unweighted summaries and curves (the forward simulation)
//!        ├─ weighted.rs     evidence weights; summaries after the evidence
//!        ├─ sensitivity.rs  Spearman, Sobol (given-data first order; Saltelli/Jansen totals), swing, VOI
//!        └─ convergence.rs  running claim estimates
//! ```

mod capacity;
mod convergence;
mod quantities;
mod sensitivity;
mod weighted;

use crate::engine::Sampling;
use crate::engine::{Draws, EngineError};
use crate::results::{ChartData, CorrelationSummary, PrecisionSummary, Summary};
use crate::scenario::Scenario;

pub use quantities::stats_scratch_bytes;

/// How a run was configured, and what the analysis may spend.
#[derive(Debug, Clone)]
pub struct RunFacts {
    /// Seed used.
    pub seed: u64,
    /// Draws taken.
    pub samples: u64,
    /// Sampling method.
    pub sampling: Sampling,
    /// Most draws used for the given-data sensitivity measures (the first draws of the run).
    pub sensitivity_draws: usize,
    /// Base size of the Saltelli design for total-order indices (0: skip).
    pub saltelli_base: usize,
    /// What `--precision` reached, if used.
    pub precision: Option<PrecisionSummary>,
}

/// Why the analysis failed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The evidence cannot be combined with the draws (e.g. no draw is consistent with it).
    #[error("{0}")]
    Evidence(String),
    /// A sensitivity design run failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// Summarises a run.
///
/// # Errors
/// [`AnalysisError::Evidence`] when the evidence rules out every draw.
pub fn analyse(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
) -> Result<(Summary, ChartData), AnalysisError> {
    let (mut summary, mut data) = quantities::forward(scenario, draws, facts);
    summary.sampling = facts.sampling.name().to_string();
    summary.precision = facts.precision.clone();
    sensitivity::fill(scenario, draws, facts, &mut summary)?;
    if let Some(c) = &scenario.correlation {
        let cols: Vec<&[f64]> = c
            .inputs
            .iter()
            .map(|n| {
                let q = scenario.program.quantity(n).expect("validated");
                &draws.columns[q][..draws.samples.min(1_000_000)]
            })
            .collect();
        summary.correlation = Some(CorrelationSummary {
            inputs: c.inputs.clone(),
            requested: c.requested.clone(),
            achieved: crate::correlation::achieved_spearman(&cols),
            adjusted: c.adjusted.clone(),
        });
        if let Some(a) = &c.adjusted {
            summary.warnings.push(a.clone());
        }
    }
    let weights = if scenario.evidence.is_empty() {
        None
    } else {
        Some(weighted::apply(scenario, draws, &mut summary, &mut data)?)
    };
    data.convergence = convergence::series(scenario, draws, weights.as_deref());
    summary.capacity = capacity::checks(scenario, draws, weights.as_deref());
    Ok((summary, data))
}
