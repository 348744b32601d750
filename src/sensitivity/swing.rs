//! Swing: how far the output moves when one input goes from low to high, read off the draws
//! (a given-data analogue of the one-at-a-time "tornado" swing, e.g. Clemen & Reilly 2014,
//! *Making Hard Decisions*, ch. 5, but averaging over every other input instead of fixing it).
//!
//! ```text
//! low band  L = { i : Q_x(0.05) ≤ x_i ≤ Q_x(0.15) }     draws with x near its p10
//! high band H = { i : Q_x(0.85) ≤ x_i ≤ Q_x(0.95) }     draws with x near its p90
//! swing (numeric output) = median{ y_i : i ∈ H } − median{ y_i : i ∈ L }
//! swing (claim)          = mean{ flag_i : i ∈ H } − mean{ flag_i : i ∈ L }
//! ```
//!
//! Q_x is the R-7 sample quantile and medians are R-7 medians ([`crate::stats::quantile`]),
//! so each band holds about 10% of the draws. The swing is positive when the output rises with
//! the input, in the output's unit (for a claim: the change in its probability, in [−1, 1]).
//! Bands are defined by values, not positions, so a discrete input gets whole levels: for an
//! input that is 0 or 1 with equal odds the swing compares the draws with x = 0 and x = 1.
//!
//! Noise: each band median has standard error ≈ 1.25 σ/√(0.1 n) for a roughly normal output
//! (σ its spread within the band), so for n = 10^5 about 0.013 σ.
//!
//! With importance weights (after evidence) the band edges are weighted quantiles of x, the
//! medians weighted medians and the shares weighted shares (all by the weighted midpoint rule,
//! [`crate::stats::weighted_quantiles`], which is R-7 for equal weights).

use super::{Weights, MIN_DRAWS};
use crate::stats::{quantiles_r7, weighted_quantiles};

/// The band around p10 (its edges as probabilities).
pub const LOW_BAND: [f64; 2] = [0.05, 0.15];
/// The band around p90 (its edges as probabilities).
pub const HIGH_BAND: [f64; 2] = [0.85, 0.95];

/// Which draws of one input fall in its low and high bands; computed once per input and
/// applied to every output.
#[derive(Debug, Clone, PartialEq)]
pub struct SwingBands {
    n: usize,
    low: Vec<usize>,
    high: Vec<usize>,
    weights: Option<Vec<f64>>,
}

impl SwingBands {
    /// The bands of input `x` with the draws weighted by `weights`; `None` when it has fewer
    /// than [`MIN_DRAWS`] draws (or importance weights that do not fit them). Cost: a copy and
    /// a selection, O(n) (a sort, O(n log n), with importance weights).
    pub fn new(x: &[f64], weights: Weights<'_>) -> Option<Self> {
        if x.len() < MIN_DRAWS || !weights.fits(x.len()) {
            return None;
        }
        let edges = [LOW_BAND[0], LOW_BAND[1], HIGH_BAND[0], HIGH_BAND[1]];
        let (q, kept) = match weights {
            Weights::Equal => (quantiles_r7(&mut x.to_vec(), &edges), None),
            Weights::Importance(w) => (weighted_quantiles(x, w, &edges), Some(w.to_vec())),
        };
        let within = |lo: f64, hi: f64| -> Vec<usize> {
            (0..x.len()).filter(|&i| lo <= x[i] && x[i] <= hi).collect()
        };
        Some(SwingBands {
            n: x.len(),
            low: within(q[0], q[1]),
            high: within(q[2], q[3]),
            weights: kept,
        })
    }

