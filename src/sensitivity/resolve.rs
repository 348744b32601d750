//! Which indices are findings: an index is stated as a number only when it is *resolved*;
//! otherwise it carries the reason it is not ([`Status`]).
//!
//! ```text
//! constant_output   the output does not vary (a claim no draw, or every draw, satisfied)
//! too_few_events    a claim with fewer than MIN_EVENTS (effective) draws on its rarer side:
//!                   min(p, 1 − p) × draws < 100
//! constant_input    the input does not vary: there is nothing to attribute to it
//! out_of_range      the estimate lies outside [0, 1] by more than Z standard errors: an
//!                   estimation problem (e.g. Jansen's estimator on a rare claim), not a share
//! too_uncertain     Z × se > MAX_HALF_WIDTH: the 95% interval is wider than half the range
//!                   [0, 1], so it says next to nothing about the share
//! resolved          everything else; shown clamped to [0, 1] (an estimate within Z se of the
//!                   range is noise around its edge)
//! ```
//!
//! A swing (a signed change in the output's unit, not a share) has two statuses of its own,
//! `too_few_draws` and `within_noise`, instead of the last two: see [`super::swing`].
//!
//! The checks apply in this order, so the reason given is the most basic one. Z = 1.96.
//! 100 events: below it a binary output's variance p(1 − p) is itself known only to about
//! ±20% and the binned and Saltelli estimators' standard errors (delta-method, large-sample)
//! are not to be trusted.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Estimate;

/// z of a two-sided 95% interval.
pub const Z: f64 = 1.96;

/// A claim needs at least this many (effective) draws on each side, held and failed, for its
/// indices to be estimated.
pub const MIN_EVENTS: f64 = 100.0;

/// An index whose 95% half-width (Z × se) exceeds this is not resolved.
pub const MAX_HALF_WIDTH: f64 = 0.25;

/// Whether an index is a finding, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Estimated precisely enough to state.
    Resolved,
    /// The output does not vary (a claim that always or never held, a constant quantity).
    ConstantOutput,
    /// A claim with fewer than 100 (effective) draws on its rarer side.
    TooFewEvents,
    /// The input does not vary.
    ConstantInput,
    /// The estimate lies outside [0, 1] beyond its error: an estimation problem.
    OutOfRange,
    /// The 95% interval is wider than half the range [0, 1].
    TooUncertain,
    /// A swing whose 95% interval holds 0: what it shows is noise, not an effect.
    WithinNoise,
    /// A swing whose low or high band holds too few (effective) draws to estimate it.
    TooFewDraws,
}

impl Status {
    /// Whether the index can be stated as a finding.
    pub fn is_resolved(self) -> bool {
        self == Status::Resolved
    }

    /// Why the index is not resolved, in words (empty when it is).
    pub fn reason(self) -> &'static str {
        match self {
            Status::Resolved => "",
            Status::ConstantOutput => "the output does not vary",
            Status::TooFewEvents => "too few draws on one side of the claim",
            Status::ConstantInput => "the input does not vary",
            Status::OutOfRange => "estimation problem: the estimate is outside 0–1",
            Status::TooUncertain => "too uncertain: its interval covers most of 0–1",
            Status::WithinNoise => "within noise: its 95% interval holds 0",
            Status::TooFewDraws => "too few draws near the input's p10 or p90",
        }
    }
}

/// What is known about an output before its indices are judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutputState {
    /// A quantity that varies.
    Varies,
    /// A quantity or claim that does not vary.
    Constant,
    /// A claim and its (effective) draws on the rarer side, min(p, 1 − p) × draws.
    Events(f64),
}

impl OutputState {
    /// The state of a claim held on a share `p` of `draws` (effective) draws.
    pub fn claim(p: f64, draws: f64) -> OutputState {
        if !(p > 0.0 && p < 1.0) {
            OutputState::Constant
        } else {
            OutputState::Events(p.min(1.0 - p) * draws)
        }
    }

