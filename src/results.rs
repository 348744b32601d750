//! The results of a run: the structs every output reads.
//!
//! [`Summary`] *is* `summary.json`: it is serialised as it stands, so a field added here appears in
//! the file. It holds no timings and no timestamps, so it is byte-identical for the same scenario,
//! seed and sample count on any thread count. [`ChartData`] carries the binned distributions that
//! charts draw; it is derived from the same draws but not written to JSON.

use indexmap::IndexMap;
use serde::Serialize;

/// Everything `summary.json` holds.
#[derive(Debug, Clone, Serialize)]
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

/// Whether a quantity is an assumption or computed from others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityKind {
    /// Declared under `[inputs]`.
    Input,
    /// Declared under `[model]`.
    Model,
}

/// Summary statistics of one quantity's draws. All values are in the quantity's unit.
#[derive(Debug, Clone, Serialize)]
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
    /// Monte Carlo standard error of the mean: sd / sqrt(samples).
    pub mcse_mean: f64,
}

/// A claim and the estimated probability that it holds.
#[derive(Debug, Clone, Serialize)]
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
    /// Monte Carlo standard error of `probability`: sqrt(p (1 − p) / samples).
    pub mcse: f64,
}

/// Binned views of the draws, for charts. Not written to JSON.
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    /// For every quantity (same keys and order as [`Summary::quantities`]).
    pub quantities: IndexMap<String, QuantityCurves>,
    /// Claims of the form `quantity <op> number`, for drawing thresholds on exceedance curves.
    pub claim_markers: Vec<ClaimMarker>,
}

/// Which side of a threshold a claim asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `>=` or `>`: the claim holds above the threshold.
    AtLeast,
    /// `<=` or `<`: the claim holds below the threshold.
    AtMost,
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

/// Histogram and exceedance curve of one quantity.
#[derive(Debug, Clone)]
pub struct QuantityCurves {
    /// Equal-width histogram over [min, max].
    pub histogram: Histogram,
    /// Points (x, P(X ≥ x)) with x increasing and P non-increasing, from the exact order statistics.
    pub exceedance: Vec<(f64, f64)>,
}

impl QuantityCurves {
    /// No histogram and no curve (for quantities that are not charted).
    pub fn empty() -> QuantityCurves {
        QuantityCurves {
            histogram: Histogram {
                lo: f64::NAN,
                width: 0.0,
                counts: Vec::new(),
            },
            exceedance: Vec::new(),
        }
    }
}

/// An equal-width histogram.
#[derive(Debug, Clone)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f64,
    /// Width of each bin (0 when every draw is equal).
    pub width: f64,
    /// Number of draws in each bin; the last bin includes its right edge.
    pub counts: Vec<u64>,
}
