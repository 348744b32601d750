//! Distribution families: parameter checks, sampling, CDFs and quantiles.
//!
//! [`Dist::new`] validates a [`Family`] and its parameters once (returning a typed
//! [`DistError`] whose message names the family, the parameter and what is allowed);
//! the resulting [`Dist`] is immutable and cheap to sample. Construction allocates
//! nothing and is cheap for every family except `beta_ci`, which fits a beta
//! numerically (method described on [`Dist::new`]).
//!
//! Samplers (chosen for speed, 10^7 draws well under a second):
//! normal: `rand_distr::StandardNormal` (ziggurat); lognormal / `a to b`: `exp` of a
//! normal; uniform: one `f64`; triangular: closed-form inverse CDF; gamma:
//! Marsaglia–Tsang; beta / pert / `beta_ci`: ratio of two gamma draws; poisson and
//! binomial: `rand_distr`'s samplers. CDFs use statrs' special functions.

// STYLE.md: parameter checks are written `if !(x > 0.0)` so that NaN fails them;
// that is exactly the pattern this lint discourages.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod beta;
mod discrete;
mod error;
mod family;
mod fit;
mod gamma;
mod normal;
mod numeric;
mod sum;
#[cfg(test)]
mod tests;
mod uniform;

pub use error::DistError;
pub use family::Family;
pub use sum::{sample_sum, sample_sum_loop, sum_shortcut};

use beta::Beta;
use discrete::{Binomial, Poisson};
use gamma::Gamma;
use normal::{LogNormal, Normal};
use numeric::fmt_num;
use rand::Rng;
use uniform::{Triangular, Uniform};

/// The validated sampler behind a [`Dist`].
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Normal(Normal),
    LogNormal(LogNormal),
    Uniform(Uniform),
    Triangular(Triangular),
    Beta(Beta),
    Gamma(Gamma),
    Poisson(Poisson),
    Binomial(Binomial),
}

/// A distribution with validated parameters, ready to sample.
///
/// Immutable; construct with [`Dist::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct Dist {
    family: Family,
    /// The parameters as given (only the first `family.arity()` are meaningful).
    params: [f64; 3],
    kind: Kind,
}

impl Dist {
    /// Validates `params` for `family` and builds the distribution.
    ///
    /// Parameters are in the order of [`Family::param_names`]. Cheap (no allocation)
    /// for every family except [`Family::BetaCi`], which fits a beta numerically:
    /// mean and concentration are solved for by nested Brent root-finding on the
    /// regularised incomplete beta, and the fit is accepted only if it reproduces
    /// both percentiles to 1e-6.
    ///
    /// # Errors
    ///
    /// * [`DistError::Arity`] if `params.len()` differs from the family's arity;
    /// * [`DistError::NonFinite`] for a NaN or infinite parameter;
    /// * otherwise the family's own check, e.g. [`DistError::NotPositive`] for
    ///   `beta(a, b)` with `a <= 0`, [`DistError::NotIncreasing`] for `uniform(3, 3)`,
    ///   [`DistError::NotWhole`] for `binomial(2.5, p)`, [`DistError::ToNotPositive`]
    ///   for `0 to 5`, or [`DistError::BetaCiNoFit`] if no beta matches.
    pub fn new(family: Family, params: &[f64]) -> Result<Dist, DistError> {
        let expected = family.arity();
        if params.len() != expected {
            return Err(DistError::Arity {
                family,
                expected,
                got: params.len(),
            });
        }
        let p = |i: usize| params[i];
        let kind = match family {
            Family::Normal => Kind::Normal(Normal::new(p(0), p(1))?),
            Family::NormalCi => Kind::Normal(Normal::from_ci(p(0), p(1))?),
            Family::LogNormal => Kind::LogNormal(LogNormal::new(p(0), p(1))?),
            Family::To => Kind::LogNormal(LogNormal::from_to(p(0), p(1))?),
            Family::Uniform => Kind::Uniform(Uniform::new(p(0), p(1))?),
            Family::Triangular => Kind::Triangular(Triangular::new(p(0), p(1), p(2))?),
            Family::Pert => Kind::Beta(Beta::pert(p(0), p(1), p(2))?),
            Family::Beta => Kind::Beta(Beta::new(p(0), p(1))?),
            Family::BetaCi => {
                let (a, b) = fit::fit_beta_ci(p(0), p(1))?;
                Kind::Beta(Beta::unchecked(a, b, 0.0, 1.0))
            }
            Family::Gamma => Kind::Gamma(Gamma::new(p(0), p(1))?),
            Family::Poisson => Kind::Poisson(Poisson::new(p(0))?),
            Family::Binomial => Kind::Binomial(Binomial::new(p(0), p(1))?),
        };
        let mut stored = [0.0; 3];
        stored[..expected].copy_from_slice(params);
        Ok(Dist {
            family,
            params: stored,
            kind,
        })
    }

