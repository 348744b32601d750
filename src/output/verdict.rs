//! Words for probabilities: the calibrated likelihood scale of the IPCC (Mastrandrea et al.
//! 2010, *Guidance Note for Lead Authors of the IPCC Fifth Assessment Report on Consistent
//! Treatment of Uncertainties*, table 1), used by the terminal summary and the report.
//!
//! ```text
//! P ≥ 0.99          virtually certain
//! 0.90 ≤ P < 0.99   very likely
//! 0.66 ≤ P < 0.90   likely
//! 0.33 < P < 0.66   about as likely as not
//! 0.10 < P ≤ 0.33   unlikely
//! 0.01 < P ≤ 0.10   very unlikely
//! P ≤ 0.01          exceptionally unlikely
//! ```
//!
//! The IPCC ranges overlap ("likely" is 66–100 %); here each probability gets the narrowest.
//!
//! A verdict is a statement about the model, "under these assumptions", and is given only when
//! the probability rests on at least `MIN_VERDICT_DRAWS` (100) effective draws; below that the
//! claim is "not resolved: too few effective draws" ([`Verdict`]).

use std::fmt;

use crate::results::{Proportion, MIN_VERDICT_DRAWS};

/// What every verdict is conditional on; printed with it.
pub const UNDER: &str = "under these assumptions";

/// The verdict of a claim's probability: calibrated words, or not resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Words of the calibrated scale, e.g. "very unlikely".
    Words(&'static str),
    /// Fewer than 100 effective draws: no verdict.
    NotResolved,
}

impl Verdict {
    /// The verdict of an estimated probability (see the module docs).
    pub fn of(e: &Proportion) -> Verdict {
        if e.draws >= MIN_VERDICT_DRAWS && e.probability.is_finite() {
            Verdict::Words(verdict(e.probability))
        } else {
            Verdict::NotResolved
        }
    }

    /// The words, when there is a verdict.
    pub fn words(self) -> Option<&'static str> {
        match self {
            Verdict::Words(w) => Some(w),
            Verdict::NotResolved => None,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Words(w) => f.write_str(w),
            Verdict::NotResolved => f.write_str("not resolved: too few effective draws"),
        }
    }
}

/// The calibrated words for probability `p` (see the module docs); `"undetermined"` for NaN.
pub fn verdict(p: f64) -> &'static str {
    if p.is_nan() {
        "undetermined"
    } else if p >= 0.99 {
        "virtually certain"
    } else if p >= 0.90 {
        "very likely"
    } else if p >= 0.66 {
        "likely"
    } else if p > 0.33 {
        "about as likely as not"
    } else if p > 0.10 {
        "unlikely"
    } else if p > 0.01 {
        "very unlikely"
    } else {
        "exceptionally unlikely"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_verdict_below_a_hundred_effective_draws() {
        let e = Proportion::new(1.0, 1.0);
        assert_eq!(Verdict::of(&e), Verdict::NotResolved);
        assert_eq!(
            Verdict::of(&e).to_string(),
            "not resolved: too few effective draws"
        );
        let e = Proportion::new(0.034, 200_000.0);
        assert_eq!(Verdict::of(&e), Verdict::Words("very unlikely"));
    }

    #[test]
    fn example_verdict() {
        assert_eq!(verdict(0.413), "about as likely as not");
        assert_eq!(verdict(0.95), "very likely");
    }

    #[test]
    fn scale_boundaries() {
        let table = [
            (1.0, "virtually certain"),
            (0.99, "virtually certain"),
            (0.989, "very likely"),
            (0.90, "very likely"),
            (0.66, "likely"),
            (0.659, "about as likely as not"),
            (0.331, "about as likely as not"),
            (0.33, "unlikely"),
            (0.101, "unlikely"),
            (0.10, "very unlikely"),
            (0.011, "very unlikely"),
            (0.01, "exceptionally unlikely"),
            (0.0, "exceptionally unlikely"),
            (f64::NAN, "undetermined"),
        ];
        for (p, words) in table {
            assert_eq!(verdict(p), words, "p = {p}");
        }
    }
}
