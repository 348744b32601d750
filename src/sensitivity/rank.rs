//! Average ranks, Pearson's correlation, and Spearman's rank correlation.
//!
//! Spearman's ρ is Pearson's correlation of the ranks, with tied values given the average of
//! the ranks they span (Kendall & Gibbons 1990, *Rank Correlation Methods*, 5th ed., ch. 3):
//!
//! ```text
//! r_i  = 1 + #{j : x_j < x_i} + (#{j : x_j = x_i} − 1) / 2        (1-based average rank)
//! ρ    = Σ (r_i − r̄)(s_i − s̄) / √( Σ (r_i − r̄)² · Σ (s_i − s̄)² )
//! ```
//!
//! Ranking is the only O(n log n) step, so [`Ranks`] is computed once per column and reused
//! against every output: `pearson(rx.as_slice(), ry.as_slice())` is Spearman's ρ in O(n).

/// Lanes of the fixed-order, vectorisable sums in [`pearson`].
const LANES: usize = 4;

/// The average ranks (1-based, ties averaged) of one column of draws.
///
/// A column is ranked once and reused by every measure in this module: Spearman's ρ against any
/// output, and the equal-count bins of the given-data estimators.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranks {
    ranks: Vec<f64>,
}

impl Ranks {
    /// Ranks `x` (see [`ranks`]). O(n log n).
    pub fn new(x: &[f64]) -> Self {
        Ranks { ranks: ranks(x) }
    }

    /// The ranks, one per draw, in the order of the draws.
    pub fn as_slice(&self) -> &[f64] {
        &self.ranks
    }

    /// Number of draws.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// True when there are no draws.
    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }
}

/// A key whose unsigned order is the numeric order of `x`: −0.0 and +0.0 tie; NaNs (which the
/// engine never produces) sort after +∞ (or before −∞ when their sign bit is set), as in
/// [`f64::total_cmp`].
#[inline]
fn order_key(x: f64) -> u64 {
    let x = if x == 0.0 { 0.0 } else { x };
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Average ranks of `x`: 1 for the smallest value, n for the largest, and tied values get the
/// mean of the ranks they span (so the ranks always sum to n(n + 1)/2).
///
/// Cost: one sort of (key, index) pairs, O(n log n): about 60–70 ms of CPU for 10^6 draws.
///
/// ```
/// use shellcount::sensitivity::ranks;
/// assert_eq!(ranks(&[10.0, -1.0, 10.0, 3.0]), [3.5, 1.0, 3.5, 2.0]);
/// ```
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut keyed: Vec<(u64, usize)> = x.iter().map(|&v| order_key(v)).zip(0..).collect();
    // The pairs are distinct (indices differ), so the sorted order is unique. (An LSD radix
    // sort of the pairs measured no faster here: both are memory-bound at 16 bytes a pair.)
    keyed.sort_unstable();
    let mut out = vec![0.0; x.len()];
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0;
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == key {
            end += 1;
        }
        // 0-based positions start..end−1 ⇒ 1-based average rank (start + end + 1) / 2.
        let rank = (start + end + 1) as f64 / 2.0;
        for &(_, i) in &keyed[start..end] {
            out[i] = rank;
        }
        start = end;
    }
    out
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
/// ```
/// use shellcount::sensitivity::pearson;
/// assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), 1.0);
/// assert_eq!(pearson(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), 0.0);
/// ```
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() || a.len() < 2 {
        return 0.0;
    }
    let (ma, mb) = (mean(a), mean(b));
    let mut sab = [0.0; LANES];
    let mut saa = [0.0; LANES];
    let mut sbb = [0.0; LANES];
    let ca = a.chunks_exact(LANES);
    let cb = b.chunks_exact(LANES);
    let (ta, tb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..LANES {
            let (dx, dy) = (x[l] - ma, y[l] - mb);
            sab[l] += dx * dy;
            saa[l] += dx * dx;
            sbb[l] += dy * dy;
        }
    }
    let (mut xy, mut xx, mut yy) = (
        sab.iter().sum::<f64>(),
        saa.iter().sum::<f64>(),
        sbb.iter().sum::<f64>(),
    );
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
    // xy / √(xx·yy), not xy / (√xx·√yy): identical columns then give exactly 1.
    (xy / (xx * yy).sqrt()).clamp(-1.0, 1.0)
}

/// Spearman's rank correlation of `x` and `y`, in [−1, 1], with average ranks for ties.
///
/// 0 when either column is constant, the lengths differ, or n < 2. Never NaN (NaN draws are
/// ranked, see [`ranks`]). To correlate one input with many outputs, rank each column once
/// with [`Ranks::new`] and call [`pearson`] on the rank slices.
///
/// ```
/// use shellcount::sensitivity::spearman;
/// let x = [0.1, 0.5, 0.2, 0.9];
/// let y: Vec<f64> = x.iter().map(|v: &f64| v.exp()).collect();
/// assert_eq!(spearman(&x, &y), 1.0);
/// ```
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    if x.len() != y.len() {
        return 0.0;
    }
    pearson(&ranks(x), &ranks(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_with_ties_and_signed_zero() {
        assert_eq!(ranks(&[]), Vec::<f64>::new());
        assert_eq!(ranks(&[7.0]), [1.0]);
        assert_eq!(ranks(&[2.0, 2.0, 2.0]), [2.0, 2.0, 2.0]);
        assert_eq!(ranks(&[-0.0, 0.0, -1.0]), [2.5, 2.5, 1.0]);
        assert_eq!(
            ranks(&[f64::INFINITY, 1.0, f64::NEG_INFINITY, 1.0, 0.5]),
            [5.0, 3.5, 1.0, 3.5, 2.0]
        );
        let r = ranks(&[3.0, f64::NAN, 1.0]);
        assert_eq!(r, [2.0, 3.0, 1.0]);
    }

    #[test]
    fn ranks_sum_is_triangular() {
        let x: Vec<f64> = (0..1000).map(|i| ((i * 37) % 101) as f64).collect();
        let s: f64 = ranks(&x).iter().sum();
        assert_eq!(s, 1000.0 * 1001.0 / 2.0);
    }

    #[test]
    fn pearson_cases() {
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

    #[test]
    fn spearman_cases() {
        // Textbook example with ties: ρ of (1, 2, 2, 3) and (1, 3, 2, 4).
        let r = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]);
        let expected = 4.5 / (4.5f64 * 5.0).sqrt();
        assert!((r - expected).abs() < 1e-15, "{r} vs {expected}");
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]), 0.0);
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[9.0, 4.0, 1.0]), -1.0);
    }
}
