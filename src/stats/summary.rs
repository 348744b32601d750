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

use super::curves::QuantityCurves;
use super::histogram::{self, Histogram, Spread};
use super::moments::Moments;
use super::quantile::{r7_interpolate, r7_position, SUMMARY_PROBS};
use super::select::{order_statistics, order_statistics_of_copy, OrderStat};

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
    analyze(col, scratch, false, false).0
}

/// [`summarize`] plus the histogram (see [`super::histogram`]; on log bins when `log`, or when
/// the draws span more than two decades) and exceedance curve, with one copy of the column and
/// one selection.
///
/// Cost: about five passes over the column (two for the moments, one copying it, one gathering
/// the wanted bins, one counting the histogram); about 80 ms for 10^7 draws on one core.
pub fn summarize_with_curves(
    col: &[f64],
    scratch: &mut Vec<f64>,
    log: bool,
) -> (ColumnStats, QuantityCurves) {
    let (stats, curves) = analyze(col, scratch, true, log);
    (stats, curves.unwrap_or_else(QuantityCurves::empty))
}

/// Moments, quantiles and (if `with_curves`) histogram and exceedance curve.
fn analyze(
    col: &[f64],
    scratch: &mut Vec<f64>,
    with_curves: bool,
    log: bool,
) -> (ColumnStats, Option<QuantityCurves>) {
    let m = Moments::from_slice(col);
    let n = col.len();
    let ranks = summary_ranks(n, with_curves);
    let found = if m.mean().is_nan() {
        // Empty, or not finite: no trustworthy bounds, so no shortcuts.
        scratch.clear();
        scratch.extend_from_slice(col);
        order_statistics(scratch, &ranks)
    } else {
        order_statistics_of_copy(col, scratch, &ranks, (m.min(), m.max()), |_| {})
    };
    let (stats, plan) = finish_summary(&m, n, &found, with_curves, log);
    let curves = plan.map(|p| {
        let histogram = match &p.bins {
            Some((edges, log)) => histogram::count(col, edges, *log, p.integer, |_| 1.0),
            None => Histogram::empty(),
        };
        QuantityCurves {
            histogram,
            exceedance: p.exceedance,
        }
    });
    (stats, curves)
}

/// The ranks of the order statistics a summary reads (with the curves' when `with_curves`),
/// in the order [`finish_summary`] expects them.
pub fn summary_ranks(n: usize, with_curves: bool) -> Vec<usize> {
    let positions = SUMMARY_PROBS.map(|p| r7_position(n, p));
    let mut ranks: Vec<usize> = positions
        .iter()
        .flat_map(|&(j, g)| [j, j + usize::from(g > 0.0)])
        .collect();
    if n > 0 {
        ranks.extend(
            SUMMARY_PROBS
                .map(|p| quantile_se_ranks(n, p))
                .iter()
                .flat_map(|&(l, u)| [l, u]),
        );
    }
    if with_curves && n > 0 {
        ranks.extend(exceedance_ranks(n));
    }
    ranks
}

/// The curves of a column before its histogram is counted: the histogram's bins (`None`: no
/// histogram), whether the column is integer-valued, and the exceedance curve.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvesPlan {
    /// Bin edges and whether they are logarithmic.
    pub bins: Option<(Vec<f64>, bool)>,
    /// Whether every order statistic found is a whole number.
    pub integer: bool,
    /// Points (x, P(X ≥ x)).
    pub exceedance: Vec<(f64, f64)>,
}

/// A column's summary from its moments and the order statistics at [`summary_ranks`]`(n,
/// with_curves)`; with curves, the plan of its histogram (counted by the caller) and its
/// exceedance curve.
pub fn finish_summary(
    m: &Moments,
    n: usize,
    found: &[OrderStat],
    with_curves: bool,
    log: bool,
) -> (ColumnStats, Option<CurvesPlan>) {
    let positions = SUMMARY_PROBS.map(|p| r7_position(n, p));
    let integer = found.iter().all(|s| s.value.fract() == 0.0);
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
    let plan = with_curves.then(|| {
        let at = |k: usize| tail.get(k).map_or(f64::NAN, |s| s.value);
        let spread = Spread {
            min: m.min(),
            p005: at(1),
            p01: quantiles[0],
            p99: quantiles[8],
            p995: at(EXCEEDANCE_STEPS - 1),
            max: m.max(),
        };
        CurvesPlan {
            bins: histogram::layout(spread, integer, log, n),
            integer,
            exceedance: exceedance_points(tail, n),
        }
    });
    (stats, plan)
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
        let c = summarize_with_curves(&col, &mut Vec::new(), false).1;
        assert_eq!(
            c.exceedance,
            [(0.0, 1.0), (1.0, 0.7), (2.0, 0.6), (5.0, 0.2)]
        );
        // Whole numbers 0 to 5 in ⌈√10⌉ = 4 bins at most: bins two whole numbers wide.
        let h = &c.histogram;
        assert!(h.integer && !h.log);
        assert_eq!(h.edges, [-0.5, 1.5, 3.5, 5.5]);
        assert_eq!(h.counts, [4, 4, 2]);
    }

    #[test]
    fn constant_and_single_columns() {
        let c = summarize_with_curves(&[3.0; 50], &mut Vec::new(), false).1;
        assert!(
            c.histogram.counts.is_empty(),
            "a constant gets no histogram"
        );
        assert_eq!(c.exceedance, [(3.0, 1.0)]);
        let (s, c) = summarize_with_curves(&[7.0], &mut Vec::new(), false);
        assert_eq!(s.quantiles, [7.0; 9]);
        assert!(s.sd.is_nan());
        assert_eq!(c.exceedance, [(7.0, 1.0)]);
        let (s, c) = summarize_with_curves(&[], &mut Vec::new(), false);
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
        let (s, c) = summarize_with_curves(&col, &mut scratch, false);
        assert_eq!(
            s.quantiles.to_vec(),
            quantiles_r7(&mut col.clone(), &SUMMARY_PROBS)
        );
        let h = &c.histogram;
        assert_eq!(h.counts.iter().sum::<u64>() + h.below + h.above, 100_000);
        // 0 to 49 lie inside p0.5 to p99.5: one whole number per bin, about 2,000 draws each.
        assert_eq!(h.counts.len(), 50);
        assert!(
            h.counts.iter().all(|&c| (1_700..2_300).contains(&c)),
            "{:?}",
            h.counts
        );
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
            let (s, c) = summarize_with_curves(&col, &mut Vec::new(), false);
            let q = quantiles_r7(&mut col.clone(), &SUMMARY_PROBS);
            proptest::prop_assert_eq!(s.quantiles.to_vec(), q);
            for &(x, p) in &c.exceedance {
                let exact = col.iter().filter(|&&v| v >= x).count() as f64 / n as f64;
                proptest::prop_assert_eq!(p, exact);
            }
            let h = &c.histogram;
            let all = h.counts.iter().sum::<u64>() + h.below + h.above;
            proptest::prop_assert!(h.counts.is_empty() || all == n as u64);
        }
    }
}
