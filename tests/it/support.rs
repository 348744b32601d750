//! Shared test support: the binary under test, temp files, scenarios from text and runs; the
//! seeded streams and statistics (KS, moments) are `src/test_stats.rs`, shared with the unit
//! tests.

use assert_cmd::Command;
use predicates::prelude::*;
use shellcount::engine::{self, Draws};
use shellcount::output::summary::Summary;
use shellcount::scenario::{from_text, Scenario};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

#[path = "../../src/test_stats.rs"]
mod test_stats;
pub use test_stats::*;

/// The `shellcount` binary.
pub fn bin() -> Command {
    Command::cargo_bin("shellcount").expect("binary built")
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, text).unwrap();
    p
}

/// `shellcount run --quiet --out OUT SCENARIO`, which must succeed.
pub fn run_quiet(scenario: &Path, out: &Path) {
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .arg(scenario)
        .assert()
        .success();
}

/// The `summary.json` in the output folder `folder`, parsed.
pub fn summary_json(folder: &Path) -> serde_json::Value {
    let text = fs::read_to_string(folder.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The `summary.json` in the output folder `folder`, read as the typed [`Summary`] (which
/// fails on any field the schema does not have).
pub fn summary(folder: &Path) -> Summary {
    let text = fs::read_to_string(folder.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs `check` and `run` on a bad scenario: exit 2, stderr names the file (and line), no output.
pub fn assert_bad(text: &str, expected: &[&str]) {
    assert_bad_with(text, expected, true)
}

/// Like [`assert_bad`] for problems only sampling can find: `check` passes, `run` fails.
pub fn assert_bad_when_run(text: &str, expected: &[&str]) {
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

/// A scenario from `body` (everything after the `[scenario]` header), named `t.toml`.
pub fn scenario(body: &str) -> Scenario {
    from_text(
        Path::new("t.toml"),
        &format!("[scenario]\ntitle = \"t\"\n{body}"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A scenario from its whole text, named `path`.
pub fn scenario_text(path: &str, text: &str) -> Scenario {
    from_text(Path::new(path), text).unwrap_or_else(|e| panic!("{e}"))
}

/// `samples` draws of `s` with `seed` (plain Monte Carlo).
pub fn run(s: &Scenario, samples: usize, seed: u64) -> Draws {
    engine::run(&s.program, samples, seed, &|_| {}).expect("runs")
}

/// The draws of quantity `name`.
pub fn column<'a>(s: &Scenario, draws: &'a Draws, name: &str) -> &'a [f64] {
    let q = s
        .program
        .quantity(name)
        .unwrap_or_else(|| panic!("no quantity `{name}`"));
    &draws.columns[q]
}
