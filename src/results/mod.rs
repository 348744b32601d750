//! The result of a run: one typed value ([`RunResult`]) that every output projects.
//!
//! ```text
//! RunResult
//! ├─ run, sources                 what was run: scenario, seed, draws, method, citations
//! ├─ quantities: IdVec<QuantityId, QuantityResult>   forward stats (+ posterior, curves)
//! ├─ claims: IdVec<ClaimId, ClaimResult>             forward estimate (+ posterior, convergence)
//! ├─ posterior                    the evidence: importance weights, ESS, each report's effect
//! ├─ sensitivity                  Spearman, Sobol, swing, value of information, with their Basis
//! ├─ precision, correlation, capacity, lots          what only some runs have (from the model)
//! └─ warnings: Vec<Warning>       typed: kind, the claim it concerns, the data
//! ```
//!
//! Quantities and claims live in separate tables indexed by typed ids, so a claim whose id equals
//! a quantity's name is kept apart everywhere. Which draws a number comes from (before or after
//! the evidence) is in its type: `forward` / `posterior`, and [`Basis`] for sensitivity.
//! `summary.json` is one projection of this value (`output::summary`); the terminal, report,
//! charts and `samples.csv` are the others. Nothing here holds timings or timestamps.

mod claim;
mod evidence;
mod features;
mod indexed;
mod quantity;
mod sensitivity;
mod warning;

pub use claim::{
    wilson_error, wilson_interval, zero_event_bound, ClaimResult, Interval, Proportion, Threshold,
    MIN_VERDICT_DRAWS,
};
pub use evidence::{BayesFactor, BayesStatus, EvidenceResult, Posterior};
pub use features::{
    Capacity, CapacityCheck, CapacityKind, ClaimedLoad, CorrelationResult, Lot, PrecisionResult,
    PRECISION_RULE,
};
pub use indexed::{ClaimPoint, EvidencePoint, IndexedResult};
pub use quantity::{Percentiles, QuantityResult, QuantityStats, StatsStatus};
pub use sensitivity::{
    key, Basis, Driver, DriverKind, Estimate, Index, IndexKind, OutputSensitivity, OutputState,
    Sensitivity, SensitivityMethod, SensitivityResult, Status, Swing, Voi,
};
pub use warning::{Warning, LOW_SAMPLES};

pub use crate::engine::Sampling;
pub use crate::model::{ClaimId, IdVec, Output, QuantityId, QuantityKind, Side};
pub use crate::scenario::{ChartSpec, CustomKind};
pub use crate::stats::{Histogram, QuantityCurves};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a run held its draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MemoryMode {
    /// Every draw kept in memory.
    #[default]
    InMemory,
    /// Streamed through memory in batches, regenerated for each extra pass (`--low-memory`,
    /// or when the draws do not fit).
    Streaming {
        /// Passes over the draws (the run itself and its regenerations).
        passes: u32,
        /// Whether the mode was chosen because the draws did not fit (not asked for).
        automatic: bool,
    },
}

/// What was run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    /// Version of shellcount that produced the result.
    pub shellcount_version: String,
    /// Scenario title.
    pub title: String,
    /// Scenario description, if any.
    pub description: Option<String>,
    /// File name of the scenario (no folder).
    pub scenario_file: String,
    /// Lower-case hex SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// Seed of the random streams.
    pub seed: u64,
    /// Number of draws.
    pub samples: u64,
    /// Sampling method.
    pub sampling: Sampling,
    /// Definitions this run replaced (`--set`, a sweep point), in the order given.
    pub overrides: Vec<OverrideInfo>,
    /// Whether every draw was kept in memory or streamed (`--low-memory`).
    pub memory: MemoryMode,
}

