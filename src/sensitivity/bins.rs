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
//! With importance weights (after evidence) the bins hold equal *weight* instead: r_i is the
//! weighted mid-rank (the position on the cumulative weight scale, [`Ranks::weighted`]), n is
//! replaced by the total weight in the formula for bin(i), and M by ⌊√ESS⌋ (capped alike),
//! ESS the Kish effective sample size of the weights. Each bin records its weight W_b and the
//! sum of its squared weights, so estimators can use effective bin sizes W_b² / Σ_b w_i².
//!
//! Why √n capped at 50: the bins trade two errors. Averaging E\[y | x\] over a bin loses the
//! variation inside it — for a smooth response about h²/12 · E\[m′(x)²\] per unit of variance,
//! h the bin width (for the Ishigami function at M = 50 this is < 0.003 of S1) — which favours
//! many bins; sampling noise in each bin mean grows as √(M/n), which favours few. The √n rule
//! keeps ≥ √n draws per bin for small runs; the cap of 50 keeps ≥ n/50 draws per bin for
//! large runs, where the discretisation loss is already negligible but per-bin noise still
//! matters for the value of information (see [`voi`](super::voi)).

use super::{Ranks, Weights, MIN_DRAWS};

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

/// The bin of every draw, and how many draws (and how much weight) each bin holds.
pub(crate) struct Bins {
    of: Vec<u16>,
    counts: Vec<usize>,
    mass: Vec<f64>,
    mass2: Vec<f64>,
    /// u = Σ w̃_i², w̃_i = w_i / Σ w, summed in draw order (1/n for equal weights): the same
    /// for every output, so summed once here rather than once per (input, output) pair.
    squares: f64,
}

impl Bins {
    /// Bins of a ranked input with the draws weighted by `weights` (ranked with the same
    /// weights, [`Ranks::weighted`]); `None` when it has fewer than [`MIN_DRAWS`] (effective)
    /// draws.
    pub(crate) fn new(x: &Ranks, weights: Weights<'_>) -> Option<Self> {
        let n = x.len();
        let effective = weights.ess(n);
        let m = if effective >= n as f64 {
            bin_count(n)
        } else {
            bin_count(effective.floor() as usize)
        };
        if m == 0 || n < MIN_DRAWS {
            return None;
        }
        let (shift, total) = x.scale();
        let scale = m as f64 / total;
        let of: Vec<u16> = x
            .as_slice()
            .iter()
            // `as usize` truncates and saturates (NaN and negatives give 0): for these
            // positions it is floor(max(0, ·)) without a call to libm's floor.
            .map(|&r| (((r - shift) * scale) as usize).min(m - 1) as u16)
            .collect();
        let mut counts = vec![0; m];
        let mut mass = vec![0.0; m];
        let mut mass2 = vec![0.0; m];
        for (i, &b) in of.iter().enumerate() {
            let w = weights.at(i);
            counts[b as usize] += 1;
            mass[b as usize] += w;
            mass2[b as usize] += w * w;
        }
        let total: f64 = mass.iter().sum();
        let mut squares = 0.0;
        for i in 0..n {
            let w = weights.at(i) / total;
            squares += w * w;
        }
        Some(Bins {
            of,
            counts,
            mass,
            mass2,
            squares,
        })
    }

    /// The bin of each draw.
    pub(crate) fn of(&self) -> &[u16] {
        &self.of
    }

    /// Draws per bin (zero for bins emptied by ties).
    #[cfg(test)]
    pub(crate) fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// Weight per bin (the draw count for equal weights).
    pub(crate) fn mass(&self) -> &[f64] {
        &self.mass
    }

    /// Sum of squared weights per bin (the draw count for equal weights): W_b² / this is the
    /// bin's effective size.
    pub(crate) fn mass2(&self) -> &[f64] {
        &self.mass2
    }

    /// Σ w̃_i² over the draws, w̃_i = w_i / Σ w (1/n for equal weights), summed in draw order.
    pub(crate) fn squares(&self) -> f64 {
        self.squares
    }

    /// Number of draws.
    pub(crate) fn n(&self) -> usize {
        self.of.len()
    }

    /// Bins holding positive weight.
    pub(crate) fn occupied(&self) -> usize {
        self.mass.iter().filter(|&&c| c > 0.0).count()
    }

    /// Weighted sum of `y` in each bin, accumulated in draw order, draw i weighing `at(i)`.
    /// `y` must have one value per draw.
    pub(crate) fn sums(&self, y: impl Iterator<Item = f64>, at: impl Fn(usize) -> f64) -> Vec<f64> {
        let mut sums = vec![0.0; self.counts.len()];
        for (i, (&b, v)) in self.of.iter().zip(y).enumerate() {
            sums[b as usize] += at(i) * v;
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
        let bins = Bins::new(&Ranks::new(&x), Weights::Equal).unwrap();
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
        let bins = Bins::new(&Ranks::new(&x), Weights::Equal).unwrap();
        assert_eq!(bins.occupied(), 2);
        assert_eq!(bins.counts().iter().sum::<usize>(), 100);
        assert!(Bins::new(&Ranks::new(&[1.0; 19]), Weights::Equal).is_none());
        let constant = Bins::new(&Ranks::new(&[3.0; 50]), Weights::Equal).unwrap();
        assert_eq!(constant.occupied(), 1);
    }

    #[test]
    fn weighted_bins_hold_equal_weight() {
        // 400 draws, the upper half weighted 3: ESS = 800² / (200 + 200·9) = 320, 17 bins of
        // equal weight, so the low half (weight 200 of 800) fills about a quarter of them.
        let x: Vec<f64> = (0..400).map(f64::from).collect();
        let w: Vec<f64> = (0..400).map(|i| if i < 200 { 1.0 } else { 3.0 }).collect();
        let weights = Weights::Importance(&w);
        let bins = Bins::new(&Ranks::weighted(&x, weights), weights).unwrap();
        assert_eq!(bins.counts().len(), 17);
        let per_bin = 800.0 / 17.0;
        assert!(
            bins.mass().iter().all(|&m| (m - per_bin).abs() <= 3.0),
            "{:?}",
            bins.mass()
        );
        assert_eq!(bins.mass2()[0], bins.counts()[0] as f64);
    }
}
