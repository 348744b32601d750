//! Per-column summaries: moments, the [`SUMMARY_PROBS`] quantiles, a histogram and an
//! exceedance curve.
//!
//! Memory: the column itself is never reordered; order statistics are found in one caller-owned
//! scratch copy, reused from column to column, so a thread summarising columns one after another
//! holds one extra column at most. [`summarize_with_curves`] does everything with a single copy
//! and a single selection; [`summarize`] and [`curves`] are its two halves.
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

use super::moments::Moments;
use super::quantile::{r7_interpolate, r7_position, SUMMARY_PROBS};
use super::select::{order_statistics, OrderStat};
use crate::results::{Histogram, QuantityCurves};

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
}

/// Moments and quantiles of `col`, using `scratch` (overwritten) for the selection.
pub fn summarize(col: &[f64], scratch: &mut Vec<f64>) -> ColumnStats {
    analyze(col, scratch, false).0
}

/// Histogram and exceedance curve of `col`, using `scratch` (overwritten) for the selection.
pub fn curves(col: &[f64], scratch: &mut Vec<f64>) -> QuantityCurves {
    let (stats, exceedance) = analyze(col, scratch, true);
    QuantityCurves {
        histogram: histogram(col, stats.min, stats.max),
        exceedance,
    }
}

/// [`summarize`] and [`curves`] together, with one copy of the column and one selection.
pub fn summarize_with_curves(col: &[f64], scratch: &mut Vec<f64>) -> (ColumnStats, QuantityCurves) {
    let (stats, exceedance) = analyze(col, scratch, true);
    let histogram = histogram(col, stats.min, stats.max);
    (
        stats,
        QuantityCurves {
            histogram,
            exceedance,
        },
    )
}

/// Moments, quantiles and (if `with_curve`) the exceedance points.
fn analyze(
    col: &[f64],
    scratch: &mut Vec<f64>,
    with_curve: bool,
) -> (ColumnStats, Vec<(f64, f64)>) {
    let m = Moments::from_slice(col);
    let n = col.len();
    let positions = SUMMARY_PROBS.map(|p| r7_position(n, p));
    let mut ranks: Vec<usize> = positions
        .iter()
        .flat_map(|&(j, g)| [j, j + usize::from(g > 0.0)])
        .collect();
    let steps = if with_curve && n > 0 {
        exceedance_ranks(n)
    } else {
        Vec::new()
    };
    ranks.extend(&steps);
    scratch.clear();
    scratch.extend_from_slice(col);
    let found = order_statistics(scratch, &ranks);
    let (pairs, tail) = found.split_at(2 * SUMMARY_PROBS.len());
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
    };
    (stats, exceedance_points(tail, n))
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

/// Equal-width histogram of `col` over [`min`, `max`] with ⌈√n⌉ bins, at most
/// [`HISTOGRAM_BINS`]; the last bin includes `max`. When `min == max` it has one bin of width 0.
pub fn histogram(col: &[f64], min: f64, max: f64) -> Histogram {
    let n = col.len();
    if n == 0 || !(max > min) {
        let counts = if n == 0 { Vec::new() } else { vec![n as u64] };
        return Histogram {
            lo: min,
            width: 0.0,
            counts,
        };
    }
    let bins = ((n as f64).sqrt().ceil() as usize).clamp(1, HISTOGRAM_BINS);
    // Halves keep the range finite for any finite min and max.
    let half_width = (max * 0.5 - min * 0.5) / bins as f64;
    let scale = 1.0 / half_width;
    let half_lo = min * 0.5;
    let mut counts = vec![0u64; bins];
    for &x in col {
        let i = ((x * 0.5 - half_lo) * scale) as usize;
        counts[i.min(bins - 1)] += 1;
    }
    Histogram {
        lo: min,
        width: 2.0 * half_width,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantile::quantiles_r7;
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
        let c = curves(&col, &mut Vec::new());
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
        let c = curves(&[3.0; 50], &mut Vec::new());
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

    /// `cargo test --lib stats::summary::tests::timing -- --ignored --nocapture`
    #[test]
    #[ignore = "timing, not a check"]
    fn timing() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let ln = rand_distr::LogNormal::new(14.0, 0.5).expect("valid");
        let heavy = rand_distr::LogNormal::new(0.0, 3.0).expect("valid");
        let nrm = rand_distr::Normal::new(0.0, 1000.0).expect("valid");
        let n = 10_000_000;
        let cols: Vec<(&str, Vec<f64>)> = vec![
            (
                "lognormal(14, 0.5)",
                (0..n).map(|_| rng.sample(ln)).collect(),
            ),
            (
                "lognormal(0, 3)",
                (0..n).map(|_| rng.sample(heavy)).collect(),
            ),
            ("normal(0, 1000)", (0..n).map(|_| rng.sample(nrm)).collect()),
            (
                "max(0, normal)",
                (0..n).map(|_| rng.sample(nrm).max(0.0)).collect(),
            ),
            (
                "integers 0..50",
                (0..n)
                    .map(|_| (rng.random::<f64>() * 50.0).floor())
                    .collect(),
            ),
        ];
        let mut scratch = Vec::new();
        for (name, col) in &cols {
            let t = std::time::Instant::now();
            let m = Moments::from_slice(col);
            let t_m = t.elapsed();
            let t = std::time::Instant::now();
            scratch.clear();
            scratch.extend_from_slice(col);
            let t_copy = t.elapsed();
            let t = std::time::Instant::now();
            let q = quantiles_r7(&mut scratch, &SUMMARY_PROBS);
            let t_q = t.elapsed();
            let t = std::time::Instant::now();
            let h = histogram(col, m.min(), m.max());
            let t_h = t.elapsed();
            let t = std::time::Instant::now();
            let (s, c) = summarize_with_curves(col, &mut scratch);
            let t_all = t.elapsed();
            eprintln!(
                "{name:>20}: moments {t_m:?} copy {t_copy:?} quantiles {t_q:?} hist {t_h:?} | all {t_all:?} ({} pts, p50 {}, {})",
                c.exceedance.len(), s.quantiles[4], q[4] + h.width * 0.0
            );
        }
    }
}
