//! Ranked columns, Pearson's correlation, and Spearman's rank correlation.
//!
//! Spearman's ρ is Pearson's correlation of the average ranks ([`average_ranks`]: ties share
//! the mean of the ranks they span; Kendall & Gibbons 1990, *Rank Correlation Methods*, ch. 3):
//!
//! ```text
//! ρ    = Σ (r_i − r̄)(s_i − s̄) / √( Σ (r_i − r̄)² · Σ (s_i − s̄)² )
//! ```
//!
//! Ranking is the only O(n log n) step, so [`Ranks`] is computed once per column and reused
//! against every output: `pearson(rx.as_slice(), ry.as_slice())` is Spearman's ρ in O(n).
//!
//! With importance weights (after evidence) the ranks are weighted mid-ranks
//! ([`crate::stats::weighted_midranks`]: positions on the cumulative weight scale) and ρ is the
//! weighted Pearson correlation of them ([`weighted_pearson`]): the rank correlation of the
//! weighted draws, which is the rank correlation under the posterior. With equal weights both
//! reduce to the unweighted forms.

use super::Weights;
use crate::stats::{average_ranks, ranks_and_order, weighted_midranks};

/// Lanes of the fixed-order, vectorisable sums in [`pearson`].
const LANES: usize = 4;

/// The average ranks (1-based, ties averaged) of one column of draws.
///
/// A column is ranked once and reused by every measure in this module: Spearman's ρ against any
/// output, and the equal-count bins of the given-data estimators.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranks {
    ranks: Vec<f64>,
    /// Position of the lowest possible rank: ½ for 1-based average ranks, 0 for weighted
    /// mid-ranks, so that `(r − shift) / total` lies in [0, 1].
    shift: f64,
    /// n for average ranks, the total weight for weighted mid-ranks.
    total: f64,
    /// The draws in ascending order of value (ties in draw order), for equal weights.
    order: Option<Vec<u32>>,
    /// The ranks' mean and centred sum of squares as [`pearson`] computes them (equal weights
    /// only): a function of this column alone, so computed once and not once per pair.
    spread: Option<Spread>,
}

/// A column's mean and its centred sum of squares, Σ (a − ā)², each summed exactly as
/// [`pearson`] sums them (the same lanes, the same order), so the same bits.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Spread {
    mean: f64,
    squares: f64,
}

impl Spread {
    fn of(a: &[f64]) -> Self {
        let mean = mean(a);
        let mut acc = [0.0; LANES];
        let chunks = a.chunks_exact(LANES);
        let tail = chunks.remainder();
        for x in chunks {
            for l in 0..LANES {
                let d = x[l] - mean;
                acc[l] += d * d;
            }
        }
        let mut squares = acc.iter().sum::<f64>();
        for &x in tail {
            let d = x - mean;
            squares += d * d;
        }
        Spread { mean, squares }
    }
}

impl Ranks {
    /// Ranks `x` (see [`average_ranks`]), keeping the draws' order ([`ranks_and_order`]).
    /// A bucket sort (up to 2^17 draws) or O(n) radix passes.
    pub fn new(x: &[f64]) -> Self {
        let (ranks, order) = match ranks_and_order(x) {
            Some((r, o)) => (r, Some(o)),
            None => (average_ranks(x), None),
        };
        Ranks {
            spread: Some(Spread::of(&ranks)),
            ranks,
            shift: 0.5,
            total: x.len() as f64,
            order,
        }
    }

    /// Ranks of `x` under `weights`: average ranks for equal weights, weighted mid-ranks for
    /// importance weights. O(n log n).
    pub fn weighted(x: &[f64], weights: Weights<'_>) -> Self {
        match weights {
            Weights::Equal => Ranks::new(x),
            Weights::Importance(w) => Ranks {
                ranks: weighted_midranks(x, w),
                shift: 0.0,
                total: w.iter().take(x.len()).sum(),
                order: None,
                spread: None,
            },
        }
    }

    /// `(shift, total)`: `(r − shift) / total` is a draw's position in [0, 1] on the
    /// (weighted) cumulative scale, the mid-point of the share of draws (or of weight) at or
    /// below it.
    pub fn scale(&self) -> (f64, f64) {
        (self.shift, self.total)
    }

    /// The ranks, one per draw, in the order of the draws.
    pub fn as_slice(&self) -> &[f64] {
        &self.ranks
    }

    /// The draws in ascending order of value, ties in draw order (equal weights only).
    pub fn order(&self) -> Option<&[u32]> {
        self.order.as_deref()
    }

    /// Number of draws.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// Spearman's ρ of this column and `other` under `weights`: bit for bit
    /// `weighted_pearson(self.as_slice(), other.as_slice(), weights)`, in one pass when both
    /// were ranked with equal weights (each column's mean and spread are kept).
    pub fn spearman(&self, other: &Ranks, weights: Weights<'_>) -> f64 {
        match (weights, self.spread, other.spread) {
            (Weights::Equal, Some(a), Some(b)) => pearson_spread(&self.ranks, a, &other.ranks, b),
            _ => weighted_pearson(&self.ranks, &other.ranks, weights),
        }
    }
}

