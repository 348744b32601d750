//! Histograms as charts draw them: bins over the middle 99% of the draws (about p0.5 to p99.5),
//! on a log scale when the middle 98% (p1 to p99) spans more than two decades or the caller asks
//! for one, and aligned to whole numbers for integer-valued columns.
//!
//! ```text
//! window   [p0.5, p99.5]  ([min, max] when those are equal); none when min = max (a constant)
//! log      (asked, or p99 / p1 > 100 with p1 > 0) and p0.5 > 0
//! bins     ⌈√n⌉, at most 60, equal width on the axis's scale
//! integer  linear: width a whole 1, 2 or 5 × 10^k, edges at k + ½, so every bin holds as
//!          many whole numbers as every other (no comb of empty bins);
//!          log: edges rounded to k + ½, and no more bins than keep the first one 1 wide
//! ```
//!
//! Draws outside the window are counted as `below` and `above`, never in a bin.

/// Largest number of histogram bins (fewer, ⌈√n⌉, for small samples).
pub const HISTOGRAM_BINS: usize = 60;

/// A histogram: bins between consecutive `edges`, and the draws outside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Bin edges, increasing (one more than `counts`); bin i is `[edges[i], edges[i + 1])`, the
    /// last bin includes its right edge.
    pub edges: Vec<f64>,
    /// Draws in each bin (weighted: the share of the weight times the number of draws).
    pub counts: Vec<u64>,
    /// Draws left of the first edge.
    pub below: u64,
    /// Draws right of the last edge.
    pub above: u64,
    /// Whether the bins are equal on a log scale (the axis should be logarithmic).
    pub log: bool,
    /// Whether the column is integer-valued (edges sit halfway between whole numbers).
    pub integer: bool,
}

impl Histogram {
    /// No histogram (an empty or constant column).
    pub fn empty() -> Histogram {
        Histogram {
            edges: Vec::new(),
            counts: Vec::new(),
            below: 0,
            above: 0,
            log: false,
            integer: false,
        }
    }
}

/// Where a column's draws lie: the quantiles the bins are chosen from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Smallest draw.
    pub min: f64,
    /// About the 0.5th percentile.
    pub p005: f64,
    /// 1st percentile.
    pub p01: f64,
    /// 99th percentile.
    pub p99: f64,
    /// About the 99.5th percentile.
    pub p995: f64,
    /// Largest draw.
    pub max: f64,
}

/// The bin edges for a column with this spread (see the module docs); `None` for a constant
/// or a spread that is not finite.
pub fn layout(s: Spread, integer: bool, force_log: bool, n: usize) -> Option<(Vec<f64>, bool)> {
    let (mut lo, mut hi) = (s.p005, s.p995);
    if !(hi > lo) {
        (lo, hi) = (s.min, s.max);
    }
    if !(hi > lo && lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let wide = s.p01 > 0.0 && s.p99 / s.p01 > 100.0;
    let log = (force_log || wide) && lo > 0.0;
    let bins = ((n as f64).sqrt().ceil() as usize).clamp(1, HISTOGRAM_BINS);
    let edges = match (log, integer) {
        (false, false) => (0..=bins)
            .map(|i| lo + (hi - lo) * i as f64 / bins as f64)
            .collect(),
        (false, true) => integer_edges(lo, hi, bins),
        (true, _) => log_edges(lo, hi, bins, integer),
    };
    Some((edges, log))
}

/// Edges at k + ½ with a whole width of 1, 2 or 5 × 10^j, at most about `bins` bins.
fn integer_edges(lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let (lo, hi) = (lo.round(), hi.round());
    let raw = ((hi - lo + 1.0) / bins as f64).max(1.0);
    let decade = 10f64.powf(raw.log10().floor());
    let width = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * decade)
        .find(|w| *w >= raw)
        .unwrap_or(10.0 * decade);
    let start = (lo / width).floor() * width - 0.5;
    let count = ((hi + 0.5 - start) / width).ceil().max(1.0) as usize;
    (0..=count).map(|i| start + width * i as f64).collect()
}

