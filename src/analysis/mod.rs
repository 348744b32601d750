//! From draws to the run's one typed result ([`RunResult`]): summaries of every quantity and
//! claim (before and after evidence), sensitivity and value of information, convergence,
//! capacity and lots from the compiled model, warnings; and `--precision`'s rounds of drawing.
//!
//! ```text
//! draws ─┬─ quantities.rs   forward summaries and curves of quantities and claims
//!        ├─ weighted.rs     evidence weights; summaries after the evidence (the posterior);
//!        │                  Bayes factors of each report for each claim
//!        ├─ sensitivity.rs  Spearman, Sobol (given-data first order; Saltelli/Jansen totals), swing,
//!        │                  VOI; after the evidence when there is evidence (totals before it)
//!        ├─ convergence.rs  running claim estimates
//!        ├─ capacity.rs     capacity functions and limits used by the model; which limit binds
//!        ├─ lots.rs         the [shipment] lots, from the shipment plan
//!        └─ warnings.rs     what the reader must know, as typed warnings
//! precision.rs              --precision: draw in rounds until every claim's error is small enough
//! ```

mod capacity;
mod convergence;
mod design;
mod indexed;
mod lots;
mod precision;
mod quantities;
mod sensitivity;
mod streaming;
mod warnings;
mod weighted;

use crate::engine::{Draws, EngineError, Sampling};
use crate::results::{
    CorrelationResult, OverrideInfo, PrecisionResult, RunInfo, RunResult, SourceInfo,
};
use crate::scenario::Scenario;

pub use design::trace_rows;
pub use precision::{draw_to_precision, wilson_error, PrecisionGoal};
pub use quantities::stats_scratch_bytes;
pub use streaming::{
    analyse_streaming, analyse_streaming_with, stream_to_precision, streaming_bytes, Streaming,
    GATHER_VALUES,
};

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
    pub precision: Option<PrecisionResult>,
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
    /// What read the streamed draws (`samples.csv`) could not write them.
    #[error("{0:#}")]
    Write(anyhow::Error),
}

/// Which quantities get a histogram and an exceedance curve in the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curves {
    /// Those the charts of a run draw.
    Charted,
    /// Every quantity (a comparison overlays any of them).
    All,
    /// None (the points of a sweep: only their summaries are used).
    None,
}

/// Summarises a run into its typed result.
///
/// # Errors
/// [`AnalysisError::Evidence`] when the evidence rules out every draw;
/// [`AnalysisError::Engine`] when a sensitivity design run fails.
pub fn analyse(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
) -> Result<RunResult, AnalysisError> {
    analyse_with(scenario, draws, facts, Curves::Charted)
}

/// [`analyse`], choosing which quantities get curves; every summary is the same whatever the
/// choice (the curves come from the same exact order statistics).
///
/// # Errors
/// As [`analyse`].
pub fn analyse_with(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
    curves: Curves,
) -> Result<RunResult, AnalysisError> {
    analyse_beside(scenario, draws, facts, curves, |_| ()).map(|(r, ())| r)
}

/// [`analyse_with`], running `beside` on the cores the sensitivity analysis leaves idle: it gets
/// the result before the sensitivity analysis (`sensitivity` is `None`; everything else as in
/// the returned result except the warnings, which may speak of the sensitivity) while that
/// analysis runs, e.g. to draw the charts that do not show it. Neither the sensitivity analysis
/// nor the summaries keep both cores busy throughout (its design runs are small, their columns
/// few), so they overlap instead of following each other: without evidence the sensitivity
/// analysis, which then needs only the draws, runs beside the summaries and `beside`; with
/// evidence it needs the posterior weights, and runs beside `beside` alone.
///
/// # Errors
/// As [`analyse`]; `beside` runs only when the evidence leaves some draws.
pub fn analyse_beside<T: Send>(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
    curves: Curves,
    beside: impl FnOnce(&RunResult) -> T + Send,
) -> Result<(RunResult, T), AnalysisError> {
    let (sensitivity, (mut result, side)) = if scenario.evidence.is_empty() {
        let (sensitivity, summarised) = rayon::join(
            || sensitivity::sensitivity(scenario, draws, facts, None),
            || {
                summarise(scenario, draws, facts, curves).map(|r| {
                    let side = beside(&r);
                    (r, side)
                })
            },
        );
        (sensitivity, summarised?)
    } else {
        let result = summarise(scenario, draws, facts, curves)?;
        let weights = result.posterior.as_ref().map(|p| p.weights.as_slice());
        let (sensitivity, side) = rayon::join(
            || sensitivity::sensitivity(scenario, draws, facts, weights),
            || beside(&result),
        );
        (sensitivity, (result, side))
    };
    result.sensitivity = sensitivity?;
    result.warnings = warnings::collect(scenario, &result);
    Ok((result, side))
}

