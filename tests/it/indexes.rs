//! Issue 13: indexes, indexed quantities, reductions and lookups, `sum_of`, and their outputs.
//! Statistical checks use fixed seeds and tolerances of 4 Monte Carlo standard errors.

use crate::support::{
    assert_bad, bin, column, moments, run, run_quiet, scenario, summary_json, write,
};
use tempfile::TempDir;

const TEN: &str = "[index]\nstep = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";

#[test]
fn per_element_draws_and_shared_draws_follow_the_law_of_total_variance() {
    // x[i] = a + e[i]: `a` is one draw shared by the elements, each e[i] its own normal(0, 1).
    // Var(sum_over(x)) = k² Var(a) + k Var(e) = 100 · 4 + 10 = 410; corr(x[1], x[2]) = 4 / 5.
    let s = scenario(&format!(
        "{TEN}[inputs]\na = \"normal(0, 2)\"\n[model]\nx = \"a + normal(0, 1) + 0 * step\"\ntotal = \"sum_over(x, step)\"\n"
    ));
    let d = run(&s, 40_000, 7);
    let m = moments(column(&s, &d, "total"));
    assert!(m.mean.abs() < 4.0 * m.se_mean, "mean {}", m.mean);
    assert!(
        (m.var - 410.0).abs() < 4.0 * m.se_var,
        "var {} ± {}",
        m.var,
        m.se_var
    );
    let (x1, x2) = (column(&s, &d, "x[1]"), column(&s, &d, "x[2]"));
    let cov = x1.iter().zip(x2).map(|(a, b)| a * b).sum::<f64>() / x1.len() as f64;
    // Var of the product of two correlated normals with these variances: ≤ 5·5 + 4² = 41.
    assert!(
        (cov - 4.0).abs() < 4.0 * (41.0f64 / x1.len() as f64).sqrt(),
        "cov {cov}"
    );
    assert_ne!(x1, x2, "each element draws its own noise");
    // One model quantity per element: the memory estimate counts k columns.
    assert_eq!(s.quantities.len(), 1 + 10 + 1);
}

#[test]
fn reductions_and_lookups_by_hand() {
    // x = 10, 20, 30, 40 (+ 0·u so that the engine, not constant folding, computes them).
    let s = scenario(
        "[index]\nmonth = { from = \"2023-11\", to = \"2024-02\" }\n[inputs]\nu = \"uniform(0, 1)\"\n[model]\n\
         x = \"10 * month + 0 * u\"\ncum = \"cumsum(x, month)\"\n\
         feb = 'at(cum, \"2024-02\")'\nthird = \"at(cum, 3)\"\n\
         first50 = \"first_where(cum >= 50, month)\"\nnever = \"first_where(cum > 1000, month)\"\n\
         mean = \"mean_over(x, month)\"\nlo = \"min_over(x, month)\"\nhi = \"max_over(x, month)\"\n\
         gap = 'months_between(\"2023-08\", \"2024-02\")'\n\
         all = \"if(all_over(x >= 10, month), 1, 0)\"\nany = \"if(any_over(x > 35, month), 1, 0)\"\n\
         none = \"if(any_over(x > 40, month), 1, 0)\"\n",
    );
    let d = run(&s, 100, 1);
    let at = |n: &str| column(&s, &d, n)[0];
    for (i, want) in [10.0, 30.0, 60.0, 100.0].into_iter().enumerate() {
        let label = ["2023-11", "2023-12", "2024-01", "2024-02"][i];
        assert_eq!(at(&format!("cum[{label}]")), want);
    }
    assert_eq!(at("feb"), 100.0);
    assert_eq!(at("third"), 60.0);
    assert_eq!(at("first50"), 3.0, "cum reaches 60 ≥ 50 at the third month");
    assert_eq!(at("never"), 5.0, "one past the last position");
    assert_eq!((at("mean"), at("lo"), at("hi")), (25.0, 10.0, 40.0));
    assert_eq!(at("gap"), 6.0);
    assert_eq!((at("all"), at("any"), at("none")), (1.0, 1.0, 0.0));
}

#[test]
fn sum_of_with_a_poisson_count_has_the_compound_moments() {
    // E[S] = E[n]·μ, Var[S] = E[n]·σ² + Var(n)·μ², with n ~ Poisson(20): Var(n) = E[n] = 20.
    // Term by term (uniform(0, 10): μ 5, σ² 100/12) and by the gamma shortcut (μ 6, σ² 18).
    let s = scenario(
        "[inputs]\nn = \"poisson(20)\"\n[model]\nloop = \"sum_of(n, uniform(0, 10))\"\nfast = \"sum_of(n, gamma(2, 3))\"\n",
    );
    let d = run(&s, 40_000, 11);
    for (name, mu, var) in [("loop", 5.0, 100.0 / 12.0), ("fast", 6.0, 18.0)] {
        let m = moments(column(&s, &d, name));
        let (mean, v) = (20.0 * mu, 20.0 * var + 20.0 * mu * mu);
        assert!(
            (m.mean - mean).abs() < 4.0 * m.se_mean,
            "{name} mean {}",
            m.mean
        );
        assert!(
            (m.var - v).abs() < 4.0 * m.se_var,
            "{name} var {} vs {v}",
            m.var
        );
    }
}

