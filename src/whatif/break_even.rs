//! Break-even values: where a claim's probability, as a function of a swept value, crosses a
//! target (50%: the claim becomes more likely than not; 10% and 90%), and how sure that is.
//!
//! The curve is the estimates at the points, joined by straight lines; a crossing is where that
//! line meets the target. Its uncertainty comes from the Monte Carlo error band: joining
//! `p − 2·MCSE` and `p + 2·MCSE` the same way, `low` and `high` bound the stretch of values
//! around the crossing over which the target lies inside the band, i.e. values the simulation
//! cannot tell apart from the crossing:
//!
//! ```text
//! crossing   x*: p(x*) = t, with p linear between points
//! band       [low, high] ∋ x*, the largest interval on which p(x) − 2 se(x) ≤ t ≤ p(x) + 2 se(x)
//!            (None on a side where it reaches the end of the sweep)
//! ```
//!
//! This is Monte Carlo uncertainty only: the straight lines between points are an assumption
//! (sweep more finely, or use `--solve`, where the curve bends), and the assumptions themselves
//! are the scenario's. A curve that crosses several times gives one entry per crossing.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The targets every claim is checked against.
pub const TARGETS: [f64; 3] = [0.1, 0.5, 0.9];

/// Whether a crossing was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The estimate crosses the target between two points (or at one).
    Crossed,
    /// The estimate is at or above the target at every point.
    AlwaysAbove,
    /// The estimate is at or below the target at every point (below at some).
    AlwaysBelow,
}

/// Which way the probability moves through the target as the value increases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Below the target before the crossing, above after.
    Rising,
    /// Above the target before the crossing, below after.
    Falling,
}

/// One break-even value (or its absence) of one claim for one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BreakEven {
    /// The target probability (0.1, 0.5 or 0.9).
    pub target: f64,
    /// In a grid: the value of the second swept assumption along which this one is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<f64>,
    /// Whether the estimate crosses the target.
    pub status: Status,
    /// The crossing, interpolated linearly between points (in the swept assumption's unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The two swept values around the crossing, `[a, b]`: the estimate is on one side of the
    /// target at `a` and on the other at `b` (points in between, if any, sit on the target). The
    /// curve between them was not computed, so the crossing is somewhere in `[a, b]`; `value`
    /// is where a straight line puts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between: Option<[f64; 2]>,
    /// Lowest value within ±2 MCSE of the crossing; absent when that stretch reaches the
    /// sweep's lowest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Highest value within ±2 MCSE of the crossing; absent when it reaches the highest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Which way the probability moves through the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// The break-even values of one curve (`xs` increasing; estimates `p` with errors `se`) for
/// `target`: one entry per crossing, or one saying the curve stays on one side.
pub fn break_even(xs: &[f64], p: &[f64], se: &[f64], target: f64) -> Vec<BreakEven> {
    let d: Vec<f64> = p.iter().map(|p| p - target).collect();
    let sign = |v: f64| (v > 0.0) as i8 - (v < 0.0) as i8;
    let mut out = Vec::new();
    let mut prev: Option<usize> = None; // last point off the target
    for i in 0..xs.len() {
        if sign(d[i]) == 0 {
            continue;
        }
        if let Some(j) = prev {
            if sign(d[j]) != sign(d[i]) {
                let x = if i == j + 1 {
                    xs[j] + (xs[i] - xs[j]) * d[j] / (d[j] - d[i])
                } else {
                    (xs[j + 1] + xs[i - 1]) / 2.0 // the points between sit on the target
                };
                let direction = if d[i] > 0.0 {
                    Direction::Rising
                } else {
                    Direction::Falling
                };
                let (low, high) = band(xs, p, se, target, x);
                out.push(BreakEven {
                    target,
                    by: None,
                    status: Status::Crossed,
                    value: Some(x),
                    between: Some([xs[j], xs[i]]),
                    low,
                    high,
                    direction: Some(direction),
                });
            }
        }
        prev = Some(i);
    }
    if out.is_empty() {
        let above = d.iter().all(|&v| v >= 0.0);
        out.push(BreakEven {
            target,
            by: None,
            status: if above {
                Status::AlwaysAbove
            } else {
                Status::AlwaysBelow
            },
            value: None,
            between: None,
            low: None,
            high: None,
            direction: None,
        });
    }
    out
}

