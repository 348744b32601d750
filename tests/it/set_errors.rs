//! A `--set` value that passes every check but fails on some draw points at the option and
//! names its value as the origin, with the key of what failed (exit 2).

use crate::support::{bin, write};
use tempfile::TempDir;

/// `w` draws a binomial with success probability `1 - p`: any `p` outside [0, 1] fails on the
/// first draw, in `w`'s formula, although `p` itself has no range to check it against.
const SHARE: &str = r#"[scenario]
title = "share"
samples = 500
seed = 3
[inputs]
p = { dist = "uniform(0.2, 0.4)" }
n = { dist = "100" }
[model]
w = { expr = "binomial(n, 1 - p)" }
other = { expr = "n * 2" }
[[claim]]
id = "many"
text = "w is at least 60"
holds_if = "w >= 60"
"#;

fn failing_run(dir: &TempDir, set: &str) -> String {
    let f = write(dir, "share.toml", SHARE);
    let out = bin()
        .args(["run", "--quiet", "--out"])
        .arg(dir.path().join("o"))
        .args(["--set", set])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_set_value_failing_downstream_points_at_the_option() {
    let dir = TempDir::new().unwrap();
    let err = failing_run(&dir, "p=1.5");
    assert!(
        err.starts_with("error: --set (applied to "),
        "not located in the option: {err}"
    );
    assert!(err.contains("`w`: quantity `w`, draw 0"), "{err}");
    assert!(err.contains("set for this run by `--set p=1.5`"), "{err}");
    assert!(err.contains("1 | p=1.5\n  |   ^^^"), "{err}");
    assert!(err.contains("share.toml:9) is computed from `p`"), "{err}");
}

#[test]
fn a_set_formula_failing_on_a_draw_points_at_the_option() {
    let dir = TempDir::new().unwrap();
    let err = failing_run(&dir, "w=binomial(n, 1.5 - p)");
    assert!(err.starts_with("error: --set (applied to "), "{err}");
    assert!(
        err.contains("`w` is set for this run by `--set w=binomial(n, 1.5 - p)`"),
        "{err}"
    );
}

#[test]
fn only_the_sets_that_feed_the_failure_are_named() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "share.toml", SHARE);
    let out = bin()
        .args(["run", "--quiet", "--out"])
        .arg(dir.path().join("o"))
        .args(["--set", "other=n * 3", "--set", "p=-1"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("`--set p=-1`"), "{err}");
    assert!(err.contains("1 | p=-1"), "{err}");
    assert!(
        !err.contains("--set other"),
        "`other` does not feed `w`: {err}"
    );
}
