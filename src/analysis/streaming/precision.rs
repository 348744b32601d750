//! `--precision` in the streaming mode, deciding each round exactly as the in-memory rounds
//! (which redraw from the start) do; the run is then analysed, streamed, with the final count.
//!
//! - Without evidence, each round draws only the chunks after the previous round's (chunk `c`
//!   is the same draws in a run of any length that holds it whole, and every round but a last
//!   one at the cap ends on a chunk boundary) and adds their claim counts.
//! - With `[[evidence]]`, every draw's weight depends on all the round's draws (the trust
//!   floors and the normalisers), so each round streams its `n` draws through the evidence's
//!   first five passes (see `super::evidence`) to the final weights, each claim's weighted
//!   probability and the effective sample size: the same bits the in-memory round computes.
//!   A round therefore costs five passes over its draws, and the rounds roughly double.

use std::sync::atomic::{AtomicU64, Ordering};

use super::super::precision::{precision_rounds, PrecisionGoal, Worst};
use super::super::AnalysisError;
use super::evidence::Evidence;
use crate::engine::stream::{for_each_batch, for_each_batch_from, Chunk};
use crate::engine::{RunSpec, Sampling};
use crate::results::PrecisionResult;
use crate::scenario::Scenario;

/// Passes of a round with evidence: up to the final weights.
const EVIDENCE_PASSES: u64 = 5;

/// The rounds of `--precision` for `scenario` with `seed`, starting at `start` draws:
/// `round(k, n)` is called as round k starts (to draw up to `n`) and `progress` with the new
/// draws of the round as they are drawn (with evidence, each round's passes are reported as
/// the share of the round's new draws they complete).
///
/// # Errors
/// The engine's errors (the lowest-numbered failing draw of the round); evidence that is
/// impossible, as the in-memory run reports it.
pub fn stream_to_precision(
    scenario: &Scenario,
    (seed, start): (u64, u64),
    goal: PrecisionGoal,
    round: &mut dyn FnMut(u32, u64),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PrecisionResult, AnalysisError> {
    let program = &scenario.program;
    let mut held = vec![0u64; program.claims.len()];
    let mut drawn = 0usize;
    let mut rounds = 0;
    precision_rounds(start, goal, &mut |n| {
        rounds += 1;
        round(rounds, n);
        let spec = RunSpec {
            samples: n as usize,
            seed,
            sampling: Sampling::Mc,
            ..Default::default()
        };
        if !scenario.evidence.is_empty() {
            let new = n - drawn as u64;
            let worst = weighed_round(scenario, &spec, &scaled(progress, new, n))?;
            drawn = n as usize;
            return Ok(worst);
        }
        for_each_batch_from(program, &spec, drawn, progress, |batch: &[Chunk]| {
            for ch in batch {
                for (h, flags) in held.iter_mut().zip(ch.claims.iter()) {
                    *h += flags.iter().filter(|&&v| v != 0).count() as u64;
                }
            }
            Ok::<(), AnalysisError>(())
        })?;
        drawn = n as usize;
        Ok(Worst::of_counts(&held, n))
    })
}

/// One round with evidence: the first five evidence passes over the round's draws, for the
/// claims alone (no quantity is summarised).
fn weighed_round(
    scenario: &Scenario,
    spec: &RunSpec,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Worst, AnalysisError> {
    let mut evidence = Evidence::new(scenario, spec.samples, &[]);
    for _ in 0..EVIDENCE_PASSES {
        for_each_batch(&scenario.program, spec, progress, |batch: &[Chunk]| {
            evidence.feed(batch);
            Ok::<(), AnalysisError>(())
        })?;
        evidence.end_pass(scenario, None)?;
    }
    Ok(evidence.worst())
}

/// A progress callback that reports `new` draws over the `EVIDENCE_PASSES × n` draws a round
/// with evidence streams, so a bar over the rounds' new draws ends full.
fn scaled(progress: &(dyn Fn(u64) + Sync), new: u64, n: u64) -> impl Fn(u64) + Sync + '_ {
    let (streamed, reported) = (AtomicU64::new(0), AtomicU64::new(0));
    let total = u128::from(EVIDENCE_PASSES * n.max(1));
    move |k: u64| {
        let s = streamed.fetch_add(k, Ordering::Relaxed) + k;
        let due = (u128::from(s) * u128::from(new) / total) as u64;
        let before = reported.fetch_max(due, Ordering::Relaxed);
        if due > before {
            progress(due - before);
        }
    }
}
