//! Criterion benchmarks of the engine and of whole runs.
//!
//! Run with `cargo bench --bench engine`; figures are recorded in BENCHMARKS.md.
//! - `engine/rok_mnd/N`: draws only, for the bundled ROK scenario at 10^6 and 10^7 samples.
//! - `end_to_end/three_input_1e7`: `shellcount run` on benches/three_input.toml with 10^7 draws and
//!   every output (summary.json, report.md, all charts), through the library entry point.

use criterion::{criterion_group, criterion_main, Criterion};
use shellcount::cli::RunArgs;
use shellcount::engine;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn manifest(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn engine_draws(c: &mut Criterion) {
    let s = shellcount::scenario::load(&manifest("scenarios/rok-mnd-2024-02.toml"))
        .expect("valid scenario");
    let mut g = c.benchmark_group("engine/rok_mnd");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in [1_000_000usize, 10_000_000] {
        g.bench_function(format!("{n}"), |b| {
            b.iter(|| engine::run(&s.program, n, 1, &|_| {}).expect("runs"))
        });
    }
    g.finish();
}

fn end_to_end(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("temp dir");
    let args = RunArgs {
        scenarios: vec![manifest("benches/three_input.toml")],
        samples: Some(10_000_000),
        seed: Some(1),
        out: out.path().to_path_buf(),
        threads: None,
        quiet: true,
        samples_csv: false,
        low_memory: false,
        sampling: shellcount::cli::SamplingArg::Mc,
        precision: None,
        max_samples: None,
        sensitivity_draws: 200_000,
        saltelli_base: 20_000,
        whatif: Default::default(),
    };
    let mut g = c.benchmark_group("end_to_end");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("three_input_1e7", |b| {
        b.iter(|| shellcount::cmd::run::run(&args).expect("runs"))
    });
    g.finish();
}

criterion_group!(benches, engine_draws, end_to_end);
criterion_main!(benches);
