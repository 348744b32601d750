//! The alias table against the exact pmf (deterministic), against the per-container loop (KS,
//! α = 0.001, critical value 1.949·√((n+m)/(n·m))), and its sums' moments against the pmf's
//! (|z| < 4.5 with the Monte Carlo standard errors of `test_stats::moments`).

use super::*;
use crate::dist::Family;
use crate::shipment::load::{sum_loads, sum_loads_with, LoadModel};
use crate::test_stats::{assert_same_distribution, moments, rng};

fn dists() -> Vec<Dist> {
    [
        (Family::To, vec![300.0, 600.0]),
        (Family::Normal, vec![40.0, 8.0]),
        (Family::Uniform, vec![10.2, 30.7]),
        (Family::Pert, vec![100.0, 420.0, 500.0]),
        (Family::Gamma, vec![20.0, 15.0]),
        (Family::LogNormal, vec![1.0, 1.2]),
    ]
    .into_iter()
    .map(|(f, p)| Dist::new(f, &p).unwrap())
    .collect()
}

/// P(round(X) = k), counting at 0 the values in [0, ½] (below 0 is an error).
fn pmf(d: &Dist, k: u64) -> f64 {
    let below = d.cdf(if k == 0 { 0.0 } else { k as f64 - 0.5 });
    d.cdf(k as f64 + 0.5) - below
}

#[test]
fn cells_carry_the_exact_pmf() {
    for d in dists() {
        let t = RoundedTable::new(&d).unwrap();
        let (k_lo, p) = t.cell_probabilities();
        let n = p.len() - 2;
        let mut total = 0.0;
        for (i, &q) in p[..n].iter().enumerate() {
            let want = pmf(&d, k_lo + i as u64);
            assert!(
                (q - want).abs() < 1e-15,
                "{d:?} k={}: {q} vs {want}",
                k_lo + i as u64
            );
            total += q;
        }
        let lower = d.cdf(if k_lo == 0 { 0.0 } else { k_lo as f64 - 0.5 });
        let upper = 1.0 - d.cdf((k_lo + n as u64) as f64 - 0.5);
        assert!((p[n] - lower).abs() < 1e-15 && (p[n + 1] - upper).abs() < 1e-15);
        // Tails beyond the 1e-9 quantiles, or (k_lo = 0) the mass below 0.
        assert!(p[n + 1] <= 2e-9, "{d:?} upper tail {}", p[n + 1]);
        assert!(p[n] <= 2e-9 || k_lo == 0, "{d:?} lower tail {}", p[n]);
        assert!((total + p[n] + p[n + 1] - 1.0).abs() < 1e-12);
    }
}

#[test]
fn single_loads_match_the_loop() {
    const N: usize = 20_000;
    for (i, d) in dists().into_iter().enumerate() {
        let table = LoadModel::table(&d).unwrap();
        let mut r = rng(100 + i as u64);
        let a: Vec<f64> = (0..N)
            .map(|_| sum_loads(&mut r, 1, &table).unwrap() as f64)
            .collect();
        let b: Vec<f64> = (0..N)
            .map(|_| sum_loads_with(&mut r, 1, |r| d.sample(r)).unwrap() as f64)
            .collect();
        assert_same_distribution(a, b, &format!("{d:?}"));
    }
}

#[test]
fn sums_have_the_pmf_moments() {
    const M: usize = 4_000;
    const N: u64 = 500;
    for (i, d) in dists().into_iter().enumerate() {
        let t = RoundedTable::new(&d).unwrap();
        let (k_lo, p) = t.cell_probabilities();
        let n = p.len() - 2;
        let vals = || (0..n).map(|j| ((k_lo + j as u64) as f64, p[j]));
        let mean: f64 = vals().map(|(k, q)| k * q).sum();
        let var: f64 = vals().map(|(k, q)| (k - mean).powi(2) * q).sum();
        let mut r = rng(200 + i as u64);
        let sums: Vec<f64> = (0..M).map(|_| t.sum(&mut r, N).unwrap() as f64).collect();
        let m = moments(&sums);
        let z_mean = (m.mean - N as f64 * mean) / m.se_mean;
        let z_var = (m.var - N as f64 * var) / m.se_var;
        assert!(
            z_mean.abs() < 4.5 && z_var.abs() < 4.5,
            "{d:?}: z {z_mean}, {z_var}"
        );
    }
}

#[test]
fn tails_are_drawn_beyond_the_table() {
    let d = Dist::new(Family::To, &[300.0, 600.0]).unwrap();
    let t = RoundedTable::new(&d).unwrap();
    let mut r = rng(7);
    for _ in 0..200 {
        let hi = t.tail(&mut r, true).unwrap();
        let lo = t.tail(&mut r, false).unwrap();
        assert!(hi >= t.k_lo + t.width && lo < t.k_lo, "{lo} {hi}");
        // Far tails: beyond the 1e-9 quantiles and not absurd.
        assert!(hi < 5_000 && lo > 20, "{lo} {hi}");
    }
}

#[test]
fn too_wide_or_discrete_is_refused() {
    let wide = Dist::new(Family::Normal, &[1e9, 1e8]).unwrap();
    assert!(RoundedTable::new(&wide).is_none());
    let pois = Dist::new(Family::Poisson, &[4.0]).unwrap();
    assert!(RoundedTable::new(&pois).is_none());
}

#[test]
fn same_seed_same_sum() {
    let d = Dist::new(Family::To, &[300.0, 600.0]).unwrap();
    let t = RoundedTable::new(&d).unwrap();
    assert_eq!(t.sum(&mut rng(3), 6_700), t.sum(&mut rng(3), 6_700));
    assert_eq!(t.sum(&mut rng(3), 0), Ok(0));
}

/// A load with mass below 0 stops the sum as the loop does: normal(3, 4) draws below 0 with
/// probability Φ(−0.75) = 0.2266; one container at a time, both fail at that rate (|z| < 4.5
/// with the binomial SE) and report a value below 0.
#[test]
fn negative_loads_are_errors_at_the_loops_rate() {
    const N: usize = 20_000;
    let d = Dist::new(Family::Normal, &[3.0, 4.0]).unwrap();
    let table = LoadModel::table(&d).unwrap();
    let want = d.cdf(0.0);
    let se = (want * (1.0 - want) / N as f64).sqrt();
    let mut r = rng(11);
    let rate = |f: &mut dyn FnMut() -> Result<u64, LoadError>| {
        let mut bad = 0;
        for _ in 0..N {
            match f() {
                Err(LoadError::Negative(x)) => {
                    assert!(x < 0.0 || x == 0.0 && x.is_sign_negative(), "{x}");
                    bad += 1;
                }
                Err(e) => panic!("{e:?}"),
                Ok(_) => {}
            }
        }
        bad as f64 / N as f64
    };
    let by_table = rate(&mut || sum_loads(&mut r, 1, &table));
    let mut r2 = rng(12);
    let by_loop = rate(&mut || sum_loads_with(&mut r2, 1, |r| d.sample(r)));
    for got in [by_table, by_loop] {
        assert!(((got - want) / se).abs() < 4.5, "{got} vs {want}");
    }
}
