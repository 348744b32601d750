//! The swing's fast path for equally weighted draws: bands and band medians read off the
//! draws' order by value ([`crate::stats::ranks_and_order`], computed once per column for the
//! ranks) instead of selections and sorts per band.
//!
//! - An input's band edges are its R-7 quantiles read from its sorted draws, and each band
//!   half (`lo ≤ x < mid`, `mid ≤ x ≤ hi`) is a run of consecutive draws in that order.
//! - A numeric output's values in a band come out sorted by marking the band's draws at their
//!   positions in the output's order (a bitmap of n bits) and reading the marks in turn.
//!
//! Both give the same numbers bit for bit as [`SwingBands::new`] and [`SwingBands::swing`]
//! (the same order statistics, the same quantile rule); they need columns whose order by value
//! is unique as floats, i.e. without NaN or −0.0 ([`sorts_uniquely`]).

use super::resolve::Z;
#[cfg(test)]
use super::swing::median_of;
use super::swing::{median_probs, slot, Band, Part, SwingBands, EDGES, PARTS, SIDES};
use super::{Estimate, Weights, MIN_DRAWS};
use crate::stats::{r7_interpolate, r7_of_sorted, r7_position};

/// Whether sorting `x` by value fixes every value's bits (no NaN, no −0.0 beside +0.0), so
/// that reading values in the ranks' order equals reading them sorted by [`f64::total_cmp`].
pub(crate) fn sorts_uniquely(x: &[f64]) -> bool {
    !x.iter()
        .any(|v| v.is_nan() || (*v == 0.0 && v.is_sign_negative()))
}

