//! Rounded continuous loads drawn from an exact alias table: one random word per container.
//!
//! A load `K = round(X)` with `X` continuous (lognormal, `a to b`, normal, PERT, gamma …) is an
//! integer distribution, `P(K = k) = F(k + ½) − F(k − ½)` (and `P(K = 0) = F(½) − F(0)`: a
//! load drawn below 0 is an error, [`LoadError::Negative`], so its mass `F(0)` is a cell of its
//! own that stops the sum, as the loop stops at the first negative draw). When `X`'s parameters are fixed for a
//! draw (or the whole run), that pmf is tabulated once and every container is drawn from it with
//! Walker's alias method (Vose's O(n) construction):
//!
//! ```text
//! table:  k = k_lo … k_hi (quantiles 1e-9 and 1 − 1e-9), plus two tail cells
//!         integer weights w_k ≈ P(K = k)·2⁶⁴, adjusted to sum to exactly 2⁶⁴
//!         padded to 2^m cells, each of capacity C = 2^(64−m): cell i holds (t_i, k_i, alias_i)
//! draw:   u = one 64-bit word;  i = u >> (64 − m);  k = if u mod C < t_i { k_i } else { alias_i }
//! tail:   (probability ~2e-9) x = F⁻¹(p) with p uniform on the tail's CDF range, k = round(x)
//!         (the lower cell, when k_lo = 0, is the mass below 0: x < 0 is the error)
//! ```
//!
//! The table is exact in this sense: with a uniform 64-bit word, cell `k` is drawn with
//! probability exactly `w_k / 2⁶⁴`, and `w_k` is `P(K = k)` rounded to a multiple of 2⁻⁶⁴ (the
//! CDF differences themselves carry double-precision rounding, ~1e-16 absolute, as any sampler
//! that uses them does). Values beyond the table are drawn from the conditional tail by
//! inversion, so nothing is truncated.
//!
//! Hand-written, not `rand_distr::WeightedAliasIndex`: that draws two random numbers per sample
//! (a `Uniform` index and a `Uniform` weight, each by rejection) with floating-point weights;
//! here one word gives both the cell (high bits, a power-of-two table, so no rejection) and the
//! coin (low bits, against integer thresholds), which is what makes a container cost ~2 ns.
//! Reference: M. D. Vose, "A linear algorithm for generating random numbers with a given
//! distribution", IEEE Trans. Software Eng. 17(9), 1991.

use super::load::{container_rounds, whole_rounds, LoadError};
use crate::dist::Dist;
use rand::Rng;

/// Probability left outside the table on each side; drawn by inversion (rarely).
const TAIL: f64 = 1e-9;
/// Largest table (cells, a power of two); wider distributions keep the per-container loop.
pub const MAX_CELLS: usize = 1 << 16;
/// Cell values marking the tails (offsets from `k_lo` never reach them: width < 2¹⁶).
const LOWER: u32 = u32::MAX - 1;
const UPPER: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Cell {
    threshold: u64,
    value: u32,
    alias: u32,
}

/// The exact pmf of `round(X)` as an alias table; see the module docs.
#[derive(Debug, Clone)]
pub struct RoundedTable {
    dist: Dist,
    k_lo: u64,
    /// Whole values the table covers: `k_lo … k_lo + width − 1`.
    width: u64,
    shift: u32,
    mask: u64,
    cells: Vec<Cell>,
    /// `F(k_lo − ½)`, or `F(0)` when `k_lo` is 0 (the draws below 0, which are errors).
    lower_mass: f64,
    /// `F(k_hi + ½)`.
    upper_start: f64,
}

/// The whole-number range `[k_lo, k_hi]` a table for `dist` would cover, if it fits.
pub fn table_range(dist: &Dist) -> Option<(u64, u64)> {
    if dist.is_discrete() {
        return None;
    }
    let (lo, hi) = (dist.inverse_cdf(TAIL), dist.inverse_cdf(1.0 - TAIL));
    if !(lo.is_finite() && hi.is_finite()) || hi > 4.0e15 {
        return None;
    }
    let (k_lo, k_hi) = (whole_rounds(lo), whole_rounds(hi));
    let width = (k_hi - k_lo) as usize + 1;
    (width + 2 <= MAX_CELLS).then_some((k_lo, k_hi))
}

impl RoundedTable {
    /// Tabulates `round(X)` for `X ~ dist`, or `None` when `dist` is discrete or its range
    /// is too wide for [`MAX_CELLS`] (the caller keeps the per-container loop).
    pub fn new(dist: &Dist) -> Option<RoundedTable> {
        let (k_lo, k_hi) = table_range(dist)?;
        let width = (k_hi - k_lo) as usize + 1;
        // Cell masses: the table's values, then the lower and upper tails.
        let lower_mass = dist.cdf(if k_lo == 0 { 0.0 } else { k_lo as f64 - 0.5 });
        let upper_start = dist.cdf(k_hi as f64 + 0.5);
        let mut mass = Vec::with_capacity(width + 2);
        let mut below = lower_mass;
        for k in k_lo..=k_hi {
            let f = dist.cdf(k as f64 + 0.5);
            mass.push((f - below).max(0.0));
            below = f;
        }
        mass.push(lower_mass.max(0.0));
        mass.push((1.0 - upper_start).max(0.0));
        let weights = integer_weights(&mass)?;
        let mut values: Vec<u32> = (0..width as u32).collect();
        values.extend([LOWER, UPPER]);
        let m = (width + 2).next_power_of_two().trailing_zeros().max(1);
        let cells = vose(&weights, &values, m);
        Some(RoundedTable {
            dist: dist.clone(),
            k_lo,
            width: width as u64,
            shift: 64 - m,
            mask: (1u64 << (64 - m)) - 1,
            cells,
            lower_mass,
            upper_start,
        })
    }

