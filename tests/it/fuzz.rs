//! Fuzzing on stable Rust (issue 8, "Tests that must exist"): proptest generates scenario text
//! and expressions (quotes, backslashes, control characters, unicode, huge and odd numbers,
//! deep nesting, long chains, every section and function), and the property is that `check`
//! and a tiny `run` never panic, overflow the stack or abort, and that every failure is a
//! located error of the exit-2 class.
//!
//! ```text
//! check      scenario::from_text on a thread with the CLI's stack (model::limits::STACK_BYTES)
//! tiny run   engine::run (16 draws, a one-thread pool with the CLI's worker stack), analyse
//! located    every diagnostic names the file and a line, a key, or a whole-file problem;
//!            every engine error names a quantity, claim or evidence key and a draw
//! ```
//!
//! CI runs [`DEFAULT_CASES`] cases per property. A long campaign sets the count (and, to find
//! an input that aborts the process, a file that always holds the case being run):
//!
//! ```text
//! SHELLCOUNT_FUZZ_CASES=200000 SHELLCOUNT_FUZZ_LOG=/tmp/case.toml \
//!     cargo test --release --test it fuzz:: -- --nocapture
//! ```
//!
//! Every input that ever failed is kept in `tests/fuzz/corpus/` and replayed by
//! [`corpus_replays_cleanly`], in process and through the binary (`check`, then `run
//! --samples 16`), so a regression shows as an ordinary test failure.

use crate::support::bin;
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestCaseError, TestRng, TestRunner};
use shellcount::analysis::{analyse, RunFacts};
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::model::limits::STACK_BYTES;
use shellcount::scenario::{from_text, Diagnostic};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Cases per property in CI (each takes about a millisecond).
const DEFAULT_CASES: u32 = 256;

fn cases() -> u32 {
    std::env::var("SHELLCOUNT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Every failure found goes into tests/fuzz/corpus/ by hand, as the input itself.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

/// A whole-file problem: no line to point at, by nature.
fn whole_file(d: &Diagnostic) -> bool {
    d.message.contains("missing the [scenario] table")
}

/// The one-thread pool the tiny runs use, with the stack the command line gives its workers.
fn pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .stack_size(STACK_BYTES)
            .build()
            .expect("pool")
    })
}

/// How far a case got: refused by `check`, loaded but stopped by the engine, or ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reached {
    Refused,
    Loaded,
    Ran,
}

