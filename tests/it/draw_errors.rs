//! Values a draw cannot use stop the run, naming what, the draw and the value (issue 8 items 2,
//! 5 and 6): tests on values that are not finite numbers (claims, evidence, `if`, `min`/`max`/
//! `clamp`), counts beyond 2⁶⁴ − 1, and container loads below 0. Nothing is silently counted
//! as false, saturated or clamped; moments of huge draws are right, not overflowed.

use crate::support::{bin, scenario_text, summary_json, write};
use predicates::prelude::*;
use shellcount::engine::{self, EngineError};
use shellcount::scenario::{from_text, Scenario};
use std::path::Path;
use tempfile::TempDir;

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\nseed = 3\n";

/// Runs `body` (after `[scenario]`) through the library: the error, or the scenario and draws.
fn run_body(body: &str) -> Result<(Scenario, engine::Draws), EngineError> {
    let s = scenario_text("t.toml", &format!("{HEAD}{body}"));
    let d = engine::run(&s.program, 2000, 3, &|_| {})?;
    Ok((s, d))
}

/// The reproduction: `working / shipped <= 0.5` with `shipped = 0` on some draws
/// counted those draws as false (two complementary claims added up to 64%). Now `run` stops
/// with the claim, the draw and the value, exit 2, and the hint to guard it.
#[test]
fn claims_comparing_nan_stop_the_run_with_the_claim_draw_and_value() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "{HEAD}[inputs]\nshipped = \"poisson(1)\"\nworking = \"poisson(1)\"\n\
         [[claim]]\nid = \"low\"\ntext = \"t\"\nholds_if = \"working / shipped <= 0.5\"\n\
         [[claim]]\nid = \"high\"\ntext = \"t\"\nholds_if = \"working / shipped > 0.5\"\n"
    );
    let p = write(&dir, "ratio.toml", &text);
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`claim.low.holds_if`"))
        .stderr(predicate::str::is_match("claim `low` cannot be decided on draw [0-9]+: its test compares a value that is (NaN|inf)").unwrap())
        .stderr(predicate::str::contains("help: guard the formula"));
    assert!(!dir.path().join("out").exists());
}

/// `1 / (b - b) > 0` counted as true; now it stops the run with the value +inf.
#[test]
fn claims_comparing_infinity_stop_the_run() {
    let e = run_body(
        "[inputs]\nb = \"normal(0, 1)\"\n[[claim]]\nid = \"inf\"\ntext = \"t\"\nholds_if = \"1 / (b - b) > 0\"\n",
    )
    .err();
    assert_eq!(
        e,
        Some(EngineError::UnknownTest {
            subject: "claim `inf`".into(),
            key: "claim.inf.holds_if".into(),
            draw: 0,
            value: f64::INFINITY
        })
    );
}

/// Every place a test can hide a value that is not a number: under `not`, `and`, `or`, in an
/// `if` condition, and in `min`, `max` and `clamp` (which compare their arguments). Each
/// stops the run at draw 0 (`x` is in [1, 2], so `x / (x - x)` is +inf and `(x - x) / (x - x)`
/// NaN; a division by a constant 0 is refused by `check` already).
#[test]
fn unknown_tests_hide_nowhere() {
    let claims = [
        "not (x / (x - x) > 1)",
        "x > 0 and x / (x - x) > 1",
        "x / (x - x) > 1 and x > 0",
        "x < 0 or (x - x) / (x - x) > 1",
        "if((x - x) / (x - x) > 1, 1, 2) > 0",
        "if(x > 0, x / (x - x), 1) > 1",
        "max(x / (x - x), 1) > 0",
        "min(1, (x - x) / (x - x)) > 0",
        "clamp((x - x) / (x - x), 0, 1) > 0",
        "x / (x - x) == x / (x - x)",
    ];
    for test in claims {
        let body = format!(
            "[inputs]\nx = \"uniform(1, 2)\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"{test}\"\n"
        );
        match run_body(&body).err() {
            Some(EngineError::UnknownTest { draw: 0, value, .. }) => {
                assert!(!value.is_finite(), "{test}: {value}")
            }
            other => panic!("{test}: {other:?}"),
        }
    }
    // In a quantity, an `if` test or a min/max on such a value makes the quantity unknown.
    for expr in [
        "if(x / (x - x) > 1, 1, 2)",
        "max(x / (x - x), 1)",
        "min(1, (x - x) / (x - x))",
    ] {
        let body = format!("[inputs]\nx = \"uniform(1, 2)\"\n[model]\ny = \"{expr}\"\n");
        match run_body(&body).err() {
            Some(EngineError::NonFinite {
                quantity, draw: 0, ..
            }) => assert_eq!(quantity, "y"),
            other => panic!("{expr}: {other:?}"),
        }
    }
}

