//! The exact arithmetic of the weighted midpoint rule ([`super::weighted_quantiles`]) and of
//! the weighted exceedance curve, shared by the in-memory analysis and the streaming mode
//! (`super::weighted_stream`), so both compute the same bits by construction.
//!
//! A draw's relative weight r = w / max w ∈ (0, 1] is held as an integer number of units of
//! 2⁻⁶³ (`units`, rounded to nearest: an absolute error of at most 2⁻⁶⁴ of the largest
//! weight, far below what a floating-point running sum of 10⁶ or more weights loses). Sums of
//! units are exact in `u128` (up to 2⁶⁴ draws), so they do not depend on the order in which the
//! draws are added: a sum over a sorted column equals the sum of per-bin sums found in any
//! order, which is what lets a streamed column reproduce them. Draws are ordered by
//! (value, units) (values by `total_cmp` after `x + 0.0`), so ties are ordered too.
//!
//! Positions are midpoints in half-units, D(k) = 2 S(k−1) + q(k) (S the running sum, q the
//! units), the target of p is t = p (D(m) − D(1)) on the scale that starts at D(1), and
//!
//! ```text
//! k = the last draw with f64(D(k) − D(1)) ≤ t
//! Q = x(k) + g (x(k+1) − x(k)),   g = (t − f64(D(k) − D(1))) / f64(D(k+1) − D(k))   (≤ 1)
//! ```
//!
//! With equal weights D(k) − D(1) = (k − 1) 2⁶⁴ exactly, so t = (m − 1) p 2⁶⁴ and g = h − ⌊h⌋
//! with h = (m − 1) p: Hyndman & Fan's definition 7 (R-7), bit for bit.

use super::bins::{from_key, key};
use super::quantile::r7_interpolate;

/// 2⁶³: units of relative weight per unit weight.
const UNIT: f64 = 9_223_372_036_854_775_808.0;

/// Units of 2⁻⁶³ of a relative weight `r ∈ [0, 1]`, rounded to nearest.
#[inline(always)]
pub fn units(r: f64) -> u64 {
    (r * UNIT).round() as u64
}

/// A draw in the weighted order: its value's key (high half) and its units (low half).
#[inline(always)]
pub fn ranked(x: f64, q: u64) -> u128 {
    (u128::from(key(x + 0.0)) << 64) | u128::from(q)
}

/// The units of a [`ranked`] draw.
#[inline(always)]
pub fn ranked_units(r: u128) -> u64 {
    r as u64
}

/// The value of a [`ranked`] draw (after `x + 0.0`).
#[inline(always)]
pub fn ranked_value(r: u128) -> f64 {
    from_key((r >> 64) as u64)
}

/// A draw with its midpoint position D (half-units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Its value.
    pub x: f64,
    /// 2 × the units before it + its own units.
    pub d: u128,
}

impl Placed {
    /// The draw `r` (ranked), after `before` units of draws.
    pub fn new(r: u128, before: u128) -> Placed {
        Placed {
            x: ranked_value(r),
            d: 2 * before + u128::from(ranked_units(r)),
        }
    }
}

/// Where the targets are measured from, and the targets of `probs`, for the weighted order
/// whose first and last draws are `first` and `last` (ranked) and whose units sum to `total`:
/// `(D(1), targets)`; a NaN probability gives a NaN target.
pub fn targets(probs: &[f64], first: u128, last: u128, total: u128) -> (u128, Vec<f64>) {
    let d0 = u128::from(ranked_units(first));
    let dm = 2 * total - u128::from(ranked_units(last));
    let span = (dm - d0) as f64;
    let ts = probs
        .iter()
        .map(|&p| {
            if p.is_nan() {
                f64::NAN
            } else {
                p.clamp(0.0, 1.0) * span
            }
        })
        .collect();
    (d0, ts)
}

/// Whether the draw at position `d` is at or before target `t` (measured from `d0`).
#[inline(always)]
pub fn reached(t: f64, d0: u128, d: u128) -> bool {
    ((d - d0) as f64) <= t
}

/// The quantile at target `t` between draw k (the last at or before it) and the next one.
pub fn value_at(t: f64, d0: u128, k: Placed, next: Option<Placed>) -> f64 {
    match next {
        _ if t.is_nan() => f64::NAN,
        None => k.x,
        Some(n) => {
            let g = ((t - (k.d - d0) as f64) / (n.d - k.d) as f64).min(1.0);
            r7_interpolate(k.x, n.x, g)
        }
    }
}

/// The quantiles at targets `ts` that fall within `run` (ranked draws, sorted), which follows
/// `before` units of draws, with `prev` the draw just before it and `next` the one just after
/// (a target before the run's first draw reads `prev`).
pub fn resolve_run(
    run: &[u128],
    before: u128,
    (prev, next): (Option<Placed>, Option<Placed>),
    d0: u128,
    ts: &[f64],
) -> Vec<f64> {
    // One scan of the run for the targets in increasing order (the draws reached are a prefix
    // that grows with the target), with no memory per draw.
    let mut order: Vec<usize> = (0..ts.len()).filter(|&i| !ts[i].is_nan()).collect();
    order.sort_by(|&a, &b| ts[a].total_cmp(&ts[b]));
    let mut out = vec![f64::NAN; ts.len()];
    let (mut j, mut cum) = (0, before);
    let mut cur = run.first().map(|&r| Placed::new(r, cum));
    let mut last = prev;
    for i in order {
        let t = ts[i];
        while let Some(p) = cur.filter(|p| reached(t, d0, p.d)) {
            last = Some(p);
            cum += u128::from(ranked_units(run[j]));
            j += 1;
            cur = run.get(j).map(|&r| Placed::new(r, cum));
        }
        let lo = if j == 0 { prev.or(cur) } else { last };
        out[i] = lo.map_or(f64::NAN, |lo| value_at(t, d0, lo, cur.or(next)));
    }
    out
}

