//! First-order Sobol index from given data: the share of the output's variance explained by
//! one input alone, estimated from the run's own draws by conditional means over equal-count
//! bins of the input (Plischke, Borgonovo & Smith 2013; Saltelli et al. 2008, §1.2.15).
//!
//! ```text
//! S1 = Var(E[y | x]) / Var(y)
//!
//! bins b = 1..M of x (see bins.rs), n_b draws each, bin means ȳ_b, overall mean ȳ
//! SSB = Σ_b n_b (ȳ_b − ȳ)²        SSW = Σ_b Σ_{i∈b} (y_i − ȳ_b)²        SST = SSB + SSW
//! M'  = number of occupied bins,  MSW = SSW / (n − M')
//!
//! θ̂  = (SSB − (M' − 1) · MSW) / n      estimate of Var(E[y | bin])
//! V̂  = SST / (n − 1)                   estimate of Var(y)
//! S1 = θ̂ / V̂
//! ```
//!
//! # Bias correction
//! Each bin mean carries noise of variance σ_b²/n_b, which inflates the between-bin sum:
//!
//! ```text
//! E[SSB] = n · θ + Σ_b (1 − n_b/n) σ_b²,    θ = Σ_b (n_b/n)(μ_b − μ)²
//! ```
//!
//! and since Σ_b (1 − n_b/n) = M' − 1, the term is (M' − 1)σ² when the within-bin variance σ²
//! is the same in every bin, and (M' − 1) times the average σ_b² when the bins are of equal
//! size; MSW is unbiased for both, so θ̂ is unbiased for θ. Without the correction an input
//! that does nothing would show S1 ≈ (M − 1)/(n − 1) instead of 0. (This is the fixed-effects
//! version; the random-effects ANOVA estimator (MSB − MSW)/n₀ would overstate θ by M/(M − 1).)
//! What remains is the discretisation loss Var(E[y|x]) − Var(E[y|bin]) ≥ 0, discussed in
//! `bins.rs` (< 0.003 for the Ishigami function at M = 50).
//!
//! # Standard error
//! By the delta method on the influence function of Var(m(X))/Var(Y), m(x) = E[y | x]
//! (Doksum & Samarov 1995), with m estimated by the bin means, plus the variance of the
//! noise in the between-bin sum (a second-order term, 2Q below, which is all there is when the
//! input has no effect):
//!
//! ```text
//! ψ_i = [ (ȳ_b − ȳ)² − θ̂ + 2 (ȳ_b − ȳ)(y_i − ȳ_b) − S1 ((y_i − ȳ)² − V̂) ] / V̂     (b = bin(i))
//! Q   = Σ_b s_b⁴ / (n V̂)²          s_b² = sample variance of y within bin b
//! se² = max( s²(ψ)/n − 2Q,  2Q )
//! ```
//!
//! Why −2Q: the plug-in bin means carry noise of variance s_b²/n_b into the term
//! 2(ȳ_b − ȳ)(y_i − ȳ_b), which inflates s²(ψ)/n by 4Q; the true variance is the first-order
//! term plus 2Q (the χ²-like variance of SSB − (M' − 1)·MSW, Var ≈ 2 Σ_b σ_b⁴). Hence
//! first-order + 2Q = s²(ψ)/n − 2Q, and never less than 2Q. Within-bin variances (not a
//! pooled one) matter: outputs like Ishigami's are strongly heteroscedastic in x.
//!
//! s²(ψ) is the sample variance of the ψ_i. Checked by replication in `tests/it/sensitivity.rs`.
//!
//! # Weighted draws (after evidence)
//! With importance weights w_i (normalised, Σ w̃ = 1; bins of equal weight, `bins.rs`) every
//! sum becomes a weighted one and every count an effective size (Kish), which with equal
//! weights gives back the formulas above exactly:
//!
//! ```text
//! W_b = Σ_{i∈b} w̃_i      v_b = Σ_{i∈b} w̃_i² / W_b²   (1/n_b for equal weights)
//! ȳ_b = Σ_{i∈b} w̃_i y_i / W_b,   ȳ = Σ w̃_i y_i,   u = Σ w̃_i²   (1/n)
//! V̂   = Σ w̃_i (y_i − ȳ)² / (1 − u)
//! σ̂²  = Σ w̃_i (y_i − ȳ_b)² / (1 − Σ_b W_b v_b)              pooled within-bin variance
//! θ̂   = Σ_b W_b (ȳ_b − ȳ)² − σ̂² Σ_b W_b (1 − W_b) v_b      (1 − W_b) v_b W_b sums to (M' − 1)/n
//! se² = max( Σ w̃_i² (ψ_i − ψ̄)² / (1 − u) − 2Q,  2Q ),   Q = Σ_b (W_b v_b s_b²)² / V̂²
//! ```
//!
//! (the bias term is E Σ_b W_b (ȳ_b − ȳ)² − θ = Σ_b W_b (1 − W_b) Var(ȳ_b), Var(ȳ_b) = σ_b² v_b,
//! and Q is the variance of the noise in Σ_b W_b (ȳ_b − ȳ)², as above.)
//! Cost: O(n) given the ranks (three passes).

