//! The results of a run: the structs every output reads.
//!
//! [`Summary`] *is* `summary.json`: it is serialised as it stands, so a field added here appears in
//! the file. It holds no timings and no timestamps, so it is byte-identical for the same scenario,
//! seed and sample count on any thread count. [`ChartData`] carries the binned distributions that
//! charts draw; it is derived from the same draws but not written to JSON.

use indexmap::IndexMap;
use serde::Serialize;

pub use crate::model::{QuantityKind, Side};
pub use crate::stats::{Histogram, QuantityCurves};

/// Everything `summary.json` holds.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    /// Version of shellcount that produced the file.
    pub shellcount_version: String,
    /// Scenario title (`[scenario] title`).
    pub title: String,
    /// Scenario description, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// File name of the scenario (no folder).
    pub scenario_file: String,
    /// Lower-case hex SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// Seed of the random number streams.
    pub seed: u64,
    /// Number of draws (Monte Carlo iterations).
    pub samples: u64,
    /// Sampling method: `"mc"` (plain Monte Carlo).
    pub sampling: String,
    /// Sources cited by the scenario, in file order.
    pub sources: Vec<SourceSummary>,
    /// Every input and model quantity, in file order (inputs first), keyed by name.
    pub quantities: IndexMap<String, QuantitySummary>,
    /// Every claim, in file order.
    pub claims: Vec<ClaimSummary>,
    /// Present when `--precision` was used: the target and what was reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionSummary>,
    /// How the sensitivity indices were computed (draws used, design size).
    pub sensitivity_method: SensitivityMethod,
    /// For each model quantity and each claim id, for each input name: how much the output
    /// depends on that input (see [`SensitivityEntry`]).
    pub sensitivity: IndexMap<String, IndexMap<String, SensitivityEntry>>,
    /// For each claim id, for each input name: the expected absolute change in the claim's
    /// probability if the input were known exactly (0 to 1; larger means worth finding out).
    pub value_of_information: IndexMap<String, IndexMap<String, f64>>,
    /// For each claim id, for each input name: the value of information in detail.
    pub value_of_information_detail: IndexMap<String, IndexMap<String, VoiEntry>>,
    /// Requested and achieved rank correlations, when the scenario has `[correlation]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation: Option<CorrelationSummary>,
    /// Every quantity before the evidence (the forward simulation), when the scenario has
    /// `[[evidence]]`; `quantities` then holds the results after the evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_quantities: Option<IndexMap<String, QuantitySummary>>,
    /// For each evidence id, in file order: what it is and what it did, when the scenario has
    /// `[[evidence]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<IndexMap<String, EvidenceSummary>>,
    /// Effective sample size of the weighted draws after all evidence (Kish), when there is
    /// evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ess: Option<f64>,
    /// Warnings about the numbers (also printed), e.g. a small effective sample size.
    pub warnings: Vec<String>,
    /// For every `X` with quantities `capacity_by_mass_X` and `capacity_by_volume_X`: which
    /// limit binds (and whether `claimed_load_X` fits).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub capacity: IndexMap<String, CapacitySummary>,
}

/// Which capacity limit binds, for one `X`.
#[derive(Debug, Clone, Serialize)]
pub struct CapacitySummary {
    /// Share of draws on which the mass limit is the tighter one (ties count as mass).
    pub mass_binds: f64,
    /// Share of draws on which `claimed_load_X` is within both limits, if that quantity exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_fits: Option<f64>,
}

/// What `--precision` asked for and reached.
#[derive(Debug, Clone, Serialize)]
pub struct PrecisionSummary {
    /// Requested largest Monte Carlo standard error of any claim probability.
    pub target: f64,
    /// Largest Monte Carlo standard error of any claim probability at the end.
    pub reached: f64,
    /// Whether `reached <= target`.
    pub met: bool,
    /// Draws actually taken (also in `samples`).
    pub samples_drawn: u64,
    /// The cap (`--max-samples`).
    pub max_samples: u64,
    /// Rounds of drawing.
    pub rounds: u32,
}

/// How sensitivity was computed.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SensitivityMethod {
    /// Draws of the run used for Spearman, given-data first-order indices, swing and value of
    /// information (the first draws of the run).
    pub given_data_draws: u64,
    /// Base sample size of the Saltelli/Jansen design used for total-order indices (the model
    /// is evaluated `(inputs + 2) ×` this many times).
    pub saltelli_base: u64,
    /// One-line description with references.
    pub description: String,
}

/// Sensitivity of one output (model quantity or claim) to one input.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SensitivityEntry {
    /// Spearman rank correlation between input and output draws, −1 to 1.
    pub spearman: f64,
    /// First-order Sobol index: share of the output's variance explained by this input alone
    /// (given-data estimator, 0 to 1).
    pub sobol_first: f64,
    /// Standard error of `sobol_first`.
    pub sobol_first_se: f64,
    /// Total-order Sobol index: share of variance involving this input, alone or with others
    /// (Jansen estimator on a Saltelli design, 0 to 1).
    pub sobol_total: f64,
    /// Standard error of `sobol_total`.
    pub sobol_total_se: f64,
    /// Change in the output's median (for claims: probability) when the input moves from its
    /// 10th to its 90th percentile, in the output's unit.
    pub swing: f64,
}