    /// The status every index of this output gets, whatever the input: `Resolved` when the
    /// output allows indices at all.
    pub fn status(self) -> Status {
        match self {
            OutputState::Constant => Status::ConstantOutput,
            OutputState::Events(e) if !(e >= MIN_EVENTS) => Status::TooFewEvents,
            _ => Status::Resolved,
        }
    }
}

/// An index (a share of variance) with its standard error and whether it is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Index {
    /// The estimate, as estimated (not clamped: it can fall outside [0, 1] by noise).
    pub value: f64,
    /// Its standard error (≥ 0).
    pub se: f64,
    /// Whether it is resolved, and if not, why.
    pub status: Status,
}

impl Index {
    /// Judges estimate `e` of an output in state `output` for an input that is constant or
    /// not (the rules in the module docs).
    pub fn judge(e: Estimate, output: OutputState, input_constant: bool) -> Index {
        let status = match output.status() {
            Status::Resolved if input_constant => Status::ConstantInput,
            Status::Resolved => range_status(e),
            other => other,
        };
        Index {
            value: e.value,
            se: e.se,
            status,
        }
    }

    /// The value as a share in [0, 1] when resolved.
    pub fn resolved(&self) -> Option<f64> {
        self.status
            .is_resolved()
            .then(|| self.value.clamp(0.0, 1.0))
    }

    /// The estimate and its standard error.
    pub fn estimate(&self) -> Estimate {
        Estimate {
            value: self.value,
            se: self.se,
        }
    }
}

/// The status of an estimate on its own: out of range, too uncertain, or resolved.
pub fn range_status(e: Estimate) -> Status {
    if !(e.value.is_finite() && e.se.is_finite()) {
        return Status::TooUncertain;
    }
    if e.value - Z * e.se > 1.0 || e.value + Z * e.se < 0.0 {
        Status::OutOfRange
    } else if Z * e.se > MAX_HALF_WIDTH {
        Status::TooUncertain
    } else {
        Status::Resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(value: f64, se: f64) -> Estimate {
        Estimate { value, se }
    }

    #[test]
    fn rules_in_order() {
        let varies = OutputState::Varies;
        let table = [
            (e(0.4, 0.02), varies, false, Status::Resolved),
            (e(1.04, 0.03), varies, false, Status::Resolved),
            (e(1.50, 0.2), varies, false, Status::OutOfRange),
            (e(-0.2, 0.05), varies, false, Status::OutOfRange),
            (e(0.5, 0.2), varies, false, Status::TooUncertain),
            (e(f64::NAN, 0.0), varies, false, Status::TooUncertain),
            (e(0.0, 0.0), varies, true, Status::ConstantInput),
            (
                e(0.4, 0.02),
                OutputState::Constant,
                true,
                Status::ConstantOutput,
            ),
            (
                e(0.4, 0.02),
                OutputState::claim(0.002, 20_000.0),
                false,
                Status::TooFewEvents,
            ),
            (
                e(0.4, 0.02),
                OutputState::claim(0.005, 20_000.0),
                false,
                Status::Resolved,
            ),
        ];
        for (est, out, constant, status) in table {
            assert_eq!(Index::judge(est, out, constant).status, status, "{est:?}");
        }
        assert_eq!(OutputState::claim(0.0, 1e6), OutputState::Constant);
        assert_eq!(OutputState::claim(1.0, 1e6), OutputState::Constant);
    }

    #[test]
    fn resolved_values_are_shares() {
        let i = Index::judge(e(1.04, 0.03), OutputState::Varies, false);
        assert_eq!(i.resolved(), Some(1.0));
        assert_eq!(i.value, 1.04, "the estimate itself is kept");
        let i = Index::judge(e(-0.01, 0.02), OutputState::Varies, false);
        assert_eq!(i.resolved(), Some(0.0));
        let i = Index::judge(e(0.5, 0.2), OutputState::Varies, false);
        assert_eq!(i.resolved(), None);
    }
}