    /// The family this distribution was built from.
    pub fn family(&self) -> Family {
        self.family
    }

    /// The parameters as given to [`Dist::new`] (e.g. `[5000, 8000]` for `5000 to 8000`).
    pub fn params(&self) -> &[f64] {
        &self.params[..self.family.arity()]
    }

    /// One draw. Discrete families return whole numbers as `f64`.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match &self.kind {
            Kind::Normal(d) => d.sample(rng),
            Kind::LogNormal(d) => d.sample(rng),
            Kind::Uniform(d) => d.sample(rng),
            Kind::Triangular(d) => d.sample(rng),
            Kind::Beta(d) => d.sample(rng),
            Kind::Gamma(d) => d.sample(rng),
            Kind::Poisson(d) => d.sample(rng),
            Kind::Binomial(d) => d.sample(rng),
        }
    }

    /// Fills `out` with draws: the same stream as calling [`Dist::sample`] repeatedly,
    /// with the family dispatch hoisted out of the loop.
    pub fn fill<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        macro_rules! fill_with {
            ($d:expr) => {
                for x in out.iter_mut() {
                    *x = $d.sample(rng);
                }
            };
        }
        match &self.kind {
            Kind::Normal(d) => fill_with!(d),
            Kind::LogNormal(d) => fill_with!(d),
            Kind::Uniform(d) => fill_with!(d),
            Kind::Triangular(d) => fill_with!(d),
            Kind::Beta(d) => fill_with!(d),
            Kind::Gamma(d) => fill_with!(d),
            Kind::Poisson(d) => fill_with!(d),
            Kind::Binomial(d) => fill_with!(d),
        }
    }

    /// The mean (closed form).
    pub fn mean(&self) -> f64 {
        match &self.kind {
            Kind::Normal(d) => d.mean(),
            Kind::LogNormal(d) => d.mean(),
            Kind::Uniform(d) => d.mean(),
            Kind::Triangular(d) => d.mean(),
            Kind::Beta(d) => d.mean(),
            Kind::Gamma(d) => d.mean(),
            Kind::Poisson(d) => d.mean(),
            Kind::Binomial(d) => d.mean(),
        }
    }

    /// The variance (closed form).
    pub fn variance(&self) -> f64 {
        match &self.kind {
            Kind::Normal(d) => d.variance(),
            Kind::LogNormal(d) => d.variance(),
            Kind::Uniform(d) => d.variance(),
            Kind::Triangular(d) => d.variance(),
            Kind::Beta(d) => d.variance(),
            Kind::Gamma(d) => d.variance(),
            Kind::Poisson(d) => d.variance(),
            Kind::Binomial(d) => d.variance(),
        }
    }

    /// `P(X <= x)`. For discrete families this is the CDF at `floor(x)`.
    /// NaN for NaN `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        match &self.kind {
            Kind::Normal(d) => d.cdf(x),
            Kind::LogNormal(d) => d.cdf(x),
            Kind::Uniform(d) => d.cdf(x),
            Kind::Triangular(d) => d.cdf(x),
            Kind::Beta(d) => d.cdf(x),
            Kind::Gamma(d) => d.cdf(x),
            Kind::Poisson(d) => d.cdf(x),
            Kind::Binomial(d) => d.cdf(x),
        }
    }

    /// The quantile function, for `p` in `(0, 1)`.
    ///
    /// For discrete families it is the smallest whole `k` with `cdf(k) >= p`. At `p = 0`
    /// and `p = 1` it returns the ends of the support (possibly infinite); NaN for `p`
    /// outside `[0, 1]`. Closed form for normal, lognormal, uniform and triangular;
    /// numerical (safeguarded Newton or integer search, to rounding level) otherwise.
    pub fn inverse_cdf(&self, p: f64) -> f64 {
        match &self.kind {
            Kind::Normal(d) => d.inverse_cdf(p),
            Kind::LogNormal(d) => d.inverse_cdf(p),
            Kind::Uniform(d) => d.inverse_cdf(p),
            Kind::Triangular(d) => d.inverse_cdf(p),
            Kind::Beta(d) => d.inverse_cdf(p),
            Kind::Gamma(d) => d.inverse_cdf(p),
            Kind::Poisson(d) => d.inverse_cdf(p),
            Kind::Binomial(d) => d.inverse_cdf(p),
        }
    }

    /// Natural log of the density (continuous families) or probability (discrete families)
    /// at `x`; −∞ outside the support. Used as the likelihood of observed evidence.
    pub fn ln_pdf(&self, x: f64) -> f64 {
        match &self.kind {
            Kind::Normal(d) => d.ln_pdf(x),
            Kind::LogNormal(d) => d.ln_pdf(x),
            Kind::Uniform(d) => d.ln_pdf(x),
            Kind::Triangular(d) => d.ln_pdf(x),
            Kind::Beta(d) => d.ln_pdf(x),
            Kind::Gamma(d) => d.ln_pdf(x),
            Kind::Poisson(d) => d.ln_pdf(x),
            Kind::Binomial(d) => d.ln_pdf(x),
        }
    }

    /// Whether draws are whole numbers (`poisson`, `binomial`).
    pub fn is_discrete(&self) -> bool {
        self.family.is_discrete()
    }

    /// Canonical form for reports, with three significant digits, e.g.
    /// `"lognormal(mu=8.79, sigma=0.0634)"`.
    ///
    /// Derived forms are shown as the distribution they define: `a to b` as its
    /// lognormal, `normal_ci` as its normal, `beta_ci` as its fitted beta. The given
    /// form is available from [`Dist::family`] and [`Dist::params`].
    pub fn describe(&self) -> String {
        let pr = self.params();
        let named = |name: &str, vals: &[(&str, f64)]| {
            let inner: Vec<String> = vals
                .iter()
                .map(|(k, v)| format!("{k}={}", fmt_num(*v)))
                .collect();
            format!("{name}({})", inner.join(", "))
        };
        match (&self.kind, self.family) {
            (Kind::Normal(d), _) => {
                let (m, s) = d.params();
                named("normal", &[("mean", m), ("sd", s)])
            }
            (Kind::LogNormal(d), _) => {
                let (m, s) = d.params();
                named("lognormal", &[("mu", m), ("sigma", s)])
            }
            (Kind::Beta(d), Family::Beta | Family::BetaCi) => {
                let (a, b) = d.shapes();
                named("beta", &[("a", a), ("b", b)])
            }
            (Kind::Gamma(d), _) => {
                let (k, s) = d.params();
                named("gamma", &[("shape", k), ("scale", s)])
            }
            (Kind::Binomial(d), _) => {
                let (n, p) = d.params();
                named("binomial", &[("n", n), ("p", p)])
            }
            _ => {
                let f = self.family;
                let vals: Vec<(&str, f64)> = f
                    .param_names()
                    .iter()
                    .copied()
                    .zip(pr.iter().copied())
                    .collect();
                named(f.name(), &vals)
            }
        }
    }
}

/// Checks mixture weights and returns them normalised to sum to 1.
///
/// Each weight must be finite and `>= 0`, and their sum must be `> 0`.
///
/// # Errors
///
/// [`DistError::NoWeights`] for an empty slice, [`DistError::BadWeight`] for a
/// negative, NaN or infinite weight, [`DistError::ZeroWeights`] if all are zero.
pub fn check_weights(weights: &[f64]) -> Result<Vec<f64>, DistError> {
    if weights.is_empty() {
        return Err(DistError::NoWeights);
    }
    for (index, &value) in weights.iter().enumerate() {
        if !(value >= 0.0 && value.is_finite()) {
            return Err(DistError::BadWeight { index, value });
        }
    }
    let sum: f64 = weights.iter().sum();
    if !(sum > 0.0) {
        return Err(DistError::ZeroWeights {
            count: weights.len(),
        });
    }
    if !sum.is_finite() {
        // Each weight is finite but their sum overflowed: rescale first.
        let max = weights.iter().copied().fold(0.0, f64::max);
        let scaled_sum: f64 = weights.iter().map(|w| w / max).sum();
        return Ok(weights.iter().map(|w| w / max / scaled_sum).collect());
    }
    Ok(weights.iter().map(|w| w / sum).collect())
}
