//! Statistical tests of importance weighting by evidence: seeded draws, tolerances derived
//! from standard errors.
//!
//! ```text
//! weighted mean:              se ≈ sd_post / √ESS          weighted sd: se ≈ sd_post / √(2 ESS)
//! weighted p-quantile:        se ≈ √(p (1 − p) / ESS) / f(q_p)
//! weighted proportion:        the mcse of `weighted_proportion`
//! ```
//!
//! Every check allows 4 standard errors.

use super::error::EvidenceError;
use super::{
    combine, ess, ess_threshold, evidence_weights, sequential_effect, weighted_mean_sd,
    weighted_proportion, weighted_quantiles,
};
use crate::stats::{proportion, quantiles_r7};
use crate::test_stats::normal_columns;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use statrs::distribution::{Beta, Binomial, Continuous, ContinuousCDF, Discrete, Normal};

fn prior_normal(seed: u64, n: usize) -> Vec<f64> {
    normal_columns(seed, 1, n).pop().unwrap()
}

fn normal_likelihood(theta: &[f64], y: f64, sigma: f64) -> Vec<f64> {
    theta
        .iter()
        .map(|&t| Normal::new(t, sigma).unwrap().pdf(y))
        .collect()
}

#[test]
fn beta_binomial_posterior() {
    let n = 200_000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(48);
    let prior = rand_distr::Beta::new(2.0, 2.0).unwrap();
    let theta: Vec<f64> = (0..n).map(|_| rng.sample(prior)).collect();
    // 48 failures in 100: binomial likelihood in the failure rate θ.
    let lik: Vec<f64> = theta
        .iter()
        .map(|&t| Binomial::new(t, 100).unwrap().pmf(48))
        .collect();
    let w = combine(&[evidence_weights(&lik, 1.0).unwrap()]).unwrap();
    let e = ess(&w);
    assert!(e >= ess_threshold(n), "ESS {e}");
    let (a, b): (f64, f64) = (50.0, 54.0);
    let mean = a / (a + b);
    let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
    let (m, s) = weighted_mean_sd(&theta, &w);
    assert!((m - mean).abs() < 4.0 * sd / e.sqrt(), "mean {m} vs {mean}");
    assert!(
        (s - sd).abs() < 4.0 * sd / (2.0 * e).sqrt(),
        "sd {s} vs {sd}"
    );
    let post = Beta::new(a, b).unwrap();
    for p in [0.05, 0.5, 0.95] {
        let q = post.inverse_cdf(p);
        let se = (p * (1.0 - p) / e).sqrt() / post.pdf(q);
        let got = weighted_quantiles(&theta, &w, &[p])[0];
        assert!((got - q).abs() < 4.0 * se, "q{p}: {got} vs {q}");
    }
}

/// Prior N(0, 1), y = 1.2 ~ N(θ, 0.5²): posterior precision 1 + 4 = 5, so
/// N(μ_n = 4·1.2/5 = 0.96, σ_n² = 0.2).
const MU_N: f64 = 0.96;
const VAR_N: f64 = 0.2;

#[test]
fn normal_normal_posterior() {
    let n = 200_000;
    let theta = prior_normal(12, n);
    let w = evidence_weights(&normal_likelihood(&theta, 1.2, 0.5), 1.0).unwrap();
    let e = ess(&w);
    let sd = VAR_N.sqrt();
    let (m, s) = weighted_mean_sd(&theta, &w);
    assert!((m - MU_N).abs() < 4.0 * sd / e.sqrt(), "mean {m}");
    assert!((s - sd).abs() < 4.0 * sd / (2.0 * e).sqrt(), "sd {s}");
    let post = Normal::new(MU_N, sd).unwrap();
    let probs = [0.05, 0.25, 0.5, 0.75, 0.95];
    let got = weighted_quantiles(&theta, &w, &probs);
    for (&p, &g) in probs.iter().zip(&got) {
        let q = post.inverse_cdf(p);
        let se = (p * (1.0 - p) / e).sqrt() / post.pdf(q);
        assert!((g - q).abs() < 4.0 * se, "q{p}: {g} vs {q}");
    }
    let flags: Vec<u8> = theta.iter().map(|&t| u8::from(t > 1.0)).collect();
    let (p, mcse) = weighted_proportion(&flags, &w);
    let exact = post.sf(1.0);
    assert!(
        (p - exact).abs() < 4.0 * mcse,
        "P(θ>1) {p} ± {mcse} vs {exact}"
    );
}

