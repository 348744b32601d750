//! The `[shipment]` lot split drawn on a stream of its own (seeded from the seed, the chunk and
//! a split tag): the containers per lot are multinomial (per-lot mean and variance, and the
//! covariance between lots), and the split is independent of the container loads (the lot
//! totals have the compound-sum moments of independent counts and loads). Each cell (cargo,
//! lot) is thinned on a stream of its own: Binomial(delivered, 1 − dud rate), independently of
//! the other cells. Fixed seeds; every tolerance is 4 Monte Carlo standard errors, estimated
//! from the draws.

use crate::support::{column, run, scenario};

/// Draws of each test.
const N: usize = 20_000;
/// Containers per draw.
const CONTAINERS: f64 = 50.0;
/// The lots' shares.
const SHARES: [f64; 3] = [0.2, 0.3, 0.5];

/// Three lots of fixed shares, 50 containers each of `load` rounds, no duds.
fn three_lots(load: &str) -> String {
    let lots: String = ["a", "b", "c"]
        .iter()
        .zip(SHARES)
        .map(|(id, s)| format!("[[shipment.lot]]\nid = \"{id}\"\nshare = {s}\ndud_rate = 0\n"))
        .collect();
    format!(
        "[shipment]\ncontainers = {CONTAINERS}\nassign = \"container\"\n[[shipment.cargo]]\n\
         id = \"s\"\nshare = 1\nload = {load}\n{lots}"
    )
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// The sample covariance of `x` and `y` and its standard error (from the spread of the
/// products of deviations).
fn cov_se(x: &[f64], y: &[f64]) -> (f64, f64) {
    let (mx, my) = (mean(x), mean(y));
    let z: Vec<f64> = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).collect();
    let c = mean(&z);
    let v = z.iter().map(|t| (t - c) * (t - c)).sum::<f64>() / (z.len() - 1) as f64;
    (c, (v / z.len() as f64).sqrt())
}

fn within(what: &str, got: f64, want: f64, se: f64) {
    assert!(
        (got - want).abs() < 4.0 * se,
        "{what}: {got} against {want} (4 SE = {})",
        4.0 * se
    );
}

/// With one round per container, a lot's rounds are its containers: Multinomial(50, shares).
#[test]
fn containers_per_lot_are_multinomial() {
    let s = scenario(&three_lots("1"));
    let d = run(&s, N, 41);
    let n = CONTAINERS;
    let lots: Vec<&[f64]> = ["a", "b", "c"]
        .iter()
        .map(|l| column(&s, &d, &format!("delivered_{l}")))
        .collect();
    for (l, (x, p)) in lots.iter().zip(SHARES).enumerate() {
        let var = n * p * (1.0 - p);
        within(
            &format!("mean of lot {l}"),
            mean(x),
            n * p,
            (var / N as f64).sqrt(),
        );
        let (v, se) = cov_se(x, x);
        within(&format!("variance of lot {l}"), v, var, se);
    }
    let (c, se) = cov_se(lots[0], lots[1]);
    within(
        "covariance of lots 0 and 1",
        c,
        -n * SHARES[0] * SHARES[1],
        se,
    );
    // Every container in exactly one lot.
    for i in 0..N {
        assert_eq!(lots.iter().map(|x| x[i]).sum::<f64>(), n);
    }
}

/// Loads `300 to 600`: a lot's rounds D_l = X_1 + … + X_{N_l} with N_l multinomial and the
/// loads independent of it have mean n·p·μ, variance n·p·σ² + n·p(1 − p)·μ² and covariance
/// −n·p_a·p_b·μ² between lots (μ, σ² of one load, from the total D = X_1 + … + X_n). A split
/// that depended on the loads would move the variances and covariances.
#[test]
fn lot_split_is_independent_of_the_loads() {
    let s = scenario(&three_lots("\"300 to 600\""));
    let d = run(&s, N, 43);
    let n = CONTAINERS;
    let total = column(&s, &d, "delivered_total");
    let (v_total, se_total) = cov_se(total, total);
    let (mu, sigma2) = (mean(total) / n, v_total / n);
    let lots: Vec<&[f64]> = ["a", "b", "c"]
        .iter()
        .map(|l| column(&s, &d, &format!("delivered_{l}")))
        .collect();
    for (l, (x, p)) in lots.iter().zip(SHARES).enumerate() {
        let var = n * p * sigma2 + n * p * (1.0 - p) * mu * mu;
        within(
            &format!("mean of lot {l}"),
            mean(x),
            n * p * mu,
            (var / N as f64).sqrt(),
        );
        let (v, se) = cov_se(x, x);
        // The estimate of σ² adds its own error (through n·p·σ²).
        let se = se.hypot(p * se_total);
        within(&format!("variance of lot {l}"), v, var, se);
    }
    let (c, se) = cov_se(lots[0], lots[2]);
    let want = -n * SHARES[0] * SHARES[2] * mu * mu;
    within("covariance of lots 0 and 2", c, want, se);
}

