//! Weighted quantiles of a column that is never held in memory ([`super::weighted_quantiles`]
//! bit for bit): the column and its weights are fed draw by draw, once per pass, and each
//! pass narrows the targets down, as `super::streaming` does for ranks.
//!
//! ```text
//! pass 1   4,096 key bins between the column's smallest and largest key; each bin sums the
//!          units of its draws exactly (`super::weighted_rule`) and keeps its first and last
//!          draw in the weighted order; at the end the total, the first and the last draw give
//!          the targets, and each target is either answered by the first or last draws of two
//!          neighbouring bins, or lies inside one bin (an open interval)
//! pass k   each open interval either gathers its draws (when they fit in the budget given) or
//!          counts them into 4,096 finer key bins (each level divides the key span by 2¹²); an
//!          interval holding one key is answered without a pass
//! end      gathered draws are sorted and placed from the units before the interval
//! ```
//!
//! Memory: 256 KiB of bins per level being counted, and the gathered draws (16 bytes each).

use std::collections::BTreeMap;

use super::weighted_rule::{
    ranked, ranked_units, ranked_value, reached, resolve_run, targets, value_at, Placed,
};

/// Bins per level.
const NB: usize = 1 << 12;
/// Most open intervals counted into finer bins in one pass; the others wait.
pub const MAX_COUNTED: usize = 16;
/// Bytes of one level of bins.
pub const LEVEL_BYTES: u64 = (NB * std::mem::size_of::<Bin>()) as u64;

/// One bin: the exact units of its draws, their count, its first and last draw (ranked).
#[derive(Clone, Copy)]
struct Bin {
    sum: u128,
    count: u64,
    min: u128,
    max: u128,
}

const EMPTY: Bin = Bin {
    sum: 0,
    count: 0,
    min: u128::MAX,
    max: 0,
};

/// Key bins over `[klo, khi]`.
struct Bins {
    klo: u64,
    shift: u32,
    bins: Vec<Bin>,
}

impl Bins {
    fn new(klo: u64, khi: u64) -> Bins {
        let span = khi - klo;
        let mut shift = 0;
        while (span >> shift) >= NB as u64 {
            shift += 1;
        }
        Bins {
            klo,
            shift,
            bins: vec![EMPTY; NB],
        }
    }

    #[inline(always)]
    fn add(&mut self, r: u128) {
        let k = (r >> 64) as u64;
        let b = &mut self.bins[((k - self.klo) >> self.shift) as usize];
        b.sum += u128::from(ranked_units(r));
        b.count += 1;
        b.min = b.min.min(r);
        b.max = b.max.max(r);
    }
}

/// What an open interval does during a pass.
enum Work {
    Idle,
    Gather(Vec<u128>),
    Count(Bins),
}

/// A key interval `[klo, khi]` holding targets not answered yet.
struct Open {
    klo: u64,
    khi: u64,
    /// Units of the draws before it.
    before: u128,
    count: u64,
    /// The draws just before and after it.
    prev: Option<Placed>,
    next: Option<Placed>,
    /// Indices of its targets.
    targets: Vec<usize>,
    work: Work,
}

/// Weighted quantiles of a streamed column (see the module docs).
pub struct WeightedSelect {
    first: Option<Bins>,
    d0: u128,
    ts: Vec<f64>,
    found: Vec<f64>,
    open: Vec<Open>,
}

impl WeightedSelect {
    /// A column whose values (after `x + 0.0`) have keys in `[kmin, kmax]`.
    pub fn new((kmin, kmax): (u64, u64)) -> WeightedSelect {
        WeightedSelect {
            first: (kmin <= kmax).then(|| Bins::new(kmin, kmax)),
            d0: 0,
            ts: Vec::new(),
            found: Vec::new(),
            open: Vec::new(),
        }
    }

    /// Pass 1: the next draw of positive weight, `x` with `q` units.
    #[inline]
    pub fn feed_first(&mut self, x: f64, q: u64) {
        if let Some(b) = &mut self.first {
            b.add(ranked(x, q));
        }
    }

