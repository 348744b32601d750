//! Command-line tests: every subcommand, every class of bad input, reproducibility and outputs.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn bin() -> Command {
    Command::cargo_bin("shellcount").expect("binary built")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes `text` to `dir/name` and returns the path.
fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, text).unwrap();
    p
}

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n";

/// Runs `check` and `run` on a bad scenario: exit 2, stderr names the file (and line), no output.
fn assert_bad(text: &str, expected: &[&str]) {
    assert_bad_with(text, expected, true)
}

/// Like [`assert_bad`] for problems only sampling can find: `check` passes, `run` fails.
fn assert_bad_when_run(text: &str, expected: &[&str]) {
    assert_bad_with(text, expected, false)
}

fn assert_bad_with(text: &str, expected: &[&str], check_fails: bool) {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "bad.toml", text);
    let out = dir.path().join("out");
    let mut commands = vec![vec!["run", "--quiet", "--out", out.to_str().unwrap()]];
    if check_fails {
        commands.insert(0, vec!["check"]);
    } else {
        bin().arg("check").arg(&p).assert().success();
    }
    for args in commands {
        let mut cmd = bin();
        cmd.args(&args).arg(&p);
        let mut a = cmd
            .assert()
            .code(2)
            .stderr(predicate::str::contains("bad.toml"));
        for e in expected {
            a = a.stderr(predicate::str::contains(*e));
        }
        a.stderr(predicate::str::contains("panicked").not());
    }
    assert!(
        !out.exists(),
        "no output folder may be created for a bad scenario"
    );
}

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
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("summary.json")).unwrap()).unwrap();
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
    let p = c["probability"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
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
        let v: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("small/summary.json")).unwrap())
                .unwrap();
        v
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
fn usage_errors_exit_2() {
    bin().assert().code(2);
    bin().args(["run"]).assert().code(2);
    bin()
        .args(["run", "--samples", "0"])
        .arg(fixture("small.toml"))
        .assert()
        .code(2);
    bin()
        .args(["run", "--samples", "many"])
        .arg(fixture("small.toml"))
        .assert()
        .code(2);
    bin()
        .args(["run", "--threads", "0"])
        .arg(fixture("small.toml"))
        .assert()
        .code(2);
    bin().args(["frobnicate"]).assert().code(2);
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples"));
    let dir = TempDir::new().unwrap();
    let file = write(&dir, "afile", "x");
    bin()
        .args(["run", "--out"])
        .arg(&file)
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a file"));
}

#[test]
fn file_problems() {
    let dir = TempDir::new().unwrap();
    bin()
        .args(["check", "no-such-file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    bin()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder"));
    let empty = write(&dir, "empty.toml", "  \n");
    bin()
        .arg("check")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is empty"));
    let p = dir.path().join("latin1.toml");
    fs::write(&p, b"[scenario]\ntitle = \"caf\xe9\"\n").unwrap();
    bin()
        .arg("check")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"));
}

#[test]
fn toml_syntax_error() {
    assert_bad("[scenario]\ntitle = \"unterminated\n", &["bad.toml:2"]);
}

#[test]
fn unknown_key_suggests_nearest() {
    assert_bad(
        &format!("{HEAD}sampels = 4\n"),
        &["bad.toml:4", "did you mean `samples`?"],
    );
    assert_bad(
        &format!("{HEAD}[inputs]\na = {{ dits = \"1 to 2\" }}\n"),
        &["did you mean `dist`?"],
    );
    assert_bad(
        &format!("{HEAD}[[claim]]\nid = \"a\"\ntext = \"t\"\nholds_of = \"1 > 0\"\n"),
        &["did you mean `holds_if`?"],
    );
}

#[test]
fn missing_required_keys() {
    assert_bad(
        "[scenario]\nsamples = 10\n",
        &["missing required key `title`"],
    );
    assert_bad(
        "[inputs]\na = \"1 to 2\"\n",
        &["missing the [scenario] table"],
    );
    assert_bad(
        &format!("{HEAD}[[claim]]\nid = \"a\"\ntext = \"t\"\n"),
        &["holds_if"],
    );
}

#[test]
fn wrong_types() {
    assert_bad(
        "[scenario]\ntitle = \"t\"\nsamples = \"many\"\n",
        &["bad.toml:3", "invalid type"],
    );
    assert_bad(&format!("{HEAD}[inputs]\na = [1, 2]\n"), &["bad.toml:5"]);
}

#[test]
fn undefined_names_and_functions_suggest() {
    assert_bad(
        &format!("{HEAD}[inputs]\ncontainers = \"1 to 2\"\n[model]\nx = \"contaners * 2\"\n"),
        &[
            "bad.toml:7:6",
            "unknown name `contaners`",
            "did you mean `containers`?",
        ],
    );
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"nromal(0, 1)\"\n"),
        &["unknown function `nromal`", "did you mean `normal`?"],
    );
}

#[test]
fn duplicate_names() {
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"1 to 2\"\n[model]\na = \"3\"\n"),
        &["defined twice"],
    );
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"1 to 2\"\na = \"3\"\n"),
        &["bad.toml:6"],
    );
    assert_bad(&format!("{HEAD}[inputs]\na = \"1\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"a > 0\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"a > 0\"\n"), &["used twice"]);
}

#[test]
fn cycles() {
    assert_bad(
        &format!("{HEAD}[model]\na = \"b + 1\"\nb = \"c * 2\"\nc = \"a\"\n"),
        &["cycle", "a → b → c → a"],
    );
    assert_bad(&format!("{HEAD}[model]\na = \"a + 1\"\n"), &["cycle"]);
}

