//! The words of every [`Warning`]: one message per kind, printed on the terminal, written to
//! `summary.json` → `warnings` → `message`, and placed in report.md next to the number it
//! qualifies.

use super::format;
use crate::results::{IndexKind, Warning};

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
        Warning::SetByUnsourcedAssumption {
            claim,
            input,
            drawn_as,
            index,
            share,
            basis,
        } => {
            let what = match index {
                IndexKind::Total => "counting its interactions",
                IndexKind::FirstOrder => "on its own",
            };
            let basis = basis.words().map_or(String::new(), |w| format!(", {w}"));
            let share = share.clamp(0.0, 1.0);
            let what_input = match drawn_as {
                None => format!("the unsourced assumption `{input}`, which no source gives"),
                Some(call) => format!(
                    "the random draw `{input}`, written in the model as `{call}`: its parameters \
                     may come from sources, but the form and spread of the draw are an \
                     assumption no source gives"
                ),
            };
            format!(
                "claim `{claim}`: the verdict is set mainly by {what_input}: it accounts for \
                 about {} of the claim's \
                 variance {what} ({} {}{basis}). The probability says as much about that \
                 assumption as about the sources; narrow it only with a source or evidence",
                format::percent_sig(share, 2),
                index.label(),
                format::grouped(share, 2),
            )
        }
        Warning::TestedAgainstOwnSource {
            claim,
            evidence,
            source,
        } => format!(
            "claim `{claim}` is tested against its own source: evidence `{evidence}` comes from \
             `{source}`, the source the claim cites, so agreement between them is not \
             independent confirmation"
        ),
        Warning::Scenario {
            key,
            line,
            problem,
            help,
        } => {
            let at = match (key, line) {
                (Some(k), Some(l)) => format!("scenario file, line {l}, `{k}`: "),
                (Some(k), None) => format!("scenario file, `{k}`: "),
                (None, Some(l)) => format!("scenario file, line {l}: "),
                (None, None) => "scenario file: ".to_string(),
            };
            match help {
                Some(h) => format!("{at}{problem} ({h})"),
                None => format!("{at}{problem}"),
            }
        }
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
