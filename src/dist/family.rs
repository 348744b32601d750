//! The named distribution families users can write in scenario files, with their
//! parameter names (which fix each family's arity).

use std::fmt;

/// A distribution family, as named in scenario files (`normal`, `beta_ci`, `to`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `normal(mean, sd)`, `sd > 0`.
    Normal,
    /// `lognormal(mu, sigma)`: `exp` of a normal with mean `mu` and sd `sigma > 0`.
    LogNormal,
    /// `uniform(lo, hi)`, `lo < hi`.
    Uniform,
    /// `triangular(lo, mode, hi)`, `lo <= mode <= hi`, `lo < hi`.
    Triangular,
    /// `pert(lo, mode, hi)`: the standard (lambda = 4) PERT, a beta scaled to `[lo, hi]`.
    Pert,
    /// `beta(a, b)`, `a, b > 0`.
    Beta,
    /// `gamma(shape, scale)`, both `> 0`.
    Gamma,
    /// `poisson(mean)`, `0 <= mean < 1e15`.
    Poisson,
    /// `binomial(n, p)`, `n` a whole number `>= 0`, `p` in `[0, 1]`.
    Binomial,
    /// Squiggle's `a to b`: the lognormal with 5th percentile `a` and 95th percentile `b`.
    To,
    /// `beta_ci(p5, p95)`: the beta with 5th and 95th percentiles `p5` and `p95`.
    BetaCi,
    /// `normal_ci(p5, p95)`: the normal with 5th and 95th percentiles `p5` and `p95`.
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
    /// True when the family's quantile function is in closed form (normal, lognormal, uniform,
    /// triangular and their `to`/`normal_ci` forms): a draw by inverse CDF costs about as much
    /// as the family's own sampler.
    pub fn closed_quantile(self) -> bool {
        matches!(
            self,
            Family::Normal
                | Family::LogNormal
                | Family::Uniform
                | Family::Triangular
                | Family::To
                | Family::NormalCi
        )
    }

    /// Looks a family up by the name users write (`"normal"`, `"beta_ci"`, `"to"`, ...).
    /// Names are case-sensitive; returns `None` for unknown names.
    pub fn from_name(name: &str) -> Option<Family> {
        ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The name users write for this family.
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

    /// The parameter names, in order; their count is the family's arity.
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

    /// The number of parameters the family takes.
    pub fn arity(self) -> usize {
        self.param_names().len()
    }

    /// Every family, in a fixed order.
    pub fn all() -> &'static [Family] {
        &ALL
    }

    /// Whether draws are whole numbers (`poisson`, `binomial`).
    pub fn is_discrete(self) -> bool {
        matches!(self, Family::Poisson | Family::Binomial)
    }

    /// The call form for messages, e.g. `"beta(a, b)"`; for [`Family::To`] it is `"a to b"`.
    pub fn signature(self) -> String {
        match self {
            Family::To => "a to b".to_string(),
            f => format!("{}({})", f.name(), f.param_names().join(", ")),
        }
    }
}

impl fmt::Display for Family {
    /// Writes the family's name, as users write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &f in Family::all() {
            assert_eq!(Family::from_name(f.name()), Some(f));
            assert_eq!(f.arity(), f.param_names().len());
        }
        assert_eq!(Family::from_name("Normal"), None);
        assert_eq!(Family::from_name("gauss"), None);
        assert_eq!(Family::Beta.signature(), "beta(a, b)");
        assert_eq!(Family::To.signature(), "a to b");
        assert_eq!(Family::Pert.signature(), "pert(lo, mode, hi)");
    }
}
