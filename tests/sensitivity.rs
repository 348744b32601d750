//! Statistical tests of the sensitivity measures against models with known answers.
//!
//! Every draw is seeded. Tolerances come from each estimator's own standard error (4 se: a
//! correct estimator fails a given check with probability about 6·10⁻⁵) plus, where the
//! estimator has a known finite-sample bias, an allowance for that bias derived in the comment
//! next to it. Where the binned estimators' target differs from the continuous one (the loss
//! from averaging within a bin), the test computes the binned target exactly by quadrature and
//! checks the estimate against that, then checks the binned target against the analytic value.

use std::f64::consts::PI;
use std::time::Instant;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use shellcount::sensitivity::{
    analyse, bin_count, pearson, ranks, saltelli_indices, sobol_first_given_data, spearman, swing,
    swing_flags, value_of_information, Estimate, Output, Ranks, MAX_BINS,
};
use statrs::distribution::{ContinuousCDF, Normal};

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

fn uniform_pi(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.random_range(-PI..PI)).collect()
}

fn normals(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.sample(StandardNormal)).collect()
}

fn assert_near(what: &str, e: Estimate, truth: f64, allowance: f64) {
    let tol = 4.0 * e.se + allowance;
    assert!(
        (e.value - truth).abs() < tol,
        "{what}: estimate {} ± {} vs truth {truth} (tolerance {tol})",
        e.value,
        e.se
    );
}

fn std_normal() -> Normal {
    Normal::new(0.0, 1.0).unwrap()
}

fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * PI).sqrt()
}

/// Composite Simpson's rule with `k` (even) intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, k: usize) -> f64 {
    let h = (b - a) / k as f64;
    let inner: f64 = (1..k)
        .map(|j| f(a + j as f64 * h) * if j % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    (f(a) + f(b) + inner) * h / 3.0
}

// ---------------------------------------------------------------------------------------------
// Ishigami function: y = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π), a = 7, b = 0.1.
// ---------------------------------------------------------------------------------------------

const A: f64 = 7.0;
const B: f64 = 0.1;

fn ishigami(x1: f64, x2: f64, x3: f64) -> f64 {
    x1.sin() + A * x2.sin().powi(2) + B * x3.powi(4) * x1.sin()
}