#[test]
fn two_measurements_multiply() {
    // y1 = 1.2 and y2 = 0.4, each ~ N(θ, 0.5²): precision 9, mean 4(1.2 + 0.4)/9.
    let n = 200_000;
    let theta = prior_normal(99, n);
    let e1 = evidence_weights(&normal_likelihood(&theta, 1.2, 0.5), 1.0).unwrap();
    let e2 = evidence_weights(&normal_likelihood(&theta, 0.4, 0.5), 1.0).unwrap();
    let w = combine(&[e1.clone(), e2.clone()]).unwrap();
    assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let (mu, sd) = (4.0 * 1.6 / 9.0, (1.0f64 / 9.0).sqrt());
    let (m, s) = weighted_mean_sd(&theta, &w);
    let e = ess(&w);
    assert!((m - mu).abs() < 4.0 * sd / e.sqrt(), "mean {m} vs {mu}");
    assert!(
        (s - sd).abs() < 4.0 * sd / (2.0 * e).sqrt(),
        "sd {s} vs {sd}"
    );

    let flags: Vec<u8> = theta.iter().map(|&t| u8::from(t > 1.0)).collect();
    let steps = sequential_effect(&flags, &[e1.clone(), e2]).unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[0], proportion(&flags).0);
    let after1 = weighted_proportion(&flags, &e1).0;
    assert!((steps[1] - after1).abs() < 1e-12);
    assert!((steps[2] - weighted_proportion(&flags, &w).0).abs() < 1e-12);
    let exact = Normal::new(mu, sd).unwrap().sf(1.0);
    assert!((steps[2] - exact).abs() < 4.0 * weighted_proportion(&flags, &w).1);
}

#[test]
fn zero_trust_changes_nothing() {
    let n = 50_000;
    let theta = prior_normal(5, n);
    let w = evidence_weights(&normal_likelihood(&theta, 1.2, 0.5), 0.0).unwrap();
    assert!(w.iter().all(|&v| v == w[0]));
    assert_eq!(ess(&w), n as f64);
    let probs = [0.01, 0.5, 0.99];
    let mut copy = theta.clone();
    assert_eq!(
        weighted_quantiles(&theta, &w, &probs),
        quantiles_r7(&mut copy, &probs)
    );
    let flags: Vec<u8> = theta.iter().map(|&t| u8::from(t > 1.0)).collect();
    let ((pw, sw), (p, se)) = (weighted_proportion(&flags, &w), proportion(&flags));
    assert_eq!(pw, p);
    assert!((sw - se).abs() < 1e-12 * se);
    let plain = theta.iter().sum::<f64>() / n as f64;
    assert_eq!(weighted_mean_sd(&theta, &w).0, plain);
    let combined = combine(&[w]).unwrap();
    assert!(combined.iter().all(|&v| v == combined[0]));
}

#[test]
fn half_trust_gives_the_mixture() {
    // t' = t m / (t m + (1 − t) m) = t: the posterior is ½ N(0.96, 0.2) + ½ N(0, 1).
    let n = 200_000;
    let t = 0.5;
    let theta = prior_normal(77, n);
    let lik = normal_likelihood(&theta, 1.2, 0.5);
    let w = evidence_weights(&lik, t).unwrap();
    let (m, s) = weighted_mean_sd(&theta, &w);
    // Exact identity on the draws: the weighted mean is the mixture of the two estimates.
    let right = weighted_mean_sd(&theta, &lik).0;
    let prior_mean = theta.iter().sum::<f64>() / n as f64;
    assert!((m - (t * right + (1.0 - t) * prior_mean)).abs() < 1e-12);
    // Against the analytic mixture.
    let mix_mean = t * MU_N;
    let mix_var = t * (VAR_N + MU_N * MU_N) + (1.0 - t) * 1.0 - mix_mean * mix_mean;
    let e = ess(&w);
    assert!(
        (m - mix_mean).abs() < 4.0 * s / e.sqrt(),
        "mean {m} vs {mix_mean}"
    );
    assert!(
        (s - mix_var.sqrt()).abs() < 4.0 * s / (2.0 * e).sqrt(),
        "sd {s}"
    );
    let flags: Vec<u8> = theta.iter().map(|&v| u8::from(v > 1.0)).collect();
    let (p, mcse) = weighted_proportion(&flags, &w);
    let exact = t * Normal::new(MU_N, VAR_N.sqrt()).unwrap().sf(1.0)
        + (1.0 - t) * Normal::standard().sf(1.0);
    assert!((p - exact).abs() < 4.0 * mcse, "{p} ± {mcse} vs {exact}");
}