/// Guards work: `if(d > 0, x / d, 0)`, and `and`/`or` whose known side decides (Kleene logic:
/// `false and ?` is false, `true or ?` is true). The probabilities are what the guarded
/// formula says, draw by draw.
#[test]
fn guarded_tests_run_and_count_what_they_say() {
    let body = "[inputs]\nshipped = \"poisson(1)\"\nworking = \"poisson(1)\"\n\
        [[claim]]\nid = \"if\"\ntext = \"t\"\nholds_if = \"if(shipped > 0, working / shipped, 0) <= 0.5\"\n\
        [[claim]]\nid = \"and\"\ntext = \"t\"\nholds_if = \"shipped > 0 and working / shipped <= 0.5\"\n\
        [[claim]]\nid = \"or\"\ntext = \"t\"\nholds_if = \"shipped == 0 or working / shipped > 0.5\"\n";
    let (s, d) = run_body(body).expect("guarded claims run");
    let col = |n: &str| &d.columns[s.program.quantity(n).unwrap()];
    let (sh, wo) = (col("shipped"), col("working"));
    let claim = |id: &str| &d.claims[s.program.claim(id).unwrap()];
    let mut zeros = 0;
    for i in 0..d.samples {
        let ratio_low = sh[i] > 0.0 && wo[i] / sh[i] <= 0.5;
        zeros += usize::from(sh[i] == 0.0);
        assert_eq!(claim("if")[i] == 1, sh[i] == 0.0 || ratio_low, "draw {i}");
        assert_eq!(claim("and")[i] == 1, ratio_low, "draw {i}");
        // `or` is the complement of `and`: the two now add up to exactly 100%.
        assert_eq!(claim("or")[i] == 1, !ratio_low, "draw {i}");
    }
    assert!(
        zeros > 500,
        "poisson(1) is 0 on about 37% of draws, got {zeros}"
    );
}

/// Evidence `holds_if` bounds are tests too.
#[test]
fn evidence_bounds_comparing_nan_stop_the_run() {
    let body = "[inputs]\nx = \"uniform(1, 2)\"\n\
        [[evidence]]\nid = \"e\"\nholds_if = \"(x - x) / (x - x) < 1\"\n";
    match run_body(body).err() {
        Some(EngineError::UnknownTest {
            subject,
            key,
            draw: 0,
            value,
            ..
        }) => {
            assert_eq!(
                (subject.as_str(), key.as_str()),
                ("evidence `e`", "evidence.e.holds_if")
            );
            assert!(value.is_nan());
        }
        other => panic!("{other:?}"),
    }
}

