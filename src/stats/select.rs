//! Exact order statistics of a column without sorting it.
//!
//! A full sort of 10^7 draws costs about a second; the summaries need a few hundred order
//! statistics. This module finds them with a *bucket select* (distributive partitioning, as in
//! Alabi, Blanchard, Gordon & Steinbach 2012, "Fast k-selection algorithms for graphics
//! processing units", ACM JEA 17):
//!
//! ```text
//! 1. one pass for the smallest and largest value;
//! 2. one pass counting values into 65,536 bins whose index never decreases with the value;
//! 3. prefix sums of the counts give, for every wanted rank k, its bin b and the rank of k in b;
//! 4. one pass moving the values of the wanted bins to the front (recording each bin's range);
//! 5. a bin holding a single distinct value answers at once; otherwise repeat on the front part.
//! ```
//!
//! Bins 0 and 65,535 hold exactly the minimum and the maximum, so spikes of equal values at
//! either end (a quantity clamped at zero, say) are answered without being moved. When all values
//! share one sign the bins are equal-width in the order-preserving integer image of the IEEE-754
//! bits (roughly logarithmic, so heavy right tails spread well); otherwise they are equal-width in
//! value. Small slices are sorted; if the bins make no progress the slice falls back to
//! recursive Hoare selection (`select_nth_unstable_by`, Hoare 1961, "Algorithm 65: FIND").
//!
//! Values are ordered by [`f64::total_cmp`] (so −0.0 < +0.0, and NaN is ordered, not rejected):
//! the results equal, bit for bit, reading a slice sorted with `total_cmp`.
//!
//! Cost: about four linear passes over the data plus O(65,536) per level; the data are reordered
//! in place and no copy is made.

use std::cmp::Ordering;

/// Number of bins per level (two of them reserved for the minimum and maximum).
const BINS: usize = 1 << 16;
/// Bins strictly between the reserved ones.
const INTERIOR: usize = BINS - 2;
/// Slices this short are simply sorted.
const SORT_CUTOFF: usize = 1 << 11;
/// Levels of bucketing before falling back to Hoare selection.
const MAX_DEPTH: u32 = 8;

/// One order statistic of a slice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderStat {
    /// The value at the requested (0-based) rank in ascending `total_cmp` order.
    pub value: f64,
    /// How many values are strictly smaller than `value` (the first rank holding it).
    pub below: usize,
}

/// Returns the order statistics of `data` at the 0-based `ranks`, in the order the ranks are
/// given (any order, repeats allowed). `data` is reordered.
///
/// A rank at or past the end is read as the last rank. For empty `data` every result is
/// `OrderStat { value: NaN, below: 0 }`.
///
/// ```
/// use shellcount::stats::select::order_statistics;
/// let mut xs = [3.0, 1.0, 2.0, 2.0];
/// let s = order_statistics(&mut xs, &[0, 2]);
/// assert_eq!((s[0].value, s[0].below), (1.0, 0));
/// assert_eq!((s[1].value, s[1].below), (2.0, 1));
/// ```
pub fn order_statistics(data: &mut [f64], ranks: &[usize]) -> Vec<OrderStat> {
    let n = data.len();
    if n == 0 {
        let none = OrderStat {
            value: f64::NAN,
            below: 0,
        };
        return vec![none; ranks.len()];
    }
    let mut wanted: Vec<usize> = ranks.iter().map(|&k| k.min(n - 1)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = vec![
        OrderStat {
            value: f64::NAN,
            below: 0
        };
        wanted.len()
    ];
    select_sorted(data, &wanted, &mut found, 0);
    ranks
        .iter()
        .map(|&k| {
            let i = wanted.partition_point(|&w| w < k.min(n - 1));
            found.get(i).copied().unwrap_or(OrderStat {
                value: f64::NAN,
                below: 0,
            })
        })
        .collect()
}

/// Order-preserving map from `total_cmp` order to unsigned integer order.
#[inline(always)]
fn key(x: f64) -> u64 {
    let b = x.to_bits();
    b ^ ((((b as i64) >> 63) as u64) | (1 << 63))
}

/// Inverse of [`key`].
fn from_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k ^ (1 << 63) } else { !k })
}

/// `ranks` strictly increasing and `< data.len()`; `out.len() == ranks.len()`.
fn select_sorted(data: &mut [f64], ranks: &[usize], out: &mut [OrderStat], depth: u32) {
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
    let (kmin, kmax) = data.iter().fold((u64::MAX, 0), |(lo, hi), &x| {
        (lo.min(key(x)), hi.max(key(x)))
    });
    let (min, max) = (from_key(kmin), from_key(kmax));
    if kmin == kmax {
        out.fill(OrderStat {
            value: min,
            below: 0,
        });
    } else if min > 0.0 || max < 0.0 {
        bucket_level(
            data,
            ranks,
            out,
            depth,
            KeyBins::new(kmin, kmax),
            (min, max),
        );
    } else {
        bucket_level(
            data,
            ranks,
            out,
            depth,
            LinearBins::new(min, max),
            (min, max),
        );
    }
}

/// A map from value to bin that never decreases with the value (in `total_cmp` order), sends
/// exactly the minimum to bin 0 and exactly the maximum to bin `BINS - 1`.
trait Binner: Copy {
    fn bin(&self, x: f64) -> usize;
}

/// Equal-width bins in value.
#[derive(Clone, Copy)]
struct LinearBins {
    min_bits: u64,
    max_bits: u64,
    half_min: f64,
    scale: f64,
}

