//! How strongly one report bears on one claim: the Bayes factor
//!
//! ```text
//! BF = P(report | claim holds) / P(report | claim fails)
//! ```
//!
//! estimated from the forward (prior) draws, each draw's likelihood of the report being its
//! *trust-adjusted* likelihood L'_i = t L_i + (1 − t) L̄ (the entry's weight, [`super::evidence_weights`]):
//!
//! ```text
//! m₁ = mean of L'_i over the n₁ draws on which the claim holds    P(report | claim)
//! m₀ = mean of L'_i over the n₀ draws on which it fails           P(report | not claim)
//! BF = m₁ / m₀
//! 95% interval: exp(ln BF ± 1.96 se(ln BF))
//! ```
//!
//! The floor (1 − t) L̄ is estimated from the same draws as m₁ and m₀, and which group a draw
//! falls in is random too, so se(ln BF) is the delta method over all three (the influence of
//! each draw i, with f_i = 1 where the claim holds, π = n₁/n and L̄' the mean of L'):
//!
//! ```text
//! k   = (1 − t) / t
//! d_i = ( f_i (L'_i − m₁)/π + k (L'_i − L̄') ) / m₁ − ( (1 − f_i)(L'_i − m₀)/(1 − π) + k (L'_i − L̄') ) / m₀
//! se(ln BF) = √(Σ d_i²) / n
//! ```
//!
//! At t = 1 this is the usual √( s₁² / (n₁ m₁²) + s₀² / (n₀ m₀²) ); at t = 0, BF = 1 exactly.
//! Leaving the floor's own error out misstates the interval both ways: 16% too narrow for a
//! report that splits the draws evenly, twice too wide for the ROK figure against
//! `containers >= 10000` (trust 0.9).
//!
//! BF > 1 means the report is likelier if the claim is true (it supports the claim), BF < 1
//! that it counts against it; posterior odds = BF × prior odds when this report is the only
//! one (Kass & Raftery 1995, "Bayes factors", *JASA* 90(430): 3–20 positive, 20–150 strong,
//! above 150 very strong). Each report is measured alone against the prior draws, so the
//! factors of several reports multiply only if the reports are independent given the claim.
//!
//! Trust: with t < 1 the report may be wrong and then says nothing, so L' ≥ (1 − t) L̄ > 0 and
//! BF lies between 1 and what a fully trusted report gives: it is shrunk towards 1.
//!
//! Reported bounds (likelihood 0 or 1, trust 1): m₁ and m₀ are the shares of draws that satisfy
//! the bound among those where the claim holds and fails. If no draw on which the claim fails
//! satisfies it (m₀ = 0) the report rules the claim's failure out among the draws: BF is
//! infinite, and only a lower bound is given, m₁'s lower 95% limit over the largest value m₀ can
//! have without any draw showing it, L'_max (1 − 0.05^(1/n₀)) (the exact zero-event bound,
//! about 3 L'_max / n₀). Symmetrically m₁ = 0 gives BF = 0 with an upper bound. A claim that
//! never or always holds in the draws has no Bayes factor (undefined).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::stats::zero_event_bound;

/// z of a two-sided 95% interval.
const Z: f64 = 1.96;

/// What kind of number a Bayes factor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BayesStatus {
    /// A finite, positive estimate with an interval.
    Estimated,
    /// No draw on which the claim fails is consistent with the report: BF is infinite; only a
    /// lower bound is known.
    Infinite,
    /// No draw on which the claim holds is consistent with the report: BF is 0; only an upper
    /// bound is known.
    Zero,
    /// The claim never or always holds in the draws: there is nothing to compare.
    Undefined,
}

