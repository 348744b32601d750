//! Tests of sensitivity, sampling, precision, correlation and evidence through the library,
//! as a run uses them. Fixed seeds; tolerances from the estimators' standard errors.

use crate::support::{column, ks_one_sample, run as run_mc, scenario, KS_CRIT};
use shellcount::analysis::{analyse, RunFacts};
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::output::summary::Summary;
use shellcount::scenario::Scenario;

fn run(s: &Scenario, n: usize, seed: u64, sampling: Sampling) -> Summary {
    let d = engine::run_spec(
        &s.program,
        &RunSpec {
            samples: n,
            seed,
            sampling,
            overrides: Default::default(),
            reuse: None,
            resample: None,
        },
        &|_| {},
    )
    .unwrap();
    let facts = RunFacts {
        seed,
        samples: n as u64,
        sampling,
        sensitivity_draws: n,
        saltelli_base: 20_000,
        precision: None,
    };
    Summary::from_result(&analyse(s, &d, &facts).unwrap())
}

const ISHIGAMI: &str = "[inputs]\nx1 = \"uniform(-3.141592653589793, 3.141592653589793)\"\nx2 = \"uniform(-3.141592653589793, 3.141592653589793)\"\nx3 = \"uniform(-3.141592653589793, 3.141592653589793)\"\n[model]\ny = \"sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)\"\n";

#[test]
fn ishigami_indices_match_analytic_values() {
    // No `sin` in the language? Then this scenario fails to load; it must load.
    let s = scenario(ISHIGAMI);
    let sum = run(&s, 200_000, 5, Sampling::Mc);
    let y = &sum.sensitivity.as_ref().unwrap().quantities["y"].inputs;
    // Analytic (a = 7, b = 0.1): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
    for (x, s1, st) in [
        ("x1", 0.3139, 0.5576),
        ("x2", 0.4424, 0.4424),
        ("x3", 0.0, 0.2437),
    ] {
        let e = &y[x];
        // 4 standard errors, plus 0.01 for the binned estimator's averaging bias at 50 bins.
        assert!(
            (e.sobol_first.value - s1).abs() < 4.0 * e.sobol_first.se + 0.01,
            "{x}: S1 {:?}",
            e.sobol_first
        );
        let t = e.total_order().unwrap();
        assert!(
            (t.value - st).abs() < 4.0 * t.se,
            "{x}: ST {} ± {}",
            t.value,
            t.se
        );
    }
    // y is even in x2 (through sin²) and in x3 (through x3⁴), so their rank correlations with y
    // are 0 up to sampling noise (sd about 1/√n); y rises with x1 on average.
    let noise = 5.0 / (200_000f64).sqrt();
    assert!(y["x2"].spearman.abs() < noise, "{}", y["x2"].spearman);
    assert!(y["x3"].spearman.abs() < noise, "{}", y["x3"].spearman);
    assert!(y["x1"].spearman > 10.0 * noise, "{}", y["x1"].spearman);
}

#[test]
fn linear_model_indices_are_variance_shares() {
    let s = scenario("[inputs]\na = \"normal(0, 1)\"\nb = \"normal(0, 1)\"\nc = \"normal(0, 1)\"\nunused = \"normal(0, 1)\"\n[model]\ny = \"a + 2 * b + 3 * c\"\n");
    let sum = run(&s, 200_000, 6, Sampling::Mc);
    let y = &sum.sensitivity.as_ref().unwrap().quantities["y"].inputs;
    for (x, share) in [
        ("a", 1.0 / 14.0),
        ("b", 4.0 / 14.0),
        ("c", 9.0 / 14.0),
        ("unused", 0.0),
    ] {
        let e = &y[x];
        assert!(
            (e.sobol_first.value - share).abs() < 4.0 * e.sobol_first.se + 0.005,
            "{x}: S1 {:?}",
            e.sobol_first
        );
        let t = e.total_order().unwrap();
        assert!(
            (t.value - share).abs() < 4.0 * t.se + 1e-9,
            "{x}: ST {}",
            t.value
        );
    }
    assert!(y["unused"].spearman.abs() < 4.0 / (200_000f64).sqrt());
    assert!(y["c"].swing.value > y["b"].swing.value && y["b"].swing.value > y["a"].swing.value);
    assert!(y["a"].swing.status.is_resolved() && !y["unused"].swing.status.is_resolved());
}

