//! Charts rendered from hand-built results: every expected file exists, PNGs decode to
//! 1200 × 700, SVGs are complete documents carrying their titles; degenerate data never panics.
//!
//! Set `SHELLCOUNT_KEEP_CHARTS=/some/dir` to also keep the charts of the main fixture there.

use std::path::Path;

use indexmap::IndexMap;
use shellcount::output::charts::{render_all, ChartFile, ChartFileKind};
use shellcount::results::{
    ChartData, ClaimMarker, ClaimSummary, ConvergenceSeries, EvidenceSummary, Histogram,
    QuantityCurves, QuantityKind, QuantitySummary, SensitivityEntry, Side, Summary, VoiEntry,
};

const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Deterministic lognormal draws (xorshift + Box–Muller), sorted.
fn lognormal(n: usize, median: f64, sigma: f64, seed: u64) -> Vec<f64> {
    let mut state = seed;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let mut draws: Vec<f64> = (0..n)
        .map(|_| {
            let z = (-2.0 * uniform().ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos();
            median * (sigma * z).exp()
        })
        .collect();
    draws.sort_by(f64::total_cmp);
    draws
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (i, f) = (h.floor() as usize, h - h.floor());
    sorted[i] + f * (sorted[(i + 1).min(sorted.len() - 1)] - sorted[i])
}

fn summary_of(kind: QuantityKind, unit: &str, sorted: &[f64]) -> QuantitySummary {
    let n = sorted.len() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let sd = (sorted.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let q = |p| quantile(sorted, p);
    QuantitySummary {
        kind,
        expr: "…".to_string(),
        unit: Some(unit.to_string()),
        source: None,
        note: None,
        mean,
        sd,
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        p1: q(0.01),
        p5: q(0.05),
        p10: q(0.10),
        p25: q(0.25),
        p50: q(0.50),
        p75: q(0.75),
        p90: q(0.90),
        p95: q(0.95),
        p99: q(0.99),
        mcse_mean: sd / n.sqrt(),
        ..Default::default()
    }
}

fn curves_of(sorted: &[f64], bins: usize) -> QuantityCurves {
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0u64; if width > 0.0 { bins } else { 1 }];
    let last = counts.len() - 1;
    for &x in sorted {
        let i = if width > 0.0 {
            ((x - lo) / width) as usize
        } else {
            0
        };
        counts[i.min(last)] += 1;
    }
    let n = sorted.len() as f64;
    let exceedance = sorted
        .iter()
        .enumerate()
        .filter(|(i, x)| *i == 0 || sorted[i - 1] != **x)
        .map(|(i, &x)| (x, (n - i as f64) / n))
        .collect();
    QuantityCurves {
        histogram: Histogram { lo, width, counts },
        exceedance,
    }
}

fn claim(id: &str, refs: &[&str], p: f64, n: u64) -> ClaimSummary {
    ClaimSummary {
        id: id.to_string(),
        text: format!("claim {id}"),
        holds_if: "…".to_string(),
        source: None,
        references: refs.iter().map(|r| r.to_string()).collect(),
        probability: p,
        mcse: (p * (1.0 - p) / n as f64).sqrt(),
        ..Default::default()
    }
}

/// A run with an input, two lognormal model quantities, a constant model quantity and claims.
fn fixture(n: usize) -> (Summary, ChartData) {
    let shipped = lognormal(n, 2.8e6, 0.25, 7);
    let delivered: Vec<f64> = lognormal(n, 1.9e6, 0.35, 11);
    let containers = vec![6700.0; n];
    let overhead = vec![12.5; n];
    let mut quantities = IndexMap::new();
    let mut curves = IndexMap::new();
    let inputs = [
        ("containers", QuantityKind::Input, "containers", &containers),
        ("shipped", QuantityKind::Model, "shells", &shipped),
        ("delivered", QuantityKind::Model, "shells", &delivered),
        ("overhead", QuantityKind::Model, "%", &overhead),
    ];
    for (name, kind, unit, draws) in inputs {
        quantities.insert(name.to_string(), summary_of(kind, unit, draws));
        curves.insert(name.to_string(), curves_of(draws, 60));
    }
    let frac =
        |v: &[f64], f: &dyn Fn(f64) -> bool| v.iter().filter(|&&x| f(x)).count() as f64 / n as f64;
    let p_rok = frac(&shipped, &|x| x >= 3e6);
    let p_del = frac(&delivered, &|x| x <= 2e6);
    let p_near = frac(&shipped, &|x| x >= 2.9e6);
    let samples = n as u64;
    let claims = vec![
        claim("rok-3m", &["shipped"], p_rok, samples),
        claim("delivered-under-2m", &["delivered"], p_del, samples),
        claim("containers-6700", &["containers"], 1.0, samples),
        claim("shipped-2.9m", &["shipped"], p_near, samples),
    ];
    let claim_markers = vec![
        marker("rok-3m", "shipped", 3e6, Side::AtLeast, p_rok),
        marker("delivered-under-2m", "delivered", 2e6, Side::AtMost, p_del),
        marker("containers-6700", "containers", 6700.0, Side::AtLeast, 1.0),
        // Close to rok-3m: the two labels must not overlap.
        marker("shipped-2.9m", "shipped", 2.9e6, Side::AtLeast, p_near),
    ];
    let summary = Summary {
        shellcount_version: "0.1.0".to_string(),
        title: "Shell shipments, test scenario".to_string(),
        description: None,
        scenario_file: "test.toml".to_string(),
        scenario_sha256: "0".repeat(64),
        seed: 42,
        samples,
        sampling: "mc".to_string(),
        sources: vec![],
        quantities,
        claims,
        ..Default::default()
    };
    (
        summary,
        ChartData {
            quantities: curves,
            claim_markers,
            ..Default::default()
        },
    )
}

fn marker(id: &str, quantity: &str, threshold: f64, side: Side, p: f64) -> ClaimMarker {
    ClaimMarker {
        claim_id: id.to_string(),
        quantity: quantity.to_string(),
        threshold,
        side,
        probability: p,
    }
}

/// Checks both files of every chart and returns the stems.
fn check_files(dir: &Path, files: &[ChartFile]) -> Vec<String> {
    for f in files {
        let png = std::fs::read(dir.join(format!("{}.png", f.stem))).expect("png exists");
        assert_eq!(png[..8], PNG_MAGIC, "{}", f.stem);
        assert_eq!(&png[12..16], b"IHDR");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (1200, 700), "{}", f.stem);
        let svg = std::fs::read_to_string(dir.join(format!("{}.svg", f.stem))).expect("svg");
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{}",
            f.stem
        );
        let title = f
            .title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(svg.contains(&title), "{} lacks its title {title:?}", f.stem);
    }
    files.iter().map(|f| f.stem.clone()).collect()
}

