//! Swing: how far the output moves when one input goes from low to high, read off the draws
//! (a given-data analogue of the one-at-a-time "tornado" swing, e.g. Clemen & Reilly 2014,
//! *Making Hard Decisions*, ch. 5, but averaging over every other input instead of fixing it),
//! with its standard error and whether it is a finding.
//!
//! ```text
//! low band  L = { i : Q_x(0.05) ≤ x_i ≤ Q_x(0.15) }     draws with x near its p10
//! high band H = { i : Q_x(0.85) ≤ x_i ≤ Q_x(0.95) }     draws with x near its p90
//! swing (numeric output) = median{ y_i : i ∈ H } − median{ y_i : i ∈ L }
//! swing (claim)          = mean{ flag_i : i ∈ H } − mean{ flag_i : i ∈ L }
//! ```
//!
//! Q_x is the R-7 sample quantile and medians are R-7 medians ([`crate::stats::quantile`]),
//! so each band holds about 10% of the draws. The swing is positive when the output rises with
//! the input, in the output's unit (for a claim: the change in its probability, in [−1, 1]).
//! Bands are defined by values, not positions, so a discrete input gets whole levels: for an
//! input that is 0 or 1 with equal odds the swing compares the draws with x = 0 and x = 1.
//!
//! # Standard error
//! Conditional on the band edges the two bands hold different draws, so their errors add in
//! quadrature; the edges, sample quantiles of x, add a third term. Each band's error, with m
//! its (effective) draws:
//!
//! ```text
//! median (distribution-free, from order statistics; McKean & Schrader 1984, Price & Bonett 2001):
//!   h  = z / (2 √m)                         z = 1.96
//!   se = (Q(0.5 + h) − Q(0.5 − h)) / (2 z)   Q the band's R-7 (or weighted) quantile
//! share (binomial):
//!   se = √(p (1 − p) / m)
//! edges: a band's centre lies off its nominal probability by c = (δ₁ + δ₂)/2, δ the error
//!   of the empirical CDF at its edges (Var δ = p(1 − p)/n), which moves its value by s·c,
//!   s = (value of the band's upper half − value of its lower half) / distance of their centres
//!   var_edges = s_H² Var c_H + s_L² Var c_L − 2 s_H s_L Cov(c_H, c_L)
//! se(swing) = √(se_H² + se_L² + var_edges)
//! ```
//!
//! [Q(0.5 − h), Q(0.5 + h)] is the binomial-rank 95% interval of the median (the order
//! statistics m/2 ∓ z √m / 2); dividing its width by 2z gives a standard error that needs no
//! density estimate and holds for skewed or discrete outputs. For a normal output it is
//! ≈ 1.25 σ/√(0.1 n) per band (σ the output's spread within the band), so for n = 10^5 about
//! 0.013 σ. The edge term matters for a strong driver (a few % of the variance for a linear
//! one) and is ≈ 0 for an input the output ignores; n is the Kish effective size of all draws.
//! The tests check the whole against the spread of the swing over seeded replications.
//!
//! # Status
//! A swing is stated only when it is a finding ([`Status`], in this order): the output's own
//! status (`constant_output`, `too_few_events`), `constant_input`, `too_few_draws` when a band
//! holds fewer than [`MIN_BAND_DRAWS`] (effective) draws, `within_noise` when its 95% interval
//! (swing ± 1.96 se) holds 0, else `resolved`.
//!
//! With importance weights (after evidence) the band edges are weighted quantiles of x, the
//! medians weighted medians and the shares weighted shares (all by the weighted midpoint rule,
//! [`crate::stats::weighted_quantiles`], which is R-7 for equal weights), and m is each band's
//! Kish effective size (Σ w)² / Σ w².
//!
//! References: McKean, J. W. & Schrader, R. M. (1984), "A comparison of methods for
//! studentizing the sample median", *Communications in Statistics – Simulation and Computation*
//! 13(6), 751–773; Price, R. M. & Bonett, D. G. (2001), "Estimating the variance of the sample
//! median", *Journal of Statistical Computation and Simulation* 68(3), 295–305.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::resolve::{OutputState, Status, Z};
use super::{Estimate, Weights, MIN_DRAWS};
use crate::stats::{quantiles_r7, weighted_quantiles};

/// The band around p10 (its edges as probabilities).
pub const LOW_BAND: [f64; 2] = [0.05, 0.15];
/// The band around p90 (its edges as probabilities).
pub const HIGH_BAND: [f64; 2] = [0.85, 0.95];

