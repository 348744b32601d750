//! Claims in the results: what each claim says and how likely it is, before and, with evidence,
//! after the evidence.
//!
//! # The error of a probability
//! One rule everywhere (the printed ±, `summary.json` → `mcse` and `interval`, `--precision`):
//! the 95% Wilson score interval at the (effective) number of draws n (Wilson 1927, *JASA*
//! 22(158); Brown, Cai & DasGupta 2001, *Statistical Science* 16(2)), and its half-width
//! divided by 1.96 as the standard error:
//!
//! ```text
//! centre = (p + z²/(2n)) / (1 + z²/n)
//! half   = z √( p (1 − p) / n + z² / (4 n²) ) / (1 + z²/n),      z = 1.96
//! error  = half / z
//! ```
//!
//! Away from 0 and 1 the error equals the plug-in √(p(1 − p)/n) to first order; at p = 0 or 1
//! it is about z/(2n) ≈ 1/n instead of 0. After evidence n is Kish's effective sample size.
//! Below [`MIN_VERDICT_DRAWS`] effective draws a probability gets no verdict.

use crate::model::{QuantityId, Side};

/// A share of draws (weighted, after evidence) on which a claim holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportion {
    /// Share of draws on which the claim holds (weighted by the evidence, after it).
    pub probability: f64,
    /// Its Monte Carlo standard error: the Wilson error at `draws` (see the module docs), never
    /// 0 even when no draw (or every draw) satisfied the claim.
    pub mcse: f64,
    /// Draws the estimate rests on: the sample count, or after evidence the effective sample
    /// size (Kish).
    pub draws: f64,
}

/// z of a two-sided 95% interval.
const Z: f64 = 1.96;

/// Fewer (effective) draws than this and a claim's probability gets no verdict word: it is
/// "not resolved: too few effective draws".
pub const MIN_VERDICT_DRAWS: f64 = 100.0;

/// The error of a probability `p` estimated from `n` (effective) draws: the 95% Wilson
/// half-width divided by 1.96 (see the module docs). Infinite when n is not positive.
pub fn wilson_error(p: f64, n: f64) -> f64 {
    if !(n > 0.0) {
        return f64::INFINITY;
    }
    let z2 = Z * Z;
    (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n)
}

/// The 95% Wilson score interval of a probability `p` from `n` (effective) draws, within
/// [0, 1]; `[0, 1]` when n is not positive.
pub fn wilson_interval(p: f64, n: f64) -> [f64; 2] {
    if !(n > 0.0) || p.is_nan() {
        return [0.0, 1.0];
    }
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z * wilson_error(p, n);
    [(centre - half).max(0.0), (centre + half).min(1.0)]
}

impl Proportion {
    /// The share `p` of `draws` (effective) draws, with its Wilson error (the one rule).
    pub fn new(probability: f64, draws: f64) -> Proportion {
        Proportion {
            probability,
            mcse: wilson_error(probability, draws),
            draws,
        }
    }

    /// Whether the probability rests on enough effective draws for a verdict
    /// (at least [`MIN_VERDICT_DRAWS`]).
    pub fn resolved(&self) -> bool {
        self.draws >= MIN_VERDICT_DRAWS && self.probability.is_finite()
    }

    /// Its 95% Wilson interval.
    pub fn interval(&self) -> [f64; 2] {
        wilson_interval(self.probability, self.draws)
    }

    /// Whether the claim held on no draw (of positive weight).
    pub fn never(&self) -> bool {
        self.probability == 0.0
    }

    /// Whether the claim held on every draw (of positive weight).
    pub fn always(&self) -> bool {
        self.probability == 1.0
    }

    /// The one-sided 95% upper bound on the probability of the event no draw showed (the claim
    /// when it never held, its failure when it always held): `1 − 0.05^(1/n)`, the exact
    /// (Clopper–Pearson) bound for 0 events in n trials, about 3/n ("rule of three"; Hanley &
    /// Lippman-Hand 1983, *JAMA* 249(13)). With evidence n is the effective sample size.
    pub fn zero_event_bound(&self) -> f64 {
        zero_event_bound(self.draws)
    }
}

pub use crate::stats::zero_event_bound;

/// A claim of the form `quantity <op> number`, drawn as a threshold on exceedance curves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// The quantity compared.
    pub quantity: QuantityId,
    /// The threshold, in the quantity's unit.
    pub value: f64,
    /// Which side holds.
    pub side: Side,
}

/// One claim of a run.
#[derive(Debug, Clone)]
pub struct ClaimResult {
    /// Identifier from the scenario (unique among claims; may equal a quantity's name).
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// The true/false expression tested on every draw.
    pub holds_if: String,
    /// Source id, if given.
    pub source: Option<String>,
    /// Quantities the expression references, in order of first use.
    pub references: Vec<QuantityId>,
    /// The threshold, for a claim `quantity <op> number`.
    pub threshold: Option<Threshold>,
    /// The forward simulation (no evidence).
    pub forward: Proportion,
    /// After the evidence, when the scenario has `[[evidence]]`.
    pub posterior: Option<Proportion>,
    /// Running estimate as draws accumulate: (draws so far, estimate, its standard error),
    /// on the basis of [`ClaimResult::estimate`].
    pub convergence: Vec<(u64, f64, f64)>,
}

impl ClaimResult {
    /// The answer: after the evidence when there is evidence, else the forward estimate.
    pub fn estimate(&self) -> &Proportion {
        self.posterior.as_ref().unwrap_or(&self.forward)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_error_and_interval() {
        // Away from 0 and 1: the plug-in error to first order.
        let e = wilson_error(0.3, 1e6);
        assert!((e / (0.21f64 / 1e6).sqrt() - 1.0).abs() < 1e-5, "{e}");
        // At 0: about z/(2n), never 0.
        let e0 = wilson_error(0.0, 1e4);
        assert!((e0 * 1e4 - 0.98).abs() < 0.01, "{e0}");
        let [lo, hi] = wilson_interval(0.0, 1e4);
        assert_eq!(lo, 0.0);
        assert!((hi - 3.84e-4).abs() < 1e-6, "{hi}");
        let [lo, hi] = wilson_interval(0.5, 100.0);
        assert!(
            (lo - 0.4038).abs() < 1e-4 && (hi - 0.5962).abs() < 1e-4,
            "{lo} {hi}"
        );
        assert!(wilson_error(0.5, 0.0).is_infinite());
        assert_eq!(wilson_interval(0.5, 0.0), [0.0, 1.0]);
        let p = Proportion::new(0.5, 99.0);
        assert!(!p.resolved() && Proportion::new(0.5, 100.0).resolved());
    }

    #[test]
    fn zero_event_bound_is_about_three_over_n() {
        assert!((zero_event_bound(1e6) * 1e6 - 2.9957).abs() < 1e-3);
        assert!((zero_event_bound(100.0) - 0.029_513).abs() < 1e-6);
        assert_eq!(zero_event_bound(1.0), 0.95);
        assert_eq!(zero_event_bound(0.5), 1.0);
        assert_eq!(zero_event_bound(f64::NAN), 1.0);
    }
}
