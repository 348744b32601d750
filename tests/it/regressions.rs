//! One test per fixed bug, named for what it guards (issue 9 bugs 1, 2, 3; issue 8 items 7 and
//! 13; `--max-samples` without `--precision`). Bug 5 (lots chart from names) is in `charts`.

use std::fs;

use predicates::prelude::*;
use shellcount::output::summary::{Basis, Warning};
use tempfile::TempDir;

use crate::support::{bin, summary, write};

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n";

/// Issue 9 bug 1: a claim whose id equals a model quantity's name kept apart everywhere.
#[test]
fn claim_named_like_a_quantity_keeps_both_sensitivities() {
    let dir = TempDir::new().unwrap();
    let body = format!("{HEAD}[inputs]\nc = \"uniform(1, 2)\"\nnoise = \"uniform(0, 1)\"\n[model]\nshipped = {{ expr = \"c * 1000\", unit = \"shells\" }}\n[[claim]]\nid = \"shipped\"\ntext = \"t\"\nholds_if = \"noise > 0.5\"\n");
    let p = write(&dir, "same.toml", &body);
    let out = dir.path().join("o");
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let s = summary(&out.join("same"));
    let sens = s.sensitivity.as_ref().unwrap();
    let quantity = &sens.quantities["shipped"].inputs;
    let claim = &sens.claims["shipped"].inputs;
    // The quantity is all c; the claim is all noise: neither took the other's place.
    assert!(quantity["c"].sobol_first.value > 0.9 && quantity["noise"].sobol_first.value < 0.1);
    assert!(claim["noise"].sobol_first.value > 0.5 && claim["c"].sobol_first.value < 0.1);
    assert!(quantity["c"].swing.value > 100.0, "swing in shells");
    assert!(claim["noise"].swing.value <= 1.0, "swing in probability");
    let charts = out.join("same/charts");
    assert!(charts.join("tornado_shipped.png").exists());
    assert!(charts.join("tornado_claim-shipped.png").exists());
    let md = fs::read_to_string(out.join("same/report.md")).unwrap();
    assert!(
        md.contains("### shipped (claim)\n") && md.contains("### shipped\n"),
        "{md}"
    );
    assert!(
        md.contains("(charts/tornado_shipped.png)")
            && md.contains("(charts/tornado_claim-shipped.png)")
    );
}

const EVIDENCE: &str = "[inputs]\ntheta = \"normal(0, 1)\"\nx = \"uniform(0, 1)\"\n[model]\ny = \"theta + x\"\n[[claim]]\nid = \"pos\"\ntext = \"t\"\nholds_if = \"theta > 0.5\"\n[[evidence]]\nid = \"m\"\nlikelihood = \"normal(theta, 0.5)\"\nobserved = 1.2\n";

/// Issue 9 bug 2, issue 10 item 4: sensitivity and value of information of an evidence run are
/// computed after the evidence and say so in summary.json, report.md and on the terminal; the
/// total indices say they are before it.
#[test]
fn sensitivity_of_an_evidence_run_states_its_basis_everywhere() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "ev.toml", &format!("{HEAD}{EVIDENCE}"));
    let out = dir.path().join("o");
    bin()
        .args(["run", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "first-order Sobol index S1, after evidence; ST before evidence",
        ));
    let s = summary(&out.join("ev"));
    let sens = s.sensitivity.as_ref().unwrap();
    assert_eq!(sens.basis, Basis::AfterEvidence);
    assert_eq!(sens.total_basis, Some(Basis::BeforeEvidence));
    assert_eq!(
        s.value_of_information.as_ref().unwrap().basis,
        Basis::AfterEvidence
    );
    let md = fs::read_to_string(out.join("ev/report.md")).unwrap();
    assert!(
        md.contains("**These numbers are computed after the evidence**"),
        "{md}"
    );
    assert!(md.contains("**ST is before the evidence**"), "{md}");
    assert!(md.contains("### pos (claim, after evidence)"), "{md}");
    // Without evidence there is no basis to state.
    let p = write(
        &dir,
        "plain.toml",
        &format!("{HEAD}{}", EVIDENCE.split("[[evidence]]").next().unwrap()),
    );
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let s = summary(&out.join("plain"));
    assert_eq!(s.sensitivity.as_ref().unwrap().basis, Basis::NoEvidence);
}

