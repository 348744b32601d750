//! Quantities in the results: what each one is ([`QuantityResult`]) and the summary of its
//! draws ([`QuantityStats`]), before and, with evidence, after the evidence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::claim::MIN_VERDICT_DRAWS;
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
    /// Sample standard deviation (n − 1 denominator; weighted: the weighted standard deviation
    /// with the reliability-weights correction 1 − Σw̃², `null` when one draw carries all the
    /// weight: see `status`).
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
    /// Present when these statistics are not resolved: after evidence that leaves fewer than
    /// 100 effective draws ([`MIN_VERDICT_DRAWS`], the rule that withholds a claim's verdict),
    /// the same rule for quantities. The numbers are still given, but rest on too few
    /// effective draws to mean anything (their errors too); at 1 effective draw the sd and
    /// `mcse_mean` are undefined (`null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatsStatus>,
}

/// Why a quantity's statistics are not resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatsStatus {
    /// Fewer than [`MIN_VERDICT_DRAWS`] effective draws after the evidence: "not resolved: too
    /// few effective draws".
    TooFewEffectiveDraws,
}

impl StatsStatus {
    /// The status of statistics resting on `draws` (effective) draws: `None` when resolved.
    pub fn of(draws: f64) -> Option<StatsStatus> {
        (!(draws >= MIN_VERDICT_DRAWS)).then_some(StatsStatus::TooFewEffectiveDraws)
    }

    /// The footnote the terminal and the report give quantities with this status, with the
    /// run's effective sample size `ess` (the marker, ‡, is the caller's).
    pub fn footnote(self, ess: f64) -> String {
        match self {
            StatsStatus::TooFewEffectiveDraws => {
                let draws = if format!("{ess:.0}") == "1" {
                    "draw"
                } else {
                    "draws"
                };
                format!(
                    "not resolved: after the evidence these numbers rest on about {ess:.0} \
                     effective {draws}, fewer than the {MIN_VERDICT_DRAWS} needed, so they mean \
                     little"
                )
            }
        }
    }
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
            status: None,
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
    /// Display label for charts, if given (see [`QuantityResult::label`]).
    pub label: Option<String>,
    /// `log = true` in the scenario: axes of this quantity on a log scale.
    pub log: bool,
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

    /// How charts name the quantity: its `label`, else its name with `_` as spaces.
    pub fn label(&self) -> String {
        match &self.label {
            Some(l) => l.clone(),
            None => self.name.replace('_', " "),
        }
    }

    /// [`QuantityResult::label`] followed by the unit in brackets, if there is a unit.
    pub fn label_with_unit(&self) -> String {
        match self
            .unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(u) => format!("{} ({u})", self.label()),
            None => self.label(),
        }
    }

    /// Whether the quantity is drawn in histograms or exceedance curves.
    pub fn charted(&self) -> bool {
        !self.curves.exceedance.is_empty() || !self.curves.histogram.counts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_below_the_verdict_threshold_are_not_resolved() {
        assert_eq!(StatsStatus::of(MIN_VERDICT_DRAWS), None);
        assert_eq!(StatsStatus::of(20_000.0), None);
        for draws in [99.9, 1.0, 0.0, f64::NAN] {
            assert_eq!(
                StatsStatus::of(draws),
                Some(StatsStatus::TooFewEffectiveDraws),
                "{draws}"
            );
        }
    }
}
