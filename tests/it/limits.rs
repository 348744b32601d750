//! Limits on expressions (issue 8 item 3): flat chains of any length work and give the bits of
//! left-to-right evaluation; genuine nesting beyond `MAX_DEPTH` and text beyond `MAX_EXPR_LEN`
//! are refused with exit 2 and the location, never a stack overflow; the worst nesting at the
//! limit runs through `check` and `run` (the threads the command line gives itself); long
//! lines are cut around the problem in error excerpts.

use crate::support::{bin, scenario_text, write};
use predicates::prelude::*;
use shellcount::engine;
use shellcount::model::limits::{MAX_DEPTH, MAX_EXPR_LEN, STACK_BYTES};
use shellcount::scenario::from_text;
use std::path::Path;
use tempfile::TempDir;

/// A scenario with input `x` ~ uniform(1, 2) and a model quantity `y = expr`.
fn with_model(expr: &str) -> String {
    format!(
        "[scenario]\ntitle = \"t\"\nsamples = 200\n[inputs]\nx = \"uniform(1, 2)\"\n[model]\ny = \"{expr}\"\n"
    )
}

/// A scenario with input `x` ~ uniform(1, 2) and a claim `c` that holds if `test`.
fn with_claim(test: &str) -> String {
    format!(
        "[scenario]\ntitle = \"t\"\nsamples = 200\n[inputs]\nx = \"uniform(1, 2)\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"{test}\"\n"
    )
}

/// The reproduction: a 3,000-term sum passed `check`, then aborted `run` on a worker.
#[test]
fn sum_of_3000_terms_passes_check_and_run() {
    let dir = TempDir::new().unwrap();
    let terms = vec!["x"; 3000].join(" + ");
    let p = write(&dir, "sum.toml", &with_model(&terms));
    bin().arg("check").arg(&p).assert().success();
    bin()
        .args(["run", "--quiet", "--samples", "1000", "--out"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .assert()
        .success();
}

/// 10,000-term chains of every chaining operator evaluate, each to exactly the value of
/// left-to-right evaluation (what the left-nested tree of the old parser computed).
#[test]
fn chains_of_10000_terms_give_the_bits_of_left_to_right_evaluation() {
    const N: usize = 10_000;
    type Step = fn(f64, f64) -> f64;
    let cases: [(&str, Step); 4] = [
        ("+", |a, x| a + x),
        ("-", |a, x| a - x),
        ("*", |a, _| a * 1.0001),
        ("/", |a, x| a / (x + 1.0)),
    ];
    for (op, step) in cases {
        let term = match op {
            "*" => "1.0001",
            "/" => "(x + 1)",
            _ => "x",
        };
        let expr = format!("x {op} {}", vec![term; N - 1].join(&format!(" {op} ")));
        let s = scenario_text("t.toml", &with_model(&expr));
        let d = engine::run(&s.program, 300, 5, &|_| {}).expect("runs");
        let (x, y) = (
            &d.columns[s.program.quantity("x").unwrap()],
            &d.columns[s.program.quantity("y").unwrap()],
        );
        for (&x, &y) in x.iter().zip(y) {
            let want = (1..N).fold(x, |a, _| step(a, x));
            assert_eq!(y.to_bits(), want.to_bits(), "`{op}` chain: {y} vs {want}");
        }
    }
    for (op, test, want) in [("and", "x > 1", true), ("or", "x > 2", false)] {
        let text = vec![test; N].join(&format!(" {op} "));
        let s = scenario_text("t.toml", &with_claim(&text));
        let d = engine::run(&s.program, 300, 5, &|_| {}).expect("runs");
        let c = s.program.claim("c").unwrap();
        assert!(
            d.claims[c].iter().all(|&v| (v == 1) == want),
            "`{op}` chain"
        );
    }
}

/// The openers of each kind of genuine nesting, repeated `n` times around `x`.
fn nested(kind: &str, n: usize) -> String {
    match kind {
        "parentheses" => format!("{}x{}", "(".repeat(n), ")".repeat(n)),
        "unary minus" => format!("{}x", "-".repeat(n)),
        "^" => format!("{}x", "1 ^ ".repeat(n)),
        "calls" => format!("{}x{}", "abs(".repeat(n), ")".repeat(n)),
        "not" => format!("{}x > 1", "not ".repeat(n)),
        _ => unreachable!(),
    }
}

/// The reproductions (3,000 levels of parentheses, unary minus, `^`, `not`; nested
/// calls too) aborted `check`; now they are refused with exit 2 at the first opener beyond
/// the limit.
#[test]
fn nesting_beyond_the_limit_is_refused_with_its_location() {
    let dir = TempDir::new().unwrap();
    for kind in ["parentheses", "unary minus", "^", "calls", "not"] {
        let expr = nested(kind, 3000);
        let text = if kind == "not" {
            with_claim(&expr)
        } else {
            with_model(&expr)
        };
        let p = write(&dir, "deep.toml", &text);
        // The opener of level MAX_DEPTH + 1, as a 1-based column on its line.
        let line = text.lines().find(|l| l.contains(&expr)).unwrap();
        let opener = match kind {
            "parentheses" | "calls" => ["(", "abs("][usize::from(kind == "calls")],
            "unary minus" => "-",
            "^" => "^",
            _ => "not",
        };
        let at = line.match_indices(opener).nth(MAX_DEPTH).unwrap().0;
        let col = line[..at].chars().count() + 1 + if kind == "calls" { 3 } else { 0 };
        let lineno = text.lines().position(|l| l == line).unwrap() + 1;
        let out = dir.path().join("out");
        for args in [
            vec!["check"],
            vec!["run", "--quiet", "--out", out.to_str().unwrap()],
        ] {
            bin()
                .args(args)
                .arg(&p)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!(
                    "deep.toml:{lineno}:{col}:"
                )))
                .stderr(predicate::str::contains(format!(
                    "nested too deeply: more than {MAX_DEPTH} levels"
                )))
                .stderr(predicate::str::contains("overflow").not());
        }
    }
}

