//! `summary.json`: its schema ([`Summary`], with [`SCHEMA_VERSION`]) and the one projection of a
//! run's [`RunResult`](crate::results::RunResult) into it ([`Summary::from_result`]).
//!
//! Quantities are keyed by name and claims by id, in separate maps everywhere (`sensitivity`
//! has `quantities` and `claims`), so a claim whose id equals a quantity's name never replaces
//! it. The JSON Schema generated from these types is committed as `schema/summary.schema.json`;
//! `cargo run --example write_schema` regenerates it and a test fails when the two differ.
//! No timings or timestamps: the file is byte-identical for the same scenario, seed and samples
//! on any thread count.

mod project;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::results::{
    Basis, BayesFactor, BayesStatus, DriverKind, Index, OverrideInfo, Percentiles, QuantityKind,
    QuantityStats, Sensitivity, SensitivityMethod, SourceInfo, Status, Voi, Warning,
};

/// Version of the `summary.json` layout. 1 was the unversioned file of shellcount 0.1; 2 added
/// this field, the sources' `date`, `sensitivity` → `basis`/`quantities`/`claims`,
/// `value_of_information` → `basis`/`claims`, typed `warnings`, and capacity checks from the
/// model. 3: every index is `{value, se, status}` (resolved or why not); each output's
/// sensitivity is `{status, events, unexplained, inputs}` with the inputs in the one order;
/// `total_basis`; value of information with its standard error, flip step and detection test
/// (no `noise_floor`); claims' `mcse` is the Wilson error, with `interval`, `draws` and
/// `verdict`; `evidence` → `bayes_factor`; warnings `set_by_unsourced_assumption` and
/// `tested_against_own_source`; indexed quantities carry `index` and `by_index` (their
/// elements have no entries of their own) and `stats` is optional.
/// 4: sensitivity covers the random sources written in `[model]` as well as the inputs: each
/// entry of an output's `inputs` carries `kind` (`input` or `source`), and `unexplained` is
/// 1 − Σ first-order over both.
/// 5: each entry's `swing` is `{value, se, status}` (was a bare number): its standard error and
/// whether it is resolved (`within_noise` when its 95% interval holds 0, `too_few_draws`);
/// `status` gains those two values.
pub const SCHEMA_VERSION: u32 = 5;

/// How a streamed run held its draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MemoryModeSummary {
    /// `"streaming"`.
    pub mode: String,
    /// Passes over the draws: the run, then regenerations of its chunks from their seeded
    /// streams (exact percentiles, histograms).
    pub passes: u32,
    /// `true` when chosen because the draws did not fit in memory, `false` for `--low-memory`.
    pub automatic: bool,
}

/// Everything `summary.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Version of this layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Version of shellcount that produced the file.
    pub shellcount_version: String,
    /// Scenario title (`[scenario] title`).
    pub title: String,
    /// Scenario description, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// File name of the scenario (no folder).
    pub scenario_file: String,
    /// Lower-case hex SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// Seed of the random number streams.
    pub seed: u64,
    /// Number of draws (Monte Carlo iterations).
    pub samples: u64,
    /// Sampling method: `"mc"` (plain Monte Carlo) or `"lhs"` (Latin hypercube).
    pub sampling: String,
    /// Present when the run streamed its draws instead of keeping them (`--low-memory`, or
    /// automatically when they did not fit): the same results, from extra passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mode: Option<MemoryModeSummary>,
    /// Definitions this run replaced (`--set NAME=EXPR`), in the order given: each name, the
    /// expression used, the file's definition and the option that set it. Absent when the file
    /// ran as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideInfo>,
    /// Sources cited by the scenario, in file order.
    pub sources: Vec<SourceInfo>,
    /// Every input and model quantity, in file order (inputs first), keyed by name; after the
    /// evidence when the scenario has `[[evidence]]` (then `prior_quantities` holds them before).
    pub quantities: IndexMap<String, QuantitySummary>,
    /// Every claim, in file order.
    pub claims: Vec<ClaimSummary>,
    /// Present when `--precision` was used: the target and what was reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionSummary>,
    /// How much each model quantity and each claim depends on each input, with the basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<SensitivitySummary>,
    /// What learning each input exactly would do to each claim's probability, with the basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_of_information: Option<VoiSummary>,
    /// Requested and achieved rank correlations, when the scenario has `[correlation]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<CorrelationSummary>,
    /// Every quantity before the evidence (the forward simulation), when the scenario has
    /// `[[evidence]]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_quantities: Option<IndexMap<String, QuantitySummary>>,
    /// For each evidence id, in file order: what it is and what it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<IndexMap<String, EvidenceSummary>>,
    /// Effective sample size of the weighted draws after all evidence (Kish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ess: Option<f64>,
    /// Everything the terminal warned about, machine-readable (kind, the claim it concerns, the
    /// data) with the message printed.
    pub warnings: Vec<WarningEntry>,
    /// For every quantity defined as `min(m, v)` of a `capacity_by_mass` and a
    /// `capacity_by_volume` quantity, keyed by its name: which limit binds.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub capacity: IndexMap<String, CapacitySummary>,
}