/// The stretch around `x` where the target lies within ±2 standard errors of the estimate.
fn band(xs: &[f64], p: &[f64], se: &[f64], t: f64, x: f64) -> (Option<f64>, Option<f64>) {
    let lo: Vec<f64> = p.iter().zip(se).map(|(p, s)| p - 2.0 * s - t).collect();
    let hi: Vec<f64> = p.iter().zip(se).map(|(p, s)| p + 2.0 * s - t).collect();
    let inside = |i: usize| lo[i] <= 0.0 && hi[i] >= 0.0;
    // The boundary in segment (a, b), where `a` is outside and the walk comes from `b`'s side.
    let edge = |a: usize, b: usize| {
        let f = if lo[a] > 0.0 { &lo } else { &hi };
        xs[a] + (xs[b] - xs[a]) * f[a] / (f[a] - f[b])
    };
    let right = xs.partition_point(|&v| v <= x); // first point strictly right of x
    let mut low = None;
    let mut i = right;
    while i > 0 {
        i -= 1;
        if xs[i] > x {
            continue;
        }
        if !inside(i) {
            let b = (i + 1).min(xs.len() - 1);
            low = Some(edge(i, b).max(xs[i]).min(x));
            break;
        }
    }
    let mut high = None;
    for (i, _) in xs.iter().enumerate().skip(right) {
        if !inside(i) {
            let b = i.saturating_sub(1);
            high = Some(edge(i, b).min(xs[i]).max(x));
            break;
        }
    }
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rising_line_crosses_where_it_meets_the_target() {
        let xs = [0.0, 1.0, 2.0, 3.0];
        let p = [0.2, 0.4, 0.6, 0.8];
        let se = [0.01; 4];
        let b = break_even(&xs, &p, &se, 0.5);
        assert_eq!(b.len(), 1);
        assert!((b[0].value.unwrap() - 1.5).abs() < 1e-12);
        assert_eq!(b[0].direction, Some(Direction::Rising));
        assert_eq!(b[0].between, Some([1.0, 2.0]));
        // Band: p ± 0.02 meets 0.5 where p = 0.48 and 0.52: x = 1.4 and 1.6.
        assert!((b[0].low.unwrap() - 1.4).abs() < 1e-9, "{b:?}");
        assert!((b[0].high.unwrap() - 1.6).abs() < 1e-9, "{b:?}");
    }

    #[test]
    fn wide_bands_reach_the_ends_and_no_crossing_says_which_side() {
        let xs = [0.0, 1.0];
        let b = break_even(&xs, &[0.45, 0.55], &[0.1, 0.1], 0.5);
        assert_eq!((b[0].low, b[0].high), (None, None));
        let b = break_even(&xs, &[0.7, 0.95], &[0.01, 0.01], 0.5);
        assert_eq!(b[0].status, Status::AlwaysAbove);
        let b = break_even(&xs, &[0.7, 0.95], &[0.01, 0.01], 0.9);
        assert_eq!(b[0].direction, Some(Direction::Rising));
        let b = break_even(&xs, &[0.2, 0.05], &[0.01, 0.01], 0.5);
        assert_eq!(b[0].status, Status::AlwaysBelow);
    }

    #[test]
    fn points_on_the_target_and_several_crossings() {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0];
        let b = break_even(&xs, &[0.4, 0.5, 0.5, 0.6, 0.6], &[0.0; 5], 0.5);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].value, Some(1.5));
        assert_eq!(b[0].between, Some([0.0, 3.0]));
        let b = break_even(&xs, &[0.4, 0.6, 0.4, 0.6, 0.6], &[0.0; 5], 0.5);
        let at: Vec<f64> = b.iter().map(|b| b.value.unwrap()).collect();
        assert_eq!(at, [0.5, 1.5, 2.5]);
        assert_eq!(b[1].direction, Some(Direction::Falling));
        // A curve that touches the target without crossing it does not cross.
        let b = break_even(&xs[..3], &[0.4, 0.5, 0.4], &[0.0; 3], 0.5);
        assert_eq!(b[0].status, Status::AlwaysBelow);
    }
}
