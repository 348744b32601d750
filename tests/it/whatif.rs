//! Issue 12, end to end: `--set`, sweeps (one point equals the `--set` run bit for bit; grids),
//! break-even values against the sweep and against `--solve`, `compare`, and the charts the
//! analyst chooses (`chart = false`, `report = false`, `[[chart]]`, `--columns`).

use crate::support::{bin, summary_json, write};
use predicates::prelude::*;
use scraper::{Html, Selector};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// `u` uniform on (0, 1) and a claim `u < p`: its probability is `p`, so the 10/50/90%
/// break-even values of a sweep of `p` are 0.1, 0.5 and 0.9.
const LINEAR: &str = r#"[scenario]
title = "linear"
samples = 4000
seed = 11
[inputs]
u = { dist = "uniform(0, 1)" }
p = { dist = "uniform(0.2, 0.4)", source = "s1" }
scale = { dist = "normal(100, 10)" }
[model]
y = { expr = "scale * (1 + p)" }
hidden = { expr = "scale * 2", report = false }
quiet = { expr = "scale * 3", chart = false }
[[claim]]
id = "below-p"
text = "u is below p"
holds_if = "u < p"
[[claim]]
id = "y-big"
text = "y is at least 150"
holds_if = "y >= 150"
[[source]]
id = "s1"
publisher = "Example"
title = "A source"
date = "2024-01-01"
url = "https://example.org/a"
"#;

fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn run(args: &[&str], scenario: &Path, out: &Path) {
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .args(args)
        .arg(scenario)
        .assert()
        .success();
}

