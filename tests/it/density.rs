//! `Dist::ln_pdf` against the CDF: central differences for continuous families (relative
//! tolerance 1e-5, step 1e-5 × scale) and CDF differences for discrete ones (1e-9).

use shellcount::dist::{Dist, Family};

#[test]
fn density_matches_cdf() {
    let cases: &[(Family, &[f64], &[f64])] = &[
        (Family::Normal, &[10.0, 2.0], &[6.0, 10.0, 13.5]),
        (Family::NormalCi, &[1.0, 3.0], &[0.5, 2.0, 3.2]),
        (Family::LogNormal, &[1.0, 0.5], &[0.8, 2.7, 6.0]),
        (Family::To, &[6000.0, 7400.0], &[6100.0, 6700.0, 7300.0]),
        (Family::Uniform, &[2.0, 5.0], &[2.5, 4.9]),
        (Family::Triangular, &[0.0, 1.0, 4.0], &[0.5, 2.0, 3.5]),
        (Family::Pert, &[0.0, 1.0, 4.0], &[0.5, 2.0, 3.5]),
        (Family::Beta, &[2.0, 5.0], &[0.1, 0.3, 0.8]),
        (Family::BetaCi, &[0.3, 0.6], &[0.35, 0.45, 0.55]),
        (Family::Gamma, &[3.0, 2.0], &[1.0, 6.0, 15.0]),
    ];
    for (family, params, xs) in cases {
        let d = Dist::new(*family, params).unwrap();
        for &x in *xs {
            let h = 1e-5 * (1.0 + x.abs());
            let numeric = (d.cdf(x + h) - d.cdf(x - h)) / (2.0 * h);
            let exact = d.ln_pdf(x).exp();
            assert!(
                ((exact - numeric) / exact).abs() < 1e-5,
                "{family:?} {params:?} at {x}: {exact} vs {numeric}"
            );
        }
    }
}

#[test]
fn probability_matches_cdf_differences() {
    let cases: &[(Family, &[f64], &[f64])] = &[
        (Family::Poisson, &[7.5], &[0.0, 3.0, 7.0, 20.0]),
        (Family::Binomial, &[100.0, 0.48], &[0.0, 48.0, 60.0, 100.0]),
    ];
    for (family, params, ks) in cases {
        let d = Dist::new(*family, params).unwrap();
        for &k in *ks {
            let want = d.cdf(k) - if k > 0.0 { d.cdf(k - 1.0) } else { 0.0 };
            let got = d.ln_pdf(k).exp();
            assert!(
                (got - want).abs() < 1e-9 * want.max(1e-300) + 1e-15,
                "{family:?} at {k}: {got} vs {want}"
            );
        }
        assert_eq!(d.ln_pdf(2.5), f64::NEG_INFINITY);
        assert_eq!(d.ln_pdf(-1.0), f64::NEG_INFINITY);
    }
}

#[test]
fn outside_support_is_impossible() {
    assert_eq!(
        Dist::new(Family::Beta, &[2.0, 2.0]).unwrap().ln_pdf(1.5),
        f64::NEG_INFINITY
    );
    assert_eq!(
        Dist::new(Family::LogNormal, &[0.0, 1.0])
            .unwrap()
            .ln_pdf(-1.0),
        f64::NEG_INFINITY
    );
    assert_eq!(
        Dist::new(Family::Uniform, &[0.0, 1.0]).unwrap().ln_pdf(2.0),
        f64::NEG_INFINITY
    );
}
