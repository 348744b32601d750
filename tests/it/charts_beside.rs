//! The charts a run draws while its sensitivity analysis runs (`analysis::analyse_beside`, from
//! the result before that analysis) are the charts it would draw from the finished result, and
//! the finished result is the one `analyse` gives: on a shipment run with lots and claims, and
//! on a bundled scenario with evidence (posterior and evidence-effect charts).

use std::path::Path;

use shellcount::analysis::{analyse, analyse_beside, Curves, RunFacts};
use shellcount::output::charts::{render_all_with, render_rest, ChartKind, Twins};
use shellcount::output::summary::Summary;
use shellcount::results::Sampling;
use shellcount::scenario::{load, Scenario};

use crate::support::{run, scenario};

const SHIPMENT: &str = "[inputs]\nshare_l1 = \"uniform(0.2, 0.4)\"\ndud_l1 = \"beta(10, 10)\"\ndud_l2 = \"beta(3, 12)\"\n[shipment]\ncontainers = 300\nassign = \"container\"\n[[shipment.cargo]]\nid = \"shells\"\nshare = 1\nload = \"300 to 600\"\n[[shipment.lot]]\nid = \"l1\"\nshare = \"share_l1\"\ndud_rate = \"dud_l1\"\n[[shipment.lot]]\nid = \"l2\"\nshare = \"1 - share_l1\"\ndud_rate = \"dud_l2\"\n[model]\nbroken = { expr = \"1 - working_total / delivered_total\", unit = \"share\" }\n[[claim]]\nid = \"many\"\ntext = \"t\"\nholds_if = \"working_total >= 90000\"\n";

fn check(s: &Scenario, n: usize) {
    let draws = run(s, n, 5);
    let facts = RunFacts {
        seed: 5,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: n,
        saltelli_base: 256,
        precision: None,
    };
    let twins = Twins::of(&draws.columns);
    let (full, early) = analyse_beside(s, &draws, &facts, Curves::Charted, |partial| {
        assert!(partial.sensitivity.is_none());
        render_all_with(partial, &twins).unwrap()
    })
    .unwrap();
    let alone = analyse(s, &draws, &facts).unwrap();
    assert_eq!(
        Summary::from_result(&full).to_json(),
        Summary::from_result(&alone).to_json()
    );
    assert_eq!(full.warnings, alone.warnings);
    let shows_sensitivity =
        |k: ChartKind| matches!(k, ChartKind::Tornado(_) | ChartKind::ValueOfInformation(_));
    assert!(!early.is_empty() && early.iter().all(|d| !shows_sensitivity(d.0.kind)));
    let rest = render_rest(&full, &twins, early).unwrap();
    let all = render_all_with(&full, &twins).unwrap();
    assert!(all.iter().any(|d| shows_sensitivity(d.0.kind)));
    assert_eq!(rest.len(), all.len());
    for (a, b) in rest.iter().zip(&all) {
        assert_eq!(a.0.stem, b.0.stem);
        assert!(
            a.1 == b.1 && a.2 == b.2,
            "{}: drawn early, it differs",
            a.0.stem
        );
    }
}

#[test]
fn charts_drawn_beside_the_sensitivity_analysis_are_the_same() {
    check(
        &scenario(&format!("samples = 1500\nseed = 5\n{SHIPMENT}")),
        1500,
    );
}

#[test]
fn with_evidence_too() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = load(&root.join("scenarios/early-2024-combined.toml")).unwrap();
    assert!(!s.evidence.is_empty());
    check(&s, 2000);
}