/// A band with fewer (effective) draws than this leaves its swing `too_few_draws`: below it the
/// rank interval of a band's median spans more than a third of the band.
pub const MIN_BAND_DRAWS: f64 = 50.0;

/// A swing with its standard error and whether it is a finding: resolved when its 95%
/// interval, value ± 1.96 se, excludes 0 and each band holds at least 50 (effective) draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Swing {
    /// Change in the output's median (for a claim: in its probability, in [−1, 1]) when the
    /// input goes from about its p10 to its p90; in the output's unit, positive when the
    /// output rises with the input.
    pub value: f64,
    /// Its standard error (≥ 0), in the same unit: the 95% interval is value ± 1.96 se.
    pub se: f64,
    /// `resolved` when the 95% interval excludes 0; else why not (`within_noise`,
    /// `too_few_draws`, `constant_input`, `constant_output`, `too_few_events`).
    pub status: Status,
}

impl Swing {
    /// Judges estimate `e`, whose smaller band holds `band_draws` (effective) draws, of an
    /// output in state `output` for an input that is constant or not (the rules in the module
    /// docs).
    pub fn judge(e: Estimate, band_draws: f64, output: OutputState, input_constant: bool) -> Swing {
        let status = match output.status() {
            Status::Resolved if input_constant => Status::ConstantInput,
            Status::Resolved if !(band_draws >= MIN_BAND_DRAWS) => Status::TooFewDraws,
            Status::Resolved if !(e.value.abs() > Z * e.se) => Status::WithinNoise,
            Status::Resolved => Status::Resolved,
            other => other,
        };
        Swing {
            value: e.value,
            se: e.se,
            status,
        }
    }

    /// The value when it is resolved.
    pub fn resolved(&self) -> Option<f64> {
        self.status.is_resolved().then_some(self.value)
    }

    /// The estimate and its standard error.
    pub fn estimate(&self) -> Estimate {
        Estimate {
            value: self.value,
            se: self.se,
        }
    }

    /// The 95% interval, value ± 1.96 se.
    pub fn interval(&self) -> (f64, f64) {
        (self.value - Z * self.se, self.value + Z * self.se)
    }
}

/// The quantiles of x that bound the bands and split them in halves: p05, p10, p15 and p85,
/// p90, p95.
pub(super) const EDGES: [f64; 6] = [
    LOW_BAND[0],
    (LOW_BAND[0] + LOW_BAND[1]) / 2.0,
    LOW_BAND[1],
    HIGH_BAND[0],
    (HIGH_BAND[0] + HIGH_BAND[1]) / 2.0,
    HIGH_BAND[1],
];

/// The draws of one band, its lower half (by x) first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Band {
    /// Positions of the draws in the band: `draws[..split]` have x below the band's middle
    /// quantile, `draws[split..]` the rest.
    pub(super) draws: Vec<usize>,
    pub(super) split: usize,
}

impl Band {
    /// The draws of one part of the band.
    pub(super) fn part(&self, part: Part) -> &[usize] {
        match part {
            Part::All => &self.draws,
            Part::Lower => &self.draws[..self.split],
            Part::Upper => &self.draws[self.split..],
        }
    }
}

/// The low or the high band.
#[derive(Debug, Clone, Copy)]
pub(super) enum Side {
    Low,
    High,
}

/// A whole band, or its lower or upper half (by x).
#[derive(Debug, Clone, Copy)]
pub(super) enum Part {
    All,
    Lower,
    Upper,
}

/// Both sides and the three parts of a band, in the order of [`slot`].
pub(super) const SIDES: [Side; 2] = [Side::Low, Side::High];
pub(super) const PARTS: [Part; 3] = [Part::All, Part::Lower, Part::Upper];

/// The slot of a part of a band in arrays of all six: 3 × side + part.
pub(super) fn slot(side: Side, part: Part) -> usize {
    3 * side as usize + part as usize
}

/// Probabilities of the median and its binomial-rank 95% interval for m (effective) draws.
pub(super) fn median_probs(m: f64) -> [f64; 3] {
    let h = (Z / (2.0 * m.sqrt())).min(0.5);
    [0.5 - h, 0.5, 0.5 + h]
}

/// The median of some equally weighted values and its order-statistic standard error (the
/// values are reordered).
pub(super) fn median_of(v: &mut [f64]) -> (f64, f64) {
    let q = quantiles_r7(v, &median_probs(v.len() as f64));
    (q[1], (q[2] - q[0]) / (2.0 * Z))
}