use super::bins::Bins;
#[cfg(test)]
use super::Ranks;
use super::{Estimate, Weights};

/// First-order Sobol index of the input ranked as `x` for output `y`, from given data.
///
/// `x` holds the input's ranks (rank once with [`Ranks::new`] and reuse them for every output:
/// the estimate depends on the input only through the order of its values). For a claim,
/// pass its flags as 0.0/1.0.
///
/// Returns [`Estimate::ZERO`] when n < [`MIN_DRAWS`](super::MIN_DRAWS), the lengths differ,
/// or the input or output is constant. Reading the value: 0.3 means that knowing this input
/// exactly would remove about 30% of the output's variance. Runs go through
/// [`super::analyse`], which bins each input once for every output; this single-pair form is
/// the tests'.
#[cfg(test)]
pub(crate) fn sobol_first_given_data(x: &Ranks, y: &[f64]) -> Estimate {
    if x.len() != y.len() {
        return Estimate::ZERO;
    }
    match Bins::new(x, Weights::Equal) {
        Some(bins) => from_bins(&bins, y, Weights::Equal),
        None => Estimate::ZERO,
    }
}

/// The estimator on precomputed bins (`y` has one value per draw of `bins`; `weights` those
/// the bins were built with).
pub(crate) fn from_bins(bins: &Bins, y: &[f64], weights: Weights<'_>) -> Estimate {
    // One copy of the estimator per kind of weight, so that equal weights cost no lookup.
    match weights {
        Weights::Equal => estimate(bins, y, |_| 1.0, false),
        Weights::Importance(_) => estimate(bins, y, |i| weights.at(i), false),
    }
}

/// [`from_bins`] with equal weights of a claim's flags as 0.0/1.0 (every value of `y` exactly
/// 0 or 1): each draw's terms are one of two per bin, worked out once per bin by the same
/// formulas, so the same bits in a fraction of the time.
pub(crate) fn from_flag_bins(bins: &Bins, y: &[f64]) -> Estimate {
    estimate(bins, y, |_| 1.0, true)
}

thread_local! {
    /// Each thread's column of ψ values for [`estimate`], reused from pair to pair.
    static PSIS: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`from_bins`] with draw i weighing `at(i)`; `two_level`: every weight the same and every
