//! `--precision`: draw in rounds until every claim probability's error is at most a target, or
//! a cap is reached.
//!
//! The error of a claim probability p estimated from n draws (after evidence: n is the
//! effective sample size) is the half-width of its 95% Wilson score interval divided by 1.96
//! ([`wilson_error`], the one rule of `crate::results` for every claim's error; Wilson 1927,
//! *JASA* 22(158); Brown, Cai & DasGupta 2001, *Statistical Science* 16(2)):
//!
//! ```text
//! error = √( p (1 − p) / n + z² / (4 n²) ) / (1 + z² / n),    z = 1.96
//! ```
//!
//! Away from 0 and 1 it equals the plug-in standard error √(p(1 − p)/n) to first order; at
//! p = 0 or 1 it is about z / (2n) ≈ 1/n instead of 0, so a claim no draw satisfied never
//! declares the target met after a handful of draws. Each round redraws from the start with more
//! samples (a whole number of chunks), so the result is exactly that of a plain run with the
//! final count.

use super::weighted;
use super::AnalysisError;
use crate::engine::{Draws, CHUNK};
use crate::evidence::{ess, weighted_proportion};
use crate::model::ClaimId;
pub use crate::results::wilson_error;
use crate::results::PrecisionResult;
use crate::scenario::Scenario;
use crate::stats::{proportion, proportion_of_count};

/// z of a two-sided 95% interval.
const Z: f64 = 1.96;

/// What `--precision` asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrecisionGoal {
    /// Largest error allowed for any claim probability (see the module docs).
    pub target: f64,
    /// The most draws to take.
    pub max_samples: u64,
}

/// Draws needed for an error of at most `target` at probability `p` (the positive root of
/// `t² n² − p(1 − p) n − z²/4 = 0`, which bounds the Wilson error from above).
fn draws_needed(p: f64, target: f64) -> f64 {
    let v = p * (1.0 - p);
    let t2 = target * target;
    (v + (v * v + t2 * Z * Z).sqrt()) / (2.0 * t2)
}

/// The largest error of any claim after some draws, and where: what decides each round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Worst {
    /// The error (see the module docs).
    pub error: f64,
    /// The claim's probability.
    pub p: f64,
    /// The claim.
    pub claim: ClaimId,
    /// The (effective) number of draws.
    pub effective: f64,
}

impl Worst {
    fn none(n: f64) -> Worst {
        Worst {
            error: f64::NEG_INFINITY,
            p: 0.5,
            claim: ClaimId::new(0),
            effective: n,
        }
    }

    fn take(&mut self, c: ClaimId, p: f64, n: f64) {
        let error = wilson_error(p, n);
        if error > self.error {
            *self = Worst {
                error,
                p,
                claim: c,
                effective: n,
            };
        }
    }

    /// The worst claim after evidence, from each claim's weighted probability and the
    /// effective sample size `ess` of `n` draws: the same as from the weighted draws.
    pub fn of_weighted(probabilities: impl Iterator<Item = f64>, ess: f64, n: u64) -> Worst {
        let mut out = Worst::none(n as f64);
        for (c, p) in probabilities.enumerate() {
            out.take(ClaimId::new(c), p, ess);
        }
        out
    }

    /// The worst claim without evidence, from the draws among the first `n` on which each
    /// claim held (`held[c]`): the same as from the draws themselves.
    pub fn of_counts(held: &[u64], n: u64) -> Worst {
        let mut out = Worst::none(n as f64);
        for (c, &h) in held.iter().enumerate() {
            out.take(ClaimId::new(c), proportion_of_count(h, n).0, n as f64);
        }
        out
    }
}

/// The largest error of any claim (weighted by the evidence, if any).
fn worst(scenario: &Scenario, draws: &Draws) -> Result<Worst, AnalysisError> {
    let n = draws.samples as u64;
    if scenario.evidence.is_empty() {
        let mut out = Worst::none(n as f64);
        for (c, flags) in draws.claims.iter_enumerated() {
            // proportion(flags) is proportion_of_count of its count: as `Worst::of_counts`.
            out.take(c, proportion(flags).0, n as f64);
        }
        return Ok(out);
    }
    let w = weighted::weights(scenario, draws)?.0;
    let probabilities = draws.claims.iter().map(|f| weighted_proportion(f, &w).0);
    Ok(Worst::of_weighted(probabilities, ess(&w), n))
}

