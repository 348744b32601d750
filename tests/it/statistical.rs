//! Statistical checks of the engine against known results.
//!
//! Each check uses a fixed seed and a tolerance of 4 Monte Carlo standard errors (a two-sided
//! false-alarm rate of about 6e-5 per check for a correct engine), computed from the analytic
//! variance where it is known.

use crate::support::{self, scenario};
use shellcount::engine;
use shellcount::scenario::Scenario;

const N: usize = 200_000;

/// The N draws of quantity `name` with `seed`.
fn column(s: &Scenario, name: &str, seed: u64) -> Vec<f64> {
    support::column(s, &support::run(s, N, seed), name).to_vec()
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn assert_mean(x: &[f64], want: f64, sd: f64, what: &str) {
    let se = sd / (x.len() as f64).sqrt();
    let got = mean(x);
    assert!(
        (got - want).abs() < 4.0 * se,
        "{what}: mean {got}, expected {want} ± 4×{se}"
    );
}

#[test]
fn mean_of_product_of_independent_inputs() {
    // X ~ normal(10, 2), Y ~ gamma(shape 3, scale 2): E[XY] = 10·6 = 60,
    // Var(XY) = E[X²]E[Y²] − 60² = 104·48 − 3600 = 1392.
    let s =
        scenario("[inputs]\nx = \"normal(10, 2)\"\ny = \"gamma(3, 2)\"\n[model]\nxy = \"x * y\"\n");
    assert_mean(&column(&s, "xy", 11), 60.0, 1392f64.sqrt(), "x·y");
}

#[test]
fn to_interval_has_the_stated_percentiles() {
    // P(X ≤ 6000) should be 0.05: the share of draws below a has binomial SE sqrt(0.05·0.95/N).
    let s = scenario("[inputs]\nc = \"6000 to 7400\"\n");
    let x = column(&s, "c", 12);
    let se = (0.05f64 * 0.95 / N as f64).sqrt();
    let below = x.iter().filter(|&&v| v <= 6000.0).count() as f64 / N as f64;
    let above = x.iter().filter(|&&v| v >= 7400.0).count() as f64 / N as f64;
    assert!((below - 0.05).abs() < 4.0 * se, "P(X ≤ a) = {below}");
    assert!((above - 0.05).abs() < 4.0 * se, "P(X ≥ b) = {above}");
}

#[test]
fn binomial_with_uncertain_n_and_p() {
    // n ~ poisson(1000), p ~ beta(2, 2) (mean 1/2, E[p²] = 0.3): E[W] = E[n]E[p] = 500,
    // Var(W) = E[n p(1−p)] + Var(n p) = 1000·0.2 + (E[n²]E[p²] − 500²) = 200 + (1001000·0.3 − 250000) = 50500.
    let s = scenario(
        "[inputs]\nn = \"poisson(1000)\"\np = \"beta(2, 2)\"\n[model]\nw = \"binomial(n, p)\"\n",
    );
    let w = column(&s, "w", 13);
    assert_mean(&w, 500.0, 50500f64.sqrt(), "binomial(n, p)");
    assert!(w.iter().all(|v| v.fract() == 0.0 && *v >= 0.0));
}

#[test]
fn mixture_mean() {
    // 0.3·N(0,1) + 0.7·N(10,1): mean 7, variance 1 + 0.3·0.7·100 = 22.
    let s = scenario("[inputs]\nm = \"mixture(normal(0, 1), normal(10, 1), [0.3, 0.7])\"\n");
    assert_mean(&column(&s, "m", 14), 7.0, 22f64.sqrt(), "mixture");
}

#[test]
fn hierarchical_argument_is_shared_within_a_draw() {
    // load ~ normal(mean_load, 30) with mean_load ~ uniform(400, 500):
    // E = 450, Var = 30² + 100²/12.
    let s = scenario("[inputs]\nmean_load = \"uniform(400, 500)\"\nload = \"normal(mean_load, 30)\"\n[model]\nd = \"load - mean_load\"\n");
    let load = column(&s, "load", 15);
    assert_mean(&load, 450.0, (900.0f64 + 10000.0 / 12.0).sqrt(), "load");
    assert_mean(&column(&s, "d", 15), 0.0, 30.0, "load − mean_load");
}

#[test]
fn claim_probability_matches_normal_tail() {
    // P(Z ≥ 1.6448536) = 0.05.
    let s = scenario("[inputs]\nz = \"normal(0, 1)\"\n[[claim]]\nid = \"tail\"\ntext = \"t\"\nholds_if = \"z >= 1.6448536269514722\"\n");
    let d = engine::run(&s.program, N, 16, &|_| {}).expect("runs");
    let p = d.claims[s.program.claim("tail").unwrap()]
        .iter()
        .map(|&f| f as f64)
        .sum::<f64>()
        / N as f64;
    let se = (0.05f64 * 0.95 / N as f64).sqrt();
    assert!((p - 0.05).abs() < 4.0 * se, "p = {p}");
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let s = scenario("[inputs]\na = \"1 to 10\"\nb = \"beta(2, 5)\"\n[model]\nc = \"binomial(round(a * 100), b)\"\n");
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            engine::run(&s.program, 100_003, 99, &|_| {})
                .unwrap()
                .columns
        })
    };
    assert_eq!(run(1), run(2));
    assert_eq!(run(1), run(4));
}

#[test]
fn if_evaluates_only_the_branch_each_draw_takes() {
    // p ~ uniform(0, 2): binomial(10, p) is invalid on the half of the draws with p > 1, which
    // take the other branch. W = B·1{p ≤ 1} with B | p ~ binomial(10, p) and p | p ≤ 1 ~ U(0, 1):
    // E[W] = ½·10·½ = 2.5, E[W²] = ½·(10(½ − ⅓) + 100·⅓) = 17.5, Var(W) = 17.5 − 6.25 = 11.25.
    let s = scenario(
        "[inputs]\np = \"uniform(0, 2)\"\n[model]\nw = \"if(p <= 1, binomial(10, p), 0)\"\n",
    );
    let d = support::run(&s, N, 17);
    let (p, w) = (support::column(&s, &d, "p"), support::column(&s, &d, "w"));
    for (&p, &w) in p.iter().zip(w) {
        assert!(if p > 1.0 {
            w == 0.0
        } else {
            w.fract() == 0.0 && (0.0..=10.0).contains(&w)
        });
    }
    assert_mean(w, 2.5, 11.25f64.sqrt(), "if(p <= 1, binomial(10, p), 0)");
}

#[test]
fn a_failing_branch_names_the_draw_that_took_it() {
    // The else-branch is invalid on every draw that takes it: the error names the first such draw.
    let s = scenario(
        "[inputs]\np = \"uniform(0, 2)\"\n[model]\nw = \"if(p <= 1, 0, binomial(10, p))\"\n",
    );
    let Err(engine::EngineError::Draw { quantity, draw, .. }) =
        engine::run(&s.program, 1_000, 18, &|_| {})
    else {
        panic!("the run must fail");
    };
    let only_p = scenario("[inputs]\np = \"uniform(0, 2)\"\n");
    let p = support::run(&only_p, 1_000, 18);
    let first = support::column(&only_p, &p, "p")
        .iter()
        .position(|&v| v > 1.0);
    assert_eq!((quantity.as_str(), Some(draw as usize)), ("w", first));
}