/// The Bayes factor of one report for one claim, with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BayesFactor {
    /// What kind of number this is.
    pub status: BayesStatus,
    /// P(report | claim holds) / P(report | claim fails); `null` when infinite or undefined.
    pub estimate: Option<f64>,
    /// Lower end of the 95% interval; `null` when undefined.
    pub lower: Option<f64>,
    /// Upper end of the 95% interval; `null` when unbounded or undefined.
    pub upper: Option<f64>,
    /// Forward draws on which the claim holds.
    pub draws_holds: u64,
    /// Forward draws on which the claim fails.
    pub draws_fails: u64,
}

/// The Bayes factor of the report whose trust-adjusted likelihood on each forward draw is
/// `likelihood` (its weights at `trust`, [`super::evidence_weights`]), for the claim with
/// per-draw `flags` (see the module docs). Lengths must match (otherwise undefined).
pub fn bayes_factor(likelihood: &[f64], flags: &[u8], trust: f64) -> BayesFactor {
    let max = likelihood.iter().copied().fold(0.0, f64::max);
    let mut sums = BayesSums::new(max, likelihood.len() == flags.len());
    for (&l, &f) in likelihood.iter().zip(flags) {
        sums.add(l, f);
    }
    let Some(mut error) = sums.error_pass(trust) else {
        return sums.finish(0.0);
    };
    for (&l, &f) in likelihood.iter().zip(flags) {
        error.add(l, f);
    }
    sums.finish(error.se())
}

/// The first look at the draws for a Bayes factor: the counts, sums and sums of squares of
/// L' / max L' in each group, and the mean of L' / max L', fed draw by draw in draw order
/// (the streaming mode feeds the same draws in the same order).
#[derive(Debug, Clone)]
pub struct BayesSums {
    max: f64,
    valid: bool,
    n: [u64; 2],
    sum: [f64; 2],
    sum2: [f64; 2],
    /// Σ L'/max, for the floor's error.
    all: f64,
}

impl BayesSums {
    /// No draws yet; `max` is the largest L' of all draws, `valid` false when the lengths of
    /// the likelihood and the flags differ.
    pub fn new(max: f64, valid: bool) -> BayesSums {
        BayesSums {
            max,
            valid: valid && max > 0.0 && max.is_finite(),
            n: [0; 2],
            sum: [0.0; 2],
            sum2: [0.0; 2],
            all: std::iter::empty::<f64>().sum(),
        }
    }

    /// The next draw: L' and whether the claim holds.
    #[inline]
    pub fn add(&mut self, l: f64, f: u8) {
        if self.valid {
            let (k, r) = (usize::from(f != 0), l / self.max);
            self.n[k] += 1;
            self.sum[k] += r;
            self.sum2[k] += r * r;
            self.all += r;
        }
    }

    /// Mean and standard error of the mean of group k, on the scale where max L' = 1.
    fn stats(&self, k: usize) -> (f64, f64) {
        let nf = self.n[k] as f64;
        let m = self.sum[k] / nf;
        let var = if self.n[k] > 1 {
            ((self.sum2[k] - nf * m * m) / (nf - 1.0)).max(0.0)
        } else {
            0.0
        };
        (m, (var / nf).sqrt())
    }

    /// The second look the interval needs (an estimate at trust > 0), if it needs one.
    pub fn error_pass(&self, trust: f64) -> Option<ErrorSums> {
        let (holds, fails) = (self.n[1], self.n[0]);
        if holds == 0 || fails == 0 || !(trust > 0.0) {
            return None;
        }
        let ((m1, _), (m0, _)) = (self.stats(1), self.stats(0));
        if !(m1 > 0.0 && m0 > 0.0) {
            return None;
        }
        let n = (holds + fails) as f64;
        Some(ErrorSums {
            scale: self.max,
            n,
            pi: holds as f64 / n,
            mean: self.all / n,
            k: (1.0 - trust) / trust,
            m: [m1, m0],
            sum2: std::iter::empty::<f64>().sum(),
        })
    }

