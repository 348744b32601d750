//! Tests of the sensitivity driver (agreement with the single-pair measures on any thread
//! count, degenerate columns), properties of every measure, and a timing report.

use super::super::rank::spearman;
use super::super::sobol::sobol_first_given_data;
use super::super::swing::{swing, swing_flags};
use super::super::voi::value_of_information;
use super::super::{analyse, total_order, Column, Ranks, Status, Weights};
use super::{ishigami, uniform_pi};
use crate::stats::average_ranks;
use crate::test_stats::rng;
use proptest::prelude::*;

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
    let inputs: Vec<&[f64]> = x.iter().map(Vec::as_slice).collect();
    let outputs = [Column::Numeric(&y), Column::Flags(&flags)];
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| analyse(&inputs, &outputs, Weights::Equal))
    };
    let table = run(1);
    assert_eq!(table, run(2));
    assert_eq!(table, run(5));
    assert_eq!(table.len(), 2);
    assert!(table.iter().all(|row| row.len() == 4));
    let yf: Vec<f64> = flags.iter().map(|&f| f64::from(f)).collect();
    for k in 0..4 {
        let rx = Ranks::new(&x[k]);
        let (s, voi) = (table[0][k].sensitivity, table[0][k].voi);
        let e = sobol_first_given_data(&rx, &y);
        assert_eq!(s.spearman, spearman(&x[k], &y));
        assert_eq!(s.first_order(), e);
        assert_eq!(s.swing.estimate(), swing(&x[k], &y));
        assert!(voi.is_none());
        assert_eq!(s.sobol_total, None);
        let (c, voi) = (table[1][k].sensitivity, table[1][k].voi);
        let e = sobol_first_given_data(&rx, &yf);
        assert_eq!(c.spearman, spearman(&x[k], &yf));
        assert_eq!(c.first_order(), e);
        assert_eq!(c.swing.estimate(), swing_flags(&x[k], &flags));
        assert_eq!(voi, Some(value_of_information(&rx, &flags)));
    }
    let constant = table[0][3].sensitivity;
    assert_eq!(
        (
            constant.spearman,
            constant.sobol_first.value,
            constant.sobol_first.se,
            constant.swing.value
        ),
        (0.0, 0.0, 0.0, 0.0)
    );
    assert_eq!(constant.sobol_first.status, Status::ConstantInput);
    assert_eq!(constant.swing.status, Status::ConstantInput);
    assert!(table[0][3].input_constant && !table[0][0].input_constant);
}

#[test]
fn twin_outputs_get_the_measures_of_the_first() {
    // Copies of a column (here y, its flags, and −0.0 against +0.0, which differ in bits) are
    // measured once; each output's row equals that output measured alone.
    let n = 2_000;
    let (x, y, flags) = driver_data(n);
    let inputs: Vec<&[f64]> = x.iter().map(Vec::as_slice).collect();
    let (y2, flags2) = (y.clone(), flags.clone());
    // Equal to y at the 64 draws the columns are first compared on, not at draw 1.
    let mut near: Vec<f64> = y.clone();
    near[1] += 100.0;
    let zeros: Vec<f64> = (0..n)
        .map(|i| if i % 3 == 0 { -0.0 } else { 1.0 })
        .collect();
    let pos: Vec<f64> = zeros.iter().map(|v| v.abs()).collect();
    let outputs = [
        Column::Numeric(&y),
        Column::Flags(&flags),
        Column::Numeric(&y2),
        Column::Numeric(&near),
        Column::Flags(&flags2),
        Column::Numeric(&zeros),
        Column::Numeric(&pos),
    ];
    let table = analyse(&inputs, &outputs, Weights::Equal);
    assert_eq!(table.len(), outputs.len());
    for (k, o) in outputs.iter().enumerate() {
        let alone = analyse(&inputs, &[*o], Weights::Equal);
        assert_eq!(table[k], alone[0], "output {k}");
    }
    assert_eq!(table[0], table[2]);
    assert_ne!(table[0], table[3]);
}

#[test]
fn driver_never_panics_on_degenerate_columns() {
    let short: Vec<f64> = (0..10).map(f64::from).collect();
    let long: Vec<f64> = (0..100).map(f64::from).collect();
    let flags = vec![1u8; 100];
    let t = analyse(
        &[short.as_slice(), long.as_slice(), &[][..]],
        &[
            Column::Numeric(&short),
            Column::Flags(&flags),
            Column::Numeric(&[]),
        ],
        Weights::Equal,
    );
    for row in &t {
        for m in row {
            let s = m.sensitivity;
            let values = [
                s.spearman,
                s.sobol_first.value,
                s.sobol_first.se,
                s.swing.value,
                s.swing.se,
            ];
            assert!(values.iter().all(|v| v.is_finite()), "{s:?}");
        }
    }
    assert_eq!(t[0][0].sensitivity.sobol_first.value, 0.0);
    // A claim every draw satisfied: nothing to attribute.
    assert_eq!(
        t[1][1].sensitivity.sobol_first.status,
        Status::ConstantOutput
    );
    assert_eq!(analyse(&[], &[], Weights::Equal).len(), 0);
    // Weights that do not fit the draws are not used.
    let w = [1.0; 3];
    let t = analyse(
        &[long.as_slice()],
        &[Column::Flags(&flags)],
        Weights::Importance(&w),
    );
    assert!(t[0][0].sensitivity.spearman.is_finite());
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
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: crate::test_stats::regressions("sensitivity-driver"),
        ..ProptestConfig::default()
    })]

    #[test]
    fn spearman_is_a_correlation((x, y) in (0usize..80).prop_flat_map(|n| (column(n), column(n)))) {
        let rho = spearman(&x, &y);
        prop_assert!(!rho.is_nan());
        prop_assert_eq!(rho, spearman(&y, &x));
        // Reversing one column reverses its ranks, so the correlation changes sign exactly.
        let neg: Vec<f64> = y.iter().map(|v| -v).collect();
        prop_assert_eq!(spearman(&x, &neg), -rho);
        let r = average_ranks(&x);
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
        prop_assert!(s.value.is_finite() && s.se.is_finite() && s.se >= 0.0, "{:?}", s);
        let sf = swing_flags(&x, &f);
        prop_assert!((-1.0..=1.0).contains(&sf.value) && (0.0..=1.0).contains(&sf.se), "{:?}", sf);
        let v = value_of_information(&rx, &f);
        let p = f.iter().filter(|&&b| b != 0).count() as f64 / f.len().max(1) as f64;
        prop_assert!(v.expected_abs_change >= 0.0 && v.expected_abs_change <= 2.0 * p * (1.0 - p) + 1e-12, "{:?}", v);
        prop_assert!((0.0..=1.0).contains(&v.flip_probability));
        prop_assert!(v.expected_abs_change_se >= 0.0 && v.expected_abs_change_se.is_finite());
        prop_assert!((0.0..=1.0).contains(&v.p_value));
        prop_assert!(v.detected || (v.expected_abs_change == 0.0 && v.flip_probability == 0.0));
        let t = total_order(&y, &x.iter().map(|v| v.clamp(-1e12, 1e12)).collect::<Vec<_>>(), &y);
        prop_assert!(t.value.is_finite() && t.se.is_finite());
    }
}
