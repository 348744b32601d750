//! Discrete families: Poisson and binomial. Sampling uses `rand_distr`'s samplers
//! (constructed once, in `Dist::new`); CDFs use the regularised incomplete gamma and
//! beta functions (statrs, wrapped in [`super::numeric`] for tiny and huge arguments):
//!
//! * Poisson: `P(X <= k) = Q(k + 1, mean)` (upper regularised gamma; Wilson–Hilferty
//!   approximation for `k > 1e8`).
//! * Binomial: `P(X <= k) = I_{1-p}(n - k, k + 1)` (regularised incomplete beta,
//!   [`super::numeric::beta_reg`], accurate for large `n`).

use super::numeric::{beta_reg, check_finite, gamma_ur, invert_discrete, std_normal_quantile};
use super::{DistError, Family};
use rand::Rng;
use rand_distr::Distribution;

/// Largest Poisson mean accepted.
pub(super) const POISSON_MAX_MEAN: f64 = 1e15;
/// Largest binomial `n` accepted: 2^53, beyond which not every whole number is an `f64`.
pub(super) const BINOMIAL_MAX_N: f64 = 9_007_199_254_740_992.0;

/// The Poisson distribution with `0 <= mean < 1e15`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Poisson {
    mean: f64,
    /// `None` when `mean == 0` (every draw is 0).
    sampler: Option<rand_distr::Poisson<f64>>,
}

impl Poisson {
    /// Natural log of the probability of `x` (−∞ unless `x` is a whole number ≥ 0).
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        if !(x >= 0.0) || x.fract() != 0.0 {
            return f64::NEG_INFINITY;
        }
        if self.mean == 0.0 {
            return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
        }
        x * self.mean.ln() - self.mean - statrs::function::gamma::ln_gamma(x + 1.0)
    }

    /// `poisson(mean)`.
    pub(super) fn new(mean: f64) -> Result<Self, DistError> {
        let family = Family::Poisson;
        check_finite(family, &[mean])?;
        if !(mean >= 0.0) {
            return Err(DistError::Negative {
                family,
                param: "mean",
                value: mean,
            });
        }
        if !(mean < POISSON_MAX_MEAN) {
            return Err(DistError::TooLarge {
                family,
                param: "mean",
                value: mean,
                max: POISSON_MAX_MEAN,
            });
        }
        let sampler = if mean > 0.0 {
            Some(
                rand_distr::Poisson::new(mean).map_err(|_| DistError::TooLarge {
                    family,
                    param: "mean",
                    value: mean,
                    max: POISSON_MAX_MEAN,
                })?,
            )
        } else {
            None
        };
        Ok(Poisson { mean, sampler })
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.sampler {
            Some(s) => s.sample(rng),
            None => 0.0,
        }
    }

    pub(super) fn mean(&self) -> f64 {
        self.mean
    }

    pub(super) fn variance(&self) -> f64 {
        self.mean
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if x < 0.0 {
            return 0.0;
        }
        if self.mean == 0.0 || x == f64::INFINITY {
            return 1.0;
        }
        gamma_ur(x.floor() + 1.0, self.mean)
    }

    pub(super) fn inverse_cdf(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 1.0 {
            return if self.mean == 0.0 { 0.0 } else { f64::INFINITY };
        }
        if self.mean == 0.0 || p == 0.0 {
            return 0.0;
        }
        let guess = self.mean + self.mean.sqrt() * std_normal_quantile(p);
        invert_discrete(p, guess, f64::INFINITY, |k| self.cdf(k))
    }
}

/// The binomial distribution with `n` trials (a whole number, `0 <= n <= 2^53`) and
/// success probability `p` in `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Binomial {
    n: f64,
    p: f64,
    sampler: rand_distr::Binomial,
}

impl Binomial {
    /// Natural log of the probability of `x` (−∞ unless `x` is a whole number in 0..=n).
    pub(super) fn ln_pdf(&self, x: f64) -> f64 {
        if !(x >= 0.0 && x <= self.n) || x.fract() != 0.0 {
            return f64::NEG_INFINITY;
        }
        let (n, p) = (self.n, self.p);
        let lg = statrs::function::gamma::ln_gamma;
        let choose = lg(n + 1.0) - lg(x + 1.0) - lg(n - x + 1.0);
        let term = |k: f64, q: f64| if k == 0.0 { 0.0 } else { k * q.ln() };
        choose + term(x, p) + term(n - x, 1.0 - p)
    }

    /// `binomial(n, p)`.
    pub(super) fn new(n: f64, p: f64) -> Result<Self, DistError> {
        let family = Family::Binomial;
        check_finite(family, &[n, p])?;
        if !(n >= 0.0) {
            return Err(DistError::Negative {
                family,
                param: "n",
                value: n,
            });
        }
        if n.fract() != 0.0 {
            return Err(DistError::NotWhole {
                family,
                param: "n",
                value: n,
            });
        }
        if !(n <= BINOMIAL_MAX_N) {
            return Err(DistError::TooLarge {
                family,
                param: "n",
                value: n,
                max: BINOMIAL_MAX_N,
            });
        }
        if !((0.0..=1.0).contains(&p)) {
            return Err(DistError::NotProbability {
                family,
                param: "p",
                value: p,
            });
        }
        let sampler =
            rand_distr::Binomial::new(n as u64, p).map_err(|_| DistError::NotProbability {
                family,
                param: "p",
                value: p,
            })?;
        Ok(Binomial { n, p, sampler })
    }

    pub(super) fn params(&self) -> (f64, f64) {
        (self.n, self.p)
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sampler.sample(rng) as f64
    }

    pub(super) fn mean(&self) -> f64 {
        self.n * self.p
    }

    pub(super) fn variance(&self) -> f64 {
        self.n * self.p * (1.0 - self.p)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if x < 0.0 {
            return 0.0;
        }
        let k = x.floor();
        if k >= self.n || self.p == 0.0 {
            return 1.0;
        }
        if self.p == 1.0 {
            return 0.0;
        }
        beta_reg(self.n - k, k + 1.0, 1.0 - self.p)
    }

    pub(super) fn inverse_cdf(&self, q: f64) -> f64 {
        if !(0.0..=1.0).contains(&q) {
            return f64::NAN;
        }
        if q == 0.0 || self.p == 0.0 {
            return 0.0;
        }
        if q == 1.0 {
            return self.n;
        }
        let guess = self.mean() + self.variance().sqrt() * std_normal_quantile(q);
        invert_discrete(q, guess, self.n, |k| self.cdf(k))
    }
}