/// Issue 9 bug 3: samples.csv of an evidence run carries the weights; weighted means of its
/// columns are summary.json's results after the evidence.
#[test]
fn samples_csv_of_an_evidence_run_has_a_weight_column() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "ev.toml", &format!("{HEAD}{EVIDENCE}"));
    let out = dir.path().join("o");
    bin()
        .args(["run", "--quiet", "--samples-csv", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let mut r = csv::Reader::from_path(out.join("ev/samples.csv")).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["theta", "x", "y", "weight"]);
    let rows: Vec<Vec<f64>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(|f| f.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 2000);
    let total: f64 = rows.iter().map(|row| row[3]).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    let s = summary(&out.join("ev"));
    let weighted: f64 = rows.iter().map(|row| row[0] * row[3]).sum();
    let after = s.quantities["theta"].stats.unwrap().mean;
    let before = s.prior_quantities.as_ref().unwrap()["theta"]
        .stats
        .unwrap()
        .mean;
    assert!((weighted - after).abs() < 1e-9, "{weighted} vs {after}");
    assert!(
        (weighted - before).abs() > 0.1,
        "the weights matter: {weighted} vs {before}"
    );
}

/// Issue 8 item 7: a claim no draw satisfied does not meet a precision target at 8,192 draws;
/// the target not met is said on the terminal and in summary.json.
#[test]
fn precision_is_not_met_with_zero_hits() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "rare.toml", &format!("{HEAD}[inputs]\nz = \"normal(0, 1)\"\n[[claim]]\nid = \"rare\"\ntext = \"t\"\nholds_if = \"z > 4.5\"\n"));
    let out = dir.path().join("o");
    bin()
        .args([
            "run",
            "--precision",
            "1e-5",
            "--max-samples",
            "20000",
            "--out",
        ])
        .arg(&out)
        .arg(&p)
        .assert()
        .success()
        .stderr(predicate::str::contains("target not met; claim `rare`"));
    let s = summary(&out.join("rare"));
    let pr = s.precision.as_ref().unwrap();
    assert!(!pr.met && pr.reached > 1e-5, "{pr:?}");
    assert_eq!(pr.worst_claim, "rare");
    assert!(s
        .warnings
        .iter()
        .any(|w| matches!(&w.warning, Warning::PrecisionNotMet { claim, .. } if claim == "rare")));
}

/// Issue 8 item 13: every terminal warning is in summary.json with its kind and claim, and the
/// zero-hit bound is the 95% bound (about 3/n), printed non-zero.
#[test]
fn terminal_warnings_are_in_summary_json() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "w.toml", &format!("{HEAD}[inputs]\nz = \"normal(0, 1)\"\n[[claim]]\nid = \"never\"\ntext = \"t\"\nholds_if = \"z > 100\"\n[[claim]]\nid = \"always\"\ntext = \"t\"\nholds_if = \"z > -100\"\n"));
    let out = dir.path().join("o");
    let assert = bin()
        .args(["run", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let s = summary(&out.join("w"));
    let printed: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .collect();
    let written: Vec<&str> = s.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        printed, written,
        "the terminal and summary.json say the same"
    );
    assert_eq!(s.warnings.len(), 3, "{written:?}");
    assert!(matches!(
        s.warnings[0].warning,
        Warning::LowSamples { samples: 2000, .. }
    ));
    match &s.warnings[1].warning {
        Warning::ClaimNeverHeld {
            claim,
            draws,
            upper_bound,
        } => {
            assert_eq!((claim.as_str(), *draws), ("never", 2000.0));
            // 1 − 0.05^(1/2000) = 0.0014967…, about 3/2000.
            assert!((upper_bound - 0.001_496_7).abs() < 1e-6, "{upper_bound}");
        }
        w => panic!("{w:?}"),
    }
    assert!(
        written[1].contains("below 0.15% (95% upper bound from 2,000 draws)"),
        "{}",
        written[1]
    );
    assert!(
        matches!(&s.warnings[2].warning, Warning::ClaimAlwaysHeld { claim, .. } if claim == "always")
    );
    let md = fs::read_to_string(out.join("w/report.md")).unwrap();
    let never = &md[md.find("### never").unwrap()..md.find("### always").unwrap()];
    assert!(
        never.contains("> ⚠ claim \\`never\\`: no draw agreed with it"),
        "{never}"
    );
}

/// `--max-samples` only caps `--precision`: alone it is a usage error (exit 2).
#[test]
fn max_samples_without_precision_is_a_usage_error() {
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "m.toml",
        &format!("{HEAD}[inputs]\nz = \"normal(0, 1)\"\n"),
    );
    bin()
        .args(["run", "--max-samples", "5000", "--out"])
        .arg(dir.path().join("o"))
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--max-samples caps the draws of --precision",
        ));
    assert!(!dir.path().join("o").exists());
}
