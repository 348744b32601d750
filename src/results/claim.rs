//! Claims in the results: what each claim says and how likely it is, before and, with evidence,
//! after the evidence.

use crate::model::{QuantityId, Side};

/// A share of draws (weighted, after evidence) on which a claim holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportion {
    /// Share of draws on which the claim holds (weighted by the evidence, after it).
    pub probability: f64,
    /// Its Monte Carlo standard error: sqrt(p (1 − p) / n) (after evidence: the self-normalised
    /// importance-sampling error).
    pub mcse: f64,
    /// Draws the estimate rests on: the sample count, or after evidence the effective sample
    /// size (Kish).
    pub draws: f64,
}

impl Proportion {
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

/// `1 − 0.05^(1/n)`: the exact one-sided 95% upper bound on a probability when none of `n`
/// draws showed the event (1 when n < 1).
pub fn zero_event_bound(n: f64) -> f64 {
    if !(n >= 1.0) {
        return 1.0;
    }
    -(0.05f64.ln() / n).exp_m1()
}

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

/// A claim `lo <= quantity <= hi` (strict or not), drawn as a band on exceedance curves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The quantity bounded.
    pub quantity: QuantityId,
    /// Lower bound, in the quantity's unit.
    pub lo: f64,
    /// Upper bound, in the quantity's unit.
    pub hi: f64,
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
    /// Display label for charts, if given (see [`ClaimResult::label`]).
    pub label: Option<String>,
    /// What kind of claim it is ("capacity conversion", "count", …), if given.
    pub group: Option<String>,
    /// Quantities the expression references, in order of first use.
    pub references: Vec<QuantityId>,
    /// The threshold, for a claim `quantity <op> number`.
    pub threshold: Option<Threshold>,
    /// The band, for a claim `a <= quantity and quantity <= b`.
    pub interval: Option<Interval>,
    /// The forward simulation (no evidence).
    pub forward: Proportion,
    /// After the evidence, when the scenario has `[[evidence]]`.
    pub posterior: Option<Proportion>,
    /// Running estimate as draws accumulate: (draws so far, estimate, its standard error),
    /// on the basis of [`ClaimResult::estimate`].
    pub convergence: Vec<(u64, f64, f64)>,
}

impl ClaimResult {
    /// How charts name the claim: its `label`, else its text on one line.
    pub fn label(&self) -> String {
        match &self.label {
            Some(l) => l.clone(),
            None => self.text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// The answer: after the evidence when there is evidence, else the forward estimate.
    pub fn estimate(&self) -> &Proportion {
        self.posterior.as_ref().unwrap_or(&self.forward)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_event_bound_is_about_three_over_n() {
        assert!((zero_event_bound(1e6) * 1e6 - 2.9957).abs() < 1e-3);
        assert!((zero_event_bound(100.0) - 0.029_513).abs() < 1e-6);
        assert_eq!(zero_event_bound(1.0), 0.95);
        assert_eq!(zero_event_bound(0.5), 1.0);
        assert_eq!(zero_event_bound(f64::NAN), 1.0);
    }
}
