//! Charts rendered from the results of real runs (small N): every expected chart exists, PNGs
//! decode to 1200 × 700, SVGs are complete documents carrying their titles; degenerate data
//! never panics. Features come from the model: the lots chart from `[shipment]` (never from
//! quantity names), the capacity chart from the capacity functions used.
//!
//! Set `SHELLCOUNT_KEEP_CHARTS=/some/dir` to also keep the charts of the main run there.

use std::path::Path;

use shellcount::analysis::{analyse, RunFacts};
use shellcount::model::{ClaimId, Output, QuantityId};
use shellcount::output::charts::{plan, render_all, ChartFile, ChartKind};
use shellcount::results::{Histogram, RunResult, Sampling};

use crate::support::{run, scenario};

pub const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// `body` run with `n` draws and analysed (sensitivity on a small design).
pub fn result_of(body: &str, n: usize) -> RunResult {
    let s = scenario(body);
    let d = run(&s, n, 3);
    let facts = RunFacts {
        seed: 3,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: n,
        saltelli_base: 256,
        precision: None,
    };
    analyse(&s, &d, &facts).unwrap()
}

const RUN: &str = "[inputs]\ncontainers = { dist = \"6000 to 7400\", unit = \"containers\" }\nrounds = \"400 to 500\"\nloss = \"beta(2, 20)\"\n[model]\nshipped = { expr = \"containers * rounds\", unit = \"shells\" }\ndelivered = { expr = \"shipped * (1 - loss)\", unit = \"shells\" }\n[[claim]]\nid = \"rok-3m\"\ntext = \"At least 3 million shells were shipped\"\ngroup = \"count\"\nholds_if = \"shipped >= 3M\"\n[[claim]]\nid = \"containers-6700\"\ntext = \"t\"\nholds_if = \"containers >= 1\"\n";

/// Checks every rendered chart and returns the stems.
pub fn check(rendered: &[(ChartFile, Vec<u8>, String)]) -> Vec<String> {
    for (f, png, svg) in rendered {
        assert_eq!(png[..8], PNG_MAGIC, "{}", f.stem);
        assert_eq!(&png[12..16], b"IHDR");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (1200, 700), "{}", f.stem);
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
    rendered.iter().map(|(f, ..)| f.stem.clone()).collect()
}

/// Keeps the charts in `$SHELLCOUNT_KEEP_CHARTS/sub`, if set, for looking at.
pub fn keep(rendered: &[(ChartFile, Vec<u8>, String)], sub: &str) {
    if let Some(dir) = std::env::var_os("SHELLCOUNT_KEEP_CHARTS") {
        let dir = Path::new(&dir).join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        for (f, png, svg) in rendered {
            std::fs::write(dir.join(format!("{}.png", f.stem)), png).unwrap();
            std::fs::write(dir.join(format!("{}.svg", f.stem)), svg).unwrap();
        }
    }
}

#[test]
fn renders_every_chart_of_a_run() {
    let r = result_of(RUN, 4_000);
    let rendered = render_all(&r).unwrap();
    let stems = check(&rendered);
    assert_eq!(
        stems,
        [
            "hist_shipped",
            "hist_delivered",
            "exceed_containers",
            "exceed_shipped",
            "claims",
            "tornado_shipped",
            "tornado_delivered",
            "tornado_claim-rok-3m",
            "voi_rok-3m",
            "convergence",
        ],
        "containers-6700 holds on every draw: no tornado and no value of information"
    );
    let files: Vec<ChartFile> = rendered.iter().map(|(f, ..)| f.clone()).collect();
    assert_eq!(files, plan(&r), "the plan lists exactly what is drawn");
    assert_eq!(files[0].title, "shipped (shells)");
    assert_eq!(files[0].kind, ChartKind::Histogram(QuantityId::new(3)));
    assert_eq!(files[3].title, "Chance that shipped is at least x");
    assert_eq!(files[4].kind, ChartKind::Claims);
    assert_eq!(
        files[7].kind,
        ChartKind::Tornado(Output::Claim(ClaimId::new(0)))
    );
    let svg = |stem: &str| &rendered.iter().find(|(f, ..)| f.stem == stem).unwrap().2;
    assert!(
        svg("exceed_shipped").contains(": P(x ≥ 3.0M) = "),
        "threshold label missing"
    );
    assert!(svg("claims").contains("±2 MC standard errors") && svg("claims").contains("100%"));
    // Issue 10 item 6: bars named by the claim's text, with its group and id.
    assert!(svg("claims").contains("At least 3 million shells were shipped"));
    assert!(svg("claims").contains("count · rok-3m"));
    assert!(svg("exceed_shipped").contains("At least 3 million shells were shipped"));
    keep(&rendered, "");
}