#[test]
fn value_of_information_points_at_the_deciding_input() {
    let s = scenario("[inputs]\nx = \"normal(0, 1)\"\nnoise = \"normal(0, 1)\"\n[[claim]]\nid = \"pos\"\ntext = \"x is positive\"\nholds_if = \"x > 0\"\n");
    let sum = run(&s, 100_000, 7, Sampling::Mc);
    let v = &sum.value_of_information.as_ref().unwrap().claims["pos"];
    let x = v["x"].expected_abs_change;
    assert!((x - 0.5).abs() < 0.02, "knowing x settles the claim: {x}");
    let d = &v["noise"];
    assert!(
        !d.detected && d.expected_abs_change == 0.0 && d.flip_probability == 0.0,
        "irrelevant input: {d:?}"
    );
}

#[test]
fn lhs_is_stratified() {
    let s =
        scenario("[inputs]\nc = \"6000 to 7400\"\nd = \"beta(2, 5)\"\n[model]\ny = \"c * d\"\n");
    let n = 10_000;
    let d = engine::run_spec(
        &s.program,
        &RunSpec {
            samples: n,
            seed: 3,
            sampling: Sampling::Lhs,
            overrides: Default::default(),
            reuse: None,
            resample: None,
        },
        &|_| {},
    )
    .unwrap();
    let fixed = s.program.fixed_inputs();
    for q in ["c", "d"].map(|name| s.program.quantity(name).unwrap()) {
        let dist = fixed[q].as_ref().unwrap();
        let mut seen = vec![false; n];
        for &x in &d.columns[q] {
            let k = ((dist.cdf(x) * n as f64) as usize).min(n - 1);
            assert!(!seen[k], "stratum {k} holds two draws");
            seen[k] = true;
        }
        assert!(seen.iter().all(|&b| b), "every stratum holds one draw");
    }
}

#[test]
fn lhs_reduces_the_error_of_the_mean() {
    // Smooth model: the spread of the mean over 40 seeds must be much smaller under LHS. For an
    // additive-dominated model LHS removes most of the variance; we require at most half.
    let s =
        scenario("[inputs]\nc = \"6000 to 7400\"\nr = \"400 to 500\"\n[model]\ny = \"c * r\"\n");
    let spread = |sampling| {
        let means: Vec<f64> = (0..40)
            .map(|seed| {
                let d = engine::run_spec(
                    &s.program,
                    &RunSpec {
                        samples: 2_000,
                        seed,
                        sampling,
                        overrides: Default::default(),
                        reuse: None,
                        resample: None,
                    },
                    &|_| {},
                )
                .unwrap();
                column(&s, &d, "y").iter().sum::<f64>() / 2_000.0
            })
            .collect();
        let m = means.iter().sum::<f64>() / 40.0;
        means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 39.0
    };
    let (mc, lhs) = (spread(Sampling::Mc), spread(Sampling::Lhs));
    assert!(lhs < 0.5 * mc, "variance of the mean: LHS {lhs} vs MC {mc}");
}