    /// The Bayes factor, with `se` the standard error of ln BF from [`ErrorSums::se`] (any
    /// value when no error pass was needed: it is then 0 or unused).
    pub fn finish(&self, se: f64) -> BayesFactor {
        let (fails, holds) = (self.n[0], self.n[1]);
        let mut out = BayesFactor {
            status: BayesStatus::Undefined,
            estimate: None,
            lower: None,
            upper: None,
            draws_holds: holds,
            draws_fails: fails,
        };
        if holds == 0 || fails == 0 {
            return out;
        }
        let ((m1, se1), (m0, se0)) = (self.stats(1), self.stats(0));
        match (m1 > 0.0, m0 > 0.0) {
            (true, true) => {
                let ln = (m1 / m0).ln();
                out.status = BayesStatus::Estimated;
                out.estimate = Some(m1 / m0);
                out.lower = Some((ln - Z * se).exp());
                out.upper = Some((ln + Z * se).exp());
            }
            (true, false) => {
                out.status = BayesStatus::Infinite;
                out.lower = Some((m1 - Z * se1).max(0.0) / zero_event_bound(fails as f64));
            }
            (false, true) => {
                out.status = BayesStatus::Zero;
                out.estimate = Some(0.0);
                out.lower = Some(0.0);
                let low0 = m0 - Z * se0;
                out.upper = (low0 > 0.0).then(|| zero_event_bound(holds as f64) / low0);
            }
            (false, false) => {}
        }
        out
    }
}

/// se(ln BF) by the delta method over the draws (module docs), fed draw by draw in draw
/// order: L' and the group means (m₁, m₀) of L' / max L'.
#[derive(Debug, Clone)]
pub struct ErrorSums {
    scale: f64,
    n: f64,
    pi: f64,
    mean: f64,
    k: f64,
    m: [f64; 2],
    sum2: f64,
}

impl ErrorSums {
    /// The next draw: L' and whether the claim holds.
    #[inline]
    pub fn add(&mut self, l: f64, f: u8) {
        let [m1, m0] = self.m;
        let (r, floor) = (l / self.scale, self.k * (l / self.scale - self.mean));
        let d = if f != 0 {
            ((r - m1) / self.pi + floor) / m1 - floor / m0
        } else {
            floor / m1 - ((r - m0) / (1.0 - self.pi) + floor) / m0
        };
        self.sum2 += d * d;
    }