impl SwingBands {
    /// [`SwingBands::new`] for equal weights, from `order`, the draws of `x` in ascending
    /// order of value (ties in draw order); `x` must sort uniquely ([`sorts_uniquely`]).
    pub(crate) fn from_order(x: &[f64], order: &[u32]) -> Option<Self> {
        let n = x.len();
        if n < MIN_DRAWS || order.len() != n {
            return None;
        }
        let sorted = |k: usize| x[order[k] as usize];
        let q = EDGES.map(|p| {
            let (j, g) = r7_position(n, p);
            let next = if g > 0.0 { j + 1 } else { j };
            r7_interpolate(sorted(j.min(n - 1)), sorted(next.min(n - 1)), g)
        });
        // The first position whose value is not below `v` (or, `inclusive`, above it).
        let bound = |v: f64, inclusive: bool| {
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                let before = if inclusive {
                    sorted(mid) <= v
                } else {
                    sorted(mid) < v
                };
                if before {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let band = |lo: f64, mid: f64, hi: f64| -> Band {
            let a = bound(lo, false);
            let b = bound(mid, false).max(a);
            let c = bound(hi, true).max(b);
            Band {
                draws: order[a..c].iter().map(|&i| i as usize).collect(),
                split: b - a,
            }
        };
        Some(SwingBands {
            n,
            ess: Weights::Equal.ess(n),
            total: (0..n).map(|_| 1.0).sum(),
            low: band(q[0], q[1], q[2]),
            high: band(q[3], q[4], q[5]),
            weights: None,
        })
    }

    /// [`swing`](SwingBands::swing) of `y` for equal weights, given `order`, the draws in
    /// ascending order of `y`, and `position`, each draw's place in `order`; `y` must sort
    /// uniquely ([`sorts_uniquely`]).
    pub(crate) fn swing_ordered(&self, y: &[f64], order: &[u32], position: &[u32]) -> Estimate {
        let n = self.n;
        if self.weights.is_some() || y.len() != n || order.len() != n || position.len() != n {
            return self.swing(y);
        }
        let words = n.div_ceil(64);
        let mut stats = [(0.0, 0.0); 6];
        let mut values = Vec::new();
        let (mut lower, mut upper) = (vec![0u64; words], vec![0u64; words]);
        for side in SIDES {
            let band = self.band(side);
            let mark = |bits: &mut [u64], part| {
                bits.fill(0);
                for &i in band.part(part) {
                    let p = position[i] as usize;
                    bits[p / 64] |= 1 << (p % 64);
                }
            };
            mark(&mut lower, Part::Lower);
            mark(&mut upper, Part::Upper);
            for part in PARTS {
                values.clear();
                for (w, (&a, &b)) in lower.iter().zip(&upper).enumerate() {
                    let mut bits = match part {
                        Part::All => a | b,
                        Part::Lower => a,
                        Part::Upper => b,
                    };
                    while bits != 0 {
                        let p = 64 * w + bits.trailing_zeros() as usize;
                        values.push(y[order[p] as usize]);
                        bits &= bits - 1;
                    }
                }
                stats[slot(side, part)] = median_of_sorted(&values);
            }
        }
        self.combine(|side, part| stats[slot(side, part)])
    }
}

/// [`median_of`] of values already in ascending order (and sorting uniquely,
/// [`sorts_uniquely`]): the same order statistics read off by position, without a selection.
pub(crate) fn median_of_sorted(v: &[f64]) -> (f64, f64) {
    let q = median_probs(v.len() as f64).map(|p| r7_of_sorted(v, p));
    (q[1], (q[2] - q[0]) / (2.0 * Z))
}

/// Each draw's place in `order` (the inverse permutation).
pub(crate) fn positions(order: &[u32]) -> Vec<u32> {
    let mut position = vec![0; order.len()];
    for (p, &i) in (0u32..).zip(order) {
        position[i as usize] = p;
    }
    position
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::Ranks;
    use crate::test_stats::rng;
    use rand::Rng;

    /// The ordered path equals the general one bit for bit: continuous and heavily tied
    /// inputs (whose bands overlap when p15 = p85), outputs with ties, short runs.
    #[test]
    fn ordered_swing_is_the_swing() {
        let mut r = rng(11);
        for n in [20, 57, 1000, 5000] {
            let inputs: [Vec<f64>; 3] = [
                (0..n).map(|_| r.random_range(0.2..0.4)).collect(),
                (0..n).map(|_| f64::from(r.random_range(0..3u8))).collect(),
                (0..n).map(|i| (i % 2) as f64).collect(),
            ];
            let outputs: [Vec<f64>; 2] = [
                (0..n)
                    .map(|i| inputs[0][i] * 3.0 + r.random::<f64>())
                    .collect(),
                (0..n)
                    .map(|i| (inputs[1][i] * 10.0 + f64::from(r.random_range(0..5u8))).round())
                    .collect(),
            ];
            for x in &inputs {
                let rx = Ranks::new(x);
                let fast = SwingBands::from_order(x, rx.order().unwrap());
                let slow = SwingBands::new(x, Weights::Equal);
                assert_eq!(fast.is_some(), slow.is_some());
                let (Some(bands), Some(slow)) = (fast, slow) else {
                    continue;
                };
                // The same draws in each half (in another order: by x, not by draw).
                for side in SIDES {
                    for part in PARTS {
                        let sorted = |b: &SwingBands| {
                            let mut d = b.band(side).part(part).to_vec();
                            d.sort_unstable();
                            d
                        };
                        assert_eq!(sorted(&bands), sorted(&slow), "n = {n}");
                    }
                }
                let facts = |b: &SwingBands| (b.n, b.ess, b.total, b.band_draws());
                assert_eq!(facts(&bands), facts(&slow));
                for y in &outputs {
                    let ry = Ranks::new(y);
                    let order = ry.order().unwrap();
                    let fast = bands.swing_ordered(y, order, &positions(order));
                    let slow = bands.swing(y);
                    assert_eq!(fast.value.to_bits(), slow.value.to_bits());
                    assert_eq!(fast.se.to_bits(), slow.se.to_bits());
                }
            }
        }
        for n in [0, 1, 2, 3, 10, 101, 1000] {
            let mut v: Vec<f64> = (0..n)
                .map(|_| f64::from(r.random_range(0..50u8)) * 0.1)
                .collect();
            v.sort_unstable_by(f64::total_cmp);
            let (fast, slow) = (median_of_sorted(&v), median_of(&mut v.clone()));
            assert_eq!(
                (fast.0.to_bits(), fast.1.to_bits()),
                (slow.0.to_bits(), slow.1.to_bits()),
                "n = {n}"
            );
        }
        assert!(sorts_uniquely(&[0.0, 1.0]) && !sorts_uniquely(&[-0.0, 1.0]));
        assert!(!sorts_uniquely(&[f64::NAN]));
    }
}
