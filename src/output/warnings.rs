//! The words of every [`Warning`]: one message per kind, printed on the terminal, written to
//! `summary.json` → `warnings` → `message`, and placed in report.md next to the number it
//! qualifies.

use super::format;
use crate::results::Warning;

/// The message of `w` (claims named by their ids).
pub(crate) fn message(w: &Warning<String>) -> String {
    match w {
        Warning::LowSamples {
            samples,
            recommended,
        } => format!(
            "only {} samples: estimates are rough; use at least {}",
            format::grouped(*samples as f64, 6),
            format::grouped(*recommended as f64, 6)
        ),
        Warning::ClaimNeverHeld {
            claim,
            draws,
            upper_bound,
        } => format!(
            "claim `{claim}`: no draw agreed with it; the probability that it is true is below {} \
             (95% upper bound from {} draws), not zero",
            format::percent_sig(*upper_bound, 2),
            draws_text(*draws)
        ),
        Warning::ClaimAlwaysHeld {
            claim,
            draws,
            upper_bound,
        } => format!(
            "claim `{claim}`: every draw agreed with it; the probability that it is false is \
             below {} (95% upper bound from {} draws), not zero",
            format::percent_sig(*upper_bound, 2),
            draws_text(*draws)
        ),
        Warning::LowEss {
            ess,
            samples,
            threshold,
        } => format!(
            "after weighting by the evidence only about {ess:.0} effective draws of {samples} \
             remain (fewer than {threshold:.0}), so these numbers cannot be trusted: the evidence \
             conflicts with the inputs or is much narrower than them. Widen the inputs, check \
             the evidence, or run more draws"
        ),
        Warning::PrecisionNotMet {
            claim,
            target,
            reached,
            max_samples,
        } => format!(
            "--precision {}: target not met; claim `{claim}` reached {} when --max-samples {} \
             stopped the run. Raise --max-samples or loosen the target",
            format::grouped(*target, 3),
            format::grouped(*reached, 2),
            format::grouped(*max_samples as f64, 12)
        ),
        Warning::CorrelationAdjusted {
            inputs,
            pair,
            requested,
            used,
        } => format!(
            "the correlations among {} could not hold together, so the nearest consistent set \
             was used; the largest change is {}–{}: {} → {}",
            inputs.join(", "),
            pair.0,
            pair.1,
            format::grouped(*requested, 3),
            format::grouped(*used, 3)
        ),
    }
}

/// A draw count: whole for a sample count, rounded for an effective sample size.
fn draws_text(draws: f64) -> String {
    let text = format::grouped(draws.round(), 12);
    if draws.fract() == 0.0 {
        text
    } else {
        format!("about {text} effective")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_hit_bound_is_printed_non_zero() {
        let w = Warning::ClaimNeverHeld {
            claim: "us-10k".to_string(),
            draws: 1_000_000.0,
            upper_bound: crate::results::zero_event_bound(1e6),
        };
        assert_eq!(
            message(&w),
            "claim `us-10k`: no draw agreed with it; the probability that it is true is below \
             0.0003% (95% upper bound from 1,000,000 draws), not zero"
        );
    }
}