/// The reproduction: 1e17 containers with a Poisson load gave delivered_total =
/// 1.8447e19 (2⁶⁴, saturated). Now the count that cannot be held stops the run, naming the
/// quantity and the draw.
#[test]
fn shipment_counts_beyond_u64_are_errors_naming_the_quantity() {
    let ship = |containers: &str, cargo: &str| {
        format!("[shipment]\ncontainers = \"{containers}\"\n{cargo}")
    };
    let one = "[[shipment.cargo]]\nid = \"a\"\nshare = 1\nload = \"poisson(448)\"\n";
    match run_body(&ship("1e17", one)).err() {
        Some(
            ref e @ EngineError::Shipment {
                ref quantity,
                draw: 0,
                ref message,
                ..
            },
        ) => {
            assert_eq!(quantity, "delivered_a");
            assert!(message.contains("2^64 − 1"), "{message}");
            // The help names the likely slip, not a clamp that cannot apply to a count.
            let help = e.help().unwrap();
            assert!(help.contains("slip of units"), "{help}");
            assert!(!help.contains("clamp"), "{help}");
        }
        other => panic!("{other:?}"),
    }
    // Two cargo types each below 2^64 − 1 whose total is above it: `delivered_total`.
    let two = "[[shipment.cargo]]\nid = \"a\"\nshare = 0.5\nload = \"1e8\"\n\
               [[shipment.cargo]]\nid = \"b\"\nshare = 0.5\nload = \"1e8\"\n";
    match run_body(&ship("2e11", two)).err() {
        Some(EngineError::Shipment { quantity, .. }) => assert_eq!(quantity, "delivered_total"),
        other => panic!("{other:?}"),
    }
    // A container count that no u64 holds.
    match run_body(&ship("1e20", one)).err() {
        Some(EngineError::Shipment {
            quantity, message, ..
        }) => {
            assert_eq!(quantity, "shipment");
            assert!(
                message.contains("containers = 100000000000000000000"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Just below: 4e16 containers × 448 ≈ 1.8e19 < 2^64 − 1 runs, and exactly.
    let (s, d) = run_body(&ship("4e16", one)).expect("fits in u64");
    let total = &d.columns[s.program.quantity("delivered_total").unwrap()];
    let mean = total.iter().sum::<f64>() / total.len() as f64;
    assert!((mean / (4e16 * 448.0) - 1.0).abs() < 1e-6, "{mean}");
}

/// The reproduction: `load = "normal(0, 100)"` was clamped at 0, biasing totals up by
/// E[max(0, X)], while `load = "-448"` was an error. Now both are errors on the first draw
/// where a container goes below 0, with the load drawn.
#[test]
fn negative_container_loads_stop_the_run_with_the_load_drawn() {
    let body = |load: &str| {
        format!(
            "[shipment]\ncontainers = 100\n[[shipment.cargo]]\nid = \"s\"\nshare = 1\nload = \"{load}\"\n"
        )
    };
    match run_body(&body("normal(0, 100)")).err() {
        Some(
            ref e @ EngineError::Shipment {
                ref quantity,
                draw: 0,
                ref message,
                ..
            },
        ) => {
            assert_eq!(quantity, "delivered_s");
            // The message says which loads to use; no generic help line after it.
            assert_eq!(e.help(), None);
            assert!(
                message.starts_with("cargo `s`: a container drew -"),
                "{message}"
            );
            assert!(message.contains("a load must be ≥ 0"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // A constant negative load is refused by `check`, before any draw.
    let text = format!("[scenario]\ntitle = \"t\"\n{}", body("-448"));
    let e = from_text(Path::new("t.toml"), &text).expect_err("negative constant load");
    assert!(e.to_string().contains("load = -448 is negative"), "{e}");
    // A load that goes below 0 only rarely stops at the first draw that does; every draw
    // before it ran and is whole.
    let dir = TempDir::new().unwrap();
    let text = format!("{HEAD}{}", body("normal(8, 2)"));
    let p = write(&dir, "rare.toml", &text);
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::is_match("`delivered_s`: quantity `delivered_s`, draw [0-9]+: cargo `s`: a container drew -[0-9.]+ rounds").unwrap());
}

/// Draws beyond ~1e154 overflowed the moments (sd 0, mean null). Their summaries now match
/// those of the same draws at an ordinary scale, times the scale.
#[test]
fn summaries_of_huge_draws_are_the_scaled_summaries_of_ordinary_ones() {
    let dir = TempDir::new().unwrap();
    let text = |scale: &str| {
        format!("{HEAD}[inputs]\nx = \"uniform(1, 10)\"\n[model]\ny = \"x * {scale}\"\n")
    };
    let out = dir.path().join("out");
    for (name, scale) in [("plain", "1"), ("huge", "1e300"), ("tiny", "1e-300")] {
        let p = write(&dir, &format!("{name}.toml"), &text(scale));
        bin()
            .args(["run", "--quiet", "--out"])
            .arg(&out)
            .arg(&p)
            .assert()
            .success();
    }
    let y = |name: &str| summary_json(&out.join(name))["quantities"]["y"].clone();
    let plain = y("plain");
    for (name, k) in [("huge", 1e300), ("tiny", 1e-300)] {
        let q = y(name);
        for stat in ["mean", "sd", "min", "max", "p50"] {
            let (a, b) = (
                plain[stat].as_f64().unwrap(),
                q[stat].as_f64().unwrap_or(f64::NAN),
            );
            assert!(
                (b / k / a - 1.0).abs() < 1e-12,
                "{name}.{stat}: {b} vs {a} × {k}"
            );
        }
    }
}

/// A shipment error's help line fits its cause: a dud rate that leaves [0, 1] on a draw is told
/// to stay in [0, 1], not that shares must add up to 1 or that a count is too large.
#[test]
fn shipment_help_lines_fit_the_cause() {
    let body = "[inputs]\nd = \"uniform(0, 1.5)\"\n[shipment]\ncontainers = 100\n\
                [[shipment.cargo]]\nid = \"a\"\nshare = 1\nload = \"poisson(448)\"\n\
                [[shipment.lot]]\nid = \"x\"\nshare = 1\ndud_rate = \"d\"\n";
    let e = run_body(body).expect_err("a dud rate above 1 on some draw");
    assert!(matches!(e, EngineError::Shipment { .. }), "{e:?}");
    let help = e.help().unwrap();
    assert!(help.starts_with("a dud rate"), "{help}");
    assert!(!help.contains("add up to 1"), "{help}");
    let body = "[inputs]\nc = \"normal(100, 100)\"\n[shipment]\ncontainers = \"c\"\n\
                [[shipment.cargo]]\nid = \"a\"\nshare = 1\nload = \"poisson(448)\"\n";
    let e = run_body(body).expect_err("a negative container count on some draw");
    let help = e.help().unwrap();
    assert!(
        help.starts_with("`containers` must be a number ≥ 0"),
        "{help}"
    );
}