/// Draws in rounds, starting at `start` draws, until every claim's error is at most
/// `goal.target` or `goal.max_samples` draws were taken; `draw(n)` takes `n` draws.
///
/// # Errors
/// Whatever `draw` returns; impossible evidence, as `evidence_error` makes it.
pub fn draw_to_precision<E>(
    scenario: &Scenario,
    start: u64,
    goal: PrecisionGoal,
    draw: &mut dyn FnMut(u64) -> Result<Draws, E>,
    evidence_error: &dyn Fn(AnalysisError) -> E,
) -> Result<(Draws, PrecisionResult), E> {
    let mut last = None;
    let result = precision_rounds(start, goal, &mut |n| {
        let draws = draw(n)?;
        let w = worst(scenario, &draws).map_err(evidence_error)?;
        last = Some(draws);
        Ok(w)
    })?;
    let draws = last.expect("every goal has a first round");
    Ok((draws, result))
}

/// The rounds of `--precision`: `measure(n)` takes the first `n` draws (each round more than
/// the last, a whole number of chunks unless it is the cap) and gives the worst claim; the
/// result records the last round. The streaming mode measures from claim counts, continuing
/// the chunks of the previous round.
///
/// # Errors
/// Whatever `measure` returns.
pub fn precision_rounds<E>(
    start: u64,
    goal: PrecisionGoal,
    measure: &mut dyn FnMut(u64) -> Result<Worst, E>,
) -> Result<PrecisionResult, E> {
    let cap = goal.max_samples;
    let round_up = |n: u64| n.div_ceil(CHUNK as u64) * CHUNK as u64;
    let mut n = round_up(start.min(cap)).min(cap);
    let mut rounds = 0;
    loop {
        rounds += 1;
        let Worst {
            error,
            p,
            claim,
            effective,
        } = measure(n)?;
        if error <= goal.target || n >= cap {
            return Ok(PrecisionResult {
                target: goal.target,
                reached: error,
                worst: claim,
                met: error <= goal.target,
                samples_drawn: n,
                max_samples: cap,
                rounds,
            });
        }
        // Scale by draws per effective draw (1 without evidence), with 10% to spare; at least double.
        let per_effective = n as f64 / effective.max(1.0);
        let needed = (draws_needed(p, goal.target) * per_effective * 1.1).ceil();
        let needed = if needed.is_finite() && needed < u64::MAX as f64 {
            needed as u64
        } else {
            cap
        };
        n = round_up(needed.max(2 * n)).min(cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_error_does_not_vanish_at_zero_or_one() {
        // p = 0 from 8,192 draws: about z / (2n) = 1.2e-4, not 0.
        let e = wilson_error(0.0, 8192.0);
        assert!((e - 1.96 / (2.0 * 8192.0) / (1.0 + 1.96 * 1.96 / 8192.0)).abs() < 1e-12);
        assert_eq!(wilson_error(0.0, 8192.0), wilson_error(1.0, 8192.0));
        // Away from 0 and 1 it is the plug-in error to within 0.1% at n = 10^5.
        let plug = (0.3f64 * 0.7 / 1e5).sqrt();
        assert!((wilson_error(0.3, 1e5) / plug - 1.0).abs() < 1e-3);
        assert_eq!(wilson_error(0.5, 0.0), f64::INFINITY);
    }

    #[test]
    fn draws_needed_meets_the_target() {
        for (p, t) in [(0.0, 1e-5), (0.5, 0.002), (0.03, 1e-3), (1.0, 1e-4)] {
            let n = draws_needed(p, t);
            assert!(wilson_error(p, n) <= t * (1.0 + 1e-9), "p {p} t {t}: n {n}");
            assert!(
                wilson_error(p, 0.9 * n) > 0.9 * t,
                "not far more than needed"
            );
        }
    }
}