    /// se(ln BF).
    pub fn se(&self) -> f64 {
        self.sum2.sqrt() / self.n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_likelihood_ratio_of_three() {
        // L' = 0.6 where the claim holds, 0.2 where it fails: BF = 3 exactly, no spread.
        let flags: Vec<u8> = (0..1000).map(|i| u8::from(i % 4 == 0)).collect();
        let l: Vec<f64> = flags
            .iter()
            .map(|&f| if f != 0 { 0.6 } else { 0.2 })
            .collect();
        let bf = bayes_factor(&l, &flags, 1.0);
        assert_eq!(bf.status, BayesStatus::Estimated);
        assert!((bf.estimate.unwrap() - 3.0).abs() < 1e-12);
        assert!((bf.lower.unwrap() - 3.0).abs() < 1e-9 && (bf.upper.unwrap() - 3.0).abs() < 1e-9);
        assert_eq!((bf.draws_holds, bf.draws_fails), (250, 750));
    }

    #[test]
    fn a_bound_that_rules_out_the_failure_is_infinite_with_a_lower_bound() {
        // Claim and report are the same bound: every draw with the claim satisfies the report,
        // none without it does.
        let flags: Vec<u8> = (0..1000).map(|i| u8::from(i % 10 == 0)).collect();
        let l: Vec<f64> = flags.iter().map(|&f| f64::from(f)).collect();
        let bf = bayes_factor(&l, &flags, 1.0);
        assert_eq!(bf.status, BayesStatus::Infinite);
        assert_eq!((bf.estimate, bf.upper), (None, None));
        // m₁ = 1 exactly (no spread), m₀ < 1 − 0.05^(1/900) ≈ 3.3e-3: BF > ~300.
        let lower = bf.lower.unwrap();
        assert!(
            (lower - 1.0 / zero_event_bound(900.0)).abs() < 1e-9,
            "{lower}"
        );
        // The reverse: the report contradicts the claim.
        let l0: Vec<f64> = flags.iter().map(|&f| f64::from(1 - f)).collect();
        let bf0 = bayes_factor(&l0, &flags, 1.0);
        assert_eq!(bf0.status, BayesStatus::Zero);
        assert_eq!((bf0.estimate, bf0.lower), (Some(0.0), Some(0.0)));
        assert!((bf0.upper.unwrap() - zero_event_bound(100.0)).abs() < 1e-12);
    }

    #[test]
    fn trust_shrinks_towards_one_and_constant_claims_are_undefined() {
        let flags: Vec<u8> = (0..1000).map(|i| u8::from(i % 10 == 0)).collect();
        let l: Vec<f64> = flags.iter().map(|&f| f64::from(f)).collect();
        // Trust ½: L' = ½ L + ½ mean(L) = ½ L + 0.05.
        let half: Vec<f64> = l.iter().map(|v| 0.5 * v + 0.05).collect();
        let bf = bayes_factor(&half, &flags, 0.5);
        assert!((bf.estimate.unwrap() - 0.55 / 0.05).abs() < 1e-9, "{bf:?}");
        assert_eq!(
            bayes_factor(&l, &[1; 1000], 1.0).status,
            BayesStatus::Undefined
        );
        assert_eq!(
            bayes_factor(&l, &[0; 1000], 1.0).status,
            BayesStatus::Undefined
        );
        assert_eq!(
            bayes_factor(&l, &[0; 10], 1.0).status,
            BayesStatus::Undefined
        );
    }

    /// The interval's error against the spread of ln BF over 300 independent runs of 2,000
    /// draws, for two reports: one that splits the draws evenly (trust ½), where leaving the
    /// floor's own error out understates the spread by about 16%, and the ROK figure (6,700
    /// with 10% error, trust 0.9) against `containers >= 10000`, where it overstates it about
    /// twice. The spread of 300 runs is known to about 1/√600 ≈ 4%; the tolerance is 12%.
    #[test]
    fn the_interval_covers_the_uncertainty_of_the_trust_floor() {
        let even = |x: f64| (u8::from(x > 0.5), (-0.5 * ((x - 1.0) / 0.7).powi(2)).exp());
        let rok = |x: f64| {
            let c = (8062.3_f64.ln() + 0.2904 * x).exp(); // 90% of draws in 5,000–13,000
            let l = (-0.5 * ((6700.0 - c) / (0.1 * c)).powi(2)).exp() / c;
            (u8::from(c >= 10_000.0), l)
        };
        type Report<'a> = &'a dyn Fn(f64) -> (u8, f64);
        let cases: [(f64, Report); 2] = [(0.5, &even), (0.9, &rok)];
        for (t, report) in cases {
            let mut rng = crate::test_stats::rng(17);
            let (n, runs) = (2000, 300);
            let (mut lns, mut ses) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                let draws = crate::test_stats::normals(&mut rng, n);
                let (flags, l): (Vec<u8>, Vec<f64>) = draws.iter().map(|&x| report(x)).unzip();
                let adjusted = crate::evidence::evidence_weights(&l, t).unwrap();
                let bf = bayes_factor(&adjusted, &flags, t);
                let (lo, hi) = (bf.lower.unwrap().ln(), bf.upper.unwrap().ln());
                lns.push(bf.estimate.unwrap().ln());
                ses.push((hi - lo) / (2.0 * Z));
            }
            let mean = lns.iter().sum::<f64>() / runs as f64;
            let var = lns.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (runs - 1) as f64;
            let se = ses.iter().sum::<f64>() / runs as f64;
            let ratio = se / var.sqrt();
            assert!(
                (ratio - 1.0).abs() < 0.12,
                "trust {t}: error / spread = {ratio}"
            );
        }
    }
}
