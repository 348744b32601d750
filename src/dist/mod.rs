//! TEMPORARY stub of the dist API (replaced by the real module on merge).
#![allow(missing_docs)]
use rand::Rng;
use rand_distr::Distribution;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Normal,
    LogNormal,
    Uniform,
    Triangular,
    Pert,
    Beta,
    Gamma,
    Poisson,
    Binomial,
    To,
    BetaCi,
    NormalCi,
}
const ALL: [Family; 12] = [
    Family::Normal,
    Family::LogNormal,
    Family::Uniform,
    Family::Triangular,
    Family::Pert,
    Family::Beta,
    Family::Gamma,
    Family::Poisson,
    Family::Binomial,
    Family::To,
    Family::BetaCi,
    Family::NormalCi,
];
impl Family {
    pub fn from_name(n: &str) -> Option<Family> {
        ALL.iter().copied().find(|f| f.name() == n)
    }
    pub fn name(self) -> &'static str {
        match self {
            Family::Normal => "normal",
            Family::LogNormal => "lognormal",
            Family::Uniform => "uniform",
            Family::Triangular => "triangular",
            Family::Pert => "pert",
            Family::Beta => "beta",
            Family::Gamma => "gamma",
            Family::Poisson => "poisson",
            Family::Binomial => "binomial",
            Family::To => "to",
            Family::BetaCi => "beta_ci",
            Family::NormalCi => "normal_ci",
        }
    }
    pub fn param_names(self) -> &'static [&'static str] {
        match self {
            Family::Normal => &["mean", "sd"],
            Family::LogNormal => &["mu", "sigma"],
            Family::Uniform => &["lo", "hi"],
            Family::Triangular | Family::Pert => &["lo", "mode", "hi"],
            Family::Beta => &["a", "b"],
            Family::Gamma => &["shape", "scale"],
            Family::Poisson => &["mean"],
            Family::Binomial => &["n", "p"],
            Family::To => &["a", "b"],
            Family::BetaCi | Family::NormalCi => &["p5", "p95"],
        }
    }
    pub fn all() -> &'static [Family] {
        &ALL
    }
    pub fn signature(self) -> String {
        format!("{}({})", self.name(), self.param_names().join(", "))
    }
}
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DistError(pub String);
#[derive(Debug, Clone)]
pub struct Dist {
    f: Family,
    p: [f64; 3],
}
impl Dist {
    pub fn new(f: Family, params: &[f64]) -> Result<Dist, DistError> {
        if params.len() != f.param_names().len() {
            return Err(DistError(format!(
                "{} takes {} arguments",
                f.name(),
                f.param_names().len()
            )));
        }
        let mut p = [0.0; 3];
        p[..params.len()].copy_from_slice(params);
        let bad = match f {
            Family::To => !(p[0] > 0.0 && p[1] > p[0]),
            Family::Beta => !(p[0] > 0.0) || !(p[1] > 0.0),
            Family::Uniform => !(p[1] > p[0]),
            Family::Binomial => !(p[1] >= 0.0 && p[1] <= 1.0),
            Family::BetaCi => true,
            _ => false,
        };
        if bad {
            return Err(DistError(format!(
                "{}: invalid parameters must be > 0",
                f.name()
            )));
        }
        Ok(Dist { f, p })
    }
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let p = self.p;
        match self.f {
            Family::Normal => p[0] + p[1] * rng.sample::<f64, _>(rand_distr::StandardNormal),
            Family::To => {
                let mu = (p[0].ln() + p[1].ln()) / 2.0;
                let s = (p[1].ln() - p[0].ln()) / (2.0 * 1.6448536269514722);
                (mu + s * rng.sample::<f64, _>(rand_distr::StandardNormal)).exp()
            }
            Family::Beta => rand_distr::Beta::new(p[0], p[1]).unwrap().sample(rng),
            Family::Uniform => p[0] + (p[1] - p[0]) * rng.random::<f64>(),
            Family::Binomial => rand_distr::Binomial::new(p[0] as u64, p[1])
                .unwrap()
                .sample(rng) as f64,
            _ => 0.0,
        }
    }
    pub fn fill<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        for o in out {
            *o = self.sample(rng);
        }
    }
}
pub fn check_weights(w: &[f64]) -> Result<Vec<f64>, DistError> {
    let s: f64 = w.iter().sum();
    Ok(w.iter().map(|x| x / s).collect())
}