/// Mean of `xs` by a fixed-order lane sum (the same bits on any machine and thread count).
pub(crate) fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let mut acc = [0.0; LANES];
    let chunks = xs.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l];
        }
    }
    let s = acc.iter().sum::<f64>() + tail.iter().sum::<f64>();
    s / xs.len() as f64
}

/// Pearson's correlation of two equal-length columns, by two passes (means, then centred sums).
///
/// Returns 0 when the lengths differ, when there are fewer than 2 values, or when either
/// column is constant (no variation, so no linear association can be measured). The result is
/// clamped to [−1, 1] against rounding. NaN values in the data give NaN.
///
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() || a.len() < 2 {
        return 0.0;
    }
    pearson_spread(a, Spread::of(a), b, Spread::of(b))
}

/// [`pearson`] given each column's [`Spread`]: only the cross sum is left to compute (its lanes
/// and order as before, so the same bits).
fn pearson_spread(a: &[f64], sa: Spread, b: &[f64], sb: Spread) -> f64 {
    if a.len() != b.len() || a.len() < 2 {
        return 0.0;
    }
    let (ma, mb) = (sa.mean, sb.mean);
    let mut sab = [0.0; LANES];
    let ca = a.chunks_exact(LANES);
    let cb = b.chunks_exact(LANES);
    let (ta, tb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..LANES {
            sab[l] += (x[l] - ma) * (y[l] - mb);
        }
    }
    let mut xy = sab.iter().sum::<f64>();
    for (&x, &y) in ta.iter().zip(tb) {
        xy += (x - ma) * (y - mb);
    }
    let (xx, yy) = (sa.squares, sb.squares);
    if xx.is_nan() || yy.is_nan() || xy.is_nan() {
        return f64::NAN;
    }
    if !(xx > 0.0 && yy > 0.0) {
        return 0.0;
    }
    // xy / √(xx·yy), not xy / (√xx·√yy): identical columns then give exactly 1.
    (xy / (xx * yy).sqrt()).clamp(-1.0, 1.0)
}

/// Weighted Pearson correlation of `a` and `b` with `weights` ([`pearson`] for equal weights):
///
/// ```text
/// ρ_w = Σ w (a − ā_w)(b − b̄_w) / √( Σ w (a − ā_w)² · Σ w (b − b̄_w)² ),   ā_w = Σ w a / Σ w
/// ```
///
/// 0 when the lengths differ, fewer than 2 draws carry weight, or either column is constant
/// over the weighted draws. Sums run in draw order on one thread.
pub fn weighted_pearson(a: &[f64], b: &[f64], weights: Weights<'_>) -> f64 {
    let w = match weights {
        Weights::Equal => return pearson(a, b),
        Weights::Importance(w) => w,
    };
    if a.len() != b.len() || w.len() != a.len() || a.len() < 2 {
        return 0.0;
    }
    let total: f64 = w.iter().sum();
    if !(total > 0.0) {
        return 0.0;
    }
    let (mut ma, mut mb) = (0.0, 0.0);
    for ((&x, &y), &wi) in a.iter().zip(b).zip(w) {
        ma += wi * x;
        mb += wi * y;
    }
    let (ma, mb) = (ma / total, mb / total);
    let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
    for ((&x, &y), &wi) in a.iter().zip(b).zip(w) {
        let (dx, dy) = (x - ma, y - mb);
        xy += wi * dx * dy;
        xx += wi * dx * dx;
        yy += wi * dy * dy;
    }
    if xx.is_nan() || yy.is_nan() || xy.is_nan() {
        return f64::NAN;
    }
    if !(xx > 0.0 && yy > 0.0) {
        return 0.0;
    }
    (xy / (xx * yy).sqrt()).clamp(-1.0, 1.0)
}