#[test]
fn index_mistakes_are_located_errors_at_check() {
    let base = "[scenario]\ntitle = \"t\"\n[index]\nmonth = { from = \"2023-08\", to = \"2023-12\" }\nstep = [1, 2]\n[inputs]\na = \"1 to 2\"\n";
    let cases: [(&str, &[&str]); 7] = [
        ("[model]\nx = \"a * month * step\"\n", &["bad.toml:9:", "mixes two indexes, `month` and `step`"]),
        ("[model]\nx = \"a * month\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"x > 3\"\n", &["claim.c.holds_if", "one value per element of `month`", "sum_over(x, month)"]),
        ("[model]\nx = \"cumsum(a, month)\"\ny = \"cumsum(a, month) + 0\"\nz = \"x + sum_over(cumsum(a, month), month)\"\n[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"cumsum(a, month) > 3\"\n", &["cumsum(...) has one value per element"]),
        ("[model]\nx = \"a * month\"\ny = 'at(x, \"2024-05\")'\n", &["is not an element of the index `month`", "2023-08"]),
        ("[model]\nx = \"cumsum(normal(0, 1) + month, month)\"\n", &["draws random values itself"]),
        ("[model]\nx = \"sum_of(-3, poisson(2))\"\n", &["must be ≥ 0"]),
        ("[model]\nmonth = \"2\"\n", &["name of an index and of a quantity"]),
    ];
    for (tail, expected) in cases {
        assert_bad(&format!("{base}{tail}"), expected);
    }
}

#[test]
fn a_negative_count_drawn_at_run_time_stops_the_run() {
    crate::support::assert_bad_when_run(
        "[scenario]\ntitle = \"t\"\n[inputs]\nn = \"normal(-5, 1)\"\n[model]\ns = \"sum_of(n, poisson(1))\"\n",
        &["sum_of(n, poisson(1))", "whole number ≥ 0"],
    );
}

#[test]
fn outputs_group_the_elements_of_an_indexed_quantity() {
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "ix.toml",
        "[scenario]\ntitle = \"t\"\nsamples = 2000\n[index]\nmonth = { from = \"2024-01\", to = \"2024-06\" }\n\
         [inputs]\npace = \"100 to 200\"\n[model]\nmonthly = \"pace + normal(0, 10) + 0 * month\"\ncum = \"cumsum(monthly, month)\"\n\
         [[claim]]\nid = \"mar\"\ntext = \"t\"\nholds_if = 'at(cum, \"2024-03\") >= 450'\n\
         [[evidence]]\nid = \"feb\"\nlikelihood = 'normal(at(cum, \"2024-02\"), 30)'\nobserved = 300\n",
    );
    let out = dir.path().join("out");
    run_quiet(&p, &out);
    let folder = out.join("ix");
    let j = summary_json(&folder);
    let cum = &j["quantities"]["cum"];
    assert_eq!(cum["index"], "month");
    let by = cum["by_index"].as_array().unwrap();
    assert_eq!(by.len(), 6);
    assert_eq!(by[1]["label"], "2024-02");
    for k in ["mean", "sd", "p5", "p25", "p50", "p75", "p95"] {
        assert!(by[5][k].is_number(), "{k}");
    }
    assert!(
        cum.get("mean").is_none(),
        "no single summary for a whole path"
    );
    assert!(j["quantities"].get("cum[2024-02]").is_none());
    for f in ["fan_cum.png", "fan_cum.svg", "fan_monthly.png"] {
        assert!(folder.join("charts").join(f).exists(), "{f}");
    }
    let charts: Vec<String> = std::fs::read_dir(folder.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !charts.iter().any(|c| c.contains('[')),
        "no per-element chart: {charts:?}"
    );
    let report = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(report.contains("### cum by month"));
    assert!(report.contains("| 2024-06 |"));
    assert!(!report.contains("| cum[2024-06] |"));
    // The terminal: one compact line per indexed quantity instead of a row per element.
    let o = bin()
        .args(["run", "--samples-csv", "--out"])
        .arg(dir.path().join("out2"))
        .arg(&p)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("cum by month  2024-01: "), "{text}");
    assert!(!text.contains("cum[2024-02]"), "{text}");
    let csv = std::fs::read_to_string(dir.path().join("out2/ix/samples.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("cum[2024-02]"));
}

/// `check` counts quantities as written: an indexed quantity is one quantity of the table it is
/// written in (here one input and one model quantity), and its elements are counted apart.
#[test]
fn check_counts_indexed_quantities_once_and_elements_apart() {
    let dir = TempDir::new().unwrap();
    let f = write(
        &dir,
        "ix.toml",
        "[scenario]\ntitle = \"t\"\n[index]\nstep = [1, 2, 3]\n[inputs]\n\
         a = \"normal(step, 1)\"\nb = \"uniform(0, 1)\"\n[model]\n\
         c = \"sum_over(a, step) + b\"\nd = \"a * 2\"\n",
    );
    let out = bin().arg("check").arg(&f).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(
        line.contains(
            ": 2 inputs, 2 model quantities (2 of these 4 indexed: 6 elements in all), 0 claims"
        ),
        "{line}"
    );
}
