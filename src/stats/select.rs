//! Exact order statistics of a column without sorting it.
//!
//! A full sort of 10^7 draws costs about a second; the summaries need a few hundred order
//! statistics. This module finds them by *bucket selection* (distributive partitioning, as in
//! Alabi, Blanchard, Gordon & Steinbach 2012, "Fast k-selection algorithms for graphics
//! processing units", *ACM J. Exp. Algorithmics* 17):
//!
//! ```text
//! 1. the smallest and largest value (one pass, or given by the caller);
//! 2. count the values into 65,536 monotone bins (one pass; see `bins`);
//! 3. prefix sums of the counts give, for every wanted rank k, its bin and its rank in the bin;
//! 4. if the wanted bins hold many values, find each one's range (one read-only pass), and
//!    answer the bins holding a single distinct value at once (discrete quantities);
//! 5. move the values of the other wanted bins to the front, grouped by bin (one pass, then an
//!    in-place counting sort of the front), and repeat from 2 inside each bin.
//! ```
//!
//! Bins 0 and 65,535 hold exactly the minimum and the maximum, so spikes of equal values at
//! either end (a quantity clamped at zero, say) are answered without being moved. Slices of at
//! most 2,048 values are sorted; after eight levels the rest falls back to recursive Hoare
//! selection (`select_nth_unstable_by`; Hoare 1961, "Algorithm 65: FIND").
//!
//! Values are ordered by [`f64::total_cmp`] (−0.0 < +0.0; NaN is ordered, not rejected): the
//! results equal, bit for bit, reading a copy sorted with `total_cmp`.
//!
//! Cost: three or four linear passes over the data, O(65,536) per level and O(n) extra memory
//! only for the small per-bin tables; the data are reordered in place, never copied.

use std::cmp::Ordering;

use super::bins::{from_key, key, KeyBins, LinearBins};
use super::bucket::Level;
pub use super::bucket::OrderStat;

/// Slices this short are simply sorted.
const SORT_CUTOFF: usize = 1 << 11;
/// Levels of bucketing before falling back to Hoare selection.
const MAX_DEPTH: u32 = 8;

const UNKNOWN: OrderStat = OrderStat {
    value: f64::NAN,
    below: 0,
};

/// Returns the order statistics of `data` at the 0-based `ranks`, in the order the ranks are
/// given (any order, repeats allowed). `data` is reordered.
///
/// A rank at or past the end is read as the last rank. For empty `data` every result is
/// `OrderStat { value: NaN, below: 0 }`.
pub fn order_statistics(data: &mut [f64], ranks: &[usize]) -> Vec<OrderStat> {
    if data.is_empty() {
        return vec![UNKNOWN; ranks.len()];
    }
    with_sorted_ranks(data.len(), ranks, |wanted, found| {
        select(data, wanted, found, 0, None)
    })
}

/// [`order_statistics`] of a copy of `col` made in `scratch` (cleared first), with −0.0
/// written as +0.0, counting the first level's bins during the copy and showing every copied
/// value to `visit`: one pass fewer than copying first.
///
/// `(lo, hi)` must bound every value of `col` (e.g. its numeric min and max when it holds no
/// NaN); bounds that do not hold give wrong answers, never a panic.
pub(super) fn order_statistics_of_copy<F: FnMut(f64)>(
    col: &[f64],
    scratch: &mut Vec<f64>,
    ranks: &[usize],
    (lo, hi): (f64, f64),
    mut visit: F,
) -> Vec<OrderStat> {
    scratch.clear();
    let copy = |x: f64| x + 0.0;
    let (kmin, kmax) = (key(copy(lo)), key(copy(hi)));
    let (min, max) = (from_key(kmin), from_key(kmax));
    let n = col.len();
    if n <= SORT_CUTOFF || kmin >= kmax || u32::try_from(n).is_err() {
        scratch.extend(col.iter().map(|&x| {
            visit(copy(x));
            copy(x)
        }));
        return order_statistics(scratch, ranks);
    }
    with_sorted_ranks(n, ranks, |wanted, found| {
        if min > 0.0 || max < 0.0 {
            let level = Level {
                binner: KeyBins::new(kmin, kmax),
                min,
                max,
                depth: 0,
                inner: select,
            };
            level.copy_and_run(col, scratch, wanted, found, visit);
        } else {
            let level = Level {
                binner: LinearBins::new(min, max),
                min,
                max,
                depth: 0,
                inner: select,
            };
            level.copy_and_run(col, scratch, wanted, found, visit);
        }
    })
}

