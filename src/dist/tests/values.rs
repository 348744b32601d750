//! Values: the `a to b` and percentile mappings, closed-form moments, quantile round trips,
//! `fill` against `sample`, `describe` and mixture weights.

use super::*;

#[test]
fn to_maps_percentiles() {
    for &(a, b) in &[
        (5000.0, 8000.0),
        (0.001, 0.002),
        (1.0, 1e6),
        (3.0, 3.000_001),
    ] {
        let d = Dist::new(Family::To, &[a, b]).expect("valid");
        assert!(close(d.inverse_cdf(0.05), a, 1e-9), "{a} to {b}");
        assert!(close(d.inverse_cdf(0.95), b, 1e-9), "{a} to {b}");
        assert!((d.cdf(a) - 0.05).abs() < 1e-9);
        let mu = (a.ln() + b.ln()) / 2.0;
        let sigma = (b.ln() - a.ln()) / (2.0 * Z95);
        let want = (mu + sigma * sigma / 2.0).exp();
        assert!(close(d.mean(), want, 1e-12));
    }
}

#[test]
fn normal_ci_maps_percentiles() {
    let d = Dist::new(Family::NormalCi, &[-10.0, 30.0]).expect("valid");
    assert!(close(d.mean(), 10.0, 1e-15));
    assert!(close(d.variance(), (20.0 / Z95) * (20.0 / Z95), 1e-14));
    assert!(close(d.inverse_cdf(0.05), -10.0, 1e-12));
    assert!(close(d.inverse_cdf(0.95), 30.0, 1e-12));
}

#[test]
fn beta_ci_reproduces_percentiles_quickly() {
    for &(p5, p95) in &[(0.02, 0.1), (0.4, 0.7), (0.9, 0.99), (0.001, 0.5)] {
        let start = std::time::Instant::now();
        let d = Dist::new(Family::BetaCi, &[p5, p95]).expect("fits");
        let took = start.elapsed();
        assert!(close(d.inverse_cdf(0.05), p5, 1e-6), "{p5}");
        assert!(close(d.inverse_cdf(0.95), p95, 1e-6), "{p95}");
        assert!((d.cdf(p5) - 0.05).abs() < 1e-8);
        assert!((d.cdf(p95) - 0.95).abs() < 1e-8);
        // Generous bound for a loaded test machine; typically well under 1 ms.
        assert!(took.as_millis() < 50, "beta_ci({p5}, {p95}) took {took:?}");
    }
}

#[test]
fn moments_match_closed_forms() {
    use Family as F;
    let cases: &[(F, &[f64], f64, f64)] = &[
        (F::Normal, &[3.0, 2.0], 3.0, 4.0),
        (
            F::LogNormal,
            &[1.0, 0.5],
            (1.125f64).exp(),
            (0.25f64.exp() - 1.0) * (2.25f64).exp(),
        ),
        (F::Uniform, &[2.0, 8.0], 5.0, 3.0),
        (F::Triangular, &[0.0, 3.0, 6.0], 3.0, 1.5),
        (F::Triangular, &[0.0, 0.0, 3.0], 1.0, 0.5),
        // alpha = 2, beta = 4 on [0, 12]: mean 12 * 2/6, var 144 * 8 / (36 * 7).
        (F::Pert, &[0.0, 3.0, 12.0], 4.0, 144.0 * 8.0 / 252.0),
        (F::Beta, &[2.0, 3.0], 0.4, 6.0 / 150.0),
        (F::Gamma, &[3.0, 2.0], 6.0, 12.0),
        (F::Poisson, &[4.5], 4.5, 4.5),
        (F::Binomial, &[20.0, 0.3], 6.0, 4.2),
        (F::NormalCi, &[0.0, 2.0 * Z95], Z95, 1.0),
    ];
    for &(f, p, mean, var) in cases {
        let d = Dist::new(f, p).expect("valid");
        assert!(
            close(d.mean(), mean, 1e-13),
            "{f:?} mean {} vs {mean}",
            d.mean()
        );
        assert!(
            close(d.variance(), var, 1e-13),
            "{f:?} var {} vs {var}",
            d.variance()
        );
    }
}