/// Spearman's rank correlation of `x` and `y`, in [−1, 1], with average ranks for ties.
///
/// 0 when either column is constant, the lengths differ, or n < 2. Never NaN (NaN draws are
/// ranked, see [`average_ranks`]). Runs rank each column once with [`Ranks::new`] and call
/// [`pearson`] on the rank slices ([`super::analyse`]); this single-pair form is the tests'.
#[cfg(test)]
pub(crate) fn spearman(x: &[f64], y: &[f64]) -> f64 {
    if x.len() != y.len() {
        return 0.0;
    }
    pearson(&average_ranks(x), &average_ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_cases() {
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), 1.0);
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), 0.0);
        assert_eq!(pearson(&[1.0, 2.0], &[1.0]), 0.0);
        assert_eq!(pearson(&[1.0], &[1.0]), 0.0);
        assert_eq!(
            pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 4.0, 3.0, 2.0, 1.0]),
            -1.0
        );
        let r = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[1.0, 3.0, 2.0, 5.0, 4.0]);
        assert!((r - 0.8).abs() < 1e-15, "{r}");
        assert!(pearson(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]).is_nan());
    }

    /// [`pearson`] as it was before each column's spread was kept: three lane sums in one pass.
    fn pearson_in_one_pass(a: &[f64], b: &[f64]) -> f64 {
        if a.len() != b.len() || a.len() < 2 {
            return 0.0;
        }
        let (ma, mb) = (mean(a), mean(b));
        let (mut sab, mut saa, mut sbb) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
        let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            for l in 0..LANES {
                let (dx, dy) = (x[l] - ma, y[l] - mb);
                sab[l] += dx * dy;
                saa[l] += dx * dx;
                sbb[l] += dy * dy;
            }
        }
        let sum = |s: [f64; LANES]| s.iter().sum::<f64>();
        let (mut xy, mut xx, mut yy) = (sum(sab), sum(saa), sum(sbb));
        for (&x, &y) in ta.iter().zip(tb) {
            let (dx, dy) = (x - ma, y - mb);
            xy += dx * dy;
            xx += dx * dx;
            yy += dy * dy;
        }
        if xx.is_nan() || yy.is_nan() || xy.is_nan() {
            return f64::NAN;
        }
        if !(xx > 0.0 && yy > 0.0) {
            return 0.0;
        }
        (xy / (xx * yy).sqrt()).clamp(-1.0, 1.0)
    }

    /// The kept spreads give the one-pass correlation bit for bit: continuous, tied and
    /// constant columns of lengths with and without a tail past the lanes.
    #[test]
    fn kept_spread_is_the_one_pass_pearson() {
        use crate::test_stats::rng;
        use rand::Rng;
        let mut r = rng(5);
        for n in [2, 3, 21, 1000, 1003] {
            let columns: Vec<Vec<f64>> = vec![
                (0..n).map(|_| r.random::<f64>()).collect(),
                (0..n).map(|_| f64::from(r.random_range(0..4u8))).collect(),
                (0..n).map(|_| r.random::<f64>().exp() * 1e3).collect(),
                vec![2.0; n],
            ];
            for a in &columns {
                let ra = Ranks::new(a);
                for b in &columns {
                    let rb = Ranks::new(b);
                    let old = pearson_in_one_pass(ra.as_slice(), rb.as_slice());
                    assert_eq!(ra.spearman(&rb, Weights::Equal).to_bits(), old.to_bits());
                    assert_eq!(pearson(a, b).to_bits(), pearson_in_one_pass(a, b).to_bits());
                    let w: Vec<f64> = (0..n).map(|i| 1.0 + (i % 3) as f64).collect();
                    let (wa, wb) = (
                        Ranks::weighted(a, Weights::Importance(&w)),
                        Ranks::weighted(b, Weights::Importance(&w)),
                    );
                    let weighted =
                        weighted_pearson(wa.as_slice(), wb.as_slice(), Weights::Importance(&w));
                    assert_eq!(
                        wa.spearman(&wb, Weights::Importance(&w)).to_bits(),
                        weighted.to_bits()
                    );
                }
            }
        }
    }

    #[test]
    fn weighted_pearson_cases() {
        let (a, b) = ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 3.0, 2.0, 5.0, 4.0]);
        let equal = weighted_pearson(&a, &b, Weights::Importance(&[2.0; 5]));
        assert!((equal - 0.8).abs() < 1e-12, "{equal}");
        // Weight 2 on a draw is the same as that draw twice.
        let w = [1.0, 2.0, 1.0, 1.0, 1.0];
        let (a2, b2) = (
            [1.0, 2.0, 2.0, 3.0, 4.0, 5.0],
            [1.0, 3.0, 3.0, 2.0, 5.0, 4.0],
        );
        let r = weighted_pearson(&a, &b, Weights::Importance(&w));
        assert!((r - pearson(&a2, &b2)).abs() < 1e-12, "{r}");
        // Zero weights drop draws; one draw left is no correlation.
        let only = [0.0, 0.0, 1.0, 0.0, 0.0];
        assert_eq!(weighted_pearson(&a, &b, Weights::Importance(&only)), 0.0);
        assert_eq!(weighted_pearson(&a, &b, Weights::Equal), pearson(&a, &b));
    }

    #[test]
    fn spearman_cases() {
        // Textbook example with ties: ρ of (1, 2, 2, 3) and (1, 3, 2, 4).
        let r = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]);
        let expected = 4.5 / (4.5f64 * 5.0).sqrt();
        assert!((r - expected).abs() < 1e-15, "{r} vs {expected}");
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]), 0.0);
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[9.0, 4.0, 1.0]), -1.0);
        let x = [0.1, 0.5, 0.2, 0.9];
        let y: Vec<f64> = x.iter().map(|v: &f64| v.exp()).collect();
        assert_eq!(spearman(&x, &y), 1.0);
    }
}