/// The weighted exceedance curve P(X ≥ x) at increasing `thresholds`, from draws fed in any
/// order: units summed exactly by how many thresholds each draw reaches.
#[derive(Debug, Clone)]
pub struct Exceedance {
    thresholds: Vec<f64>,
    /// `acc[j]`: units of the draws reaching exactly j thresholds.
    acc: Vec<u128>,
}

impl Exceedance {
    /// No draws yet.
    pub fn new(thresholds: Vec<f64>) -> Exceedance {
        let acc = vec![0; thresholds.len() + 1];
        Exceedance { thresholds, acc }
    }

    /// Adds a draw of value `x` and `q` units.
    #[inline]
    pub fn feed(&mut self, x: f64, q: u64) {
        let j = self.thresholds.partition_point(|&t| t <= x);
        self.acc[j] += u128::from(q);
    }

    /// `(threshold, P(X ≥ threshold))` for each threshold.
    pub fn curve(self) -> Vec<(f64, f64)> {
        let total: u128 = self.acc.iter().sum();
        let mut above = total - self.acc[0];
        self.thresholds
            .iter()
            .enumerate()
            .map(|(j, &t)| {
                let p = (t, above as f64 / total as f64);
                above -= self.acc[j + 1];
                p
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantiles_r7;

    /// A deterministic column with weights spread over many scales and ties in value.
    fn column(n: usize) -> (Vec<f64>, Vec<u64>) {
        let mut s = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        (0..n)
            .map(|_| {
                let x = (next() % 50) as f64 * 0.25 - 3.0;
                let r = (next() % 1000) as f64 / 999.0 * 2f64.powi(-((next() % 40) as i32));
                (x, units(r))
            })
            .unzip()
    }

    fn quantiles_of(order: &[usize], x: &[f64], q: &[u64], probs: &[f64]) -> Vec<f64> {
        let mut run: Vec<u128> = order
            .iter()
            .filter(|&&i| q[i] > 0)
            .map(|&i| ranked(x[i], q[i]))
            .collect();
        run.sort_unstable();
        let total: u128 = run.iter().map(|&r| u128::from(ranked_units(r))).sum();
        let (d0, ts) = targets(probs, run[0], run[run.len() - 1], total);
        resolve_run(&run, 0, (None, None), d0, &ts)
    }

    #[test]
    fn sums_and_quantiles_do_not_depend_on_the_order_of_the_draws() {
        let (x, q) = column(5_000);
        let probs: Vec<f64> = (0..=100).map(|k| k as f64 / 100.0).collect();
        let forward: Vec<usize> = (0..x.len()).collect();
        let backward: Vec<usize> = forward.iter().rev().copied().collect();
        let shuffled: Vec<usize> = (0..x.len()).map(|i| (i * 2_003) % x.len()).collect();
        let a = quantiles_of(&forward, &x, &q, &probs);
        assert_eq!(a, quantiles_of(&backward, &x, &q, &probs));
        assert_eq!(a, quantiles_of(&shuffled, &x, &q, &probs));
        let curve = |order: &[usize]| {
            let mut e = Exceedance::new(a.clone());
            order.iter().for_each(|&i| e.feed(x[i], q[i]));
            e.curve()
        };
        assert_eq!(curve(&forward), curve(&shuffled));
        // Split into two runs at any point with the boundary draws given: the same values.
        let mut run: Vec<u128> = x
            .iter()
            .zip(&q)
            .filter(|(_, &q)| q > 0)
            .map(|(&x, &q)| ranked(x, q))
            .collect();
        run.sort_unstable();
        let total: u128 = run.iter().map(|&r| u128::from(ranked_units(r))).sum();
        let (d0, ts) = targets(&probs, run[0], run[run.len() - 1], total);
        let cut = run.len() / 3;
        let before: u128 = run[..cut]
            .iter()
            .map(|&r| u128::from(ranked_units(r)))
            .sum();
        let last_before = Placed::new(
            run[cut - 1],
            before - u128::from(ranked_units(run[cut - 1])),
        );
        let tail = resolve_run(&run[cut..], before, (Some(last_before), None), d0, &ts);
        let whole = resolve_run(&run, 0, (None, None), d0, &ts);
        for (t, (a, b)) in ts.iter().zip(whole.iter().zip(&tail)) {
            if !reached(*t, d0, Placed::new(run[cut], before).d) {
                continue; // before the tail's first draw: the head's business
            }
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }

    #[test]
    fn equal_weights_are_r7_bit_for_bit() {
        let (x, _) = column(1_001);
        let probs = [
            0.0,
            0.001,
            0.01,
            0.1,
            0.25,
            1.0 / 3.0,
            0.5,
            0.9,
            0.975,
            0.999,
            1.0,
        ];
        let q = vec![units(1.0); x.len()];
        let order: Vec<usize> = (0..x.len()).collect();
        let mut copy = x.clone();
        assert_eq!(
            quantiles_of(&order, &x, &q, &probs),
            quantiles_r7(&mut copy, &probs)
        );
    }

    #[test]
    fn exceedance_counts_the_draws_at_or_above() {
        let mut e = Exceedance::new(vec![1.0, 2.0, 2.0, 5.0]);
        for (x, q) in [(0.0, 1), (1.0, 1), (2.0, 2), (3.0, 4)] {
            e.feed(x, q);
        }
        let p: Vec<f64> = e.curve().into_iter().map(|(_, p)| p).collect();
        assert_eq!(p, [7.0 / 8.0, 6.0 / 8.0, 6.0 / 8.0, 0.0]);
    }
}
