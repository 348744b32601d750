//! Charts of sensitivity, value of information, evidence and convergence, rendered from the
//! main chart fixture with those parts filled in (checks as in [`crate::charts`]).

use indexmap::IndexMap;
use shellcount::output::charts::{render_all, ChartFileKind};
use shellcount::results::{
    ChartData, ConvergenceSeries, EvidenceSummary, QuantityCurves, SensitivityEntry, Summary,
    VoiEntry,
};

use crate::charts::{check_files, curves_of, fixture, keep, lognormal};

fn sens(spearman: f64, s1: f64, st: f64, swing: f64) -> SensitivityEntry {
    SensitivityEntry {
        spearman,
        sobol_first: s1,
        sobol_first_se: 0.02,
        sobol_total: st,
        sobol_total_se: 0.03,
        swing,
    }
}

fn voi(change: f64, flip: f64, floor: f64) -> VoiEntry {
    VoiEntry {
        expected_abs_change: change,
        flip_probability: flip,
        noise_floor: floor,
    }
}

fn evidence(after: &[(&str, f64)], ess: f64) -> EvidenceSummary {
    EvidenceSummary {
        source: Some("eu-2024".to_string()),
        kind: "likelihood".to_string(),
        expr: "normal(shipped, 200_000)".to_string(),
        observed: Some(2.6e6),
        trust: 0.9,
        ess,
        ess_cumulative: ess,
        effect: IndexMap::new(),
        probability_after: after.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    }
}

/// The main fixture with sensitivity, value of information, convergence and evidence filled in.
fn full_fixture(n: usize) -> (Summary, ChartData) {
    let (mut summary, mut data) = fixture(n);
    let inputs = [
        ("share_152", sens(0.85, 0.62, 0.70, 0.9e6)),
        ("containers", sens(-0.30, 0.09, 0.12, -2.6e5)),
        ("shells_per_container", sens(0.20, 0.05, 0.06, 1.2e5)),
        ("loss_rate", sens(-0.05, 0.001, 0.004, -1.5e4)),
    ];
    let mut shipped = IndexMap::new();
    for (name, e) in inputs {
        shipped.insert(name.to_string(), e);
    }
    summary.sensitivity.insert("shipped".to_string(), shipped);
    let mut rok = IndexMap::new();
    rok.insert("share_152".to_string(), sens(0.7, 0.55, 0.81, 0.38));
    rok.insert("containers".to_string(), sens(-0.2, 0.04, 0.09, -0.12));
    rok.insert("loss_rate".to_string(), sens(0.0, 0.0, 0.01, f64::NAN));
    summary.sensitivity.insert("rok-3m".to_string(), rok);
    let mut detail = IndexMap::new();
    detail.insert("share_152".to_string(), voi(0.21, 0.34, 0.004));
    detail.insert("containers".to_string(), voi(0.06, 0.08, 0.004));
    detail.insert("loss_rate".to_string(), voi(0.002, 0.0, 0.004));
    summary
        .value_of_information_detail
        .insert("rok-3m".to_string(), detail);
    let steps = [1_000u64, 2_000, 5_000, 10_000, 20_000];
    for (id, p) in [("rok-3m", 0.27), ("delivered-under-2m", 0.55)] {
        let points = steps
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let wobble = 0.04 * (-(i as f64)).exp() * if i % 2 == 0 { 1.0 } else { -1.0 };
                let p = p + wobble;
                (k, p, (p * (1.0 - p) / k as f64).sqrt())
            })
            .collect();
        data.convergence.push(ConvergenceSeries {
            claim_id: id.to_string(),
            points,
        });
    }
    // Evidence: priors for two claims, two reports.
    summary.claims[0].prior_probability = Some(0.41);
    summary.claims[1].prior_probability = Some(0.40);
    let mut ev = IndexMap::new();
    ev.insert(
        "rok-ministry".to_string(),
        evidence(&[("rok-3m", 0.33), ("delivered-under-2m", 0.47)], 6_100.0),
    );
    ev.insert(
        "satellite-count".to_string(),
        evidence(
            &[
                ("rok-3m", summary.claims[0].probability),
                ("delivered-under-2m", summary.claims[1].probability),
            ],
            4_000.0,
        ),
    );
    summary.evidence = Some(ev);
    summary.ess = Some(3_200.0);
    let prior_shipped = lognormal(n, 3.0e6, 0.3, 13);
    let mut priors = IndexMap::new();
    priors.insert("shipped".to_string(), curves_of(&prior_shipped, 60));
    priors.insert("overhead".to_string(), QuantityCurves::empty());
    data.prior_quantities = Some(priors);
    (summary, data)
}

