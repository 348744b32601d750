//! One level of bucket selection, steps 2–5 of [`super::select`]: count the values into bins,
//! locate the wanted ranks, answer what the counts and bin ranges answer, and group the values
//! of the remaining wanted bins at the front of the slice (an in-place American flag sort;
//! McIlroy, Bostic & McIlroy 1993, "Engineering radix sort", *Computing Systems* 6(1)) before
//! selecting inside each bin.

use super::bins::{from_key, key, Binner, BINS};

/// One order statistic of a slice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderStat {
    /// The value at the requested (0-based) rank in ascending `total_cmp` order.
    pub value: f64,
    /// How many values are strictly smaller than `value` (the first rank holding it).
    pub below: usize,
}

/// Selection inside one slice: `(data, ranks, out, depth, key bounds)`, as
/// [`super::select::select`]; a level calls it on each wanted bin (step 5c).
pub(super) type Select = fn(&mut [f64], &[usize], &mut [OrderStat], u32, Option<(u64, u64)>);

/// One level of bucket selection (steps 2–5 of the module docs).
pub(super) struct Level<B> {
    /// The value-to-bin map.
    pub(super) binner: B,
    /// Smallest value (all of bin 0).
    pub(super) min: f64,
    /// Largest value (all of the last bin).
    pub(super) max: f64,
    /// Levels above this one.
    pub(super) depth: u32,
    /// Selection inside each wanted bin.
    pub(super) inner: Select,
}

/// The wanted interior bins: slot `s` is bin `bins[s]`, and `of_bin[b] = s + 1` (0: unwanted).
/// `mask` has bit `b` set for wanted bins: 8 KiB, so the test stays in the L1 cache.
struct Slots {
    of_bin: Vec<u16>,
    mask: Vec<u64>,
    bins: Vec<usize>,
}

impl Slots {
    /// `bins`: interior bins (fewer than 2^16 − 1 of them), increasing.
    fn new(bins: Vec<usize>) -> Self {
        let mut of_bin = vec![0u16; BINS];
        let mut mask = vec![0u64; BINS / 64];
        for (s, &b) in bins.iter().enumerate() {
            of_bin[b] = s as u16 + 1;
            mask[b / 64] |= 1 << (b % 64);
        }
        Slots { of_bin, mask, bins }
    }

    /// Slot of bin `b` plus one, or 0 if `b` is not wanted.
    #[inline(always)]
    fn of(&self, b: usize) -> usize {
        if self.mask[b / 64] >> (b % 64) & 1 == 0 {
            0
        } else {
            self.of_bin[b] as usize
        }
    }
}

impl<B: Binner> Level<B> {
    pub(super) fn run(&self, data: &mut [f64], ranks: &[usize], out: &mut [OrderStat]) {
        self.run_counted(data, ranks, out, &self.count(data));
    }

    /// Copies `col` into `scratch` (−0.0 as +0.0) while counting (step 2), then steps 3–5.
    pub(super) fn copy_and_run<F: FnMut(f64)>(
        &self,
        col: &[f64],
        scratch: &mut Vec<f64>,
        ranks: &[usize],
        out: &mut [OrderStat],
        mut visit: F,
    ) {
        let mut counts = vec![0u32; BINS];
        for &x in col {
            let y = x + 0.0;
            counts[self.binner.bin(y)] += 1;
            visit(y);
        }
        // Only the values of the bins holding wanted ranks are copied, so the scratch stays
        // small unless a few bins hold most of the column (then it holds those bins).
        let (mut lo, mut hi) = (
            vec![u64::MAX; BINS.min(ranks.len() + 1)],
            vec![0u64; BINS.min(ranks.len() + 1)],
        );
        let located = locate(ranks, &counts);
        let mut wanted: Vec<usize> = Vec::new();
        for (o, &(b, start)) in out.iter_mut().zip(&located) {
            if b == 0 {
                *o = OrderStat {
                    value: self.min,
                    below: 0,
                };
            } else if b == BINS - 1 {
                *o = OrderStat {
                    value: self.max,
                    below: start,
                };
            } else if wanted.last() != Some(&b) {
                wanted.push(b);
            }
        }
        if wanted.is_empty() {
            return;
        }
        let slots = Slots::new(wanted);
        lo.resize(slots.bins.len(), u64::MAX);
        hi.resize(slots.bins.len(), 0);
        scratch.clear();
        for &x in col {
            let y = x + 0.0;
            let s = slots.of(self.binner.bin(y));
            if s != 0 {
                lo[s - 1] = lo[s - 1].min(key(y));
                hi[s - 1] = hi[s - 1].max(key(y));
                scratch.push(y);
            }
        }
        let front = &mut scratch[..];
        let offsets = self.group(front, &slots, &counts);
        self.recurse(front, &slots, &offsets, (&lo, &hi), (ranks, &located), out);
    }

