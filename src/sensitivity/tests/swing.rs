//! The swing's standard error against the spread of the swing over seeded replications, and
//! its status: an input the output ignores is within noise, a strong driver is resolved.
//!
//! Tolerance: with [`REPLICATIONS`] = 300 the sample sd of the swings is within ±4.1% (1 sd)
//! of the truth, and the root mean square of the reported errors is steadier still, so a
//! correct se gives sd / se in [0.8, 1.25] except with probability < 10⁻⁶ (as for the other
//! standard errors, [`super::spread_over_se`]).

use super::super::swing::{swing, swing_flags, Swing, SwingBands, MIN_BAND_DRAWS};
use super::super::{analyse, Column, Estimate, OutputState, Status, Weights};
use super::{spread_over_se, REPLICATIONS};
use crate::test_stats::{normals, rng};

/// (swing, se) of `measure` over the replications, each from its own seed.
fn replicate(seed: u64, measure: impl Fn(u64) -> Estimate) -> (Vec<f64>, Vec<f64>) {
    (0..REPLICATIONS)
        .map(|rep| measure(seed + rep))
        .map(|e| (e.value, e.se))
        .unzip()
}

#[test]
fn numeric_swing_standard_error_is_calibrated() {
    // y = x1 + x2 + 0.5 e (continuous), and 4y rounded to whole units (a count: ties at the
    // medians): the swing of x1 (about +2.6, or +10 units), and of x3, which y ignores.
    let n = 2_000;
    let cases: [(&str, usize, bool); 4] = [
        ("x1", 0, false),
        ("x3 (no effect)", 2, false),
        ("x1, whole units", 0, true),
        ("x3, whole units", 2, true),
    ];
    for (label, input, whole) in cases {
        let (vals, ses) = replicate(7_000, |seed| {
            let mut r = rng(seed);
            let x = [normals(&mut r, n), normals(&mut r, n), normals(&mut r, n)];
            let e = normals(&mut r, n);
            let y: Vec<f64> = (0..n)
                .map(|i| x[0][i] + x[1][i] + 0.5 * e[i])
                .map(|v| if whole { (4.0 * v).round() } else { v })
                .collect();
            swing(&x[input], &y)
        });
        let ratio = spread_over_se(&vals, &ses);
        assert!((0.8..1.25).contains(&ratio), "{label}: sd/se = {ratio}");
    }
}

#[test]
fn claim_swing_standard_error_is_calibrated() {
    // The claim x1 + e > 1: about 8% in the low band of x1 and 62% in the high band.
    let n = 2_000;
    for (label, input) in [("x1", 0usize), ("x2 (no effect)", 1)] {
        let (vals, ses) = replicate(8_000, |seed| {
            let mut r = rng(seed);
            let x = [normals(&mut r, n), normals(&mut r, n)];
            let e = normals(&mut r, n);
            let flags: Vec<u8> = (0..n).map(|i| u8::from(x[0][i] + e[i] > 1.0)).collect();
            swing_flags(&x[input], &flags)
        });
        let ratio = spread_over_se(&vals, &ses);
        assert!((0.8..1.25).contains(&ratio), "{label}: sd/se = {ratio}");
    }
}

#[test]
fn weighted_swing_standard_error_uses_effective_band_sizes() {
    // Importance weights exp(−(y − 1)²/2) (evidence that y is near 1) on y = x1 + x2 + 0.5 e:
    // with equal-weight counts instead of Kish's effective sizes the se would be too small by
    // the square root of their ratio (about 1.4 here), failing the check.
    let n = 4_000;
    for (label, input) in [("x1", 0usize), ("x3 (no effect)", 2)] {
        let (vals, ses) = replicate(9_000, |seed| {
            let mut r = rng(seed);
            let x = [normals(&mut r, n), normals(&mut r, n), normals(&mut r, n)];
            let e = normals(&mut r, n);
            let y: Vec<f64> = (0..n).map(|i| x[0][i] + x[1][i] + 0.5 * e[i]).collect();
            let w: Vec<f64> = y.iter().map(|v| (-0.5 * (v - 1.0).powi(2)).exp()).collect();
            SwingBands::new(&x[input], Weights::Importance(&w))
                .map_or(Estimate::ZERO, |b| b.swing(&y))
        });
        let ratio = spread_over_se(&vals, &ses);
        assert!((0.8..1.25).contains(&ratio), "{label}: sd/se = {ratio}");
    }
}