#[test]
fn set_replaces_a_definition_records_it_and_suggests_names() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "lin.toml", LINEAR);
    let out = dir.path().join("o");
    run(&["--set", "p=uniform(0.5, 0.7)"], &f, &out);
    let s = summary_json(&out.join("lin"));
    let o = &s["overrides"][0];
    assert_eq!(o["name"], "p");
    assert_eq!(o["expr"], "uniform(0.5, 0.7)");
    assert_eq!(o["was"], "uniform(0.2, 0.4)");
    assert_eq!(o["set_by"], "--set");
    let p = s["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "below-p")
        .unwrap()["probability"]
        .as_f64()
        .unwrap();
    // E[u < p] = E[p] = 0.6; 4000 draws: MCSE ≈ 0.0077, 4 MCSE ≈ 0.031.
    assert!((p - 0.6).abs() < 0.031, "{p}");
    let report = fs::read_to_string(out.join("lin/report.md")).unwrap();
    assert!(report.contains("uniform(0.5, 0.7)"), "{report}");
    assert!(report.contains("--set"), "{report}");

    bin()
        .args(["run", "--quiet", "--set", "pp=0.3"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pp"))
        .stderr(predicate::str::contains("did you mean `p`?"))
        .stderr(predicate::str::contains("):1:1: ")); // the caret is on the name
    bin()
        .args(["run", "--quiet", "--set", "p=uniform(0.5"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--set"));
}

#[test]
fn a_sweep_point_equals_the_set_run_bit_for_bit() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "lin.toml", LINEAR);
    let out = dir.path().join("o");
    run(&["--sweep", "p=0.1..0.9:5"], &f, &out);
    let sw = json(&out.join("lin/sweep.json"));
    assert_eq!(sw["name"], "p");
    let values: Vec<f64> = sw["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(values, [0.1, 0.3, 0.5, 0.7, 0.9]);
    for name in ["sweep_below-p", "sweep_y-big", "sweep_y"] {
        assert!(
            out.join(format!("lin/charts/{name}.png")).is_file(),
            "{name}"
        );
        assert!(
            out.join(format!("lin/charts/{name}.svg")).is_file(),
            "{name}"
        );
    }
    let report = fs::read_to_string(out.join("lin/report.md")).unwrap();
    assert!(report.contains("sweep_below-p.png"), "{report}");
    // report.html holds the same section, after the claims, with the sweep's charts inline.
    let page = fs::read_to_string(out.join("lin/report.html")).unwrap();
    let html = Html::parse_document(&page);
    let sel = |css: &str| Selector::parse(css).unwrap();
    let ids: Vec<&str> = html
        .select(&sel("main > section"))
        .filter_map(|s| s.value().attr("id"))
        .collect();
    let at = ids
        .iter()
        .position(|id| *id == "what-if")
        .expect("sweep section");
    assert_eq!(ids[at - 1], "claims", "{ids:?}");
    for name in ["sweep_below-p", "sweep_y-big", "sweep_y"] {
        let figure = format!("#what-if figure#chart-{name} > div.chart > svg");
        assert_eq!(html.select(&sel(&figure)).count(), 1, "{name}");
        let svg = fs::read_to_string(out.join(format!("lin/charts/{name}.svg"))).unwrap();
        let polylines = svg.matches("<polyline").count();
        assert!(polylines > 0, "{name}");
        let inline = html.select(&sel(&figure)).next().unwrap().html();
        assert_eq!(inline.matches("<polyline").count(), polylines, "{name}");
    }
    let rows = html.select(&sel("#what-if table tbody tr")).count();
    assert_eq!(rows, 5, "one row per swept value");
    let toc = html.select(&sel("nav.toc a[href=\"#what-if\"]")).count();
    assert_eq!(toc, 1);

    let point = &sw["points"][3];
    assert_eq!(point["value"].as_f64(), Some(0.7));
    let set_out = dir.path().join("set");
    run(&["--set", "p=0.7"], &f, &set_out);
    let s = summary_json(&set_out.join("lin"));
    for c in s["claims"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert_eq!(point["claims"][id]["probability"], c["probability"], "{id}");
        assert_eq!(point["claims"][id]["mcse"], c["mcse"], "{id}");
    }
    for (name, q) in s["quantities"].as_object().unwrap() {
        let p = &point["quantities"][name];
        for k in ["mean", "p5", "p25", "p50", "p75", "p95"] {
            assert_eq!(p[k], q[k], "{name} {k}");
        }
    }
}

#[test]
fn break_even_values_agree_with_the_truth_and_with_solve() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "lin.toml", LINEAR);
    let out = dir.path().join("o");
    run(&["--sweep", "p=0.05,0.2,0.35,0.5,0.65,0.8,0.95"], &f, &out);
    let sw = json(&out.join("lin/sweep.json"));
    let be = sw["break_even"]["below-p"].as_array().unwrap();
    for (target, truth) in [(0.1, 0.1), (0.5, 0.5), (0.9, 0.9)] {
        let b = be
            .iter()
            .find(|b| b["target"].as_f64() == Some(target))
            .unwrap();
        assert_eq!(b["status"], "crossed");
        assert_eq!(b["direction"], "rising");
        let v = b["value"].as_f64().unwrap();
        let lo = b["low"].as_f64().unwrap();
        let hi = b["high"].as_f64().unwrap();
        assert!(lo <= v && v <= hi, "{b}");
        // The probability is exactly linear in p, so the only error is Monte Carlo error: the
        // ±2 MCSE stretch holds the true crossing (fixed seed: deterministic).
        assert!(lo <= truth && truth <= hi, "{target}: {b}");
    }
    let report = fs::read_to_string(out.join("lin/report.md")).unwrap();
    assert!(report.contains("more likely than not"), "{report}");

    let solved = dir.path().join("s");
    run(
        &["--solve", "p=0..1", "--claim", "below-p", "--target", "0.5"],
        &f,
        &solved,
    );
    let s = json(&solved.join("lin/solve.json"));
    let page = fs::read_to_string(solved.join("lin/report.html")).unwrap();
    let html = Html::parse_document(&page);
    let solve = Selector::parse("section#solve p").unwrap();
    let text: String = html.select(&solve).flat_map(|p| p.text()).collect();
    assert!(text.contains("How the search stopped"), "{text}");
    let v = s["value"].as_f64().unwrap();
    let b = be
        .iter()
        .find(|b| b["target"].as_f64() == Some(0.5))
        .unwrap();
    let (lo, hi) = (b["low"].as_f64().unwrap(), b["high"].as_f64().unwrap());
    assert!(
        lo <= v && v <= hi,
        "solve {v} outside the sweep's [{lo}, {hi}]"
    );
    let (slo, shi) = (s["low"].as_f64().unwrap(), s["high"].as_f64().unwrap());
    assert!(slo <= 0.5 && 0.5 <= shi, "{s}");
}

#[test]
fn a_file_sweep_and_a_grid() {
    let dir = TempDir::new().unwrap();
    let text = format!("{LINEAR}[[sweep]]\nname = \"p\"\nvalues = [0.2, \"40%\", 0.6]\n");
    let f = write(&dir, "lin.toml", &text);
    let out = dir.path().join("o");
    run(&[], &f, &out);
    let sw = json(&out.join("lin/sweep.json"));
    assert_eq!(sw["values"], serde_json::json!([0.2, 0.4, 0.6]));
    let s = summary_json(&out.join("lin"));
    assert!(
        s.get("overrides").is_none(),
        "the base case is the file as written"
    );

    let grid = dir.path().join("g");
    run(
        &["--sweep", "p=0.2,0.6", "--sweep", "scale=90..110:3"],
        &f,
        &grid,
    );
    let sw = json(&grid.join("lin/sweep.json"));
    assert_eq!(sw["by"]["name"], "scale");
    assert_eq!(sw["points"].as_array().unwrap().len(), 6);
    assert!(grid.join("lin/charts/heatmap_y-big.png").is_file());
    assert!(grid.join("lin/charts/heatmap_below-p.svg").is_file());

    bin()
        .args(["run", "--quiet", "--sweep", "q=1,2"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("q"));
}

const OTHER: &str = r#"[scenario]
title = "other"
samples = 4000
seed = 11
[inputs]
u = { dist = "uniform(0, 1)" }
p = { dist = "uniform(0.6, 0.8)", source = "s2" }
scale = { dist = "normal(100, 10)" }
[model]
yy = { expr = "scale * (1 + p)" }
[[claim]]
id = "below-p"
text = "u is below p"
holds_if = "u < p"
[[source]]
id = "s2"
publisher = "Example"
title = "Another source"
date = "2024-02-01"
url = "https://example.org/b"
"#;

#[test]
fn compare_puts_two_files_side_by_side() {
    let dir = TempDir::new().unwrap();
    let a = write(&dir, "lin.toml", LINEAR);
    let b = write(&dir, "other.toml", OTHER);
    let out = dir.path().join("o");
    bin()
        .args(["compare", "--quiet", "--out"])
        .arg(&out)
        .args([&a, &b])
        .args(["--match", "lin:y=other:yy"])
        .assert()
        .success();
    let folder = out.join("compare-lin-other");
    let c = json(&folder.join("comparison.json"));
    assert_eq!(c["scenarios"]["lin"]["seed"], 11);
    assert_eq!(c["scenarios"]["other"]["samples"], 4000);
    assert_eq!(c["scenarios"]["lin"]["sha256"].as_str().unwrap().len(), 64);
    let p = |stem: &str| {
        c["claims"]["below-p"][stem]["probability"]
            .as_f64()
            .unwrap()
    };
    // E[p]: 0.3 and 0.7; 4 MCSE ≈ 0.03.
    assert!(
        (p("lin") - 0.3).abs() < 0.03 && (p("other") - 0.7).abs() < 0.03,
        "{c}"
    );
    assert!(c["quantities"]["scale"]["other"]["mean"].is_number());
    assert!(
        c["quantities"]["y"]["other"]["mean"].is_number(),
        "--match pairs y with yy"
    );
    assert!(c["claims"].get("y-big").is_none(), "only in one file");
    for chart in ["compare_claims", "compare_y", "compare_scale"] {
        assert!(
            folder.join(format!("charts/{chart}.png")).is_file(),
            "{chart}"
        );
    }
    let report = fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(report.contains("uniform(0.6, 0.8)"), "{report}");
    assert!(report.contains("https://example.org/b"), "{report}");

    bin()
        .args(["compare", "--quiet", "--match", "lin:nope=other:yy"])
        .args([&a, &b])
        .assert()
        .code(2);
}

#[test]
fn chosen_charts_report_rows_and_columns() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "{LINEAR}[[chart]]\nid = \"both\"\nkind = \"exceedance\"\nquantities = [\"y\", \"quiet\"]\nlog = true\ntitle = \"y and quiet\"\n"
    );
    let f = write(&dir, "lin.toml", &text);
    let out = dir.path().join("o");
    run(&["--samples-csv", "--columns", "y,u"], &f, &out);
    let folder = out.join("lin");
    assert!(folder.join("charts/custom_both.png").is_file());
    assert!(folder.join("charts/custom_both.svg").is_file());
    let names: Vec<String> = fs::read_dir(folder.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("_y.") || n.contains("_y_")),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("quiet") && !n.contains("custom")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("hidden")), "{names:?}");
    let report = fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(
        report.contains("quiet"),
        "chart = false stays in the tables"
    );
    assert!(
        !report.contains("| hidden"),
        "report = false leaves the results table"
    );
    let csv = fs::read_to_string(folder.join("samples.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with("y,u"), "{header}");
    assert!(!header.contains("scale"), "{header}");

    bin()
        .args(["run", "--quiet", "--samples-csv", "--columns", "yy"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `y`?"));
}
