//! The weight each draw carries in the given-data measures: every draw once (no evidence, or
//! before it), or its importance weight after the evidence.
//!
//! Weighted measures are self-normalised importance-sampling estimates (Owen 2013, *Monte
//! Carlo theory, methods and examples*, ch. 9): sums become weighted sums divided by the total
//! weight, and counts become Kish effective sizes, (Σ w)² / Σ w². With equal weights every
//! formula reduces to its unweighted form.

/// The weight of each draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Weights<'a> {
    /// Every draw counts once.
    Equal,
    /// One importance weight per draw (≥ 0, any scale), e.g. the posterior weights.
    Importance(&'a [f64]),
}

impl Weights<'_> {
    /// The weight of draw `i` (0 for a draw past the end of the weights).
    #[inline]
    pub fn at(&self, i: usize) -> f64 {
        match self {
            Weights::Equal => 1.0,
            Weights::Importance(w) => w.get(i).copied().unwrap_or(0.0),
        }
    }

    /// Kish's effective sample size of the first `n` draws: n for equal weights,
    /// (Σ w)² / Σ w² otherwise (0 when no weight is positive).
    pub fn ess(&self, n: usize) -> f64 {
        match self {
            Weights::Equal => n as f64,
            Weights::Importance(w) => crate::stats::ess(&w[..n.min(w.len())]),
        }
    }

    /// Whether the weights can be used for `n` draws: equal, or one finite non-negative
    /// weight per draw with at least one positive.
    pub fn fits(&self, n: usize) -> bool {
        match self {
            Weights::Equal => true,
            Weights::Importance(w) => {
                w.len() == n
                    && w.iter().all(|v| *v >= 0.0 && v.is_finite())
                    && w.iter().any(|v| *v > 0.0)
            }
        }
    }
}