#[test]
fn renders_every_chart_of_a_run() {
    let (summary, data) = fixture(20_000);
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(&summary, &data, dir.path()).unwrap();
    let stems = check_files(dir.path(), &files);
    assert_eq!(
        stems,
        [
            "hist_shipped",
            "hist_delivered",
            "hist_overhead",
            "exceed_containers",
            "exceed_shipped",
            "exceed_delivered",
            "claims"
        ]
    );
    assert_eq!(files[0].title, "shipped (shells)");
    assert_eq!(
        files[0].kind,
        ChartFileKind::Histogram {
            quantity: "shipped".into()
        }
    );
    assert_eq!(files[4].title, "P(shipped ≥ x)");
    assert_eq!(files[6].kind, ChartFileKind::Claims);
    let svg = std::fs::read_to_string(dir.path().join("exceed_shipped.svg")).unwrap();
    assert!(svg.contains("rok-3m: P = "), "threshold label missing");
    let svg = std::fs::read_to_string(dir.path().join("claims.svg")).unwrap();
    assert!(svg.contains("±2 MC standard errors") && svg.contains("100.0%"));
    keep(&summary, &data, "");
}

/// Renders again into `$SHELLCOUNT_KEEP_CHARTS/sub`, if set, for looking at.
fn keep(summary: &Summary, data: &ChartData, sub: &str) {
    if let Some(dir) = std::env::var_os("SHELLCOUNT_KEEP_CHARTS") {
        let dir = Path::new(&dir).join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        render_all(summary, data, &dir).unwrap();
    }
}

#[test]
fn no_claims_means_no_claims_or_exceedance_chart() {
    let (mut summary, mut data) = fixture(500);
    summary.claims.clear();
    data.claim_markers.clear();
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(&summary, &data, dir.path()).unwrap();
    let stems = check_files(dir.path(), &files);
    assert_eq!(stems, ["hist_shipped", "hist_delivered", "hist_overhead"]);
}

#[test]
fn degenerate_data_renders_without_panicking() {
    let (mut summary, mut data) = fixture(200);
    // A single claim that never holds, on a quantity spanning twelve orders of magnitude.
    summary.claims = vec![claim("never", &["shipped"], 0.0, 200)];
    data.claim_markers = vec![marker("never", "shipped", 1e15, Side::AtLeast, 0.0)];
    let wide = data.quantities.get_mut("shipped").unwrap();
    wide.histogram = Histogram {
        lo: 1e3,
        width: 1e13,
        counts: vec![150, 0, 0, 0, 50],
    };
    wide.exceedance = vec![(1e3, 1.0), (2e13, 0.25), (5e13, 0.0)];
    // An empty histogram and curve, and NaN percentiles.
    let empty = data.quantities.get_mut("delivered").unwrap();
    empty.histogram.counts.clear();
    empty.exceedance.clear();
    summary.quantities.get_mut("delivered").unwrap().p50 = f64::NAN;
    let dir = tempfile::tempdir().unwrap();
    let files = render_all(&summary, &data, dir.path()).unwrap();
    let stems = check_files(dir.path(), &files);
    assert_eq!(
        stems,
        [
            "hist_shipped",
            "hist_delivered",
            "hist_overhead",
            "exceed_shipped",
            "claims"
        ]
    );
    keep(&summary, &data, "degenerate");
}

#[test]
fn missing_curves_are_an_error() {
    let (summary, mut data) = fixture(100);
    data.quantities.shift_remove("delivered");
    let dir = tempfile::tempdir().unwrap();
    let err = render_all(&summary, &data, dir.path()).unwrap_err();
    assert_eq!(err.to_string(), "no chart data for quantity 'delivered'");
}

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
