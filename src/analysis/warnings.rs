//! What the reader must know before trusting a number, as typed [`Warning`]s: few draws,
//! the scenario file's own warnings (found when it was read),
//! claims no draw (or every draw) satisfied, few effective draws after the evidence, a
//! `--precision` target not met, adjusted correlations, a verdict set mainly by an unsourced
//! assumption, a claim tested against evidence from its own source.
//!
//! "Set mainly by an unsourced assumption": the claim's most important input (the one order
//! of `crate::results::SensitivityResult`) has no `source` and its ranking index is resolved
//! and above [`UNSOURCED_SHARE`]: the total index, or with evidence the first-order index
//! after it (a lower bound of the total, which is only known before the evidence). An input
//! that an `[[evidence]]` entry with a source and a trust above 0 reads directly is not such an
//! assumption in that run: its distribution after the evidence is what that source reports
//! (weighted by trust), and evidence is the remedy the warning itself would advise. Its prior
//! is still an assumption, shown where the input is listed.

use crate::evidence::ess_threshold;
use crate::model::EvidenceNode;
use crate::results::{Driver, RunResult, Warning, LOW_SAMPLES};
use crate::scenario::Scenario;

/// A claim whose most important input explains more than this share of its variance is
/// "set mainly" by that input.
pub(crate) const UNSOURCED_SHARE: f64 = 0.5;

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
    out.extend(scenario.warnings.iter().map(|d| Warning::Scenario {
        key: d.key.clone(),
        line: d.line,
        problem: d.message.clone(),
        help: d.help.clone(),
    }));
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
        if let Some(s) = &result.sensitivity {
            if let Some((d, index, share)) = s.top(&s.claims[id]) {
                if share > UNSOURCED_SHARE
                    && result.driver_source(d).is_none()
                    && !informed_by_evidence(scenario, d)
                {
                    out.push(Warning::SetByUnsourcedAssumption {
                        claim: id,
                        input: result.driver_name(d).to_string(),
                        drawn_as: match d {
                            Driver::Input(_) => None,
                            Driver::Source(src) => s.sources.get(src).map(|x| x.text.clone()),
                        },
                        index,
                        share,
                        basis: s.basis_of(index),
                    });
                }
            }
        }
        if let (Some(source), Some(p)) = (&c.source, &result.posterior) {
            for e in p
                .entries
                .iter()
                .filter(|e| e.source.as_ref() == Some(source))
            {
                out.push(Warning::TestedAgainstOwnSource {
                    claim: id,
                    evidence: e.id.clone(),
                    source: source.clone(),
                });
            }
        }
    }
    out
}

/// Whether an `[[evidence]]` entry with a source and a trust above 0 reads the driver directly
/// (in its likelihood's arguments or its bound's test).
fn informed_by_evidence(scenario: &Scenario, d: Driver) -> bool {
    // A random source is drawn inside the model: no evidence entry reads it directly.
    let Driver::Input(q) = d else {
        return false;
    };
    scenario
        .evidence
        .iter()
        .zip(scenario.program.evidence.iter())
        .filter(|(info, _)| info.source.is_some() && info.trust > 0.0)
        .any(|(_, node)| match node {
            EvidenceNode::Likelihood { args, .. } => args.iter().any(|a| a.refs().contains(&q)),
            EvidenceNode::Bound(test) => test.refs().contains(&q),
        })
}
