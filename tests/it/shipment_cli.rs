//! Shipment physics end to end: `[catalogue]`, capacity functions and `[shipment]`, through the
//! command line (assert_cmd, temp dirs) and through the library (per-draw invariants and
//! compound-sum moments, checked to 4 Monte Carlo standard errors).

use crate::support::{
    assert_bad, assert_same_distribution, bin, column, moments, run, run_quiet, scenario_text,
    summary_json, write,
};
use predicates::prelude::*;
use shellcount::engine;
use tempfile::TempDir;

const SHIP: &str = r#"[scenario]
title = "Shipment test"
samples = 20000
seed = 11

[catalogue]
use = ["iso20", "shell_152_he"]

[inputs]
containers = "poisson(50)"
share_a = "uniform(0.3, 0.7)"
mean_load = "normal(100, 5)"
dud_old = "beta(10, 10)"

[model]
cap_mass = "capacity_by_mass(iso20_max_payload_kg, shell_152_he_packed_mass_kg)"
working_share = "working_total / max(delivered_total, 1)"

[shipment]
containers = "containers"
assign = "container"
[[shipment.cargo]]
id = "a"
share = "share_a"
load = "normal(mean_load, 10)"
[[shipment.cargo]]
id = "b"
share = "1 - share_a"
load = "poisson(30)"
[[shipment.cargo]]
id = "other"
share = 0
[[shipment.lot]]
id = "old"
share = 0.4
dud_rate = "dud_old"
[[shipment.lot]]
id = "new"
share = 0.6
dud_rate = 0.05

[[claim]]
id = "half-work"
text = "At least half the rounds work"
holds_if = "working_share >= 0.5"
"#;

#[test]
fn shipment_scenario_runs_and_counts_are_whole_and_ordered() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "ship.toml", SHIP);
    let out = dir.path().join("out");
    bin().arg("check").arg(&p).assert().success();
    run_quiet(&p, &out);
    let json = summary_json(&out.join("ship"));
    let q = &json["quantities"];
    let generated = [
        "containers_a",
        "containers_b",
        "containers_other",
        "delivered_a",
        "working_a",
        "delivered_b",
        "working_b",
        "delivered_old",
        "working_old",
        "delivered_new",
        "working_new",
        "delivered_total",
        "working_total",
    ];
    for name in generated {
        let s = &q[name];
        assert_eq!(s["kind"], "model", "{name}");
        for k in ["min", "max"] {
            let v = s[k].as_f64().unwrap();
            assert_eq!(v, v.round(), "{name}.{k} = {v} is not whole");
            assert!(v >= 0.0, "{name}.{k} < 0");
        }
    }
    assert!(
        q.get("delivered_other").is_none(),
        "no rounds for other cargo"
    );
    assert_eq!(q["containers_other"]["max"], 0.0);
    let f = |n: &str, k: &str| q[n][k].as_f64().unwrap();
    for (w, d) in [
        ("working_old", "delivered_old"),
        ("working_total", "delivered_total"),
    ] {
        assert!(f(w, "max") <= f(d, "max") && f(w, "mean") <= f(d, "mean"));
    }
    // Catalogue imports: quantities with units and sources added to the scenario's list; the
    // payload is derived (maximum gross − tare), so it is a model quantity.
    assert_eq!(q["iso20_max_payload_kg"]["kind"], "model");
    assert_eq!(q["iso20_max_payload_kg"]["unit"], "kg");
    assert_eq!(
        q["iso20_max_payload_kg"]["source"],
        "freightutils-containers"
    );
    let sources: Vec<&str> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"freightutils-containers"), "{sources:?}");
    // Charts: working vs dud by lot.
    let chart = out.join("ship/charts/lots_working_dud.png");
    assert!(chart.exists(), "{}", chart.display());
}

#[test]
fn per_draw_invariants_and_reproducibility() {
    let s = scenario_text("ship.toml", SHIP);
    let col = |d: &engine::Draws, n: &str| column(&s, d, n).to_vec();
    let d = run(&s, 20_000, 5);
    let (n, ca, cb, co) = (
        col(&d, "containers"),
        col(&d, "containers_a"),
        col(&d, "containers_b"),
        col(&d, "containers_other"),
    );
    let (da, db, dold, dnew, dt) = (
        col(&d, "delivered_a"),
        col(&d, "delivered_b"),
        col(&d, "delivered_old"),
        col(&d, "delivered_new"),
        col(&d, "delivered_total"),
    );
    let (wold, wnew, wt) = (
        col(&d, "working_old"),
        col(&d, "working_new"),
        col(&d, "working_total"),
    );
    for i in 0..d.samples {
        assert_eq!(ca[i] + cb[i] + co[i], n[i].round());
        assert_eq!(da[i] + db[i], dt[i]);
        assert_eq!(dold[i] + dnew[i], dt[i]);
        assert_eq!(wold[i] + wnew[i], wt[i]);
        assert!(wold[i] <= dold[i] && wnew[i] <= dnew[i] && wt[i] <= dt[i]);
    }
    // Same seed → same draws, on one thread or many.
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run(&s, 20_000, 5));
    assert_eq!(col(&one, "working_total"), wt);
}

