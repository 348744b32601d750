//! Issue 15 item 4: the streaming mode (`--low-memory`) gives the in-memory results bit for bit
//! (summary.json byte for byte, but for its `memory_mode`) on 1 and 2 threads, whatever its
//! gather budget (a small one forces finer levels of bins and more passes); what it cannot do
//! is refused with exit 2 before sampling.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use shellcount::analysis::{analyse, analyse_streaming, RunFacts};
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::output::summary::Summary;
use shellcount::results::{MemoryMode, RunResult};
use shellcount::scenario::{self, Scenario};
use tempfile::TempDir;

use crate::support::{bin, fixture, scenario as parse, summary_json, write};

fn facts(s: &Scenario, samples: usize) -> RunFacts {
    RunFacts {
        seed: s.seed.unwrap_or(scenario::DEFAULT_SEED),
        samples: samples as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: 6_000,
        saltelli_base: 512,
        precision: None,
    }
}

fn in_memory(s: &Scenario, f: &RunFacts) -> RunResult {
    let spec = RunSpec {
        samples: f.samples as usize,
        seed: f.seed,
        sampling: Sampling::Mc,
        overrides: Default::default(),
        reuse: None,
        resample: None,
    };
    let draws = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    analyse(s, &draws, f).unwrap()
}

/// summary.json of the streamed run (its memory mode cleared, after checking it), on `threads`.
fn streamed(s: &Scenario, f: &RunFacts, gather: u64, threads: usize) -> (Vec<u8>, u32) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut r = pool
        .install(|| analyse_streaming(s, f, gather, &|_| {}, &|_| {}))
        .unwrap();
    let MemoryMode::Streaming { passes, .. } = r.run.memory else {
        panic!("not streamed");
    };
    r.run.memory = MemoryMode::InMemory;
    (Summary::from_result(&r).to_json(), passes)
}

/// Gather budgets and thread counts: all gathered at once, on one and two threads; nothing
/// gathered until single keys remain (finer levels of bins, many passes); a little.
const ALL: [(u64, usize); 4] = [(1 << 24, 1), (1 << 24, 2), (0, 2), (3_000, 1)];

fn assert_same(name: &str, s: &Scenario, samples: usize, configs: &[(u64, usize)]) {
    let f = facts(s, samples);
    let want = Summary::from_result(&in_memory(s, &f)).to_json();
    for &(gather, threads) in configs {
        let (got, passes) = streamed(s, &f, gather, threads);
        assert!(
            got == want,
            "{name}: gather {gather}, {threads} threads, {passes} passes: summary differs"
        );
        if gather == 0 {
            assert!(passes > 3, "{name}: a budget of 0 counts finer bins");
        }
    }
}