#[test]
fn an_ignored_input_is_within_noise_and_a_driver_is_resolved() {
    // y = x1 + 0.05 x2 + e: x1's swing (≈ 2.6 ± 0.09) is far outside its noise, x3's (0 ±
    // 0.09) is within it, with these seeds and in about 95% of all runs. x2's true swing,
    // 0.05 × 2.56 = 0.13, is about 1.4 se: a real but small effect the draws cannot resolve.
    let n = 5_000;
    let mut r = rng(11);
    let x = [normals(&mut r, n), normals(&mut r, n), normals(&mut r, n)];
    let e = normals(&mut r, n);
    let y: Vec<f64> = (0..n).map(|i| x[0][i] + 0.05 * x[1][i] + e[i]).collect();
    let flags: Vec<u8> = y.iter().map(|&v| u8::from(v > 0.5)).collect();
    let inputs: Vec<&[f64]> = x.iter().map(Vec::as_slice).collect();
    let table = analyse(
        &inputs,
        &[Column::Numeric(&y), Column::Flags(&flags)],
        Weights::Equal,
    );
    for (k, what) in ["quantity", "claim"].iter().enumerate() {
        let [driver, small, ignored] = [0, 1, 2].map(|j| table[k][j].sensitivity.swing);
        assert_eq!(driver.status, Status::Resolved, "{what}: {driver:?}");
        assert!(driver.value > 10.0 * driver.se, "{what}: {driver:?}");
        assert_eq!(ignored.status, Status::WithinNoise, "{what}: {ignored:?}");
        let (lo, hi) = ignored.interval();
        assert!(lo < 0.0 && 0.0 < hi, "{what}: {ignored:?}");
        assert_eq!(small.status, Status::WithinNoise, "{what}: {small:?}");
    }
}

#[test]
fn status_rules_in_order() {
    let e = |value, se| Estimate { value, se };
    let varies = OutputState::Varies;
    let enough = MIN_BAND_DRAWS;
    let table = [
        (e(3.0, 1.0), enough, varies, false, Status::Resolved),
        (e(-3.0, 1.0), enough, varies, false, Status::Resolved),
        (e(1.9, 1.0), enough, varies, false, Status::WithinNoise),
        (e(0.0, 0.0), enough, varies, false, Status::WithinNoise),
        (e(1.0, 0.0), enough, varies, false, Status::Resolved),
        (e(3.0, f64::NAN), enough, varies, false, Status::WithinNoise),
        (
            e(3.0, 1.0),
            enough - 1.0,
            varies,
            false,
            Status::TooFewDraws,
        ),
        (e(3.0, 1.0), enough, varies, true, Status::ConstantInput),
        (
            e(3.0, 1.0),
            enough,
            OutputState::Constant,
            false,
            Status::ConstantOutput,
        ),
        (
            e(0.3, 0.01),
            enough,
            OutputState::claim(0.001, 50_000.0),
            false,
            Status::TooFewEvents,
        ),
    ];
    for (est, draws, out, constant, status) in table {
        let s = Swing::judge(est, draws, out, constant);
        assert_eq!(s.status, status, "{est:?} {draws} {out:?} {constant}");
        assert_eq!(s.value, est.value);
    }
}

#[test]
fn few_draws_leave_the_swing_unresolved() {
    // 400 draws: each band holds 40 < 50.
    let x: Vec<f64> = (0..400).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    let t = analyse(&[&x], &[Column::Numeric(&y)], Weights::Equal);
    let s = t[0][0].sensitivity.swing;
    assert_eq!((s.value, s.status), (640.0, Status::TooFewDraws));
}

// Exact cases.

#[test]
fn linear_output() {
    let x: Vec<f64> = (0..1000).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    // Bands: x in 50..=149 and 850..=949, so the medians of y are 199 and 1799.
    assert_eq!(swing(&x, &y).value, 1600.0);
}

#[test]
fn degenerate_cases() {
    let x: Vec<f64> = (0..100).map(f64::from).collect();
    assert_eq!(swing(&x[..19], &x[..19]).value, 0.0);
    assert_eq!(swing(&x, &x[..99]).value, 0.0);
    assert_eq!(swing(&[5.0; 100], &x).value, 0.0);
    assert_eq!(swing_flags(&[5.0; 100], &[1; 100]).value, 0.0);
    assert_eq!(swing_flags(&x, &[1; 99]), Estimate::ZERO);
}

#[test]
fn discrete_input_compares_its_levels() {
    let x: Vec<f64> = (0..1000).map(|i| f64::from(i % 2)).collect();
    let y: Vec<f64> = (0..1000)
        .map(|i| f64::from(i % 2) * 10.0 + f64::from(i % 7))
        .collect();
    assert_eq!(swing(&x, &y).value, 10.0);
    let flags: Vec<u8> = (0..1000)
        .map(|i| u8::from(i % 2 == 1 && i % 3 == 0))
        .collect();
    // P(claim | x = 1) = P(i ≡ 3 mod 6 | i odd) = 1/3; P(claim | x = 0) = 0.
    assert!((swing_flags(&x, &flags).value - 167.0 / 500.0).abs() < 1e-15);
}
