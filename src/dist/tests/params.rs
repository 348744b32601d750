//! Every bad parameter of every family maps to its exact [`DistError`] variant.

use super::*;

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
