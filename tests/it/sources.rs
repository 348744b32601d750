//! Issue 10 item 1: every random source written in `[model]` is a driver of the sensitivity
//! analysis, named after its quantity, with indices in summary.json, terminal, report and
//! tornado. Fixed seeds; tolerances from the estimators' standard errors (4 se) plus the binned
//! first-order estimator's averaging bias where it applies.

use std::path::Path;

use crate::support::scenario;
use shellcount::analysis::{analyse, RunFacts};
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::output::charts::{render_svgs, ChartKind};
use shellcount::output::report::report_markdown;
use shellcount::output::summary::{DriverKind, OutputSensitivitySummary, Summary};
use shellcount::output::terminal::summary_table;
use shellcount::results::{Output, RunResult};
use shellcount::scenario::Scenario;

/// `n` draws of `s` with `seed`, analysed with a Saltelli base of 20,000 (capped by the run).
fn result(s: &Scenario, n: usize, seed: u64) -> RunResult {
    let spec = RunSpec {
        samples: n,
        seed,
        ..Default::default()
    };
    let d = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    let facts = RunFacts {
        seed,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: n,
        saltelli_base: 20_000,
        precision: None,
    };
    analyse(s, &d, &facts).unwrap()
}

fn summary(s: &Scenario, n: usize, seed: u64) -> Summary {
    Summary::from_result(&result(s, n, seed))
}

fn claim<'a>(s: &'a Summary, id: &str) -> &'a OutputSensitivitySummary {
    &s.sensitivity.as_ref().unwrap().claims[id]
}

fn quantity<'a>(s: &'a Summary, name: &str) -> &'a OutputSensitivitySummary {
    &s.sensitivity.as_ref().unwrap().quantities[name]
}

#[test]
fn a_source_that_is_the_whole_claim_has_total_index_one() {
    let s = scenario(
        "[model]\nx = \"normal(0, 1)\"\n[[claim]]\nid = \"pos\"\ntext = \"t\"\nholds_if = \"x > 0\"\n",
    );
    let sum = summary(&s, 50_000, 11);
    let row = claim(&sum, "pos");
    let x = &row.inputs["x"];
    assert_eq!(x.kind, DriverKind::Source);
    let t = x.total_order().unwrap();
    assert!((t.value - 1.0).abs() < 4.0 * t.se, "ST {t:?}");
    let s1 = x.first_order();
    assert!((s1.value - 1.0).abs() < 4.0 * s1.se + 0.02, "S1 {s1:?}");
    // Nothing is left unexplained: x alone decides the claim.
    assert!(row.unexplained.value.abs() < 4.0 * row.unexplained.se + 0.02);
}

#[test]
fn two_independent_sources_split_the_variance_and_an_unused_one_gets_zero() {
    let s = scenario("[model]\ny = \"normal(0, 1) + normal(0, 1)\"\nu = \"uniform(0, 1)\"\n");
    let sum = summary(&s, 50_000, 12);
    let y = quantity(&sum, "y");
    for name in ["y.1", "y.2"] {
        let e = &y.inputs[name];
        assert_eq!(e.kind, DriverKind::Source);
        let (s1, t) = (e.first_order(), e.total_order().unwrap());
        assert!(
            (s1.value - 0.5).abs() < 4.0 * s1.se + 0.01,
            "{name}: S1 {s1:?}"
        );
        assert!((t.value - 0.5).abs() < 4.0 * t.se, "{name}: ST {t:?}");
    }
    assert!(y.unexplained.value.abs() < 4.0 * y.unexplained.se + 0.02);
    // `u` is drawn but y never reads it: its total index is exactly 0 (the AB run repeats A).
    let u = &y.inputs["u"];
    let t = u.total_order().unwrap();
    assert_eq!((t.value, t.se), (0.0, 0.0));
    assert!(u.first_order().value.abs() < 4.0 * u.first_order().se + 0.01);
}