fn bundled(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.toml"));
    scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn bundled_scenarios_stream_to_the_same_summary() {
    // Capacity limits and checks (shares summed in draw order), several 8,192-draw chunks and
    // a part chunk.
    assert_same(
        "capacity-152-vs-122",
        &bundled("capacity-152-vs-122"),
        20_000,
        &[(1 << 24, 2), (3_000, 1)],
    );
    // A [shipment] (chunks of 256 draws; the design reads the delivery back from kept rows).
    assert_same(
        "payload-448",
        &bundled("payload-448"),
        3_000,
        &[(1 << 24, 2)],
    );
}

#[test]
fn correlated_discrete_and_wide_quantities_stream_to_the_same_summary() {
    let s = parse(
        "[inputs]\na = \"6000 to 7400\"\nb = \"beta(2, 5)\"\nc = \"uniform(-5, 10)\"\n\
         k = \"poisson(3)\"\n[correlation]\npairs = [[\"a\", \"b\", 0.6], [\"a\", \"c\", -0.3]]\n\
         [model]\nwide = \"exp(c * 9) - 1\"\nz = \"max(c, 0) * k\"\n\
         [[claim]]\nid = \"x\"\ntext = \"t\"\nholds_if = \"a * b > 1500 and k >= 2\"\n",
    );
    assert_same("inline", &s, 17_000, &ALL);
}

#[test]
fn indexed_quantities_stream_to_the_same_summary() {
    // The bundled timeline without its [[evidence]] (which the streaming mode refuses).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/rok-timeline.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let mut kept = Vec::new();
    let mut skip = false;
    for line in text.lines() {
        if line.starts_with('[') {
            skip = line.trim() == "[[evidence]]";
        }
        if !skip {
            kept.push(line);
        }
    }
    let dir = TempDir::new().unwrap();
    let file = write(&dir, "timeline.toml", &kept.join("\n"));
    let s = scenario::load(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.evidence.is_empty() && !s.program.indexed().is_empty());
    assert_same("rok-timeline without evidence", &s, 9_000, &[(1 << 24, 2)]);
}

fn run(args: &[&str], out: &Path, scenario: &Path) -> std::process::Output {
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .args(args)
        .arg(scenario)
        .output()
        .unwrap()
}

#[test]
fn low_memory_on_the_command_line_writes_the_same_summary() {
    let dir = TempDir::new().unwrap();
    let small = fixture("small.toml");
    let mem = dir.path().join("mem");
    assert!(run(&["--samples", "20000", "--threads", "2"], &mem, &small)
        .status
        .success());
    let want = summary_json(&mem.join("small"));
    for threads in ["1", "2"] {
        let low = dir.path().join(format!("low{threads}"));
        let o = run(
            &["--samples", "20000", "--threads", threads, "--low-memory"],
            &low,
            &small,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut got = summary_json(&low.join("small"));
        let mode = got
            .as_object_mut()
            .unwrap()
            .remove("memory_mode")
            .expect("memory_mode recorded");
        assert_eq!(mode["mode"], "streaming");
        assert_eq!(mode["automatic"], false);
        assert!(mode["passes"].as_u64().unwrap() >= 2);
        assert_eq!(got, want, "{threads} threads");
        assert!(low.join("small/report.md").exists());
    }
    assert!(
        want.get("memory_mode").is_none(),
        "absent when kept in memory"
    );
}

#[test]
fn evidence_streams_to_the_same_summary() {
    // Trusts below 1, a bound (ln L = −∞ off it), a likelihood; gathered at once on two
    // threads, and with no gather budget (finer bins until single keys) on one.
    let s = bundled("early-2024-combined");
    assert!(!s.evidence.is_empty());
    assert_same("early-2024-combined", &s, 6_000, &[(1 << 24, 2), (0, 1)]);
    // Four entries over an indexed timeline; a small budget.
    let s = bundled("rok-timeline");
    assert!(!s.evidence.is_empty());
    assert_same("rok-timeline", &s, 4_000, &[(1 << 24, 1), (3_000, 2)]);
}

/// A bound fully trusted (ln L = −∞ on the draws it rules out: weight 0, so the weighted
/// quantiles drop draws), a measurement trusted 0.6, values of both signs and a discrete one.
#[test]
fn evidence_with_partial_trust_and_impossible_draws_streams_to_the_same_summary() {
    let s = parse(
        "[inputs]\na = \"6000 to 7400\"\nb = \"beta(2, 5)\"\nc = \"uniform(-5, 10)\"\n\
         k = \"poisson(3)\"\n[model]\nz = \"a * b + c\"\nm = \"max(c, 0) * k\"\n\
         [[evidence]]\nid = \"bound\"\nholds_if = \"c > -2\"\n\
         [[evidence]]\nid = \"measured\"\nlikelihood = \"normal(z, 0.1 * z)\"\nobserved = 1500\ntrust = 0.6\n\
         [[claim]]\nid = \"x\"\ntext = \"t\"\nholds_if = \"z > 1800 and k >= 2\"\n",
    );
    assert_same("evidence inline", &s, 17_000, &ALL);
    // Evidence no draw satisfies: the same error in both modes.
    let none = parse(
        "[inputs]\nc = \"uniform(-5, 10)\"\n[[evidence]]\nid = \"never\"\nholds_if = \"c > 20\"\n",
    );
    let f = facts(&none, 5_000);
    let spec = RunSpec {
        samples: 5_000,
        seed: f.seed,
        sampling: Sampling::Mc,
        overrides: Default::default(),
        reuse: None,
        resample: None,
    };
    let draws = engine::run_spec(&none.program, &spec, &|_| {}).unwrap();
    let want = analyse(&none, &draws, &f).unwrap_err().to_string();
    let got = analyse_streaming(&none, &f, 1 << 20, &|_| {}, &|_| {})
        .unwrap_err()
        .to_string();
    assert!(want.contains("impossible on every draw"), "{want}");
    assert_eq!(got, want);
}

#[test]
fn what_cannot_stream_is_refused_before_sampling() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("o");
    let evidence = write(
        &dir,
        "ev.toml",
        "[scenario]\ntitle = \"t\"\n[inputs]\np = \"beta(2, 2)\"\n[[evidence]]\nid = \"x\"\nlikelihood = \"binomial(10, p)\"\nobserved = 4\n[[claim]]\nid = \"half\"\ntext = \"p above one half\"\nholds_if = \"p > 0.5\"\n",
    );
    let refused = |args: &[&str], file: &Path, says: &str| {
        let o = run(args, &out, file);
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert!(e.contains(says), "{args:?}: {e}");
        assert!(!out.exists());
    };
    assert!(
        run(&["--low-memory"], &out, &evidence).status.success(),
        "evidence streams"
    );
    std::fs::remove_dir_all(&out).unwrap();
    refused(
        &["--low-memory", "--samples", "2e12"],
        &evidence,
        "the streaming mode takes at most",
    );
    Command::new(assert_cmd::cargo::cargo_bin("shellcount"))
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--low-memory"));
}
