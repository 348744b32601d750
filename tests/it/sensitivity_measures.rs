//! Tests of swing, Spearman, value of information and the sensitivity driver against models
//! with known answers, plus their properties (tolerances as in [`crate::sensitivity`]).

use std::f64::consts::PI;
use std::time::Instant;

use crate::sensitivity::{ishigami, phi, simpson, std_normal, uniform_pi};
use crate::support::{normals, rng};
use proptest::prelude::*;
use rand::Rng;
use rand_distr::StandardNormal;
use shellcount::sensitivity::{
    analyse, bin_count, pearson, ranks, saltelli_indices, sobol_first_given_data, spearman, swing,
    swing_flags, value_of_information, Output, Ranks, MAX_BINS,
};
use statrs::distribution::ContinuousCDF;

#[test]
fn swing_of_linear_output_and_claim() {
    // y = 2x, x ~ N(0, 1): the median of y in the band 5–15% of x is 2·Φ⁻¹(0.10) (the band's
    // middle in probability) up to the noise of a median of 0.1 n draws (sd ≈ 0.0017 here,
    // 0.005 for the doubled difference), likewise in the high band.
    let n = 200_000;
    let mut r = rng(6);
    let x = normals(&mut r, n);
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    let nd = std_normal();
    let expected = 2.0 * (nd.inverse_cdf(0.9) - nd.inverse_cdf(0.1));
    let sw = swing(&x, &y);
    assert!((sw - expected).abs() < 0.02, "{sw} vs {expected}");
    // Claim 2x + 0.1 e > 0: P(claim | x in band) ≈ 0 low and 1 high (the bands lie beyond
    // |x| = 1.03, noise sd 0.05 in x units), so the swing is 1 up to Φ(−1.03/0.05) ≈ 10⁻⁹³.
    let flags: Vec<u8> = y
        .iter()
        .map(|&v| u8::from(v + 0.1 * r.sample::<f64, _>(StandardNormal) > 0.0))
        .collect();
    assert_eq!(swing_flags(&x, &flags), 1.0);
    assert_eq!(
        swing_flags(&x, &flags.iter().map(|f| 1 - f).collect::<Vec<_>>()),
        -1.0
    );
}

// ---------------------------------------------------------------------------------------------
// Spearman.
// ---------------------------------------------------------------------------------------------

#[test]
fn spearman_of_monotone_transform_is_one() {
    let mut r = rng(7);
    let x = normals(&mut r, 100_000);
    let up: Vec<f64> = x.iter().map(|v| v.exp()).collect();
    let down: Vec<f64> = x.iter().map(|v| -v.powi(3)).collect();
    assert_eq!(spearman(&x, &up), 1.0);
    assert_eq!(spearman(&x, &down), -1.0);
    // Ranking once and correlating the ranks is the same computation.
    let (rx, ry) = (Ranks::new(&x), Ranks::new(&up));
    assert_eq!(pearson(rx.as_slice(), ry.as_slice()), 1.0);
}

#[test]
fn spearman_of_bivariate_normal_matches_theory() {
    // For a bivariate normal with correlation r, ρ_S = (6/π) asin(r/2); sd ≈ (1 − ρ²)/√n·1.1.
    let n = 100_000;
    let r_true: f64 = 0.6;
    let mut g = rng(8);
    let x = normals(&mut g, n);
    let e = normals(&mut g, n);
    let y: Vec<f64> = x
        .iter()
        .zip(&e)
        .map(|(a, b)| r_true * a + (1.0 - r_true * r_true).sqrt() * b)
        .collect();
    let expected = 6.0 / PI * (r_true / 2.0).asin();
    let rho = spearman(&x, &y);
    assert!(
        (rho - expected).abs() < 4.0 * 1.1 * (1.0 - expected * expected) / (n as f64).sqrt(),
        "{rho} vs {expected}"
    );
}

// ---------------------------------------------------------------------------------------------
// Value of information.
// ---------------------------------------------------------------------------------------------