/// Analytic (S1, S2, S3) and (ST1, ST2, ST3) (Saltelli et al. 2008, §4.2 of the Primer).
fn ishigami_truth() -> ([f64; 3], [f64; 3]) {
    let pi4 = PI.powi(4);
    let v = A * A / 8.0 + B * pi4 / 5.0 + B * B * pi4 * pi4 / 18.0 + 0.5;
    let v1 = 0.5 * (1.0 + B * pi4 / 5.0).powi(2);
    let v2 = A * A / 8.0;
    let v13 = B * B * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

#[test]
fn ishigami_truth_matches_published_values() {
    let (s, st) = ishigami_truth();
    let round = |v: f64| (v * 1e4).round() / 1e4;
    assert_eq!(s.map(round), [0.3139, 0.4424, 0.0]);
    assert_eq!(st.map(round), [0.5576, 0.4424, 0.2437]);
}

/// Var(E[y | bin]) / Var(y) for Ishigami inputs 1 and 2 with `m` equal-width bins of
/// [−π, π] (equal-count bins of a uniform), from closed-form bin averages:
/// mean of sin over [a, b] = (cos a − cos b)/h, mean of sin² = ½ − (sin 2b − sin 2a)/(4h).
fn ishigami_binned_s1(m: usize) -> [f64; 2] {
    let (s, _) = ishigami_truth();
    let pi4 = PI.powi(4);
    let c = 1.0 + B * pi4 / 5.0;
    let v = 0.5 * c * c / s[0];
    let h = 2.0 * PI / m as f64;
    let (mut v1, mut v2) = (0.0, 0.0);
    for k in 0..m {
        let (a, b) = (-PI + k as f64 * h, -PI + (k + 1) as f64 * h);
        let e1 = (a.cos() - b.cos()) / h;
        let e2 = 0.5 - ((2.0 * b).sin() - (2.0 * a).sin()) / (4.0 * h);
        v1 += c * c * e1 * e1 / m as f64;
        v2 += A * A * (e2 - 0.5).powi(2) / m as f64;
    }
    [v1 / v, v2 / v]
}

#[test]
fn given_data_first_order_on_ishigami() {
    let n = 200_000;
    let mut r = rng(1);
    let x = [
        uniform_pi(&mut r, n),
        uniform_pi(&mut r, n),
        uniform_pi(&mut r, n),
    ];
    let y: Vec<f64> = (0..n)
        .map(|i| ishigami(x[0][i], x[1][i], x[2][i]))
        .collect();
    let (s, _) = ishigami_truth();
    let binned = ishigami_binned_s1(bin_count(n));
    // The bins' loss of within-bin variation, the only bias left after the correction,
    // is below 0.003 of variance (the claim made in the module docs).
    for i in 0..2 {
        assert!(binned[i] < s[i] && s[i] - binned[i] < 0.003, "{binned:?}");
    }
    let est: Vec<Estimate> = x
        .iter()
        .map(|xi| sobol_first_given_data(&Ranks::new(xi), &y))
        .collect();
    assert_near("S1", est[0], binned[0], 0.0);
    assert_near("S2", est[1], binned[1], 0.0);
    // E[y | x3] is constant, so its binned target is exactly 0.
    assert_near("S3", est[2], 0.0, 0.0);
    for (i, e) in est.iter().enumerate() {
        assert!(e.se > 0.0 && e.se < 0.01, "S{}: {e:?}", i + 1);
    }
}

/// A Saltelli design: outputs on A, on B, and on A with column i from B, for i = 1, 2, 3.
fn ishigami_design(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>, [Vec<f64>; 3]) {
    let mut r = rng(seed);
    let a: Vec<[f64; 3]> = (0..n)
        .map(|_| [0; 3].map(|_| r.random_range(-PI..PI)))
        .collect();
    let b: Vec<[f64; 3]> = (0..n)
        .map(|_| [0; 3].map(|_| r.random_range(-PI..PI)))
        .collect();
    let f = |x: &[f64; 3]| ishigami(x[0], x[1], x[2]);
    let y_a = a.iter().map(f).collect();
    let y_b = b.iter().map(f).collect();
    let y_ab = [0, 1, 2].map(|i| {
        a.iter()
            .zip(&b)
            .map(|(ra, rb)| {
                let mut x = *ra;
                x[i] = rb[i];
                f(&x)
            })
            .collect()
    });
    (y_a, y_b, y_ab)
}

/// The Saltelli and Jansen estimators are ratios of unbiased means; the ratio's bias is
/// O(1/N) — about (S + 1)·kurtosis-ish/N < 10⁻³ at N = 2·10⁴ for these outputs.
const RATIO_BIAS: f64 = 1e-3;

#[test]
fn saltelli_jansen_on_ishigami() {
    let (y_a, y_b, y_ab) = ishigami_design(20_000, 2);
    let (s, st) = ishigami_truth();
    for i in 0..3 {
        let (first, total) = saltelli_indices(&y_a, &y_b, &y_ab[i]);
        assert_near(&format!("S{}", i + 1), first, s[i], RATIO_BIAS);
        assert_near(&format!("ST{}", i + 1), total, st[i], RATIO_BIAS);
        assert!(first.se > 0.0 && total.se > 0.0 && first.se < 0.05 && total.se < 0.05);
    }
}

// ---------------------------------------------------------------------------------------------
// Linear model y = 1·x1 + 2·x2 + 3·x3, x_i ~ N(0, 1): S_i = ST_i = a_i² / 14.
// ---------------------------------------------------------------------------------------------

const COEF: [f64; 3] = [1.0, 2.0, 3.0];

/// Σ_b (1/M) E[x | bin b]² for `m` equal-probability bins of N(0, 1): the share of x's
/// variance that survives averaging within bins (E[x | bin] = M (φ(z_k) − φ(z_{k+1}))).
fn normal_binned_share(m: usize) -> f64 {
    let edge = |k: usize| std_normal().inverse_cdf(k as f64 / m as f64);
    (0..m)
        .map(|k| {
            let lo = if k == 0 { 0.0 } else { phi(edge(k)) };
            let hi = if k + 1 == m { 0.0 } else { phi(edge(k + 1)) };
            let mean = m as f64 * (lo - hi);
            mean * mean / m as f64
        })
        .sum()
}

#[test]
fn linear_model_given_data_and_saltelli() {
    let total: f64 = COEF.iter().map(|c| c * c).sum();
    // Given data, n = 10^5.
    let n = 100_000;
    let mut r = rng(3);
    let x = [normals(&mut r, n), normals(&mut r, n), normals(&mut r, n)];
    let y: Vec<f64> = (0..n)
        .map(|i| (0..3).map(|k| COEF[k] * x[k][i]).sum())
        .collect();
    let share = normal_binned_share(bin_count(n));
    assert!(share < 1.0 && 1.0 - share < 0.01, "{share}");
    for k in 0..3 {
        let e = sobol_first_given_data(&Ranks::new(&x[k]), &y);
        assert_near(
            &format!("given-data S{}", k + 1),
            e,
            COEF[k].powi(2) / total * share,
            0.0,
        );
    }
    // Saltelli design, N = 2·10^4 per matrix.
    let nd = 20_000;
    let a: Vec<[f64; 3]> = (0..nd)
        .map(|_| [0; 3].map(|_| r.sample(StandardNormal)))
        .collect();
    let b: Vec<[f64; 3]> = (0..nd)
        .map(|_| [0; 3].map(|_| r.sample(StandardNormal)))
        .collect();
    let f = |x: &[f64; 3]| COEF[0] * x[0] + COEF[1] * x[1] + COEF[2] * x[2];
    let y_a: Vec<f64> = a.iter().map(f).collect();
    let y_b: Vec<f64> = b.iter().map(f).collect();
    for k in 0..3 {
        let y_ab: Vec<f64> = a
            .iter()
            .zip(&b)
            .map(|(ra, rb)| {
                let mut x = *ra;
                x[k] = rb[k];
                f(&x)
            })
            .collect();
        let (first, tot) = saltelli_indices(&y_a, &y_b, &y_ab);
        let truth = COEF[k].powi(2) / total;
        assert_near(&format!("Saltelli S{}", k + 1), first, truth, RATIO_BIAS);
        assert_near(&format!("Jansen ST{}", k + 1), tot, truth, RATIO_BIAS);
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs that do not matter, and inputs that matter without a trend.
// ---------------------------------------------------------------------------------------------

#[test]
fn irrelevant_input_scores_near_zero() {
    let n = 100_000;
    let mut r = rng(4);
    let x = [normals(&mut r, n), normals(&mut r, n), normals(&mut r, n)];
    let y: Vec<f64> = (0..n).map(|i| x[0][i] + x[1][i]).collect();
    let rx3 = Ranks::new(&x[2]);
    assert_near(
        "S1 of unused x3",
        sobol_first_given_data(&rx3, &y),
        0.0,
        0.0,
    );
    // Under independence ρ has sd 1/√(n − 1).
    let rho = spearman(&x[2], &y);
    assert!(rho.abs() < 4.0 / ((n - 1) as f64).sqrt(), "{rho}");
    // The band medians each have sd ≈ 1.25·√2/√(0.1 n) ≈ 0.018 here; 4 sd of the difference:
    let sw = swing(&x[2], &y);
    assert!(
        sw.abs() < 4.0 * 1.25 * 2f64.sqrt() / (0.1 * n as f64).sqrt() * 2f64.sqrt(),
        "{sw}"
    );
    // And with a design: the unused input's column swap changes nothing, so exactly 0.
    let y_b: Vec<f64> = (0..n).map(|i| x[1][i] - x[0][i]).collect();
    let (s, st) = saltelli_indices(&y, &y_b, &y);
    assert_eq!((s, st), (Estimate::ZERO, Estimate::ZERO));
    // The used inputs show up clearly.
    let e1 = sobol_first_given_data(&Ranks::new(&x[0]), &y);
    assert!(e1.value > 0.45 && e1.value - 4.0 * e1.se > 0.4, "{e1:?}");
}

#[test]
fn non_monotone_effect_is_seen_by_sobol_not_spearman() {
    // y = x² with x ~ N(0, 1): ρ = 0 by symmetry, yet x explains all of y (S1 ≈ binned share of
    // Var(x²), well above 0.9).
    let n = 50_000;
    let mut r = rng(5);
    let x = normals(&mut r, n);
    let y: Vec<f64> = x.iter().map(|v| v * v).collect();
    let rho = spearman(&x, &y);
    assert!(rho.abs() < 4.0 / ((n - 1) as f64).sqrt(), "{rho}");
    let e = sobol_first_given_data(&Ranks::new(&x), &y);
    assert!(e.value > 0.9 && e.value < 1.0 + 4.0 * e.se, "{e:?}");
    // The swing is ~0 too (p10 and p90 of x are mirror images), so it needs the Sobol index.
    assert!(swing(&x, &y).abs() < 0.1);
}

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
    let sw = swing(&x, &y);
    assert!((sw - expected).abs() < 0.02, "{sw} vs {expected}");
    // Claim 2x + 0.1 e > 0: P(claim | x in band) ≈ 0 low and 1 high (the bands lie beyond
    // |x| = 1.03, noise sd 0.05 in x units), so the swing is 1 up to Φ(−1.03/0.05) ≈ 10⁻⁹³.
    let flags: Vec<u8> = y
        .iter()
        .map(|&v| u8::from(v + 0.1 * r.sample::<f64, _>(StandardNormal) > 0.0))
        .collect();
    assert_eq!(swing_flags(&x, &flags), 1.0);
    assert_eq!(
        swing_flags(&x, &flags.iter().map(|f| 1 - f).collect::<Vec<_>>()),
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
    assert!((v1.expected_abs_change - 0.5).abs() < tol, "{v1:?}");
    // An irrelevant input shows only the noise floor: the mean of M nearly independent
    // |N(0, s²)| has mean s√(2/π) (the floor) and sd s√(1 − 2/π)/√M.
    let v2 = value_of_information(&Ranks::new(&x2), &flags);
    let m = bin_count(n) as f64;
    let s = v2.noise_floor / (2.0 / PI).sqrt();
    let sd = s * (1.0 - 2.0 / PI).sqrt() / m.sqrt();
    assert!(
        (v2.expected_abs_change - v2.noise_floor).abs() < 4.0 * sd,
        "{v2:?}, sd {sd}"
    );
    assert!(v2.noise_floor < 0.01 && v1.expected_abs_change > 40.0 * v2.noise_floor);
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
    // Noise: sd of Σ w_b |p_b − p| ≤ sd of Σ w_b (p_b − p)·sign + sd of p ≤ 2·0.5/√n; upward
    // bias ≤ the noise floor (only bins with P(claim | bin) near p contribute it).
    let tol = 4.0 / (n as f64).sqrt() + v.noise_floor;
    assert!(
        (v.expected_abs_change - change).abs() < tol,
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
    assert!(v2.expected_abs_change < 2.0 * v2.noise_floor, "{v2:?}");
}

// ---------------------------------------------------------------------------------------------
// Standard errors: the reported se matches the spread of estimates over replications.
// ---------------------------------------------------------------------------------------------

/// Ratio of the sd of `values` to the root mean square of `ses`.
fn spread_over_se(values: &[f64], ses: &[f64]) -> f64 {
    let k = values.len() as f64;
    let mean = values.iter().sum::<f64>() / k;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt();
    let rms = (ses.iter().map(|s| s * s).sum::<f64>() / k).sqrt();
    sd / rms
}

/// With 300 replications the sample sd is within ±4.1% (1 sd) of the truth, so a correct
/// se gives a ratio in [0.8, 1.25] except with probability < 10⁻⁶.
const REPLICATIONS: u64 = 300;

#[test]
fn given_data_standard_error_is_calibrated() {
    let n = 4_000;
    for (input, label) in [(0usize, "x1"), (1, "x2"), (2, "x3 (no effect)")] {
        let (mut vals, mut ses) = (vec![], vec![]);
        for rep in 0..REPLICATIONS {
            let mut r = rng(1000 + rep);
            let x = [
                uniform_pi(&mut r, n),
                uniform_pi(&mut r, n),
                uniform_pi(&mut r, n),
            ];
            let y: Vec<f64> = (0..n)
                .map(|i| ishigami(x[0][i], x[1][i], x[2][i]))
                .collect();
            let e = sobol_first_given_data(&Ranks::new(&x[input]), &y);
            vals.push(e.value);
            ses.push(e.se);
        }
        let ratio = spread_over_se(&vals, &ses);
        assert!((0.8..1.25).contains(&ratio), "{label}: sd/se = {ratio}");
    }
}

#[test]
fn saltelli_standard_errors_are_calibrated() {
    let n = 2_000;
    for i in 0..3 {
        let (mut f, mut fs, mut t, mut ts) = (vec![], vec![], vec![], vec![]);
        for rep in 0..REPLICATIONS {
            let (y_a, y_b, y_ab) = ishigami_design(n, 5000 + rep);
            let (first, total) = saltelli_indices(&y_a, &y_b, &y_ab[i]);
            f.push(first.value);
            fs.push(first.se);
            t.push(total.value);
            ts.push(total.se);
        }
        let (rf, rt) = (spread_over_se(&f, &fs), spread_over_se(&t, &ts));
        assert!((0.8..1.25).contains(&rf), "S{}: sd/se = {rf}", i + 1);
        assert!((0.8..1.25).contains(&rt), "ST{}: sd/se = {rt}", i + 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Driver: shape, agreement with the single functions, thread-count independence, JSON.
// ---------------------------------------------------------------------------------------------

fn driver_data(n: usize) -> (Vec<Vec<f64>>, Vec<f64>, Vec<u8>) {
    let mut r = rng(11);
    let x = vec![
        uniform_pi(&mut r, n),
        uniform_pi(&mut r, n),
        uniform_pi(&mut r, n),
        vec![2.5; n],
    ];
    let y: Vec<f64> = (0..n)
        .map(|i| ishigami(x[0][i], x[1][i], x[2][i]))
        .collect();
    let flags: Vec<u8> = y.iter().map(|&v| u8::from(v > 5.0)).collect();
    (x, y, flags)
}

#[test]
fn driver_matches_single_functions_on_any_thread_count() {
    let n = 20_000;
    let (x, y, flags) = driver_data(n);
    let names = ["x1", "x2", "x3", "constant"];
    let inputs: Vec<(&str, &[f64])> = names
        .iter()
        .zip(&x)
        .map(|(n, c)| (*n, c.as_slice()))
        .collect();
    let outputs = [("y", Output::Numeric(&y)), ("y > 5", Output::Flags(&flags))];
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| analyse(&inputs, &outputs))
    };
    let table = run(1);
    assert_eq!(table, run(2));
    assert_eq!(table, run(5));
    assert_eq!(table.keys().collect::<Vec<_>>(), ["y", "y > 5"]);
    let yf: Vec<f64> = flags.iter().map(|&f| f64::from(f)).collect();
    for (k, name) in names.iter().enumerate() {
        let rx = Ranks::new(&x[k]);
        let s = table["y"][*name];
        let e = sobol_first_given_data(&rx, &y);
        assert_eq!(s.spearman, spearman(&x[k], &y));
        assert_eq!((s.sobol_first, s.sobol_first_se), (e.value, e.se));
        assert_eq!(s.swing, swing(&x[k], &y));
        assert!(s.voi.is_none());
        let c = table["y > 5"][*name];
        let e = sobol_first_given_data(&rx, &yf);
        assert_eq!(c.spearman, spearman(&x[k], &yf));
        assert_eq!((c.sobol_first, c.sobol_first_se), (e.value, e.se));
        assert_eq!(c.swing, swing_flags(&x[k], &flags));
        assert_eq!(c.voi, Some(value_of_information(&rx, &flags)));
    }
    let constant = table["y"]["constant"];
    assert_eq!(
        (
            constant.spearman,
            constant.sobol_first,
            constant.sobol_first_se,
            constant.swing
        ),
        (0.0, 0.0, 0.0, 0.0)
    );
    let json = serde_json::to_value(&table).unwrap();
    assert!(json["y"]["x1"].get("voi").is_none());
    assert!(json["y > 5"]["x2"]["voi"]["flip_probability"].is_number());
    assert_eq!(json["y"].as_object().unwrap().len(), 4);
}

#[test]
fn driver_never_panics_on_degenerate_columns() {
    let short: Vec<f64> = (0..10).map(f64::from).collect();
    let long: Vec<f64> = (0..100).map(f64::from).collect();
    let flags = vec![1u8; 100];
    let t = analyse(
        &[
            ("short", short.as_slice()),
            ("long", long.as_slice()),
            ("empty", &[][..]),
        ],
        &[
            ("y", Output::Numeric(&short)),
            ("c", Output::Flags(&flags)),
            ("e", Output::Numeric(&[])),
        ],
    );
    for row in t.values() {
        for s in row.values() {
            let values = [s.spearman, s.sobol_first, s.sobol_first_se, s.swing];
            assert!(values.iter().all(|v| v.is_finite()), "{s:?}");
        }
    }
    assert_eq!(t["y"]["short"].sobol_first, 0.0);
    assert_eq!(analyse(&[], &[]).len(), 0);
}

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

/// Columns with many ties, constants and extreme values.
fn column(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            (-3i32..4).prop_map(f64::from),
            -1e9..1e9f64,
            Just(0.0),
            Just(-0.0),
            Just(f64::MAX),
        ],
        len,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn spearman_is_a_correlation((x, y) in (0usize..80).prop_flat_map(|n| (column(n), column(n)))) {
        let rho = spearman(&x, &y);
        prop_assert!((-1.0..=1.0).contains(&rho), "{}", rho);
        prop_assert_eq!(rho, spearman(&y, &x));
        let r = ranks(&x);
        let n = x.len() as f64;
        prop_assert_eq!(r.iter().sum::<f64>(), n * (n + 1.0) / 2.0);
    }

    #[test]
    fn strictly_increasing_transform_gives_one(x in prop::collection::vec(-1e3..1e3f64, 2..80)) {
        let y: Vec<f64> = x.iter().map(|v| v.powi(3) + v).collect();
        // Rounding could merge two close values; the property is about order-preserving maps.
        let mut idx: Vec<usize> = (0..x.len()).collect();
        idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        prop_assume!(idx.windows(2).all(|w| (x[w[0]] < x[w[1]]) == (y[w[0]] < y[w[1]])));
        prop_assume!(x.iter().any(|&v| v != x[0]));
        prop_assert_eq!(spearman(&x, &y), 1.0);
    }

    #[test]
    fn measures_are_finite_and_in_range(
        (x, y, f) in (0usize..200).prop_flat_map(|n| (column(n), column(n), prop::collection::vec(0u8..3, n)))
    ) {
        let y: Vec<f64> = y.iter().map(|v| v.clamp(-1e12, 1e12)).collect();
        let rx = Ranks::new(&x);
        let e = sobol_first_given_data(&rx, &y);
        prop_assert!(e.value.is_finite() && e.se.is_finite() && e.se >= 0.0, "{:?}", e);
        let s = swing(&x, &y);
        prop_assert!(s.is_finite());
        let sf = swing_flags(&x, &f);
        prop_assert!((-1.0..=1.0).contains(&sf));
        let v = value_of_information(&rx, &f);
        let p = f.iter().filter(|&&b| b != 0).count() as f64 / f.len().max(1) as f64;
        prop_assert!(v.expected_abs_change >= 0.0 && v.expected_abs_change <= 2.0 * p * (1.0 - p) + 1e-12, "{:?}", v);
        prop_assert!((0.0..=1.0).contains(&v.flip_probability));
        prop_assert!(v.noise_floor >= 0.0 && v.noise_floor.is_finite());
        let (a, t) = saltelli_indices(&y, &x.iter().map(|v| v.clamp(-1e12, 1e12)).collect::<Vec<_>>(), &y);
        prop_assert!(a.value.is_finite() && t.value.is_finite() && a.se.is_finite() && t.se.is_finite());
    }
}

// ---------------------------------------------------------------------------------------------
// Timing at 10^6 draws: `cargo test --release --test sensitivity -- --ignored --nocapture`.
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "timing report, not a check"]
fn timing_at_one_million_draws() {
    let n = 1_000_000;
    let mut r = rng(12);
    let xs: Vec<Vec<f64>> = (0..8).map(|_| uniform_pi(&mut r, n)).collect();
    let y: Vec<f64> = (0..n)
        .map(|i| ishigami(xs[0][i], xs[1][i], xs[2][i]))
        .collect();
    let y2: Vec<f64> = (0..n).map(|i| xs[3][i] * 2.0 + xs[4][i]).collect();
    let flags: Vec<u8> = y.iter().map(|&v| u8::from(v > 5.0)).collect();
    // Process CPU time (all threads) from /proc on Linux, NaN elsewhere: wall time alone is
    // misleading on a shared machine.
    let cpu_ms = || {
        std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| {
                // Fields after the command name, from `state`: utime and stime are the 12th
                // and 13th, in clock ticks (100 per second on Linux).
                let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
                let tick = |i: usize| f.get(i)?.parse::<f64>().ok();
                Some((tick(11)? + tick(12)?) * 10.0)
            })
            .unwrap_or(f64::NAN)
    };
    let time = |label: &str, f: &mut dyn FnMut()| {
        let (t, c) = (Instant::now(), cpu_ms());
        f();
        let wall = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{label:<44} wall {wall:>7.1} ms   cpu {:>7.0} ms",
            cpu_ms() - c
        );
    };
    let mut rx = None;
    time("ranks (one column)", &mut || rx = Some(Ranks::new(&xs[0])));
    let rx = rx.unwrap();
    let ry = Ranks::new(&y);
    time("pearson of ranks (spearman, ranked)", &mut || {
        std::hint::black_box(pearson(rx.as_slice(), ry.as_slice()));
    });
    time("spearman from raw columns", &mut || {
        std::hint::black_box(spearman(&xs[0], &y));
    });
    time("sobol_first_given_data (ranked)", &mut || {
        std::hint::black_box(sobol_first_given_data(&rx, &y));
    });
    time("swing (numeric)", &mut || {
        std::hint::black_box(swing(&xs[0], &y));
    });
    time("value_of_information (ranked)", &mut || {
        std::hint::black_box(value_of_information(&rx, &flags));
    });
    let names: Vec<String> = (0..8).map(|i| format!("x{i}")).collect();
    let inputs: Vec<(&str, &[f64])> = names
        .iter()
        .zip(&xs)
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let outputs = [
        ("y", Output::Numeric(&y)),
        ("y2", Output::Numeric(&y2)),
        ("claim", Output::Flags(&flags)),
    ];
    time("analyse: 8 inputs × 3 outputs (rayon pool)", &mut || {
        std::hint::black_box(analyse(&inputs, &outputs));
    });
}
