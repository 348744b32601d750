//! `--precision` in the streaming mode: each round draws only the chunks after the previous
//! round's (chunk `c` is the same draws in a run of any length that holds it whole, and every
//! round but a last one at the cap ends on a chunk boundary) and adds their claim counts, so
//! the rounds decide exactly as the in-memory rounds, which redraw from the start. The run is
//! then analysed, streamed, with the final count.

use super::super::precision::{precision_rounds, PrecisionGoal, Worst};
use super::super::AnalysisError;
use crate::engine::stream::{for_each_batch_from, Chunk};
use crate::engine::{RunSpec, Sampling};
use crate::results::PrecisionResult;
use crate::scenario::Scenario;

/// The rounds of `--precision` for `scenario` with `seed`, starting at `start` draws:
/// `round(k, n)` is called as round k starts (to draw up to `n`) and `progress` with the draws
/// of each chunk drawn. Without evidence (whose weights need every draw: refused).
///
/// # Errors
/// The engine's errors (the lowest-numbered failing draw of the round); evidence.
pub fn stream_to_precision(
    scenario: &Scenario,
    (seed, start): (u64, u64),
    goal: PrecisionGoal,
    round: &mut dyn FnMut(u32, u64),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<PrecisionResult, AnalysisError> {
    if !scenario.evidence.is_empty() {
        return Err(AnalysisError::Evidence(
            "--precision in the streaming mode cannot weigh draws by [[evidence]] yet".into(),
        ));
    }
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