#[test]
fn voi_of_claim_settled_by_one_input() {
    // Claim 1[x1 > 0], p ≈ ½: learning x1 moves p to 0 or 1, so the expected change is ½
    // (up to one straddling bin, 0.5/M, and the noise in p, sd 0.5/√n); x2 is irrelevant.
    let n = 100_000;
    let mut r = rng(9);
    let x1 = normals(&mut r, n);
    let x2 = normals(&mut r, n);
    let flags: Vec<u8> = x1.iter().map(|&v| u8::from(v > 0.0)).collect();
    let v1 = value_of_information(&Ranks::new(&x1), &flags);
    let tol = 0.5 / MAX_BINS as f64 + 4.0 * 0.5 / (n as f64).sqrt();
    assert!((v1.expected_abs_change - 0.5).abs() < tol, "{v1:?}");
    // An irrelevant input shows only the noise floor: the mean of M nearly independent
    // |N(0, s²)| has mean s√(2/π) (the floor) and sd s√(1 − 2/π)/√M.
    let v2 = value_of_information(&Ranks::new(&x2), &flags);
    let m = bin_count(n) as f64;
    let s = v2.noise_floor / (2.0 / PI).sqrt();
    let sd = s * (1.0 - 2.0 / PI).sqrt() / m.sqrt();
    assert!(
        (v2.expected_abs_change - v2.noise_floor).abs() < 4.0 * sd,
        "{v2:?}, sd {sd}"
    );
    assert!(v2.noise_floor < 0.01 && v1.expected_abs_change > 40.0 * v2.noise_floor);
}

#[test]
fn voi_of_noisy_threshold_claim() {
    // Claim 1[x1 + 0.3 e > 1], x1, e ~ N(0, 1): p = 1 − Φ(1/√1.09) ≈ 0.169 < ½, and
    // P(claim | x1) = Φ((x1 − 1)/0.3), which exceeds ½ exactly when x1 > 1: the continuous
    // flip probability is 1 − Φ(1) ≈ 0.159.
    let n = 200_000;
    let mut r = rng(10);
    let x1 = normals(&mut r, n);
    let x2 = normals(&mut r, n);
    let flags: Vec<u8> = x1
        .iter()
        .map(|&v| u8::from(v + 0.3 * r.sample::<f64, _>(StandardNormal) > 1.0))
        .collect();
    let nd = std_normal();
    let p = 1.0 - nd.cdf(1.0 / 1.09f64.sqrt());
    let p_given = |x: f64| nd.cdf((x - 1.0) / 0.3);
    let m = bin_count(n);
    // Binned target: P(claim | bin) by Simpson over each equal-probability bin of x1.
    let (mut change, mut flip) = (0.0, 0.0);
    for k in 0..m {
        let lo = if k == 0 {
            -9.0
        } else {
            nd.inverse_cdf(k as f64 / m as f64)
        };
        let hi = if k + 1 == m {
            9.0
        } else {
            nd.inverse_cdf((k + 1) as f64 / m as f64)
        };
        let pb = simpson(|x| p_given(x) * phi(x), lo, hi, 400) * m as f64;
        change += (pb - p).abs() / m as f64;
        if pb > 0.5 {
            flip += 1.0 / m as f64;
        }
    }
    let continuous_change = simpson(|x| (p_given(x) - p).abs() * phi(x), -9.0, 9.0, 36_000);
    let continuous_flip = 1.0 - nd.cdf(1.0);
    assert!(change <= continuous_change && continuous_change - change < 0.005);
    assert!((flip - continuous_flip).abs() <= 1.0 / m as f64);

    let v = value_of_information(&Ranks::new(&x1), &flags);
    // Noise: sd of Σ w_b |p_b − p| ≤ sd of Σ w_b (p_b − p)·sign + sd of p ≤ 2·0.5/√n; upward
    // bias ≤ the noise floor (only bins with P(claim | bin) near p contribute it).
    let tol = 4.0 / (n as f64).sqrt() + v.noise_floor;
    assert!(
        (v.expected_abs_change - change).abs() < tol,
        "{v:?} vs {change} ± {tol}"
    );
    // Flip: the bin straddling x1 = 1 moves p_b by ≈ 0.1 per bin against noise sd < 0.01,
    // so at most that one bin can differ from the binned target.
    assert!(
        (v.flip_probability - flip).abs() <= 1.0 / m as f64 + 1e-12,
        "{v:?} vs {flip}"
    );
    let v2 = value_of_information(&Ranks::new(&x2), &flags);
    assert_eq!(v2.flip_probability, 0.0);
    assert!(v2.expected_abs_change < 2.0 * v2.noise_floor, "{v2:?}");
}

// ---------------------------------------------------------------------------------------------
// Driver: shape, agreement with the single functions, thread-count independence, JSON.
// ---------------------------------------------------------------------------------------------

fn driver_data(n: usize) -> (Vec<Vec<f64>>, Vec<f64>, Vec<u8>) {
    let mut r = rng(11);
    let x = vec![
        uniform_pi(&mut r, n),
        uniform_pi(&mut r, n),
        uniform_pi(&mut r, n),
        vec![2.5; n],
    ];
    let y: Vec<f64> = (0..n)
        .map(|i| ishigami(x[0][i], x[1][i], x[2][i]))
        .collect();
    let flags: Vec<u8> = y.iter().map(|&v| u8::from(v > 5.0)).collect();
    (x, y, flags)
}