/// `check` and a tiny `run` of `text`: how far it got, or what broke the property.
fn check_and_tiny_run(text: &str) -> Result<Reached, String> {
    if let Ok(log) = std::env::var("SHELLCOUNT_FUZZ_LOG") {
        let _ = std::fs::write(log, text);
    }
    let text = text.to_string();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || -> Result<Reached, String> {
            let s = match from_text(Path::new("p.toml"), &text) {
                Ok(s) => s,
                Err(e) => {
                    for d in &e.0 {
                        let located = d.file == "p.toml"
                            && !d.message.is_empty()
                            && (d.line.is_some() || d.key.is_some() || whole_file(d));
                        if !located {
                            return Err(format!("not located: {d:?}"));
                        }
                    }
                    return Ok(Reached::Refused);
                }
            };
            // Runs within the work limit can still take minutes (10^11 container loads); the
            // fuzz skips those that would draw more than 10^6, as the limit's own tests cover it.
            let spec = RunSpec {
                samples: 16,
                seed: 7,
                ..RunSpec::default()
            };
            match pool().install(|| engine::container_loads(&s.program, &spec)) {
                Ok(loads) if loads > 1e6 => return Ok(Reached::Loaded),
                Err(e) if e.key().is_empty() => {
                    return Err(format!("engine error without a key: {e:?}"))
                }
                Err(_) => return Ok(Reached::Loaded),
                Ok(_) => {}
            }
            let draws = match pool().install(|| engine::run(&s.program, 16, 7, &|_| {})) {
                Ok(d) => d,
                Err(e) if !e.key().is_empty() && !e.to_string().is_empty() => {
                    return Ok(Reached::Loaded)
                }
                Err(e) => return Err(format!("engine error without a key: {e:?}")),
            };
            let facts = RunFacts {
                seed: 7,
                samples: 16,
                sampling: Sampling::Mc,
                sensitivity_draws: 16,
                saltelli_base: 8,
                precision: None,
            };
            // Analysis may refuse (e.g. evidence no draw is consistent with); it may not panic.
            let _ = pool().install(|| analyse(&s, &draws, &facts));
            Ok(Reached::Ran)
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    match worker.join() {
        Ok(r) => r,
        Err(p) => Err(format!(
            "panicked: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

fn holds(text: &str, stats: &Stats) -> Result<(), TestCaseError> {
    stats.cases.fetch_add(1, Ordering::Relaxed);
    match check_and_tiny_run(text) {
        Ok(reached) => {
            if reached >= Reached::Loaded {
                stats.loaded.fetch_add(1, Ordering::Relaxed);
            }
            if reached == Reached::Ran {
                stats.ran.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        }
        Err(why) => Err(TestCaseError::fail(format!("{why}\n--- input ---\n{text}"))),
    }
}

/// Numbers as written: ordinary, huge, tiny, odd forms, and some that are not numbers.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..2000).prop_map(|v| v.to_string()),
        2 => any::<f64>().prop_map(|v| format!("{v}")),
        2 => any::<f64>().prop_map(|v| format!("{v:e}")),
        1 => (0i32..420).prop_map(|e| format!("1e{e}")),
        1 => (0i32..420).prop_map(|e| format!("1e-{e}")),
        1 => prop::sample::select(vec![
            "1e308", "1.8e308", "5e-324", "18446744073709551616", "9007199254740993", "0.5",
            "3M", "450k", "1.5B", "20%", ".5", "1_000_000", "1__0", "1_", "0x10", "1e", "1e+",
            "inf", "nan", "NaN", "-0", "1.", "..5", "2e9999",
        ])
        .prop_map(str::to_string),
        1 => "[0-9_]{1,24}(\\.[0-9_]{0,6})?([eE][+-]?[0-9]{1,4})?[kMB%]?",
    ]
}

/// Names: the scenario's own (x, y, z, w), keywords, functions used as names, unknown ones.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["x", "y", "z", "w"]).prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "and", "or", "not", "to", "true", "false", "nan", "inf", "normal", "if", "max",
            "delivered_total", "containers_s", "_", "x1", "X",
        ])
        .prop_map(str::to_string),
        1 => "[a-zA-Z_][a-zA-Z0-9_]{0,10}",
        1 => "\\PC{1,3}",
    ]
}

fn callee() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec![
            "min", "max", "floor", "ceil", "round", "abs", "sqrt", "ln", "exp", "clamp", "sin",
            "cos", "capacity_by_mass", "capacity_by_volume", "mass_per_round", "if", "mixture",
            "normal", "lognormal", "uniform", "triangular", "pert", "beta", "gamma", "poisson",
            "binomial", "beta_ci", "normal_ci",
        ])
        .prop_map(str::to_string),
        1 => name(),
    ]
}

fn binop() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        12 => prop::sample::select(vec![
            "+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!=", "and", "or", "to",
        ]),
        1 => prop::sample::select(vec!["=", "**", "&&", "||", "!", ",", ""]),
    ]
}

/// Characters that break strings, TOML or the lexer.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\"\\\\'`#=\\[\\]{}()\\x00-\\x1f\\x7f]{1,3}",
        "[\\u{80}-\\u{10FFFF}]{1,3}",
        Just("\u{1b}[31m".to_string()),
        Just("\\u0000".to_string()),
        Just("\r\n".to_string()),
    ]
}

/// Grammatical expressions (recursive, a few dozen nodes at most), with some junk.
fn grammar() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![3 => number(), 4 => name()];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            6 => (inner.clone(), binop(), inner.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            2 => (prop::sample::select(vec!["-", "+", "not ", "- -"]), inner.clone())
                .prop_map(|(u, a)| format!("{u}{a}")),
            2 => inner.clone().prop_map(|a| format!("({a})")),
            4 => (callee(), prop::collection::vec(inner.clone(), 0..5))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            1 => prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            1 => (inner.clone(), junk(), inner.clone()).prop_map(|(a, j, b)| format!("{a}{j}{b}")),
        ]
    })
}