/// Alias-table loads (fixed `300 to 600` for the run, per-draw `normal(m, 4)` with enough
/// containers to tabulate per draw) give the same draws on 1, 2 and 3 threads.
#[test]
fn table_loads_are_the_same_on_any_thread_count() {
    let text = r#"[scenario]
title = "tables"
[inputs]
m = "normal(40, 3)"
[shipment]
containers = 1500
[[shipment.cargo]]
id = "fixed"
share = 0.5
load = "300 to 600"
[[shipment.cargo]]
id = "per_draw"
share = 0.5
load = "normal(m, 4)"
[[shipment.lot]]
id = "l"
share = 1
dud_rate = 0.1
"#;
    let s = scenario_text("tables.toml", text);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run(&s, 1_500, 3))
    };
    let (one, two, three) = (on(1), on(2), on(3));
    for name in ["delivered_fixed", "delivered_per_draw", "working_total"] {
        let c = column(&s, &one, name);
        assert_eq!(c, column(&s, &two, name), "{name}");
        assert_eq!(c, column(&s, &three, name), "{name}");
    }
    // E[total] = E[containers]·E[X] = 750 · exp(μ + σ²/2) with μ = ln √(300·600) and
    // σ = ln 2 / (2·1.6449) (rounding moves the mean by far less than its SE): within 5 SE.
    let m = moments(column(&s, &one, "delivered_fixed"));
    let sigma = 2f64.ln() / (2.0 * 1.644_853_6);
    let want = 750.0 * ((300.0f64 * 600.0).sqrt().ln() + sigma * sigma / 2.0).exp();
    assert!(
        (m.mean - want).abs() < 5.0 * m.se_mean,
        "{} vs {want}",
        m.mean
    );
}

/// Totals are compound sums: N ~ Poisson(60) containers, X ~ rounded Normal(100, 10) rounds each.
/// E[T] = E[N]·E[X] = 6000; Var[T] = E[N]·Var[X] + Var[N]·E[X]² with Var[X] = 100 + 1/12
/// (rounding a normal to whole numbers adds the uniform rounding error's 1/12).
#[test]
fn totals_match_compound_sum_moments() {
    let text = r#"[scenario]
title = "compound"
[inputs]
containers = "poisson(60)"
[shipment]
containers = "containers"
[[shipment.cargo]]
id = "s"
share = 1
load = "normal(100, 10)"
"#;
    let s = scenario_text("c.toml", text);
    let d = run(&s, 200_000, 3);
    let m = moments(column(&s, &d, "delivered_total"));
    let (mean, var, se_mean, se_var) = (m.mean, m.var, m.se_mean, m.se_var);
    let (en, vn, ex, vx) = (60.0, 60.0, 100.0, 100.0 + 1.0 / 12.0);
    let want_mean = en * ex;
    let want_var = en * vx + vn * ex * ex;
    assert!(
        (mean - want_mean).abs() <= 4.0 * se_mean,
        "mean {mean} vs {want_mean} (SE {se_mean})"
    );
    assert!(
        (var - want_var).abs() <= 4.0 * se_var,
        "var {var} vs {want_var} (SE {se_var})"
    );
}

#[test]
fn capacity_functions_match_hand_computed_cases() {
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "cap.toml",
        r#"[scenario]
title = "capacity"
samples = 100
[inputs]
payload = 28180
[model]
by_mass = "capacity_by_mass(payload, 62.9)"
by_mass_exact = "capacity_by_mass(448 * 51.745, 51.745)"
by_volume = "capacity_by_volume(33.2, 74, 0.8)"
by_volume_full = "capacity_by_volume(33.2, 74, 1)"
per_round = "mass_per_round(payload, 448)"
grad = "capacity_by_mass(payload, 66)"
"#,
    );
    let out = dir.path().join("out");
    run_quiet(&p, &out);
    let json = summary_json(&out.join("cap"));
    let mean = |n: &str| json["quantities"][n]["mean"].as_f64().unwrap();
    assert_eq!(mean("by_mass"), 448.0); // floor(28180 / 62.9) = floor(448.01)
    assert_eq!(mean("by_mass_exact"), 448.0); // exact quotient is not lost to rounding
    assert_eq!(mean("by_volume"), 358.0); // floor(33,200 × 0.8 / 74) = floor(358.9)
    assert_eq!(mean("by_volume_full"), 448.0); // 33,200 / 74 = 448.6
    assert!((mean("per_round") - 62.902).abs() < 1e-3); // 28,180 / 448
    assert_eq!(mean("grad"), 426.0); // floor(28180 / 66) = floor(426.97)
}

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 1000\n[inputs]\ncontainers = 100\n";

