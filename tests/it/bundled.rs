//! Every bundled scenario (`scenarios/*.toml`) is checked, run at small N and written (JSON and
//! report in memory); its summary reads back as the typed `Summary`. Two of them are pinned by
//! snapshots of `summary.json` and `report.md` (`tests/it/snapshots/`, insta): they guard the
//! promise that the same scenario, seed and sample count give the same results bit for bit.
//! After an intended change, review with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always`) and commit the snapshots.

use std::path::{Path, PathBuf};

use shellcount::analysis::{analyse, RunFacts};
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::output::charts::plan;
use shellcount::output::report::report_markdown;
use shellcount::output::summary::Summary;
use shellcount::results::RunResult;
use shellcount::scenario;

use crate::schema::round_trips;

/// Draws per bundled scenario: small enough to keep `cargo test` fast.
const N: usize = 2_000;

fn bundled() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// The scenario at `path` run with [`N`] draws, its own seed, and small sensitivity sizes.
fn result(path: &Path) -> RunResult {
    let s = scenario::load(path).unwrap_or_else(|e| panic!("{e}"));
    let seed = s.seed.unwrap_or(scenario::DEFAULT_SEED);
    let spec = RunSpec {
        samples: N,
        seed,
        sampling: Sampling::Mc,
        overrides: Default::default(),
        reuse: None,
    };
    let draws = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    let facts = RunFacts {
        seed,
        samples: N as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: N,
        saltelli_base: 64,
        precision: None,
    };
    analyse(&s, &draws, &facts).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_bundled_scenario_checks_runs_and_writes() {
    let files = bundled();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let r = result(&path);
        let json = Summary::from_result(&r).to_json();
        let s = round_trips(&json);
        assert_eq!(s.samples, N as u64);
        assert!(s
            .claims
            .iter()
            .all(|c| (0.0..=1.0).contains(&c.probability)));
        let md = report_markdown(&r, &plan(&r));
        assert!(md.starts_with("# "), "{}", path.display());
        for c in &s.claims {
            assert!(
                md.contains(&format!("### {}", c.id)),
                "{}: {}",
                path.display(),
                c.id
            );
        }
    }
}

fn snapshot(file: &str) {
    let r = result(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(file),
    );
    let stem = file.trim_end_matches(".toml");
    let json = String::from_utf8(Summary::from_result(&r).to_json()).unwrap();
    insta::assert_snapshot!(format!("{stem}.summary.json"), json);
    insta::assert_snapshot!(format!("{stem}.report.md"), report_markdown(&r, &plan(&r)));
}

#[test]
fn rok_mnd_outputs_are_pinned() {
    snapshot("rok-mnd-2024-02.toml");
}

#[test]
fn early_2024_combined_outputs_are_pinned() {
    snapshot("early-2024-combined.toml");
}
