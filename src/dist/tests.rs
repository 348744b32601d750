//! Unit tests for `Dist`: parameter checks (exact error variants and messages), arity,
//! the `a to b` and percentile mappings, closed-form moments, quantile round trips,
//! `describe` and mixture weights.

use super::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;
const Z95: f64 = 1.644_853_626_951_472_2;

fn err(family: Family, params: &[f64]) -> DistError {
    match Dist::new(family, params) {
        Ok(d) => panic!("{family:?}{params:?} should fail, got {}", d.describe()),
        Err(e) => e,
    }
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn bad_parameters_map_to_exact_variants() {
    use DistError as E;
    use Family as F;
    let table: Vec<(F, Vec<f64>, E)> = vec![
        (
            F::Normal,
            vec![0.0, 0.0],
            E::NotPositive {
                family: F::Normal,
                param: "sd",
                value: 0.0,
            },
        ),
        (
            F::Normal,
            vec![0.0, -1.0],
            E::NotPositive {
                family: F::Normal,
                param: "sd",
                value: -1.0,
            },
        ),
        (
            F::Normal,
            vec![INF, 1.0],
            E::NonFinite {
                family: F::Normal,
                param: "mean",
                value: INF,
            },
        ),
        (
            F::LogNormal,
            vec![1.0, 0.0],
            E::NotPositive {
                family: F::LogNormal,
                param: "sigma",
                value: 0.0,
            },
        ),
        (
            F::Uniform,
            vec![3.0, 3.0],
            E::NotIncreasing {
                family: F::Uniform,
                lo_name: "lo",
                lo: 3.0,
                hi_name: "hi",
                hi: 3.0,
            },
        ),
        (
            F::Uniform,
            vec![4.0, 3.0],
            E::NotIncreasing {
                family: F::Uniform,
                lo_name: "lo",
                lo: 4.0,
                hi_name: "hi",
                hi: 3.0,
            },
        ),
        (
            F::Uniform,
            vec![-INF, 3.0],
            E::NonFinite {
                family: F::Uniform,
                param: "lo",
                value: -INF,
            },
        ),
        (
            F::Triangular,
            vec![1.0, 0.0, 2.0],
            E::ModeOutside {
                family: F::Triangular,
                lo: 1.0,
                mode: 0.0,
                hi: 2.0,
            },
        ),
        (
            F::Triangular,
            vec![1.0, 3.0, 2.0],
            E::ModeOutside {
                family: F::Triangular,
                lo: 1.0,
                mode: 3.0,
                hi: 2.0,
            },
        ),
        (
            F::Triangular,
            vec![2.0, 2.0, 2.0],
            E::NotIncreasing {
                family: F::Triangular,
                lo_name: "lo",
                lo: 2.0,
                hi_name: "hi",
                hi: 2.0,
            },
        ),
        (
            F::Pert,
            vec![0.0, 5.0, 4.0],
            E::ModeOutside {
                family: F::Pert,
                lo: 0.0,
                mode: 5.0,
                hi: 4.0,
            },
        ),
        (
            F::Pert,
            vec![5.0, 5.0, 4.0],
            E::NotIncreasing {
                family: F::Pert,
                lo_name: "lo",
                lo: 5.0,
                hi_name: "hi",
                hi: 4.0,
            },
        ),
        (
            F::Beta,
            vec![-1.0, 2.0],
            E::NotPositive {
                family: F::Beta,
                param: "a",
                value: -1.0,
            },
        ),
        (
            F::Beta,
            vec![1.0, 0.0],
            E::NotPositive {
                family: F::Beta,
                param: "b",
                value: 0.0,
            },
        ),
        (
            F::Gamma,
            vec![0.0, 1.0],
            E::NotPositive {
                family: F::Gamma,
                param: "shape",
                value: 0.0,
            },
        ),
        (
            F::Gamma,
            vec![1.0, -2.0],
            E::NotPositive {
                family: F::Gamma,
                param: "scale",
                value: -2.0,
            },
        ),
        (
            F::Poisson,
            vec![-0.5],
            E::Negative {
                family: F::Poisson,
                param: "mean",
                value: -0.5,
            },
        ),
        (
            F::Poisson,
            vec![1e15],
            E::TooLarge {
                family: F::Poisson,
                param: "mean",
                value: 1e15,
                max: 1e15,
            },
        ),
        (
            F::Poisson,
            vec![INF],
            E::NonFinite {
                family: F::Poisson,
                param: "mean",
                value: INF,
            },
        ),
        (
            F::Binomial,
            vec![2.5, 0.5],
            E::NotWhole {
                family: F::Binomial,
                param: "n",
                value: 2.5,
            },
        ),
        (
            F::Binomial,
            vec![-1.0, 0.5],
            E::Negative {
                family: F::Binomial,
                param: "n",
                value: -1.0,
            },
        ),
        (
            F::Binomial,
            vec![1e17, 0.5],
            E::TooLarge {
                family: F::Binomial,
                param: "n",
                value: 1e17,
                max: 9_007_199_254_740_992.0,
            },
        ),
        (
            F::Binomial,
            vec![10.0, 1.2],
            E::NotProbability {
                family: F::Binomial,
                param: "p",
                value: 1.2,
            },
        ),
        (
            F::Binomial,
            vec![10.0, -0.1],
            E::NotProbability {
                family: F::Binomial,
                param: "p",
                value: -0.1,
            },
        ),
        (F::To, vec![0.0, 5.0], E::ToNotPositive { a: 0.0, b: 5.0 }),
        (F::To, vec![-3.0, 5.0], E::ToNotPositive { a: -3.0, b: 5.0 }),
        (
            F::To,
            vec![10.0, 5.0],
            E::ToNotIncreasing { a: 10.0, b: 5.0 },
        ),
        (F::To, vec![5.0, 5.0], E::ToNotIncreasing { a: 5.0, b: 5.0 }),
        (
            F::BetaCi,
            vec![0.0, 0.5],
            E::NotInOpenUnit {
                family: F::BetaCi,
                param: "p5",
                value: 0.0,
            },
        ),
        (
            F::BetaCi,
            vec![0.2, 1.0],
            E::NotInOpenUnit {
                family: F::BetaCi,
                param: "p95",
                value: 1.0,
            },
        ),
        (
            F::BetaCi,
            vec![0.5, 0.2],
            E::NotIncreasing {
                family: F::BetaCi,
                lo_name: "p5",
                lo: 0.5,
                hi_name: "p95",
                hi: 0.2,
            },
        ),
        (
            F::NormalCi,
            vec![5.0, 5.0],
            E::NotIncreasing {
                family: F::NormalCi,
                lo_name: "p5",
                lo: 5.0,
                hi_name: "p95",
                hi: 5.0,
            },
        ),
        (
            F::NormalCi,
            vec![1.0, INF],
            E::NonFinite {
                family: F::NormalCi,
                param: "p95",
                value: INF,
            },
        ),
    ];
    for (family, params, expected) in table {
        assert_eq!(err(family, &params), expected, "{family:?}{params:?}");
    }
    // NaN in any position of any family is a NonFinite error naming that parameter.
    for &family in Family::all() {
        let names = family.param_names();
        for i in 0..family.arity() {
            let mut params = vec![0.5; family.arity()];
            if family == Family::Binomial {
                params[0] = 10.0;
            }
            params[i] = NAN;
            match err(family, &params) {
                DistError::NonFinite {
                    family: f,
                    param,
                    value,
                } => {
                    assert_eq!((f, param), (family, names[i]));
                    assert!(value.is_nan());
                }
                e => panic!("{family:?} NaN at {i}: {e:?}"),
            }
        }
    }
}

#[test]
fn arity_errors() {
    for &family in Family::all() {
        let n = family.arity();
        for got in [0, n - 1, n + 1] {
            if got == n {
                continue;
            }
            let params = vec![1.0; got];
            assert_eq!(
                err(family, &params),
                DistError::Arity {
                    family,
                    expected: n,
                    got
                }
            );
        }
    }
    assert_eq!(
        err(Family::Beta, &[1.0, 2.0, 3.0]).to_string(),
        "beta takes 2 arguments (a, b), got 3"
    );
    assert_eq!(
        err(Family::Poisson, &[]).to_string(),
        "poisson takes 1 argument (mean), got 0"
    );
}

#[test]
fn messages_say_what_is_wrong_and_allowed() {
    let msg = |f, p: &[f64]| err(f, p).to_string();
    assert_eq!(
        msg(Family::Beta, &[-1.0, 1.0]),
        "beta(a, b): a must be > 0, got -1"
    );
    assert_eq!(
        msg(Family::Binomial, &[10.0, 1.2]),
        "binomial(n, p): p must be between 0 and 1, got 1.2"
    );
    assert_eq!(
        msg(Family::Uniform, &[3.0, 3.0]),
        "uniform(lo, hi): needs lo < hi, got lo = 3, hi = 3"
    );
    assert_eq!(
        msg(Family::To, &[0.0, 5.0]),
        "`a to b` needs 0 < a < b; got a = 0: for quantities that can be zero or negative \
         use normal_ci(a, b) or uniform(a, b)"
    );
    assert!(msg(Family::To, &[9.0, 5.0]).contains("reversed"));
    assert!(msg(Family::To, &[5.0, 5.0]).contains("equal"));
    assert_eq!(
        msg(Family::Binomial, &[2.5, 0.5]),
        "binomial(n, p): n must be a whole number (a count), got 2.5"
    );
    assert_eq!(
        msg(Family::Gamma, &[NAN, 1.0]),
        "gamma(shape, scale): shape must be a finite number, got NaN"
    );
    assert_eq!(
        msg(Family::Triangular, &[1.0, 5.0, 3.0]),
        "triangular(lo, mode, hi): needs lo <= mode <= hi, got lo = 1, mode = 5, hi = 3"
    );
    assert!(msg(Family::Poisson, &[2e15]).contains("at most 1e15"));
}

#[test]
fn accepts_edge_values() {
    let ok = |f, p: &[f64]| Dist::new(f, p).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let p0 = ok(Family::Poisson, &[0.0]);
    assert_eq!(p0.sample(&mut rng), 0.0);
    assert_eq!(p0.cdf(0.0), 1.0);
    assert_eq!(p0.inverse_cdf(0.5), 0.0);
    let b = ok(Family::Binomial, &[3e6, 0.25]);
    assert!(close(b.mean(), 750_000.0, 1e-15));
    let b0 = ok(Family::Binomial, &[0.0, 0.3]);
    assert_eq!(b0.sample(&mut rng), 0.0);
    let b1 = ok(Family::Binomial, &[7.0, 1.0]);
    assert_eq!(b1.sample(&mut rng), 7.0);
    assert_eq!(b1.inverse_cdf(0.5), 7.0);
    ok(Family::Binomial, &[7.0, 0.0]);
    ok(Family::Triangular, &[0.0, 0.0, 1.0]);
    ok(Family::Triangular, &[0.0, 1.0, 1.0]);
    ok(Family::Pert, &[0.0, 1.0, 1.0]);
    ok(Family::Beta, &[1e-3, 1e-3]);
    // Absurd shapes: the CDF stays a probability (found by the property test).
    let huge = ok(Family::Beta, &[0.739, 2.2e178]);
    for x in [1e-300, 1e-175, 1e-100, 0.5] {
        let f = huge.cdf(x);
        assert!((0.0..=1.0).contains(&f), "cdf({x}) = {f}");
    }
}

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