#[test]
fn expression_syntax_points_at_column() {
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"(1 + 2\"\n"),
        &["bad.toml:5:12", "expected `)`"],
    );
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"1 +* 2\"\n"),
        &["bad.toml:5:9"],
    );
}

#[test]
fn wrong_argument_counts() {
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"beta(1)\"\n"),
        &["beta takes 2 arguments"],
    );
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"sqrt(1, 2)\"\n"),
        &["sqrt takes 1 argument"],
    );
}

#[test]
fn invalid_parameters() {
    for (dist, words) in [
        ("beta(-1, 2)", "beta"),
        ("7400 to 6000", "to"),
        ("0 to 5", "to"),
        ("uniform(3, 3)", "uniform"),
        ("binomial(10, 1.2)", "binomial"),
        ("normal(0, -1)", "normal"),
    ] {
        assert_bad(
            &format!("{HEAD}[inputs]\na = \"{dist}\"\n"),
            &["bad.toml:5", words],
        );
    }
}

#[test]
fn claim_must_be_true_false() {
    assert_bad(&format!("{HEAD}[inputs]\na = \"1 to 2\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"a * 2\"\n"), &["true/false"]);
}

#[test]
fn samples_zero_or_too_large() {
    assert_bad(
        "[scenario]\ntitle = \"t\"\nsamples = 0\n",
        &["samples must be between 1"],
    );
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    bin()
        .args(["run", "--samples", "900000000000", "--out"])
        .arg(&out)
        .arg(fixture("small.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("GiB"))
        .stderr(predicate::str::contains("--samples"));
    assert!(!out.exists());
}

#[test]
fn failure_during_sampling_leaves_no_output() {
    assert_bad_when_run(
        &format!("{HEAD}[inputs]\nz = \"uniform(0, 1)\"\n[model]\nw = \"ln(z - 0.5)\"\n"),
        &["bad.toml:7", "`w`", "NaN"],
    );
    assert_bad_when_run(
        &format!("{HEAD}[inputs]\nz = \"normal(0, 1)\"\n[model]\nw = \"binomial(10, z)\"\n"),
        &["binomial", "draw"],
    );
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
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("same/summary.json")).unwrap()).unwrap();
    assert_eq!(v["quantities"]["zero"]["max"], 0.0);
    assert_eq!(v["quantities"]["zero"]["min"], 0.0);
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
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("half/summary.json")).unwrap()).unwrap();
    let pr = &v["precision"];
    assert_eq!(pr["met"], true);
    assert!(pr["reached"].as_f64().unwrap() <= 0.002);
    // p = 0.5 needs 0.25 / 0.002² = 62,500 draws; rounds overshoot by at most ~2.2×.
    let n = pr["samples_drawn"].as_u64().unwrap();
    assert!((62_500..=140_000).contains(&n), "{n}");
    assert_eq!(v["samples"].as_u64().unwrap(), n);
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
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("half/summary.json")).unwrap()).unwrap();
    assert_eq!(v["precision"]["met"], false);
    assert!(v["samples"].as_u64().unwrap() <= 20_000);
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
    let s = &v["sensitivity"]["3m"]["containers"];
    for k in [
        "spearman",
        "sobol_first",
        "sobol_first_se",
        "sobol_total",
        "swing",
    ] {
        assert!(s[k].is_number(), "sensitivity lacks {k}");
    }
}

#[test]
fn inconsistent_correlations_name_the_inputs() {
    let body = format!("{HEAD}[inputs]\na = \"1 to 2\"\nb = \"1 to 2\"\nc = \"1 to 2\"\n[correlation]\npairs = [[\"a\", \"b\", 0.9], [\"b\", \"c\", 0.9], [\"a\", \"c\", -0.9]]\n");
    assert_bad(&body, &["bad.toml:8", "a, b, c", "allow_adjust"]);
    assert_bad(
        &format!("{HEAD}[inputs]\na = \"1 to 2\"\n[correlation]\npairs = [[\"a\", \"zz\", 0.5]]\n"),
        &["unknown input `zz`"],
    );
    assert_bad(&format!("{HEAD}[inputs]\na = \"1 to 2\"\nb = \"a * 2\"\n[correlation]\npairs = [[\"a\", \"b\", 0.5]]\n"), &["cannot be correlated"]);
    // Opting in gives the nearest valid matrix and a warning.
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "adj.toml",
        &body.replace("[correlation]\n", "[correlation]\nallow_adjust = true\n"),
    );
    bin()
        .args(["run", "--out"])
        .arg(dir.path().join("o"))
        .arg(&p)
        .assert()
        .success()
        .stderr(predicate::str::contains("nearest"));
}

#[test]
fn bad_evidence() {
    assert_bad(&format!("{HEAD}[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"e\"\nlikelihood = \"binomial(100, p)\"\n"), &["evidence.e", "observed"]);
    assert_bad(&format!("{HEAD}[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"e\"\nholds_if = \"p > 0.5\"\ntrust = 1.5\n"), &["trust", "0 to 1"]);
    assert_bad(&format!("{HEAD}[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"e\"\nlikelihood = \"p * 2\"\nobserved = 1\n"), &["one distribution"]);
    assert_bad(&format!("{HEAD}[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"e\"\nholds_if = \"p > 0.5\"\nsource = \"nope\"\n"), &["unknown source"]);
    assert_bad_when_run(&format!("{HEAD}[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"e\"\nlikelihood = \"binomial(100, p)\"\nobserved = 140\n"), &["impossible on every draw"]);
}
