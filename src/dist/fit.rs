//! Fitting `beta_ci(p5, p95)`: the beta distribution on `[0, 1]` whose 5th and 95th
//! percentiles are `p5` and `p95`.
//!
//! Method: parametrise the beta by its mean `m = a / (a + b)` and concentration
//! `k = a + b`, working in `u = logit(m)` and `v = ln k`.
//!
//! 1. Inner solve: for fixed `k`, `F(p5)` decreases in `m`, so Brent's method on `u`
//!    finds the mean that puts exactly 5% below `p5`.
//! 2. Outer solve: with the 5th percentile pinned, the 95th percentile shrinks towards
//!    `p5` as `k` grows, so `F(p95) - 0.95` is increasing in `v`; Brent's method on `v`.
//!
//! Both brackets are grown outwards from a normal moment-matching start
//! (`m0 = (p5 + p95) / 2`, `sd0 = (p95 - p5) / (2 z95)`, `k0 = m0 (1 - m0) / sd0² - 1`).
//! The result is accepted only if both percentiles are reproduced to 1e-6 (relative to
//! the distance from the nearer end of `[0, 1]`); otherwise [`DistError::BetaCiNoFit`].
//! Typical cost is a few hundred evaluations of the regularised incomplete beta.

use super::beta::Beta;
use super::numeric::{brent, check_finite, check_increasing, Z95};
use super::{DistError, Family};

/// Smallest and largest concentration `a + b` searched.
const LN_K_MIN: f64 = -13.8; // ≈ 1e-6
const LN_K_MAX: f64 = 23.0; // ≈ 1e10, where the incomplete beta switches to approximations
/// Range of `logit(mean)` searched.
const U_LIMIT: f64 = 60.0;

fn logistic(u: f64) -> f64 {
    1.0 / (1.0 + (-u).exp())
}

fn shapes(u: f64, v: f64) -> (f64, f64) {
    let k = v.exp();
    let m = logistic(u);
    // 1 - m computed without cancellation.
    let one_minus_m = logistic(-u);
    (m * k, one_minus_m * k)
}

fn beta_cdf(a: f64, b: f64, x: f64) -> f64 {
    if !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return f64::NAN;
    }
    Beta::unchecked(a, b, 0.0, 1.0).unit_cdf(x)
}

/// Solves `f(x) = 0` for a monotone `f` (increasing if `increasing`): steps from `x0`
/// in the direction of the root with doubling steps (clamped to `[min, max]`) until the
/// sign changes, then refines with Brent's method.
fn solve_from(
    f: impl Fn(f64) -> f64,
    x0: f64,
    step0: f64,
    (min, max): (f64, f64),
    increasing: bool,
    tol: f64,
) -> Option<f64> {
    let mut near = x0.clamp(min, max);
    let f0 = f(near);
    if !f0.is_finite() {
        return None;
    }
    if f0 == 0.0 {
        return Some(near);
    }
    let up = (f0 < 0.0) == increasing;
    let mut step = step0;
    loop {
        let far = if up {
            (near + step).min(max)
        } else {
            (near - step).max(min)
        };
        let ff = f(far);
        if !ff.is_finite() {
            return None;
        }
        if ff * f0 <= 0.0 {
            return brent(&f, near.min(far), near.max(far), tol);
        }
        if far <= min || far >= max {
            return None;
        }
        near = far;
        step *= 2.0;
    }
}

/// The logit-mean `u` with `F(p5) = 0.05` at concentration `e^v`.
fn inner(p5: f64, v: f64, u0: f64) -> Option<f64> {
    solve_from(
        |u| {
            let (a, b) = shapes(u, v);
            beta_cdf(a, b, p5) - 0.05
        },
        u0,
        0.25,
        (-U_LIMIT, U_LIMIT),
        false,
        1e-13,
    )
}

/// Fits `beta_ci(p5, p95)`; returns the shapes `(a, b)`.
/// Smallest distance of `beta_ci`'s percentiles from 0 and 1.
pub const BETA_CI_EDGE: f64 = 1e-6;

pub(super) fn fit_beta_ci(p5: f64, p95: f64) -> Result<(f64, f64), DistError> {
    let family = Family::BetaCi;
    check_finite(family, &[p5, p95])?;
    for (param, value) in [("p5", p5), ("p95", p95)] {
        if !(value > 0.0 && value < 1.0) {
            return Err(DistError::NotInOpenUnit {
                family,
                param,
                value,
            });
        }
    }
    check_increasing(family, p5, p95)?;
    let no_fit = DistError::BetaCiNoFit { p5, p95 };
    // Percentiles this close to 0 or 1 drive the incomplete-beta inversion into extreme shapes
    // where it does not finish in useful time; no analyst's 90% range needs them.
    if p5 < BETA_CI_EDGE || p95 > 1.0 - BETA_CI_EDGE {
        return Err(no_fit);
    }

    let m0 = 0.5 * (p5 + p95);
    let sd0 = (p95 - p5) / (2.0 * Z95);
    let k0 = (m0 * (1.0 - m0) / (sd0 * sd0) - 1.0).max(0.5);
    let u_start = (m0 / (1.0 - m0)).ln();
    let last_u = std::cell::Cell::new(u_start);
    let outer = |v: f64| match inner(p5, v, last_u.get()) {
        Some(u) => {
            last_u.set(u);
            let (a, b) = shapes(u, v);
            beta_cdf(a, b, p95) - 0.95
        }
        None => f64::NAN,
    };
    let v =
        solve_from(outer, k0.ln(), 0.5, (LN_K_MIN, LN_K_MAX), true, 1e-12).ok_or(no_fit.clone())?;
    let u = inner(p5, v, last_u.get()).ok_or(no_fit.clone())?;
    let (a, b) = shapes(u, v);
    if !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return Err(no_fit);
    }
    let fitted = Beta::unchecked(a, b, 0.0, 1.0);
    for (p, target) in [(0.05, p5), (0.95, p95)] {
        let q = fitted.unit_inverse_cdf(p);
        if !((q - target).abs() <= 1e-6 * target.min(1.0 - target)) {
            return Err(no_fit);
        }
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_percentiles() {
        for &(p5, p95) in &[
            (0.1, 0.3),
            (0.01, 0.05),
            (0.2, 0.9),
            (0.6, 0.99),
            (0.001, 0.999),
            (0.3, 0.31),
            (1e-6, 1e-3),
            (0.999, 0.9999),
            (0.05, 0.95),
        ] {
            let (a, b) = fit_beta_ci(p5, p95).expect("fits");
            let d = Beta::unchecked(a, b, 0.0, 1.0);
            for (p, t) in [(0.05, p5), (0.95, p95)] {
                let q = d.unit_inverse_cdf(p);
                assert!(
                    (q - t).abs() <= 1e-6 * t.min(1.0 - t),
                    "({p5}, {p95}): a = {a}, b = {b}, q{p} = {q}"
                );
            }
        }
    }

    #[test]
    fn rejects_bad_intervals() {
        assert!(matches!(
            fit_beta_ci(0.0, 0.5),
            Err(DistError::NotInOpenUnit { param: "p5", .. })
        ));
        assert!(matches!(
            fit_beta_ci(0.2, 1.0),
            Err(DistError::NotInOpenUnit { param: "p95", .. })
        ));
        assert!(matches!(
            fit_beta_ci(0.5, 0.4),
            Err(DistError::NotIncreasing { .. })
        ));
        assert!(matches!(
            fit_beta_ci(f64::NAN, 0.4),
            Err(DistError::NonFinite { .. })
        ));
    }
}
