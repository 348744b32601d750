//! Seeded streams and the statistics the statistical tests check against, shared by the unit
//! tests in `src/` and the integration tests (`tests/it/support.rs` includes this file), so it
//! uses no crate paths. Compiled for tests only.
//!
//! ```text
//! mean:      SE = s/√M
//! variance:  SE = √((m₄ − s⁴·(M−3)/(M−1))/M)      m₄ the sample fourth central moment
//! KS:        reject at α = 0.001 when √n·D > 1.949 (one sample), or
//!            D > 1.949·√((n+m)/(n·m)) (two samples); c(α) = √(−ln(α/2)/2)
//! ```

// Not every test binary uses every helper.
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Where proptest keeps the failing cases of the property tests named `name`:
/// `proptest-regressions/<name>.txt` in the repository (commit them: every later run replays them
/// first).
pub fn regressions(name: &str) -> Option<Box<dyn proptest::test_runner::FailurePersistence>> {
    let path = format!(
        "{}/proptest-regressions/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let path: &'static str = Box::leak(path.into_boxed_str());
    Some(Box::new(
        proptest::test_runner::FileFailurePersistence::Direct(path),
    ))
}

/// A seeded xoshiro256++ generator.
pub fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// `n` standard normal draws from `rng`.
pub fn normals(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.sample(StandardNormal)).collect()
}

/// `k` columns of `n` standard normals from one stream seeded with `seed`.
pub fn normal_columns(seed: u64, k: usize, n: usize) -> Vec<Vec<f64>> {
    let mut r = rng(seed);
    (0..k).map(|_| normals(&mut r, n)).collect()
}

/// Sample mean, variance, and the standard errors of both.
pub struct Moments {
    pub mean: f64,
    pub var: f64,
    pub se_mean: f64,
    pub se_var: f64,
}

/// The [`Moments`] of `xs`.
pub fn moments(xs: &[f64]) -> Moments {
    let m = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / m;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1.0);
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / m;
    Moments {
        mean,
        var,
        se_mean: (var / m).sqrt(),
        se_var: ((m4 - var * var * (m - 3.0) / (m - 1.0)) / m).sqrt(),
    }
}

/// Kolmogorov distribution 0.999 quantile: the α = 0.001 critical value of √n·D.
pub const KS_CRIT: f64 = 1.949;

/// The largest `f64` below `x` (for `x` not NaN or −∞).
fn next_down(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        x
    } else if x == 0.0 {
        -f64::from_bits(1)
    } else if x > 0.0 {
        f64::from_bits(x.to_bits() - 1)
    } else {
        f64::from_bits(x.to_bits() + 1)
    }
}

/// One-sample KS statistic D = sup |F_n(x) − F(x)| of `xs` against `cdf`.
///
/// Tie-aware: draws that round to the same `f64` (e.g. beta draws with tiny shapes, where a
/// sizeable share of the mass lies within one ulp of 1) are compared as a group, `F_n` against
/// `F` at the value and just below it (at the previous `f64`).
pub fn ks_one_sample(xs: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    let mut d: f64 = 0.0;
    let mut i = 0;
    while i < xs.len() {
        let x = xs[i];
        let mut j = i;
        while j < xs.len() && xs[j] == x {
            j += 1;
        }
        let at = (j as f64 / n - cdf(x)).abs();
        let below = (i as f64 / n - cdf(next_down(x))).abs();
        d = d.max(at).max(below);
        i = j;
    }
    d
}

/// Two-sample KS statistic, evaluating both ECDFs at every distinct value (handles ties).
pub fn ks_two_sample(a: &mut [f64], b: &mut [f64]) -> f64 {
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    d
}

/// Asserts that `a` and `b` pass the two-sample KS test at α = 0.001.
pub fn assert_same_distribution(mut a: Vec<f64>, mut b: Vec<f64>, what: &str) {
    let (n, m) = (a.len() as f64, b.len() as f64);
    let crit = KS_CRIT * ((n + m) / (n * m)).sqrt();
    let d = ks_two_sample(&mut a, &mut b);
    assert!(d <= crit, "{what}: KS D = {d} > {crit}");
}
