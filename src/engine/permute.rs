//! The permutations of Latin hypercube sampling, computed one element at a time without
//! memory, so the streaming mode can regenerate any chunk and 10⁹ draws need no 4 GB table.
//!
//! π(i) for a permutation of 0..n is a keyed bijection on the b-bit integers, 2^b the least
//! power of two ≥ n, applied until the value falls below n ("cycle walking": the orbit of
//! i < n under a bijection returns to i, so it meets a value below n, and the map restricted
//! this way is a bijection of 0..n; Black & Rogaway 2002, *Ciphers with arbitrary finite
//! domains*, CT-RSA, LNCS 2271). Since 2^b < 2n, the walk takes fewer than two steps on average.
//!
//! The bijection is an unbalanced Feistel network (Luby & Rackoff 1988, *SIAM J. Comput.*
//! 17(2)) on the high ⌊b/2⌋ and low ⌈b/2⌉ bits: each of [`ROUNDS`] rounds adds (XOR) a keyed
//! SplitMix64 mix of one half into the other, alternately, which any round function keeps a
//! bijection. The round keys come from the run's seed and the input's stream, so the
//! permutation depends on those alone, never on the chunking or the thread count.

use super::chunk_rng;
use super::rng::splitmix64;
use rand::Rng;

/// Feistel rounds (each half is mixed into the other four times).
pub const ROUNDS: usize = 8;

/// Tag of the LHS streams (any fixed constant).
const LHS_TAG: u64 = 0x4C48_535F_5045_524D;

/// A seeded permutation of `0..n`, evaluated element by element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permutation {
    n: u64,
    lo_bits: u32,
    hi_bits: u32,
    keys: [u64; ROUNDS],
}

impl Permutation {
    /// The permutation of `0..n` of stream `stream` of a run seeded with `seed`.
    pub fn new(seed: u64, stream: u64, n: u64) -> Permutation {
        let mut rng = chunk_rng(seed ^ LHS_TAG, stream);
        let bits = u64::BITS - n.saturating_sub(1).leading_zeros();
        Permutation {
            n,
            lo_bits: bits.div_ceil(2),
            hi_bits: bits / 2,
            keys: std::array::from_fn(|_| rng.random()),
        }
    }

    /// π(i), for i < n.
    pub fn at(&self, i: u64) -> u64 {
        debug_assert!(i < self.n);
        let mut x = self.feistel(i);
        while x >= self.n {
            x = self.feistel(x);
        }
        x
    }

    fn feistel(&self, x: u64) -> u64 {
        let lo_mask = (1u64 << self.lo_bits) - 1;
        let (mut hi, mut lo) = (x >> self.lo_bits, x & lo_mask);
        let hi_mask = (1u64 << self.hi_bits) - 1;
        for (r, k) in self.keys.iter().enumerate() {
            if r % 2 == 0 {
                lo ^= splitmix64(hi ^ k) & lo_mask;
            } else {
                hi ^= splitmix64(lo ^ k) & hi_mask;
            }
        }
        (hi << self.lo_bits) | lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_once_for_any_length() {
        for n in [
            1u64, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 1000, 8_193, 65_537, 100_003,
        ] {
            for seed in [0, 1, 0xDEAD_BEEF] {
                let p = Permutation::new(seed, n, n);
                let mut seen = vec![false; n as usize];
                for i in 0..n {
                    let v = p.at(i);
                    assert!(
                        v < n && !seen[v as usize],
                        "n {n} seed {seed}: π({i}) = {v}"
                    );
                    seen[v as usize] = true;
                }
            }
        }
    }

    #[test]
    fn streams_and_seeds_give_other_permutations() {
        let n = 1_000;
        let order = |seed, stream| -> Vec<u64> {
            let p = Permutation::new(seed, stream, n);
            (0..n).map(|i| p.at(i)).collect()
        };
        let a = order(1, 0);
        assert_ne!(a, order(1, 1));
        assert_ne!(a, order(2, 0));
        assert_eq!(a, order(1, 0));
        // Not close to the identity: few fixed points (about 1 expected for a random one).
        let fixed = a
            .iter()
            .enumerate()
            .filter(|(i, &v)| *i as u64 == v)
            .count();
        assert!(fixed <= 6, "{fixed} fixed points");
    }

    #[test]
    fn consecutive_draws_are_not_in_consecutive_strata() {
        // Rank correlation between i and π(i) over 10^5 elements: for a random permutation its
        // standard deviation is 1/√(n − 1) ≈ 0.0032; require |ρ| < 5 of them.
        let n = 100_000u64;
        let p = Permutation::new(42, 3, n);
        let mean = (n - 1) as f64 / 2.0;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for i in 0..n {
            let (x, y) = (i as f64 - mean, p.at(i) as f64 - mean);
            sxy += x * y;
            sxx += x * x;
        }
        let rho = sxy / sxx;
        assert!(rho.abs() < 5.0 / ((n - 1) as f64).sqrt(), "ρ = {rho}");
    }
}
