//! Tests of swing, Spearman and value of information against models with known answers
//! (tolerances as in the parent module).

use std::f64::consts::PI;

use super::super::bins::{bin_count, MAX_BINS};
use super::super::rank::{pearson, spearman};
use super::super::swing::{swing, swing_flags};
use super::super::voi::value_of_information;
use super::super::Ranks;
use super::{phi, simpson, std_normal};
use crate::test_stats::{normals, rng};
use rand::Rng;
use rand_distr::StandardNormal;
use statrs::distribution::ContinuousCDF;

#[test]
fn swing_of_linear_output_and_claim() {
    // y = 2x, x ~ N(0, 1): the median of y in the band 5–15% of x is 2·Φ⁻¹(0.10) (the band's
    // middle in probability) up to the noise of a median of 0.1 n draws (sd ≈ 0.0017 here,
    // 0.005 for the doubled difference), likewise in the high band.
    let n = 200_000;
    let mut r = rng(6);
    let x = normals(&mut r, n);
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    let nd = std_normal();
    let expected = 2.0 * (nd.inverse_cdf(0.9) - nd.inverse_cdf(0.1));
    let sw = swing(&x, &y).value;
    assert!((sw - expected).abs() < 0.02, "{sw} vs {expected}");
    // Claim 2x + 0.1 e > 0: P(claim | x in band) ≈ 0 low and 1 high (the bands lie beyond
    // |x| = 1.03, noise sd 0.05 in x units), so the swing is 1 up to Φ(−1.03/0.05) ≈ 10⁻⁹³.
    let flags: Vec<u8> = y
        .iter()
        .map(|&v| u8::from(v + 0.1 * r.sample::<f64, _>(StandardNormal) > 0.0))
        .collect();
    assert_eq!(swing_flags(&x, &flags).value, 1.0);
    assert_eq!(
        swing_flags(&x, &flags.iter().map(|f| 1 - f).collect::<Vec<_>>()).value,
        -1.0
    );
}

// ---------------------------------------------------------------------------------------------
// Spearman.
// ---------------------------------------------------------------------------------------------

#[test]
fn spearman_of_monotone_transform_is_one() {
    let mut r = rng(7);
    let x = normals(&mut r, 100_000);
    let up: Vec<f64> = x.iter().map(|v| v.exp()).collect();
    let down: Vec<f64> = x.iter().map(|v| -v.powi(3)).collect();
    assert_eq!(spearman(&x, &up), 1.0);
    assert_eq!(spearman(&x, &down), -1.0);
    // Ranking once and correlating the ranks is the same computation.
    let (rx, ry) = (Ranks::new(&x), Ranks::new(&up));
    assert_eq!(pearson(rx.as_slice(), ry.as_slice()), 1.0);
}

#[test]
fn spearman_of_bivariate_normal_matches_theory() {
    // For a bivariate normal with correlation r, ρ_S = (6/π) asin(r/2); sd ≈ (1 − ρ²)/√n·1.1.
    let n = 100_000;
    let r_true: f64 = 0.6;
    let mut g = rng(8);
    let x = normals(&mut g, n);
    let e = normals(&mut g, n);
    let y: Vec<f64> = x
        .iter()
        .zip(&e)
        .map(|(a, b)| r_true * a + (1.0 - r_true * r_true).sqrt() * b)
        .collect();
    let expected = 6.0 / PI * (r_true / 2.0).asin();
    let rho = spearman(&x, &y);
    assert!(
        (rho - expected).abs() < 4.0 * 1.1 * (1.0 - expected * expected) / (n as f64).sqrt(),
        "{rho} vs {expected}"
    );
}

// ---------------------------------------------------------------------------------------------
// Value of information.
// ---------------------------------------------------------------------------------------------

#[test]
fn voi_of_claim_settled_by_one_input() {
    // Claim 1[x1 > 0], p ≈ ½: learning x1 moves p to 0 or 1, so the expected change is ½
    // (up to one straddling bin, 0.5/M, and the noise in p, sd 0.5/√n); x2 is irrelevant.
    let n = 100_000;
    let mut r = rng(9);
    let x1 = normals(&mut r, n);
    let x2 = normals(&mut r, n);
    let flags: Vec<u8> = x1.iter().map(|&v| u8::from(v > 0.0)).collect();
    let v1 = value_of_information(&Ranks::new(&x1), &flags);
    let tol = 0.5 / MAX_BINS as f64 + 4.0 * 0.5 / (n as f64).sqrt();
    assert!(
        v1.detected && (v1.expected_abs_change - 0.5).abs() < tol,
        "{v1:?}"
    );
    // Learning x1 carries the claim across 50% for the half of its values on the other side.
    assert!(
        (v1.flip_probability - 0.5).abs() <= 1.0 / MAX_BINS as f64,
        "{v1:?}"
    );
    // The irrelevant input: no detectable dependence, so nothing to learn and no flip.
    let v2 = value_of_information(&Ranks::new(&x2), &flags);
    assert!(!v2.detected, "{v2:?}");
    assert_eq!((v2.expected_abs_change, v2.flip_probability), (0.0, 0.0));
    // Its standard error is that of a mean of M bin shares: about √(p(1 − p)/n).
    let se = (0.25 / n as f64).sqrt();
    assert!((v2.expected_abs_change_se / se - 1.0).abs() < 0.1, "{v2:?}");
}

