//! Value of information of an input for a claim: how much the claim's probability would move
//! if the input were learned exactly, from the draws already made (the expected value of
//! perfect information about one input, in the spirit of Strong & Oakley 2013, "An efficient
//! method for computing single-parameter partial expected value of perfect information",
//! *Medical Decision Making* 33(6), with the claim's probability in place of a net benefit).
//!
//! With the bins of the input used by the given-data Sobol index (`bins.rs`; equal weight per
//! bin after evidence), W_b the bin's share of the (weighted) draws and v_b = Σ_{i∈b} w̃_i² / W_b²
//! its inverse effective size (1/n_b for equal weights):
//!
//! ```text
//! p    = share (weighted) of all draws on which the claim holds
//! p_b  = share of the draws in bin b on which it holds
//! s_b² = p (1 − p) (v_b (1 − 2 W_b) + Σ_c W_c² v_c)   variance of p_b − p if the claim did not
//!                                                     depend on the input ((1/n_b − 1/n) p(1 − p))
//! X²   = Σ_b (p_b − p)² / (p (1 − p) v_b)              Pearson's χ² of bin × claim, M' − 1 df
//! detected ⇔ P(χ²_{M'−1} ≥ X²) < 0.01
//!
//! expected_abs_change    = Σ_b W_b √max(0, (p_b − p)² − s_b²)   if detected, else 0
//! expected_abs_change_se = √( Σ_b W_b² p_b (1 − p_b) v_b )
//! flip_probability       = Σ_b W_b 1[ sign(p − ½) (p_b − ½) < −z_M ½ √v_b ]   if detected, else 0
//!                          z_M = Φ⁻¹(1 − 0.05 / M')                  (Bonferroni over the bins)
//! flip_step              = max_b W_b   (≈ 1/M: the flip probability moves in these steps)
//! ```
//!
//! In an analyst's words:
//! - **expected_abs_change**: if we could find out this input's true value, by how much (in
//!   probability points, on average over what we might find) would the claim's probability
//!   change? 0 means no detectable dependence; the most it can be is 2p(1 − p) (0.5 when
//!   p = ½), reached when the input alone settles the claim, and the estimate never exceeds
//!   that bound (each term is at most |p_b − p| and Σ_b W_b |p_b − p| ≤ 2p(1 − p)).
//! - **flip_probability**: the chance that finding out this input would move the claim's
//!   probability to the other side of 50%. A bin counts only when its share is beyond ½ by
//!   more than the noise allows for any of the M' bins (family-wise 5%), so an input the claim
//!   does not depend on shows 0 even for a claim at 50%, and the estimate errs low by the
//!   mass of the bins near the crossing. A probability exactly ½ counts as no side.
//!
//! # Why the noise correction
//! Each p_b carries sampling noise of variance s_b², so |p_b − p| is biased upward: an input
//! the claim does not depend on would show E|p_b − p| = s_b √(2/π) per bin and, for a claim
//! near 50%, bins straddling ½ by noise alone (a flip probability of about 0.4 in a test at
//! n = 10^5). Two corrections remove this: the χ² test of independence between the input's bin
//! and the claim (Pearson 1900) gates both measures, so an irrelevant input gives 0 in 99% of
//! runs; and each bin's |p_b − p| is replaced by √max(0, (p_b − p)² − s_b²), since
//! E(p_b − p)² = δ_b² + s_b² for a true difference δ_b (near-unbiased when |δ_b| ≫ s_b, and
//! 0.34 s_b instead of 0.80 s_b when δ_b = 0). The standard error is the delta method on
//! Σ W_b |p_b − p| (the noise in p itself is ignored: Σ W_b (p_b − p) = 0). With importance
//! weights the effective bin sizes 1/v_b make these approximate (Kish).
//!
//! Both measures look at the input one bin at a time, so they miss variation within a bin:
//! expected_abs_change is biased down by at most the within-bin spread of P(claim | x), and
//! flip_probability is off by at most the mass of the bins where P(claim | x) crosses ½
//! (about 1/M for one crossing). Cost: O(n) given the ranks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

use super::bins::Bins;
#[cfg(test)]
use super::Ranks;
use super::Weights;

/// Significance level of the test of dependence that gates the value of information.
pub const DETECTION_LEVEL: f64 = 0.01;

/// Family-wise level of the per-bin tests that count a bin as flipped.
pub const FLIP_LEVEL: f64 = 0.05;

/// Value of information of one input for one claim (see the module docs for formulas).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Voi {
    /// Expected absolute change in the claim's probability (in [0, 0.5], as a probability,
    /// not percent) if this input were learned exactly, corrected for sampling noise; 0 when
    /// no dependence is detected.
    pub expected_abs_change: f64,
    /// Standard error of `expected_abs_change` (same unit).
    pub expected_abs_change_se: f64,
    /// Probability (in [0, 1]) that learning this input would move the claim's probability
    /// across 50%, counting only bins clearly across; 0 when no dependence is detected.
    pub flip_probability: f64,
    /// The step in which `flip_probability` moves (the largest bin's share of the draws, about
    /// 1/bins): it resolves nothing finer.
    pub flip_step: f64,
    /// Whether the claim detectably depends on the input (χ² test of independence at the 1%
    /// level); when false both measures are 0.
    pub detected: bool,
    /// P-value of that test (1 when it could not be run).
    pub p_value: f64,
}

impl Voi {
    /// All zero, nothing detected: the result for degenerate input.
    pub const ZERO: Voi = Voi {
        expected_abs_change: 0.0,
        expected_abs_change_se: 0.0,
        flip_probability: 0.0,
        flip_step: 0.0,
        detected: false,
        p_value: 1.0,
    };
}