/// Everything of a run's result but the sensitivity analysis (`sensitivity` is `None`, and the
/// warnings are those of a result without it).
fn summarise(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
    curves: Curves,
) -> Result<RunResult, AnalysisError> {
    let mut quantities = quantities::quantities(scenario, draws, curves);
    let mut claims = quantities::claims(scenario, draws);
    let posterior = if scenario.evidence.is_empty() {
        None
    } else {
        Some(weighted::apply(
            scenario,
            draws,
            &mut quantities,
            &mut claims,
        )?)
    };
    let weights = posterior.as_ref().map(|p| p.weights.as_slice());
    convergence::fill(&mut claims, draws, weights);
    let capacity = capacity::capacity(scenario, draws, weights);
    Ok(assemble(
        scenario,
        facts,
        Parts {
            quantities,
            claims,
            sensitivity: None,
            correlation: correlation(scenario, draws),
            capacity,
            posterior,
        },
    ))
}

/// What the analysis computed from the draws, for [`assemble`].
struct Parts {
    quantities: crate::model::IdVec<crate::model::QuantityId, crate::results::QuantityResult>,
    claims: crate::model::IdVec<crate::model::ClaimId, crate::results::ClaimResult>,
    sensitivity: Option<crate::results::SensitivityResult>,
    correlation: Option<CorrelationResult>,
    capacity: crate::results::Capacity,
    posterior: Option<crate::results::Posterior>,
}

/// The run's result from its parts, with what comes from the scenario alone and the warnings.
fn assemble(scenario: &Scenario, facts: &RunFacts, parts: Parts) -> RunResult {
    let mut result = RunResult {
        run: run_info(scenario, facts),
        sources: scenario
            .sources
            .iter()
            .map(|s| SourceInfo {
                id: s.id.clone(),
                cite: s.cite.clone(),
                url: s.url.clone(),
                date: s.date.clone(),
            })
            .collect(),
        quantities: parts.quantities,
        claims: parts.claims,
        sensitivity: parts.sensitivity,
        precision: facts.precision.clone(),
        correlation: parts.correlation,
        capacity: parts.capacity,
        lots: lots::lots(scenario),
        posterior: parts.posterior,
        warnings: Vec::new(),
        custom_charts: scenario.charts.clone(),
        indexed: Vec::new(),
    };
    result.indexed = indexed::indexed(scenario, &result.claims);
    result.warnings = warnings::collect(scenario, &result);
    result
}

fn run_info(scenario: &Scenario, facts: &RunFacts) -> RunInfo {
    RunInfo {
        shellcount_version: env!("CARGO_PKG_VERSION").to_string(),
        title: scenario.title.clone(),
        description: scenario.description.clone(),
        scenario_file: scenario.file_name.clone(),
        scenario_sha256: scenario.sha256.clone(),
        seed: facts.seed,
        samples: facts.samples,
        sampling: facts.sampling,
        overrides: scenario
            .overrides
            .iter()
            .map(|o| OverrideInfo {
                name: o.name.clone(),
                expr: o.expr.clone(),
                was: o.was.clone(),
                set_by: o.flag.to_string(),
                note: o.note.clone(),
            })
            .collect(),
        memory: Default::default(),
    }
}

/// Requested, adjusted and achieved rank correlations, when the scenario has `[correlation]`.
fn correlation(scenario: &Scenario, draws: &Draws) -> Option<CorrelationResult> {
    let c = scenario.correlation.as_ref()?;
    let inputs: Vec<_> = c
        .inputs
        .iter()
        .map(|n| scenario.program.quantity(n).expect("validated"))
        .collect();
    let cols: Vec<&[f64]> = inputs
        .iter()
        .map(|&q| &draws.columns[q][..draws.samples.min(1_000_000)])
        .collect();
    Some(CorrelationResult {
        requested: c
            .adjusted
            .as_ref()
            .map_or_else(|| c.requested.clone(), |a| a.requested.clone()),
        adjusted: c.adjusted.as_ref().map(|_| c.requested.clone()),
        achieved: crate::correlation::achieved_spearman(&cols),
        inputs,
    })
}
