//! Value of information of an input for a claim: how much the claim's probability would move
//! if the input were learned exactly, from the draws already made (the expected value of
//! perfect information about one input, in the spirit of Strong & Oakley 2013, "An efficient
//! method for computing single-parameter partial expected value of perfect information",
//! *Medical Decision Making* 33(6), with the claim's probability in place of a net benefit).
//!
//! With the equal-count bins of the input used by the given-data Sobol index (`bins.rs`):
//!
//! ```text
//! p   = share of all draws on which the claim holds
//! p_b = share of the draws in bin b on which it holds,   w_b = n_b / n  (≈ 1/M)
//! expected_abs_change = Σ_b w_b |p_b − p|
//! flip_probability    = Σ_b w_b · 1[(p_b − ½)(p − ½) < 0]
//! noise_floor         = √(2/π) · Σ_b w_b √(p (1 − p) (1/n_b − 1/n))
//! ```
//!
//! In an analyst's words:
//! - **expected_abs_change**: if we could find out this input's true value, by how much (in
//!   probability points, on average over what we might find) would the claim's probability
//!   change? 0 means the input does not matter to the claim; the most it can be is 2p(1 − p)
//!   (0.5 when p = ½), reached when the input alone settles the claim.
//! - **flip_probability**: the chance that finding out this input would move the claim's
//!   probability to the other side of 50% — from "more likely false" to "more likely true" or
//!   back. A claim on the fence flips easily; one at 5% flips only if some values of the input
//!   make it likelier than not. A probability exactly ½ (overall or in a bin) counts as no flip.
//!   Caution: when p is within a few √(p(1 − p)M/n) of ½, bin shares straddle ½ by noise
//!   alone and even an irrelevant input shows a large flip probability (≈ 0.4 in a test with
//!   p ≈ ½, n = 10^5); read it together with expected_abs_change and its noise floor.
//! - **noise_floor**: what expected_abs_change would be, on average, for an input the claim
//!   does not depend on at all, from sampling noise in the bin shares (p_b − p has variance
//!   p(1 − p)(1/n_b − 1/n) and E|N(0, s²)| = s√(2/π)). Values near it mean "no detectable
//!   effect"; expected_abs_change is not debiased, as |·| has no unbiased estimator here.
//!
//! Both measures look at the input one bin at a time, so they miss variation within a bin:
//! expected_abs_change is biased down by at most the within-bin spread of P(claim | x), and
//! flip_probability is off by at most the mass of the bins where P(claim | x) crosses ½
//! (about 1/M for one crossing). Cost: O(n) given the ranks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bins::Bins;
#[cfg(test)]
use super::Ranks;

/// Value of information of one input for one claim (see the module docs for formulas).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Voi {
    /// Expected absolute change in the claim's probability (in [0, 0.5], as a probability,
    /// not percent) if this input were learned exactly.
    pub expected_abs_change: f64,
    /// Probability (in [0, 1]) that learning this input would move the claim's probability
    /// across 50%, flipping the verdict.
    pub flip_probability: f64,
    /// The expected_abs_change an irrelevant input would show from sampling noise alone
    /// (≥ 0, same unit); compare expected_abs_change with it.
    pub noise_floor: f64,
}

impl Voi {
    /// All zero: the result for degenerate input.
    pub const ZERO: Voi = Voi {
        expected_abs_change: 0.0,
        flip_probability: 0.0,
        noise_floor: 0.0,
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
    match Bins::new(x) {
        Some(bins) => from_bins(&bins, flags),
        None => Voi::ZERO,
    }
}

/// The measures on precomputed bins (`flags` has one value per draw of `bins`).
pub(crate) fn from_bins(bins: &Bins, flags: &[u8]) -> Voi {
    let n = bins.n();
    if flags.len() != n || bins.occupied() < 2 {
        return Voi::ZERO;
    }
    let held = bins.sums(flags.iter().map(|&f| f64::from(u8::from(f != 0))));
    let nf = n as f64;
    let p = held.iter().sum::<f64>() / nf;
    let (mut change, mut flip, mut floor) = (0.0, 0.0, 0.0);
    for (&h, &c) in held.iter().zip(bins.counts()) {
        if c == 0 {
            continue;
        }
        let (w, pb) = (c as f64 / nf, h / c as f64);
        change += w * (pb - p).abs();
        if (pb - 0.5) * (p - 0.5) < 0.0 {
            flip += w;
        }
        floor += w
            * (p * (1.0 - p) * (1.0 / c as f64 - 1.0 / nf))
                .max(0.0)
                .sqrt();
    }
    Voi {
        expected_abs_change: change,
        flip_probability: flip,
        noise_floor: floor * std::f64::consts::FRAC_2_PI.sqrt(),
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
        let expected = 0.1 * (7.0 * 0.25 + 0.25 + 2.0 * 0.75);
        assert!((v.expected_abs_change - expected).abs() < 1e-15, "{v:?}");
        assert_eq!(v.flip_probability, 0.2);
        let floor =
            0.1 * 10.0 * (0.1875f64 * (0.1 - 0.01)).sqrt() * (2.0 / std::f64::consts::PI).sqrt();
        assert!((v.noise_floor - floor).abs() < 1e-15, "{v:?}");
    }
}
