//! Numerical helpers shared by the families: the standard normal CDF and quantile,
//! parameter checks and the number format used by `Dist::describe`; in submodules, the
//! regularised incomplete gamma and beta functions (`special`) and the solvers (`solve`: a
//! safeguarded Newton inversion for continuous CDFs, integer search for discrete CDFs,
//! Brent's root finder, used by the `beta_ci` fit).

mod solve;
mod special;

pub(super) use solve::{brent, invert_continuous, invert_discrete};
pub(super) use special::{beta_reg, gamma_lr, gamma_ur};

use super::{DistError, Family};
use statrs::function::erf::{erfc, erfc_inv};

/// The standard normal 95th percentile, z such that Φ(z) = 0.95.
pub(super) const Z95: f64 = 1.644_853_626_951_472_2;

/// Standard normal CDF Φ(z).
#[inline]
pub(super) fn std_normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Standard normal quantile Φ⁻¹(p) for p in (0, 1); ±∞ at 0 and 1, NaN outside.
pub(super) fn std_normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// Errors unless every parameter is finite (names taken from the family).
pub(super) fn check_finite(family: Family, params: &[f64]) -> Result<(), DistError> {
    for (&value, &param) in params.iter().zip(family.param_names()) {
        if !value.is_finite() {
            return Err(DistError::NonFinite {
                family,
                param,
                value,
            });
        }
    }
    Ok(())
}

/// Errors unless `value > 0`.
pub(super) fn check_positive(
    family: Family,
    param: &'static str,
    value: f64,
) -> Result<(), DistError> {
    if !(value > 0.0) {
        return Err(DistError::NotPositive {
            family,
            param,
            value,
        });
    }
    Ok(())
}

/// Errors unless `lo < hi`.
pub(super) fn check_increasing(family: Family, lo: f64, hi: f64) -> Result<(), DistError> {
    if !(lo < hi) {
        let names = family.param_names();
        return Err(DistError::NotIncreasing {
            family,
            lo_name: names[0],
            lo,
            hi_name: names[names.len() - 1],
            hi,
        });
    }
    Ok(())
}

/// Formats a parameter for `describe`: three significant digits, but never rounding
/// away integer digits (`8.79`, `0.0634`, `12345`); scientific for tiny or huge values.
pub(super) fn fmt_num(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let ax = x.abs();
    if !x.is_finite() || !(1e-4..1e15).contains(&ax) {
        return format!("{x:.2e}");
    }
    let mag = ax.log10().floor() as i32;
    let decimals = (2 - mag).max(0) as usize;
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::gamma::ln_gamma;

    #[test]
    fn normal_quantile_round_trips() {
        for &p in &[1e-12, 0.001, 0.05, 0.3, 0.5, 0.95, 0.999_999] {
            let z = std_normal_quantile(p);
            let err =
                ((std_normal_cdf(z) - p).abs() - 2.0 * f64::EPSILON).max(0.0) / p.min(1.0 - p);
            assert!(err <= 1e-10, "p = {p}: relative error {err}");
        }
        assert!((std_normal_quantile(0.95) - Z95).abs() < 1e-15);
    }

    #[test]
    fn incomplete_functions_match_known_values() {
        // P(1, x) = 1 - e^-x; P(0.2, x) ≈ x^0.2 / Γ(1.2) for tiny x.
        assert!((gamma_lr(1.0, 0.5) - (1.0 - (-0.5f64).exp())).abs() < 1e-15);
        let tiny = gamma_lr(0.2, 1e-20);
        let want = (0.2 * (1e-20f64).ln() - ln_gamma(1.2)).exp();
        assert!((tiny / want - 1.0).abs() < 1e-12);
        // I_x(1, 1) = x; I_x(a, 1) = x^a; symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
        assert!((beta_reg(1.0, 1.0, 0.3) - 0.3).abs() < 1e-15);
        assert!((beta_reg(2.5, 1.0, 0.4) - 0.4f64.powf(2.5)).abs() < 1e-14);
        let (a, b, x) = (2e6, 1e6, 0.6665);
        assert!((beta_reg(a, b, x) + beta_reg(b, a, 1.0 - x) - 1.0).abs() < 1e-7);
        // Binomial(3e6, 1/3) median: I_{2/3}(n - k, k + 1) near 0.5 at k = n/3.
        let n = 3e6;
        let k = 1e6;
        let f = beta_reg(n - k, k + 1.0, 2.0 / 3.0);
        assert!((f - 0.5).abs() < 1e-3, "{f}");
    }

    #[test]
    fn brent_finds_roots() {
        let r = brent(|x| x * x - 2.0, 0.0, 2.0, 1e-14).expect("bracketed");
        assert!((r - std::f64::consts::SQRT_2).abs() < 1e-13);
        assert!(brent(|x| x * x + 1.0, 0.0, 2.0, 1e-14).is_none());
    }

    #[test]
    fn number_format() {
        assert_eq!(fmt_num(8.790_12), "8.79");
        assert_eq!(fmt_num(0.063_41), "0.0634");
        assert_eq!(fmt_num(12_345.6), "12346");
        assert_eq!(fmt_num(-3.0), "-3");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(1e-7), "1.00e-7");
    }
}