#[test]
fn correlated_inputs_keep_marginals_and_reach_the_rank_correlation() {
    let s = scenario("[inputs]\na = \"6000 to 7400\"\nb = \"beta(2, 5)\"\nc = \"uniform(0, 10)\"\n[correlation]\npairs = [[\"a\", \"b\", 0.6], [\"a\", \"c\", -0.3]]\n");
    let n = 100_000;
    let d = run_mc(&s, n, 9);
    let facts = RunFacts {
        seed: 9,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: 0,
        saltelli_base: 0,
        precision: None,
    };
    let sum = Summary::from_result(&analyse(&s, &d, &facts).unwrap());
    let c = sum.correlation.unwrap();
    // SE of Spearman ≈ (1 − ρ²)·sqrt(1.06/(n − 3)) (Fieller, Hartley & Pearson 1957).
    for (i, j, rho) in [(0, 1, 0.6), (0, 2, -0.3), (1, 2, 0.0)] {
        let se = (1.0 - rho * rho) * (1.06 / (n as f64 - 3.0)).sqrt();
        let got = c.achieved[i][j];
        assert!(
            (got - c.requested[i][j]).abs() < 4.0 * se + 0.01,
            "({i},{j}): {got} vs {}",
            c.requested[i][j]
        );
    }
    // Marginals unchanged: KS at alpha 0.001, critical value 1.949/sqrt(n).
    let fixed = s.program.fixed_inputs();
    for q in ["a", "b", "c"].map(|name| s.program.quantity(name).unwrap()) {
        let dist = fixed[q].as_ref().unwrap();
        let dmax = ks_one_sample(&d.columns[q], |x| dist.cdf(x));
        assert!(
            dmax < KS_CRIT / (n as f64).sqrt(),
            "quantity {q:?}: KS D = {dmax}"
        );
    }
}

fn posterior(body: &str, n: usize) -> Summary {
    let s = scenario(body);
    let d = run_mc(&s, n, 11);
    let facts = RunFacts {
        seed: 11,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: 0,
        saltelli_base: 0,
        precision: None,
    };
    Summary::from_result(&analyse(&s, &d, &facts).unwrap())
}

#[test]
fn beta_binomial_conjugate_posterior() {
    // beta(2, 2) prior, 48 failures in 100 → beta(50, 54): mean 50/104, sd sqrt(50·54/(104²·105)).
    let sum = posterior("[inputs]\ndud_rate = \"beta(2, 2)\"\n[[evidence]]\nid = \"test\"\nlikelihood = \"binomial(100, dud_rate)\"\nobserved = 48\n", 400_000);
    let q = &sum.quantities["dud_rate"];
    let (mean, sd) = (
        50.0 / 104.0,
        (50.0f64 * 54.0 / (104.0 * 104.0 * 105.0)).sqrt(),
    );
    let ess = sum.ess.unwrap();
    assert!(
        (q.stats.unwrap().mean - mean).abs() < 4.0 * sd / ess.sqrt(),
        "mean {} vs {mean} (ess {ess})",
        q.stats.unwrap().mean
    );
    assert!(
        (q.stats.unwrap().sd - sd).abs() < 0.05 * sd,
        "sd {} vs {sd}",
        q.stats.unwrap().sd
    );
    let prior = &sum.prior_quantities.as_ref().unwrap()["dud_rate"];
    assert!((prior.stats.unwrap().mean - 0.5).abs() < 0.01);
}

#[test]
fn normal_measurement_posterior() {
    // N(0, 1) prior, y = 1.2 measured with sd 0.5 → N(0.96, 0.2).
    let sum = posterior("[inputs]\ntheta = \"normal(0, 1)\"\n[[evidence]]\nid = \"m\"\nlikelihood = \"normal(theta, 0.5)\"\nobserved = 1.2\n", 400_000);
    let q = &sum.quantities["theta"];
    let ess = sum.ess.unwrap();
    assert!(
        (q.stats.unwrap().mean - 0.96).abs() < 4.0 * 0.2f64.sqrt() / ess.sqrt(),
        "mean {}",
        q.stats.unwrap().mean
    );
    assert!(
        (q.stats.unwrap().sd - 0.2f64.sqrt()).abs() < 0.02,
        "sd {}",
        q.stats.unwrap().sd
    );
}

