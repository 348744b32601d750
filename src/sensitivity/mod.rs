//! Which input assumption decides the answer: sensitivity measures computed from the draws a
//! run already made (plus, optionally, a Saltelli design that needs extra model runs).
//!
//! Every function is pure and works on columns: one `f64` per Monte Carlo draw for inputs and
//! numeric outputs, one `u8` flag per draw for claims (1 = the claim holds; read as y ∈ {0, 1}).
//!
//! | measure | file | question it answers |
//! |---|---|---|
//! | Spearman's ρ | [`rank`] | does the output tend to rise or fall with the input? |
//! | given-data first-order index | [`sobol`] | what share of the output's variance would vanish if the input were known exactly? |
//! | [`total_order`] | [`saltelli`] | the share of variance involving the input at all (with interactions), from a design |
//! | [`Swing`] | [`swing`](mod@swing) | how far the output's median moves from a low (p10) to a high (p90) input, with its standard error |
//! | value of information | [`voi`] | how much learning the input would move a claim's probability, and how likely it would flip the verdict |
//! | [`analyse`] | [`driver`] | all of the given-data measures for every (input, output) pair, in parallel; [`Sensitivity`] and [`Voi`] are the result types every output uses |
//! | [`Index`] | [`resolve`] | whether an index is a finding ("resolved") or why not |
//! | (the swing's fast path) | [`ordered`] | the same swing from the columns' order by value, without a sort per band |
//!
//! Every given-data measure also has a weighted form ([`Weights`]): with importance weights
//! (after evidence) sums become weighted sums and counts Kish effective sizes, so the numbers
//! describe the weighted draws; with equal weights they are the unweighted formulas.
//!
//! Each measure also has a single-pair form (`spearman`, `sobol_first_given_data`, `swing`,
//! `swing_flags`, `value_of_information`), compiled for the tests only: runs call [`analyse`],
//! which ranks, bins and bands every column once.
//!
//! References:
//! - Saltelli, A., Ratto, M., Andres, T., et al. (2008), *Global Sensitivity Analysis: The Primer*, Wiley.
//! - Plischke, E., Borgonovo, E. & Smith, C. L. (2013), "Global sensitivity measures from given
//!   data", *European Journal of Operational Research* 226(3), 536–550.
//! - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S. (2010),
//!   "Variance based sensitivity analysis of model output. Design and estimator for the total
//!   sensitivity index", *Computer Physics Communications* 181(2), 259–270.
//! - Jansen, M. J. W. (1999), "Analysis of variance designs for model output", *Computer Physics
//!   Communications* 117(1–2), 35–43.
//! - Doksum, K. & Samarov, A. (1995), "Nonparametric estimation of global functionals and a
//!   measure of the explanatory power of covariates in regression", *Annals of Statistics*
//!   23(5), 1443–1473 (the influence function behind the given-data standard error).
//!
//! # Degenerate input
//! No function here panics or returns NaN for a degenerate column. Fewer than [`MIN_DRAWS`]
//! draws, columns of different lengths, or a constant input or output give 0 for every index
//! (and 0 for its standard error): with no variation there is nothing to attribute. Only NaN
//! *values* in an output column propagate (the engine never produces them).
//!
//! # Determinism
//! Every sum runs in a fixed order on one thread; [`analyse`] only parallelises across columns
//! and (input, output) pairs, each measured whole by one thread, so results are identical bit
//! for bit on any number of threads.

mod bins;
mod driver;
mod ordered;
mod rank;
mod resolve;
mod saltelli;
mod sobol;
mod swing;
#[cfg(test)]
mod tests;
mod voi;
mod weights;

pub use driver::{analyse, constant, Column, Sensitivity};
pub use rank::Ranks;
pub use resolve::{range_status, Index, OutputState, Status, Z};
pub use saltelli::total_order;
pub use swing::Swing;
pub use voi::Voi;
pub use weights::Weights;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Fewer draws than this (per column) give zero for every given-data measure and Saltelli index.
pub const MIN_DRAWS: usize = 20;

/// A sensitivity index and its standard error (both dimensionless shares of variance).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Estimate {
    /// The estimate; a share of the output's variance, nominally in [0, 1] but can fall
    /// slightly outside it by sampling noise (it is not clamped, which would bias it).
    pub value: f64,
    /// Its standard error (≥ 0): the estimate is within ±2·se of the truth about 95% of the time.
    pub se: f64,
}

impl Estimate {
    /// Zero with zero standard error: the result for degenerate input.
    pub const ZERO: Estimate = Estimate {
        value: 0.0,
        se: 0.0,
    };
}