/// Value of information of one input for one claim.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct VoiEntry {
    /// Expected absolute change in the claim's probability from knowing the input exactly.
    pub expected_abs_change: f64,
    /// Probability that knowing the input would move the claim's probability across 0.5.
    pub flip_probability: f64,
    /// What an input the claim does not depend on would show by sampling noise alone.
    pub noise_floor: f64,
}

/// Requested and achieved rank correlations between inputs.
#[derive(Debug, Clone, Serialize)]
pub struct CorrelationSummary {
    /// The correlated inputs, in matrix order.
    pub inputs: Vec<String>,
    /// Spearman correlations asked for (after adjustment, if the analyst allowed it).
    pub requested: Vec<Vec<f64>>,
    /// Spearman correlations of the draws.
    pub achieved: Vec<Vec<f64>>,
    /// Set when the requested matrix was not valid and the nearest valid one was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<String>,
}

/// One piece of evidence and its effect.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSummary {
    /// Source id, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `"likelihood"` (an observation with a noise model) or `"bound"` (a true/false report).
    pub kind: String,
    /// The likelihood distribution or the bound's test, as written.
    pub expr: String,
    /// The observed value (likelihood evidence only).
    #[serde(skip_serializing_if = "Option::is_none")]
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
}

/// A `[[source]]` entry as written in the scenario.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// Identifier referenced by inputs and claims.
    pub id: String,
    /// Human-readable citation.
    pub cite: String,
    /// Address of the source, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Summary statistics of one quantity's draws. All values are in the quantity's unit.
#[derive(Debug, Clone, Serialize, Default)]
pub struct QuantitySummary {
    /// Input or model quantity.
    pub kind: QuantityKind,
    /// The expression as written (distribution for inputs, formula for model quantities).
    pub expr: String,
    /// Unit, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Source id, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Note, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 denominator).
    pub sd: f64,
    /// Smallest draw.
    pub min: f64,
    /// Largest draw.
    pub max: f64,
    /// 1st percentile (R-7 linear interpolation, as numpy's default).
    pub p1: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Monte Carlo standard error of the mean: sd / sqrt(samples) (with evidence: sd / sqrt(ess)).
    pub mcse_mean: f64,
    /// Monte Carlo standard errors of the percentiles (from the order statistics that bound a
    /// 95% confidence interval for each, divided by 2 × 1.96).
    pub mcse_quantiles: QuantileErrors,
}

/// Monte Carlo standard errors of the reported percentiles.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct QuantileErrors {
    /// Of p1.
    pub p1: f64,
    /// Of p5.
    pub p5: f64,
    /// Of p10.
    pub p10: f64,
    /// Of p25.
    pub p25: f64,
    /// Of p50.
    pub p50: f64,
    /// Of p75.
    pub p75: f64,
    /// Of p90.
    pub p90: f64,
    /// Of p95.
    pub p95: f64,
    /// Of p99.
    pub p99: f64,
}

/// A claim and the estimated probability that it holds.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ClaimSummary {
    /// Identifier from the scenario.
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// The true/false expression tested on every draw.
    pub holds_if: String,
    /// Source id, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Quantities the expression references, in order of first use.
    pub references: Vec<String>,
    /// Share of draws on which the claim holds.
    pub probability: f64,
    /// Monte Carlo standard error of `probability`: sqrt(p (1 − p) / samples) (with evidence:
    /// the self-normalised importance-sampling error).
    pub mcse: f64,
    /// Probability before the evidence, when the scenario has `[[evidence]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_probability: Option<f64>,
    /// Monte Carlo standard error of `prior_probability`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior_mcse: Option<f64>,
}

/// Binned views of the draws, for charts. Not written to JSON.
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    /// For every quantity (same keys and order as [`Summary::quantities`]).
    pub quantities: IndexMap<String, QuantityCurves>,
    /// Claims of the form `quantity <op> number`, for drawing thresholds on exceedance curves.
    pub claim_markers: Vec<ClaimMarker>,
    /// Before-evidence curves of the same quantities, when the scenario has evidence.
    pub prior_quantities: Option<IndexMap<String, QuantityCurves>>,
    /// Running estimate of each claim's probability as draws accumulate, for convergence charts.
    pub convergence: Vec<ConvergenceSeries>,
}

/// The running estimate of one claim's probability.
#[derive(Debug, Clone)]
pub struct ConvergenceSeries {
    /// Claim id.
    pub claim_id: String,
    /// Points (draws so far, estimate, its Monte Carlo standard error), draws increasing.
    pub points: Vec<(u64, f64, f64)>,
}

/// A claim that compares one quantity with a fixed threshold.
#[derive(Debug, Clone)]
pub struct ClaimMarker {
    /// Claim id.
    pub claim_id: String,
    /// The quantity compared.
    pub quantity: String,
    /// The threshold, in the quantity's unit.
    pub threshold: f64,
    /// Which side holds.
    pub side: Side,
    /// Estimated probability that the claim holds.
    pub probability: f64,
}
