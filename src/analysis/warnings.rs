//! What the reader must know before trusting a number, as typed [`Warning`]s: few draws,
//! claims no draw (or every draw) satisfied, few effective draws after the evidence, a
//! `--precision` target not met, adjusted correlations.

use crate::evidence::ess_threshold;
use crate::results::{RunResult, Warning, LOW_SAMPLES};
use crate::scenario::Scenario;

/// The warnings that apply to `result`, in a stable order: run-wide ones first, then each
/// claim's in claim order.
pub(super) fn collect(scenario: &Scenario, result: &RunResult) -> Vec<Warning> {
    let samples = result.run.samples;
    let mut out = Vec::new();
    if samples < LOW_SAMPLES {
        out.push(Warning::LowSamples {
            samples,
            recommended: LOW_SAMPLES,
        });
    }
    if let Some(a) = scenario
        .correlation
        .as_ref()
        .and_then(|c| c.adjusted.as_ref())
    {
        let (x, y, requested, used) = a.largest_change.clone();
        out.push(Warning::CorrelationAdjusted {
            inputs: a.conflict.clone(),
            pair: (x, y),
            requested,
            used,
        });
    }
    if let Some(p) = &result.posterior {
        let threshold = ess_threshold(samples as usize);
        if !(p.ess >= threshold) {
            out.push(Warning::LowEss {
                ess: p.ess,
                samples,
                threshold,
            });
        }
    }
    if let Some(p) = result.precision.as_ref().filter(|p| !p.met) {
        out.push(Warning::PrecisionNotMet {
            claim: p.worst,
            target: p.target,
            reached: p.reached,
            max_samples: p.max_samples,
        });
    }
    for (id, c) in result.claims.iter_enumerated() {
        let e = c.estimate();
        if e.never() {
            out.push(Warning::ClaimNeverHeld {
                claim: id,
                draws: e.draws,
                upper_bound: e.zero_event_bound(),
            });
        } else if e.always() {
            out.push(Warning::ClaimAlwaysHeld {
                claim: id,
                draws: e.draws,
                upper_bound: e.zero_event_bound(),
            });
        }
    }
    out
}
