//! Weighted draws: Kish's effective sample size ([`ess`]) and weighted quantiles (one
//! definition, the *weighted midpoint rule*), used for the summaries after evidence and the
//! given-data sensitivity measures on weighted draws.
//!
//! ```text
//! ESS = (Σ w_i)² / Σ w_i²          Kish 1965, *Survey Sampling*, §11.7
//! ```
//!
//! n for equal weights, 1 when one draw carries all the weight.
//!
//! Quantiles use one definition, the *weighted midpoint rule*. Draws with zero weight are
//! dropped; the rest are sorted by value, each placed at the middle of its share of the
//! cumulative weight, and those positions are stretched linearly so the first sits at p = 0
//! and the last at p = 1; Q(p) interpolates linearly between neighbours:
//!
//! ```text
//! x(1) ≤ … ≤ x(m),  weights w(k) > 0,  S(k) = w(1) + … + w(k)
//! C(k) = S(k) − w(k)/2                           midpoint of draw k's weight
//! c    = C(1) + p (C(m) − C(1))                  target on the same scale
//! Q(p) = x(k) + (c − C(k)) / (C(k+1) − C(k)) · (x(k+1) − x(k)),   C(k) ≤ c ≤ C(k+1)
//! ```
//!
//! With equal weights C(k) = (k − ½)/m and c = (½ + p (m − 1))/m, so the interpolation
//! fraction is (m − 1)p − (k − 1): exactly Hyndman & Fan's (1996) definition 7 (R-7, numpy's
//! default), which [`super::quantile`] uses for unweighted columns; the exact arithmetic of
//! `super::weighted_rule` (weights as integers of 2⁻⁶³ of the largest, exact sums, draws
//! ordered by value then weight) makes the two agree bit for bit, and makes the result
//! independent of the order of the draws, so the streaming mode computes the same bits.

use super::weighted_rule::{ranked, ranked_units, resolve_run, targets, units};

/// Kish's effective sample size of non-negative weights (any scale); 0 when all are 0 or
/// there are none.
pub fn ess(w: &[f64]) -> f64 {
    let max = w.iter().copied().fold(0.0, f64::max);
    let any_positive = max > 0.0; // false for NaN
    if !any_positive {
        return 0.0;
    }
    let (s, s2) = w.iter().fold((0.0, 0.0), |(s, s2), &v| {
        let r = v / max;
        (s + r, s2 + r * r)
    });
    s * s / s2
}

/// Weights divided by their largest, or `None` if none is positive.
fn relative(w: &[f64]) -> Option<Vec<f64>> {
    let max = w.iter().copied().fold(0.0, f64::max);
    (max > 0.0).then(|| w.iter().map(|v| v / max).collect())
}

/// Weighted quantiles of `x` at each probability in `probs`, by the weighted midpoint rule in
/// the module docs (R-7 when the positive weights are equal), in the exact arithmetic of
/// `super::weighted_rule` (the streaming mode's, bit for bit).
///
/// Probabilities are clamped to [0, 1]; Q(0) and Q(1) are the smallest and largest values with
/// positive weight. A NaN probability, or no positive weight, gives NaN. Cost: one sort of the
/// draws with positive weight, O(n log n), then O(log n) per probability.
///
/// # Panics
/// If `x` and `w` differ in length.
pub fn weighted_quantiles(x: &[f64], w: &[f64], probs: &[f64]) -> Vec<f64> {
    assert_eq!(x.len(), w.len(), "one weight per draw");
    let Some(r) = relative(w) else {
        return vec![f64::NAN; probs.len()];
    };
    let mut run: Vec<u128> = x
        .iter()
        .zip(&r)
        .filter(|(_, &r)| r > 0.0)
        .map(|(&x, &r)| ranked(x, units(r)))
        .collect();
    run.sort_unstable();
    let total: u128 = run.iter().map(|&r| u128::from(ranked_units(r))).sum();
    let (d0, ts) = targets(probs, run[0], run[run.len() - 1], total);
    resolve_run(&run, 0, (None, None), d0, &ts)
}