/// Var of a band's centre in probability, ((δ₁ + δ₂) / 2) with δ the error of the empirical
/// CDF at its edges, times the draws: [p₁(1 − p₁) + p₂(1 − p₂) + 2 p₁(1 − p₂)] / 4.
fn centre_var([p1, p2]: [f64; 2]) -> f64 {
    (p1 * (1.0 - p1) + p2 * (1.0 - p2) + 2.0 * p1 * (1.0 - p2)) / 4.0
}

/// Cov of the low and the high band's centres, times the draws: Σ pᵢ(1 − pⱼ) / 4 over the
/// edges pᵢ of the low band and pⱼ of the high one.
fn centre_cov() -> f64 {
    let mut c = 0.0;
    for pl in LOW_BAND {
        for ph in HIGH_BAND {
            c += pl * (1.0 - ph);
        }
    }
    c / 4.0
}

/// Which draws of one input fall in its low and high bands; computed once per input and
/// applied to every output.
#[derive(Debug, Clone, PartialEq)]
pub struct SwingBands {
    pub(super) n: usize,
    /// Kish effective size of all the draws (n for equal weights).
    pub(super) ess: f64,
    /// Total weight of all the draws (n for equal weights).
    pub(super) total: f64,
    pub(super) low: Band,
    pub(super) high: Band,
    /// The importance weights; `None` for equal weights.
    pub(super) weights: Option<Vec<f64>>,
}

impl SwingBands {
    /// The bands of input `x` with the draws weighted by `weights`; `None` when it has fewer
    /// than [`MIN_DRAWS`] draws (or importance weights that do not fit them). Cost: a copy and
    /// a selection, O(n) (a sort, O(n log n), with importance weights).
    pub fn new(x: &[f64], weights: Weights<'_>) -> Option<Self> {
        if x.len() < MIN_DRAWS || !weights.fits(x.len()) {
            return None;
        }
        let edges = EDGES;
        let (q, kept) = match weights {
            Weights::Equal => (quantiles_r7(&mut x.to_vec(), &edges), None),
            Weights::Importance(w) => (weighted_quantiles(x, w, &edges), Some(w.to_vec())),
        };
        let band = |lo: f64, mid: f64, hi: f64| -> Band {
            let mut draws: Vec<usize> =
                (0..x.len()).filter(|&i| lo <= x[i] && x[i] < mid).collect();
            let split = draws.len();
            draws.extend((0..x.len()).filter(|&i| mid <= x[i] && x[i] <= hi));
            Band { draws, split }
        };
        Some(SwingBands {
            n: x.len(),
            ess: weights.ess(x.len()),
            total: (0..x.len()).map(|i| weights.at(i)).sum(),
            low: band(q[0], q[1], q[2]),
            high: band(q[3], q[4], q[5]),
            weights: kept,
        })
    }

    /// The (effective) draws of the smaller band: Kish's (Σ w)² / Σ w² with importance weights.
    pub fn band_draws(&self) -> f64 {
        self.effective(&self.low.draws)
            .min(self.effective(&self.high.draws))
    }

    /// Weight and Kish effective size of some draws.
    fn mass(&self, draws: &[usize]) -> (f64, f64) {
        match &self.weights {
            None => (draws.len() as f64, draws.len() as f64),
            Some(w) => {
                let (s, s2) = draws
                    .iter()
                    .fold((0.0, 0.0), |(s, s2), &i| (s + w[i], s2 + w[i] * w[i]));
                (s, if s2 > 0.0 { s * s / s2 } else { 0.0 })
            }
        }
    }

    fn effective(&self, draws: &[usize]) -> f64 {
        self.mass(draws).1
    }

    /// The swing and its standard error from `stat` (a band's value and its error over one of
    /// its parts): the band errors and the noise of the band edges, in quadrature (module docs).
    pub(super) fn combine(&self, stat: impl Fn(Side, Part) -> (f64, f64)) -> Estimate {
        let (hi, hi_se) = stat(Side::High, Part::All);
        let (lo, lo_se) = stat(Side::Low, Part::All);
        let d = hi - lo;
        if d.is_nan() {
            return Estimate::ZERO;
        }
        let (s_hi, s_lo) = (self.slope(Side::High, &stat), self.slope(Side::Low, &stat));
        let edges = (s_hi * s_hi * centre_var(HIGH_BAND) + s_lo * s_lo * centre_var(LOW_BAND)
            - 2.0 * s_hi * s_lo * centre_cov())
            / self.ess;
        let se = (hi_se * hi_se + lo_se * lo_se + edges.max(0.0)).sqrt();
        Estimate {
            value: d,
            se: if se.is_finite() { se } else { 0.0 },
        }
    }

