//! Per-column summaries: moments, the [`SUMMARY_PROBS`] quantiles, a histogram and an
//! exceedance curve.
//!
//! Memory: the column itself is never reordered; order statistics are found in one caller-owned
//! scratch copy, reused from column to column, so a thread summarising columns one after another
//! holds one extra column at most. [`summarize_with_curves`] does everything with a single copy
//! and a single selection; [`summarize`] is its first half.
//!
//! The exceedance curve is read from exact order statistics (see [`super::select`]):
//!
//! ```text
//! j_k = round(k (n − 1) / 200),  k = 0, …, 200
//! point k = ( x(j_k),  #{i : x_i ≥ x(j_k)} / n )
//! ```
//!
//! so ties (discrete quantities) give the true P(X ≥ x), not 1 − j/n. Consecutive points with the
//! same x are merged.

use super::curves::{Histogram, QuantityCurves};
use super::moments::Moments;
use super::quantile::{r7_interpolate, r7_position, SUMMARY_PROBS};
use super::select::{order_statistics, order_statistics_of_copy, OrderStat};

/// Largest number of histogram bins (fewer, ⌈√n⌉, for small samples).
pub const HISTOGRAM_BINS: usize = 60;
/// Number of steps of the exceedance curve (it has up to one more point than this).
pub const EXCEEDANCE_STEPS: usize = 200;

/// Summary statistics of one column of draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnStats {
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 denominator; NaN for a single draw).
    pub sd: f64,
    /// Smallest draw.
    pub min: f64,
    /// Largest draw.
    pub max: f64,
    /// R-7 quantiles at [`SUMMARY_PROBS`] (p1, p5, p10, p25, p50, p75, p90, p95, p99).
    pub quantiles: [f64; 9],
    /// Monte Carlo standard error of the mean: sd / √n.
    pub mcse_mean: f64,
    /// Monte Carlo standard errors of the quantiles (see [`quantile_se_ranks`]).
    pub quantile_se: [f64; 9],
}

/// Ranks of the order statistics that bound a distribution-free 95% confidence interval for
/// the p-quantile of n draws: `n p ∓ 1.96 √(n p (1 − p))`, clamped to `0..n`. The quantile's
/// standard error is estimated as `(x(u) − x(l)) / (2 × 1.96)` (the normal approximation to the
/// binomial count of draws below the quantile; e.g. Hahn & Meeker 1991, ch. 5).
pub fn quantile_se_ranks(n: usize, p: f64) -> (usize, usize) {
    let nf = n as f64;
    let half = 1.96 * (nf * p * (1.0 - p)).sqrt();
    let last = n.saturating_sub(1) as f64;
    let l = (nf * p - half).floor().clamp(0.0, last) as usize;
    let u = (nf * p + half).ceil().clamp(0.0, last) as usize;
    (l, u)
}

/// Moments and quantiles of `col`, using `scratch` (overwritten) for the selection.
pub fn summarize(col: &[f64], scratch: &mut Vec<f64>) -> ColumnStats {
    analyze(col, scratch, false).0
}

/// [`summarize`] plus the histogram and exceedance curve, with one copy of the column and one
/// selection.
///
/// Cost: about four passes over the column (two for the moments, one copying it while binning
/// it, one gathering the wanted bins); about 60 ms for 10^7 draws on one core.
pub fn summarize_with_curves(col: &[f64], scratch: &mut Vec<f64>) -> (ColumnStats, QuantityCurves) {
    let (stats, curves) = analyze(col, scratch, true);
    let empty = Histogram {
        lo: f64::NAN,
        width: 0.0,
        counts: Vec::new(),
    };
    (
        stats,
        curves.unwrap_or(QuantityCurves {
            histogram: empty,
            exceedance: Vec::new(),
        }),
    )
}

