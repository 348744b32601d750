//! The gamma family, sampled with Marsaglia & Tsang (2000), "A simple method for
//! generating gamma variables", ACM TOMS 26(3): one standard normal and one uniform
//! per attempt (acceptance > 95% for shape >= 1). For shape < 1 a Gamma(shape + 1)
//! draw is boosted by `U^(1/shape)`. The constants `d` and `c` are precomputed.
//!
//! The standard-gamma sampler is also the building block of the beta family.

use super::numeric::{
    check_finite, check_positive, gamma_lr, invert_continuous, std_normal_quantile,
};
use super::{DistError, Family};
use rand::Rng;
use rand_distr::StandardNormal;
use statrs::function::gamma::ln_gamma;

/// A unit-scale gamma sampler with precomputed Marsaglia–Tsang constants.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct StdGamma {
    shape: f64,
    /// `d = shape' - 1/3`, where `shape' = shape` (or `shape + 1` when `shape < 1`).
    d: f64,
    /// `c = 1 / sqrt(9 d)`.
    c: f64,
    /// `1 / shape` when `shape < 1` (boost exponent), else 0.
    inv_shape: f64,
}

impl StdGamma {
    /// Requires `shape > 0` and finite (checked by callers).
    pub(super) fn new(shape: f64) -> Self {
        let (boosted, inv_shape) = if shape < 1.0 {
            (shape + 1.0, 1.0 / shape)
        } else {
            (shape, 0.0)
        };
        let d = boosted - 1.0 / 3.0;
        StdGamma {
            shape,
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            inv_shape,
        }
    }

    /// Whether `shape < 1` (draws are boosted, and may underflow to 0).
    #[inline]
    fn is_small(&self) -> bool {
        self.inv_shape > 0.0
    }

    /// A Gamma(shape', 1) draw by Marsaglia–Tsang, without the small-shape boost.
    #[inline]
    fn marsaglia<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let x: f64 = rng.sample(StandardNormal);
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u: f64 = rng.random();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln()) {
                return self.d * v;
            }
        }
    }

    /// A Gamma(shape, 1) draw.
    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = self.marsaglia(rng);
        if self.is_small() {
            // U in (0, 1] so the power is never 0^x from a zero uniform.
            let u = 1.0 - rng.random::<f64>();
            g * u.powf(self.inv_shape)
        } else {
            g
        }
    }

    /// The natural log of a Gamma(shape, 1) draw, which does not underflow for tiny shapes.
    #[inline]
    pub(super) fn sample_ln<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = self.marsaglia(rng).ln();
        if self.is_small() {
            let u = 1.0 - rng.random::<f64>();
            g + u.ln() * self.inv_shape
        } else {
            g
        }
    }
}

/// The gamma distribution with `shape > 0` and `scale > 0` (mean `shape * scale`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Gamma {
    std: StdGamma,
    scale: f64,
}

impl Gamma {
    /// Natural log of the density at `x`.
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        if !(x >= 0.0) {
            return f64::NEG_INFINITY;
        }
        let k = self.std.shape;
        let t = x / self.scale;
        let lead = if k == 1.0 { 0.0 } else { (k - 1.0) * t.ln() };
        lead - t - statrs::function::gamma::ln_gamma(k) - self.scale.ln()
    }

    /// `gamma(shape, scale)`.
    pub(super) fn new(shape: f64, scale: f64) -> Result<Self, DistError> {
        let family = Family::Gamma;
        check_finite(family, &[shape, scale])?;
        check_positive(family, "shape", shape)?;
        check_positive(family, "scale", scale)?;
        Ok(Gamma {
            std: StdGamma::new(shape),
            scale,
        })
    }

    pub(super) fn params(&self) -> (f64, f64) {
        (self.std.shape, self.scale)
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.std.sample(rng) * self.scale
    }

    pub(super) fn mean(&self) -> f64 {
        self.std.shape * self.scale
    }

    pub(super) fn variance(&self) -> f64 {
        self.std.shape * self.scale * self.scale
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if !(x > 0.0) {
            return 0.0;
        }
        gamma_lr(self.std.shape, x / self.scale)
    }

    fn pdf(&self, x: f64) -> f64 {
        let k = self.std.shape;
        let t = x / self.scale;
        ((k - 1.0) * t.ln() - t - ln_gamma(k)).exp() / self.scale
    }

    /// Numerical: safeguarded Newton from the Wilson–Hilferty approximation.
    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 0.0 {
            return 0.0;
        }
        if p == 1.0 {
            return f64::INFINITY;
        }
        let k = self.std.shape;
        let z = std_normal_quantile(p);
        let w = 1.0 - 1.0 / (9.0 * k) + z / (3.0 * k.sqrt());
        let guess = k * w * w * w * self.scale;
        // At least the smallest normal number: with tiny shapes and scales the mean, the sd
        // and the guess underflow to 0 (or NaN), and doubling 0 would never end.
        let mut hi = (self.mean() + 10.0 * self.variance().sqrt())
            .max(guess)
            .max(f64::MIN_POSITIVE);
        while self.cdf(hi) < p && hi.is_finite() {
            hi *= 2.0;
        }
        if !hi.is_finite() {
            hi = f64::MAX;
        }
        invert_continuous(p, 0.0, hi, guess, |x| self.cdf(x), |x| self.pdf(x))
    }
}
