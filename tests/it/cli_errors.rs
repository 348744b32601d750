//! Command-line errors: every class of bad input exits 2 with a located message and no output.

use crate::support::{assert_bad, assert_bad_when_run, bin, fixture, write};
use predicates::prelude::*;
use std::fs;
use tempfile::TempDir;

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n";

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
        &["bad.toml:3", "`scenario.samples`", "`many` is not a number"],
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
    // Beyond what fits in memory and beyond the streaming mode's 10^12 draws.
    bin()
        .args(["run", "--samples", "2000000000000", "--out"])
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
        &["bad.toml:7", "`w`", "is nan on draw"],
    );
    assert_bad_when_run(
        &format!("{HEAD}[inputs]\nz = \"normal(0, 1)\"\n[model]\nw = \"binomial(10, z)\"\n"),
        &["binomial", "draw"],
    );
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
