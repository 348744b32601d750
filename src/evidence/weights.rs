//! Importance weights from evidence entries, and their combination.
//!
//! One entry with trust t (derivation in the [module docs](super)):
//!
//! ```text
//! w_i = t L_i + (1 − t) L̄,    L̄ = (1/n) Σ_i L_i
//! ```
//!
//! Independent entries multiply. Likelihoods of narrow observations can be tiny or huge, and a
//! product of many of them under- or overflows, so weights are combined in log space and
//! rescaled by the largest before leaving it:
//!
//! ```text
//! ℓ_i = Σ_e ln(w_e,i / max_j w_e,j),    w_i = exp(ℓ_i − max_j ℓ_j) / Σ_j exp(ℓ_j − max_j ℓ_j)
//! ```
//!
//! (Dividing each entry by its largest weight first keeps the terms near 0 for the draws that
//! matter, so the sums of logs lose no accuracy.)
//!
//! The largest weight before normalising is exactly 1, so nothing overflows, and a draw is lost
//! to underflow only if its weight is below e^−745 relative to the best draw.

use rayon::prelude::*;

use super::error::EvidenceError;
use super::summary::weighted_proportion;

/// Importance weights of one evidence entry: `w_i = t·L_i + (1 − t)·L̄`, where `L_i ≥ 0` is the
/// likelihood of the observation on draw i and `trust` t is the chance the report is right.
///
/// Weights are on the scale of the likelihoods (not normalised). `trust = 1` returns the
/// likelihoods unchanged; `trust = 0` makes every weight equal (exactly L̄).
///
/// # Errors
/// [`InvalidTrust`](EvidenceError::InvalidTrust) unless 0 ≤ t ≤ 1;
/// [`NoDraws`](EvidenceError::NoDraws) for an empty slice;
/// [`InvalidLikelihood`](EvidenceError::InvalidLikelihood) for a negative or non-finite value;
/// [`ImpossibleObservation`](EvidenceError::ImpossibleObservation) when every `L_i` is 0.
pub fn evidence_weights(likelihood: &[f64], trust: f64) -> Result<Vec<f64>, EvidenceError> {
    if !(0.0..=1.0).contains(&trust) {
        return Err(EvidenceError::InvalidTrust { trust });
    }
    if likelihood.is_empty() {
        return Err(EvidenceError::NoDraws);
    }
    if let Some((index, &value)) = likelihood
        .iter()
        .enumerate()
        .find(|(_, &l)| !(l >= 0.0 && l.is_finite()))
    {
        return Err(EvidenceError::InvalidLikelihood { index, value });
    }
    let max = likelihood.iter().copied().fold(0.0, f64::max);
    if max == 0.0 {
        return Err(EvidenceError::ImpossibleObservation {
            draws: likelihood.len(),
        });
    }
    // Mean computed on the rescaled values so the sum cannot overflow.
    let mean = max * (likelihood.iter().map(|l| l / max).sum::<f64>() / likelihood.len() as f64);
    let floor = (1.0 - trust) * mean;
    Ok(likelihood.iter().map(|&l| trust * l + floor).collect())
}

/// Running log-weights, one per draw: the sum of ln w over the entries added so far.
struct LogWeights {
    lw: Vec<f64>,
    entries: usize,
}

impl LogWeights {
    fn new(n: usize) -> Self {
        LogWeights {
            lw: vec![0.0; n],
            entries: 0,
        }
    }

    fn add(&mut self, w: &[f64]) -> Result<(), EvidenceError> {
        let entry = self.entries;
        if w.len() != self.lw.len() {
            return Err(EvidenceError::LengthMismatch {
                entry,
                expected: self.lw.len(),
                found: w.len(),
            });
        }
        if let Some((index, &value)) = w
            .iter()
            .enumerate()
            .find(|(_, &v)| !(v >= 0.0 && v.is_finite()))
        {
            return Err(EvidenceError::InvalidWeight {
                entry,
                index,
                value,
            });
        }
        let max = w.iter().copied().fold(0.0, f64::max);
        if max == 0.0 && !w.is_empty() {
            return Err(EvidenceError::ImpossibleObservation { draws: w.len() });
        }
        // ln(w / max) is ≤ 0 and small for the draws that matter, so the running sums stay
        // accurate; ratios below the normal range fall back to ln w − ln max.
        let ln_max = max.ln();
        self.lw
            .par_iter_mut()
            .zip(w.par_iter())
            .for_each(|(l, &v)| {
                let q = v / max;
                *l += if q >= f64::MIN_POSITIVE {
                    q.ln()
                } else {
                    v.ln() - ln_max
                };
            });
        self.entries += 1;
        Ok(())
    }

