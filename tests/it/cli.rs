//! Command-line runs: every subcommand's success path, outputs, reproducibility, `--precision`.

use crate::support::{bin, fixture, run_quiet, summary, summary_json, write};
use predicates::prelude::*;
use shellcount::output::summary::{Warning, SCHEMA_VERSION};
use std::fs;
use tempfile::TempDir;

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n";

#[test]
fn run_writes_every_output() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    bin()
        .args(["run", "--samples-csv", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("three-million"))
        .stdout(predicate::str::contains("shipped"));
    let d = out.join("small");
    let json = summary_json(&d);
    for k in [
        "title",
        "scenario_file",
        "scenario_sha256",
        "seed",
        "samples",
        "shellcount_version",
        "quantities",
        "claims",
    ] {
        assert!(json.get(k).is_some(), "summary.json lacks {k}");
    }
    assert_eq!(json["samples"], 20000);
    assert_eq!(json["seed"], 7);
    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    let q = &json["quantities"]["shipped"];
    for k in [
        "kind",
        "unit",
        "mean",
        "sd",
        "min",
        "max",
        "p1",
        "p5",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "p95",
        "p99",
        "mcse_mean",
    ] {
        assert!(q.get(k).is_some(), "quantity lacks {k}");
    }
    assert_eq!(q["kind"], "model");
    assert_eq!(json["quantities"]["containers"]["kind"], "input");
    let c = &json["claims"][0];
    for k in ["id", "text", "holds_if", "probability", "mcse"] {
        assert!(c.get(k).is_some(), "claim lacks {k}");
    }
    // Typed: the file reads back as the schema's Summary.
    let typed = summary(&d);
    let p = typed.claims[0].probability;
    assert!(p > 0.0 && p < 1.0, "{p}");
    let report = fs::read_to_string(d.join("report.md")).unwrap();
    assert!(report.contains("Small test scenario"));
    assert!(report.contains("A test citation"));
    let csv = fs::read_to_string(d.join("samples.csv")).unwrap();
    assert_eq!(csv.lines().count(), 20001);
    assert!(csv.starts_with("containers,rounds_per_container,dud_rate,shipped,working"));
    for stem in [
        "hist_shipped",
        "hist_working",
        "exceed_shipped",
        "exceed_working",
        "claims",
    ] {
        let png = fs::read(d.join("charts").join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}.png is a PNG");
        let svg = fs::read_to_string(d.join("charts").join(format!("{stem}.svg"))).unwrap();
        assert!(
            svg.contains("<svg") && svg.contains("</svg>"),
            "{stem}.svg is an SVG"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no partial folders left behind");
}

#[test]
fn summary_identical_for_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let mut jsons = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = dir.path().join(format!("t{threads}"));
        bin()
            .args([
                "run",
                "--quiet",
                "--samples",
                "50000",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&out)
            .arg(fixture("small.toml"))
            .assert()
            .success();
        jsons.push(fs::read(out.join("small/summary.json")).unwrap());
    }
    assert_eq!(jsons[0], jsons[1]);
    assert_eq!(jsons[0], jsons[2]);
}

#[test]
fn seed_and_samples_flags_override_the_file() {
    let dir = TempDir::new().unwrap();
    let run = |seed: &str| {
        let out = dir.path().join(format!("s{seed}"));
        bin()
            .args([
                "run",
                "--quiet",
                "--samples",
                "3000",
                "--seed",
                seed,
                "--out",
            ])
            .arg(&out)
            .arg(fixture("small.toml"))
            .assert()
            .success();
        summary_json(&out.join("small"))
    };
    let (a, b) = (run("1"), run("2"));
    assert_eq!(a["samples"], 3000);
    assert_eq!(a["seed"], 1);
    assert_ne!(
        a["quantities"]["shipped"]["mean"],
        b["quantities"]["shipped"]["mean"]
    );
}

#[test]
fn check_accepts_valid_files_and_prints_counts() {
    bin()
        .arg("check")
        .arg(fixture("small.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 inputs, 2 model quantities, 2 claims",
        ));
}

#[test]
fn new_writes_a_template_that_checks_and_runs() {
    let dir = TempDir::new().unwrap();
    let name = dir.path().join("mine");
    bin().arg("new").arg(&name).assert().success();
    let path = dir.path().join("mine.toml");
    bin().arg("check").arg(&path).assert().success();
    bin()
        .args(["run", "--quiet", "--samples", "2000", "--out"])
        .arg(dir.path().join("o"))
        .arg(&path)
        .assert()
        .success();
    // never overwrites
    bin()
        .arg("new")
        .arg(&name)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn every_reference_sees_the_same_draw() {
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "same.toml",
        &format!("{HEAD}[inputs]\nx = \"1 to 100\"\n[model]\nzero = \"x - x\"\n"),
    );
    let out = dir.path().join("o");
    run_quiet(&p, &out);
    let v = summary(&out.join("same"));
    assert_eq!(v.quantities["zero"].stats.unwrap().max, 0.0);
    assert_eq!(v.quantities["zero"].stats.unwrap().min, 0.0);
}

const DEPENDENT: &str = "[scenario]\ntitle = \"dependent\"\nsamples = 30000\n[[source]]\nid = \"s\"\ncite = \"c\"\n[inputs]\ncontainers = \"6000 to 12000\"\nrounds = \"400 to 500\"\ndud_rate = \"beta(2, 2)\"\n[model]\nshipped = \"containers * rounds\"\n[correlation]\npairs = [[\"containers\", \"rounds\", 0.3]]\n[[evidence]]\nid = \"test\"\nsource = \"s\"\nlikelihood = \"binomial(100, dud_rate)\"\nobserved = 48\ntrust = 0.8\n[[evidence]]\nid = \"state\"\nholds_if = \"containers >= 7000\"\ntrust = 0.9\n[[claim]]\nid = \"3m\"\ntext = \"t\"\nholds_if = \"shipped >= 3M\"\n";

#[test]
fn precision_stops_at_the_requested_error() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "half.toml", "[scenario]\ntitle = \"t\"\nsamples = 10000\n[inputs]\nz = \"normal(0, 1)\"\n[[claim]]\nid = \"pos\"\ntext = \"t\"\nholds_if = \"z > 0\"\n");
    let out = dir.path().join("o");
    bin()
        .args(["run", "--quiet", "--precision", "0.002", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let v = summary(&out.join("half"));
    let pr = v.precision.as_ref().unwrap();
    assert!(pr.met);
    assert!(pr.reached <= 0.002);
    // p = 0.5 needs 0.25 / 0.002² = 62,500 draws; rounds overshoot by at most ~2.2×.
    let n = pr.samples_drawn;
    assert!((62_500..=140_000).contains(&n), "{n}");
    assert_eq!(v.samples, n);
    // The only warning: the claim is decided by `z`, an assumption without a source.
    assert!(
        v.warnings
            .iter()
            .all(|w| matches!(w.warning, Warning::SetByUnsourcedAssumption { .. })),
        "{:?}",
        v.warnings
    );
    // The cap is respected.
    bin()
        .args([
            "run",
            "--quiet",
            "--precision",
            "0.0001",
            "--max-samples",
            "20000",
            "--out",
        ])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let v = summary(&out.join("half"));
    assert!(!v.precision.as_ref().unwrap().met);
    assert!(v.samples <= 20_000);
    assert!(
        v.warnings.iter().any(
            |w| matches!(&w.warning, Warning::PrecisionNotMet { claim, .. } if claim == "pos")
        ),
        "a target not met is a warning in summary.json: {:?}",
        v.warnings
    );
    bin()
        .args(["run", "--precision", "0.01", "--sampling", "lhs", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .code(2);
    bin()
        .args(["run", "--precision", "2", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .code(2);
}

#[test]
fn dependent_scenario_is_reproducible_on_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "dep.toml", DEPENDENT);
    let mut jsons = Vec::new();
    for (threads, sampling) in [("1", "lhs"), ("2", "lhs"), ("1", "mc"), ("2", "mc")] {
        let out = dir.path().join(format!("o{threads}{sampling}"));
        bin()
            .args([
                "run",
                "--quiet",
                "--threads",
                threads,
                "--sampling",
                sampling,
                "--out",
            ])
            .arg(&out)
            .arg(&p)
            .assert()
            .success();
        jsons.push(fs::read(out.join("dep/summary.json")).unwrap());
        assert!(out.join("dep/report.md").exists());
    }
    assert_eq!(jsons[0], jsons[1]);
    assert_eq!(jsons[2], jsons[3]);
    let v: serde_json::Value = serde_json::from_slice(&jsons[2]).unwrap();
    for k in [
        "sensitivity",
        "value_of_information",
        "correlation",
        "prior_quantities",
        "evidence",
        "ess",
    ] {
        assert!(v.get(k).is_some(), "summary.json lacks {k}");
    }
    assert!(v["claims"][0]["prior_probability"].is_number());
    assert_eq!(v["sampling"], "mc");
    assert_eq!(v["sensitivity"]["basis"], "after_evidence");
    assert_eq!(v["sensitivity"]["total_basis"], "before_evidence");
    assert_eq!(v["value_of_information"]["basis"], "after_evidence");
    let s = &v["sensitivity"]["claims"]["3m"]["inputs"]["containers"];
    assert!(s["spearman"].is_number(), "sensitivity lacks spearman");
    for k in ["sobol_first", "sobol_total", "swing"] {
        assert!(
            s[k]["value"].is_number() && s[k]["se"].is_number() && s[k]["status"].is_string(),
            "sensitivity lacks {k}"
        );
    }
}
