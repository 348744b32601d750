//! Statistical tests of the Gaussian copula (`correlation`) and of importance weighting by
//! evidence (`evidence`): seeded draws, tolerances derived from standard errors.
//!
//! Standard errors used:
//!
//! ```text
//! Spearman ρ_s from n draws:  se ≈ (1 − ρ_s²) √(1.06 / (n − 3))
//!     (Fieller, Hartley & Pearson 1957: var(atanh ρ̂_s) ≈ 1.06/(n − 3), then the delta method)
//! KS at α = 0.001:            D_n < 1.949 / √n
//! weighted mean:              se ≈ sd_post / √ESS          weighted sd: se ≈ sd_post / √(2 ESS)
//! weighted p-quantile:        se ≈ √(p (1 − p) / ESS) / f(q_p)
//! weighted proportion:        the mcse of `weighted_proportion`
//! ```
//!
//! Every check allows 4 standard errors.

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use statrs::distribution::{
    Beta, Binomial, Continuous, ContinuousCDF, Discrete, LogNormal, Normal, Uniform,
};

use shellcount::correlation::{
    achieved_spearman, spearman_to_pearson, Copula, CorrelationError, CorrelationSpec,
};
use shellcount::evidence::{
    combine, ess, ess_warning, evidence_weights, sequential_effect, weighted_mean_sd,
    weighted_proportion, weighted_quantiles, EvidenceError,
};
use shellcount::stats::{proportion, quantiles_r7};

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

fn normals(seed: u64, k: usize, n: usize) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..k)
        .map(|_| (0..n).map(|_| rng.sample(StandardNormal)).collect())
        .collect()
}

fn spearman_se(rho: f64, n: usize) -> f64 {
    (1.0 - rho * rho) * (1.06 / (n as f64 - 3.0)).sqrt()
}

