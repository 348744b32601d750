//! Issue 15 item 4: the options the streaming mode (`--low-memory`) once refused give the
//! in-memory files byte for byte: `--samples-csv` (written during pass 1, in draw order; with
//! `[[evidence]]` during the pass that rebuilds the final weights, its weight column included);
//! `--precision` (its rounds continue the chunks of the last round); sweeps and `--solve`
//! (each point streamed); `--sampling lhs` (its permutations computed per draw).

use std::fs;
use std::path::{Path, PathBuf};

use shellcount::analysis::{
    analyse_streaming, analyse_streaming_with, analyse_with, draw_to_precision,
    stream_to_precision, AnalysisError, Curves, PrecisionGoal, RunFacts, Streaming,
};
use shellcount::engine::stream::Chunk;
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::model::QuantityId;
use shellcount::output::samples_csv::{ChunkCsv, SamplesCsv};
use shellcount::output::summary::Summary;
use shellcount::output::Exporter;
use shellcount::results::MemoryMode;
use shellcount::scenario::{self, Scenario};
use tempfile::TempDir;

use crate::support::{bin, fixture};

fn bundled(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"))
}

/// `shellcount run --quiet --out OUT ARGS SCENARIO`, which must succeed; its output folder.
fn run(args: &[&str], out: &Path, scenario: &Path) -> PathBuf {
    let o = bin()
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .args(args)
        .arg(scenario)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out.join(scenario.file_stem().unwrap())
}

/// summary.json in `folder` without its memory mode, which must say streaming when `streamed`.
fn summary_without_mode(folder: &Path, streamed: bool) -> serde_json::Value {
    json_without_mode(&folder.join("summary.json"), streamed)
}

/// A summary file without its memory mode, which must say streaming when `streamed`.
fn json_without_mode(file: &Path, streamed: bool) -> serde_json::Value {
    let mut s: serde_json::Value = serde_json::from_slice(&fs::read(file).unwrap()).unwrap();
    let mode = s.as_object_mut().unwrap().remove("memory_mode");
    assert_eq!(
        mode.is_some(),
        streamed,
        "memory_mode recorded when streamed"
    );
    if let Some(m) = mode {
        assert_eq!(m["mode"], "streaming");
    }
    s
}

/// Runs `args` in memory and with `--low-memory` on 1 and 2 threads: the files named are the
/// same bytes, summary.json the same but for its memory mode.
fn assert_same_files(scenario: &Path, args: &[&str], files: &[&str]) {
    let dir = TempDir::new().unwrap();
    let mem = run(
        &[args, &["--threads", "2"]].concat(),
        &dir.path().join("m"),
        scenario,
    );
    let want = summary_without_mode(&mem, false);
    for threads in ["1", "2"] {
        let low_args = [args, &["--threads", threads, "--low-memory"]].concat();
        let low = run(&low_args, &dir.path().join(format!("l{threads}")), scenario);
        assert_eq!(
            summary_without_mode(&low, true),
            want,
            "{args:?}, {threads} threads"
        );
        for f in files {
            let (a, b) = (
                fs::read(mem.join(f)).unwrap(),
                fs::read(low.join(f)).unwrap(),
            );
            assert!(a == b, "{f} differs: {args:?}, {threads} threads");
        }
    }
}

/// samples.csv of `samples` draws of `s` kept in memory, and written by the streaming mode's
/// pass 1 (on `threads`), of the quantities `columns` (empty: all).
fn csv_both_ways(
    s: &Scenario,
    samples: usize,
    columns: &[QuantityId],
    threads: usize,
) -> [Vec<u8>; 2] {
    let f = RunFacts {
        seed: 11,
        samples: samples as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: 2_000,
        saltelli_base: 0,
        precision: None,
    };
    let spec = RunSpec {
        samples,
        seed: f.seed,
        ..Default::default()
    };
    let draws = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    let result = analyse_with(s, &draws, &f, Curves::None).unwrap();
    let csv = SamplesCsv {
        draws: &draws,
        columns: columns.to_vec(),
    };
    let kept = csv.export(&result).unwrap().remove(0).bytes;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let streamed = pool.install(|| {
        let mut writer = ChunkCsv::new(Vec::new(), s, columns).unwrap();
        let mut tap = |batch: &[Chunk], weights: Option<&[Vec<f64>]>| {
            writer
                .feed(batch, weights)
                .map_err(|e| AnalysisError::Write(e.into()))
        };
        let how = Streaming {
            gather: 1 << 24,
            curves: Curves::None,
            pass: &|_| {},
            progress: &|_| {},
            rows: Some(&mut tap),
        };
        analyse_streaming_with(s, &f, how).unwrap();
        writer.finish().unwrap()
    });
    [kept, streamed]
}

