//! Nothing a user types should crash the program: arbitrary expression text and arbitrary
//! scenario text give errors, never panics.

use proptest::prelude::*;
use shellcount::scenario::from_text;
use std::path::Path;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn any_expression_text_is_handled(expr in "[a-z0-9_ .,()\\[\\]+*/^<>=!%kMB-]{0,40}") {
        let text = format!("[scenario]\ntitle = \"t\"\n[inputs]\nx = \"1 to 2\"\n[model]\ny = \"{expr}\"\n");
        let _ = from_text(Path::new("p.toml"), &text);
    }

    #[test]
    fn any_claim_text_is_handled(expr in "[a-z0-9_ .,()+*/<>=!-]{0,30}(and|or|not|to)?[a-z0-9_ .,()+*/<>=!-]{0,10}") {
        let text = format!("[scenario]\ntitle = \"t\"\n[inputs]\nx = \"1 to 2\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"{expr}\"\n");
        let _ = from_text(Path::new("p.toml"), &text);
    }

    #[test]
    fn any_scenario_text_is_handled(text in "(\\[scenario\\]|\\[inputs\\]|\\[model\\]|\\[\\[claim\\]\\]|\\[\\[evidence\\]\\]|\\[correlation\\]|title|samples|x|y|=|\"|1 to 2|beta\\(1, 2\\)|\n| |0|-1|\\[|\\]|,){0,40}") {
        let _ = from_text(Path::new("p.toml"), &text);
    }

    #[test]
    fn any_distribution_parameters_are_handled(a in prop::num::f64::ANY, b in prop::num::f64::ANY, c in prop::num::f64::ANY) {
        for family in shellcount::dist::Family::all() {
            let params = [a, b, c];
            let _ = shellcount::dist::Dist::new(*family, &params[..family.param_names().len()]);
        }
    }
}

/// These once took unbounded time in the beta quantile function (found by the property test).
#[test]
fn beta_fits_and_quantiles_near_the_edges_finish() {
    use shellcount::dist::{Dist, Family};
    for (p5, p95) in [
        (1e-6, 2e-6),
        (0.999998, 0.999999),
        (1e-6, 1.1e-6),
        (1.2e-197, 3.3e-11),
        (0.3, 0.3000001),
    ] {
        let _ = Dist::new(Family::BetaCi, &[p5, p95]);
    }
    let d = Dist::new(Family::Beta, &[2.0, 1e7]).unwrap();
    for k in 1..100 {
        let x = d.inverse_cdf(k as f64 / 100.0);
        assert!((0.0..=1.0).contains(&x));
    }
}
