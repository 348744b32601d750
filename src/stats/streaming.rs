//! Exact order statistics of a column that is never held in memory: it is fed in pieces, once
//! per pass, in the same order every pass (the chunks of a run, regenerated from their seeded
//! streams), and each pass narrows the wanted ranks down (bucket selection across passes):
//!
//! ```text
//! pass 1   the first piece sets 65,536 bins between its smallest and largest value (bins
//!          equal in the key, or in value when the piece spans zero, as in `select`), plus one
//!          bin below and one above; every value is counted; prefix sums of the counts give each
//!          wanted rank's bin, whose key interval is found by bisection on the monotone bin map
//! pass k   each open interval either gathers its values (when all open intervals together fit
//!          in the budget given) or counts them into 65,536 key bins of its own (each level
//!          divides the interval's key span by ~2^16, so at most four levels remain); an
//!          interval holding one key is answered without a pass
//! end      gathered values are selected in memory (`select::order_statistics`)
//! ```
//!
//! Values are normalised with `x + 0.0` (−0.0 read as +0.0) and ordered by `total_cmp`, as the
//! in-memory summary does: the results equal its order statistics bit for bit, `below` included.
//! Memory: the bin counts (0.5 MiB a level per open interval being counted) and the gathered
//! values (at most the budget).

use super::bins::{from_key, key, Binner, KeyBins, LinearBins, BINS};
use super::select::{order_statistics, OrderStat};

/// Bins of the first level: the 65,536 of the first piece's range, one below, one above.
const LEVEL0_BINS: usize = BINS + 2;
/// Most open intervals counted into finer bins in one pass (0.5 MiB of counts each); the
/// others wait for a later pass.
pub const MAX_COUNTED: usize = 16;
/// Bytes of one level of bin counts.
pub const LEVEL_BYTES: u64 = 8 * LEVEL0_BINS as u64;
/// No open interval in this first-level bin.
const NONE: u32 = u32::MAX;

/// The first level's monotone map from (normalised) values to `0..LEVEL0_BINS`.
#[derive(Clone, Copy)]
enum Level0 {
    /// The first piece held one value (key): below, at, above.
    Single(u64),
    /// Key bins between the first piece's smallest and largest key.
    Keys(u64, u64, KeyBins),
    /// Equal-width bins between the first piece's smallest and largest value (both signs).
    Linear(u64, u64, LinearBins),
}

impl Level0 {
    fn from_piece(xs: &[f64]) -> Level0 {
        let (kmin, kmax) = xs.iter().fold((u64::MAX, 0), |(lo, hi), &x| {
            let k = key(x + 0.0);
            (lo.min(k), hi.max(k))
        });
        if kmin >= kmax {
            return Level0::Single(kmin);
        }
        let (min, max) = (from_key(kmin), from_key(kmax));
        if min > 0.0 || max < 0.0 {
            Level0::Keys(kmin, kmax, KeyBins::new(kmin, kmax))
        } else {
            Level0::Linear(kmin, kmax, LinearBins::new(min, max))
        }
    }

    #[inline(always)]
    fn bin(&self, x: f64) -> usize {
        let k = key(x);
        match *self {
            Level0::Single(at) => usize::from(k >= at) + usize::from(k > at),
            Level0::Keys(lo, hi, b) => Self::outer(k, lo, hi, || b.bin(x)),
            Level0::Linear(lo, hi, b) => Self::outer(k, lo, hi, || b.bin(x)),
        }
    }

    #[inline(always)]
    fn outer(k: u64, lo: u64, hi: u64, inner: impl Fn() -> usize) -> usize {
        if k < lo {
            0
        } else if k > hi {
            LEVEL0_BINS - 1
        } else {
            1 + inner()
        }
    }
}

