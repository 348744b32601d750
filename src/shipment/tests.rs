//! Statistical and property tests of the shipment kernels (fixed seeds).
//!
//! Tolerances come from Monte Carlo standard errors: a mean is checked to 4 SE
//! (SE = sd/√M) and a variance to 4 SE of the sample variance
//! (SE = √((m₄ − s⁴·(M−3)/(M−1))/M), m₄ the sample fourth central moment).
//! Two-sample Kolmogorov–Smirnov tests use alpha = 0.001: reject when
//! D > c(α)·√((n+m)/(n·m)) with c(0.001) = √(−ln(α/2)/2) = 1.949. For discrete
//! distributions this critical value is conservative (ties lower the true rejection rate).

use super::iteration::{shipment_iteration, Assign, Cargo, Lot};
use super::load::{sum_loads, sum_loads_with, whole_rounds, LoadError, LoadModel};
use super::split::{split_multinomial, thin};
use crate::dist::{Dist, Family};
use crate::test_stats::{assert_same_distribution, moments, rng};
use proptest::prelude::*;
use rand::Rng;
use rand_distr::{Binomial, Distribution, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;
use statrs::distribution::{ContinuousCDF, Normal};

fn assert_moments(xs: &[f64], mean: f64, var: f64, what: &str) {
    let s = moments(xs);
    assert!(
        (s.mean - mean).abs() <= 4.0 * s.se_mean,
        "{what}: mean {} vs {mean} (SE {})",
        s.mean,
        s.se_mean
    );
    assert!(
        (s.var - var).abs() <= 4.0 * s.se_var,
        "{what}: variance {} vs {var} (SE {})",
        s.var,
        s.se_var
    );
}

/// Exact mean and variance of round(N(mu, sd)) for mu many sd above 0, from its pmf (ties have
/// probability 0; the mass below 0.5 is counted as 0, which is negligible there).
fn rounded_normal_moments(mu: f64, sd: f64) -> (f64, f64) {
    let z = Normal::new(mu, sd).unwrap();
    let hi = (mu + 12.0 * sd).ceil() as u64;
    let (mut m1, mut m2) = (0.0, 0.0);
    for k in 1..=hi {
        let k = k as f64;
        let p = z.cdf(k + 0.5) - z.cdf(k - 0.5);
        m1 += k * p;
        m2 += k * k * p;
    }
    (m1, m2 - m1 * m1)
}

const M: usize = 40_000;

#[test]
fn compound_poisson_count_rounded_normal_loads() {
    // 30 is 6 sd above 0: a negative load (an error) has probability 1e-9 per container.
    let (mu, sd) = (30.0, 5.0);
    let (ex, vx) = rounded_normal_moments(mu, sd);
    let en = 50.0;
    let load = LoadModel::normal(mu, sd).unwrap();
    let count = Poisson::new(en).unwrap();
    let mut r = rng(11);
    let totals: Vec<f64> = (0..M)
        .map(|_| {
            let n: f64 = count.sample(&mut r);
            sum_loads(&mut r, n as u64, &load).unwrap() as f64
        })
        .collect();
    assert_moments(
        &totals,
        en * ex,
        en * vx + en * ex * ex,
        "Poisson N, normal X",
    );
}

#[test]
fn compound_discrete_count_poisson_and_binomial_loads() {
    // N takes 100, 200, 300 with probabilities 0.2, 0.5, 0.3: E[N] = 210, Var[N] = 4,900.
    let draw_n = |r: &mut Xoshiro256PlusPlus| {
        let u: f64 = r.random();
        if u < 0.2 {
            100
        } else if u < 0.7 {
            200
        } else {
            300
        }
    };
    let (en, vn) = (210.0, 4_900.0);
    let cases = [
        (LoadModel::poisson(4.5).unwrap(), 4.5, 4.5),
        (
            LoadModel::binomial(10, 0.45).unwrap(),
            4.5,
            10.0 * 0.45 * 0.55,
        ),
    ];
    for (i, (load, ex, vx)) in cases.into_iter().enumerate() {
        let mut r = rng(20 + i as u64);
        let totals: Vec<f64> = (0..M)
            .map(|_| {
                let n = draw_n(&mut r);
                sum_loads(&mut r, n, &load).unwrap() as f64
            })
            .collect();
        assert_moments(
            &totals,
            en * ex,
            en * vx + vn * ex * ex,
            &format!("{load:?}"),
        );
    }
}

#[test]
fn shortcuts_match_explicit_loops() {
    const N: usize = 20_000;
    let containers = 200;
    let p = Poisson::new(4.5).unwrap();
    let b = Binomial::new(10, 0.45).unwrap();
    let mut r1 = rng(31);
    let mut r2 = rng(32);

    let short: Vec<f64> = (0..N)
        .map(|_| sum_loads(&mut r1, containers, &LoadModel::poisson(4.5).unwrap()).unwrap() as f64)
        .collect();
    let long: Vec<f64> = (0..N)
        .map(|_| sum_loads_with(&mut r2, containers, |r| p.sample(r)).unwrap() as f64)
        .collect();
    assert_same_distribution(short, long, "Poisson loads");

    let short: Vec<f64> = (0..N)
        .map(|_| {
            let load = LoadModel::binomial(10, 0.45).unwrap();
            sum_loads(&mut r1, containers, &load).unwrap() as f64
        })
        .collect();
    let long: Vec<f64> = (0..N)
        .map(|_| sum_loads_with(&mut r2, containers, |r| b.sample(r) as f64).unwrap() as f64)
        .collect();
    assert_same_distribution(short, long, "binomial loads");
}

#[test]
fn multinomial_split_sums_to_n_with_right_means() {
    let shares = [0.2, 0.5, 0.3, 0.0];
    let n = 1_000u64;
    let mut r = rng(41);
    let mut cols = vec![Vec::with_capacity(M); shares.len()];
    for _ in 0..M {
        let x = split_multinomial(&mut r, n, &shares).unwrap();
        assert_eq!(x.iter().sum::<u64>(), n);
        for (c, &xi) in cols.iter_mut().zip(&x) {
            c.push(xi as f64);
        }
    }
    for (c, &s) in cols.iter().zip(&shares) {
        if s == 0.0 {
            assert!(c.iter().all(|&x| x == 0.0));
            continue;
        }
        let nf = n as f64;
        assert_moments(c, nf * s, nf * s * (1.0 - s), &format!("share {s}"));
    }
}

#[test]
fn bad_shares_are_errors() {
    let mut r = rng(1);
    let cases: [&[f64]; 5] = [
        &[],
        &[0.5, 0.6],
        &[1.2, -0.2],
        &[f64::NAN, 1.0],
        &[0.3, 0.3],
    ];
    for shares in cases {
        assert!(split_multinomial(&mut r, 10, shares).is_err(), "{shares:?}");
    }
    assert!(thin(&mut r, 10, -0.1).is_err());
}

/// Lots of very different quality: assigning whole containers to lots adds the variance of how
/// many containers each lot filled; assigning shells independently does not.
#[test]
fn lot_assignment_variances_are_exact() {
    let cargo = [Cargo {
        share: 1.0,
        load: LoadModel::constant(448),
    }];
    let lots = [
        Lot {
            share: 0.5,
            dud_rate: 0.0,
        },
        Lot {
            share: 0.5,
            dud_rate: 0.9,
        },
    ];
    let n = 100;
    let run = |assign, seed| {
        let mut r = rng(seed);
        (0..M)
            .map(|_| {
                let res = shipment_iteration(&mut r, n, &cargo, &lots, assign).unwrap();
                assert_eq!(res.delivered.total(), Some(44_800));
                res.working.total().unwrap() as f64
            })
            .collect::<Vec<_>>()
    };
    // Shell: working ~ Bin(44,800, 0.55).
    assert_moments(
        &run(Assign::Shell, 51),
        24_640.0,
        44_800.0 * 0.55 * 0.45,
        "shell",
    );
    // Container: n1 ~ Bin(100, 0.5) containers from the good lot;
    // Var = 448·50·0.1·0.9 + 448²·0.9²·Var[n1] = 2,016 + 4,064,256.
    assert_moments(
        &run(Assign::Container, 52),
        24_640.0,
        4_066_272.0,
        "container",
    );
}

#[test]
fn mixed_cargo_mean_working() {
    let cargo = [
        Cargo {
            share: 0.5,
            load: LoadModel::normal(448.0, 40.0).unwrap(),
        },
        Cargo {
            share: 0.3,
            load: LoadModel::poisson(75.0).unwrap(),
        },
        Cargo {
            share: 0.2,
            load: LoadModel::none(),
        },
    ];
    let lots = [
        Lot {
            share: 0.7,
            dud_rate: 0.2,
        },
        Lot {
            share: 0.3,
            dud_rate: 0.5,
        },
    ];
    let n = 670;
    let work = 0.7 * 0.8 + 0.3 * 0.5;
    let (ex, _) = rounded_normal_moments(448.0, 40.0);
    let mean = n as f64 * (0.5 * ex + 0.3 * 75.0) * work;
    for (assign, seed) in [(Assign::Container, 61), (Assign::Shell, 62)] {
        let mut r = rng(seed);
        let xs: Vec<f64> = (0..10_000)
            .map(|_| {
                let res = shipment_iteration(&mut r, n, &cargo, &lots, assign).unwrap();
                res.working.total().unwrap() as f64
            })
            .collect();
        let s = moments(&xs);
        assert!(
            (s.mean - mean).abs() <= 4.0 * s.se_mean,
            "{assign:?}: {} vs {mean}",
            s.mean
        );
    }
}

/// A gamma load draws each container from the same sampler and stream as a `gamma(...)` input.
#[test]
fn gamma_loads_use_the_dist_sampler() {
    // Shape < 1 is where rand_distr's gamma (used for loads before) draws in another order.
    for (shape, scale) in [(0.5, 20.0), (3.0, 2.0)] {
        let load = LoadModel::gamma(shape, scale).unwrap();
        let dist = Dist::new(Family::Gamma, &[shape, scale]).unwrap();
        for seed in 0..200 {
            let (mut a, mut b) = (rng(seed), rng(seed));
            let want: u64 = (0..5).map(|_| whole_rounds(dist.sample(&mut b))).sum();
            assert_eq!(sum_loads(&mut a, 5, &load), Ok(want), "seed {seed}");
        }
    }
}

/// Pins seeded outputs so accidental changes to the draw sequence are noticed.
#[test]
fn value_stability() {
    let mut r = rng(2024);
    let got = [
        sum_loads(&mut r, 6_700, &LoadModel::normal(448.0, 30.0).unwrap()),
        sum_loads(&mut r, 6_700, &LoadModel::poisson(448.0).unwrap()),
        sum_loads(&mut r, 6_700, &LoadModel::binomial(500, 0.9).unwrap()),
    ]
    .map(|t| t.unwrap());
    let split = split_multinomial(&mut r, 6_700, &[0.6, 0.3, 0.1]).unwrap();
    assert_eq!(got, PINNED_SUMS);
    assert_eq!(split, PINNED_SPLIT);
}

const PINNED_SUMS: [u64; 3] = [3_000_959, 3_002_937, 3_015_202];
const PINNED_SPLIT: [u64; 3] = [3_996, 2_047, 657];

fn load_strategy() -> impl Strategy<Value = LoadModel> {
    prop_oneof![
        (0u64..600).prop_map(LoadModel::constant),
        (0.0f64..600.0).prop_map(|m| LoadModel::poisson(m).unwrap()),
        (0u64..600, 0.0f64..=1.0).prop_map(|(n, p)| LoadModel::binomial(n, p).unwrap()),
        // Means at least 8 sd above 0: a negative load (an error) has probability < 1e-15.
        (0.0f64..200.0, 0.0f64..600.0)
            .prop_map(|(s, m)| LoadModel::normal(8.0 * s + m, s).unwrap()),
        (0.1f64..50.0, 0.1f64..20.0).prop_map(|(k, t)| LoadModel::gamma(k, t).unwrap()),
        Just(LoadModel::none()),
    ]
}

fn normalise(w: Vec<f64>) -> Vec<f64> {
    let s: f64 = w.iter().sum();
    w.iter().map(|x| x / s).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn working_never_exceeds_delivered(
        n in 0u64..2_000,
        cargo in prop::collection::vec((0.01f64..1.0, load_strategy()), 1..4),
        lots in prop::collection::vec((0.01f64..1.0, 0.0f64..=1.0), 1..4),
        by_container in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let shares = normalise(cargo.iter().map(|c| c.0).collect());
        let cargo: Vec<Cargo> = cargo.into_iter().zip(shares)
            .map(|((_, load), share)| Cargo { share, load }).collect();
        let shares = normalise(lots.iter().map(|l| l.0).collect());
        let lots: Vec<Lot> = lots.iter().zip(shares)
            .map(|(&(_, dud_rate), share)| Lot { share, dud_rate }).collect();
        let assign = if by_container { Assign::Container } else { Assign::Shell };
        let mut r = rng(seed);
        let res = shipment_iteration(&mut r, n, &cargo, &lots, assign).unwrap();
        prop_assert_eq!(res.containers.iter().sum::<u64>(), n);
        for c in 0..cargo.len() {
            for l in 0..lots.len() {
                prop_assert!(res.working.get(c, l) <= res.delivered.get(c, l));
            }
        }
        for g in [&res.delivered, &res.working] {
            let total = g.total();
            let by_cargo: Option<u64> = (0..cargo.len()).map(|c| g.cargo_total(c)).sum();
            let by_lot: Option<u64> = (0..lots.len()).map(|l| g.lot_total(l)).sum();
            prop_assert_eq!(by_cargo, total);
            prop_assert_eq!(by_lot, total);
        }
        if lots.len() == 1 && lots[0].dud_rate == 0.0 {
            for c in 0..cargo.len() {
                prop_assert_eq!(res.working.cargo_total(c), res.delivered.cargo_total(c));
            }
        }
    }

    #[test]
    fn loads_that_cannot_go_negative_always_sum(n in 0u64..3_000, load in load_strategy(), seed in any::<u64>()) {
        prop_assert!(sum_loads(&mut rng(seed), n, &load).is_ok());
    }

    /// A normal load that can go below 0 either sums (no container drew below 0) or stops at
    /// the first container that did, with its value; it never clamps.
    #[test]
    fn negative_loads_stop_the_sum(n in 1u64..500, m in -100.0f64..100.0, s in 0.0f64..50.0, seed in any::<u64>()) {
        let load = LoadModel::normal(m, s).unwrap();
        let (mut a, mut b) = (rng(seed), rng(seed));
        let draws: Vec<f64> = (0..n).map(|_| m + s * b.sample::<f64, _>(rand_distr::StandardNormal)).collect();
        match draws.iter().position(|&x| x < 0.0) {
            Some(i) => prop_assert_eq!(sum_loads(&mut a, n, &load), Err(LoadError::Negative(draws[i]))),
            None => prop_assert_eq!(
                sum_loads(&mut a, n, &load),
                Ok(draws.iter().map(|&x| whole_rounds(x)).sum::<u64>())
            ),
        }
    }

    #[test]
    fn thinning_stays_in_range(count in any::<u64>(), p in 0.0f64..=1.0, seed in any::<u64>()) {
        let w = thin(&mut rng(seed), count, p).unwrap();
        prop_assert!(w <= count);
    }
}

/// On-CPU time of this thread in ns (Linux), to time kernels on a shared machine.
fn cpu_ns() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Speed check (run with `cargo test --release --lib shipment::tests::timing -- --ignored --nocapture`):
/// 6,700 rounded-normal containers × 10,000 iterations, wall and on-CPU time.
#[test]
#[ignore]
fn timing_6700_containers_10000_iterations() {
    let load = LoadModel::normal(448.0, 30.0).unwrap();
    let mut r = rng(7);
    let (wall, cpu) = (std::time::Instant::now(), cpu_ns());
    let mut acc = 0.0;
    for _ in 0..10_000 {
        acc += sum_loads(&mut r, 6_700, &load).unwrap() as f64;
    }
    let wall = wall.elapsed().as_secs_f64();
    let cpu = cpu.zip(cpu_ns()).map_or(f64::NAN, |(a, b)| (b - a) / 1e9);
    println!(
        "67M rounded-normal loads: {wall:.3} s wall, {cpu:.3} s on CPU ({:.2} ns per draw); mean total {:.0}",
        cpu * 1e9 / 67e6,
        acc / 1e4
    );
}
