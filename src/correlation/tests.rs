//! Statistical tests of the Gaussian copula: seeded draws, tolerances derived from standard
//! errors.
//!
//! ```text
//! Spearman ρ_s from n draws:  se ≈ (1 − ρ_s²) √(1.06 / (n − 3))
//!     (Fieller, Hartley & Pearson 1957: var(atanh ρ̂_s) ≈ 1.06/(n − 3), then the delta method)
//! KS at α = 0.001:            D_n < 1.949 / √n
//! ```
//!
//! Every check allows 4 standard errors.

use super::error::CorrelationError;
use super::spec::spearman_to_pearson;
use super::{achieved_spearman, Copula, CorrelationSpec};
use crate::test_stats::{ks_one_sample, normal_columns, KS_CRIT};
use statrs::distribution::{Beta, ContinuousCDF, LogNormal, Normal, Uniform};

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| s.to_string()).collect()
}

fn spearman_se(rho: f64, n: usize) -> f64 {
    (1.0 - rho * rho) * (1.06 / (n as f64 - 3.0)).sqrt()
}

/// Correlated normals through the copula, then each through its own marginal.
fn copula_draws(cop: &Copula, seed: u64, n: usize) -> Vec<Vec<f64>> {
    let mut cols = normal_columns(seed, cop.target_spearman().len(), n);
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

    let crit = KS_CRIT / (n as f64).sqrt();
    for (d, name) in [
        (ks_one_sample(&x0, |x| beta.cdf(x)), "beta"),
        (ks_one_sample(&x1, |x| logn.cdf(x)), "lognormal"),
        (ks_one_sample(&x2, |x| unif.cdf(x)), "uniform"),
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