/// Value of information of the input ranked as `x` for the claim with per-draw `flags`
/// (non-zero = the claim holds).
///
/// Returns [`Voi::ZERO`] when n < [`MIN_DRAWS`](super::MIN_DRAWS), the lengths differ, or the
/// input is constant (learning a constant teaches nothing). A claim that always (or never)
/// holds also gives zeros. Runs go through [`super::analyse`], which bins each input once;
/// this single-pair form is the tests'.
#[cfg(test)]
pub(crate) fn value_of_information(x: &Ranks, flags: &[u8]) -> Voi {
    if x.len() != flags.len() {
        return Voi::ZERO;
    }
    match Bins::new(x, Weights::Equal) {
        Some(bins) => from_bins(&bins, flags, Weights::Equal),
        None => Voi::ZERO,
    }
}

/// The measures on precomputed bins (`flags` has one value per draw of `bins`; `weights`
/// those the bins were built with).
pub(crate) fn from_bins(bins: &Bins, flags: &[u8], weights: Weights<'_>) -> Voi {
    let n = bins.n();
    let occupied = bins.occupied();
    if flags.len() != n || occupied < 2 {
        return Voi::ZERO;
    }
    let total: f64 = bins.mass().iter().sum();
    let flag = |&f: &u8| f64::from(u8::from(f != 0));
    let held = match weights {
        Weights::Equal => bins.sums(flags.iter().map(flag), |_| 1.0),
        Weights::Importance(_) => bins.sums(flags.iter().map(flag), |i| weights.at(i)),
    };
    let p = held.iter().sum::<f64>() / total;
    let var = p * (1.0 - p);
    if !(var > 0.0) {
        return Voi::ZERO;
    }
    // (W_b, p_b, v_b) of the occupied bins.
    let cells: Vec<(f64, f64, f64)> = held
        .iter()
        .zip(bins.mass())
        .zip(bins.mass2())
        .filter(|((_, &m), _)| m > 0.0)
        .map(|((&h, &m), &m2)| (m / total, h / m, m2 / (m * m)))
        .collect();
    let var_p: f64 = cells.iter().map(|&(w, _, v)| w * w * v).sum();
    let chi2: f64 = cells
        .iter()
        .map(|&(_, pb, v)| (pb - p) * (pb - p) / (var * v))
        .sum();
    let df = (occupied - 1) as f64;
    let p_value = ChiSquared::new(df).map_or(1.0, |d| d.sf(chi2));
    let (mut change, mut se2, mut step) = (0.0, 0.0, 0.0f64);
    for &(w, pb, v) in &cells {
        let noise = var * (v * (1.0 - 2.0 * w) + var_p);
        let d2 = (pb - p) * (pb - p);
        change += w * (d2 - noise).max(0.0).sqrt();
        se2 += w * w * pb * (1.0 - pb) * v;
        step = step.max(w);
    }
    let detected = p_value < DETECTION_LEVEL;
    let flip = if detected && p != 0.5 {
        let z = Normal::standard().inverse_cdf(1.0 - FLIP_LEVEL / occupied as f64);
        let side = (p - 0.5).signum();
        cells
            .iter()
            .filter(|&&(_, pb, v)| side * (pb - 0.5) < -z * 0.5 * v.sqrt())
            .map(|&(w, _, _)| w)
            // A fold from +0.0: an empty f64 `sum()` is −0.0, which would print as "-0%".
            .fold(0.0, |a, w| a + w)
    } else {
        0.0
    };
    Voi {
        expected_abs_change: if detected { change } else { 0.0 },
        expected_abs_change_se: se2.sqrt(),
        flip_probability: flip,
        flip_step: step,
        detected,
        p_value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_cases() {
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        let rx = Ranks::new(&x);
        assert_eq!(value_of_information(&rx, &[1; 99]), Voi::ZERO);
        assert_eq!(
            value_of_information(&Ranks::new(&[2.0; 100]), &[1; 100]),
            Voi::ZERO
        );
        assert_eq!(
            value_of_information(&Ranks::new(&x[..19]), &[1; 19]),
            Voi::ZERO
        );
        assert_eq!(value_of_information(&rx, &[1; 100]), Voi::ZERO);
    }

    #[test]
    fn input_that_settles_the_claim() {
        // Claim holds exactly when x ≥ 75 (p = ¼); 10 bins of 10 draws split at 75:
        // bins 0–6 have p_b = 0, bin 7 has ½ (x = 70..79), bins 8–9 have 1.
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        let flags: Vec<u8> = x.iter().map(|&v| u8::from(v >= 75.0)).collect();
        let v = value_of_information(&Ranks::new(&x), &flags);
        assert!(v.detected && v.p_value < 1e-10, "{v:?}");
        // s_b² = p(1 − p)(1/10 − 1/100) for every bin.
        let s2 = 0.1875 * (0.1 - 0.01);
        let debiased = |d: f64| (d * d - s2).max(0.0).sqrt();
        let expected = 0.1 * (7.0 * debiased(0.25) + debiased(0.25) + 2.0 * debiased(0.75));
        assert!((v.expected_abs_change - expected).abs() < 1e-12, "{v:?}");
        // Bins 8 and 9 (p_b = 1) are beyond ½ by far more than z·½·√(1/10); bin 7 sits on ½.
        assert_eq!(v.flip_probability, 0.2);
        assert_eq!(v.flip_step, 0.1);
        let se = (0.01f64 * 0.25 * 0.1).sqrt();
        assert!((v.expected_abs_change_se - se).abs() < 1e-15, "{v:?}");
    }
}
