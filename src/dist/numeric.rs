//! Numerical helpers shared by the families: the standard normal CDF and quantile,
//! a safeguarded Newton inversion for continuous CDFs, integer search for discrete
//! CDFs, Brent's root finder (used by the `beta_ci` fit), parameter checks and the
//! number format used by `Dist::describe`.

use super::{DistError, Family};
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur, ln_gamma};

/// Above this shape the incomplete gamma series/fractions need more than ~10^5 terms
/// (statrs' loops are unbounded, and never end for shapes near 1e300): use the
/// Wilson–Hilferty approximation instead, whose error is O(1/shape).
const GAMMA_LARGE_SHAPE: f64 = 1e8;

/// Wilson–Hilferty: `P(a, x) ≈ Φ(((x / a)^(1/3) - 1 + 1/(9a)) · 3 sqrt(a))`.
fn gamma_wilson_hilferty(a: f64, x: f64) -> f64 {
    std_normal_cdf(((x / a).cbrt() - 1.0 + 1.0 / (9.0 * a)) * 3.0 * a.sqrt())
}

/// Regularised upper incomplete gamma function `Q(a, x) = 1 - P(a, x)`, `a > 0`.
pub(super) fn gamma_ur(a: f64, x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if !(x > 0.0) {
        return 1.0;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    if a > GAMMA_LARGE_SHAPE {
        return 1.0 - gamma_wilson_hilferty(a, x);
    }
    if x < 1e-3 {
        return 1.0 - gamma_lr(a, x);
    }
    checked_gamma_ur(a, x).map_or(f64::NAN, |q| q.clamp(0.0, 1.0))
}

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

/// Regularised lower incomplete gamma function `P(a, x)`, `a > 0`.
///
/// statrs' `gamma_lr` returns 0 for `x < 1.1e-15`, which is wrong for small shapes
/// (`P(0.2, 1e-20) ≈ 1e-4`), so small `x` is handled here by the power series
/// `P(a, x) = x^a e^-x / Γ(a + 1) · Σ x^n / ((a + 1)…(a + n))`.
pub(super) fn gamma_lr(a: f64, x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if !(x > 0.0) {
        return 0.0;
    }
    if x == f64::INFINITY {
        return 1.0;
    }
    if x < 1e-3 {
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut n = 0.0;
        while term > 1e-17 * sum {
            n += 1.0;
            term *= x / (a + n);
            sum += term;
        }
        return (a * x.ln() - x - ln_gamma(a + 1.0)).exp() * sum;
    }
    if a > GAMMA_LARGE_SHAPE {
        return gamma_wilson_hilferty(a, x);
    }
    checked_gamma_lr(a, x).map_or(f64::NAN, |p| p.clamp(0.0, 1.0))
}

/// Above this `a + b`, [`beta_reg`] uses approximations (normal, or gamma when one
/// shape is moderate).
const BETA_LARGE_SUM: f64 = 1e10;

/// Regularised incomplete beta function `I_x(a, b)`, `a, b > 0`.
///
/// Same continued fraction as statrs' `beta_reg` (Numerical Recipes `betacf`, modified
/// Lentz), but statrs stops after 140 terms, which is inaccurate once `a` or `b`
/// exceeds about 10^4 (e.g. binomial CDFs with large `n`). The fraction needs
/// O(sqrt(max(a, b))) terms; here up to 200,000 are allowed. Accuracy degrades for
/// shapes beyond about 10^9 (cancellation in the lnΓ differences, fraction cut off);
/// the result always lies in `[0, 1]`.
pub(super) fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if !(x > 0.0) {
        return 0.0;
    }
    if !(x < 1.0) {
        return 1.0;
    }
    let s = a + b;
    if s > BETA_LARGE_SUM {
        // The continued fraction would need more than ~10^5 terms.
        return if a.min(b) > 1e6 {
            let mean = a / s;
            let sd = (mean * (b / s) / (s + 1.0)).sqrt();
            std_normal_cdf((x - mean) / sd)
        } else if a < b {
            // Beta(a, b) ≈ Gamma(a) / (a + b) when b is huge.
            gamma_lr(a, x * s)
        } else {
            gamma_ur(b, (1.0 - x) * s)
        };
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p();
    let value = if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b
    };
    if value.is_finite() {
        value.clamp(0.0, 1.0)
    } else {
        // Only for absurd shapes (e.g. b ~ 1e178), where the lnΓ differences and the
        // fraction break down: fall back to the normal approximation with the beta's
        // mean and variance.
        let s = a + b;
        let mean = a / s;
        let sd = (mean * (b / s) / (s + 1.0)).sqrt();
        std_normal_cdf((x - mean) / sd).clamp(0.0, 1.0)
    }
}