#[test]
fn bad_catalogue_values_are_located() {
    assert_bad(
        "[scenario]\ntitle = \"t\"\n[catalogue]\nuse = [\"iso20\", \"shell_152\"]\n",
        &[
            "bad.toml:4:17",
            "`catalogue.use`",
            "unknown catalogue entry `shell_152`",
            "did you mean `shell_152_he`?",
        ],
    );
    assert_bad(
        "[scenario]\ntitle = \"t\"\n[catalogue]\nuse = [\"shell_152_he\"]\n\
         [catalogue.override.munition.shell_152_he]\n\
         packed_mass_kg = { value = -5, assumption = true, note = \"n\" }\n",
        &[
            "bad.toml:6:28",
            "`catalogue.override.munition.shell_152_he.packed_mass_kg`",
            "-5 is not allowed here; must be a number > 0",
        ],
    );
    assert_bad(
        "[scenario]\ntitle = \"t\"\n[catalogue]\nuse = [\"iso20\"]\n\
         [catalogue.override.munition.shell_152]\n\
         packed_mass_kg = { value = 60, assumption = true, note = \"n\" }\n",
        &[
            "bad.toml:5:",
            "unknown munition `shell_152`",
            "shell_152_he",
        ],
    );
}

#[test]
fn bad_shipment_sections_are_located() {
    let cargo = "[shipment]\ncontainers = \"containers\"\n[[shipment.cargo]]\nid = \"a\"\n";
    assert_bad(
        &format!(
            "{HEAD}{cargo}share = 0.5\nload = 10\n[[shipment.cargo]]\nid = \"b\"\nshare = 0.6\n"
        ),
        &[
            "bad.toml:6:1",
            "`shipment.cargo`",
            "cargo shares add up to 1.1",
        ],
    );
    assert_bad(
        &format!("{HEAD}{cargo}share = 1\nlod = 10\n"),
        &["bad.toml:11:1", "unknown key `lod`", "did you mean `load`?"],
    );
    assert_bad(
        &format!("{HEAD}{cargo}share = 1\n[[shipment.lot]]\nid = \"x\"\nshare = 1\ndud = 0.5\n"),
        &[
            "bad.toml:14:1",
            "unknown key `dud`",
            "did you mean `dud_rate`?",
        ],
    );
    assert_bad(
        &format!("{HEAD}delivered_a = 3\n{cargo}share = 1\nload = 5\n"),
        &[
            "`shipment`",
            "generates `delivered_a`, which is already defined",
        ],
    );
    assert_bad(
        &format!("{HEAD}{cargo}share = 1\nload = \"normal(contaners, 1)\"\n"),
        &[
            "bad.toml:11:16",
            "unknown name `contaners`",
            "did you mean `containers`?",
        ],
    );
}

#[test]
fn shares_not_adding_up_on_a_draw_stop_the_run_with_the_draw() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "{HEAD}s = \"uniform(0.5, 0.6)\"\n[shipment]\ncontainers = \"containers\"\n\
         [[shipment.cargo]]\nid = \"a\"\nshare = \"s\"\nload = 5\n\
         [[shipment.cargo]]\nid = \"b\"\nshare = \"s\"\n"
    );
    let p = write(&dir, "bad.toml", &text);
    let out = dir.path().join("out");
    bin().arg("check").arg(&p).assert().success();
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(&out)
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`shipment`"))
        .stderr(predicate::str::contains("draw 0"))
        .stderr(predicate::str::contains("cargo shares add up to"));
    assert!(!out.exists());
}

/// A fixed `gamma(...)` load (drawn from the alias table of its rounded pmf) and a `gamma(...)`
/// input, rounded, have the same distribution: with one container, one cargo type and one lot
/// without duds, each draw's delivered total is one container's load (two-sample KS,
/// α = 0.001).
#[test]
fn gamma_load_and_rounded_gamma_input_agree() {
    let input = scenario_text(
        "in.toml",
        "[scenario]\ntitle = \"t\"\n[inputs]\ng = \"gamma(0.5, 20)\"\n",
    );
    let load = scenario_text(
        "load.toml",
        "[scenario]\ntitle = \"t\"\n[inputs]\nc = 1\n[shipment]\ncontainers = \"c\"\n\
         [[shipment.cargo]]\nid = \"a\"\nshare = 1\nload = \"gamma(0.5, 20)\"\n",
    );
    let (a, b) = (run(&input, 20_000, 21), run(&load, 20_000, 21));
    let rounded: Vec<f64> = column(&input, &a, "g")
        .iter()
        .map(|&x| x.round_ties_even().max(0.0))
        .collect();
    let delivered = column(&load, &b, "delivered_total").to_vec();
    assert_same_distribution(delivered, rounded, "gamma load vs rounded gamma input");
}