/// Kolmogorov–Smirnov statistic of `xs` against `cdf`.
fn ks(xs: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len() as f64;
    s.iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

/// Correlated normals through the copula, then each through its own marginal.
fn copula_draws(cop: &Copula, seed: u64, n: usize) -> Vec<Vec<f64>> {
    let mut cols = normals(seed, cop.dim(), n);
    let mut refs: Vec<&mut [f64]> = cols.iter_mut().map(|c| c.as_mut_slice()).collect();
    cop.apply_columns(&mut refs);
    cols
}

#[test]
fn copula_hits_requested_ranks_and_keeps_marginals() {
    let n = 100_000;
    let spec = CorrelationSpec::from_pairs(
        &names(&["dud_rate", "crate_mass", "delay"]),
        &[(0, 1, 0.5), (0, 2, -0.3), (1, 2, 0.2)],
    )
    .unwrap();
    let (cop, adj) = Copula::new(&spec, false).unwrap();
    assert!(adj.is_none());
    let z = copula_draws(&cop, 20240611, n);
    let phi = Normal::standard();
    let beta = Beta::new(2.0, 5.0).unwrap();
    let logn = LogNormal::new(3.0, 0.4).unwrap();
    let unif = Uniform::new(10.0, 20.0).unwrap();
    let x0: Vec<f64> = z[0].iter().map(|&v| beta.inverse_cdf(phi.cdf(v))).collect();
    let x1: Vec<f64> = z[1].iter().map(|&v| logn.inverse_cdf(phi.cdf(v))).collect();
    let x2: Vec<f64> = z[2].iter().map(|&v| unif.inverse_cdf(phi.cdf(v))).collect();

    let achieved = achieved_spearman(&[&x0, &x1, &x2]);
    let requested = spec.spearman_matrix();
    for i in 0..3 {
        for j in 0..3 {
            let (a, r) = (achieved[i][j], requested[i][j]);
            let tol = 4.0 * spearman_se(r, n);
            assert!(
                (a - r).abs() <= tol.max(1e-12),
                "({i},{j}): achieved {a}, asked {r}"
            );
        }
    }
    // The uniform shares ranks with z, so its ranks are exactly those of the normal column.
    assert_eq!(
        achieved_spearman(&[&z[2], &x2]),
        achieved_spearman(&[&x2, &x2])
    );

    let crit = 1.949 / (n as f64).sqrt();
    for (d, name) in [
        (ks(&x0, |x| beta.cdf(x)), "beta"),
        (ks(&x1, |x| logn.cdf(x)), "lognormal"),
        (ks(&x2, |x| unif.cdf(x)), "uniform"),
    ] {
        assert!(d < crit, "{name}: KS {d} ≥ {crit}");
    }
}

#[test]
fn contradictory_triple_is_refused_by_name() {
    let spec = CorrelationSpec::from_pairs(
        &names(&["a", "b", "c"]),
        &[(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)],
    )
    .unwrap();
    let err = Copula::new(&spec, false).unwrap_err();
    let CorrelationError::Inconsistent { names: who, .. } = &err else {
        panic!("unexpected {err}");
    };
    assert_eq!(who, &["a", "b", "c"]);
    let msg = err.to_string();
    assert!(
        msg.starts_with("the correlations among a, b, c cannot hold together"),
        "{msg}"
    );
    assert!(msg.contains("allow_adjust"), "{msg}");
}

#[test]
fn opt_in_adjustment_is_valid_and_close() {
    let n = 100_000;
    let req = [(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)];
    let spec = CorrelationSpec::from_pairs(&names(&["a", "b", "c"]), &req).unwrap();
    let (cop, adj) = Copula::new(&spec, true).unwrap();
    let adj = adj.expect("an adjustment is reported");
    assert_eq!(adj.conflict, ["a", "b", "c"]);
    let m = &adj.adjusted;
    for (i, row) in m.iter().enumerate() {
        assert_eq!(row[i], 1.0);
        for (j, v) in row.iter().enumerate() {
            assert!((v - m[j][i]).abs() < 1e-12);
        }
    }
    // The adjusted set is consistent (it was factored) and, on the normal scale, no farther
    // from the request than an obvious valid fix: raising a–c to the bound the other two allow.
    let r = |v: f64| spearman_to_pearson(v);
    let dist = |ab: f64, bc: f64, ac: f64| {
        (2.0 * ((r(ab) - r(0.9)).powi(2) + (r(bc) - r(0.9)).powi(2) + (r(ac) - r(-0.9)).powi(2)))
            .sqrt()
    };
    let adjusted = dist(m[0][1], m[1][2], m[0][2]);
    let bound = r(0.9) * r(0.9) - (1.0 - r(0.9).powi(2));
    let simple = (2.0f64).sqrt() * (bound - r(-0.9)).abs();
    assert!(adjusted <= simple, "{adjusted} > {simple}");
    let (x, y, from, to) = &adj.largest_change;
    let req_rows = spec.spearman_matrix();
    let biggest = [(0, 1), (1, 2), (0, 2)]
        .iter()
        .map(|&(i, j)| (m[i][j] - req_rows[i][j]).abs())
        .fold(0.0, f64::max);
    assert_eq!((to - from).abs(), biggest);
    let idx = |s: &str| ["a", "b", "c"].iter().position(|n| *n == s).unwrap();
    assert_eq!(m[idx(x)][idx(y)], *to);
    assert!(adj.to_string().contains("largest change"));
    // Draws achieve the adjusted correlations.
    let z = copula_draws(&cop, 7, n);
    let achieved = achieved_spearman(&[&z[0], &z[1], &z[2]]);
    for (i, j) in [(0, 1), (1, 2), (0, 2)] {
        let t = cop.target_spearman()[i][j];
        assert_eq!(t, m[i][j]);
        assert!(
            (achieved[i][j] - t).abs() <= 4.0 * spearman_se(t, n),
            "({i},{j})"
        );
    }
}

#[test]
fn matrix_and_pairs_agree() {
    let n = names(&["a", "b", "c"]);
    let p = CorrelationSpec::from_pairs(&n, &[(0, 1, 0.3), (1, 2, -0.2)]).unwrap();
    let m = CorrelationSpec::from_matrix(
        &n,
        &[
            vec![1.0, 0.3, 0.0],
            vec![0.3, 1.0, -0.2],
            vec![0.0, -0.2, 1.0],
        ],
    )
    .unwrap();
    assert_eq!(p, m);
}

// ---------------------------------------------------------------- evidence

fn prior_normal(seed: u64, n: usize) -> Vec<f64> {
    normals(seed, 1, n).pop().unwrap()
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
    assert!(ess_warning(e, n).is_none(), "ESS {e}");
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

/// Timing and messages, for a human: `cargo test --test correlation_evidence -- --ignored
/// --nocapture`.
#[test]
#[ignore]
fn show_speed_and_messages() {
    let n = 10_000_000;
    for k in [3usize, 6] {
        let nm: Vec<String> = (0..k).map(|i| format!("x{i}")).collect();
        let pairs: Vec<(usize, usize, f64)> = (1..k).map(|i| (i - 1, i, 0.4)).collect();
        let (cop, _) =
            Copula::new(&CorrelationSpec::from_pairs(&nm, &pairs).unwrap(), false).unwrap();
        let mut cols = vec![vec![0.5; n]; k];
        let mut refs: Vec<&mut [f64]> = cols.iter_mut().map(|c| c.as_mut_slice()).collect();
        let t = std::time::Instant::now();
        cop.apply_columns(&mut refs);
        println!("k = {k}: apply_columns on 10^7 draws {:?}", t.elapsed());
        let chunk = 65_536;
        let mut cols = vec![vec![0.5; chunk]; k];
        let t = std::time::Instant::now();
        for _ in 0..n / chunk {
            let mut refs: Vec<&mut [f64]> = cols.iter_mut().map(|c| c.as_mut_slice()).collect();
            cop.apply_columns(&mut refs);
            refs.iter_mut().for_each(|c| c[0] = 0.5);
        }
        println!(
            "k = {k}: apply_columns on 10^7 draws in chunks of 65536 {:?}",
            t.elapsed()
        );
        let mut row = vec![0.5; k];
        let t = std::time::Instant::now();
        for _ in 0..n {
            cop.correlate(&mut row);
            row.iter_mut().for_each(|v| *v *= 0.5);
        }
        println!("k = {k}: correlate × 10^7 {:?}", t.elapsed());
    }
    let spec = CorrelationSpec::from_pairs(
        &names(&["dud_rate", "crate_mass", "fuze_age"]),
        &[(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)],
    )
    .unwrap();
    println!("{}", Copula::new(&spec, false).unwrap_err());
    let (_, adj) = Copula::new(&spec, true).unwrap();
    let adj = adj.unwrap();
    println!("{adj}\n{:?}", adj.adjusted);
    println!("{}", ess_warning(42.0, 100_000).unwrap());
}