#[test]
fn a_mixture_is_one_source_that_picks_its_component() {
    // y is one of two constants: the choice of component is all of its variance.
    let s = scenario("[model]\ny = \"mixture(0, 10, [0.3, 0.7])\"\nz = \"y * normal(1, 0.01)\"\n");
    let sum = summary(&s, 50_000, 13);
    let z = quantity(&sum, "z");
    let keys: Vec<&str> = z.inputs.keys().map(String::as_str).collect();
    assert_eq!(keys[0], "y", "{keys:?}");
    assert!(keys.contains(&"z.1"), "{keys:?}");
    let t = z.inputs["y"].total_order().unwrap();
    assert!(
        t.value > 0.99 && (t.value - 1.0).abs() < 4.0 * t.se + 0.001,
        "{t:?}"
    );
    let ys = z.inputs["y"].first_order();
    assert!((ys.value - 1.0).abs() < 4.0 * ys.se + 0.02, "{ys:?}");
}

#[test]
fn sources_are_the_same_on_one_and_two_threads() {
    let s = scenario(
        "[inputs]\na = \"normal(0, 1)\"\n[model]\ny = \"if(a > 0, poisson(3), a + normal(0, 1))\"\nw = \"binomial(100, 0.3)\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"y + w > 30\"\n",
    );
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                String::from_utf8(Summary::from_result(&result(&s, 40_000, 14)).to_json()).unwrap()
            })
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert!(one.contains("\"y.1\"") && one.contains("\"y.2\"") && one.contains("\"w\""));
}

#[test]
fn a_run_draws_the_same_values_with_and_without_the_analysis() {
    // The sources' draws are keyed by (seed, source, draw): the first rows of a longer run are
    // the draws of a shorter one, as a Saltelli design's runs need.
    let s = scenario(
        "[inputs]\na = \"normal(0, 1)\"\n[model]\ny = \"if(a > 0, gamma(2, 1), normal(0, 1))\"\n",
    );
    let q = s.program.quantity("y").unwrap();
    let short = engine::run(&s.program, 10_000, 5, &|_| {}).unwrap();
    let long = engine::run(&s.program, 30_000, 5, &|_| {}).unwrap();
    assert_eq!(short.columns[q][..], long.columns[q][..10_000]);
}

fn bundled(name: &str, n: usize) -> (RunResult, Summary) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    let s = shellcount::scenario::load(&path).unwrap();
    let r = result(&s, n, s.seed.unwrap());
    let sum = Summary::from_result(&r);
    (r, sum)
}

#[test]
fn days_of_fire_names_the_fire_rate_as_driver_of_its_fire_rate_claims() {
    let (r, sum) = bundled("days-of-fire.toml", 20_000);
    let md = report_markdown(&r, &shellcount::output::charts::plan(&r));
    let terminal = summary_table(&r);
    for (id, source) in [
        ("nis-two-months-western", "fire_western"),
        ("capacity-100-days-ukrainian", "fire_ukrainian"),
    ] {
        let row = claim(&sum, id);
        let (top, e) = row.inputs.first().unwrap();
        assert_eq!((top.as_str(), e.kind), (source, DriverKind::Source), "{id}");
        assert!(e.total_order().unwrap().value > 0.5, "{id}: {e:?}");
        let label = format!("{source} (random in model)");
        let line = terminal
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{id}:")))
            .unwrap_or_else(|| panic!("{terminal}"));
        assert!(line.contains(&label), "{line}");
        // Markdown escapes the underscores of names.
        let strong = format!("**{}** matters most", label.replace('_', "\\_"));
        assert!(
            md.lines()
                .any(|l| l.starts_with(&strong) && l.contains(&format!("variance of {id}"))),
            "{md}"
        );
    }
}

#[test]
fn hur_tornado_shows_the_failure_reading_mixture() {
    let (r, sum) = bundled("hur-2024-02.toml", 20_000);
    let row = claim(&sum, "working-1m");
    let (top, e) = row.inputs.first().unwrap();
    assert_eq!((top.as_str(), e.kind), ("non_function", DriverKind::Source));
    let c = r.claims.position(|c| c.id == "working-1m").unwrap();
    let svgs = render_svgs(&r).unwrap();
    let (_, svg) = svgs
        .iter()
        .find(|(f, _)| f.kind == ChartKind::Tornado(Output::Claim(c)))
        .expect("a tornado of working-1m");
    assert!(svg.contains("non_function (random in model)"), "{svg}");
}
