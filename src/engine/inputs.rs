//! How inputs are drawn: plain Monte Carlo, Latin hypercube, and correlated inputs.
//!
//! - **Latin hypercube** (`--sampling lhs`; McKay, Beckman & Conover 1979): for an input with a
//!   fixed distribution F and N draws, draw `i` is `F⁻¹((π(i) + U_i) / N)` where π is a random
//!   permutation of 0..N (one per input, keyed from the seed and the input; computed per draw
//!   without memory, see `permute`) and `U_i` uniform on [0, 1): each of the N
//!   equal-probability strata holds exactly one draw. Inputs written as anything
//!   other than one distribution with constant arguments (mixtures, formulas, uncertain
//!   arguments) are drawn by plain Monte Carlo.
//! - **Correlated inputs** (Gaussian copula): per draw, k standard normals ε become `z = L ε`
//!   with L the Cholesky factor of the normal-scale correlation matrix. Under plain Monte Carlo
//!   the inputs' own independent draws are then reordered within each chunk to follow the ranks
//!   of z (Iman & Conover 1982, with normal scores): each input keeps an exact sample of its own
//!   distribution, draws no inverse CDF, and takes the copula's rank correlation. Under LHS, ε is
//!   stratified and input j is `F_j⁻¹(Φ(z_j))`.
//!
//! Permutations depend only on the seed and the quantity, never on the thread count.

use super::permute::Permutation;
use crate::dist::{Dist, Family};
use crate::model::{CorrelatedInputs, IdVec, QuantityId};
use rand::Rng;
use rand_distr::StandardNormal;

/// Sampling method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// Independent draws.
    #[default]
    Mc,
    /// Latin hypercube over the inputs with fixed distributions.
    Lhs,
}

impl Sampling {
    /// `"mc"` or `"lhs"`, as in summary.json.
    pub fn name(self) -> &'static str {
        match self {
            Sampling::Mc => "mc",
            Sampling::Lhs => "lhs",
        }
    }
}

/// Per-run input plan: LHS permutations for the stratified inputs.
#[derive(Debug, Clone, Default)]
pub struct InputPlan {
    /// Strata count (the number of draws) under LHS.
    pub strata: usize,
    /// For each quantity: its LHS permutation and distribution, if stratified.
    pub lhs: IdVec<QuantityId, Option<(Permutation, Dist)>>,
    /// For each copula dimension: its permutation, under LHS.
    pub copula_lhs: Vec<Permutation>,
}

impl InputPlan {
    /// The plan for `samples` draws: LHS permutations for every input with a fixed
    /// distribution (`fixed[q]`), and for every copula dimension.
    pub fn new(
        sampling: Sampling,
        samples: usize,
        seed: u64,
        fixed: &IdVec<QuantityId, Option<Dist>>,
        correlated: Option<&CorrelatedInputs>,
    ) -> InputPlan {
        if sampling == Sampling::Mc {
            return InputPlan {
                strata: samples,
                lhs: fixed.map(|_| None),
                copula_lhs: Vec::new(),
            };
        }
        let n = samples as u64;
        let in_copula =
            |q: QuantityId| correlated.is_some_and(|c| c.members.iter().any(|m| m.0 == q));
        let lhs = fixed
            .iter_enumerated()
            .map(|(q, d)| match d {
                Some(d) if !in_copula(q) => {
                    Some((Permutation::new(seed, q.index() as u64, n), d.clone()))
                }
                _ => None,
            })
            .collect();
        let copula_lhs = correlated
            .map(|c| {
                (0..c.members.len())
                    .map(|j| Permutation::new(seed, (1 << 32) + j as u64, n))
                    .collect()
            })
            .unwrap_or_default();
        InputPlan {
            strata: samples,
            lhs,
            copula_lhs,
        }
    }
}

fn std_normal() -> Dist {
    Dist::new(Family::Normal, &[0.0, 1.0]).expect("valid")
}

/// Fills an input's chunk `out` (global draws `base..`) from its LHS stratum permutation.
pub fn fill_lhs<R: Rng>(
    perm: &Permutation,
    dist: &Dist,
    strata: usize,
    base: usize,
    rng: &mut R,
    out: &mut [f64],
) {
    let n = strata as f64;
    for (i, o) in out.iter_mut().enumerate() {
        let u = (perm.at((base + i) as u64) as f64 + rng.random::<f64>()) / n;
        *o = dist.inverse_cdf(u.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0));
    }
}

/// Draws the correlated inputs of one chunk into their columns `qs[member]`.
pub fn fill_correlated<R: Rng>(
    c: &CorrelatedInputs,
    plan: &InputPlan,
    base: usize,
    rng: &mut R,
    qs: &mut IdVec<QuantityId, &mut [f64]>,
    len: usize,
) {
    let phi = std_normal();
    let mut z: Vec<Vec<f64>> = vec![vec![0.0; len]; c.members.len()];
    for (j, col) in z.iter_mut().enumerate() {
        match plan.copula_lhs.get(j) {
            Some(perm) => {
                let n = plan.strata as f64;
                for (i, v) in col.iter_mut().enumerate() {
                    let u = (perm.at((base + i) as u64) as f64 + rng.random::<f64>()) / n;
                    *v = phi.inverse_cdf(u.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0));
                }
            }
            None => col.iter_mut().for_each(|v| *v = rng.sample(StandardNormal)),
        }
    }
    let mut refs: Vec<&mut [f64]> = z.iter_mut().map(|v| v.as_mut_slice()).collect();
    c.copula.apply_columns(&mut refs);
    for ((q, dist), col) in c.members.iter().zip(&z) {
        if plan.copula_lhs.is_empty() {
            // Iman–Conover within the chunk: the input's own draws, sorted, placed by z's ranks.
            let mut own = vec![0.0; len];
            dist.fill(rng, &mut own);
            own.sort_unstable_by(f64::total_cmp);
            let mut order: Vec<usize> = (0..len).collect();
            order.sort_unstable_by(|&a, &b| col[a].total_cmp(&col[b]));
            for (rank, &i) in order.iter().enumerate() {
                qs[*q][i] = own[rank];
            }
        } else {
            for (o, &zi) in qs[*q].iter_mut().zip(col) {
                let u = phi
                    .cdf(zi)
                    .clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
                *o = dist.inverse_cdf(u);
            }
        }
    }
}