/// Moments, quantiles and (if `with_curves`) histogram and exceedance curve.
fn analyze(
    col: &[f64],
    scratch: &mut Vec<f64>,
    with_curves: bool,
) -> (ColumnStats, Option<QuantityCurves>) {
    let m = Moments::from_slice(col);
    let n = col.len();
    let positions = SUMMARY_PROBS.map(|p| r7_position(n, p));
    let mut ranks: Vec<usize> = positions
        .iter()
        .flat_map(|&(j, g)| [j, j + usize::from(g > 0.0)])
        .collect();
    let se_ranks = SUMMARY_PROBS.map(|p| quantile_se_ranks(n, p));
    if n > 0 {
        ranks.extend(se_ranks.iter().flat_map(|&(l, u)| [l, u]));
    }
    if with_curves && n > 0 {
        ranks.extend(exceedance_ranks(n));
    }
    let mut hist = HistogramBuilder::new(n, m.min(), m.max());
    let found = if m.mean().is_nan() {
        // Empty, or not finite: no trustworthy bounds, so no shortcuts.
        scratch.clear();
        scratch.extend_from_slice(col);
        col.iter().for_each(|&x| hist.add(x));
        order_statistics(scratch, &ranks)
    } else if with_curves {
        order_statistics_of_copy(col, scratch, &ranks, (m.min(), m.max()), |x| hist.add(x))
    } else {
        order_statistics_of_copy(col, scratch, &ranks, (m.min(), m.max()), |_| {})
    };
    let (pairs, tail) = found.split_at(2 * SUMMARY_PROBS.len());
    let mut quantile_se = [f64::NAN; 9];
    let tail = if n > 0 {
        let (bounds, rest) = tail.split_at(2 * SUMMARY_PROBS.len());
        for (se, b) in quantile_se.iter_mut().zip(bounds.chunks_exact(2)) {
            *se = (b[1].value - b[0].value) / (2.0 * 1.96);
        }
        rest
    } else {
        tail
    };
    let mut quantiles = [f64::NAN; 9];
    for ((q, &(_, g)), pair) in quantiles
        .iter_mut()
        .zip(&positions)
        .zip(pairs.chunks_exact(2))
    {
        *q = r7_interpolate(pair[0].value, pair[1].value, g);
    }
    let stats = ColumnStats {
        mean: m.mean(),
        sd: m.sd(),
        min: m.min(),
        max: m.max(),
        quantiles,
        mcse_mean: m.sd() / (n as f64).sqrt(),
        quantile_se,
    };
    let curves = with_curves.then(|| QuantityCurves {
        histogram: hist.finish(),
        exceedance: exceedance_points(tail, n),
    });
    (stats, curves)
}

/// The ranks j_k of the exceedance curve (see the module docs).
fn exceedance_ranks(n: usize) -> Vec<usize> {
    let last = (n - 1) as f64;
    (0..=EXCEEDANCE_STEPS)
        .map(|k| (k as f64 * last / EXCEEDANCE_STEPS as f64).round() as usize)
        .collect()
}

/// Points (x, P(X ≥ x)) from order statistics in increasing rank order.
fn exceedance_points(stats: &[OrderStat], n: usize) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(stats.len());
    for s in stats {
        if points
            .last()
            .is_some_and(|&(x, _)| x.to_bits() == s.value.to_bits())
        {
            continue;
        }
        points.push((s.value, (n - s.below) as f64 / n as f64));
    }
    points
}

/// Counts values into an equal-width histogram over [`min`, `max`] with ⌈√n⌉ bins, at most
/// [`HISTOGRAM_BINS`], one at a time; the last bin includes `max`. When `min == max` it has one
/// bin of width 0.
struct HistogramBuilder {
    lo: f64,
    half_lo: f64,
    scale: f64,
    bins: usize,
    /// Four interleaved tables, so runs of equal bins do not wait on each other's stores.
    tables: [[u64; HISTOGRAM_BINS]; 4],
    seen: usize,
}

impl HistogramBuilder {
    fn new(n: usize, min: f64, max: f64) -> Self {
        let bins = if max > min {
            ((n as f64).sqrt().ceil() as usize).clamp(1, HISTOGRAM_BINS)
        } else {
            1
        };
        // Halves keep the range finite for any finite min and max.
        let scale = if max > min {
            bins as f64 / (max * 0.5 - min * 0.5)
        } else {
            0.0
        };
        HistogramBuilder {
            lo: min,
            half_lo: min * 0.5,
            scale,
            bins,
            tables: [[0; HISTOGRAM_BINS]; 4],
            seen: 0,
        }
    }

    #[inline(always)]
    fn add(&mut self, x: f64) {
        // `as` saturates (negative and NaN to 0); the clamp keeps `max` in the last bin.
        let i = (((x * 0.5 - self.half_lo) * self.scale) as usize).min(self.bins - 1);
        self.tables[self.seen & 3][i] += 1;
        self.seen += 1;
    }

