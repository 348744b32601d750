//! Criterion benchmarks of the analysis and the exporters (what the ignored timing tests used to
//! print): `cargo bench --bench analysis`.
//!
//! - `analysis/summaries/1e6`: `analyse` of `benches/three_input.toml` at 10^6 draws without
//!   sensitivity (moments, exact percentiles, histograms and exceedance curves of every column);
//! - `analysis/sensitivity/1e5`: the same at 10^5 draws with every sensitivity measure (given-data
//!   indices, swing, value of information, a Saltelli design of base 10,000);
//! - `analysis/correlated_draws/1e6`: the engine on six inputs with a rank-correlation chain
//!   (Iman–Conover reordering in every chunk);
//! - `exporters/samples_csv/1e6`: `samples.csv` of 10^6 draws (six columns), in memory;
//! - `exporters/json_and_report`: `summary.json` and `report.md` of the 10^5 run;
//! - `charts/per_container/{with,without}_sensitivity`: every chart of `benches/per_container.toml`
//!   at 10^4 draws drawn to PNG and SVG on one thread, with the sensitivity analysis (its tornado
//!   and value-of-information charts) and without it: `cargo bench --bench analysis -- charts/`;
//! - `per_container/analyse/{with,without}_sensitivity`: `analyse` of the same run (10^4 draws,
//!   delivery traces kept as a run keeps them, Saltelli base 1,024) on one thread, with every
//!   sensitivity measure and without: the analysis's CPU cost, `-- per_container/`.

use criterion::{criterion_group, criterion_main, Criterion};
use shellcount::analysis::{analyse, trace_rows, RunFacts};
use shellcount::engine::{self, Sampling};
use shellcount::output::charts::render_all;
use shellcount::output::report::Report;
use shellcount::output::samples_csv::SamplesCsv;
use shellcount::output::{Exporter, Json};
use shellcount::scenario::{self, Scenario};
use std::path::Path;
use std::time::Duration;

fn three_input() -> Scenario {
    scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/three_input.toml"))
        .expect("bench scenario")
}

fn facts(n: usize, sensitivity: bool) -> RunFacts {
    RunFacts {
        seed: 1,
        samples: n as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: if sensitivity { n } else { 0 },
        saltelli_base: if sensitivity { 10_000 } else { 0 },
        precision: None,
    }
}

fn analysis(c: &mut Criterion) {
    let s = three_input();
    let mut g = c.benchmark_group("analysis");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let big = engine::run(&s.program, 1_000_000, 1, &|_| {}).expect("runs");
    g.bench_function("summaries/1e6", |b| {
        b.iter(|| analyse(&s, &big, &facts(1_000_000, false)).expect("analyses"))
    });
    let small = engine::run(&s.program, 100_000, 1, &|_| {}).expect("runs");
    g.bench_function("sensitivity/1e5", |b| {
        b.iter(|| analyse(&s, &small, &facts(100_000, true)).expect("analyses"))
    });
    let text = "[scenario]\ntitle = \"c\"\n[inputs]\nx0 = \"uniform(0, 1)\"\nx1 = \"beta(2, 5)\"\nx2 = \"6000 to 7400\"\nx3 = \"normal(0, 1)\"\nx4 = \"gamma(2, 3)\"\nx5 = \"uniform(5, 9)\"\n[correlation]\npairs = [[\"x0\", \"x1\", 0.4], [\"x1\", \"x2\", 0.4], [\"x2\", \"x3\", 0.4], [\"x3\", \"x4\", 0.4], [\"x4\", \"x5\", 0.4]]\n";
    let correlated = scenario::from_text(Path::new("c.toml"), text).expect("scenario");
    g.bench_function("correlated_draws/1e6", |b| {
        b.iter(|| engine::run(&correlated.program, 1_000_000, 1, &|_| {}).expect("runs"))
    });
    g.finish();

    let mut g = c.benchmark_group("exporters");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let r = analyse(&s, &big, &facts(1_000_000, false)).expect("analyses");
    let csv = SamplesCsv {
        draws: &big,
        columns: Vec::new(),
    };
    g.bench_function("samples_csv/1e6", |b| {
        b.iter(|| csv.export(&r).expect("writes"))
    });
    let r = analyse(&s, &small, &facts(100_000, true)).expect("analyses");
    g.bench_function("json_and_report", |b| {
        b.iter(|| {
            (
                Json.export(&r).expect("json"),
                Report.export(&r).expect("report"),
            )
        })
    });
    g.finish();
}

/// `benches/per_container.toml` and the facts of its default run at 10^4 draws (Saltelli base
/// 1,024).
fn per_container_model() -> (Scenario, RunFacts) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/per_container.toml");
    let s = scenario::load(&path).expect("bench scenario");
    let sensitive = RunFacts {
        saltelli_base: 1_024,
        ..facts(10_000, true)
    };
    (s, sensitive)
}

/// A pool of one thread: what runs in it costs its CPU time.
fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool")
}

fn charts(c: &mut Criterion) {
    let (s, sensitive) = per_container_model();
    let d = engine::run(&s.program, 10_000, 1, &|_| {}).expect("runs");
    let with = analyse(&s, &d, &sensitive).expect("analyses");
    let mut without = with.clone();
    without.sensitivity = None;
    let one = one_thread();
    let mut g = c.benchmark_group("charts");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    for (name, r) in [("with", &with), ("without", &without)] {
        g.bench_function(format!("per_container/{name}_sensitivity"), |b| {
            b.iter(|| one.install(|| render_all(r).expect("draws")))
        });
    }
    g.finish();
}

fn per_container(c: &mut Criterion) {
    let (s, sensitive) = per_container_model();
    let spec = engine::RunSpec {
        samples: 10_000,
        seed: 1,
        sampling: Sampling::Mc,
        overrides: Default::default(),
        reuse: None,
        resample: None,
    };
    let traced = trace_rows(&s, &sensitive);
    let d = engine::run_recording(&s.program, &spec, traced, &|_| {}).expect("runs");
    let one = one_thread();
    let mut g = c.benchmark_group("per_container");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    for (name, f) in [("with", &sensitive), ("without", &facts(10_000, false))] {
        g.bench_function(format!("analyse/{name}_sensitivity"), |b| {
            b.iter(|| one.install(|| analyse(&s, &d, f).expect("analyses")))
        });
    }
    g.finish();
}

criterion_group!(benches, analysis, charts, per_container);
criterion_main!(benches);