    /// The band on one side.
    pub(super) fn band(&self, side: Side) -> &Band {
        match side {
            Side::Low => &self.low,
            Side::High => &self.high,
        }
    }

    /// How fast `stat` changes with the band's position, per unit of probability: its upper
    /// half's value minus its lower half's over the distance of their centres; 0 when a half
    /// holds fewer than half of [`MIN_BAND_DRAWS`] (effective) draws (as when ties put the
    /// whole band on one level of a discrete input, whose band edges then do not move).
    fn slope(&self, side: Side, stat: &impl Fn(Side, Part) -> (f64, f64)) -> f64 {
        let band = self.band(side);
        let ((wa, ea), (wb, eb)) = (
            self.mass(band.part(Part::Lower)),
            self.mass(band.part(Part::Upper)),
        );
        if !(ea >= MIN_BAND_DRAWS / 2.0 && eb >= MIN_BAND_DRAWS / 2.0) {
            return 0.0;
        }
        let apart = (wa + wb) / (2.0 * self.total);
        let s = (stat(side, Part::Upper).0 - stat(side, Part::Lower).0) / apart;
        if s.is_finite() {
            s
        } else {
            0.0
        }
    }

    /// Swing of a numeric output, median in the high band minus median in the low band, with
    /// its standard error. Zero (with zero error, so never resolved) when `y` has the wrong length
    /// or a median is NaN (possible only with NaN values in `y`).
    pub fn swing(&self, y: &[f64]) -> Estimate {
        if y.len() != self.n {
            return Estimate::ZERO;
        }
        self.combine(|side, part| self.median_in(self.band(side).part(part), y))
    }

    /// The median of `y` over `draws` and its order-statistic standard error.
    fn median_in(&self, draws: &[usize], y: &[f64]) -> (f64, f64) {
        let mut v: Vec<f64> = draws.iter().map(|&i| y[i]).collect();
        match &self.weights {
            None => median_of(&mut v),
            Some(w) => {
                let m = self.effective(draws);
                let bw: Vec<f64> = draws.iter().map(|&i| w[i]).collect();
                let q = weighted_quantiles(&v, &bw, &median_probs(m));
                (q[1], (q[2] - q[0]) / (2.0 * Z))
            }
        }
    }

    /// Swing of a claim, its probability in the high band minus that in the low band, with
    /// its binomial standard error. Zero (with zero error) when `flags` has the wrong length.
    pub fn swing_flags(&self, flags: &[u8]) -> Estimate {
        if flags.len() != self.n {
            return Estimate::ZERO;
        }
        let weight = |i: usize| self.weights.as_ref().map_or(1.0, |w| w[i]);
        self.combine(|side, part| {
            let draws = self.band(side).part(part);
            let held: f64 = draws
                .iter()
                .filter(|&&i| flags[i] != 0)
                .map(|&i| weight(i))
                .sum();
            let (all, m) = self.mass(draws);
            if all > 0.0 && m > 0.0 {
                let p = held / all;
                (p, (p * (1.0 - p) / m).sqrt())
            } else {
                (0.0, 0.0)
            }
        })
    }
}

/// How far the median of `y` moves when input `x` goes from about its p10 to its p90 (see the
/// module docs), in the unit of `y`, with its standard error; positive when y rises with x.
///
/// 0 when n < [`MIN_DRAWS`], the lengths differ, or x is constant (both bands are then every
/// draw). Runs use [`SwingBands`] once per input ([`super::analyse`]); this form is the tests'.
#[cfg(test)]
pub(crate) fn swing(x: &[f64], y: &[f64]) -> Estimate {
    if x.len() != y.len() {
        return Estimate::ZERO;
    }
    SwingBands::new(x, Weights::Equal).map_or(Estimate::ZERO, |b| b.swing(y))
}

/// How much the probability of a claim changes when input `x` goes from about its p10 to its
/// p90 (see the module docs), in [−1, 1], with its standard error; positive when the claim
/// becomes likelier as x rises.
///
/// 0 when n < [`MIN_DRAWS`], the lengths differ, or x is constant.
#[cfg(test)]
pub(crate) fn swing_flags(x: &[f64], flags: &[u8]) -> Estimate {
    if x.len() != flags.len() {
        return Estimate::ZERO;
    }
    SwingBands::new(x, Weights::Equal).map_or(Estimate::ZERO, |b| b.swing_flags(flags))
}