/// Well-typed numeric expressions over `names`: arithmetic, functions with the right number
/// of arguments, `if`, distributions (with parameters that are often invalid on some draws),
/// mixtures and `to`. Most get past `check`, so the engine and the analysis see them.
fn typed_num_over(names: &'static [&'static str]) -> BoxedStrategy<String> {
    let constant = prop_oneof![
        6 => (1u32..1000).prop_map(|v| v.to_string()),
        2 => prop::sample::select(vec![
            "0", "1", "2", "0.5", "10", "448", "3M", "20%", "1e300", "1e-300", "6700", "1e308",
            "5e-324",
        ])
        .prop_map(str::to_string),
        1 => any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(|v| format!("{:e}", v.abs())),
    ];
    let leaf = if names.is_empty() {
        constant.boxed()
    } else {
        prop_oneof![
            3 => prop::sample::select(names.to_vec()).prop_map(str::to_string),
            2 => constant,
        ]
        .boxed()
    };
    leaf.prop_recursive(4, 32, 3, |inner| {
        let b = typed_bool_from(inner.clone());
        prop_oneof![
            4 => (inner.clone(), prop::sample::select(vec!["+", "-", "*", "/", "^", "+", "*"]), inner.clone())
                .prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            1 => inner.clone().prop_map(|a| format!("-({a})")),
            1 => inner.clone().prop_map(|a| format!("({a})")),
            2 => (
                prop::sample::select(vec![
                    "floor", "ceil", "round", "abs", "sqrt", "ln", "exp", "sin", "cos", "poisson",
                    "abs", "round", "poisson",
                ]),
                inner.clone(),
            )
                .prop_map(|(f, a)| format!("{f}({a})")),
            2 => (
                prop::sample::select(vec![
                    "min", "max", "normal", "uniform", "beta", "gamma", "binomial", "lognormal",
                    "capacity_by_mass", "mass_per_round",
                ]),
                inner.clone(),
                inner.clone(),
            )
                .prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
            1 => (
                prop::sample::select(vec!["clamp", "triangular", "pert", "capacity_by_volume"]),
                inner.clone(),
                inner.clone(),
                inner.clone(),
            )
                .prop_map(|(f, a, b, c)| format!("{f}({a}, {b}, {c})")),
            1 => (b, inner.clone(), inner.clone()).prop_map(|(c, a, b)| format!("if({c}, {a}, {b})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} to {b})")),
            1 => (inner.clone(), inner.clone(), 0.0f64..10.0)
                .prop_map(|(a, b, w)| format!("mixture({a}, {b}, [{w}, 1])")),
        ]
    })
    .boxed()
}

/// Well-typed true/false expressions over `num`.
fn typed_bool_from(num: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let cmp = (
        num.clone(),
        prop::sample::select(vec!["<", "<=", ">", ">=", "==", "!="]),
        num,
    )
        .prop_map(|(a, o, b)| format!("{a} {o} {b}"));
    cmp.prop_recursive(2, 8, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["and", "or"]),
                inner.clone()
            )
                .prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            inner.clone().prop_map(|a| format!("not ({a})")),
        ]
    })
    .boxed()
}

const ALL: &[&str] = &["x", "y", "z", "w"];

fn typed_num() -> BoxedStrategy<String> {
    typed_num_over(ALL)
}

fn typed_bool() -> BoxedStrategy<String> {
    typed_bool_from(typed_num())
}

/// Expressions: grammatical ones, and grammatical ones nested up to 30,000 deep (the limit is
/// 256; deeper than any thread's stack would allow without it) or repeated in chains of up to
/// 4,000 terms.
fn expr() -> impl Strategy<Value = String> {
    let openers = vec!["(", "-", "not ", "abs(", "1 ^ ", "+", "[", "if(", "max(1, "];
    let chain_ops = vec![" + ", " - ", " * ", " / ", " and ", " or ", " < ", ", "];
    prop_oneof![
        6 => grammar(),
        6 => typed_num(),
        2 => typed_bool(),
        1 => (
            prop_oneof![3 => 0usize..700, 1 => 700usize..30_000],
            prop::sample::select(openers),
            grammar(),
            any::<bool>(),
        )
            .prop_map(
            |(n, open, a, close)| {
                let closer = match open {
                    "(" | "abs(" | "max(1, " => ")",
                    "[" => "]",
                    "if(" => ", 1, 2)",
                    _ => "",
                };
                let closers = if close { closer.repeat(n) } else { String::new() };
                format!("{}{a}{closers}", open.repeat(n))
            }
        ),
        1 => (1usize..4000, prop::sample::select(chain_ops), grammar())
            .prop_map(|(n, op, a)| vec![a; n].join(op)),
    ]
}

/// An expression as a TOML value: a basic string (escaped, or not), a literal string, a
/// multi-line string, a bare number, or the text raw.
fn embed() -> impl Strategy<Value = (u8, String)> {
    (0u8..10, expr())
}