    /// Ends pass 1: the targets of `probs`, answered or located in open intervals.
    pub fn end_first(&mut self, probs: &[f64]) {
        self.found = vec![f64::NAN; probs.len()];
        let Some(bins) = self.first.take() else {
            return;
        };
        let used: Vec<&Bin> = bins.bins.iter().filter(|b| b.count > 0).collect();
        let (Some(first), Some(last)) = (used.first(), used.last()) else {
            return;
        };
        let total: u128 = used.iter().map(|b| b.sum).sum();
        (self.d0, self.ts) = targets(probs, first.min, last.max, total);
        let all: Vec<usize> = (0..probs.len()).collect();
        self.open = self.locate(&bins, 0, (None, None), &all);
    }

    /// Answers the targets `idx` that two neighbouring bins decide; returns the open
    /// intervals (one per bin holding targets inside).
    fn locate(
        &mut self,
        bins: &Bins,
        before: u128,
        (prev, next): (Option<Placed>, Option<Placed>),
        idx: &[usize],
    ) -> Vec<Open> {
        // The non-empty bins with their first and last draws placed.
        let mut cum = before;
        let mut used: Vec<(usize, u128, Placed, Placed)> = Vec::new();
        for (b, bin) in bins.bins.iter().enumerate() {
            if bin.count == 0 {
                continue;
            }
            let first = Placed::new(bin.min, cum);
            let last = Placed::new(bin.max, cum + bin.sum - u128::from(ranked_units(bin.max)));
            used.push((b, cum, first, last));
            cum += bin.sum;
        }
        let d0 = self.d0;
        let mut inside: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in idx {
            let t = self.ts[i];
            if t.is_nan() {
                continue;
            }
            let j = used.partition_point(|u| reached(t, d0, u.3.d));
            let before_j = if j == 0 { prev } else { Some(used[j - 1].3) };
            if j == used.len() {
                self.found[i] = before_j.map_or(f64::NAN, |k| value_at(t, d0, k, next));
            } else if !reached(t, d0, used[j].2.d) {
                let k1 = used[j].2;
                self.found[i] = before_j.map_or(k1.x, |k| value_at(t, d0, k, Some(k1)));
            } else {
                let bin = &bins.bins[used[j].0];
                if bin.min >> 64 == bin.max >> 64 {
                    self.found[i] = ranked_value(bin.min);
                } else {
                    inside.entry(j).or_default().push(i);
                }
            }
        }
        inside
            .into_iter()
            .map(|(j, targets)| {
                let bin = &bins.bins[used[j].0];
                Open {
                    klo: (bin.min >> 64) as u64,
                    khi: (bin.max >> 64) as u64,
                    before: used[j].1,
                    count: bin.count,
                    prev: if j == 0 { prev } else { Some(used[j - 1].3) },
                    next: used.get(j + 1).map_or(next, |u| Some(u.2)),
                    targets,
                    work: Work::Idle,
                }
            })
            .collect()
    }

    /// Draws in the open intervals: what gathering them all in the next pass would keep.
    pub fn open_values(&self) -> u64 {
        self.open.iter().map(|o| o.count).sum()
    }

    /// Whether another pass is needed (pass 1 included).
    pub fn needs_pass(&self) -> bool {
        self.first.is_some() || !self.open.is_empty()
    }

    /// Prepares a later pass: open intervals are gathered, the smallest first, while they fit
    /// in `budget` draws together; of the others, up to [`MAX_COUNTED`] are counted into
    /// finer bins.
    pub fn begin_pass(&mut self, budget: u64) {
        let mut order: Vec<usize> = (0..self.open.len()).collect();
        order.sort_by_key(|&i| (self.open[i].count, i));
        let (mut used, mut counted) = (0u64, 0);
        for i in order {
            let o = &mut self.open[i];
            o.work = if used + o.count <= budget {
                used += o.count;
                Work::Gather(Vec::with_capacity(o.count as usize))
            } else if counted < MAX_COUNTED {
                counted += 1;
                Work::Count(Bins::new(o.klo, o.khi))
            } else {
                Work::Idle
            };
        }
    }

    /// A later pass: the next draw of positive weight.
    #[inline]
    pub fn feed(&mut self, x: f64, q: u64) {
        let r = ranked(x, q);
        let k = (r >> 64) as u64;
        let i = self.open.partition_point(|o| o.klo <= k);
        let Some(o) = i.checked_sub(1).map(|i| &mut self.open[i]) else {
            return;
        };
        if k > o.khi {
            return;
        }
        match &mut o.work {
            Work::Gather(v) => v.push(r),
            Work::Count(b) => b.add(r),
            Work::Idle => {}
        }
    }

