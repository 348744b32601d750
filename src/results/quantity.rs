//! Quantities in the results: what each one is ([`QuantityResult`]) and the summary of its
//! draws ([`QuantityStats`]), before and, with evidence, after the evidence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::QuantityKind;
use crate::stats::{ColumnStats, QuantityCurves, SUMMARY_PROBS};

/// The nine reported percentiles of something, in one shape: used for the percentiles of a
/// quantity and for their Monte Carlo standard errors alike.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Percentiles {
    /// 1st percentile.
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
}

impl Percentiles {
    /// From values at [`SUMMARY_PROBS`], in that order.
    pub fn from_array(v: &[f64; 9]) -> Percentiles {
        let [p1, p5, p10, p25, p50, p75, p90, p95, p99] = *v;
        Percentiles {
            p1,
            p5,
            p10,
            p25,
            p50,
            p75,
            p90,
            p95,
            p99,
        }
    }

    /// The values in [`SUMMARY_PROBS`] order.
    pub fn to_array(&self) -> [f64; 9] {
        [
            self.p1, self.p5, self.p10, self.p25, self.p50, self.p75, self.p90, self.p95, self.p99,
        ]
    }

    /// (probability, value) pairs in increasing probability.
    pub fn pairs(&self) -> impl Iterator<Item = (f64, f64)> {
        SUMMARY_PROBS.into_iter().zip(self.to_array())
    }
}

/// Summary statistics of one quantity's draws (weighted by the evidence, for the results after
/// it). Every value is in the quantity's unit.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct QuantityStats {
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 denominator; weighted: the weighted standard deviation).
    pub sd: f64,
    /// Smallest draw (with evidence: smallest draw of positive weight).
    pub min: f64,
    /// Largest draw (with evidence: largest draw of positive weight).
    pub max: f64,
    /// Percentiles (R-7 linear interpolation, numpy's default; weighted: of the weighted draws).
    #[serde(flatten)]
    pub percentiles: Percentiles,
    /// Monte Carlo standard error of the mean: sd / sqrt(samples) (with evidence: sd / sqrt(ess)).
    pub mcse_mean: f64,
    /// Monte Carlo standard errors of the percentiles (from the order statistics that bound a
    /// 95% confidence interval for each, divided by 2 × 1.96).
    pub mcse_quantiles: Percentiles,
}

impl QuantityStats {
    /// From the column statistics of the engine's draws.
    pub fn from_column(s: &ColumnStats) -> QuantityStats {
        QuantityStats {
            mean: s.mean,
            sd: s.sd,
            min: s.min,
            max: s.max,
            percentiles: Percentiles::from_array(&s.quantiles),
            mcse_mean: s.mcse_mean,
            mcse_quantiles: Percentiles::from_array(&s.quantile_se),
        }
    }
}

/// One quantity of a run: what it is, and its draws summarised.
#[derive(Debug, Clone)]
pub struct QuantityResult {
    /// Name (unique among quantities).
    pub name: String,
    /// Input or model quantity.
    pub kind: QuantityKind,
    /// The expression as written.
    pub expr: String,
    /// Unit, if given.
    pub unit: Option<String>,
    /// Source id, if given.
    pub source: Option<String>,
    /// Note, if given.
    pub note: Option<String>,
    /// The forward simulation (no evidence).
    pub forward: QuantityStats,
    /// After the evidence, when the scenario has `[[evidence]]`.
    pub posterior: Option<QuantityStats>,
    /// Histogram and exceedance curve of the forward draws (empty for quantities not charted).
    pub curves: QuantityCurves,
    /// The same after the evidence (weighted), when there is evidence and the quantity is charted.
    pub posterior_curves: Option<QuantityCurves>,
    /// Whether it gets its own charts (the scenario's `chart = false` says no).
    pub chart: bool,
    /// Whether the report's results table shows it (`report = false` says no).
    pub report: bool,
}

impl QuantityResult {
    /// The answer: the results after the evidence when there is evidence, else the forward ones.
    pub fn stats(&self) -> &QuantityStats {
        self.posterior.as_ref().unwrap_or(&self.forward)
    }

    /// The curves of [`QuantityResult::stats`]'s basis.
    pub fn answer_curves(&self) -> &QuantityCurves {
        self.posterior_curves.as_ref().unwrap_or(&self.curves)
    }

    /// Whether the quantity is drawn in histograms or exceedance curves.
    pub fn charted(&self) -> bool {
        !self.curves.exceedance.is_empty() || !self.curves.histogram.counts.is_empty()
    }
}