#[test]
fn no_claims_means_no_claims_or_exceedance_chart() {
    let body = RUN.split("[[claim]]").next().unwrap();
    let r = result_of(body, 500);
    let stems = check(&render_all(&r).unwrap());
    assert_eq!(
        stems,
        [
            "hist_shipped",
            "hist_delivered",
            "tornado_shipped",
            "tornado_delivered"
        ]
    );
}

#[test]
fn degenerate_data_renders_without_panicking() {
    let mut r = result_of(RUN, 200);
    // A quantity spanning twelve orders of magnitude, an empty histogram and curve, NaN
    // percentiles, a claim that never holds.
    let shipped = &mut r.quantities[QuantityId::new(3)].curves;
    shipped.histogram = Histogram {
        edges: vec![1e3, 1e13, 2e13, 3e13, 4e13, 5e13],
        counts: vec![150, 0, 0, 0, 50],
        below: 0,
        above: 0,
        log: false,
        integer: false,
    };
    shipped.exceedance = vec![(1e3, 1.0), (2e13, 0.25), (5e13, 0.0)];
    let delivered = &mut r.quantities[QuantityId::new(4)];
    delivered.curves.histogram.counts.clear();
    delivered.curves.exceedance.clear();
    delivered.forward.percentiles.p50 = f64::NAN;
    r.claims[ClaimId::new(0)].forward.probability = 0.0;
    if let Some(s) = r.sensitivity.as_mut() {
        if let Some(t) = s.claims[ClaimId::new(1)].inputs[0].sobol_total.as_mut() {
            t.value = f64::NAN;
        }
        s.voi[ClaimId::new(1)][0].expected_abs_change = f64::NAN;
    }
    let rendered = render_all(&r).unwrap();
    let stems = check(&rendered);
    assert!(stems.contains(&"hist_shipped".to_string()));
    assert!(!stems.contains(&"hist_delivered".to_string()), "{stems:?}");
    keep(&rendered, "degenerate");
}

#[test]
fn evidence_adds_posterior_and_effect_charts_labelled_with_their_basis() {
    let body = format!("{RUN}[[evidence]]\nid = \"ministry\"\nlikelihood = \"normal(shipped, 200_000)\"\nobserved = 2_900_000\n");
    let r = result_of(&body, 4_000);
    let rendered = render_all(&r).unwrap();
    let stems = check(&rendered);
    for stem in [
        "posterior_shipped",
        "evidence_effect",
        "tornado_claim-rok-3m",
    ] {
        assert!(stems.contains(&stem.to_string()), "{stem} in {stems:?}");
    }
    let tornado = &rendered
        .iter()
        .find(|(f, ..)| f.stem == "tornado_claim-rok-3m")
        .unwrap()
        .2;
    assert!(
        tornado.contains("after evidence"),
        "the tornado says its basis"
    );
    let voi = &rendered
        .iter()
        .find(|(f, ..)| f.stem == "voi_rok-3m")
        .unwrap()
        .2;
    assert!(
        voi.contains("after evidence"),
        "the VOI chart says its basis"
    );
    keep(&rendered, "evidence");
}

/// Bug 5: quantities named like `[shipment]` lots draw no lots chart without `[shipment]`.
#[test]
fn lots_chart_comes_from_the_shipment_plan_not_from_names() {
    let named = "[inputs]\nx = \"uniform(1, 2)\"\n[model]\ndelivered_old = \"x * 100\"\nworking_old = \"x * 50\"\n";
    let r = result_of(named, 500);
    assert!(r.lots.is_empty());
    assert!(!plan(&r).iter().any(|f| f.kind == ChartKind::Lots));
    let shipment = "[inputs]\nc = \"uniform(10, 20)\"\n[shipment]\ncontainers = \"c\"\n[[shipment.cargo]]\nid = \"shells\"\nshare = 1\nload = \"poisson(40)\"\n[[shipment.lot]]\nid = \"old\"\nshare = 0.5\ndud_rate = 0.5\n[[shipment.lot]]\nid = \"new\"\nshare = 0.5\ndud_rate = 0.1\n";
    let r = result_of(shipment, 500);
    assert_eq!(
        r.lots.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
        ["old", "new"]
    );
    assert!(plan(&r).iter().any(|f| f.kind == ChartKind::Lots));
}