#[test]
fn driver_matches_single_functions_on_any_thread_count() {
    let n = 20_000;
    let (x, y, flags) = driver_data(n);
    let names = ["x1", "x2", "x3", "constant"];
    let inputs: Vec<(&str, &[f64])> = names
        .iter()
        .zip(&x)
        .map(|(n, c)| (*n, c.as_slice()))
        .collect();
    let outputs = [("y", Output::Numeric(&y)), ("y > 5", Output::Flags(&flags))];
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| analyse(&inputs, &outputs))
    };
    let table = run(1);
    assert_eq!(table, run(2));
    assert_eq!(table, run(5));
    assert_eq!(table.keys().collect::<Vec<_>>(), ["y", "y > 5"]);
    let yf: Vec<f64> = flags.iter().map(|&f| f64::from(f)).collect();
    for (k, name) in names.iter().enumerate() {
        let rx = Ranks::new(&x[k]);
        let s = table["y"][*name];
        let e = sobol_first_given_data(&rx, &y);
        assert_eq!(s.spearman, spearman(&x[k], &y));
        assert_eq!((s.sobol_first, s.sobol_first_se), (e.value, e.se));
        assert_eq!(s.swing, swing(&x[k], &y));
        assert!(s.voi.is_none());
        let c = table["y > 5"][*name];
        let e = sobol_first_given_data(&rx, &yf);
        assert_eq!(c.spearman, spearman(&x[k], &yf));
        assert_eq!((c.sobol_first, c.sobol_first_se), (e.value, e.se));
        assert_eq!(c.swing, swing_flags(&x[k], &flags));
        assert_eq!(c.voi, Some(value_of_information(&rx, &flags)));
    }
    let constant = table["y"]["constant"];
    assert_eq!(
        (
            constant.spearman,
            constant.sobol_first,
            constant.sobol_first_se,
            constant.swing
        ),
        (0.0, 0.0, 0.0, 0.0)
    );
    let json = serde_json::to_value(&table).unwrap();
    assert!(json["y"]["x1"].get("voi").is_none());
    assert!(json["y > 5"]["x2"]["voi"]["flip_probability"].is_number());
    assert_eq!(json["y"].as_object().unwrap().len(), 4);
}

#[test]
fn driver_never_panics_on_degenerate_columns() {
    let short: Vec<f64> = (0..10).map(f64::from).collect();
    let long: Vec<f64> = (0..100).map(f64::from).collect();
    let flags = vec![1u8; 100];
    let t = analyse(
        &[
            ("short", short.as_slice()),
            ("long", long.as_slice()),
            ("empty", &[][..]),
        ],
        &[
            ("y", Output::Numeric(&short)),
            ("c", Output::Flags(&flags)),
            ("e", Output::Numeric(&[])),
        ],
    );
    for row in t.values() {
        for s in row.values() {
            let values = [s.spearman, s.sobol_first, s.sobol_first_se, s.swing];
            assert!(values.iter().all(|v| v.is_finite()), "{s:?}");
        }
    }
    assert_eq!(t["y"]["short"].sobol_first, 0.0);
    assert_eq!(analyse(&[], &[]).len(), 0);
}

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