    /// Swing of a numeric output: median in the high band minus median in the low band.
    /// 0 when `y` has the wrong length.
    pub fn swing(&self, y: &[f64]) -> f64 {
        if y.len() != self.n {
            return 0.0;
        }
        let median_in = |band: &[usize]| {
            let mut v: Vec<f64> = band.iter().map(|&i| y[i]).collect();
            match &self.weights {
                None => quantiles_r7(&mut v, &[0.5])[0],
                Some(w) => {
                    let bw: Vec<f64> = band.iter().map(|&i| w[i]).collect();
                    weighted_quantiles(&v, &bw, &[0.5])[0]
                }
            }
        };
        let d = median_in(&self.high) - median_in(&self.low);
        if d.is_nan() {
            0.0
        } else {
            d
        }
    }

    /// Swing of a claim: its probability in the high band minus that in the low band.
    /// 0 when `flags` has the wrong length.
    pub fn swing_flags(&self, flags: &[u8]) -> f64 {
        if flags.len() != self.n {
            return 0.0;
        }
        let weight = |i: usize| self.weights.as_ref().map_or(1.0, |w| w[i]);
        let share_in = |band: &[usize]| {
            let (held, all) = band.iter().fold((0.0, 0.0), |(h, a), &i| {
                let w = weight(i);
                (if flags[i] != 0 { h + w } else { h }, a + w)
            });
            if all > 0.0 {
                held / all
            } else {
                0.0
            }
        };
        share_in(&self.high) - share_in(&self.low)
    }
}

/// How far the median of `y` moves when input `x` goes from about its p10 to its p90 (see the
/// module docs), in the unit of `y`; positive when y rises with x.
///
/// 0 when n < [`MIN_DRAWS`], the lengths differ, or x is constant (both bands are then every
/// draw). Never NaN: a NaN median (possible only with NaN values in `y`) is reported as 0.
/// Runs use [`SwingBands`] once per input ([`super::analyse`]); this form is the tests'.
#[cfg(test)]
pub(crate) fn swing(x: &[f64], y: &[f64]) -> f64 {
    if x.len() != y.len() {
        return 0.0;
    }
    SwingBands::new(x, Weights::Equal).map_or(0.0, |b| b.swing(y))
}

/// How much the probability of a claim changes when input `x` goes from about its p10 to its
/// p90 (see the module docs), in [−1, 1]; positive when the claim becomes likelier as x rises.
///
/// 0 when n < [`MIN_DRAWS`], the lengths differ, or x is constant.
#[cfg(test)]
pub(crate) fn swing_flags(x: &[f64], flags: &[u8]) -> f64 {
    if x.len() != flags.len() {
        return 0.0;
    }
    SwingBands::new(x, Weights::Equal).map_or(0.0, |b| b.swing_flags(flags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_output() {
        let x: Vec<f64> = (0..1000).map(f64::from).collect();
        let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
        // Bands: x in 50..=149 and 850..=949, so the medians of y are 199 and 1799.
        assert_eq!(swing(&x, &y), 1600.0);
    }

    #[test]
    fn degenerate_cases() {
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        assert_eq!(swing(&x[..19], &x[..19]), 0.0);
        assert_eq!(swing(&x, &x[..99]), 0.0);
        assert_eq!(swing(&[5.0; 100], &x), 0.0);
        assert_eq!(swing_flags(&[5.0; 100], &[1; 100]), 0.0);
        assert_eq!(swing_flags(&x, &[1; 99]), 0.0);
    }

    #[test]
    fn discrete_input_compares_its_levels() {
        let x: Vec<f64> = (0..1000).map(|i| f64::from(i % 2)).collect();
        let y: Vec<f64> = (0..1000)
            .map(|i| f64::from(i % 2) * 10.0 + f64::from(i % 7))
            .collect();
        assert_eq!(swing(&x, &y), 10.0);
        let flags: Vec<u8> = (0..1000)
            .map(|i| u8::from(i % 2 == 1 && i % 3 == 0))
            .collect();
        // P(claim | x = 1) = P(i ≡ 3 mod 6 | i odd) = 1/3; P(claim | x = 0) = 0.
        assert!((swing_flags(&x, &flags) - 167.0 / 500.0).abs() < 1e-15);
    }
}
