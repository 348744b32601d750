//! Unbounded work (issue 8 item 4): a `[shipment]` whose per-container loads would take hours
//! is refused before sampling, with the estimate and what to change; the suggested exact
//! loads run; a chunk far beyond its share stops the run; long shipment runs report progress
//! as they go.

use crate::support::{bin, scenario_text, write};
use predicates::prelude::*;
use shellcount::engine::{self, EngineError, RunSpec, SHIPMENT_CHUNK};
use shellcount::model::limits::MAX_CONTAINER_LOADS;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tempfile::TempDir;

fn shipment(containers: &str, load: &str, samples: u64) -> String {
    format!(
        "[scenario]\ntitle = \"t\"\nsamples = {samples}\nseed = 1\n[inputs]\nu = \"uniform(0, 1)\"\n\
         [shipment]\ncontainers = \"{containers}\"\n\
         [[shipment.cargo]]\nid = \"s\"\nshare = 0.5\nload = \"{load}\"\n\
         [[shipment.cargo]]\nid = \"other\"\nshare = 0.5\n"
    )
}

/// The reproduction: 1e9 containers with a per-container normal load passed `check`
/// and then ran for hours. Now `run` refuses before sampling, with the estimate and the fix.
#[test]
fn a_shipment_that_would_run_for_hours_is_refused_before_sampling() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    for containers in ["1e9", "1e8 to 1e9"] {
        let p = write(
            &dir,
            "huge.toml",
            &shipment(containers, "normal(448, 30)", 20_000),
        );
        let t = std::time::Instant::now();
        bin()
            .args(["run", "--quiet", "--out"])
            .arg(&out)
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "`shipment`: [shipment] would draw about ",
            ))
            .stderr(predicate::str::contains(
                "container loads one by one (20000 samples × about",
            ))
            .stderr(predicate::str::contains("more than the limit of 1e11"))
            .stderr(predicate::str::contains("use fewer samples (--samples "))
            .stderr(predicate::str::contains(
                "or a poisson(mean) or binomial(n, p) load",
            ));
        // Refused before sampling: no hours, no output folder.
        assert!(
            t.elapsed().as_secs() < 60,
            "{containers}: {:?}",
            t.elapsed()
        );
        assert!(!out.exists());
    }
    // The estimate names a sample count that fits, and that count runs past the check.
    let s = scenario_text("t.toml", &shipment("1e9", "normal(448, 30)", 20_000));
    let Err(e @ EngineError::TooMuchWork { per_draw, .. }) =
        engine::run(&s.program, 20_000, 1, &|_| {})
    else {
        panic!("not refused");
    };
    assert!(
        (per_draw / 5e8 - 1.0).abs() < 1e-9,
        "half of 1e9 containers loop: {per_draw}"
    );
    let spec = RunSpec {
        samples: 20_000,
        seed: 1,
        ..RunSpec::default()
    };
    assert_eq!(
        engine::container_loads(&s.program, &spec),
        Ok(20_000.0 * 5e8)
    );
    let help = e.help().unwrap();
    assert!(help.contains("--samples 200 or fewer"), "{help}");
}

/// The suggested fix: a Poisson load of a billion containers is exact (one draw per cargo
/// type and draw) and quick.
#[test]
fn poisson_loads_of_a_billion_containers_run() {
    let s = scenario_text("t.toml", &shipment("1e9", "poisson(448)", 2_000));
    let d = engine::run(&s.program, 2_000, 1, &|_| {}).expect("runs");
    let total = &d.columns[s.program.quantity("delivered_total").unwrap()];
    let mean = total.iter().sum::<f64>() / total.len() as f64;
    // E = 1e9 × 0.5 × 448; sd of the mean over 2,000 draws ≈ √(1e9 · 0.25 · 448²)/√2000 ≈ 1.6e5.
    assert!((mean - 2.24e11).abs() < 4.0 * 1.6e5, "{mean}");
}

/// The estimate comes from the first chunk. When the container count has a heavy tail, a
/// later chunk can need far more: beyond four times its share of the limit, it stops the run.
#[test]
fn a_chunk_far_beyond_its_share_of_the_work_stops_the_run() {
    // 1e13 containers on about 1 draw in 100,000, else 100: with seed 1 the only such draw is
    // 76,872 (in chunk 300 of 256 draws), so the first chunk has none.
    let samples = 120_000;
    let text = shipment("if(u > 0.99999, 1e13, 100)", "normal(448, 30)", samples);
    let s = scenario_text("t.toml", &text);
    match engine::run(&s.program, samples as usize, 1, &|_| {}) {
        Err(EngineError::TooMuchWork {
            first_draw,
            draws,
            per_draw,
            ..
        }) => {
            assert!(
                first_draw == 300 * SHIPMENT_CHUNK as u64 && draws == SHIPMENT_CHUNK as u64,
                "{first_draw}"
            );
            assert!(
                per_draw * samples as f64 > 4.0 * MAX_CONTAINER_LOADS,
                "{per_draw}"
            );
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

/// Progress is reported within a chunk as its shipment draws go, not only when it ends, and
/// adds up to the draws made.
#[test]
fn long_shipment_runs_report_progress_as_they_go() {
    let samples = 3_000;
    let s = scenario_text("t.toml", &shipment("2000", "normal(448, 30)", samples));
    let total = AtomicU64::new(0);
    let steps = Mutex::new(Vec::new());
    let progress = |n: u64| {
        total.fetch_add(n, Ordering::Relaxed);
        steps.lock().unwrap().push(n);
    };
    engine::run(&s.program, samples as usize, 1, &progress).expect("runs");
    assert_eq!(total.load(Ordering::Relaxed), samples);
    let steps = steps.into_inner().unwrap();
    assert!(
        steps.len() > 10,
        "one chunk of 3,000 draws, reported in {steps:?}"
    );
}