#[test]
fn zero_trust_changes_nothing() {
    let body = "[inputs]\ntheta = \"normal(0, 1)\"\n[[claim]]\nid = \"pos\"\ntext = \"t\"\nholds_if = \"theta > 0.5\"\n[[evidence]]\nid = \"m\"\nlikelihood = \"normal(theta, 0.5)\"\nobserved = 1.2\ntrust = 0\n";
    let sum = posterior(body, 50_000);
    let (q, prior) = (
        &sum.quantities["theta"],
        &sum.prior_quantities.as_ref().unwrap()["theta"],
    );
    assert_eq!(
        q.stats.unwrap().percentiles.p50,
        prior.stats.unwrap().percentiles.p50
    );
    assert_eq!(
        q.stats.unwrap().percentiles.p5,
        prior.stats.unwrap().percentiles.p5
    );
    assert!((q.stats.unwrap().mean - prior.stats.unwrap().mean).abs() < 1e-12);
    let c = &sum.claims[0];
    assert!((c.probability - c.prior_probability.unwrap()).abs() < 1e-12);
    assert!((sum.ess.unwrap() - 50_000.0).abs() < 1e-6);
}

#[test]
fn bound_evidence_truncates_and_reports_effects() {
    let body = "[inputs]\ncontainers = \"5000 to 12000\"\n[[claim]]\nid = \"big\"\ntext = \"t\"\nholds_if = \"containers >= 9000\"\n[[evidence]]\nid = \"state\"\nholds_if = \"containers >= 10000\"\n";
    let sum = posterior(body, 100_000);
    assert_eq!(sum.claims[0].probability, 1.0);
    assert!(sum.quantities["containers"].stats.unwrap().min >= 10_000.0);
    let e = &sum.evidence.as_ref().unwrap()["state"];
    assert!((e.effect["big"] - (1.0 - sum.claims[0].prior_probability.unwrap())).abs() < 1e-12);
}

#[test]
fn impossible_observation_is_an_error() {
    let s = scenario("[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"x\"\nlikelihood = \"binomial(100, p)\"\nobserved = 140\n");
    let d = run_mc(&s, 10_000, 1);
    let facts = RunFacts {
        seed: 1,
        samples: 10_000,
        sampling: Sampling::Mc,
        sensitivity_draws: 0,
        saltelli_base: 0,
        precision: None,
    };
    let err = analyse(&s, &d, &facts).unwrap_err().to_string();
    assert!(err.contains("impossible on every draw"), "{err}");
}

/// Issue 10 item 6: with `allow_adjust = true`, the report shows the correlations as written,
/// as adjusted and as achieved side by side (never the adjusted ones as "requested"), and the
/// achieved ones sit near the adjusted ones.
#[test]
fn adjusted_correlations_are_shown_beside_the_requested_ones() {
    let s = scenario("[inputs]\na = \"1 to 2\"\nb = \"1 to 2\"\nc = \"1 to 2\"\n[correlation]\nallow_adjust = true\npairs = [[\"a\", \"b\", 0.9], [\"b\", \"c\", 0.9], [\"a\", \"c\", -0.9]]\n");
    let n = 20_000;
    let d = run_mc(&s, n, 4);
    let facts = RunFacts {
        seed: 4,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: 0,
        saltelli_base: 0,
        precision: None,
    };
    let r = analyse(&s, &d, &facts).unwrap();
    let c = r.correlation.as_ref().unwrap();
    assert_eq!(c.requested[0][1], 0.9, "as written");
    assert_eq!(c.requested[0][2], -0.9, "as written");
    let adjusted = c.adjusted.as_ref().expect("adjusted");
    assert!(adjusted[0][2] > -0.9 + 0.05, "changed: {}", adjusted[0][2]);
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let rho: f64 = adjusted[i][j];
        let se = (1.0 - rho * rho) * (1.06 / (n as f64 - 3.0)).sqrt();
        assert!(
            (c.achieved[i][j] - rho).abs() < 4.0 * se + 0.01,
            "({i},{j})"
        );
    }
    let md = shellcount::output::report::report_markdown(&r, &[]);
    let head = "| inputs | requested (as written) | adjusted (used) | achieved |";
    let at = md.find(head).expect("three columns side by side");
    let row = md[at..].lines().nth(2).unwrap();
    assert!(row.starts_with("| a – b | 0.90 |"), "{row}");
    let row = md[at..].lines().nth(3).unwrap();
    assert!(row.starts_with("| a – c | -0.90 |"), "{row}");
}