/// Every shape of nesting exactly at the limit, one quantity or claim each, in one scenario.
/// `mixed` stacks the most nodes per level (or, and, a comparison, `to`, +, * and `if`): it
/// needs the most stack of the shapes measured (`measure_stack_at_the_depth_limit`).
fn deepest_scenario() -> String {
    let d = MAX_DEPTH;
    let mut mixed = "x > 0".to_string();
    for _ in 0..d - 1 {
        mixed = format!("x > 0 or x > 0 and x < 1 to x + 2 + x * if({mixed}, 1, 2)");
    }
    let mut samples = "x".to_string();
    for _ in 0..d - 1 {
        samples = format!("x + x * normal({samples}, 1)");
    }
    let model = [
        ("parens", nested("parentheses", d)),
        ("neg", nested("unary minus", d)),
        ("pow", nested("^", d)),
        ("calls", nested("calls", d)),
        (
            "chains",
            format!("{}x{}", "x + x * (".repeat(d), ")".repeat(d)),
        ),
        ("samples", samples),
    ];
    let mut text =
        "[scenario]\ntitle = \"t\"\nsamples = 100\n[inputs]\nx = \"uniform(1, 2)\"\n[model]\n"
            .to_string();
    for (name, e) in model {
        text += &format!("{name} = \"{e}\"\n");
    }
    for (id, test) in [("not", nested("not", d)), ("mixed", mixed)] {
        text += &format!("[[claim]]\nid = \"{id}\"\ntext = \"t\"\nholds_if = \"{test}\"\n");
    }
    text
}

