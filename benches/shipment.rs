//! Criterion benchmarks of `[shipment]`: per-container simulation through the engine.
//!
//! Run with `cargo bench --bench shipment`. Each benchmark draws 10,000 iterations of a shipment
//! of N containers (two cargo types: 152 mm shells with per-container `normal(mean_load, 25)`
//! loads, i.e. the per-container loop, and other cargo), three lots assigned per container with
//! binomial duds, and uncertain shares, loads and dud rates:
//! - `shipment/containers/6700`: the ROK Feb 2024 count;
//! - `shipment/containers/28000`: the ROK DIA Jul 2025 count.
//!
//! and `shipment/model/per_container`: the engine alone on `benches/per_container.toml`, the
//! model of issue 15's per-container target (6,700 containers × 10,000 iterations, rounded
//! `300 to 600` lognormal loads, three lots with beta dud rates; target ≤ 0.15 s).

use criterion::{criterion_group, criterion_main, Criterion};
use shellcount::engine;
use std::path::{Path, PathBuf};
use std::time::Duration;

const ITERATIONS: usize = 10_000;

fn scenario(containers: u64) -> String {
    format!(
        r#"[scenario]
title = "bench"
[inputs]
share_152 = "uniform(0.4, 0.9)"
mean_load = "400 to 500"
s70 = "uniform(0.2, 0.4)"
s80 = "uniform(0.2, 0.4)"
d70 = "beta(10, 10)"
d80 = "beta(3, 12)"
dnew = "beta(2, 30)"
[shipment]
containers = {containers}
[[shipment.cargo]]
id = "s152"
share = "share_152"
load = "normal(mean_load, 25)"
[[shipment.cargo]]
id = "other"
share = "1 - share_152"
[[shipment.lot]]
id = "l1970s"
share = "s70"
dud_rate = "d70"
[[shipment.lot]]
id = "l1980s"
share = "s80"
dud_rate = "d80"
[[shipment.lot]]
id = "new"
share = "1 - s70 - s80"
dud_rate = "dnew"
"#
    )
}

fn shipment(c: &mut Criterion) {
    let mut g = c.benchmark_group("shipment/containers");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    for n in [6_700u64, 28_000] {
        let s = shellcount::scenario::from_text(Path::new("bench.toml"), &scenario(n))
            .expect("valid scenario");
        g.bench_function(format!("{n}"), |b| {
            b.iter(|| engine::run(&s.program, ITERATIONS, 1, &|_| {}).expect("runs"))
        });
    }
    g.finish();
}

fn per_container(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/per_container.toml");
    let s = shellcount::scenario::load(&path).expect("valid scenario");
    let mut g = c.benchmark_group("shipment/model");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("per_container", |b| {
        b.iter(|| engine::run(&s.program, ITERATIONS, 1, &|_| {}).expect("runs"))
    });
    g.finish();
}

criterion_group!(benches, shipment, per_container);
criterion_main!(benches);