#[test]
fn samples_csv_of_many_batches_is_written_in_draw_order() {
    // 37 chunks of 8,192 draws and a part chunk: two batches of chunks.
    let s = scenario::load(&fixture("small.toml")).unwrap();
    let working = s.program.quantity("working").unwrap();
    let [kept, streamed] = csv_both_ways(&s, 300_001, &[working], 2);
    assert_eq!(kept.iter().filter(|&&b| b == b'\n').count(), 300_002);
    assert!(kept == streamed, "samples.csv differs");
    // A [shipment]: chunks of 256 draws, every quantity.
    let s = scenario::load(&bundled("payload-448")).unwrap();
    let [kept, streamed] = csv_both_ways(&s, 1_000, &[], 1);
    assert!(kept == streamed, "payload-448: samples.csv differs");
}

#[test]
fn samples_csv_streams_to_the_same_bytes_on_the_command_line() {
    let args = [
        "--samples",
        "20000",
        "--samples-csv",
        "--columns",
        "working,containers",
    ];
    assert_same_files(&fixture("small.toml"), &args, &["samples.csv"]);
}

/// [`EVIDENCE_MODEL`] (its quantity `weight` makes the weight column `_weight`); 17,000 draws
/// are three chunks, the last a part one.
#[test]
fn samples_csv_with_evidence_streams_to_the_same_bytes() {
    let dir = TempDir::new().unwrap();
    let file = crate::support::write(&dir, "ev.toml", EVIDENCE_MODEL);
    let args = ["--samples", "17000", "--seed", "3", "--samples-csv"];
    assert_same_files(&file, &args, &["samples.csv"]);
    // The file checked: its weight column sums to 1 and is 0 exactly where the bound fails.
    let out = run(&args, &dir.path().join("again"), &file);
    let mut r = csv::Reader::from_path(out.join("samples.csv")).unwrap();
    let names: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(names.last().unwrap(), "_weight", "{names:?}");
    let c = names.iter().position(|n| n == "c").unwrap();
    let (mut total, mut zeros, mut rows) = (0.0, 0, 0);
    for rec in r.records() {
        let rec = rec.unwrap();
        let w: f64 = rec[names.len() - 1].parse().unwrap();
        let x: f64 = rec[c].parse().unwrap();
        assert_eq!(w == 0.0, x <= -2.0, "row {rows}: c {x}, weight {w}");
        zeros += usize::from(w == 0.0);
        total += w;
        rows += 1;
    }
    assert_eq!(rows, 17_000);
    assert!(zeros > 2_000, "{zeros} draws of weight 0");
    assert!((total - 1.0).abs() < 1e-9, "weights sum to {total}");
}

/// `--precision` with `[[evidence]]`: each streamed round weighs all its draws (five passes)
/// and decides as the in-memory round; the run then streams the final count. The cap (13,000)
/// ends mid-chunk, and the rounds must stop there (the effective sample size is far below it).
#[test]
fn precision_with_evidence_streams_to_the_same_rounds_and_files() {
    let dir = TempDir::new().unwrap();
    let file = crate::support::write(&dir, "ev.toml", EVIDENCE_MODEL);
    let args = [
        "--samples",
        "2000",
        "--seed",
        "3",
        "--precision",
        "0.004",
        "--max-samples",
        "13000",
        "--samples-csv",
    ];
    assert_same_files(&file, &args, &["samples.csv"]);
    let s = scenario::load(&file).unwrap();
    for (start, target, cap) in [(2_000, 0.004, 13_000), (1, 0.005, 1_000_000)] {
        let goal = PrecisionGoal {
            target,
            max_samples: cap,
        };
        let (_, kept) = in_memory_rounds(&s, 3, start, goal);
        assert!(kept.rounds >= 2, "{kept:?}");
        let streamed = stream_to_precision(&s, (3, start), goal, &mut |_, _| {}, &|_| {});
        assert_eq!(streamed.unwrap(), kept, "start {start}, target {target}");
    }
    // Impossible evidence: the in-memory round's error, before any file is written.
    let never = crate::support::write(
        &dir,
        "never.toml",
        "[scenario]\ntitle = \"t\"\n[inputs]\nc = \"uniform(-5, 10)\"\n\
         [[evidence]]\nid = \"never\"\nholds_if = \"c > 20\"\n\
         [[claim]]\nid = \"x\"\ntext = \"t\"\nholds_if = \"c > 1\"\n",
    );
    let errors: Vec<String> = [&[][..], &["--low-memory"][..]]
        .iter()
        .map(|extra| {
            let out = dir.path().join("never");
            let o = bin()
                .args(["run", "--quiet", "--precision", "0.01", "--out"])
                .arg(&out)
                .args(*extra)
                .arg(&never)
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(2), "{extra:?}");
            assert!(!out.join("never").exists(), "{extra:?}");
            String::from_utf8_lossy(&o.stderr).into_owned()
        })
        .collect();
    assert!(
        errors[0].contains("impossible on every draw"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0], errors[1]);
}

