//! First- and total-order Sobol indices from a Saltelli design, for when the model can be run
//! on extra input matrices (Saltelli et al. 2010, Table 2, estimators (b) and (f)).
//!
//! Draw two independent input samples A and B (N rows each); for input i let A_B^(i) be A with
//! column i taken from B. With y_A = f(A), y_B = f(B) and y_ABi = f(A_B^(i)):
//!
//! ```text
//! f̂₀ = mean of the 2N values y_A, y_B          V̂ = their sample variance (2N − 1 denominator)
//! S_i  = (1/N) Σ_j (y_B,j − f̂₀)(y_ABi,j − y_A,j) / V̂            Saltelli et al. (2010)
//! ST_i = (1/N) Σ_j (y_A,j − y_ABi,j)² / 2 / V̂                     Jansen (1999)
//! ```
//!
//! The first-order term is Saltelli's with y_B centred by f̂₀. Because E[y_ABi − y_A] = 0 this
//! leaves the expectation unchanged, but it makes the estimate invariant to adding a constant
//! to the output; uncentred, its variance grows with f₀² (Owen 2013, "Better estimation of small
//! Sobol' sensitivity indices", *ACM TOMACS* 23(2)), which matters for outputs like shell
//! counts whose mean is far from zero.
//!
//! # Standard errors
//! Rows j are independent, so each index is a ratio of means of i.i.d. per-row terms, and the
//! delta method gives
//!
//! ```text
//! a_j = (y_B,j − f̂₀)(y_ABi,j − y_A,j)   t_j = (y_A,j − y_ABi,j)² / 2
//! v_j = ((y_A,j − f̂₀)² + (y_B,j − f̂₀)²) / 2                  (row's share of V̂)
//! se(S_i)  = sd_j(a_j − S_i · v_j) / (V̂ √N)
//! se(ST_i) = sd_j(t_j − ST_i · v_j) / (V̂ √N)
//! ```
//!
//! Both estimators are unbiased up to the O(1/N) bias of a ratio. An input the model ignores
//! has y_ABi = y_A exactly, so both of its indices and their standard errors are exactly 0.

use super::{Estimate, MIN_DRAWS};

/// First-order (Saltelli 2010) and total-order (Jansen 1999) indices of input i with their
/// standard errors, from outputs on A, on B, and on A with column i from B.
///
/// Returns `(first, total)`. Both are [`Estimate::ZERO`] when the three columns differ in
/// length, N < [`MIN_DRAWS`], or the output does not vary over A and B. Reading the values:
/// `first` is the share of variance the input explains alone; `total` the share it is
/// involved in at all (alone or through interactions), so `total ≥ first` up to noise, and
/// `total − first` measures its interactions.
pub fn saltelli_indices(y_a: &[f64], y_b: &[f64], y_abi: &[f64]) -> (Estimate, Estimate) {
    let n = y_a.len();
    if y_b.len() != n || y_abi.len() != n || n < MIN_DRAWS {
        return (Estimate::ZERO, Estimate::ZERO);
    }
    let nf = n as f64;
    let f0 = (y_a.iter().sum::<f64>() + y_b.iter().sum::<f64>()) / (2.0 * nf);
    let rows = || {
        y_a.iter().zip(y_b).zip(y_abi).map(move |((&a, &b), &ab)| {
            let (da, db) = (a - f0, b - f0);
            (
                db * (ab - a),
                0.5 * (a - ab) * (a - ab),
                0.5 * (da * da + db * db),
            )
        })
    };
    let (mut sa, mut st, mut sv) = (0.0, 0.0, 0.0);
    for (a, t, v) in rows() {
        sa += a;
        st += t;
        sv += v;
    }
    let variance = 2.0 * sv / (2.0 * nf - 1.0);
    if variance.is_nan() || variance <= 0.0 {
        return (Estimate::ZERO, Estimate::ZERO);
    }
    let (first, total) = (sa / nf / variance, st / nf / variance);
    let (ma, mt, mv) = (sa / nf, st / nf, sv / nf);
    let (mut ssa, mut sst) = (0.0, 0.0);
    for (a, t, v) in rows() {
        let dv = v - mv;
        let (pa, pt) = (a - ma - first * dv, t - mt - total * dv);
        ssa += pa * pa;
        sst += pt * pt;
    }
    let scale = variance * nf.sqrt();
    let se = |ss: f64| (ss / (nf - 1.0)).sqrt() / scale;
    (
        Estimate {
            value: first,
            se: se(ssa),
        },
        Estimate {
            value: total,
            se: se(sst),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_designs_give_zero() {
        let y: Vec<f64> = (0..50).map(f64::from).collect();
        let zero = (Estimate::ZERO, Estimate::ZERO);
        assert_eq!(saltelli_indices(&y, &y, &y[..49]), zero);
        assert_eq!(saltelli_indices(&y[..19], &y[..19], &y[..19]), zero);
        assert_eq!(saltelli_indices(&[4.0; 50], &[4.0; 50], &[4.0; 50]), zero);
    }

    #[test]
    fn ignored_input_is_exactly_zero() {
        let y_a: Vec<f64> = (0..100).map(|i| f64::from(i).sin()).collect();
        let y_b: Vec<f64> = (0..100).map(|i| f64::from(i).cos()).collect();
        let (s, st) = saltelli_indices(&y_a, &y_b, &y_a);
        assert_eq!((s.value, s.se, st.value, st.se), (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn input_that_is_everything() {
        // y = x_i: y_ABi = y_B, so ST = mean((y_A − y_B)²)/2 / V ≈ 1 and S ≈ 1.
        let y_a: Vec<f64> = (0..1000).map(|i| f64::from(i * 7 % 1000)).collect();
        let y_b: Vec<f64> = (0..1000).map(|i| f64::from(i * 13 % 1000)).collect();
        let (s, st) = saltelli_indices(&y_a, &y_b, &y_b);
        assert!((s.value - 1.0).abs() < 4.0 * s.se + 0.01, "{s:?}");
        assert!((st.value - 1.0).abs() < 4.0 * st.se + 0.01, "{st:?}");
        let shifted = |v: &[f64]| v.iter().map(|x| x + 3.0e6).collect::<Vec<_>>();
        let (s2, st2) = saltelli_indices(&shifted(&y_a), &shifted(&y_b), &shifted(&y_b));
        assert!((s2.value - s.value).abs() < 1e-6 && (st2.value - st.value).abs() < 1e-6);
    }
}
