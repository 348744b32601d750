//! `--solve NAME=LO..HI --claim ID --target P`: the value of NAME at which the claim's
//! probability reaches P, found by bisection without a grid.
//!
//! Every value tried is a run of the scenario with `NAME=x` (as `--set` makes it) and the run's
//! seed, so the estimated probability is one curve p(x) drawn with common random numbers, not a
//! fresh sample at each x. Three bisections on `[LO, HI]` share the runs:
//!
//! ```text
//! value   p(x) = P                       the crossing
//! ends    p(x) − 2·MCSE(x) = P           the stretch of values within ±2 Monte Carlo standard
//!         p(x) + 2·MCSE(x) = P           errors of the crossing (as for a sweep's break-even)
//! ```
//!
//! **Stopping rule.** Each bisection halves its bracket [`HALVINGS`] times (so the bracket is
//! (HI − LO)/1024 wide) and then interpolates linearly inside it: the reported value is within
//! (HI − LO)/1024 of the crossing of the estimated curve, far inside its Monte Carlo
//! uncertainty [low, high] unless the curve is very steep. An end whose equation has no root in
//! `[LO, HI]` is reported absent (beyond the range). p(x) need not be monotone: bisection finds
//! one crossing; sweep to see the whole curve.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::break_even::{Direction, Status};
use super::{run_point, Settings, WhatIfError};
use crate::scenario::{Origin, Override, Scenario, ScenarioError};
use crate::text::number::exact;

/// Halvings of each bisection.
pub const HALVINGS: usize = 10;

/// The stopping rule, as recorded in `solve.json`.
pub const STOPPING_RULE: &str = "bisection on [lo, hi] with the run's seed at every value (common random numbers): 10 halvings each for p(x) = target and for the ends of its ±2 MCSE band (p(x) ∓ 2 MCSE = target), then linear interpolation inside the last bracket; value is within (hi − lo)/1024 of the crossing of the estimated curve, low–high is its Monte Carlo uncertainty; p need not be monotone, so this is one crossing";

/// What to solve for.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveSpec {
    /// The assumption to vary.
    pub name: String,
    /// The range searched.
    pub range: (f64, f64),
    /// The claim id.
    pub claim: String,
    /// The target probability.
    pub target: f64,
}

/// `solve.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SolveFile {
    /// The assumption varied.
    pub name: String,
    /// The claim.
    pub claim: String,
    /// The target probability.
    pub target: f64,
    /// The range searched, `[lo, hi]`.
    pub searched: [f64; 2],
    /// Whether the claim's probability crosses the target in the range.
    pub status: Status,
    /// The value at which it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Lowest value within ±2 MCSE of the crossing (absent: below `lo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Highest value within ±2 MCSE of the crossing (absent: above `hi`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Which way the probability moves through the target as the value increases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Every value tried, increasing.
    pub evaluations: Vec<Evaluation>,
    /// How the search stopped and what the numbers mean.
    pub stopping_rule: String,
}

/// One value tried.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evaluation {
    /// The value.
    pub value: f64,
    /// The claim's probability there.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub mcse: f64,
}

/// Checks, before sampling, that both ends of the range give valid scenarios.
///
/// # Errors
/// The problems found at either end.
pub fn check(base: &Scenario, spec: &SolveSpec) -> Result<(), ScenarioError> {
    for x in [spec.range.0, spec.range.1] {
        base.with_overrides(&[at(spec, x)])?;
    }
    Ok(())
}

fn at(spec: &SolveSpec, x: f64) -> Override {
    Override {
        name: spec.name.clone(),
        expr: exact(x),
        origin: Origin::Solve,
    }
}

/// Runs the bisections.
///
/// # Errors
/// A value whose scenario is invalid or whose run fails.
pub fn solve(
    base: &Scenario,
    spec: &SolveSpec,
    settings: &Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SolveFile, WhatIfError> {
    let mut tried: Vec<Evaluation> = Vec::new();
    let mut eval = |x: f64| -> Result<Evaluation, WhatIfError> {
        if let Some(e) = tried.iter().find(|e| e.value == x) {
            return Ok(*e);
        }
        let s = base.with_overrides(&[at(spec, x)])?;
        let label = format!("{} = {}", spec.name, exact(x));
        let r = run_point(&s, settings, (0, 0), &label, progress)?;
        let c = r
            .claims
            .iter()
            .find(|c| c.id == spec.claim)
            .map(|c| *c.estimate())
            .expect("the claim was checked");
        let e = Evaluation {
            value: x,
            probability: c.probability,
            mcse: c.mcse,
        };
        tried.push(e);
        Ok(e)
    };
    let (lo, hi) = spec.range;
    let t = spec.target;
    let value = bisect(&mut eval, lo, hi, |e| e.probability - t)?;
    let (status, direction) = match value {
        Some(_) => {
            let rising = eval(hi)?.probability > eval(lo)?.probability;
            (
                Status::Crossed,
                Some(if rising {
                    Direction::Rising
                } else {
                    Direction::Falling
                }),
            )
        }
        None if eval(lo)?.probability >= t => (Status::AlwaysAbove, None),
        None => (Status::AlwaysBelow, None),
    };
    let (mut low, mut high) = (None, None);
    if let Some(d) = direction {
        let plus = bisect(&mut eval, lo, hi, |e| e.probability + 2.0 * e.mcse - t)?;
        let minus = bisect(&mut eval, lo, hi, |e| e.probability - 2.0 * e.mcse - t)?;
        (low, high) = match d {
            Direction::Rising => (plus, minus),
            Direction::Falling => (minus, plus),
        };
    }
    tried.sort_by(|a, b| a.value.total_cmp(&b.value));
    Ok(SolveFile {
        name: spec.name.clone(),
        claim: spec.claim.clone(),
        target: t,
        searched: [lo, hi],
        status,
        value,
        low,
        high,
        direction,
        evaluations: tried,
        stopping_rule: STOPPING_RULE.to_string(),
    })
}

/// The root of `h` on `[a, b]` by [`HALVINGS`] halvings and a final interpolation; `None` when
/// `h` has the same sign at both ends.
fn bisect(
    eval: &mut impl FnMut(f64) -> Result<Evaluation, WhatIfError>,
    mut a: f64,
    mut b: f64,
    h: impl Fn(&Evaluation) -> f64,
) -> Result<Option<f64>, WhatIfError> {
    let (mut ha, mut hb) = (h(&eval(a)?), h(&eval(b)?));
    if ha == 0.0 {
        return Ok(Some(a));
    }
    if hb == 0.0 {
        return Ok(Some(b));
    }
    if (ha > 0.0) == (hb > 0.0) {
        return Ok(None);
    }
    for _ in 0..HALVINGS {
        let m = a + (b - a) / 2.0;
        let hm = h(&eval(m)?);
        if hm == 0.0 {
            return Ok(Some(m));
        }
        if (hm > 0.0) == (ha > 0.0) {
            (a, ha) = (m, hm);
        } else {
            (b, hb) = (m, hm);
        }
    }
    Ok(Some(a + (b - a) * ha / (ha - hb)))
}