/// A bound fully trusted (ln L = −∞ where c ≤ −2: weight 0), a measurement trusted 0.6, and a
/// quantity called `weight`.
const EVIDENCE_MODEL: &str = "[scenario]\ntitle = \"t\"\n[inputs]\na = \"6000 to 7400\"\nb = \"beta(2, 5)\"\n\
     c = \"uniform(-5, 10)\"\n[model]\nz = \"a * b + c\"\nweight = \"max(c, 0) * 2\"\n\
     [[evidence]]\nid = \"bound\"\nholds_if = \"c > -2\"\n\
     [[evidence]]\nid = \"measured\"\nlikelihood = \"normal(z, 0.1 * z)\"\nobserved = 1500\ntrust = 0.6\n\
     [[claim]]\nid = \"x\"\ntext = \"t\"\nholds_if = \"z > 1800\"\n";

#[test]
fn a_streamed_samples_csv_is_announced_with_its_size() {
    let dir = TempDir::new().unwrap();
    let o = bin()
        .args([
            "run",
            "--low-memory",
            "--samples-csv",
            "--samples",
            "1000",
            "--out",
        ])
        .arg(dir.path().join("o"))
        .arg(fixture("small.toml"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    // 1,000 rows of 5 columns at most 25 bytes a value, plus the header: 0 MiB.
    assert!(
        err.contains(
            "samples.csv is written as the draws stream: 1000 rows of 5 columns, at most 0 MiB"
        ),
        "{err}"
    );
}

/// `--precision`'s rounds in memory for `s` with `seed` from `start` draws: the last round's
/// draws and what was reached.
fn in_memory_rounds(
    s: &Scenario,
    seed: u64,
    start: u64,
    goal: PrecisionGoal,
) -> (engine::Draws, shellcount::results::PrecisionResult) {
    let mut draw = |n: u64| {
        let spec = RunSpec {
            samples: n as usize,
            seed,
            ..Default::default()
        };
        engine::run_spec(&s.program, &spec, &|_| {}).map_err(AnalysisError::Engine)
    };
    draw_to_precision(s, start, goal, &mut draw, &|e| e).unwrap()
}

#[test]
fn precision_streams_to_the_same_rounds_and_summary() {
    // The claim `three-million` needs about 30,000 draws for an error of 0.003: two rounds.
    let args = ["--precision", "0.003", "--samples", "5000", "--samples-csv"];
    assert_same_files(&fixture("small.toml"), &args, &["samples.csv"]);
}

#[test]
fn precision_rounds_continue_the_chunks_up_to_a_cap_that_ends_mid_chunk() {
    let s = scenario::load(&fixture("small.toml")).unwrap();
    for (start, target, cap) in [
        (1, 0.001, 20_000),
        (9_000, 0.01, 1_000_000),
        (100, 1e-9, 8_192),
    ] {
        let goal = PrecisionGoal {
            target,
            max_samples: cap,
        };
        let (draws, kept) = in_memory_rounds(&s, 5, start, goal);
        let mut starts = Vec::new();
        let mut round = |k: u32, n: u64| starts.push((k, n));
        let streamed = stream_to_precision(&s, (5, start), goal, &mut round, &|_| {}).unwrap();
        assert_eq!(streamed, kept, "start {start}, target {target}, cap {cap}");
        assert_eq!(draws.samples as u64, kept.samples_drawn);
        assert_eq!(starts.len() as u32, kept.rounds);
        assert_eq!(starts.last().unwrap().1, kept.samples_drawn);
    }
}

#[test]
fn sweeps_and_solve_stream_each_point_to_the_same_files() {
    let small = fixture("small.toml");
    let args = [
        "--samples",
        "3000",
        "--sweep",
        "dud_rate=0.2,0.5",
        "--sweep",
        "rounds_per_container=420,480",
        "--sweep-sensitivity",
        "--solve",
        "containers=6000..7400",
        "--claim",
        "three-million",
    ];
    let dir = TempDir::new().unwrap();
    let mem = run(&args, &dir.path().join("m"), &small);
    let low = run(
        &[&args[..], &["--low-memory"]].concat(),
        &dir.path().join("l"),
        &small,
    );
    assert_eq!(
        summary_without_mode(&low, true),
        summary_without_mode(&mem, false)
    );
    for f in ["sweep.json", "solve.json", "report.md"] {
        assert!(
            fs::read(mem.join(f)).unwrap() == fs::read(low.join(f)).unwrap(),
            "{f}"
        );
    }
    // Every point analysed in full: its summary is the in-memory one but for its memory mode.
    for k in 1..=4 {
        let point = format!("sweep/point-{k}.summary.json");
        assert_eq!(
            json_without_mode(&low.join(&point), true),
            json_without_mode(&mem.join(&point), false),
            "{point}"
        );
    }
}

#[test]
fn latin_hypercube_streams_to_the_same_summary() {
    let args = ["--samples", "9000", "--sampling", "lhs", "--samples-csv"];
    assert_same_files(&fixture("small.toml"), &args, &["samples.csv"]);
}

#[test]
fn latin_hypercube_draws_fill_every_stratum_once() {
    // 10,007 draws (a prime: the permutation's domain is 2^14, so most of its cycles walk).
    let s = crate::support::scenario(
        "[inputs]\nu = \"uniform(0, 1)\"\nv = \"uniform(0, 1)\"\n[model]\ny = \"u + v\"\n",
    );
    let n = 10_007;
    let spec = RunSpec {
        samples: n,
        seed: 9,
        sampling: Sampling::Lhs,
        ..Default::default()
    };
    let d = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    let mut orders = Vec::new();
    for name in ["u", "v"] {
        let col = &d.columns[s.program.quantity(name).unwrap()];
        let mut strata: Vec<usize> = col.iter().map(|&x| (x * n as f64) as usize).collect();
        orders.push(strata.clone());
        strata.sort_unstable();
        assert!(
            strata.iter().copied().eq(0..n),
            "{name}: every stratum once"
        );
    }
    assert_ne!(orders[0], orders[1], "each input its own permutation");
}

#[test]
fn latin_hypercube_with_a_copula_streams_to_the_same_summary() {
    // Stratified normal scores of the copula and a stratified input outside it; 17,000 draws
    // (a part chunk), on two threads, with a small gather budget (more passes).
    let s = crate::support::scenario(
        "[inputs]\na = \"6000 to 7400\"\nb = \"beta(2, 5)\"\nc = \"uniform(-5, 10)\"\n\
         [correlation]\npairs = [[\"a\", \"b\", 0.6]]\n[model]\ny = \"a * b + c\"\n\
         [[claim]]\nid = \"x\"\ntext = \"t\"\nholds_if = \"y > 1500\"\n",
    );
    let f = RunFacts {
        seed: 4,
        samples: 17_000,
        sampling: Sampling::Lhs,
        sensitivity_draws: 2_000,
        saltelli_base: 0,
        precision: None,
    };
    let spec = RunSpec {
        samples: 17_000,
        seed: 4,
        sampling: Sampling::Lhs,
        ..Default::default()
    };
    let draws = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    let want = Summary::from_result(&analyse_with(&s, &draws, &f, Curves::Charted).unwrap());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let mut got = pool
        .install(|| analyse_streaming(&s, &f, 3_000, &|_| {}, &|_| {}))
        .unwrap();
    got.run.memory = MemoryMode::InMemory;
    assert!(Summary::from_result(&got).to_json() == want.to_json());
}