    /// Steps 3–5, given the counts per bin of `data`.
    fn run_counted(
        &self,
        data: &mut [f64],
        ranks: &[usize],
        out: &mut [OrderStat],
        counts: &[u32],
    ) {
        let located = locate(ranks, counts);
        let mut wanted = Vec::new();
        for (o, &(b, start)) in out.iter_mut().zip(&located) {
            if b == 0 {
                *o = OrderStat {
                    value: self.min,
                    below: 0,
                };
            } else if b == BINS - 1 {
                *o = OrderStat {
                    value: self.max,
                    below: start,
                };
            } else if wanted.last() != Some(&b) {
                wanted.push(b);
            }
        }
        let held: usize = wanted.iter().map(|&b| counts[b] as usize).sum();
        if held > data.len() / 8 {
            // Many values to move: first answer the bins that hold one distinct value.
            let (lo, hi) = self.ranges(data, &Slots::new(wanted.clone()));
            for (o, &(b, start)) in out.iter_mut().zip(&located) {
                if let Ok(s) = wanted.binary_search(&b) {
                    if lo[s] == hi[s] {
                        *o = OrderStat {
                            value: from_key(lo[s]),
                            below: start,
                        };
                    }
                }
            }
            let mut s = 0;
            wanted.retain(|_| {
                s += 1;
                lo[s - 1] != hi[s - 1]
            });
        }
        if wanted.is_empty() {
            return;
        }
        let slots = Slots::new(wanted);
        let (w, lo, hi) = self.gather(data, &slots);
        let front = &mut data[..w];
        let offsets = self.group(front, &slots, counts);
        self.recurse(front, &slots, &offsets, (&lo, &hi), (ranks, &located), out);
    }

    /// Step 2: counts per bin.
    fn count(&self, data: &[f64]) -> Vec<u32> {
        let mut counts = vec![0u32; BINS];
        for &x in data {
            counts[self.binner.bin(x)] += 1;
        }
        counts
    }

    /// Step 4: the smallest and largest key in each wanted bin, without moving anything.
    fn ranges(&self, data: &[f64], slots: &Slots) -> (Vec<u64>, Vec<u64>) {
        let (mut lo, mut hi) = (
            vec![u64::MAX; slots.bins.len()],
            vec![0u64; slots.bins.len()],
        );
        for &x in data {
            let s = slots.of(self.binner.bin(x));
            if s != 0 {
                lo[s - 1] = lo[s - 1].min(key(x));
                hi[s - 1] = hi[s - 1].max(key(x));
            }
        }
        (lo, hi)
    }

    /// Step 5a: moves the values of wanted bins to the front; returns how many, with each wanted
    /// bin's smallest and largest key.
    fn gather(&self, data: &mut [f64], slots: &Slots) -> (usize, Vec<u64>, Vec<u64>) {
        let (mut lo, mut hi) = (
            vec![u64::MAX; slots.bins.len()],
            vec![0u64; slots.bins.len()],
        );
        let mut w = 0;
        for i in 0..data.len() {
            let x = data[i];
            let s = slots.of(self.binner.bin(x));
            if s != 0 {
                lo[s - 1] = lo[s - 1].min(key(x));
                hi[s - 1] = hi[s - 1].max(key(x));
                data.swap(w, i);
                w += 1;
            }
        }
        (w, lo, hi)
    }

    /// Step 5b: in-place counting sort of the gathered values by slot (American flag sort;
    /// McIlroy, Bostic & McIlroy 1993). Returns where each slot's values start.
    fn group(&self, front: &mut [f64], slots: &Slots, counts: &[u32]) -> Vec<usize> {
        let mut offsets = Vec::with_capacity(slots.bins.len() + 1);
        let mut acc = 0;
        for &b in &slots.bins {
            offsets.push(acc);
            acc += counts[b] as usize;
        }
        offsets.push(acc);
        let mut next = offsets.clone();
        for s in 0..slots.bins.len() {
            while next[s] < offsets[s + 1] {
                let t = slots.of(self.binner.bin(front[next[s]]));
                if t == s + 1 || t == 0 {
                    next[s] += 1;
                } else {
                    front.swap(next[s], next[t - 1]);
                    next[t - 1] += 1;
                }
            }
        }
        offsets
    }

    /// Step 5c: selects inside each wanted bin the ranks that fall in it.
    fn recurse(
        &self,
        front: &mut [f64],
        slots: &Slots,
        offsets: &[usize],
        (lo, hi): (&[u64], &[u64]),
        (ranks, located): (&[usize], &[(usize, usize)]),
        out: &mut [OrderStat],
    ) {
        let mut i = 0;
        for (s, &b) in slots.bins.iter().enumerate() {
            while i < ranks.len() && located[i].0 < b {
                i += 1;
            }
            let first = i;
            while i < ranks.len() && located[i].0 == b {
                i += 1;
            }
            let start = located.get(first).map_or(0, |l| l.1);
            let sub_ranks: Vec<usize> = ranks[first..i].iter().map(|&k| k - start).collect();
            let part = &mut front[offsets[s]..offsets[s + 1]];
            let sub_out = &mut out[first..i];
            (self.inner)(
                part,
                &sub_ranks,
                sub_out,
                self.depth + 1,
                Some((lo[s], hi[s])),
            );
            for o in sub_out.iter_mut() {
                o.below += start;
            }
        }
    }
}

/// For each rank (increasing): its bin and the number of values in earlier bins.
fn locate(ranks: &[usize], counts: &[u32]) -> Vec<(usize, usize)> {
    let mut located = Vec::with_capacity(ranks.len());
    let (mut b, mut start) = (0usize, 0usize);
    for &k in ranks {
        while start + counts[b] as usize <= k {
            start += counts[b] as usize;
            b += 1;
        }
        located.push((b, start));
    }
    located
}