/// Summary statistics of one quantity's draws. All values are in the quantity's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuantitySummary {
    /// Input or model quantity.
    pub kind: QuantityKind,
    /// The expression as written (distribution for inputs, formula for model quantities).
    pub expr: String,
    /// Unit, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Source id, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Note, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Display label, if given: charts and the report call the quantity this (without one,
    /// its name with `_` as spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Mean, sd, min, max, percentiles and their Monte Carlo errors (absent for an indexed
    /// quantity: see `by_index`).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<QuantityStats>,
    /// For an indexed quantity, the name of its index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    /// For an indexed quantity, one summary per element, in index order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_index: Option<Vec<ElementSummary>>,
}

/// The summary of one element of an indexed quantity, in the quantity's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ElementSummary {
    /// The element's label (`"2024-02"`, or the number).
    pub label: String,
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// A claim and the estimated probability that it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClaimSummary {
    /// Identifier from the scenario.
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// The true/false expression tested on every draw.
    pub holds_if: String,
    /// Source id, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Display label, if given: charts call the claim this (without one, its text on one
    /// line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What kind of claim it is ("capacity conversion", "count", "consistency", …), if given;
    /// the claims chart and the report show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Quantities the expression references, in order of first use.
    pub references: Vec<String>,
    /// Share of draws on which the claim holds (after the evidence, when there is evidence).
    pub probability: f64,
    /// Monte Carlo standard error of `probability`: the half-width of the 95% Wilson interval
    /// at `draws` divided by 1.96 (about √(p(1 − p)/n) away from 0 and 1, about 1/n, not 0, at
    /// 0 and 1).
    pub mcse: f64,
    /// The 95% Wilson interval of `probability`, [lower, upper].
    pub interval: [f64; 2],
    /// Draws the estimate rests on: the sample count, or with evidence the effective sample
    /// size (Kish).
    pub draws: f64,
    /// The calibrated words for `probability` (IPCC scale), which hold under the scenario's
    /// assumptions; `null` (not resolved) below 100 effective draws.
    pub verdict: Option<String>,
    /// Probability before the evidence, when the scenario has `[[evidence]]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_probability: Option<f64>,
    /// Monte Carlo standard error of `prior_probability` (Wilson, at the sample count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_mcse: Option<f64>,
}

/// What `--precision` asked for and reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PrecisionSummary {
    /// Requested largest error of any claim probability.
    pub target: f64,
    /// Largest error of any claim probability at the end (see `rule`).
    pub reached: f64,
    /// The claim with that error.
    pub worst_claim: String,
    /// Whether `reached <= target`.
    pub met: bool,
    /// Draws actually taken (also in `samples`).
    pub samples_drawn: u64,
    /// The cap (`--max-samples`).
    pub max_samples: u64,
    /// Rounds of drawing.
    pub rounds: u32,
    /// How a claim probability's error is measured.
    pub rule: String,
}

/// Sensitivity of every model quantity and every claim to every input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivitySummary {
    /// The draws Spearman, first-order indices and swing come from: `no_evidence`, or with
    /// evidence `after_evidence` (the weighted draws).
    pub basis: Basis,
    /// The draws the total-order indices come from (with evidence `before_evidence`: the
    /// design samples inputs independently, which the posterior does not); `null` when the
    /// design was skipped.
    pub total_basis: Option<Basis>,
    /// How the indices were computed (draws used, design size).
    #[serde(flatten)]
    pub method: SensitivityMethod,
    /// For each model quantity.
    pub quantities: IndexMap<String, OutputSensitivitySummary>,
    /// For each claim id (the output is whether the claim holds, 0 or 1).
    pub claims: IndexMap<String, OutputSensitivitySummary>,
}

