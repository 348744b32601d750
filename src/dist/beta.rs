//! The beta family and the PERT distribution (a beta scaled to `[lo, hi]`).
//!
//! A beta draw is `X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)` from the precomputed
//! Marsaglia–Tsang samplers in [`super::gamma`]. When both shapes are tiny (< 0.05),
//! where both draws could underflow, the ratio is formed from the logs of the gamma
//! draws so it cannot become `0 / 0`.
//!
//! PERT (lambda = 4): `alpha = 1 + 4 (mode - lo) / (hi - lo)`,
//! `beta = 1 + 4 (hi - mode) / (hi - lo)`, scaled to `[lo, hi]`.

use super::gamma::StdGamma;
use super::numeric::{beta_reg, check_finite, check_positive, invert_continuous};
use super::uniform::check_lo_mode_hi;
use super::{DistError, Family};
use rand::Rng;
use statrs::function::beta::{inv_beta_reg, ln_beta};

/// Both shapes below this: form the ratio in log space. With one shape >= 0.05 the
/// other gamma draw may underflow to 0 (giving 0 or 1, correct to rounding), but both
/// cannot (probability below 1e-30), so `x / (x + y)` is never `0 / 0`.
const LOG_SPACE_BELOW: f64 = 0.05;

/// A beta(a, b) distribution scaled to `[lo, lo + width]` (`[0, 1]` for plain beta).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Beta {
    a: f64,
    b: f64,
    ga: StdGamma,
    gb: StdGamma,
    /// Both shapes tiny: combine the gamma draws in log space.
    log_space: bool,
    lo: f64,
    width: f64,
}

impl Beta {
    /// Natural log of the density at `x` (on the scaled support).
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        let y = (x - self.lo) / self.width;
        if !(0.0..=1.0).contains(&y) {
            return f64::NEG_INFINITY;
        }
        let (a, b) = (self.a, self.b);
        let t = |s: f64, v: f64| if s == 1.0 { 0.0 } else { (s - 1.0) * v.ln() };
        t(a, y) + t(b, 1.0 - y) - statrs::function::beta::ln_beta(a, b) - self.width.ln()
    }

    /// `beta(a, b)`.
    pub(super) fn new(a: f64, b: f64) -> Result<Self, DistError> {
        let family = Family::Beta;
        check_finite(family, &[a, b])?;
        check_positive(family, "a", a)?;
        check_positive(family, "b", b)?;
        Ok(Self::unchecked(a, b, 0.0, 1.0))
    }

    /// `pert(lo, mode, hi)`.
    pub(super) fn pert(lo: f64, mode: f64, hi: f64) -> Result<Self, DistError> {
        check_lo_mode_hi(Family::Pert, lo, mode, hi)?;
        let width = hi - lo;
        let alpha = 1.0 + 4.0 * (mode - lo) / width;
        let beta = 1.0 + 4.0 * (hi - mode) / width;
        Ok(Self::unchecked(alpha, beta, lo, width))
    }

    /// Shapes must be positive and finite, `width > 0`.
    pub(super) fn unchecked(a: f64, b: f64, lo: f64, width: f64) -> Self {
        let ga = StdGamma::new(a);
        let gb = StdGamma::new(b);
        Beta {
            a,
            b,
            ga,
            gb,
            log_space: a < LOG_SPACE_BELOW && b < LOG_SPACE_BELOW,
            lo,
            width,
        }
    }

    pub(super) fn shapes(&self) -> (f64, f64) {
        (self.a, self.b)
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let t = if self.log_space {
            let lx = self.ga.sample_ln(rng);
            let ly = self.gb.sample_ln(rng);
            // x / (x + y) = 1 / (1 + e^(ly - lx)), computed on the side that cannot overflow.
            if lx == f64::NEG_INFINITY && ly == f64::NEG_INFINITY {
                // Both draws underflow even in log space (shapes below ~1e-307): the
                // beta is then Bernoulli(a / (a + b)) to within rounding.
                let pick_x = rng.random::<f64>() * (self.a + self.b) < self.a;
                if pick_x {
                    1.0
                } else {
                    0.0
                }
            } else if lx >= ly {
                1.0 / (1.0 + (ly - lx).exp())
            } else {
                let e = (lx - ly).exp();
                e / (1.0 + e)
            }
        } else {
            let x = self.ga.sample(rng);
            let y = self.gb.sample(rng);
            x / (x + y)
        };
        self.lo + self.width * t
    }

    pub(super) fn mean(&self) -> f64 {
        self.lo + self.width * self.a / (self.a + self.b)
    }

    pub(super) fn variance(&self) -> f64 {
        let s = self.a + self.b;
        self.width * self.width * self.a * self.b / (s * s * (s + 1.0))
    }

    /// CDF of the unscaled beta on `[0, 1]`.
    pub(super) fn unit_cdf(&self, t: f64) -> f64 {
        if t.is_nan() {
            f64::NAN
        } else if !(t > 0.0) {
            0.0
        } else if !(t < 1.0) {
            1.0
        } else {
            beta_reg(self.a, self.b, t)
        }
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        self.unit_cdf((x - self.lo) / self.width)
    }

    /// Quantile of the unscaled beta: statrs' AS 109 estimate, polished by safeguarded
    /// Newton on the regularised incomplete beta function.
    pub(super) fn unit_inverse_cdf(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 0.0 || p == 1.0 {
            return p;
        }
        // statrs' AS 109 estimate can take unbounded time for very large shapes and for tiny
        // ones (a = 5e-324 never returned); there a normal approximation is a good enough start
        // for the safeguarded Newton below.
        let guess = if self.a + self.b < 1e4 && self.a.min(self.b) >= 1e-3 {
            inv_beta_reg(self.a, self.b, p)
        } else {
            let (a, b) = (self.a, self.b);
            let mean = a / (a + b);
            let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
            let z = -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p);
            (mean + sd * z).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON)
        };
        let ln_b = ln_beta(self.a, self.b);
        let (a, b) = (self.a, self.b);
        invert_continuous(
            p,
            0.0,
            1.0,
            guess,
            |t| self.unit_cdf(t),
            |t| ((a - 1.0) * t.ln() + (b - 1.0) * (-t).ln_1p() - ln_b).exp(),
        )
    }

    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        self.lo + self.width * self.unit_inverse_cdf(p)
    }
}
