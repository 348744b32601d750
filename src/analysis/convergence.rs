//! Running estimates of each claim's probability as draws accumulate, for convergence charts,
//! each with the one error rule of the results (the Wilson error at the effective number of
//! draws so far, `crate::results::wilson_error`).

use crate::engine::Draws;
use crate::model::ClaimId;
use crate::model::IdVec;
use crate::results::{wilson_error, ClaimResult};

/// Points per series (log-spaced from 100 draws to all of them).
const POINTS: usize = 60;

/// Sets the running estimate (weighted, when `weights` is given) of every claim.
pub(super) fn fill(
    claims: &mut IdVec<ClaimId, ClaimResult>,
    draws: &Draws,
    weights: Option<&[f64]>,
) {
    let n = draws.samples;
    if n < 2 {
        return;
    }
    let ends = ends(n);
    for (c, flags) in claims.iter_mut().zip(&draws.claims) {
        c.convergence = {
            let (mut sw, mut swf, mut sw2) = (0.0, 0.0, 0.0);
            let mut points: Vec<(u64, f64, f64)> = Vec::new();
            let mut i = 0;
            for &end in &ends {
                while i < end.min(n) {
                    let w = weights.map_or(1.0, |w| w[i]);
                    let f = f64::from(flags[i]);
                    sw += w;
                    swf += w * f;
                    sw2 += w * w;
                    i += 1;
                }
                if sw > 0.0 && points.last().is_none_or(|p| p.0 != i as u64) {
                    let p = swf / sw;
                    // Kish's effective sample size so far (the count for equal weights).
                    let n = if weights.is_some() { sw * sw / sw2 } else { sw };
                    points.push((i as u64, p, wilson_error(p, n)));
                }
            }
            points
        };
    }
}

/// The draw counts at which the running estimates are taken (log-spaced from 100 to `n ≥ 2`).
pub(super) fn ends(n: usize) -> Vec<usize> {
    let first = 100.min(n);
    (0..POINTS)
        .map(|k| {
            let t = k as f64 / (POINTS - 1) as f64;
            ((first as f64) * ((n as f64) / first as f64).powf(t)).round() as usize
        })
        .collect()
}

/// The unweighted running estimate from the count of draws on which the claim held within
/// the first `ends[k]` draws, `held[k]` (the same bits as [`fill`] without weights).
pub(super) fn points_from_counts(ends: &[usize], held: &[u64], n: usize) -> Vec<(u64, f64, f64)> {
    let mut points: Vec<(u64, f64, f64)> = Vec::new();
    for (&end, &h) in ends.iter().zip(held) {
        let i = end.min(n);
        if i > 0 && points.last().is_none_or(|p| p.0 != i as u64) {
            let p = h as f64 / i as f64;
            points.push((i as u64, p, wilson_error(p, i as f64)));
        }
    }
    points
}