#[test]
fn impossible_observation_is_an_error() {
    let theta = prior_normal(3, 1000);
    // holds_if θ > 10: never true on these draws.
    let lik: Vec<f64> = theta
        .iter()
        .map(|&t| f64::from(u8::from(t > 10.0)))
        .collect();
    assert_eq!(
        evidence_weights(&lik, 0.8).unwrap_err(),
        EvidenceError::ImpossibleObservation { draws: 1000 }
    );
}

#[test]
fn bound_evidence_truncates() {
    // holds_if θ < 0.5 with full trust: the weighted draws are the prior truncated at 0.5.
    let theta = prior_normal(8, 20_000);
    let lik: Vec<f64> = theta
        .iter()
        .map(|&t| f64::from(u8::from(t < 0.5)))
        .collect();
    let w = evidence_weights(&lik, 1.0).unwrap();
    let q = weighted_quantiles(&theta, &w, &[1.0])[0];
    assert!(q < 0.5);
    let kept = lik.iter().filter(|&&l| l > 0.0).count() as f64;
    assert_eq!(ess(&w), kept);
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: crate::test_stats::regressions("evidence"),
        ..ProptestConfig::default()
    })]

    #[test]
    fn quantiles_are_monotone_and_in_range(
        data in prop::collection::vec((-1e6f64..1e6, 0.0f64..10.0), 1..60),
        mut probs in prop::collection::vec(0.0f64..=1.0, 1..10),
    ) {
        let (x, w): (Vec<f64>, Vec<f64>) = data.into_iter().unzip();
        prop_assume!(w.iter().any(|&v| v > 0.0));
        probs.sort_by(f64::total_cmp);
        let q = weighted_quantiles(&x, &w, &probs);
        let kept: Vec<f64> = x.iter().zip(&w).filter(|(_, &w)| w > 0.0).map(|(&x, _)| x).collect();
        let lo = kept.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = kept.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for pair in q.windows(2) {
            prop_assert!(pair[0] <= pair[1]);
        }
        for &v in &q {
            prop_assert!(v >= lo && v <= hi);
        }
        // Scale of the weights does not matter (a power of two keeps the rescaling exact).
        let w2: Vec<f64> = w.iter().map(|v| v * 2f64.powi(-600)).collect();
        prop_assert_eq!(weighted_quantiles(&x, &w2, &probs), q);
    }

    #[test]
    fn ess_between_one_and_n_and_combine_sums_to_one(
        w in prop::collection::vec(0.0f64..1e3, 1..100),
    ) {
        prop_assume!(w.iter().any(|&v| v > 0.0));
        let e = ess(&w);
        prop_assert!(e >= 1.0 - 1e-12 && e <= w.len() as f64 + 1e-9);
        let c = combine(&[w.clone(), w]).unwrap();
        prop_assert!((c.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn proportion_in_unit_interval(
        data in prop::collection::vec((0u8..2, 0.0f64..5.0), 1..80),
    ) {
        let (f, w): (Vec<u8>, Vec<f64>) = data.into_iter().unzip();
        prop_assume!(w.iter().any(|&v| v > 0.0));
        let (p, se) = weighted_proportion(&f, &w);
        prop_assert!((0.0..=1.0).contains(&p) && se >= 0.0);
    }
}