fn toml_value((style, e): (u8, String)) -> String {
    match style {
        0..=5 => format!("\"{}\"", e.replace('\\', "\\\\").replace('"', "\\\"")),
        6 => format!("\"{e}\""),
        7 => format!("'{e}'"),
        8 => format!("\"\"\"\n{e}\"\"\""),
        _ => e,
    }
}

/// Whole scenarios: every section, with generated values and some junk lines.
fn scenario() -> impl Strategy<Value = String> {
    let title = prop_oneof![
        24 => Just("\"t\"".to_string()),
        2 => junk().prop_map(|j| format!("\"{}\"", j.replace('\\', "\\\\").replace('"', "\\\""))),
        1 => junk(),
    ];
    // Each quantity reads only those before it (x, y, z, w), so most scenarios have no cycle.
    let over = |names: &'static [&'static str]| prop_oneof![19 => typed_num_over(names).prop_map(|e| (0u8, e)), 1 => embed()];
    let num = move || over(ALL);
    let test = || prop_oneof![19 => typed_bool().prop_map(|e| (0u8, e)), 1 => embed()];
    let entries = move |names: [&'static str; 2], reads: [&'static [&'static str]; 2]| {
        (
            prop::option::weighted(0.97, over(reads[0])),
            prop::option::weighted(0.97, over(reads[1])),
        )
            .prop_map(move |(a, b)| {
                let mut v = Vec::new();
                v.extend(a.map(|a| (names[0], a)));
                v.extend(b.map(|b| (names[1], b)));
                v
            })
    };
    let claim = (
        prop_oneof![4 => Just("c".to_string()), 1 => name()],
        test(),
        prop::option::weighted(0.05, junk()),
    );
    let shipment = prop::option::weighted(
        0.3,
        (
            num(),
            num(),
            prop::option::of(num()),
            prop::option::of(num()),
        ),
    );
    let evidence = prop::option::weighted(
        0.3,
        (
            prop_oneof![num(), test()],
            prop::option::of(number()),
            prop::option::of(number()),
        ),
    );
    let correlation = prop::option::weighted(
        0.2,
        (
            prop::sample::select(vec!["x", "y", "z", "w"]),
            prop::sample::select(vec!["x", "y", "z", "w"]),
            prop_oneof![3 => (-1.0f64..1.0).prop_map(|r| format!("{r:.2}")), 1 => number()],
        ),
    );
    let samples = prop_oneof![3 => (1u64..5000).prop_map(|n| n.to_string()), 1 => number()];
    (
        title,
        entries(["x", "y"], [&[], &["x"]]),
        entries(["z", "w"], [&["x", "y"], &["x", "y", "z"]]),
        prop::collection::vec(claim, 0..3),
        shipment,
        evidence,
        correlation,
        prop::option::weighted(0.05, junk()),
        prop::option::weighted(0.3, samples),
    )
        .prop_map(
            |(title, inputs, model, claims, ship, ev, corr, junk, samples)| {
                let mut t = format!("[scenario]\ntitle = {title}\n");
                if let Some(s) = samples {
                    t += &format!("samples = {s}\n");
                }
                t += "[inputs]\n";
                for (k, v) in inputs {
                    t += &format!("{k} = {}\n", toml_value(v));
                }
                t += "[model]\n";
                for (k, v) in model {
                    t += &format!("{k} = {}\n", toml_value(v));
                }
                if let Some(j) = junk {
                    t += &format!("{j}\n");
                }
                if let Some((containers, load, share, dud)) = ship {
                    t += &format!("[shipment]\ncontainers = {}\n", toml_value(containers));
                    t += &format!(
                        "[[shipment.cargo]]\nid = \"s\"\nshare = {}\nload = {}\n",
                        share.map_or("1".to_string(), toml_value),
                        toml_value(load)
                    );
                    if let Some(d) = dud {
                        t += &format!(
                            "[[shipment.lot]]\nid = \"l\"\nshare = 1\ndud_rate = {}\n",
                            toml_value(d)
                        );
                    }
                }
                for (i, (id, test, note)) in claims.into_iter().enumerate() {
                    t += &format!(
                        "[[claim]]\nid = \"{id}{i}\"\ntext = \"t\"\nholds_if = {}\n",
                        toml_value(test)
                    );
                    if let Some(n) = note {
                        t += &format!("note = {}\n", toml_value((2, n)));
                    }
                }
                if let Some((e, observed, trust)) = ev {
                    t += "[[evidence]]\nid = \"e\"\n";
                    match observed {
                        Some(o) => {
                            t += &format!("likelihood = {}\nobserved = {o}\n", toml_value(e))
                        }
                        None => t += &format!("holds_if = {}\n", toml_value(e)),
                    }
                    if let Some(tr) = trust {
                        t += &format!("trust = {tr}\n");
                    }
                }
                if let Some((a, b, r)) = corr {
                    t += &format!("[correlation]\npairs = [[\"{a}\", \"{b}\", {r}]]\n");
                }
                t
            },
        )
}