    /// Weights rescaled so the largest is exactly 1.
    fn relative(&self) -> Result<Vec<f64>, EvidenceError> {
        let max = self.lw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            return Err(EvidenceError::JointlyImpossible {
                entries: self.entries,
            });
        }
        Ok(self.lw.par_iter().map(|&l| (l - max).exp()).collect())
    }
}

/// The weights of several independent evidence entries together, normalised to sum to 1:
/// the product of the entries' weights, computed in log space (see the module docs).
///
/// # Errors
/// [`NoEntries`](EvidenceError::NoEntries), [`NoDraws`](EvidenceError::NoDraws),
/// [`LengthMismatch`](EvidenceError::LengthMismatch),
/// [`InvalidWeight`](EvidenceError::InvalidWeight),
/// [`ImpossibleObservation`](EvidenceError::ImpossibleObservation) if one entry is zero on
/// every draw, [`JointlyImpossible`](EvidenceError::JointlyImpossible) if the product is.
pub fn combine(weights: &[Vec<f64>]) -> Result<Vec<f64>, EvidenceError> {
    let first = weights.first().ok_or(EvidenceError::NoEntries)?;
    if first.is_empty() {
        return Err(EvidenceError::NoDraws);
    }
    let mut lw = LogWeights::new(first.len());
    for w in weights {
        lw.add(w)?;
    }
    let mut w = lw.relative()?;
    let total: f64 = w.iter().sum();
    w.iter_mut().for_each(|v| *v /= total);
    Ok(w)
}