    /// The total of `n` containers' loads.
    ///
    /// # Errors
    /// [`LoadError::Negative`] when a container draws a load below 0 (the first such, by
    /// inversion of its conditional tail); [`LoadError::Overflow`] beyond 2⁶⁴ − 1.
    pub fn sum<R: Rng + ?Sized>(&self, rng: &mut R, n: u64) -> Result<u64, LoadError> {
        // Blocks keep the offset sum (< 2¹⁶ a container) far from overflow.
        const BLOCK: u64 = 1 << 40;
        let mut total: u64 = 0;
        let mut left = n;
        while left > 0 {
            let b = left.min(BLOCK);
            left -= b;
            let part = self.sum_block(rng, b)?;
            total = total.checked_add(part).ok_or(LoadError::Overflow)?;
        }
        Ok(total)
    }

    #[inline]
    fn sum_block<R: Rng + ?Sized>(&self, rng: &mut R, n: u64) -> Result<u64, LoadError> {
        let mut offsets: u64 = 0;
        let mut tails: u64 = 0;
        let mut tail_total: u64 = 0;
        for _ in 0..n {
            let u = rng.next_u64();
            let c = self.cells[(u >> self.shift) as usize];
            let v = if u & self.mask < c.threshold {
                c.value
            } else {
                c.alias
            };
            if v >= LOWER {
                tails += 1;
                let k = self.tail(rng, v == UPPER)?;
                tail_total = tail_total.checked_add(k).ok_or(LoadError::Overflow)?;
            } else {
                offsets += u64::from(v);
            }
        }
        (n - tails)
            .checked_mul(self.k_lo)
            .and_then(|x| x.checked_add(offsets))
            .and_then(|x| x.checked_add(tail_total))
            .ok_or(LoadError::Overflow)
    }

    /// One draw from the lower or upper tail beyond the table, by inversion of the CDF on
    /// the tail's probability range; rounded as the loop rounds (an error below 0 or beyond
    /// 2⁶⁴ − 1), and kept inside its tail against rounding of the CDF.
    #[cold]
    #[inline(never)]
    fn tail<R: Rng + ?Sized>(&self, rng: &mut R, upper: bool) -> Result<u64, LoadError> {
        let u: f64 = rng.random();
        if upper {
            let p = self.upper_start + u * (1.0 - self.upper_start);
            let x = self.dist.inverse_cdf(p.min(1.0 - f64::EPSILON / 2.0));
            Ok(container_rounds(x)?.max(self.k_lo + self.width))
        } else {
            let x = self.dist.inverse_cdf(u * self.lower_mass);
            if self.k_lo == 0 {
                // The mass below 0: always an error, with the value drawn.
                return Err(LoadError::Negative(x.min(-0.0)));
            }
            Ok(container_rounds(x)?.min(self.k_lo - 1))
        }
    }

    /// The probability the table gives each whole value `k_lo …` (and the two tails, last):
    /// exactly the drawn probabilities, for tests.
    #[cfg(test)]
    pub fn cell_probabilities(&self) -> (u64, Vec<f64>) {
        let cap = (self.mask as u128) + 1;
        let n = self.width as usize;
        let mut p = vec![0u128; n + 2];
        let slot = |v: u32| match v {
            LOWER => n,
            UPPER => n + 1,
            v => v as usize,
        };
        for c in &self.cells {
            let t = u128::from(c.threshold).min(cap);
            p[slot(c.value)] += t;
            p[slot(c.alias)] += cap - t;
        }
        let scale = 2f64.powi(-64);
        (self.k_lo, p.iter().map(|&w| w as f64 * scale).collect())
    }
}

/// Masses rounded to integers summing to exactly 2⁶⁴ (the largest cell absorbs the rounding).
fn integer_weights(mass: &[f64]) -> Option<Vec<u128>> {
    let total: f64 = mass.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    let scale = 2f64.powi(64) / total;
    let mut w: Vec<u128> = mass.iter().map(|&p| (p * scale).round() as u128).collect();
    let sum: u128 = w.iter().sum();
    let target = 1u128 << 64;
    let big = (0..w.len()).max_by_key(|&i| w[i])?;
    if sum > target {
        w[big] = w[big].checked_sub(sum - target)?;
    } else {
        w[big] += target - sum;
    }
    Some(w)
}

/// Vose's alias construction in integers: `2^m` cells of capacity `2^(64−m)`; padding cells
/// have weight 0 and always take their alias.
fn vose(weights: &[u128], values: &[u32], m: u32) -> Vec<Cell> {
    let n = 1usize << m;
    let cap = 1u128 << (64 - m);
    let mut w: Vec<u128> = weights.to_vec();
    w.resize(n, 0);
    let mut vals: Vec<u32> = values.to_vec();
    // Padding cells are never drawn (threshold 0), their value is irrelevant.
    vals.resize(n, 0);
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| w[i] < cap);
    let mut cells = vec![
        Cell {
            threshold: u64::MAX,
            value: 0,
            alias: 0,
        };
        n
    ];
    while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
        cells[s] = Cell {
            threshold: w[s] as u64,
            value: vals[s],
            alias: vals[l],
        };
        w[l] -= cap - w[s];
        if w[l] < cap {
            large.pop();
            small.push(l);
        }
    }
    // What remains holds exactly one cell's capacity (integers: no rounding leftovers).
    for i in small.into_iter().chain(large) {
        cells[i] = Cell {
            threshold: u64::MAX,
            value: vals[i],
            alias: vals[i],
        };
    }
    cells
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
