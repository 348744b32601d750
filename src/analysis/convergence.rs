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
    let ends: Vec<usize> = ends(n).into_iter().map(|e| e.min(n)).collect();
    if weights.is_none() {
        // Without weights the running sums are whole numbers (draws, and draws on which the
        // claim held), so the points come from counts between the ends (the same bits as
        // summing draw by draw below, in a fraction of the time: no chain of float additions).
        for (c, flags) in claims.iter_mut().zip(&draws.claims) {
            c.convergence = counted(flags, &ends, n);
        }
        return;
    }
    for (c, flags) in claims.iter_mut().zip(&draws.claims) {
        let mut run = Running::new(weights.is_some());
        for (i, &f) in flags.iter().enumerate() {
            run.add(&ends, weights.map_or(1.0, |w| w[i]), f);
        }
        c.convergence = run.points;
    }
}

/// The unweighted running estimate of the claim with `flags` (one per draw, n of them) at
/// `ends` (non-decreasing, each at most n), from the counts of draws on which it held.
fn counted(flags: &[u8], ends: &[usize], n: usize) -> Vec<(u64, f64, f64)> {
    let mut held = Vec::with_capacity(ends.len());
    let (mut at, mut h) = (0, 0u64);
    for &end in ends {
        h += flags[at..end].iter().filter(|&&f| f != 0).count() as u64;
        held.push(h);
        at = end;
    }
    points_from_counts(ends, &held, n)
}

/// One claim's running estimate, fed draw by draw in draw order (the streaming mode feeds
/// the same draws in the same order, so both get the same bits).
#[derive(Debug, Clone)]
pub(super) struct Running {
    sw: f64,
    swf: f64,
    sw2: f64,
    i: usize,
    next_end: usize,
    weighted: bool,
    /// The points so far.
    pub(super) points: Vec<(u64, f64, f64)>,
}

impl Running {
    pub(super) fn new(weighted: bool) -> Running {
        Running {
            sw: 0.0,
            swf: 0.0,
            sw2: 0.0,
            i: 0,
            next_end: 0,
            weighted,
            points: Vec::new(),
        }
    }

    /// The next draw, of weight `w`, on which the claim holds if `f` ≠ 0; `ends` as [`ends`],
    /// each at most the number of draws.
    #[inline]
    pub(super) fn add(&mut self, ends: &[usize], w: f64, f: u8) {
        // Points at ends already reached (an end of 0 or one repeated).
        self.settle(ends);
        let f = f64::from(f);
        self.sw += w;
        self.swf += w * f;
        self.sw2 += w * w;
        self.i += 1;
        self.settle(ends);
    }

    fn settle(&mut self, ends: &[usize]) {
        while let Some(&end) = ends.get(self.next_end) {
            if end > self.i {
                break;
            }
            self.next_end += 1;
            if self.sw > 0.0 && self.points.last().is_none_or(|p| p.0 != self.i as u64) {
                let p = self.swf / self.sw;
                // Kish's effective sample size so far (the count for equal weights).
                let n = if self.weighted {
                    self.sw * self.sw / self.sw2
                } else {
                    self.sw
                };
                self.points.push((self.i as u64, p, wilson_error(p, n)));
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// The counted points are the draw-by-draw running sums' points, bit for bit: short and
    /// long runs, claims that never, rarely, often and always hold.
    #[test]
    fn counted_points_are_the_running_sums() {
        let mut r = crate::test_stats::rng(3);
        for n in [2usize, 7, 100, 101, 1000, 12_345] {
            let ends: Vec<usize> = ends(n).into_iter().map(|e| e.min(n)).collect();
            for share in [0.0, 0.03, 0.5, 1.0] {
                let flags: Vec<u8> = (0..n)
                    .map(|_| u8::from(r.random::<f64>() < share))
                    .collect();
                let mut run = Running::new(false);
                for &f in &flags {
                    run.add(&ends, 1.0, f);
                }
                let bits = |ps: &[(u64, f64, f64)]| -> Vec<(u64, u64, u64)> {
                    ps.iter()
                        .map(|&(i, p, e)| (i, p.to_bits(), e.to_bits()))
                        .collect()
                };
                assert_eq!(
                    bits(&counted(&flags, &ends, n)),
                    bits(&run.points),
                    "n {n}, share {share}"
                );
            }
        }
    }
}