/// Edges equally spaced in log10 from `lo` to `hi`; for integers, rounded to k + ½ with no bin
/// narrower than one whole number.
fn log_edges(lo: f64, hi: f64, bins: usize, integer: bool) -> Vec<f64> {
    let (a, b) = (lo.log10(), hi.log10());
    if !integer {
        return (0..=bins)
            .map(|i| 10f64.powf(a + (b - a) * i as f64 / bins as f64))
            .collect();
    }
    let (lo, hi) = (lo.round().max(1.0), hi.round());
    let most = ((b - a) / (1.0 + 1.0 / lo).log10()).floor().max(1.0) as usize;
    let k = bins.min(most);
    let mut edges = vec![lo - 0.5];
    for i in 1..k {
        let e = (10f64.powf(a + (b - a) * i as f64 / k as f64) - 0.5).round() + 0.5;
        if e > *edges.last().unwrap_or(&f64::NEG_INFINITY) && e < hi + 0.5 {
            edges.push(e);
        }
    }
    edges.push(hi + 0.5);
    edges
}

/// Counts the draws of `col` into the bins between `edges`, weighting draw i by `weight(i)`;
/// the result is scaled to `col.len()` draws.
pub fn count(
    col: &[f64],
    edges: &[f64],
    log: bool,
    integer: bool,
    weight: impl Fn(usize) -> f64,
) -> Histogram {
    let mut t = WeightedTally::new(edges.to_vec());
    for (i, &x) in col.iter().enumerate() {
        t.add(x, weight(i));
    }
    t.histogram(col.len(), log, integer)
}

/// Weighted draws counted into the bins between `edges` one by one, in draw order (so a
/// column fed in pieces, in order, gives [`count`]'s bits).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedTally {
    edges: Vec<f64>,
    acc: Vec<f64>,
    below: f64,
    above: f64,
    total: f64,
}

impl WeightedTally {
    /// No draws yet, bins between `edges`.
    pub fn new(edges: Vec<f64>) -> WeightedTally {
        let bins = edges.len().saturating_sub(1);
        WeightedTally {
            edges,
            acc: vec![0.0; bins],
            below: 0.0,
            above: 0.0,
            total: 0.0,
        }
    }

    /// Adds the next draw, `x` of weight `w`.
    #[inline]
    pub fn add(&mut self, x: f64, w: f64) {
        let bins = self.acc.len();
        let (Some(&first), Some(&last)) = (self.edges.first(), self.edges.last()) else {
            return;
        };
        self.total += w;
        if x < first {
            self.below += w;
        } else if x > last {
            self.above += w;
        } else {
            let b = self.edges.partition_point(|e| *e <= x).clamp(1, bins) - 1;
            self.acc[b] += w;
        }
    }

    /// The histogram, scaled to `n` draws.
    pub fn histogram(self, n: usize, log: bool, integer: bool) -> Histogram {
        if self.edges.is_empty() {
            return Histogram::empty();
        }
        let scale = if self.total > 0.0 {
            n as f64 / self.total
        } else {
            0.0
        };
        let round = |w: f64| (w * scale).round() as u64;
        Histogram {
            counts: self.acc.into_iter().map(round).collect(),
            edges: self.edges,
            below: round(self.below),
            above: round(self.above),
            log,
            integer,
        }
    }
}

/// Draws of a column counted into the bins between `edges` piece by piece (the chunks of a
/// run streamed through memory); [`Tally::histogram`] equals [`count`] of the whole column with
/// equal weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    edges: Vec<f64>,
    counts: Vec<u64>,
    below: u64,
    above: u64,
}

impl Tally {
    /// No draws yet, bins between `edges`.
    pub fn new(edges: Vec<f64>) -> Tally {
        let bins = edges.len().saturating_sub(1);
        Tally {
            edges,
            counts: vec![0; bins],
            below: 0,
            above: 0,
        }
    }