/// One definition a run replaced (`--set NAME=EXPR`, or a sweep point).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OverrideInfo {
    /// What was replaced: a quantity name or a `[shipment]` key.
    pub name: String,
    /// The definition used in this run.
    pub expr: String,
    /// The definition in the scenario file (a catalogue field: the catalogue's).
    pub was: String,
    /// How it was given: `--set`, `--sweep`, `--solve` or `[sweep]`.
    pub set_by: String,
    /// What else changed, e.g. correlations that no longer apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A `[[source]]` entry as written in the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceInfo {
    /// Identifier referenced by inputs and claims.
    pub id: String,
    /// Human-readable citation.
    pub cite: String,
    /// Address of the source, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Date of the source as written (e.g. `2024-02-26`), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Everything a run found.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// What was run.
    pub run: RunInfo,
    /// Sources cited by the scenario, in file order.
    pub sources: Vec<SourceInfo>,
    /// Every input and model quantity (inputs first, each in file order).
    pub quantities: IdVec<QuantityId, QuantityResult>,
    /// Every claim, in file order.
    pub claims: IdVec<ClaimId, ClaimResult>,
    /// The evidence and its weights, when the scenario has `[[evidence]]`.
    pub posterior: Option<Posterior>,
    /// Sensitivity and value of information, when they were computed.
    pub sensitivity: Option<SensitivityResult>,
    /// What `--precision` asked for and reached, when it was used.
    pub precision: Option<PrecisionResult>,
    /// Requested and achieved correlations, when the scenario has `[correlation]`.
    pub correlation: Option<CorrelationResult>,
    /// Capacity quantities and which limit binds.
    pub capacity: Capacity,
    /// The `[shipment]` lots, in file order (empty without lots).
    pub lots: Vec<Lot>,
    /// Warnings about the numbers, in a stable order.
    pub warnings: Vec<Warning>,
    /// The charts the scenario asks for with `[[chart]]`.
    pub custom_charts: Vec<ChartSpec>,
    /// Indexed quantities (their elements are in `quantities`), in file order.
    pub indexed: Vec<IndexedResult>,
}

impl RunResult {
    /// The name of an output: a quantity's name or a claim's id.
    pub fn name(&self, output: Output) -> &str {
        match output {
            Output::Quantity(q) => &self.quantities[q].name,
            Output::Claim(c) => &self.claims[c].id,
        }
    }

    /// The name of a sensitivity driver, as every output prints it.
    pub fn driver_name(&self, d: Driver) -> &str {
        match d {
            Driver::Input(q) => &self.quantities[q].name,
            Driver::Source(s) => self
                .sensitivity
                .as_ref()
                .and_then(|x| x.sources.get(s))
                .map_or("(random source)", |x| x.name.as_str()),
        }
    }

    /// A driver's name with what it is, for prose, tables and charts: an input's name, or a
    /// random source's name followed by "(random in model)".
    pub fn driver_label(&self, d: Driver) -> String {
        match d {
            Driver::Input(_) => self.driver_name(d).to_string(),
            Driver::Source(_) => format!("{} (random in model)", self.driver_name(d)),
        }
    }

    /// The source id a driver cites, if any (`None`: an assumption without a source).
    pub fn driver_source(&self, d: Driver) -> Option<&str> {
        match d {
            Driver::Input(q) => self.quantities[q].source.as_deref(),
            // The source of the quantity the randomness is written in, if it cites one.
            Driver::Source(s) => self
                .sensitivity
                .as_ref()
                .and_then(|x| x.sources.get(s))
                .and_then(|x| self.quantities[x.quantity].source.as_deref()),
        }
    }

    /// Warnings with claims named by their ids, as printed and written.
    pub fn named_warnings(&self) -> Vec<Warning<String>> {
        self.warnings
            .iter()
            .map(|w| w.map_claim(|&c| self.claims[c].id.clone()))
            .collect()
    }

    /// The indexed quantity `q` is an element of, with its position.
    pub fn element(&self, q: QuantityId) -> Option<(&IndexedResult, usize)> {
        self.indexed
            .iter()
            .find_map(|x| x.elements.iter().position(|e| *e == q).map(|p| (x, p)))
    }

    /// Warnings about claim `c`.
    pub fn claim_warnings(&self, c: ClaimId) -> impl Iterator<Item = &Warning> {
        self.warnings.iter().filter(move |w| w.claim() == Some(&c))
    }
}