/// The standardised working rounds of one cell, z = (W − D·p) / √(D·p·(1 − p)) for D delivered
/// rounds that each work with probability p (0 where nothing was delivered).
fn standardised(working: &[f64], delivered: &[f64], p: f64) -> Vec<f64> {
    working
        .iter()
        .zip(delivered)
        .map(|(w, d)| match *d > 0.0 {
            true => (w - d * p) / (d * p * (1.0 - p)).sqrt(),
            false => 0.0,
        })
        .collect()
}

/// Given its delivery, a cell's working rounds are Binomial(D, 1 − dud rate): z has mean 0 and
/// variance 1 whatever D is; and independent cells have no covariance of z (the cells share
/// their deliveries through the split, not their thinning). On a grid of lots (one cargo type,
/// three lots, 2 to 5 working rounds expected per cell: rand_distr draws these by inversion, so
/// cells that shared a stream would have strongly correlated z) and one of cargo types (two
/// cargo types, one lot, 50 to 200 per cell: the BTPE sampler).
#[test]
fn thinning_is_binomial_and_independent_per_cell() {
    let duds = [0.7, 0.8, 0.9];
    let lots: String = ["a", "b", "c"]
        .iter()
        .zip(SHARES)
        .zip(duds)
        .map(|((id, s), d)| {
            format!("[[shipment.lot]]\nid = \"{id}\"\nshare = {s}\ndud_rate = {d}\n")
        })
        .collect();
    let by_lot = format!(
        "[shipment]\ncontainers = {CONTAINERS}\nassign = \"container\"\n[[shipment.cargo]]\n\
         id = \"s\"\nshare = 1\nload = 1\n{lots}"
    );
    let by_cargo = format!(
        "[shipment]\ncontainers = {CONTAINERS}\nassign = \"container\"\n[[shipment.cargo]]\n\
         id = \"s\"\nshare = 0.6\nload = 20\n[[shipment.cargo]]\nid = \"t\"\nshare = 0.4\n\
         load = \"poisson(7)\"\n[[shipment.lot]]\nid = \"a\"\nshare = 1\ndud_rate = 0.25\n"
    );
    let grids = [
        (
            by_lot,
            vec![("a", duds[0]), ("b", duds[1]), ("c", duds[2])],
            47,
        ),
        (by_cargo, vec![("s", 0.25), ("t", 0.25)], 53),
    ];
    for (body, cells, seed) in grids {
        let s = scenario(&body);
        let d = run(&s, N, seed);
        let z: Vec<Vec<f64>> = cells
            .iter()
            .map(|(id, dud)| {
                let w = column(&s, &d, &format!("working_{id}"));
                standardised(w, column(&s, &d, &format!("delivered_{id}")), 1.0 - dud)
            })
            .collect();
        for ((id, _), z) in cells.iter().zip(&z) {
            within(
                &format!("mean z of {id}"),
                mean(z),
                0.0,
                (1.0 / N as f64).sqrt(),
            );
            let (v, se) = cov_se(z, z);
            within(&format!("variance of z of {id}"), v, 1.0, se);
        }
        for a in 0..z.len() {
            for b in a + 1..z.len() {
                let (c, se) = cov_se(&z[a], &z[b]);
                within(&format!("covariance of cells {a} and {b}"), c, 0.0, se);
            }
        }
    }
}