#[test]
fn unused_input_next_to_a_claim_at_fifty_percent_shows_no_flip() {
    // Issue 10: an input the claim does not depend on, next to a claim at 50%, used to show a
    // flip probability of about 0.4 (bin shares straddling ½ by noise). Over 20 seeds the χ²
    // gate at 1% lets at most a rare false detection through (P(≥ 3 of 20) ≈ 0.001), and even
    // then the Bonferroni rule keeps the flip probability at 0 (P(any bin beyond z_M) ≤ 5%).
    let n = 20_000;
    let mut detected = 0;
    for seed in 0..20 {
        let mut r = rng(100 + seed);
        let x = normals(&mut r, n);
        let w = normals(&mut r, n);
        let flags: Vec<u8> = x.iter().map(|&v| u8::from(v > 0.0)).collect();
        let v = value_of_information(&Ranks::new(&w), &flags);
        detected += usize::from(v.detected);
        assert!(v.flip_probability <= v.flip_step, "seed {seed}: {v:?}");
        assert!(v.expected_abs_change < 0.01, "seed {seed}: {v:?}");
    }
    assert!(detected <= 2, "{detected} false detections of 20");
}

#[test]
fn voi_of_noisy_threshold_claim() {
    // Claim 1[x1 + 0.3 e > 1], x1, e ~ N(0, 1): p = 1 − Φ(1/√1.09) ≈ 0.169 < ½, and
    // P(claim | x1) = Φ((x1 − 1)/0.3), which exceeds ½ exactly when x1 > 1: the continuous
    // flip probability is 1 − Φ(1) ≈ 0.159.
    let n = 200_000;
    let mut r = rng(10);
    let x1 = normals(&mut r, n);
    let x2 = normals(&mut r, n);
    let flags: Vec<u8> = x1
        .iter()
        .map(|&v| u8::from(v + 0.3 * r.sample::<f64, _>(StandardNormal) > 1.0))
        .collect();
    let nd = std_normal();
    let p = 1.0 - nd.cdf(1.0 / 1.09f64.sqrt());
    let p_given = |x: f64| nd.cdf((x - 1.0) / 0.3);
    let m = bin_count(n);
    // Binned target: P(claim | bin) by Simpson over each equal-probability bin of x1.
    let (mut change, mut flip) = (0.0, 0.0);
    for k in 0..m {
        let lo = if k == 0 {
            -9.0
        } else {
            nd.inverse_cdf(k as f64 / m as f64)
        };
        let hi = if k + 1 == m {
            9.0
        } else {
            nd.inverse_cdf((k + 1) as f64 / m as f64)
        };
        let pb = simpson(|x| p_given(x) * phi(x), lo, hi, 400) * m as f64;
        change += (pb - p).abs() / m as f64;
        if pb > 0.5 {
            flip += 1.0 / m as f64;
        }
    }
    let continuous_change = simpson(|x| (p_given(x) - p).abs() * phi(x), -9.0, 9.0, 36_000);
    let continuous_flip = 1.0 - nd.cdf(1.0);
    assert!(change <= continuous_change && continuous_change - change < 0.005);
    assert!((flip - continuous_flip).abs() <= 1.0 / m as f64);

    let v = value_of_information(&Ranks::new(&x1), &flags);
    // Noise: sd of Σ w_b |p_b − p| ≤ sd of Σ w_b (p_b − p)·sign + sd of p ≤ 2·0.5/√n. Bias of
    // the debiased terms: at most s√(2/π) per bin whose true difference is within a few s of
    // 0, s = √(p(1 − p) M / n) the sd of one bin's share.
    let s = (p * (1.0 - p) * m as f64 / n as f64).sqrt();
    let tol = 4.0 / (n as f64).sqrt() + s * (2.0 / PI).sqrt();
    assert!(
        v.detected && (v.expected_abs_change - change).abs() < tol,
        "{v:?} vs {change} ± {tol}"
    );
    // Flip: the bin straddling x1 = 1 moves p_b by ≈ 0.1 per bin against noise sd < 0.01,
    // so at most that one bin can differ from the binned target.
    assert!(
        (v.flip_probability - flip).abs() <= 1.0 / m as f64 + 1e-12,
        "{v:?} vs {flip}"
    );
    let v2 = value_of_information(&Ranks::new(&x2), &flags);
    assert_eq!(v2.flip_probability, 0.0);
    assert_eq!(v2.expected_abs_change, 0.0, "{v2:?}");
}

#[test]
fn no_flipped_bin_gives_a_flip_probability_of_plus_zero() {
    // Claim 1[x + 3e > 3]: clearly dependent on x, but P(claim | x) stays below ½ in every bin
    // (even the top 2% of x, mean ≈ 2.4, gives Φ(−0.2) ≈ 0.42). The empty sum is +0, not the
    // −0.0 that printed as "flip -0%".
    let n = 50_000;
    let mut r = rng(12);
    let x = normals(&mut r, n);
    let flags: Vec<u8> = x
        .iter()
        .map(|&v| u8::from(v + 3.0 * r.sample::<f64, _>(StandardNormal) > 3.0))
        .collect();
    let v = value_of_information(&Ranks::new(&x), &flags);
    assert!(v.detected, "{v:?}");
    assert_eq!(v.flip_probability, 0.0);
    assert!(v.flip_probability.is_sign_positive(), "{v:?}");
}