/// Calls `f` with the distinct ranks (clamped to `n − 1`) in increasing order and room for their
/// order statistics, then returns those in the order of `ranks`.
fn with_sorted_ranks<F>(n: usize, ranks: &[usize], f: F) -> Vec<OrderStat>
where
    F: FnOnce(&[usize], &mut [OrderStat]),
{
    let mut wanted: Vec<usize> = ranks.iter().map(|&k| k.min(n - 1)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = vec![UNKNOWN; wanted.len()];
    f(&wanted, &mut found);
    ranks
        .iter()
        .map(|&k| {
            let i = wanted.partition_point(|&w| w < k.min(n - 1));
            found.get(i).copied().unwrap_or(UNKNOWN)
        })
        .collect()
}

/// `ranks` strictly increasing and `< data.len()`; `out.len() == ranks.len()`; `bounds`, if
/// known, are keys with every key of `data` between them.
pub(super) fn select(
    data: &mut [f64],
    ranks: &[usize],
    out: &mut [OrderStat],
    depth: u32,
    bounds: Option<(u64, u64)>,
) {
    if ranks.is_empty() {
        return;
    }
    let n = data.len();
    if n <= SORT_CUTOFF {
        data.sort_unstable_by(f64::total_cmp);
        read_partitioned(data, ranks, out);
        return;
    }
    if depth >= MAX_DEPTH || u32::try_from(n).is_err() {
        multiselect(data, ranks, 0);
        read_partitioned(data, ranks, out);
        return;
    }
    let (kmin, kmax) = bounds.unwrap_or_else(|| {
        data.iter().fold((u64::MAX, 0), |(lo, hi), &x| {
            (lo.min(key(x)), hi.max(key(x)))
        })
    });
    let (min, max) = (from_key(kmin), from_key(kmax));
    if kmin >= kmax {
        out.fill(OrderStat {
            value: min,
            below: 0,
        });
    } else if min > 0.0 || max < 0.0 {
        let level = Level {
            binner: KeyBins::new(kmin, kmax),
            min,
            max,
            depth,
            inner: select,
        };
        level.run(data, ranks, out);
    } else {
        let level = Level {
            binner: LinearBins::new(min, max),
            min,
            max,
            depth,
            inner: select,
        };
        level.run(data, ranks, out);
    }
}

/// Reorders `data` (whose first index is rank `base`) so that every rank in `ranks` holds its
/// order statistic, with no larger value before it and no smaller value after it.
fn multiselect(data: &mut [f64], ranks: &[usize], base: usize) {
    if ranks.is_empty() || data.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let k = ranks[mid] - base;
    let (left, _, right) = data.select_nth_unstable_by(k, f64::total_cmp);
    multiselect(left, &ranks[..mid], base);
    multiselect(right, &ranks[mid + 1..], base + k + 1);
}

/// Reads order statistics from a slice partitioned at `ranks` (sorted slices included).
fn read_partitioned(data: &[f64], ranks: &[usize], out: &mut [OrderStat]) {
    let mut prev: Option<(usize, OrderStat)> = None;
    for (o, &k) in out.iter_mut().zip(ranks) {
        let value = data[k];
        let below = match prev {
            Some((_, p)) if p.value.to_bits() == value.to_bits() => p.below,
            _ => {
                // Everything at or before the previous rank is strictly smaller than `value`.
                let from = prev.map_or(0, |(pk, _)| pk + 1);
                let ties = data[from..k]
                    .iter()
                    .filter(|y| y.total_cmp(&value) == Ordering::Equal)
                    .count();
                k - ties
            }
        };
        *o = OrderStat { value, below };
        prev = Some((k, *o));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_order_statistics() {
        let mut xs = [3.0, 1.0, 2.0, 2.0];
        let s = order_statistics(&mut xs, &[0, 2]);
        assert_eq!((s[0].value, s[0].below), (1.0, 0));
        assert_eq!((s[1].value, s[1].below), (2.0, 1));
    }

    fn by_sorting(data: &[f64], ranks: &[usize]) -> Vec<OrderStat> {
        let mut s = data.to_vec();
        s.sort_unstable_by(f64::total_cmp);
        let at = |k: usize| {
            let value = s[k];
            let below = s.partition_point(|y| y.total_cmp(&value) == Ordering::Less);
            OrderStat { value, below }
        };
        ranks.iter().map(|&k| at(k.min(s.len() - 1))).collect()
    }

    fn check(data: &[f64], ranks: &[usize]) {
        let want = by_sorting(data, ranks);
        let got = order_statistics(&mut data.to_vec(), ranks);
        for ((g, w), k) in got.iter().zip(&want).zip(ranks) {
            assert_eq!(g.value.to_bits(), w.value.to_bits(), "value at rank {k}");
            assert_eq!(g.below, w.below, "below at rank {k}");
        }
    }

    fn all_ranks(n: usize, step: usize) -> Vec<usize> {
        let mut r: Vec<usize> = (0..n).step_by(step).chain([n - 1]).collect();
        r.dedup();
        r
    }

    #[test]
    fn empty_and_out_of_range() {
        let got = order_statistics(&mut [], &[0, 3]);
        assert!(got.iter().all(|s| s.value.is_nan() && s.below == 0));
        let got = order_statistics(&mut [2.0, 1.0], &[5, 0, 5]);
        assert_eq!(
            got.iter().map(|s| s.value).collect::<Vec<_>>(),
            [2.0, 1.0, 2.0]
        );
    }

    #[test]
    fn spikes_at_both_ends_and_middle() {
        let n = 50_000;
        let data: Vec<f64> = (0..n)
            .map(|i| match i % 10 {
                0..=2 => 0.0,
                3 => 1000.0,
                4 => 500.0,
                _ => (i as f64 * 0.618).fract() * 1000.0,
            })
            .collect();
        check(&data, &all_ranks(n, 97));
    }

    #[test]
    fn discrete_values_resolve_without_sorting() {
        let n = 100_000;
        let data: Vec<f64> = (0..n).map(|i| ((i * 7919) % 41) as f64).collect();
        check(&data, &all_ranks(n, 1013));
    }

    #[test]
    fn extreme_outliers_and_signed_zeros() {
        let n = 30_000;
        let mut data: Vec<f64> = (0..n).map(|i| 1e6 + (i as f64 * 0.37).fract()).collect();
        data[5] = 1e-300;
        data[7] = -f64::MAX;
        data[9] = f64::MAX;
        data[11] = -0.0;
        data[13] = 0.0;
        check(&data, &all_ranks(n, 101));
        let tiny: Vec<f64> = (0..n).map(|i| (i % 3) as f64 * 5e-324 - 5e-324).collect();
        check(&tiny, &all_ranks(n, 7));
    }

    #[test]
    fn geometric_spread_uses_many_levels() {
        let data: Vec<f64> = (0..40_000)
            .map(|i| 2f64.powi(i % 2000 - 1000) * (1.0 + (i / 2000) as f64))
            .collect();
        check(&data, &all_ranks(data.len(), 37));
    }

    #[test]
    fn hoare_fallback_matches_sort() {
        let data: Vec<f64> = (0..10_000)
            .map(|i| ((i * 7) % 13) as f64 + (i % 5) as f64 * 0.1)
            .collect();
        let ranks = all_ranks(data.len(), 53);
        let want = by_sorting(&data, &ranks);
        let mut copy = data.clone();
        let mut got = vec![
            OrderStat {
                value: 0.0,
                below: 0
            };
            ranks.len()
        ];
        select(&mut copy, &ranks, &mut got, MAX_DEPTH, None);
        assert_eq!(got, want);
    }
}