    fn finish(self) -> Histogram {
        if self.seen == 0 {
            return Histogram {
                lo: self.lo,
                width: 0.0,
                counts: Vec::new(),
            };
        }
        let counts = (0..self.bins)
            .map(|b| self.tables.iter().map(|t| t[b]).sum())
            .collect();
        let width = if self.scale > 0.0 {
            2.0 / self.scale
        } else {
            0.0
        };
        Histogram {
            lo: self.lo,
            width,
            counts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantiles_r7;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn summary_of_small_column() {
        let col = [4.0, 1.0, 3.0, 2.0];
        let mut scratch = Vec::new();
        let s = summarize(&col, &mut scratch);
        assert_eq!((s.mean, s.min, s.max), (2.5, 1.0, 4.0));
        assert_eq!(s.quantiles[4], 2.5);
        assert_eq!(s.quantiles[3], 1.75);
        assert!((s.sd - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
        assert!((s.mcse_mean - s.sd / 2.0).abs() < 1e-15);
        assert_eq!(col, [4.0, 1.0, 3.0, 2.0], "the column is not reordered");
    }

    #[test]
    fn exceedance_counts_ties() {
        // 0 ×3, 1 ×1, 2 ×4, 5 ×2
        let col = [2.0, 0.0, 5.0, 2.0, 1.0, 0.0, 2.0, 5.0, 0.0, 2.0];
        let c = summarize_with_curves(&col, &mut Vec::new()).1;
        assert_eq!(
            c.exceedance,
            [(0.0, 1.0), (1.0, 0.7), (2.0, 0.6), (5.0, 0.2)]
        );
        assert_eq!(c.histogram.counts.iter().sum::<u64>(), 10);
        assert_eq!(c.histogram.counts.len(), 4);
        assert_eq!((c.histogram.lo, c.histogram.width), (0.0, 1.25));
        assert_eq!(c.histogram.counts, [4, 4, 0, 2]);
    }

    #[test]
    fn constant_and_single_columns() {
        let c = summarize_with_curves(&[3.0; 50], &mut Vec::new()).1;
        assert_eq!(
            (c.histogram.width, c.histogram.counts.clone()),
            (0.0, vec![50])
        );
        assert_eq!(c.exceedance, [(3.0, 1.0)]);
        let (s, c) = summarize_with_curves(&[7.0], &mut Vec::new());
        assert_eq!(s.quantiles, [7.0; 9]);
        assert!(s.sd.is_nan());
        assert_eq!(c.exceedance, [(7.0, 1.0)]);
        let (s, c) = summarize_with_curves(&[], &mut Vec::new());
        assert!(s.mean.is_nan() && s.quantiles[4].is_nan());
        assert!(c.exceedance.is_empty() && c.histogram.counts.is_empty());
    }

    #[test]
    fn curves_are_monotone_and_agree_with_quantiles() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let col: Vec<f64> = (0..100_000)
            .map(|_| (rng.random::<f64>() * 50.0).floor())
            .collect();
        let mut scratch = Vec::new();
        let (s, c) = summarize_with_curves(&col, &mut scratch);
        assert_eq!(
            s.quantiles.to_vec(),
            quantiles_r7(&mut col.clone(), &SUMMARY_PROBS)
        );
        assert_eq!(c.histogram.counts.iter().sum::<u64>(), 100_000);
        assert_eq!(c.histogram.counts.len(), HISTOGRAM_BINS);
        assert!(c
            .exceedance
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 > w[1].1));
        for &(x, p) in &c.exceedance {
            let exact = col.iter().filter(|&&v| v >= x).count() as f64 / 1e5;
            assert_eq!(p, exact);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 32,
            failure_persistence: crate::test_stats::regressions("stats-summary"),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// The copy-and-count path gives the same quantiles and exceedance as plain selection.
        #[test]
        fn copy_path_matches_plain_selection(seed in 0u64..u64::MAX, n in 1usize..40_000,
                                             shape in 0u8..4) {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let col: Vec<f64> = (0..n).map(|_| {
                let u: f64 = rng.random();
                match shape {
                    0 => (u * 30.0 - 10.0).exp(),
                    1 => (u * 9.0).floor() - 4.0,
                    2 => (u - 0.3).max(0.0) * 1e6,
                    _ => (u - 0.5) / (u * (1.0 - u)),
                }
            }).collect();
            let (s, c) = summarize_with_curves(&col, &mut Vec::new());
            let q = quantiles_r7(&mut col.clone(), &SUMMARY_PROBS);
            proptest::prop_assert_eq!(s.quantiles.to_vec(), q);
            for &(x, p) in &c.exceedance {
                let exact = col.iter().filter(|&&v| v >= x).count() as f64 / n as f64;
                proptest::prop_assert_eq!(p, exact);
            }
            proptest::prop_assert_eq!(c.histogram.counts.iter().sum::<u64>(), n as u64);
        }
    }
}