#[test]
fn renders_sensitivity_evidence_and_convergence_charts() {
    let (summary, data) = full_fixture(20_000);
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(&summary, &data, dir.path()).unwrap();
    let stems = check_files(dir.path(), &files);
    assert_eq!(
        stems[7..],
        [
            "posterior_shipped",
            "evidence_effect",
            "tornado_shipped",
            "tornado_rok-3m",
            "voi_rok-3m",
            "convergence"
        ]
    );
    let kinds: Vec<_> = files[7..].iter().map(|f| f.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            ChartFileKind::Posterior {
                quantity: "shipped".into()
            },
            ChartFileKind::EvidenceEffect,
            ChartFileKind::Tornado {
                output: "shipped".into(),
                claim: false
            },
            ChartFileKind::Tornado {
                output: "rok-3m".into(),
                claim: true
            },
            ChartFileKind::ValueOfInformation {
                claim: "rok-3m".into()
            },
            ChartFileKind::Convergence,
        ]
    );
    let svg = |stem: &str| std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).unwrap();
    let tornado = svg("tornado_rok-3m");
    assert!(tornado.contains("What moves rok-3m"));
    assert!(tornado.contains("S1 0.55 · ST 0.81"), "Sobol note");
    assert!(tornado.contains("+38.0 pp") && tornado.contains("-12.0 pp"));
    assert!(tornado.contains("10th to its 90th percentile"));
    let tornado = svg("tornado_shipped");
    assert!(tornado.contains("+900k") && tornado.contains("-260k"));
    let voi = svg("voi_rok-3m");
    assert!(voi.contains("Which fact would change rok-3m most"));
    assert!(voi.contains("21.0 pp") && voi.contains("flip 34.0%"));
    let conv = svg("convergence");
    assert!(conv.contains("rok-3m") && conv.contains("delivered-under-2m"));
    assert!(conv.contains("draws (log scale)") && conv.contains("10k"));
    let effect = svg("evidence_effect");
    assert!(effect.contains("prior") && effect.contains("satellite-count"));
    let posterior = svg("posterior_shipped");
    assert!(posterior.contains("41.0% →"), "prior → posterior label");
    let claims = svg("claims");
    assert!(claims.contains("before evidence 41.0%"));
    keep(&summary, &data, "full");
}

#[test]
fn empty_extras_add_no_charts() {
    let (mut summary, mut data) = full_fixture(300);
    // Present but empty, or None: nothing new is drawn.
    for entries in summary.sensitivity.values_mut() {
        entries.clear();
    }
    summary.value_of_information_detail.clear();
    summary
        .value_of_information
        .insert("rok-3m".into(), IndexMap::new());
    data.convergence = vec![ConvergenceSeries {
        claim_id: "rok-3m".into(),
        points: vec![],
    }];
    summary.evidence = Some(IndexMap::new());
    for c in &mut summary.claims {
        c.prior_probability = None;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(&summary, &data, dir.path()).unwrap();
    let stems = check_files(dir.path(), &files);
    assert_eq!(stems.len(), 7, "{stems:?}");
    // Evidence without any prior curve or prior probability: no posterior or effect chart.
    summary.evidence = full_fixture(300).0.evidence;
    data.prior_quantities = None;
    let files = render_all(&summary, &data, dir.path()).unwrap();
    assert_eq!(check_files(dir.path(), &files).len(), 7);
}

#[test]
fn degenerate_extras_render_without_panicking() {
    let (mut summary, mut data) = full_fixture(200);
    // NaN and infinite indices, swings, VOI; all-zero swings; one-point and NaN convergence.
    let mut weird = IndexMap::new();
    weird.insert(
        "a".to_string(),
        sens(f64::NAN, f64::NAN, f64::NAN, f64::NAN),
    );
    weird.insert("b".to_string(), sens(1.0, 2.0, -1.0, f64::INFINITY));
    summary.sensitivity.insert("rok-3m".to_string(), weird);
    let mut zero = IndexMap::new();
    zero.insert("a".to_string(), sens(0.0, 0.0, 0.0, 0.0));
    summary.sensitivity.insert("shipped".to_string(), zero);
    let mut many = IndexMap::new();
    for i in 0..40 {
        many.insert(
            format!("input_{i}"),
            sens(0.1, 0.01, 0.02, -(i as f64) * 1e3),
        );
    }
    summary.sensitivity.insert("delivered".to_string(), many);
    // Only negative swings and a zero: the zero's label must stay inside the plot.
    let mut lowering = IndexMap::new();
    lowering.insert("a".to_string(), sens(-0.9, 0.5, 0.6, -0.2));
    lowering.insert("b".to_string(), sens(0.0, 0.0, 0.0, 0.0));
    summary
        .sensitivity
        .insert("delivered-under-2m".to_string(), lowering);
    let mut detail = IndexMap::new();
    detail.insert("a".to_string(), voi(f64::NAN, f64::INFINITY, -1.0));
    detail.insert("b".to_string(), voi(0.0, 0.0, 0.0));
    summary
        .value_of_information_detail
        .insert("rok-3m".to_string(), detail);
    data.convergence = vec![
        ConvergenceSeries {
            claim_id: "rok-3m".into(),
            points: vec![(100, 0.5, f64::NAN)],
        },
        ConvergenceSeries {
            claim_id: "never".into(),
            points: vec![(100, 0.0, 0.0), (200, 0.0, 0.0), (0, f64::NAN, 1.0)],
        },
    ];
    if let Some(ev) = summary.evidence.as_mut() {
        for e in ev.values_mut() {
            e.probability_after.clear();
        }
    }
    summary.claims[0].prior_probability = Some(f64::NAN);
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(&summary, &data, dir.path()).unwrap();
    let stems = check_files(dir.path(), &files);
    for stem in [
        "tornado_rok-3m",
        "tornado_delivered",
        "voi_rok-3m",
        "convergence",
    ] {
        assert!(stems.iter().any(|s| s == stem), "{stem} in {stems:?}");
    }
    keep(&summary, &data, "degenerate-extras");
}