    /// Ends a later pass: places gathered intervals, narrows counted ones.
    pub fn end_pass(&mut self) {
        let mut next = Vec::new();
        for mut o in std::mem::take(&mut self.open) {
            match std::mem::replace(&mut o.work, Work::Idle) {
                Work::Gather(mut run) => {
                    run.sort_unstable();
                    let ts: Vec<f64> = o.targets.iter().map(|&i| self.ts[i]).collect();
                    let got = resolve_run(&run, o.before, (o.prev, o.next), self.d0, &ts);
                    for (&i, v) in o.targets.iter().zip(got) {
                        self.found[i] = v;
                    }
                }
                Work::Count(bins) => {
                    next.extend(self.locate(&bins, o.before, (o.prev, o.next), &o.targets));
                }
                Work::Idle => next.push(o),
            }
        }
        self.open = next;
    }

    /// The quantiles, in the order of the probabilities given to [`Self::end_first`].
    pub fn results(&self) -> Vec<f64> {
        self.found.clone()
    }
}

/// The key range `(min, max)` of values fed one by one (after `x + 0.0`); empty as
/// `(u64::MAX, 0)`.
pub fn key_range(range: &mut (u64, u64), x: f64) {
    let k = super::bins::key(x + 0.0);
    range.0 = range.0.min(k);
    range.1 = range.1.max(k);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::weighted_quantiles;

    fn column(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let mut s = seed;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        (0..n)
            .map(|i| {
                let x = if i % 7 == 0 {
                    3.5
                } else {
                    (next() % 100_000) as f64 * 1e-3 - 20.0
                };
                let w = if i % 11 == 0 {
                    0.0
                } else {
                    (next() % 1000) as f64 * 2f64.powi(-((next() % 30) as i32))
                };
                (x, w)
            })
            .unzip()
    }

    fn streamed(x: &[f64], w: &[f64], probs: &[f64], budget: u64, piece: usize) -> (Vec<f64>, u32) {
        let top = w.iter().copied().fold(0.0, f64::max);
        let mut range = (u64::MAX, 0);
        x.iter().for_each(|&v| key_range(&mut range, v));
        let mut s = WeightedSelect::new(range);
        let feed = |s: &mut WeightedSelect, first: bool| {
            for (xs, ws) in x.chunks(piece).zip(w.chunks(piece)) {
                for (&v, &wi) in xs.iter().zip(ws) {
                    if wi > 0.0 {
                        let q = super::super::weighted_rule::units(wi / top);
                        if first {
                            s.feed_first(v, q)
                        } else {
                            s.feed(v, q)
                        }
                    }
                }
            }
        };
        feed(&mut s, true);
        s.end_first(probs);
        let mut passes = 1;
        while s.needs_pass() {
            passes += 1;
            s.begin_pass(budget);
            feed(&mut s, false);
            s.end_pass();
        }
        (s.results(), passes)
    }

    #[test]
    fn matches_the_in_memory_rule_bit_for_bit_at_any_budget() {
        let probs: Vec<f64> = (0..=200).map(|k| k as f64 / 200.0).collect();
        for seed in [1, 0xdead_beef] {
            let (x, w) = column(20_000, seed);
            let want = weighted_quantiles(&x, &w, &probs);
            for (budget, piece) in [(1 << 20, 1000), (500, 333), (0, 4096)] {
                let (got, passes) = streamed(&x, &w, &probs, budget, piece);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "budget {budget}, {passes} passes");
                if budget == 0 {
                    assert!(passes > 2, "a budget of 0 counts finer bins");
                }
            }
        }
    }

    #[test]
    fn equal_weights_and_a_single_draw() {
        let x: Vec<f64> = (0..999).map(|i| ((i * 37) % 999) as f64).collect();
        let w = vec![0.5; x.len()];
        let probs = [0.0, 0.1, 0.5, 0.77, 1.0];
        assert_eq!(
            streamed(&x, &w, &probs, 0, 100).0,
            weighted_quantiles(&x, &w, &probs)
        );
        let mut one = vec![0.0; x.len()];
        one[5] = 1.0;
        assert_eq!(streamed(&x, &one, &probs, 10, 100).0, [x[5]; 5]);
    }
}