/// The key interval `[lo, hi]` (within `[kmin, kmax]`) of the values a monotone map sends to
/// bin `b`, by bisection; `None` when no key there maps to `b`.
fn key_interval(kmin: u64, kmax: u64, b: usize, bin: impl Fn(f64) -> usize) -> Option<(u64, u64)> {
    // The first key in [kmin, kmax + 1) whose bin is at least `want`.
    let first_at_least = |want: usize| {
        let (mut lo, mut hi) = (kmin, kmax.saturating_add(1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if bin(from_key(mid)) >= want {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    };
    let (lo, end) = (first_at_least(b), first_at_least(b + 1));
    (lo < end).then(|| (lo, end - 1))
}

/// The open intervals of the bins (counted in `counts`, after `below` smaller values) that hold
/// the wanted ranks `ranks[range]`; `interval(b)` is bin b's key interval.
fn locate(
    counts: &[u64],
    below: u64,
    ranks: &[usize],
    range: std::ops::Range<usize>,
    interval: impl Fn(usize) -> Option<(u64, u64)>,
) -> Vec<Open> {
    let mut out = Vec::new();
    let (mut cum, mut r) = (below, range.start);
    for (b, &c) in counts.iter().enumerate() {
        let start = r;
        while r < range.end && (ranks[r] as u64) < cum + c {
            r += 1;
        }
        if r > start {
            let (klo, khi) = interval(b).expect("a bin holding values has keys");
            out.push(Open {
                klo,
                khi,
                below: cum,
                count: c,
                ranks: start..r,
                work: Work::Idle,
            });
        }
        cum += c;
        if r == range.end {
            break;
        }
    }
    out
}

/// What an open interval does during a pass.
enum Work {
    /// Not decided yet (between passes).
    Idle,
    /// Keeps its values.
    Gather(Vec<f64>),
    /// Counts its values into key bins.
    Count(KeyBins, Vec<u64>),
}

/// Key interval `[klo, khi]` holding wanted ranks not found yet.
struct Open {
    klo: u64,
    khi: u64,
    /// Values with a key below `klo`.
    below: u64,
    /// Values in the interval.
    count: u64,
    /// Indices into the distinct wanted ranks.
    ranks: std::ops::Range<usize>,
    work: Work,
}

/// Order statistics of a streamed column at given ranks (see the module docs).
pub struct StreamSelect {
    /// The ranks asked for, in the caller's order.
    asked: Vec<usize>,
    /// Distinct ranks, increasing.
    ranks: Vec<usize>,
    n: u64,
    level0: Option<Level0>,
    counts0: Vec<u64>,
    kmin: u64,
    kmax: u64,
    found: Vec<Option<OrderStat>>,
    open: Vec<Open>,
    /// For each first-level bin, the first open interval inside it (or [`NONE`]).
    slot0: Vec<u32>,
}

impl StreamSelect {
    /// Selection of the order statistics at `ranks` (0-based; past the end read as the last)
    /// of a column of `n ≥ 1` values.
    pub fn new(n: u64, ranks: &[usize]) -> StreamSelect {
        let last = n.saturating_sub(1) as usize;
        let mut distinct: Vec<usize> = ranks.iter().map(|&k| k.min(last)).collect();
        distinct.sort_unstable();
        distinct.dedup();
        StreamSelect {
            asked: ranks.to_vec(),
            found: vec![None; distinct.len()],
            ranks: distinct,
            n,
            level0: None,
            counts0: vec![0; LEVEL0_BINS],
            kmin: u64::MAX,
            kmax: 0,
            open: Vec::new(),
            slot0: Vec::new(),
        }
    }

    /// Pass 1: counts the next piece (the first piece fed sets the bins).
    pub fn feed_first(&mut self, xs: &[f64]) {
        if xs.is_empty() {
            return;
        }
        let level0 = *self.level0.get_or_insert_with(|| Level0::from_piece(xs));
        let (mut lo, mut hi) = (self.kmin, self.kmax);
        for &x in xs {
            let x = x + 0.0;
            let k = key(x);
            lo = lo.min(k);
            hi = hi.max(k);
            self.counts0[level0.bin(x)] += 1;
        }
        (self.kmin, self.kmax) = (lo, hi);
    }

    /// Ends pass 1: locates every wanted rank's first-level bin.
    pub fn end_first(&mut self) {
        let Some(level0) = self.level0 else {
            return;
        };
        let (kmin, kmax) = (self.kmin, self.kmax);
        self.open = locate(&self.counts0, 0, &self.ranks, 0..self.ranks.len(), |b| {
            key_interval(kmin, kmax, b, |x| level0.bin(x))
        });
        self.counts0 = Vec::new();
        self.answer_single_keys();
    }

    /// Answers the open intervals holding a single key.
    fn answer_single_keys(&mut self) {
        let found = &mut self.found;
        self.open.retain(|o| {
            if o.klo != o.khi {
                return true;
            }
            for f in &mut found[o.ranks.clone()] {
                *f = Some(OrderStat {
                    value: from_key(o.klo),
                    below: o.below as usize,
                });
            }
            false
        });
    }

    /// Values in the open intervals: what gathering them all in the next pass would keep.
    pub fn open_values(&self) -> u64 {
        self.open.iter().map(|o| o.count).sum()
    }

    /// Whether another pass is needed.
    pub fn needs_pass(&self) -> bool {
        !self.open.is_empty()
    }

    /// Prepares the next pass: open intervals are gathered, the smallest first, while they fit
    /// in `budget` values together; of the others, up to [`MAX_COUNTED`] are counted into
    /// finer bins (the rest wait).
    pub fn begin_pass(&mut self, budget: u64) {
        let Some(level0) = self.level0 else {
            return;
        };
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
                Work::Count(KeyBins::new(o.klo, o.khi), vec![0; BINS])
            } else {
                Work::Idle
            };
        }
        self.slot0 = vec![NONE; LEVEL0_BINS];
        for (i, o) in self.open.iter().enumerate().rev() {
            self.slot0[level0.bin(from_key(o.klo))] = i as u32;
        }
    }

    /// A later pass: the next piece.
    pub fn feed(&mut self, xs: &[f64]) {
        let Some(level0) = self.level0 else {
            return;
        };
        for &x in xs {
            let x = x + 0.0;
            let s = self.slot0[level0.bin(x)];
            if s == NONE {
                continue;
            }
            let k = key(x);
            for o in &mut self.open[s as usize..] {
                if k < o.klo {
                    break;
                }
                if k <= o.khi {
                    match &mut o.work {
                        Work::Gather(v) => v.push(x),
                        Work::Count(bins, counts) => counts[bins.bin(x)] += 1,
                        Work::Idle => {}
                    }
                    break;
                }
            }
        }
    }

    /// Ends a later pass: selects within gathered intervals, narrows counted ones.
    pub fn end_pass(&mut self) {
        let mut next = Vec::new();
        for mut o in std::mem::take(&mut self.open) {
            match std::mem::replace(&mut o.work, Work::Idle) {
                Work::Gather(mut values) => {
                    let local: Vec<usize> = self.ranks[o.ranks.clone()]
                        .iter()
                        .map(|&r| r - o.below as usize)
                        .collect();
                    let stats = order_statistics(&mut values, &local);
                    for (f, s) in self.found[o.ranks.clone()].iter_mut().zip(stats) {
                        *f = Some(OrderStat {
                            value: s.value,
                            below: s.below + o.below as usize,
                        });
                    }
                }
                Work::Count(bins, counts) => {
                    next.extend(locate(&counts, o.below, &self.ranks, o.ranks, |b| {
                        key_interval(o.klo, o.khi, b, |x| bins.bin(x))
                    }));
                }
                Work::Idle => next.push(o),
            }
        }
        self.open = next;
        self.slot0 = Vec::new();
        self.answer_single_keys();
    }

    /// The order statistics, in the order the ranks were asked (after the last pass).
    pub fn results(&self) -> Vec<OrderStat> {
        let last = self.n.saturating_sub(1) as usize;
        self.asked
            .iter()
            .map(|&k| {
                let i = self.ranks.partition_point(|&w| w < k.min(last));
                self.found.get(i).copied().flatten().unwrap_or(OrderStat {
                    value: f64::NAN,
                    below: 0,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Streams `col` in pieces of `piece` values with the given budget until done.
    fn stream(col: &[f64], ranks: &[usize], piece: usize, budget: u64) -> (Vec<OrderStat>, u32) {
        let mut s = StreamSelect::new(col.len() as u64, ranks);
        col.chunks(piece).for_each(|p| s.feed_first(p));
        s.end_first();
        let mut passes = 1;
        while s.needs_pass() {
            s.begin_pass(budget);
            col.chunks(piece).for_each(|p| s.feed(p));
            s.end_pass();
            passes += 1;
            assert!(passes < 40, "terminates");
        }
        (s.results(), passes)
    }

    fn in_memory(col: &[f64], ranks: &[usize]) -> Vec<OrderStat> {
        let mut copy: Vec<f64> = col.iter().map(|x| x + 0.0).collect();
        order_statistics(&mut copy, ranks)
    }

    #[test]
    fn matches_in_memory_selection_bit_for_bit() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        for shape in 0..5 {
            let n = 60_000;
            let col: Vec<f64> = (0..n)
                .map(|i| {
                    let u: f64 = rng.random();
                    match shape {
                        0 => (u * 8.0).exp(),
                        1 => (u * 9.0).floor() - 4.0,
                        2 => (u - 0.3).max(0.0) * 1e6,
                        3 => (u - 0.5) / (u * (1.0 - u)),
                        // The first piece is narrower than the rest: wide tails outside it.
                        _ => u * (1.0 + (i / 1000) as f64),
                    }
                })
                .collect();
            let ranks: Vec<usize> = (0..n).step_by(997).chain([0, n - 1, n / 2]).collect();
            let want = in_memory(&col, &ranks);
            for (budget, piece) in [(u64::MAX, 1000), (500, 4096), (0, 777)] {
                let (got, _) = stream(&col, &ranks, piece, budget);
                for ((g, w), k) in got.iter().zip(&want).zip(&ranks) {
                    assert_eq!(g.value.to_bits(), w.value.to_bits(), "{shape} rank {k}");
                    assert_eq!(g.below, w.below, "{shape} rank {k}");
                }
            }
        }
    }

    #[test]
    fn a_generous_budget_needs_one_more_pass_and_a_spike_none() {
        let col: Vec<f64> = (0..10_000).map(|i| f64::from(i % 7 == 0)).collect();
        let (got, passes) = stream(&col, &[0, 9_999], 100, u64::MAX);
        assert_eq!(passes, 1, "two values: each wanted bin holds one key");
        assert_eq!((got[0].value, got[1].value), (0.0, 1.0));
        let col: Vec<f64> = (0..10_000).map(|i| f64::from(i) * 0.5 - 7.0).collect();
        let (got, passes) = stream(&col, &[5_000], 1_000, u64::MAX);
        assert_eq!(passes, 2);
        assert_eq!(got[0].value, 5_000.0 * 0.5 - 7.0);
    }
}
