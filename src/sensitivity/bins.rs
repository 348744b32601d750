//! Equal-count bins of an input, from its ranks: the partition shared by the given-data Sobol
//! estimator and the value of information.
//!
//! ```text
//! M = min(MAX_BINS, ⌊√n⌋)               (0 when n < MIN_DRAWS)
//! bin(i) = min(M − 1, ⌊(r_i − ½) · M / n⌋)   r_i = average rank of x_i (1-based)
//! ```
//!
//! Without ties every bin holds ⌊n/M⌋ or ⌈n/M⌉ draws. Tied values share an average rank and so
//! always fall in the same bin (a bin never splits draws with equal x); with heavy ties some
//! bins are larger and some empty, which the estimators allow for by using the occupied bins.
//!
//! Why √n capped at 50: the bins trade two errors. Averaging E\[y | x\] over a bin loses the
//! variation inside it — for a smooth response about h²/12 · E\[m′(x)²\] per unit of variance,
//! h the bin width (for the Ishigami function at M = 50 this is < 0.003 of S1) — which favours
//! many bins; sampling noise in each bin mean grows as √(M/n), which favours few. The √n rule
//! keeps ≥ √n draws per bin for small runs; the cap of 50 keeps ≥ n/50 draws per bin for
//! large runs, where the discretisation loss is already negligible but per-bin noise still
//! matters for the value of information (|p_b − p| is not debiased, see [`voi`](super::voi)).

use super::{Ranks, MIN_DRAWS};

/// The most bins any input is split into (see [`bin_count`]).
pub const MAX_BINS: usize = 50;

/// Number of equal-count bins for `n` draws: `min(MAX_BINS, ⌊√n⌋)`, or 0 when n < [`MIN_DRAWS`]:
/// 19 → 0, 20 → 4, 400 → 20, 10^6 → 50.
pub fn bin_count(n: usize) -> usize {
    if n < MIN_DRAWS {
        return 0;
    }
    ((n as f64).sqrt().floor() as usize).min(MAX_BINS)
}

/// The bin of every draw, and how many draws each bin holds.
pub(crate) struct Bins {
    of: Vec<u16>,
    counts: Vec<usize>,
}

impl Bins {
    /// Bins of a ranked input; `None` when it has fewer than [`MIN_DRAWS`] draws.
    pub(crate) fn new(x: &Ranks) -> Option<Self> {
        let n = x.len();
        let m = bin_count(n);
        if m == 0 {
            return None;
        }
        let scale = m as f64 / n as f64;
        let of: Vec<u16> = x
            .as_slice()
            .iter()
            .map(|&r| (((r - 0.5) * scale).floor().max(0.0) as usize).min(m - 1) as u16)
            .collect();
        let mut counts = vec![0; m];
        for &b in &of {
            counts[b as usize] += 1;
        }
        Some(Bins { of, counts })
    }

    /// The bin of each draw.
    pub(crate) fn of(&self) -> &[u16] {
        &self.of
    }

    /// Draws per bin (zero for bins emptied by ties).
    pub(crate) fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// Number of draws.
    pub(crate) fn n(&self) -> usize {
        self.of.len()
    }

    /// Bins holding at least one draw.
    pub(crate) fn occupied(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    /// Sum of `y` in each bin, accumulated in draw order. `y` must have one value per draw.
    pub(crate) fn sums(&self, y: impl Iterator<Item = f64>) -> Vec<f64> {
        let mut sums = vec![0.0; self.counts.len()];
        for (&b, v) in self.of.iter().zip(y) {
            sums[b as usize] += v;
        }
        sums
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_counts() {
        assert_eq!(
            (
                bin_count(19),
                bin_count(20),
                bin_count(400),
                bin_count(1_000_000)
            ),
            (0, 4, 20, 50)
        );
    }

    #[test]
    fn equal_counts_without_ties() {
        let x: Vec<f64> = (0..1003).map(|i| ((i * 7919) % 1003) as f64).collect();
        let bins = Bins::new(&Ranks::new(&x)).unwrap();
        assert_eq!(bins.counts().len(), 31);
        assert!(
            bins.counts().iter().all(|&c| c == 32 || c == 33),
            "{:?}",
            bins.counts()
        );
        // Bins follow the order of x.
        let mut idx: Vec<usize> = (0..x.len()).collect();
        idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        assert!(idx.windows(2).all(|w| bins.of()[w[0]] <= bins.of()[w[1]]));
    }

    #[test]
    fn ties_share_a_bin_and_small_n_has_none() {
        let x: Vec<f64> = (0..100).map(|i| f64::from(i % 2)).collect();
        let bins = Bins::new(&Ranks::new(&x)).unwrap();
        assert_eq!(bins.occupied(), 2);
        assert_eq!(bins.counts().iter().sum::<usize>(), 100);
        assert!(Bins::new(&Ranks::new(&[1.0; 19])).is_none());
        let constant = Bins::new(&Ranks::new(&[3.0; 50])).unwrap();
        assert_eq!(constant.occupied(), 1);
    }
}