/// The sensitivity of one output to every input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OutputSensitivitySummary {
    /// Whether the output allows indices at all: `resolved`, `constant_output` (a claim that
    /// never or always held) or `too_few_events` (fewer than 100 draws on its rarer side).
    pub status: Status,
    /// For a claim: its (effective) draws on the rarer side, min(p, 1 − p) × draws.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<f64>,
    /// 1 − Σ first-order indices: the share of variance no input explains alone
    /// (interactions, randomness inside formulas), with its standard error and status.
    pub unexplained: Index,
    /// For each driver (an input, or a random source written in `[model]`) by name, most
    /// important first (by resolved total index, else by resolved first-order index;
    /// unresolved next, constant inputs last).
    pub inputs: IndexMap<String, DriverSensitivity>,
}

/// One driver's sensitivity: what the driver is, and its indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DriverSensitivity {
    /// `input` (an `[inputs]` entry) or `source` (a random source written in `[model]`: a
    /// distribution call, a mixture or a `sum_of`, named after its quantity; its per-draw value
    /// is the uniform its draw is made from).
    pub kind: DriverKind,
    /// The indices.
    #[serde(flatten)]
    pub sensitivity: Sensitivity,
}

impl std::ops::Deref for DriverSensitivity {
    type Target = Sensitivity;

    /// The indices (a driver's entry reads as its [`Sensitivity`]).
    fn deref(&self) -> &Sensitivity {
        &self.sensitivity
    }
}

/// Value of information of every input for every claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VoiSummary {
    /// The draws these numbers come from (see [`SensitivitySummary::basis`]).
    pub basis: Basis,
    /// For each claim id, for each input name.
    pub claims: IndexMap<String, IndexMap<String, Voi>>,
}

/// Requested and achieved rank correlations between inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CorrelationSummary {
    /// The correlated inputs, in matrix order.
    pub inputs: Vec<String>,
    /// Spearman correlations as written in the scenario.
    pub requested: Vec<Vec<f64>>,
    /// The nearest consistent correlations, used instead when the requested ones could not hold
    /// together (`allow_adjust = true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<Vec<Vec<f64>>>,
    /// Spearman correlations of the draws.
    pub achieved: Vec<Vec<f64>>,
}

/// One piece of evidence and its effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceSummary {
    /// Source id, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `"likelihood"` (an observation with a noise model) or `"bound"` (a true/false report).
    pub kind: String,
    /// The likelihood distribution or the bound's test, as written.
    pub expr: String,
    /// The observed value (likelihood evidence only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<f64>,
    /// Chance the report is right (1 = fully trusted).
    pub trust: f64,
    /// Effective sample size of the draws weighted by this evidence alone.
    pub ess: f64,
    /// Effective sample size after this and all earlier entries (file order).
    pub ess_cumulative: f64,
    /// For each claim id: the change in its probability when this entry is added after the
    /// earlier ones (file order).
    pub effect: IndexMap<String, f64>,
    /// For each claim id: its probability after this and all earlier entries.
    pub probability_after: IndexMap<String, f64>,
    /// For each claim id: how strongly this report alone bears on it, P(report | claim holds) /
    /// P(report | claim fails) from the forward draws, with its 95% interval.
    pub bayes_factor: IndexMap<String, BayesFactor>,
}

/// Which limit binds, for one capacity quantity `min(by mass, by volume)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CapacitySummary {
    /// The quantity computed by `capacity_by_mass`.
    pub by_mass: String,
    /// The quantity computed by `capacity_by_volume`.
    pub by_volume: String,
    /// Share of draws on which the mass limit is the tighter one (ties count as mass).
    pub mass_binds: f64,
}

/// A warning: its kind, the claim it concerns (if any) and its data, with the message printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WarningEntry {
    /// The warning itself.
    #[serde(flatten)]
    pub warning: Warning<String>,
    /// The message printed on the terminal.
    pub message: String,
}

impl Summary {
    /// `summary.json`'s bytes: pretty-printed JSON and a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_string_pretty(self).expect("plain data always serialises");
        json.push('\n');
        json.into_bytes()
    }
}

/// The JSON Schema of [`Summary`], pretty-printed with a final newline (the committed
/// `schema/summary.schema.json`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Summary);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