/// The probability of a claim after adding evidence entries 1..=k in order, for k = 0 (the
/// prior: the plain share of draws) up to all entries — "which report moved the answer".
///
/// `entries` are weights as from [`evidence_weights`]. Element k is the self-normalised
/// weighted share of `claim_flags` under the first k entries. Cost: one pass per entry.
///
/// # Errors
/// As [`combine`], for the first prefix of entries that fails;
/// [`LengthMismatch`](EvidenceError::LengthMismatch) (with `expected` the number of flags)
/// when an entry's length differs from `claim_flags`'; [`NoDraws`](EvidenceError::NoDraws)
/// when there are no flags.
pub fn sequential_effect(
    claim_flags: &[u8],
    entries: &[Vec<f64>],
) -> Result<Vec<f64>, EvidenceError> {
    let n = claim_flags.len();
    if n == 0 {
        return Err(EvidenceError::NoDraws);
    }
    let mut lw = LogWeights::new(n);
    let mut out = Vec::with_capacity(entries.len() + 1);
    out.push(weighted_proportion(claim_flags, &vec![1.0; n]).0);
    for w in entries {
        lw.add(w)?;
        out.push(weighted_proportion(claim_flags, &lw.relative()?).0);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_evidence_weights() {
        assert_eq!(evidence_weights(&[0.0, 2.0], 0.5).unwrap(), [0.5, 1.5]);
    }

    #[test]
    fn trust_mixes_with_the_mean_likelihood() {
        let l = [0.0, 1.0, 3.0];
        assert_eq!(evidence_weights(&l, 1.0).unwrap(), l);
        assert_eq!(evidence_weights(&l, 0.0).unwrap(), [4.0 / 3.0; 3]);
        assert_eq!(evidence_weights(&l, 0.25).unwrap(), [1.0, 1.25, 1.75]);
    }

    #[test]
    fn bad_inputs_each_get_their_error() {
        use EvidenceError::*;
        let e = |l: &[f64], t: f64| evidence_weights(l, t).unwrap_err();
        assert_eq!(e(&[0.0, 0.0], 0.7), ImpossibleObservation { draws: 2 });
        assert_eq!(e(&[0.0, 0.0], 0.0), ImpossibleObservation { draws: 2 });
        assert_eq!(
            e(&[1.0, -0.1], 1.0),
            InvalidLikelihood {
                index: 1,
                value: -0.1
            }
        );
        assert!(matches!(
            e(&[f64::NAN], 1.0),
            InvalidLikelihood { index: 0, .. }
        ));
        assert!(matches!(
            e(&[f64::INFINITY], 1.0),
            InvalidLikelihood { index: 0, .. }
        ));
        assert_eq!(e(&[], 1.0), NoDraws);
        assert_eq!(e(&[1.0], 1.5), InvalidTrust { trust: 1.5 });
        assert!(matches!(e(&[1.0], f64::NAN), InvalidTrust { .. }));
        assert!(e(&[0.0], 1.0)
            .to_string()
            .contains("zero likelihood on all 1 draws"));
    }

    #[test]
    fn huge_likelihoods_do_not_overflow_the_mean() {
        let w = evidence_weights(&[1e308, 1e308, 0.0], 0.0).unwrap();
        assert!(w.iter().all(|v| v.is_finite() && *v > 6e307));
    }

    #[test]
    fn combine_multiplies_and_normalises() {
        let w = combine(&[vec![1.0, 2.0, 0.0, 1.0], vec![3.0, 1.0, 5.0, 1.0]]).unwrap();
        let expect = [3.0 / 6.0, 2.0 / 6.0, 0.0, 1.0 / 6.0];
        for (a, b) in w.iter().zip(expect) {
            assert!((a - b).abs() < 1e-15, "{w:?}");
        }
    }

    #[test]
    fn combine_survives_products_that_underflow() {
        // 400 entries of 1e-300 vs 2e-300: the raw products underflow to 0, the ratio is 2^400
        // on the log scale; with two draws favouring each other alternately the result is even.
        let a: Vec<Vec<f64>> = (0..400)
            .map(|e| {
                if e % 2 == 0 {
                    vec![1e-300, 2e-300]
                } else {
                    vec![2e-300, 1e-300]
                }
            })
            .collect();
        let w = combine(&a).unwrap();
        assert!(
            (w[0] - 0.5).abs() < 1e-12 && (w[1] - 0.5).abs() < 1e-12,
            "{w:?}"
        );
    }

    #[test]
    fn combine_errors() {
        use EvidenceError::*;
        assert_eq!(combine(&[]).unwrap_err(), NoEntries);
        assert_eq!(combine(&[vec![]]).unwrap_err(), NoDraws);
        assert_eq!(
            combine(&[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap_err(),
            JointlyImpossible { entries: 2 }
        );
        assert_eq!(
            combine(&[vec![1.0, 0.0], vec![0.0]]).unwrap_err(),
            LengthMismatch {
                entry: 1,
                expected: 2,
                found: 1
            }
        );
        assert_eq!(
            combine(&[vec![1.0, 0.0], vec![1.0, -2.0]]).unwrap_err(),
            InvalidWeight {
                entry: 1,
                index: 1,
                value: -2.0
            }
        );
        assert_eq!(
            combine(&[vec![0.0, 0.0]]).unwrap_err(),
            ImpossibleObservation { draws: 2 }
        );
    }

    #[test]
    fn sequential_effect_walks_through_entries() {
        let flags = [1, 0, 0, 1];
        let e1 = vec![1.0, 1.0, 0.0, 0.0]; // keeps draws 0, 1
        let e2 = vec![3.0, 1.0, 1.0, 1.0];
        let p = sequential_effect(&flags, &[e1, e2]).unwrap();
        assert_eq!(p[0], 0.5);
        assert_eq!(p[1], 0.5);
        assert!((p[2] - 0.75).abs() < 1e-15);
        assert_eq!(sequential_effect(&flags, &[]).unwrap(), [0.5]);
        assert!(matches!(
            sequential_effect(&flags, &[vec![1.0]]).unwrap_err(),
            EvidenceError::LengthMismatch { .. }
        ));
    }
}
