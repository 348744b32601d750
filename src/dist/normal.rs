//! Normal and lognormal families, including the percentile forms `normal_ci(p5, p95)`
//! and Squiggle's `a to b` (the lognormal with 5th percentile `a` and 95th `b`).
//!
//! Sampling uses `rand_distr::StandardNormal` (ziggurat); a lognormal draw is
//! `exp(mu + sigma * z)`.

use super::numeric::{
    check_finite, check_increasing, check_positive, std_normal_cdf, std_normal_quantile, Z95,
};
use super::{DistError, Family};
use rand::Rng;
use rand_distr::StandardNormal;

/// A normal distribution with mean `mean` and standard deviation `sd > 0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Normal {
    mean: f64,
    sd: f64,
}

impl Normal {
    /// Natural log of the density at `x`.
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.mean) / self.sd;
        -0.5 * z * z - self.sd.ln() - 0.918_938_533_204_672_8
    }

    /// `normal(mean, sd)`.
    pub(super) fn new(mean: f64, sd: f64) -> Result<Self, DistError> {
        let family = Family::Normal;
        check_finite(family, &[mean, sd])?;
        check_positive(family, "sd", sd)?;
        Ok(Normal { mean, sd })
    }

    /// `normal_ci(p5, p95)`: mean is the midpoint, sd = (p95 - p5) / (2 z95).
    pub(super) fn from_ci(p5: f64, p95: f64) -> Result<Self, DistError> {
        let family = Family::NormalCi;
        check_finite(family, &[p5, p95])?;
        check_increasing(family, p5, p95)?;
        let sd = (p95 - p5) / (2.0 * Z95);
        if !(sd > 0.0 && sd.is_finite()) {
            // Only reachable when p95 - p5 overflows or underflows.
            return Err(DistError::NotIncreasing {
                family,
                lo_name: "p5",
                lo: p5,
                hi_name: "p95",
                hi: p95,
            });
        }
        Ok(Normal {
            mean: 0.5 * p5 + 0.5 * p95,
            sd,
        })
    }

    pub(super) fn params(&self) -> (f64, f64) {
        (self.mean, self.sd)
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = rng.sample(StandardNormal);
        self.mean + self.sd * z
    }

    pub(super) fn mean(&self) -> f64 {
        self.mean
    }

    pub(super) fn variance(&self) -> f64 {
        self.sd * self.sd
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        std_normal_cdf((x - self.mean) / self.sd)
    }

    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        self.mean + self.sd * std_normal_quantile(p)
    }
}

/// A lognormal distribution: `exp(N(mu, sigma))`, `sigma > 0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// Natural log of the density at `x` (−∞ for x ≤ 0).
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        if !(x > 0.0) {
            return f64::NEG_INFINITY;
        }
        let z = (x.ln() - self.mu) / self.sigma;
        -0.5 * z * z - self.sigma.ln() - x.ln() - 0.918_938_533_204_672_8
    }

    /// `lognormal(mu, sigma)`, parameters of the log.
    pub(super) fn new(mu: f64, sigma: f64) -> Result<Self, DistError> {
        let family = Family::LogNormal;
        check_finite(family, &[mu, sigma])?;
        check_positive(family, "sigma", sigma)?;
        Ok(LogNormal { mu, sigma })
    }

    /// `a to b`: 5th percentile `a`, 95th `b`, `0 < a < b`.
    /// mu = (ln a + ln b) / 2, sigma = (ln b - ln a) / (2 z95).
    pub(super) fn from_to(a: f64, b: f64) -> Result<Self, DistError> {
        check_finite(Family::To, &[a, b])?;
        if !(a > 0.0) {
            return Err(DistError::ToNotPositive { a, b });
        }
        if !(a < b) {
            return Err(DistError::ToNotIncreasing { a, b });
        }
        let (la, lb) = (a.ln(), b.ln());
        let sigma = (lb - la) / (2.0 * Z95);
        if !(sigma > 0.0) {
            // a and b so close that their logs coincide.
            return Err(DistError::ToNotIncreasing { a, b });
        }
        Ok(LogNormal {
            mu: 0.5 * (la + lb),
            sigma,
        })
    }

    pub(super) fn params(&self) -> (f64, f64) {
        (self.mu, self.sigma)
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = rng.sample(StandardNormal);
        (self.mu + self.sigma * z).exp()
    }

    pub(super) fn mean(&self) -> f64 {
        (self.mu + 0.5 * self.sigma * self.sigma).exp()
    }

    pub(super) fn variance(&self) -> f64 {
        let s2 = self.sigma * self.sigma;
        s2.exp_m1() * (2.0 * self.mu + s2).exp()
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if !(x > 0.0) {
            return 0.0;
        }
        std_normal_cdf((x.ln() - self.mu) / self.sigma)
    }

    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        (self.mu + self.sigma * std_normal_quantile(p)).exp()
    }
}