/// Columns with many ties, constants and extreme values.
fn column(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            (-3i32..4).prop_map(f64::from),
            -1e9..1e9f64,
            Just(0.0),
            Just(-0.0),
            Just(f64::MAX),
        ],
        len,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn spearman_is_a_correlation((x, y) in (0usize..80).prop_flat_map(|n| (column(n), column(n)))) {
        let rho = spearman(&x, &y);
        prop_assert!((-1.0..=1.0).contains(&rho), "{}", rho);
        prop_assert_eq!(rho, spearman(&y, &x));
        let r = ranks(&x);
        let n = x.len() as f64;
        prop_assert_eq!(r.iter().sum::<f64>(), n * (n + 1.0) / 2.0);
    }

    #[test]
    fn strictly_increasing_transform_gives_one(x in prop::collection::vec(-1e3..1e3f64, 2..80)) {
        let y: Vec<f64> = x.iter().map(|v| v.powi(3) + v).collect();
        // Rounding could merge two close values; the property is about order-preserving maps.
        let mut idx: Vec<usize> = (0..x.len()).collect();
        idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        prop_assume!(idx.windows(2).all(|w| (x[w[0]] < x[w[1]]) == (y[w[0]] < y[w[1]])));
        prop_assume!(x.iter().any(|&v| v != x[0]));
        prop_assert_eq!(spearman(&x, &y), 1.0);
    }

    #[test]
    fn measures_are_finite_and_in_range(
        (x, y, f) in (0usize..200).prop_flat_map(|n| (column(n), column(n), prop::collection::vec(0u8..3, n)))
    ) {
        let y: Vec<f64> = y.iter().map(|v| v.clamp(-1e12, 1e12)).collect();
        let rx = Ranks::new(&x);
        let e = sobol_first_given_data(&rx, &y);
        prop_assert!(e.value.is_finite() && e.se.is_finite() && e.se >= 0.0, "{:?}", e);
        let s = swing(&x, &y);
        prop_assert!(s.is_finite());
        let sf = swing_flags(&x, &f);
        prop_assert!((-1.0..=1.0).contains(&sf));
        let v = value_of_information(&rx, &f);
        let p = f.iter().filter(|&&b| b != 0).count() as f64 / f.len().max(1) as f64;
        prop_assert!(v.expected_abs_change >= 0.0 && v.expected_abs_change <= 2.0 * p * (1.0 - p) + 1e-12, "{:?}", v);
        prop_assert!((0.0..=1.0).contains(&v.flip_probability));
        prop_assert!(v.noise_floor >= 0.0 && v.noise_floor.is_finite());
        let (a, t) = saltelli_indices(&y, &x.iter().map(|v| v.clamp(-1e12, 1e12)).collect::<Vec<_>>(), &y);
        prop_assert!(a.value.is_finite() && t.value.is_finite() && a.se.is_finite() && t.se.is_finite());
    }
}

// ---------------------------------------------------------------------------------------------
// Timing at 10^6 draws: `cargo test --release --test it sensitivity_measures::timing -- --ignored --nocapture`.
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "timing report, not a check"]
fn timing_at_one_million_draws() {
    let n = 1_000_000;
    let mut r = rng(12);
    let xs: Vec<Vec<f64>> = (0..8).map(|_| uniform_pi(&mut r, n)).collect();
    let y: Vec<f64> = (0..n)
        .map(|i| ishigami(xs[0][i], xs[1][i], xs[2][i]))
        .collect();
    let y2: Vec<f64> = (0..n).map(|i| xs[3][i] * 2.0 + xs[4][i]).collect();
    let flags: Vec<u8> = y.iter().map(|&v| u8::from(v > 5.0)).collect();
    // Process CPU time (all threads) from /proc on Linux, NaN elsewhere: wall time alone is
    // misleading on a shared machine.
    let cpu_ms = || {
        std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| {
                // Fields after the command name, from `state`: utime and stime are the 12th
                // and 13th, in clock ticks (100 per second on Linux).
                let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
                let tick = |i: usize| f.get(i)?.parse::<f64>().ok();
                Some((tick(11)? + tick(12)?) * 10.0)
            })
            .unwrap_or(f64::NAN)
    };
    let time = |label: &str, f: &mut dyn FnMut()| {
        let (t, c) = (Instant::now(), cpu_ms());
        f();
        let wall = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{label:<44} wall {wall:>7.1} ms   cpu {:>7.0} ms",
            cpu_ms() - c
        );
    };
    let mut rx = None;
    time("ranks (one column)", &mut || rx = Some(Ranks::new(&xs[0])));
    let rx = rx.unwrap();
    let ry = Ranks::new(&y);
    time("pearson of ranks (spearman, ranked)", &mut || {
        std::hint::black_box(pearson(rx.as_slice(), ry.as_slice()));
    });
    time("spearman from raw columns", &mut || {
        std::hint::black_box(spearman(&xs[0], &y));
    });
    time("sobol_first_given_data (ranked)", &mut || {
        std::hint::black_box(sobol_first_given_data(&rx, &y));
    });
    time("swing (numeric)", &mut || {
        std::hint::black_box(swing(&xs[0], &y));
    });
    time("value_of_information (ranked)", &mut || {
        std::hint::black_box(value_of_information(&rx, &flags));
    });
    let names: Vec<String> = (0..8).map(|i| format!("x{i}")).collect();
    let inputs: Vec<(&str, &[f64])> = names
        .iter()
        .zip(&xs)
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let outputs = [
        ("y", Output::Numeric(&y)),
        ("y2", Output::Numeric(&y2)),
        ("claim", Output::Flags(&flags)),
    ];
    time("analyse: 8 inputs × 3 outputs (rayon pool)", &mut || {
        std::hint::black_box(analyse(&inputs, &outputs));
    });
}
