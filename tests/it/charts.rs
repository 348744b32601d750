//! Charts rendered from hand-built results: every expected file exists, PNGs decode to
//! 1200 × 700, SVGs are complete documents carrying their titles; degenerate data never panics.
//!
//! Set `SHELLCOUNT_KEEP_CHARTS=/some/dir` to also keep the charts of the main fixture there.

use std::path::Path;

use indexmap::IndexMap;
use shellcount::output::charts::{render_all, ChartFile, ChartFileKind};
use shellcount::results::{
    ChartData, ClaimMarker, ClaimSummary, Histogram, QuantityCurves, QuantityKind, QuantitySummary,
    Side, Summary,
};

pub const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Deterministic lognormal draws (xorshift + Box–Muller), sorted.
pub fn lognormal(n: usize, median: f64, sigma: f64, seed: u64) -> Vec<f64> {
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

pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (i, f) = (h.floor() as usize, h - h.floor());
    sorted[i] + f * (sorted[(i + 1).min(sorted.len() - 1)] - sorted[i])
}

pub fn summary_of(kind: QuantityKind, unit: &str, sorted: &[f64]) -> QuantitySummary {
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

pub fn curves_of(sorted: &[f64], bins: usize) -> QuantityCurves {
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

pub fn claim(id: &str, refs: &[&str], p: f64, n: u64) -> ClaimSummary {
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
pub fn fixture(n: usize) -> (Summary, ChartData) {
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

pub fn marker(id: &str, quantity: &str, threshold: f64, side: Side, p: f64) -> ClaimMarker {
    ClaimMarker {
        claim_id: id.to_string(),
        quantity: quantity.to_string(),
        threshold,
        side,
        probability: p,
    }
}

/// Checks both files of every chart and returns the stems.
pub fn check_files(dir: &Path, files: &[ChartFile]) -> Vec<String> {
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
pub fn keep(summary: &Summary, data: &ChartData, sub: &str) {
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
