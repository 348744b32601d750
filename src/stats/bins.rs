//! Value-to-bin maps for bucket selection (see [`super::select`]).
//!
//! Each map never decreases with the value in [`f64::total_cmp`] order, sends exactly the
//! minimum to bin 0 and exactly the maximum to bin [`BINS`] − 1, and spreads everything else over
//! the interior bins. Two spacings are offered:
//!
//! ```text
//! LinearBins: bin = 1 + round((x − min) · (BINS − 3) / (max − min))    equal width in value
//! KeyBins:    bin = 1 + ⌊(key(x) − key(min) − 1) / 2^shift⌋           equal width in the bits
//! ```
//!
//! `key` is the order-preserving map from IEEE-754 doubles to unsigned integers (the one behind
//! `total_cmp`). For data of one sign the key is close to a logarithm, so a heavy right tail does
//! not crowd the bulk of the draws into a few bins.

/// Bins per level, two of them reserved for the minimum and the maximum.
pub(super) const BINS: usize = 1 << 16;
/// Bins strictly between the reserved ones.
const INTERIOR: usize = BINS - 2;

/// Order-preserving map from `total_cmp` order to unsigned integer order.
#[inline(always)]
pub(super) fn key(x: f64) -> u64 {
    let b = x.to_bits();
    b ^ ((((b as i64) >> 63) as u64) | (1 << 63))
}

/// Inverse of [`key`].
pub(super) fn from_key(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k ^ (1 << 63) } else { !k })
}

/// A monotone map from values to bins `0..BINS`.
pub(super) trait Binner: Copy {
    /// The bin of `x` (always `< BINS`, whatever `x` is).
    fn bin(&self, x: f64) -> usize;
}

/// Equal-width bins in value.
#[derive(Clone, Copy)]
pub(super) struct LinearBins {
    min_bits: u64,
    max_bits: u64,
    half_min: f64,
    scale: f64,
}

impl LinearBins {
    /// Bins for data whose smallest and largest values are `min < max`.
    pub(super) fn new(min: f64, max: f64) -> Self {
        // Halves keep `max − min` finite for any finite pair.
        let scale = (INTERIOR - 1) as f64 / (max * 0.5 - min * 0.5);
        LinearBins {
            min_bits: min.to_bits(),
            max_bits: max.to_bits(),
            half_min: min * 0.5,
            scale,
        }
    }
}

/// 2^52: adding it to a double in [0, 2^51) leaves round(x) in the low bits of the sum.
const ROUNDER: f64 = 4_503_599_627_370_496.0;

impl Binner for LinearBins {
    #[inline(always)]
    fn bin(&self, x: f64) -> usize {
        // v ∈ [0, INTERIOR − 1] for min ≤ x ≤ max, and round(v) never decreases with x: read it
        // from the bits of v + 2^52 (cheaper than a saturating cast). Out-of-range or NaN v only
        // gives some interior bin. Everything is computed unconditionally and chosen without
        // branches: a spike of draws equal to the minimum would defeat branch prediction.
        let v = (x * 0.5 - self.half_min) * self.scale + ROUNDER;
        let inner = 1 + ((v.to_bits() & 0xFFFF) as usize).min(INTERIOR - 1);
        let bits = x.to_bits();
        let b = if bits == self.max_bits {
            BINS - 1
        } else {
            inner
        };
        if bits == self.min_bits {
            0
        } else {
            b
        }
    }
}

/// Equal-width bins in the integer image of the bits (for data of one sign).
#[derive(Clone, Copy)]
pub(super) struct KeyBins {
    kmin: u64,
    kmax: u64,
    shift: u32,
}

impl KeyBins {
    /// Bins for data whose smallest and largest keys are `kmin < kmax`.
    pub(super) fn new(kmin: u64, kmax: u64) -> Self {
        let span = kmax.saturating_sub(kmin).saturating_sub(2);
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
        let i = (k.wrapping_sub(self.kmin).wrapping_sub(1) >> self.shift) as usize;
        let inner = 1 + i.min(INTERIOR - 1);
        let b = if k == self.kmax { BINS - 1 } else { inner };
        if k == self.kmin {
            0
        } else {
            b
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn assert_monotone<B: Binner>(b: B, xs: &[f64]) {
        let bins: Vec<usize> = xs.iter().map(|&x| b.bin(x)).collect();
        assert_eq!(bins[0], 0);
        assert_eq!(bins[bins.len() - 1], BINS - 1);
        assert!(bins.windows(2).all(|w| w[0] <= w[1]), "{bins:?}");
        assert!(bins[1..bins.len() - 1]
            .iter()
            .all(|&i| (1..BINS - 1).contains(&i)));
    }

    #[test]
    fn bins_are_monotone_with_reserved_ends() {
        let xs = [
            -f64::MAX,
            -1e300,
            -3.0,
            -0.0,
            0.0,
            1e-320,
            2.0,
            1e300,
            f64::MAX,
        ];
        assert_monotone(LinearBins::new(xs[0], xs[8]), &xs);
        let pos = [1e-300, 1e-200, 1.0, 1.0 + f64::EPSILON, 7.0, 1e300];
        assert_monotone(KeyBins::new(key(pos[0]), key(pos[5])), &pos);
        let inf = [f64::NEG_INFINITY, -1.0, 0.0, 1.0, f64::INFINITY];
        assert_monotone(LinearBins::new(inf[0], inf[4]), &inf);
        let neg = [-5.0, -4.0, -1e-9];
        assert_monotone(KeyBins::new(key(neg[0]), key(neg[2])), &neg);
    }
}
