//! Uniform and triangular families. Both sample from one uniform draw: the uniform by
//! scaling, the triangular by its closed-form inverse CDF.

use super::numeric::{check_finite, check_increasing};
use super::{DistError, Family};
use rand::Rng;

/// The continuous uniform distribution on `[lo, hi)`, `lo < hi`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Uniform {
    lo: f64,
    hi: f64,
    width: f64,
}

impl Uniform {
    /// Natural log of the density at `x`.
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        if x >= self.lo && x <= self.hi {
            -self.width.ln()
        } else {
            f64::NEG_INFINITY
        }
    }

    /// `uniform(lo, hi)`.
    pub(super) fn new(lo: f64, hi: f64) -> Result<Self, DistError> {
        let family = Family::Uniform;
        check_finite(family, &[lo, hi])?;
        check_increasing(family, lo, hi)?;
        let width = hi - lo;
        if !width.is_finite() {
            return Err(DistError::NonFinite {
                family,
                param: "hi",
                value: width,
            });
        }
        Ok(Uniform { lo, hi, width })
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.lo + self.width * rng.random::<f64>()
    }

    pub(super) fn mean(&self) -> f64 {
        0.5 * self.lo + 0.5 * self.hi
    }

    pub(super) fn variance(&self) -> f64 {
        self.width * self.width / 12.0
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            f64::NAN
        } else {
            ((x - self.lo) / self.width).clamp(0.0, 1.0)
        }
    }

    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        self.lo + self.width * p
    }
}

/// The triangular distribution on `[lo, hi]` with mode `mode`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Triangular {
    lo: f64,
    mode: f64,
    hi: f64,
    /// CDF at the mode: `(mode - lo) / (hi - lo)`.
    f_mode: f64,
    /// `(hi - lo) * (mode - lo)`.
    left: f64,
    /// `(hi - lo) * (hi - mode)`.
    right: f64,
}

/// Checks `lo <= mode <= hi` and `lo < hi` for `triangular` and `pert`.
pub(super) fn check_lo_mode_hi(
    family: Family,
    lo: f64,
    mode: f64,
    hi: f64,
) -> Result<(), DistError> {
    check_finite(family, &[lo, mode, hi])?;
    check_increasing(family, lo, hi)?;
    if !(lo <= mode && mode <= hi) {
        return Err(DistError::ModeOutside {
            family,
            lo,
            mode,
            hi,
        });
    }
    if !(hi - lo).is_finite() {
        return Err(DistError::NonFinite {
            family,
            param: "hi",
            value: hi - lo,
        });
    }
    Ok(())
}

impl Triangular {
    /// Natural log of the density at `x`.
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        let d = if x < self.lo || x > self.hi {
            0.0
        } else if x < self.mode {
            2.0 * (x - self.lo) / self.left
        } else if x > self.mode {
            2.0 * (self.hi - x) / self.right
        } else {
            2.0 / (self.hi - self.lo)
        };
        d.ln()
    }

    /// `triangular(lo, mode, hi)`.
    pub(super) fn new(lo: f64, mode: f64, hi: f64) -> Result<Self, DistError> {
        check_lo_mode_hi(Family::Triangular, lo, mode, hi)?;
        let width = hi - lo;
        Ok(Triangular {
            lo,
            mode,
            hi,
            f_mode: (mode - lo) / width,
            left: width * (mode - lo),
            right: width * (hi - mode),
        })
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.quantile(rng.random::<f64>())
    }

    #[inline]
    fn quantile(&self, u: f64) -> f64 {
        if u < self.f_mode {
            self.lo + (u * self.left).sqrt()
        } else {
            self.hi - ((1.0 - u) * self.right).sqrt()
        }
    }

    pub(super) fn mean(&self) -> f64 {
        (self.lo + self.mode + self.hi) / 3.0
    }

    pub(super) fn variance(&self) -> f64 {
        let (a, c, b) = (self.lo, self.mode, self.hi);
        (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            f64::NAN
        } else if x <= self.lo {
            0.0
        } else if x >= self.hi {
            1.0
        } else if x <= self.mode {
            let d = x - self.lo;
            d * d / self.left
        } else {
            let d = self.hi - x;
            1.0 - d * d / self.right
        }
    }

    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        self.quantile(p)
    }
}