impl LinearBins {
    fn new(min: f64, max: f64) -> Self {
        // Halves keep `max - min` finite for any finite pair.
        let scale = INTERIOR as f64 / (max * 0.5 - min * 0.5);
        LinearBins {
            min_bits: min.to_bits(),
            max_bits: max.to_bits(),
            half_min: min * 0.5,
            scale,
        }
    }
}

impl Binner for LinearBins {
    #[inline(always)]
    fn bin(&self, x: f64) -> usize {
        let bits = x.to_bits();
        if bits == self.min_bits {
            0
        } else if bits == self.max_bits {
            BINS - 1
        } else {
            // `as` saturates (NaN → 0), so this never leaves the interior.
            let i = ((x * 0.5 - self.half_min) * self.scale) as usize;
            1 + i.min(INTERIOR - 1)
        }
    }
}

/// Equal-width bins in the integer image of the bits (for one-signed data).
#[derive(Clone, Copy)]
struct KeyBins {
    kmin: u64,
    kmax: u64,
    shift: u32,
}

impl KeyBins {
    fn new(kmin: u64, kmax: u64) -> Self {
        let span = (kmax - kmin).saturating_sub(2);
        let mut shift = 0;
        while (span >> shift) >= INTERIOR as u64 {
            shift += 1;
        }
        KeyBins { kmin, kmax, shift }
    }
}

impl Binner for KeyBins {
    #[inline(always)]
    fn bin(&self, x: f64) -> usize {
        let k = key(x);
        if k == self.kmin {
            0
        } else if k == self.kmax {
            BINS - 1
        } else {
            let i = (k.wrapping_sub(self.kmin).wrapping_sub(1) >> self.shift) as usize;
            1 + i.min(INTERIOR - 1)
        }
    }
}

/// One level of bucket selection (steps 2–5 of the module docs).
fn bucket_level<B: Binner>(
    data: &mut [f64],
    ranks: &[usize],
    out: &mut [OrderStat],
    depth: u32,
    binner: B,
    (min, max): (f64, f64),
) {
    let n = data.len();
    let mut counts = vec![0u32; BINS];
    for &x in data.iter() {
        counts[binner.bin(x)] += 1;
    }
    // For each rank: its bin and the number of values in earlier bins.
    let mut located = Vec::with_capacity(ranks.len());
    let (mut b, mut start) = (0usize, 0usize);
    for &k in ranks {
        while start + counts[b] as usize <= k {
            start += counts[b] as usize;
            b += 1;
        }
        located.push((b, start));
    }
    // Interior bins to gather get slots 1, 2, … in bin order; 0 means "not wanted".
    let mut slot_of = vec![0u32; BINS];
    let mut slot_bins: Vec<usize> = Vec::new();
    for (o, &(b, start)) in out.iter_mut().zip(&located) {
        if b == 0 {
            *o = OrderStat {
                value: min,
                below: 0,
            };
        } else if b == BINS - 1 {
            *o = OrderStat {
                value: max,
                below: start,
            };
        } else if slot_of[b] == 0 {
            slot_bins.push(b);
            slot_of[b] = slot_bins.len() as u32;
        }
    }
    if slot_bins.is_empty() {
        return;
    }
    let (mut lo, mut hi) = (vec![u64::MAX; slot_bins.len()], vec![0u64; slot_bins.len()]);
    let mut w = 0;
    for i in 0..n {
        let x = data[i];
        let s = slot_of[binner.bin(x)] as usize;
        if s != 0 {
            lo[s - 1] = lo[s - 1].min(key(x));
            hi[s - 1] = hi[s - 1].max(key(x));
            data.swap(w, i);
            w += 1;
        }
    }
    // Values of wanted bins before each slot's bin, within the gathered front part.
    let mut gathered_before = Vec::with_capacity(slot_bins.len());
    let mut acc = 0usize;
    for &b in &slot_bins {
        gathered_before.push(acc);
        acc += counts[b] as usize;
    }
    let mut sub_ranks = Vec::new();
    let mut sub_at = Vec::new();
    for (i, (&k, &(b, start))) in ranks.iter().zip(&located).enumerate() {
        let s = slot_of[b] as usize;
        if s == 0 {
            continue;
        }
        if lo[s - 1] == hi[s - 1] {
            out[i] = OrderStat {
                value: from_key(lo[s - 1]),
                below: start,
            };
        } else {
            sub_ranks.push(gathered_before[s - 1] + (k - start));
            sub_at.push((i, start - gathered_before[s - 1]));
        }
    }
    let mut sub_out = vec![
        OrderStat {
            value: f64::NAN,
            below: 0
        };
        sub_ranks.len()
    ];
    let front = &mut data[..w];
    let next_depth = if w < n { depth + 1 } else { MAX_DEPTH };
    select_sorted(front, &sub_ranks, &mut sub_out, next_depth);
    for (&(i, offset), s) in sub_at.iter().zip(&sub_out) {
        out[i] = OrderStat {
            value: s.value,
            below: s.below + offset,
        };
    }
}

/// Reorders `data[..]` (whose rank 0 is `base`) so that every rank in `ranks` holds its order
/// statistic with no larger value before it and no smaller value after it.
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
    fn key_round_trips_and_orders() {
        let xs = [
            f64::NEG_INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-310,
            3.0,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]));
        }
        for &x in &xs {
            assert_eq!(from_key(key(x)).to_bits(), x.to_bits());
        }
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
        select_sorted(&mut copy, &ranks, &mut got, MAX_DEPTH);
        assert_eq!(got, want);
    }
}
