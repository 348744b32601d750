//! Conditioning on what sources report, by importance weighting of the prior draws.
//!
//! Each evidence entry gives, for every draw i, the likelihood L_i ≥ 0 of what was observed
//! (the pdf or pmf of the observation's distribution at the observed value, or 1/0 for a bound
//! that must hold). Weighting draws by L_i turns averages over the prior into averages over the
//! posterior: self-normalised importance sampling with the prior as proposal (Owen 2013,
//! *Monte Carlo theory, methods and examples*, ch. 9).
//!
//! # Trust
//!
//! A report is right with probability t. If it is wrong it carries no information about the
//! inputs: its density does not depend on them. Taking that density to be the prior predictive
//! likelihood m = E_prior(L), estimated by L̄ = mean of L_i,
//!
//! ```text
//! p(y | θ)  = t L(θ) + (1 − t) m
//! p(y)      = t m + (1 − t) m = m
//! p(θ | y)  = π(θ) [t L(θ) + (1 − t) m] / m
//!           = t · π(θ) L(θ)/m + (1 − t) · π(θ)
//!           = t · posterior-if-right + (1 − t) · prior
//! ```
//!
//! so the posterior is the mixture with weight t' = P(right | y) = t m / (t m + (1 − t) m) = t:
//! seeing the report does not change the odds that it is right, and t = 0 leaves the prior
//! unchanged (every weight equal). With draws, the weights w_i = t L_i + (1 − t) L̄ give exactly
//!
//! ```text
//! Σ w_i f_i / Σ w_i = t · (Σ L_i f_i / Σ L_i) + (1 − t) · (1/n) Σ f_i
//! ```
//!
//! the same mixture of the weighted and the unweighted estimate. (A wrong-report density g
//! other than m would give t' = t m / (t m + (1 − t) g); m is the one choice under which the
//! analyst's t keeps its meaning after the report is seen.) With several entries each one's
//! L̄ is taken over the prior, so t' of one entry then also depends on the others.
//!
//! # Several entries
//!
//! Independent reports multiply: w_i = Π_e w_e,i, combined in log space ([`combine`]).
//! The effective sample size ([`ess()`], Kish 1965) says how many draws the weighted results
//! rest on; [`ess_warning`] flags too few.
//!
//! - [`bayes`]: how strongly each report bears on each claim (Bayes factors);
//! - [`weights`]: one entry's weights, combining entries, and the claim probability as entries
//!   are added one by one;
//! - [`summary`]: weighted mean / sd, quantiles (one named rule), proportion with MCSE;
//! - [`ess`](mod@ess): effective sample size and its warning;
//! - [`error`]: what can go wrong.

mod bayes;
mod error;
mod ess;
mod summary;
#[cfg(test)]
mod tests;
mod weights;

pub use bayes::{bayes_factor, BayesFactor, BayesStatus, BayesSums, ErrorSums};
pub use error::EvidenceError;
pub use ess::{ess, ess_threshold};
pub use summary::{weighted_mean_sd, weighted_proportion, weighted_quantiles};
pub use weights::{combine, evidence_weights, sequential_effect};