/// A scale for the benign scenarios' numbers: ordinary, or far out (1e±150 to 1e±300).
fn scale() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => Just(1.0),
        1 => prop::sample::select(vec![1e150, 1e200, 1e300, 1e-150, 1e-300, 1e6, 1e12]),
    ]
}

/// Valid scenarios whose draws are mostly valid too, so the engine and the analysis (moments,
/// quantiles, sensitivity, evidence weights, correlation) run on odd but legal values.
fn benign_scenario() -> impl Strategy<Value = String> {
    let dist = (0usize..7, 0.01f64..100.0, 0.01f64..100.0, scale())
        .prop_map(|(k, a, b, s)| {
            let (a, b) = (a * s, b * s);
            match k {
                0 => format!("normal({a:e}, {b:e})"),
                1 => format!("uniform({a:e}, {:e})", a + b),
                2 => format!("{a:e} to {:e}", a + b),
                3 => format!("beta({:e}, {:e})", a.min(1e6), b.min(1e6)),
                4 => format!("poisson({:e})", a.min(1e15)),
                5 => format!("gamma({:e}, {b:e})", a.min(1e6)),
                _ => format!("{a:e}"),
            }
        })
        .boxed();
    let arith = |names: &'static [&'static str]| {
        prop::collection::vec(
            (
                prop::sample::select(vec![" + ", " - ", " * "]),
                prop_oneof![
                    prop::sample::select(names.to_vec()).prop_map(str::to_string),
                    (0.0f64..10.0).prop_map(|v| format!("{v:e}")),
                ],
            ),
            1..6,
        )
        .prop_map(move |terms| {
            terms
                .iter()
                .fold(names[0].to_string(), |acc, (op, t)| format!("{acc}{op}{t}"))
        })
    };
    let claim = (
        prop::sample::select(ALL.to_vec()),
        prop::sample::select(vec![">=", "<", ">", "<="]),
        -10.0f64..1000.0,
    );
    let evidence = prop::option::weighted(
        0.3,
        (
            any::<bool>(),
            prop::sample::select(ALL.to_vec()),
            0.0f64..1000.0,
            0.05f64..1.0,
        ),
    );
    let ship = prop::option::weighted(
        0.3,
        (
            0u32..500,
            prop::sample::select(vec![
                "normal(100, 10)",
                "poisson(x)",
                "binomial(10, 0.5)",
                "gamma(2, 3)",
                "5",
            ]),
        ),
    );
    (
        dist.clone(),
        dist,
        arith(&["x", "y"]),
        arith(&["x", "y", "z"]),
        prop::collection::vec(claim, 0..4),
        evidence,
        prop::option::weighted(0.3, -0.9f64..0.9),
        ship,
    )
        .prop_map(|(x, y, z, w, claims, ev, corr, ship)| {
            let mut t = format!(
                "[scenario]\ntitle = \"t\"\n[inputs]\nx = \"{x}\"\ny = \"{y}\"\n[model]\nz = \"{z}\"\nw = \"{w}\"\n"
            );
            for (i, (q, op, v)) in claims.into_iter().enumerate() {
                t += &format!("[[claim]]\nid = \"c{i}\"\ntext = \"t\"\nholds_if = \"{q} {op} {v:e}\"\n");
            }
            if let Some((bound, q, v, trust)) = ev {
                t += "[[evidence]]\nid = \"e\"\n";
                if bound {
                    t += &format!("holds_if = \"{q} >= {v:e}\"\ntrust = {trust}\n");
                } else {
                    t += &format!("likelihood = \"normal({q}, abs({q}) * 0.1 + 1)\"\nobserved = {v}\ntrust = {trust}\n");
                }
            }
            if let Some(r) = corr {
                t += &format!("[correlation]\npairs = [[\"x\", \"y\", {r}]]\n");
            }
            if let Some((n, load)) = ship {
                t += &format!("[shipment]\ncontainers = {n}\n[[shipment.cargo]]\nid = \"s\"\nshare = 1\nload = \"{load}\"\n");
            }
            t
        })
}