/// Continued fraction for the incomplete beta function (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    let mut m = 1.0;
    while m < 200_000.0 {
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { 1.0 / TINY } else { 1.0 / d };
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { 1.0 / TINY } else { 1.0 / d };
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 1e-16 {
            break;
        }
        m += 1.0;
    }
    h
}

/// Solves `cdf(x) = p` for a continuous, increasing `cdf` on the bracket `[lo, hi]`
/// (which must satisfy `cdf(lo) <= p <= cdf(hi)`), starting from `x0`.
///
/// Newton steps using `pdf`, falling back to bisection whenever a step leaves the
/// current bracket; stops when the step or the bracket is at rounding level.
pub(super) fn invert_continuous(
    p: f64,
    mut lo: f64,
    mut hi: f64,
    x0: f64,
    cdf: impl Fn(f64) -> f64,
    pdf: impl Fn(f64) -> f64,
) -> f64 {
    let mut x = if x0 > lo && x0 < hi {
        x0
    } else {
        lo + 0.5 * (hi - lo)
    };
    for _ in 0..400 {
        let f = cdf(x) - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let mut next = x - f / pdf(x);
        let newton = next > lo && next < hi;
        if !newton {
            next = lo + 0.5 * (hi - lo);
        }
        if next <= lo || next >= hi {
            // The bracket holds adjacent floats.
            return if f < 0.0 { hi } else { lo };
        }
        if newton && (next - x).abs() <= 2.0 * f64::EPSILON * x.abs() {
            return next;
        }
        x = next;
    }
    x
}

/// The smallest whole number `k` in `[0, max]` with `cdf(k) >= p`, for an increasing
/// `cdf` of a distribution on the whole numbers; `guess` is where the search starts.
pub(super) fn invert_discrete(p: f64, guess: f64, max: f64, cdf: impl Fn(f64) -> f64) -> f64 {
    let mut k = guess.floor();
    if !(k >= 0.0) {
        k = 0.0;
    }
    if k > max {
        k = max;
    }
    // Bracket: cdf(lo) < p (lo = -1 stands for "below the support"), cdf(hi) >= p.
    let (mut lo, mut hi);
    if cdf(k) >= p {
        hi = k;
        lo = -1.0;
        let mut step = 1.0;
        while hi > 0.0 {
            let cand = (hi - step).max(0.0);
            if cdf(cand) < p {
                lo = cand;
                break;
            }
            hi = cand;
            step *= 2.0;
        }
    } else {
        lo = k;
        hi = max;
        let mut step = 1.0;
        while lo + step < max {
            let cand = lo + step;
            if cdf(cand) >= p {
                hi = cand;
                break;
            }
            lo = cand;
            step *= 2.0;
        }
    }
    while hi - lo > 1.0 {
        let mid = (lo + 0.5 * (hi - lo)).floor();
        if cdf(mid) >= p {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Brent's method (zeroin): a root of `f` in `[a, b]`, where `f(a)` and `f(b)` have
/// opposite signs (else `None`). Converges to `tol` in x.
pub(super) fn brent(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64, tol: f64) -> Option<f64> {
    let mut fa = f(a);
    let mut fb = f(b);
    if !(fa.is_finite() && fb.is_finite()) || fa * fb > 0.0 {
        return None;
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..200 {
        if fb * fc > 0.0 {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            if 2.0 * p < (3.0 * xm * q - (tol1 * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol1 { d } else { tol1.copysign(xm) };
        fb = f(b);
        if !fb.is_finite() {
            return None;
        }
    }
    Some(b)
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