/// The worst nesting the limit allows runs through `check` and `run`: parsing and compiling on
/// the command line's loading thread, evaluation on its workers.
#[test]
fn nesting_at_the_limit_runs_through_check_and_run() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "deepest.toml", &deepest_scenario());
    bin().arg("check").arg(&p).assert().success();
    bin()
        .args(["run", "--quiet", "--threads", "2", "--out"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .assert()
        .success();
}

/// Runs `f` on a thread with `stack` bytes of stack; false if it panicked.
fn on_thread(stack: usize, f: impl FnOnce() + Send + 'static) -> bool {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .unwrap()
        .join()
        .is_ok()
}

/// Measures the smallest thread stack each phase needs for the worst nesting at the limit (a
/// stack overflow aborts, so each try runs in a child process). Not a test: a measuring tool,
/// run with `cargo test --release --test it limits::measure -- --ignored --nocapture`; the
/// figures are in BENCHMARKS.md ("Stack at the depth limit").
#[test]
#[ignore]
fn measure_stack_at_the_depth_limit() {
    let text = deepest_scenario();
    if let Ok(spec) = std::env::var("SHELLCOUNT_STACK_PROBE") {
        let (phase, stack) = spec.split_once(',').unwrap();
        let stack: usize = stack.parse().unwrap();
        let ok = if phase == "load" {
            on_thread(stack, move || {
                let s = from_text(Path::new("t.toml"), &text).unwrap();
                std::mem::forget(s);
            })
        } else {
            let s = std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn(move || from_text(Path::new("t.toml"), &text).unwrap())
                .unwrap()
                .join()
                .unwrap();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(stack)
                .build()
                .unwrap();
            pool.install(|| engine::run(&s.program, 64, 1, &|_| {}).is_ok())
        };
        assert!(ok);
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for phase in ["load", "evaluate"] {
        let (mut lo, mut hi) = (16 << 10, STACK_BYTES);
        while hi - lo > 4 << 10 {
            let mid = (lo + hi) / 2;
            let ok = std::process::Command::new(&exe)
                .args([
                    "--ignored",
                    "--exact",
                    "limits::measure_stack_at_the_depth_limit",
                ])
                .env("SHELLCOUNT_STACK_PROBE", format!("{phase},{mid}"))
                .output()
                .unwrap()
                .status
                .success();
            if ok {
                hi = mid
            } else {
                lo = mid
            }
        }
        println!(
            "{phase:>8}: {} KiB of stack for nesting {MAX_DEPTH} deep (STACK_BYTES = {} KiB)",
            hi >> 10,
            STACK_BYTES >> 10
        );
    }
}

/// A 50 MB expression is refused at once, in little memory, without printing itself back.
#[test]
fn a_50_mb_expression_is_refused_without_echoing_it() {
    let dir = TempDir::new().unwrap();
    let expr = "x + ".repeat(50_000_000 / 4) + "x";
    let p = write(&dir, "huge.toml", &with_model(&expr));
    let out = bin()
        .arg("check")
        .arg(&p)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("huge.toml:7:6:"), "{stderr}");
    assert!(stderr.contains("50.0 MB long; at most 1 MiB"), "{stderr}");
    assert!(stderr.len() < 1000, "{} bytes of stderr", stderr.len());
}

/// Just under the length limit, a long sum still works; a problem deep inside it is shown
/// with a window of its line, not the whole line.
#[test]
fn long_expressions_work_and_their_errors_show_a_window() {
    let terms = (MAX_EXPR_LEN - 100) / 4;
    let expr = "x + ".repeat(terms) + "x";
    let s = scenario_text("t.toml", &with_model(&expr));
    engine::run(&s.program, 10, 1, &|_| {}).expect("runs");
    let half = "x + ".repeat(terms / 2);
    let text = with_model(&format!("{half}typo + {half}x"));
    let err = from_text(Path::new("t.toml"), &text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown name `typo`"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(err.len() < 600, "{} bytes", err.len());
    assert!(err.contains("… x + x") && err.contains("typo + x"), "{err}");
}