/// The capacity chart and checks come from the capacity functions, not from names.
#[test]
fn capacity_comes_from_the_capacity_functions_used() {
    let body = "[inputs]\npayload = \"uniform(20000, 28000)\"\nmass = \"uniform(55, 70)\"\nvol = \"uniform(60, 80)\"\n[model]\nm = \"capacity_by_mass(payload, mass)\"\nv = \"capacity_by_volume(33.2, vol, 0.8)\"\ncap = \"min(v, m)\"\nclaimed = \"uniform(440, 450)\"\ncapacity_by_mass_x = \"payload / mass\"\n[[claim]]\nid = \"fits\"\ntext = \"t\"\nholds_if = \"cap >= claimed\"\n";
    let r = result_of(body, 2_000);
    let names: Vec<&str> = r
        .capacity
        .quantities
        .iter()
        .map(|&(q, _)| r.quantities[q].name.as_str())
        .collect();
    assert_eq!(
        names,
        ["m", "v", "cap"],
        "capacity_by_mass_x is no capacity function"
    );
    assert_eq!(r.capacity.checks.len(), 1);
    let c = r.capacity.checks[0];
    assert_eq!(r.quantities[c.by_mass].name, "m");
    assert_eq!(r.quantities[c.by_volume].name, "v");
    assert!(c.mass_binds > 0.0 && c.mass_binds < 1.0, "{}", c.mass_binds);
    assert_eq!(r.capacity.claimed.len(), 1);
    let rendered = render_all(&r).unwrap();
    assert!(check(&rendered).contains(&"capacity".to_string()));
}

/// Issue 15: a quantity with the same draws as an earlier one (here `b = a * 1` and
/// `c = x + x`, both exactly `a`) gets no histogram or tornado of its own: one chart is drawn
/// and both reports say "b: same as a in every draw" where the copy would have been; every
/// number stays in summary.json. A quantity with the same distribution but other draws (`d`)
/// keeps its charts.
#[test]
fn outputs_with_the_same_draws_as_an_earlier_one_share_its_charts() {
    let text = "[scenario]\ntitle = \"Twins\"\nsamples = 2000\nseed = 5\n[inputs]\nx = \"uniform(1, 2)\"\ny = \"uniform(1, 2)\"\nz = \"uniform(0, 1)\"\n[model]\na = \"x * 2 + z\"\nb = \"a * 1\"\nc = \"x + x + z\"\nd = \"y * 2 + z\"\n";
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::write(&dir, "twins.toml", text);
    let out = dir.path().join("out");
    crate::support::run_quiet(&path, &out);
    let folder = out.join("twins");
    let charts = folder.join("charts");
    for kind in ["hist", "tornado"] {
        for (q, drawn) in [("a", true), ("b", false), ("c", false), ("d", true)] {
            let png = charts.join(format!("{kind}_{q}.png"));
            assert_eq!(png.exists(), drawn, "{}", png.display());
            assert_eq!(charts.join(format!("{kind}_{q}.svg")).exists(), drawn);
        }
    }
    let md = std::fs::read_to_string(folder.join("report.md")).unwrap();
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    for q in ["b", "c"] {
        let sentence = format!("{q}: same as a in every draw");
        // Once where the histogram would be, once where the tornado would be.
        assert_eq!(md.matches(&sentence).count(), 2, "{md}");
        assert_eq!(html.matches(&sentence).count(), 2, "{sentence}");
    }
    assert!(!md.contains("d: same as"));
    assert!(md.contains("charts/hist_a.png") && md.contains("charts/tornado_d.png"));
    let summary = crate::support::summary_json(&folder);
    for q in ["a", "b", "c", "d"] {
        assert!(summary["quantities"][q]["mean"].is_number(), "{q}");
    }
    assert_eq!(
        summary["quantities"]["a"]["mean"],
        summary["quantities"]["b"]["mean"]
    );
}