/// Scenario text from a grammar of TOML fragments, mostly malformed.
fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "[scenario]",
                "[inputs]",
                "[model]",
                "[[claim]]",
                "[[evidence]]",
                "[correlation]",
                "[shipment]",
                "[[shipment.cargo]]",
                "[[shipment.lot]]",
                "[catalogue]",
                "[[source]]",
                "title",
                "samples",
                "seed",
                "id",
                "holds_if",
                "text",
                "x",
                "y",
                "=",
                "\"",
                "'",
                "\"\"\"",
                "\n",
                " ",
                ",",
                "[",
                "]",
                "{",
                "}",
                "1 to 2",
                "normal(0, 1)",
                "1e999",
                "-1",
                "0",
                "use = [\"iso20\"]",
                "pairs = [[\"x\", \"y\", 0.5]]",
                "\\",
                "\\u",
                "containers",
                "load",
                "share",
            ])
            .prop_map(str::to_string),
            junk(),
            expr(),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// How far the cases got, for the campaign's report.
#[derive(Default)]
struct Stats {
    cases: AtomicU64,
    loaded: AtomicU64,
    ran: AtomicU64,
}

/// Runs `property` on `cases()` values of `strategy`, from the seed `SHELLCOUNT_FUZZ_SEED`
/// (default 1: CI explores the same cases every time); prints how far the cases got when
/// `SHELLCOUNT_FUZZ_CASES` is set.
fn fuzz<S: Strategy>(name: &str, strategy: S, text: impl Fn(S::Value) -> String) {
    let seed: u64 = std::env::var("SHELLCOUNT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(config(), rng);
    let stats = Stats::default();
    let result = runner.run(&strategy, |v| holds(&text(v), &stats));
    if std::env::var("SHELLCOUNT_FUZZ_CASES").is_ok() {
        let n = |a: &AtomicU64| a.load(Ordering::Relaxed);
        println!(
            "{name}: {} cases (seed {seed}): {} loaded, {} ran the engine without error",
            n(&stats.cases),
            n(&stats.loaded),
            n(&stats.ran)
        );
    }
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn expressions_never_crash_check_or_a_tiny_run() {
    let head =
        "[scenario]\ntitle = \"t\"\n[inputs]\nx = \"uniform(1, 2)\"\ny = \"normal(0, 1)\"\nz = 3\n";
    fuzz("expressions", (embed(), any::<bool>()), |(e, claim)| {
        if claim {
            format!(
                "{head}w = \"poisson(2)\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = {}\n",
                toml_value(e)
            )
        } else {
            format!("{head}[model]\nw = {}\n", toml_value(e))
        }
    });
}

#[test]
fn scenarios_never_crash_check_or_a_tiny_run() {
    fuzz("scenarios", scenario(), |t| t);
}

#[test]
fn benign_scenarios_never_crash_check_or_a_tiny_run() {
    fuzz("benign scenarios", benign_scenario(), |t| t);
}

#[test]
fn fragments_never_crash_check_or_a_tiny_run() {
    fuzz("fragments", fragments(), |t| t);
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/fuzz/corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Every input that once crashed (or broke the property), replayed: in process, and through
/// the binary's `check` and `run --samples 16`, which must exit 0 or 2 without a panic.
#[test]
fn corpus_replays_cleanly() {
    let files = corpus();
    assert!(!files.is_empty(), "tests/fuzz/corpus/ is empty");
    let out = tempfile::TempDir::new().unwrap();
    for f in files {
        let text = std::fs::read(&f).unwrap();
        if let Ok(text) = std::str::from_utf8(&text) {
            if let Err(why) = check_and_tiny_run(text) {
                panic!("{}: {why}", f.display());
            }
        }
        for args in [
            vec!["check"],
            vec!["run", "--quiet", "--samples", "16", "--out"],
        ] {
            let mut cmd = bin();
            cmd.args(&args);
            if args.len() > 1 {
                cmd.arg(out.path());
            }
            let o = cmd.arg(&f).output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                matches!(o.status.code(), Some(0 | 2)),
                "{} {}: {:?}\n{stderr}",
                args[0],
                f.display(),
                o.status
            );
            assert!(!stderr.contains("panicked"), "{}: {stderr}", f.display());
        }
    }
}
