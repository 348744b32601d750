//! Arity errors, messages that say what is wrong and what is allowed, and edge values that
//! must be accepted.

use super::*;

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
