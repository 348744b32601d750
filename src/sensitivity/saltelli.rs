//! Total-order Sobol indices from a Saltelli design, for when the model can be run on extra
//! input matrices (Saltelli et al. 2010, Table 2, estimator (f), Jansen 1999).
//!
//! Draw two independent input samples A and B (N rows each); for input i let A_B^(i) be A with
//! column i taken from B. With y_A = f(A), y_B = f(B) and y_ABi = f(A_B^(i)):
//!
//! ```text
//! f̂₀ = mean of the 2N values y_A, y_B          V̂ = their sample variance (2N − 1 denominator)
//! ST_i = (1/N) Σ_j (y_A,j − y_ABi,j)² / 2 / V̂                     Jansen (1999)
//! ```
//!
//! First-order indices come from the run's own draws (the given-data estimator, [`super::sobol`]),
//! so the design is used for the total-order index only.
//!
//! # Standard error
//! Rows j are independent, so the index is a ratio of means of i.i.d. per-row terms, and the
//! delta method gives
//!
//! ```text
//! t_j = (y_A,j − y_ABi,j)² / 2
//! v_j = ((y_A,j − f̂₀)² + (y_B,j − f̂₀)²) / 2                  (row's share of V̂)
//! se(ST_i) = sd_j(t_j − ST_i · v_j) / (V̂ √N)
//! ```
//!
//! The estimator is unbiased up to the O(1/N) bias of a ratio. An input the model ignores has
//! y_ABi = y_A exactly, so its index and standard error are exactly 0.

use super::{Estimate, MIN_DRAWS};

/// Total-order index (Jansen 1999) of input i with its standard error, from outputs on A, on B,
/// and on A with column i from B.
///
/// [`Estimate::ZERO`] when the three columns differ in length, N < [`MIN_DRAWS`], or the output
/// does not vary over A and B. Reading the value: the share of the output's variance the input
/// is involved in at all (alone or through interactions).
pub fn total_order(y_a: &[f64], y_b: &[f64], y_abi: &[f64]) -> Estimate {
    let n = y_a.len();
    if y_b.len() != n || y_abi.len() != n || n < MIN_DRAWS {
        return Estimate::ZERO;
    }
    let nf = n as f64;
    let f0 = (y_a.iter().sum::<f64>() + y_b.iter().sum::<f64>()) / (2.0 * nf);
    let rows = || {
        y_a.iter().zip(y_b).zip(y_abi).map(move |((&a, &b), &ab)| {
            let (da, db) = (a - f0, b - f0);
            (0.5 * (a - ab) * (a - ab), 0.5 * (da * da + db * db))
        })
    };
    let (mut st, mut sv) = (0.0, 0.0);
    for (t, v) in rows() {
        st += t;
        sv += v;
    }
    let variance = 2.0 * sv / (2.0 * nf - 1.0);
    if variance.is_nan() || variance <= 0.0 {
        return Estimate::ZERO;
    }
    let total = st / nf / variance;
    let (mt, mv) = (st / nf, sv / nf);
    let mut sst = 0.0;
    for (t, v) in rows() {
        let pt = t - mt - total * (v - mv);
        sst += pt * pt;
    }
    let scale = variance * nf.sqrt();
    Estimate {
        value: total,
        se: (sst / (nf - 1.0)).sqrt() / scale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_designs_give_zero() {
        let y: Vec<f64> = (0..50).map(f64::from).collect();
        assert_eq!(total_order(&y, &y, &y[..49]), Estimate::ZERO);
        assert_eq!(total_order(&y[..19], &y[..19], &y[..19]), Estimate::ZERO);
        assert_eq!(
            total_order(&[4.0; 50], &[4.0; 50], &[4.0; 50]),
            Estimate::ZERO
        );
    }

    #[test]
    fn ignored_input_is_exactly_zero() {
        let y_a: Vec<f64> = (0..100).map(|i| f64::from(i).sin()).collect();
        let y_b: Vec<f64> = (0..100).map(|i| f64::from(i).cos()).collect();
        let st = total_order(&y_a, &y_b, &y_a);
        assert_eq!((st.value, st.se), (0.0, 0.0));
    }

    #[test]
    fn input_that_is_everything() {
        // y = x_i: y_ABi = y_B, so ST = mean((y_A − y_B)²)/2 / V ≈ 1.
        let y_a: Vec<f64> = (0..1000).map(|i| f64::from(i * 7 % 1000)).collect();
        let y_b: Vec<f64> = (0..1000).map(|i| f64::from(i * 13 % 1000)).collect();
        let st = total_order(&y_a, &y_b, &y_b);
        assert!((st.value - 1.0).abs() < 4.0 * st.se + 0.01, "{st:?}");
        let shifted = |v: &[f64]| v.iter().map(|x| x + 3.0e6).collect::<Vec<_>>();
        let st2 = total_order(&shifted(&y_a), &shifted(&y_b), &shifted(&y_b));
        assert!((st2.value - st.value).abs() < 1e-6);
    }
}
