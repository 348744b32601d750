//! Summaries of weighted draws: self-normalised importance-sampling estimates (Owen 2013,
//! *Monte Carlo theory, methods and examples*, §9.2–9.3).
//!
//! All functions accept weights on any scale; internally they are divided by the largest, so
//! equal weights become exactly 1 and the results then equal the unweighted formulas (the
//! share of draws, and the R-7 quantiles, bit for bit; the mean up to summation order).
//!
//! Quantiles use one definition, the weighted midpoint rule of
//! [`crate::stats::weighted_quantiles`] (re-exported here).

#[cfg(test)]
use crate::stats::quantiles_r7;
pub use crate::stats::weighted_quantiles;

/// Weights divided by their largest, or `None` if none is positive.
fn relative(w: &[f64]) -> Option<Vec<f64>> {
    let max = w.iter().copied().fold(0.0, f64::max);
    (max > 0.0).then(|| w.iter().map(|v| v / max).collect())
}

/// Weighted mean and standard deviation of `x`, `(mean, sd)`:
///
/// ```text
/// m = Σ w x / Σ w,   sd² = [Σ w (x − m)² / Σ w] / (1 − Σ w² / (Σ w)²)
/// ```
///
/// The last factor, 1/(1 − 1/ESS), makes sd reduce to the usual n − 1 sample standard
/// deviation when weights are equal. Both are NaN when no weight is positive; sd is NaN when
/// one draw carries all the weight.
///
/// # Panics
/// If `x` and `w` differ in length.
pub fn weighted_mean_sd(x: &[f64], w: &[f64]) -> (f64, f64) {
    assert_eq!(x.len(), w.len(), "one weight per draw");
    let Some(r) = relative(w) else {
        return (f64::NAN, f64::NAN);
    };
    let total: f64 = r.iter().sum();
    let mean = x.iter().zip(&r).map(|(x, r)| r * x).sum::<f64>() / total;
    let (ss, r2) = x.iter().zip(&r).fold((0.0, 0.0), |(ss, r2), (x, r)| {
        (ss + r * (x - mean) * (x - mean), r2 + r * r)
    });
    let correction = 1.0 - r2 / (total * total);
    let sd = if correction > 0.0 {
        (ss / total / correction).sqrt()
    } else {
        f64::NAN
    };
    (mean, sd)
}

/// Weighted share of non-zero `flags` and its Monte Carlo standard error, `(p, mcse)`, for the
/// self-normalised importance-sampling estimator (Owen 2013, eq. 9.8, the delta method):
///
/// ```text
/// w̃_i = w_i / Σ w,   p = Σ w̃_i f_i,   mcse = √(Σ w̃_i² (f_i − p)²)
/// ```
///
/// With equal weights these are the plain share and the binomial √(p(1 − p)/n) (the same p,
/// bit for bit, as [`crate::stats::proportion`]). Both are NaN when no weight is
/// positive.
///
/// # Panics
/// If `flags` and `w` differ in length.
pub fn weighted_proportion(flags: &[u8], w: &[f64]) -> (f64, f64) {
    assert_eq!(flags.len(), w.len(), "one weight per draw");
    let Some(r) = relative(w) else {
        return (f64::NAN, f64::NAN);
    };
    let (total, held) = flags.iter().zip(&r).fold((0.0, 0.0), |(t, h), (&f, &r)| {
        (t + r, if f != 0 { h + r } else { h })
    });
    let p = held / total;
    let ss: f64 = flags
        .iter()
        .zip(&r)
        .map(|(&f, &r)| {
            let d = f64::from(u8::from(f != 0)) - p;
            r * r * d * d
        })
        .sum();
    (p, ss.sqrt() / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_weighted_quantiles() {
        let q = weighted_quantiles(&[1.0, 2.0, 3.0, 4.0], &[1.0; 4], &[0.25, 0.5]);
        assert_eq!(q, [1.75, 2.5]);
        // Zero weight removes a draw; weight 3 on 3.0 is like three draws of it in the middle.
        let q = weighted_quantiles(&[1.0, 3.0, 5.0, 99.0], &[1.0, 3.0, 1.0, 0.0], &[0.5, 1.0]);
        assert_eq!(q, [3.0, 5.0]);
    }
    use crate::stats::proportion;

    #[test]
    fn equal_weights_give_the_unweighted_results() {
        let x: Vec<f64> = (0..101)
            .map(|i| ((i * 37) % 101) as f64 * 0.13 - 2.0)
            .collect();
        let w = vec![0.37; x.len()];
        let probs = [0.0, 0.01, 0.1, 0.333, 0.5, 0.9, 0.99, 1.0];
        let mut copy = x.clone();
        assert_eq!(
            weighted_quantiles(&x, &w, &probs),
            quantiles_r7(&mut copy, &probs)
        );
        let flags: Vec<u8> = x.iter().map(|&v| u8::from(v > 1.0)).collect();
        assert_eq!(weighted_proportion(&flags, &w), proportion(&flags));
        let (m, sd) = weighted_mean_sd(&x, &w);
        let plain_mean = x.iter().sum::<f64>() / x.len() as f64;
        assert_eq!(m, plain_mean);
        let var = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - 1) as f64;
        assert!((sd - var.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn general_rule_is_continuous_with_r7() {
        // Nearly equal weights take the general path and must land next to R-7.
        let x: Vec<f64> = (0..57).map(|i| ((i * 11) % 57) as f64).collect();
        let mut w = vec![1.0; x.len()];
        w[3] = 1.0 + 1e-12;
        let probs = [0.0, 0.05, 0.25, 0.5, 0.77, 1.0];
        let mut copy = x.clone();
        let r7 = quantiles_r7(&mut copy, &probs);
        for (a, b) in weighted_quantiles(&x, &w, &probs).iter().zip(&r7) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }

    #[test]
    fn zero_weights_drop_draws() {
        let x = [5.0, 1.0, 100.0, 2.0, -50.0];
        let w = [1.0, 2.0, 0.0, 1.0, 0.0];
        let q = weighted_quantiles(&x, &w, &[0.0, 1.0]);
        assert_eq!(q, [1.0, 5.0]);
        // Single positive weight: every quantile is that value, sd undefined.
        assert_eq!(
            weighted_quantiles(&x, &[0.0, 0.0, 3.0, 0.0, 0.0], &[0.1, 0.9]),
            [100.0; 2]
        );
        let (m, sd) = weighted_mean_sd(&x, &[0.0, 0.0, 3.0, 0.0, 0.0]);
        assert_eq!(m, 100.0);
        assert!(sd.is_nan());
    }

    #[test]
    fn degenerate_inputs_give_nan() {
        assert!(weighted_quantiles(&[1.0], &[0.0], &[0.5])[0].is_nan());
        assert!(weighted_quantiles(&[1.0, 2.0], &[1.0, 2.0], &[f64::NAN])[0].is_nan());
        assert!(weighted_mean_sd(&[], &[]).0.is_nan());
        assert!(weighted_proportion(&[1], &[0.0]).0.is_nan());
    }

    #[test]
    fn proportion_and_its_error() {
        // Normalised weights 0.5, 0.25, 0.25; p = 0.5; mcse² = 0.25·0.25 + 2·0.0625·0.25.
        let (p, se) = weighted_proportion(&[1, 0, 0], &[2.0, 1.0, 1.0]);
        assert_eq!(p, 0.5);
        assert!((se - (0.0625f64 + 0.03125).sqrt()).abs() < 1e-15);
    }
}
