//! Several scenario files in one run: every file runs, each failure is reported, the exit code
//! says that something failed, and the memory preflight names the setting to change.

use crate::support::{bin, fixture, write};
use predicates::prelude::*;
use std::fs;
use tempfile::TempDir;

const GOOD: &str = "[scenario]\ntitle = \"good\"\nsamples = 2000\n[inputs]\nx = \"1 to 2\"\n";
/// Valid, but fails on its first draw (`ln` of a negative number).
const FAILS_WHEN_RUN: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n[inputs]\nz = \"uniform(0, 1)\"\n[model]\nw = \"ln(z - 0.5)\"\n";
/// Invalid: found by validation.
const INVALID: &str = "[scenario]\ntitle = \"t\"\n[model]\ny = \"nope + 1\"\n";

#[test]
fn a_failing_file_does_not_stop_the_others() {
    let dir = TempDir::new().unwrap();
    let g1 = write(&dir, "g1.toml", GOOD);
    let bad = write(&dir, "bad.toml", FAILS_WHEN_RUN);
    let g2 = write(&dir, "g2.toml", GOOD);
    let out = dir.path().join("o");
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .args([&g1, &bad, &g2])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:7"))
        .stderr(predicate::str::contains("1 of 3 scenario files failed"))
        .stderr(predicate::str::contains("succeeded (2)"))
        .stderr(predicate::str::contains("g1.toml →"))
        .stderr(predicate::str::contains("g2.toml →"));
    assert!(out.join("g1/summary.json").is_file());
    assert!(out.join("g2/summary.json").is_file());
    assert!(!out.join("bad").exists());
}

#[test]
fn invalid_files_are_all_reported_first_and_the_valid_ones_still_run() {
    let dir = TempDir::new().unwrap();
    let i1 = write(&dir, "i1.toml", INVALID);
    let g = write(&dir, "g.toml", GOOD);
    let i2 = write(&dir, "i2.toml", INVALID);
    let out = dir.path().join("o");
    let o = bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .args([&i1, &g, &i2])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let at = |s: &str| {
        stderr
            .find(s)
            .unwrap_or_else(|| panic!("no {s} in {stderr}"))
    };
    assert!(at("i1.toml:4") < at("i2.toml:4"), "{stderr}");
    assert!(
        at("i2.toml:4") < at("2 of 3 scenario files failed"),
        "{stderr}"
    );
    assert!(at("i1.toml, ") < at("i2.toml\nsucceeded (1)"), "{stderr}");
    assert!(out.join("g/summary.json").is_file());
    // Only invalid files: every problem at once, as `check` does, and no output folder.
    bin()
        .args(["run", "--out"])
        .arg(out.join("none"))
        .args([&i1, &i2])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 problems found"));
    assert!(!out.join("none").exists());
}

#[test]
fn a_run_where_every_file_fails_leaves_no_output_folder() {
    let dir = TempDir::new().unwrap();
    let b1 = write(&dir, "b1.toml", FAILS_WHEN_RUN);
    let b2 = write(&dir, "b2.toml", FAILS_WHEN_RUN);
    let out = dir.path().join("new/o");
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .args([&b1, &b2])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("none succeeded"));
    assert!(!dir.path().join("new").exists());
}

#[test]
fn memory_preflight_never_saturates_and_names_the_setting_that_binds() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    let run = |args: &[&str]| {
        let o = bin()
            .args(["run", "--quiet", "--out"])
            .arg(&out)
            .args(args)
            .arg(fixture("small.toml"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let e = run(&["--samples", "18446744073709551615"]);
    assert!(e.contains("more than 16 EiB"), "{e}");
    assert!(e.contains("the streaming mode takes at most"), "{e}");
    let fits: u64 = e
        .split("use --samples ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{e}"));
    // 5 quantities × 8 + 2 claims bytes per draw: a count that fits is far below 2^64 / 42.
    assert!(fits < u64::MAX / 42, "{e}");
    // More than the streaming mode takes (10^12), so neither mode can run it.
    let e = run(&["--precision", "0.001", "--max-samples", "2000000000000"]);
    assert!(e.contains("--max-samples 2000000000000"), "{e}");
    assert!(e.contains("use --max-samples "), "{e}");
    assert!(!e.contains("--samples "), "{e}");
    assert!(!out.exists());
}

/// Under `ulimit -v 6000000` (about 5.7 GiB of address space) 2·10¹² draws (more than the
/// streaming mode takes) are refused with exit 2 before sampling, instead of aborting on a
/// failed allocation; a small run still works.
#[cfg(target_os = "linux")]
#[test]
fn address_space_limit_is_read_and_refuses_before_allocating() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    let bin = assert_cmd::cargo::cargo_bin("shellcount");
    let sh = |samples: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 6000000 && exec \"$0\" run --quiet --threads 2 --samples-csv --samples \"$1\" --out \"$2\" \"$3\"")
            .arg(&bin)
            .arg(samples)
            .arg(&out)
            .arg(fixture("small.toml"))
            .output()
            .unwrap()
    };
    let o = sh("2000000000000");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("RLIMIT_AS"), "{stderr}");
    assert!(stderr.contains("use --samples "), "{stderr}");
    assert!(
        stderr.contains("the streaming mode takes at most"),
        "{stderr}"
    );
    assert!(!out.exists());
    let o = sh("2000");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(fs::metadata(out.join("small/summary.json")).is_ok());
}