/// value of `y` 0.0 or 1.0, so per-draw terms are read from tables per bin and value.
fn estimate(bins: &Bins, y: &[f64], at: impl Fn(usize) -> f64 + Copy, two_level: bool) -> Estimate {
    let n = bins.n();
    let occupied = bins.occupied();
    if occupied < 2 || y.len() != n {
        return Estimate::ZERO;
    }
    let total: f64 = bins.mass().iter().sum();
    if !(total > 0.0) {
        return Estimate::ZERO;
    }
    let w = |i: usize| at(i) / total;
    let sums = bins.sums(y.iter().copied(), at);
    let grand = sums.iter().sum::<f64>() / total;
    let means: Vec<f64> = sums
        .iter()
        .zip(bins.mass())
        .map(|(&s, &m)| if m > 0.0 { s / m } else { grand })
        .collect();
    // Bin shares W_b and v_b = Σ w̃² / W_b² (1/n_b for equal weights).
    let share: Vec<f64> = bins.mass().iter().map(|m| m / total).collect();
    let v: Vec<f64> = bins
        .mass()
        .iter()
        .zip(bins.mass2())
        .map(|(&m, &m2)| if m > 0.0 { m2 / (m * m) } else { 0.0 })
        .collect();
    let ssb: f64 = means
        .iter()
        .zip(&share)
        .map(|(&m, &s)| s * (m - grand) * (m - grand))
        .sum();
    let mut ssw_b = vec![0.0; means.len()];
    let mut sst = 0.0;
    // A two-level value's place in tables of [term at 0.0, term at 1.0].
    let level = |value: f64| usize::from(value != 0.0);
    if two_level {
        let wi = w(0);
        let weighed = |value: f64, mean: f64| {
            let e = value - mean;
            wi * e * e
        };
        let around = |mean: f64| [weighed(0.0, mean), weighed(1.0, mean)];
        let within: Vec<[f64; 2]> = means.iter().map(|&m| around(m)).collect();
        let overall = around(grand);
        for (&b, &value) in bins.of().iter().zip(y) {
            ssw_b[b as usize] += within[b as usize][level(value)];
            sst += overall[level(value)];
        }
    } else {
        for (i, (&b, &value)) in bins.of().iter().zip(y).enumerate() {
            let wi = w(i);
            let e = value - means[b as usize];
            ssw_b[b as usize] += wi * e * e;
            let c = value - grand;
            sst += wi * c * c;
        }
    }
    // Σ w̃², the same for every output: summed once per input.
    let u = bins.squares();
    let ssw: f64 = ssw_b.iter().sum();
    let variance = sst / (1.0 - u);
    if variance.is_nan() || variance <= 0.0 || !(u < 1.0) {
        return Estimate::ZERO;
    }
    let within_u: f64 = share.iter().zip(&v).map(|(&s, &v)| s * v).sum();
    let pooled = ssw / (1.0 - within_u);
    let bias_factor: f64 = share.iter().zip(&v).map(|(&s, &v)| s * (1.0 - s) * v).sum();
    let theta = ssb - pooled * bias_factor;
    let s1 = theta / variance;

    // ψ_i = (d_b² − θ̂ + 2 d_b (y_i − ȳ_b) − S1 ((y_i − ȳ)² − V̂)) / V̂, d_b = ȳ_b − ȳ, with
    // the parts that depend on the bin alone (d_b² − θ̂ and 2 d_b) worked out once per bin:
    // the same operations in the same order, so the same bits.
    let per_bin: Vec<(f64, f64, f64)> = means
        .iter()
        .map(|&m| {
            let d = m - grand;
            (m, d * d - theta, 2.0 * d)
        })
        .collect();
    let psi = |b: u16, value: f64| {
        let (m, head, twice) = per_bin[b as usize];
        let c = value - grand;
        (head + twice * (value - m) - s1 * (c * c - variance)) / variance
    };
    // ψ of each draw, computed once for its mean and its spread. The mean is summed as
    // `Iterator::sum` does (from −0.0, in draw order), in the same pass. The ψ are kept in this
    // thread's scratch column: a run measures every (input, output) pair, and a fresh column
    // each time cost an allocation and its page faults per pair.
    let psi_ss: f64 = if two_level {
        // ψ takes two values per bin: the same sums from tables of w̃ ψ and w̃² (ψ − ψ̄)².
        let wi = w(0);
        let psis: Vec<[f64; 2]> = (0..per_bin.len() as u16)
            .map(|b| [psi(b, 0.0), psi(b, 1.0)])
            .collect();
        let weighed: Vec<[f64; 2]> = psis.iter().map(|p| p.map(|p| wi * p)).collect();
        let mut psi_mean = -0.0;
        for (&b, &value) in bins.of().iter().zip(y) {
            psi_mean += weighed[b as usize][level(value)];
        }
        let spread: Vec<[f64; 2]> = psis
            .iter()
            .map(|p| p.map(|p| wi * wi * (p - psi_mean).powi(2)))
            .collect();
        bins.of()
            .iter()
            .zip(y)
            .map(|(&b, &value)| spread[b as usize][level(value)])
            .sum()
    } else {
        PSIS.with(|psis| {
            let mut psis = psis.borrow_mut();
            psis.clear();
            let mut psi_mean = -0.0;
            // Written as they are computed (no zeroing of the column first).
            psis.extend(
                bins.of()
                    .iter()
                    .zip(y)
                    .enumerate()
                    .map(|(i, (&b, &value))| {
                        let p = psi(b, value);
                        psi_mean += w(i) * p;
                        p
                    }),
            );
            psis.iter()
                .enumerate()
                .map(|(i, &p)| {
                    let wi = w(i);
                    wi * wi * (p - psi_mean).powi(2)
                })
                .sum()
        })
    };
    // Noise in the between-bin sum: Var(ȳ_b) = s_b² v_b, s_b² the within-bin variance.
    let q: f64 = ssw_b
        .iter()
        .zip(&share)
        .zip(&v)
        .filter(|((_, &s), _)| s > 0.0)
        .map(|((&ss, &s), &v)| {
            // Within-bin variance with Kish's correction (ss_b/(n_b − 1) for equal weights);
            // a bin of one (effective) draw takes the pooled variance.
            let s2 = if v < 1.0 - 1e-12 {
                ss / s / (1.0 - v)
            } else {
                pooled
            };
            let t = s * v * s2;
            t * t
        })
        .sum::<f64>()
        / (variance * variance);
    let se2 = (psi_ss / (1.0 - u) - 2.0 * q).max(2.0 * q);
    Estimate {
        value: s1,
        se: se2.sqrt(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_columns_give_zero() {
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        let rx = Ranks::new(&x);
        assert_eq!(sobol_first_given_data(&rx, &[2.0; 100]), Estimate::ZERO);
        assert_eq!(
            sobol_first_given_data(&Ranks::new(&[1.0; 100]), &x),
            Estimate::ZERO
        );
        assert_eq!(sobol_first_given_data(&rx, &x[..99]), Estimate::ZERO);
        let short = Ranks::new(&x[..19]);
        assert_eq!(sobol_first_given_data(&short, &x[..19]), Estimate::ZERO);
    }

    #[test]
    fn output_equal_to_input_is_nearly_one() {
        // y = x: all variance is explained; only the within-bin spread (1/M² of it) is lost.
        let x: Vec<f64> = (0..10_000).map(|i| ((i * 7919) % 10_000) as f64).collect();
        let e = sobol_first_given_data(&Ranks::new(&x), &x);
        assert!((e.value - (1.0 - 1.0 / 2500.0)).abs() < 1e-3, "{e:?}");
        assert!(e.se < 1e-3, "{e:?}");
    }

    /// The tables of a claim's two values give the general estimator's numbers bit for bit:
    /// continuous and tied inputs, rare and common claims, claims that follow the input.
    #[test]
    fn flag_tables_are_the_general_estimator() {
        use crate::test_stats::rng;
        use rand::Rng;
        let mut r = rng(3);
        for n in [20, 77, 2000, 10_001] {
            let inputs: [Vec<f64>; 3] = [
                (0..n).map(|_| r.random::<f64>()).collect(),
                (0..n).map(|_| f64::from(r.random_range(0..5u8))).collect(),
                (0..n).map(|i| (i % 2) as f64).collect(),
            ];
            for x in &inputs {
                let Some(bins) = Bins::new(&Ranks::new(x), Weights::Equal) else {
                    continue;
                };
                for odds in [0.01, 0.3, 0.5] {
                    let y: Vec<f64> = x
                        .iter()
                        .map(|&v| f64::from(u8::from(r.random::<f64>() < odds + v / 10.0)))
                        .collect();
                    let (fast, slow) = (
                        from_flag_bins(&bins, &y),
                        from_bins(&bins, &y, Weights::Equal),
                    );
                    assert_eq!(fast.value.to_bits(), slow.value.to_bits(), "n = {n}");
                    assert_eq!(fast.se.to_bits(), slow.se.to_bits(), "n = {n}");
                }
            }
        }
    }

    #[test]
    fn shift_and_scale_invariant() {
        let x: Vec<f64> = (0..500).map(|i| ((i * 37) % 500) as f64).collect();
        let y: Vec<f64> = x
            .iter()
            .map(|v| (v / 50.0).sin() + (v * 0.37).cos())
            .collect();
        let z: Vec<f64> = y.iter().map(|v| 3.0e6 + 2.0 * v).collect();
        let rx = Ranks::new(&x);
        let (a, b) = (
            sobol_first_given_data(&rx, &y),
            sobol_first_given_data(&rx, &z),
        );
        assert!((a.value - b.value).abs() < 1e-7 && (a.se - b.se).abs() < 1e-7);
    }
}