    /// Counts the next draws.
    pub fn feed(&mut self, col: &[f64]) {
        let bins = self.counts.len();
        let (Some(&first), Some(&last)) = (self.edges.first(), self.edges.last()) else {
            return;
        };
        for &x in col {
            if x < first {
                self.below += 1;
            } else if x > last {
                self.above += 1;
            } else {
                let b = self.edges.partition_point(|e| *e <= x).clamp(1, bins) - 1;
                self.counts[b] += 1;
            }
        }
    }

    /// The histogram of everything fed.
    pub fn histogram(self, log: bool, integer: bool) -> Histogram {
        if self.edges.is_empty() {
            return Histogram::empty();
        }
        Histogram {
            edges: self.edges,
            counts: self.counts,
            below: self.below,
            above: self.above,
            log,
            integer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(lo: f64, hi: f64) -> Spread {
        Spread {
            min: lo - 1.0,
            p005: lo,
            p01: lo,
            p99: hi,
            p995: hi,
            max: hi + 1.0,
        }
    }

    #[test]
    fn small_integers_get_one_bin_per_whole_number() {
        let (edges, log) = layout(spread(0.0, 9.0), true, false, 10_000).unwrap();
        assert!(!log);
        assert_eq!(edges, (0..=10).map(|k| k as f64 - 0.5).collect::<Vec<_>>());
        let col: Vec<f64> = (0..1000).map(|i| (i % 10) as f64).collect();
        let h = count(&col, &edges, log, true, |_| 1.0);
        assert_eq!(h.counts, vec![100; 10], "no comb of empty bins");
    }

    #[test]
    fn wide_integer_ranges_get_whole_widths() {
        let (edges, log) = layout(spread(103.0, 1334.0), true, false, 1_000_000).unwrap();
        assert!(!log, "p99 / p1 under 100");
        let w = edges[1] - edges[0];
        assert_eq!(w, 50.0);
        assert!(edges.iter().all(|e| (e - 0.5).fract() == 0.0), "{edges:?}");
        assert!(edges[0] <= 102.5 && *edges.last().unwrap() >= 1334.5);
    }

    #[test]
    fn two_decades_switch_to_log_bins() {
        let (edges, log) = layout(spread(10.0, 5_000.0), false, false, 3_600).unwrap();
        assert!(log);
        let ratios: Vec<f64> = edges.windows(2).map(|w| w[1] / w[0]).collect();
        assert!(
            ratios.iter().all(|r| (r - ratios[0]).abs() < 1e-9),
            "{ratios:?}"
        );
        let (_, log) = layout(spread(10.0, 900.0), false, false, 3_600).unwrap();
        assert!(!log, "under two decades");
        let (_, log) = layout(spread(10.0, 900.0), false, true, 3_600).unwrap();
        assert!(log, "asked for");
        let (_, log) = layout(spread(-1.0, 5_000.0), false, true, 3_600).unwrap();
        assert!(!log, "no log axis through 0");
    }

    #[test]
    fn integer_log_bins_are_never_narrower_than_one() {
        let (edges, log) = layout(spread(1.0, 1_000.0), true, false, 1_000_000).unwrap();
        assert!(log);
        assert!(edges.windows(2).all(|w| w[1] - w[0] >= 1.0), "{edges:?}");
        assert!(edges.iter().all(|e| (e - 0.5).fract() == 0.0), "{edges:?}");
    }

    #[test]
    fn constants_get_no_histogram_and_outside_draws_are_counted() {
        let c = Spread {
            min: 3.0,
            p005: 3.0,
            p01: 3.0,
            p99: 3.0,
            p995: 3.0,
            max: 3.0,
        };
        assert_eq!(layout(c, false, false, 100), None);
        let col = [-5.0, 0.0, 0.5, 1.0, 7.0];
        let h = count(&col, &[0.0, 0.5, 1.0], false, false, |_| 1.0);
        assert_eq!((h.below, h.counts.clone(), h.above), (1, vec![1, 2], 1));
        let w = count(&col, &[0.0, 0.5, 1.0], false, false, |i| {
            [0.0, 0.0, 1.0, 1.0, 0.0][i]
        });
        assert_eq!((w.below, w.counts, w.above), (0, vec![0, 5], 0));
    }
}
