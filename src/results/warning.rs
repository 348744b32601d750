//! Warnings about the numbers: a typed enum (kind, the id it concerns, the data), printed on
//! the terminal, written to `summary.json` → `warnings` and placed in report.md next to the
//! number each qualifies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::sensitivity::{Basis, IndexKind};
use crate::model::ClaimId;

/// Fewer draws than this and a run warns that its estimates are rough.
pub const LOW_SAMPLES: u64 = 10_000;

/// Something the reader should know before trusting a number. `C` is how a claim is named:
/// a [`ClaimId`] in the run's results, its id text in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning<C = ClaimId> {
    /// Fewer than `recommended` draws: every estimate is rough.
    LowSamples {
        /// Draws taken.
        samples: u64,
        /// The least number of draws recommended.
        recommended: u64,
    },
    /// No draw (of positive weight) satisfied the claim: its probability is below
    /// `upper_bound`, not zero.
    ClaimNeverHeld {
        /// The claim.
        claim: C,
        /// Draws (after evidence: effective draws) the estimate rests on.
        draws: f64,
        /// One-sided 95% upper bound on the probability that the claim is true, `1 − 0.05^(1/n)`
        /// (about 3/n).
        upper_bound: f64,
    },
    /// Every draw (of positive weight) satisfied the claim: the probability that it is false
    /// is below `upper_bound`, not zero.
    ClaimAlwaysHeld {
        /// The claim.
        claim: C,
        /// Draws (after evidence: effective draws) the estimate rests on.
        draws: f64,
        /// One-sided 95% upper bound on the probability that the claim is false (about 3/n).
        upper_bound: f64,
    },
    /// After the evidence few effective draws remain: the weighted numbers cannot be trusted.
    LowEss {
        /// Effective sample size after all evidence (Kish).
        ess: f64,
        /// Draws taken.
        samples: u64,
        /// The smallest effective sample size reported without this warning.
        threshold: f64,
    },
    /// `--precision` stopped at `--max-samples` before every claim reached the target.
    PrecisionNotMet {
        /// The claim with the largest error.
        claim: C,
        /// The error asked for.
        target: f64,
        /// The largest error reached.
        reached: f64,
        /// The cap that stopped the run.
        max_samples: u64,
    },
    /// The input or random source that matters most for the claim has no source and explains
    /// most of its variance: the verdict is set mainly by that unsourced assumption.
    SetByUnsourcedAssumption {
        /// The claim.
        claim: C,
        /// The input's (or random source's) name.
        input: String,
        /// For a random source written in `[model]`: the call it is drawn from as written
        /// (its parameters may read sourced inputs; the form of the draw is the assumption).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        drawn_as: Option<String>,
        /// Which index says so: the total index, or (with evidence, where totals are before it)
        /// the first-order index, a lower bound of the total.
        index: IndexKind,
        /// Its value, a share of the claim's variance in (0.5, 1].
        share: f64,
        /// The draws the index comes from.
        basis: Basis,
    },
    /// The claim cites the same source as an evidence entry: the claim is tested against its
    /// own source, so agreement is no independent confirmation.
    TestedAgainstOwnSource {
        /// The claim.
        claim: C,
        /// The evidence entry's id.
        evidence: String,
        /// The source both cite.
        source: String,
    },
    /// A warning about the scenario file found when it was read (for example a catalogue
    /// override that changes nothing): the terminal printed it before the run.
    Scenario {
        /// The key in dotted form, where known (e.g. `catalogue.override.munition.x.mass_kg`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        /// 1-based line in the scenario file, where known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        /// What is wrong.
        problem: String,
        /// What to do about it, if anything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        help: Option<String>,
    },
    /// The requested correlations could not hold together; the nearest consistent set was used.
    CorrelationAdjusted {
        /// The inputs whose correlations conflicted.
        inputs: Vec<String>,
        /// The pair changed most.
        pair: (String, String),
        /// Its rank correlation as requested.
        requested: f64,
        /// The rank correlation used instead.
        used: f64,
    },
}

impl<C> Warning<C> {
    /// The same warning with claims named by `name`.
    pub fn map_claim<D>(&self, name: impl Fn(&C) -> D) -> Warning<D> {
        match self {
            Warning::LowSamples {
                samples,
                recommended,
            } => Warning::LowSamples {
                samples: *samples,
                recommended: *recommended,
            },
            Warning::ClaimNeverHeld {
                claim,
                draws,
                upper_bound,
            } => Warning::ClaimNeverHeld {
                claim: name(claim),
                draws: *draws,
                upper_bound: *upper_bound,
            },
            Warning::ClaimAlwaysHeld {
                claim,
                draws,
                upper_bound,
            } => Warning::ClaimAlwaysHeld {
                claim: name(claim),
                draws: *draws,
                upper_bound: *upper_bound,
            },
            Warning::LowEss {
                ess,
                samples,
                threshold,
            } => Warning::LowEss {
                ess: *ess,
                samples: *samples,
                threshold: *threshold,
            },
            Warning::PrecisionNotMet {
                claim,
                target,
                reached,
                max_samples,
            } => Warning::PrecisionNotMet {
                claim: name(claim),
                target: *target,
                reached: *reached,
                max_samples: *max_samples,
            },
            Warning::SetByUnsourcedAssumption {
                claim,
                input,
                drawn_as,
                index,
                share,
                basis,
            } => Warning::SetByUnsourcedAssumption {
                claim: name(claim),
                input: input.clone(),
                drawn_as: drawn_as.clone(),
                index: *index,
                share: *share,
                basis: *basis,
            },
            Warning::TestedAgainstOwnSource {
                claim,
                evidence,
                source,
            } => Warning::TestedAgainstOwnSource {
                claim: name(claim),
                evidence: evidence.clone(),
                source: source.clone(),
            },
            Warning::Scenario {
                key,
                line,
                problem,
                help,
            } => Warning::Scenario {
                key: key.clone(),
                line: *line,
                problem: problem.clone(),
                help: help.clone(),
            },
            Warning::CorrelationAdjusted {
                inputs,
                pair,
                requested,
                used,
            } => Warning::CorrelationAdjusted {
                inputs: inputs.clone(),
                pair: pair.clone(),
                requested: *requested,
                used: *used,
            },
        }
    }

    /// The claim the warning concerns, if any.
    pub fn claim(&self) -> Option<&C> {
        match self {
            Warning::ClaimNeverHeld { claim, .. }
            | Warning::ClaimAlwaysHeld { claim, .. }
            | Warning::PrecisionNotMet { claim, .. }
            | Warning::SetByUnsourcedAssumption { claim, .. }
            | Warning::TestedAgainstOwnSource { claim, .. } => Some(claim),
            _ => None,
        }
    }
}