#[test]
fn inverse_cdf_round_trips() {
    use Family as F;
    let cases: &[(F, &[f64])] = &[
        (F::Normal, &[3.0, 2.0]),
        (F::LogNormal, &[1.0, 0.5]),
        (F::Uniform, &[2.0, 8.0]),
        (F::Triangular, &[0.0, 1.0, 6.0]),
        (F::Pert, &[10.0, 12.0, 30.0]),
        (F::Beta, &[0.3, 5.0]),
        (F::Beta, &[50.0, 20.0]),
        (F::Gamma, &[0.2, 3.0]),
        (F::Gamma, &[400.0, 0.01]),
        (F::To, &[100.0, 1000.0]),
        (F::BetaCi, &[0.1, 0.2]),
        (F::NormalCi, &[1.0, 2.0]),
    ];
    for &(f, p) in cases {
        let d = Dist::new(f, p).expect("valid");
        for &q in &[1e-6, 0.01, 0.05, 0.3, 0.5, 0.77, 0.95, 0.999] {
            let x = d.inverse_cdf(q);
            assert!(
                (d.cdf(x) - q).abs() < 1e-9 * q.max(0.01),
                "{f:?} q = {q}: x = {x}"
            );
        }
    }
    for (f, p) in [
        (F::Poisson, &[3.7][..]),
        (F::Poisson, &[2e4]),
        (F::Binomial, &[50.0, 0.4]),
    ] {
        let d = Dist::new(f, p).expect("valid");
        for &q in &[1e-6, 0.01, 0.05, 0.3, 0.5, 0.77, 0.95, 0.999] {
            let k = d.inverse_cdf(q);
            assert_eq!(k.fract(), 0.0);
            assert!(d.cdf(k) >= q, "{f:?} q = {q}: k = {k}");
            assert!(k == 0.0 || d.cdf(k - 1.0) < q, "{f:?} q = {q}: k = {k}");
        }
    }
}

#[test]
fn fill_matches_repeated_sample() {
    for &f in Family::all() {
        let params: &[f64] = match f.arity() {
            1 => &[3.0],
            2 if f == Family::Binomial => &[12.0, 0.3],
            2 => &[0.2, 0.6],
            _ => &[0.0, 0.4, 1.0],
        };
        let d = Dist::new(f, params).expect("valid");
        let mut r1 = Xoshiro256PlusPlus::seed_from_u64(9);
        let mut r2 = r1.clone();
        let mut out = [0.0; 64];
        d.fill(&mut r1, &mut out);
        for &x in &out {
            assert_eq!(x, d.sample(&mut r2));
        }
        assert_eq!(d.family(), f);
        assert_eq!(d.params(), params);
        assert_eq!(d.is_discrete(), f.is_discrete());
    }
}

#[test]
fn describe_is_canonical() {
    let d = |f, p: &[f64]| Dist::new(f, p).expect("valid").describe();
    assert_eq!(d(Family::Normal, &[3.0, 0.25]), "normal(mean=3, sd=0.25)");
    assert_eq!(
        d(Family::To, &[6000.0, 6700.0]),
        "lognormal(mu=8.75, sigma=0.0335)"
    );
    assert_eq!(
        d(Family::Pert, &[1.0, 2.0, 10.0]),
        "pert(lo=1, mode=2, hi=10)"
    );
    assert_eq!(
        d(Family::Binomial, &[3e6, 0.5]),
        "binomial(n=3000000, p=0.5)"
    );
    assert_eq!(d(Family::Poisson, &[12.5]), "poisson(mean=12.5)");
    assert!(d(Family::BetaCi, &[0.1, 0.3]).starts_with("beta(a="));
    assert_eq!(
        d(Family::NormalCi, &[0.0, 2.0 * Z95]),
        "normal(mean=1.64, sd=1)"
    );
}

#[test]
fn mixture_weights() {
    assert_eq!(check_weights(&[1.0, 3.0]), Ok(vec![0.25, 0.75]));
    assert_eq!(check_weights(&[0.0, 2.0]), Ok(vec![0.0, 1.0]));
    assert_eq!(check_weights(&[]), Err(DistError::NoWeights));
    assert_eq!(
        check_weights(&[1.0, -1.0]),
        Err(DistError::BadWeight {
            index: 1,
            value: -1.0
        })
    );
    assert!(matches!(
        check_weights(&[NAN]),
        Err(DistError::BadWeight { index: 0, .. })
    ));
    assert_eq!(
        check_weights(&[0.0, 0.0]),
        Err(DistError::ZeroWeights { count: 2 })
    );
    let big = check_weights(&[f64::MAX, f64::MAX]).expect("finite weights");
    assert_eq!(big, vec![0.5, 0.5]);
    assert_eq!(
        DistError::BadWeight {
            index: 1,
            value: -1.0
        }
        .to_string(),
        "mixture weights: weight 2 must be a finite number >= 0, got -1"
    );
}
