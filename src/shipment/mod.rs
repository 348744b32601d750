//! Shipment kernels: one Monte Carlo iteration of "n containers, each carrying a random number
//! of rounds, from lots with different dud rates", computed exactly and fast.
//!
//! The engine calls these once per iteration with that iteration's parameter values, so
//! shipment-level uncertainty (an uncertain mean load, an uncertain dud rate) is the caller's;
//! these kernels add the container-to-container and shell-to-shell variation exactly.
//!
//! ```text
//! load     sum_loads(n, X)           T = X_1 + … + X_n, each X_i drawn on its own and rounded
//!                                    (round(X) continuous: one alias-table word each, exact)
//!                                    exact shortcuts: Poisson(λ)ⁿ → Poisson(nλ),
//!                                    Binomial(m, p)ⁿ → Binomial(nm, p), constant c → n·c
//! split    split_multinomial_into    Multinomial(n, s) by k−1 conditional binomials
//! thin     thin(k, p)                Binomial(k, p): the working part of k rounds
//! driver   shipment_iteration        containers → cargo types → lots → delivered → working
//! trace    record / replay           a delivery's loads read back at other lot boundaries
//! ```
//!
//! References: conditional-binomial multinomial sampling, Devroye, *Non-Uniform Random Variate
//! Generation* (1986), §XI.1; Poisson and binomial sampling by rand_distr (Hörmann's PTRS,
//! Kachitvichyanukul & Schmeiser's BTPE); additivity of independent Poisson, binomial (same p),
//! normal and gamma (same scale) variables, e.g. Johnson, Kemp & Kotz, *Univariate Discrete
//! Distributions* (3rd ed., 2005). Compound-sum moments used by the tests:
//! `E[T] = E[N]·E[X]`, `Var[T] = E[N]·Var[X] + Var[N]·E[X]²`.

mod iteration;
mod load;
mod split;
mod table;
#[cfg(test)]
mod tests;
pub mod trace;

pub use iteration::{check_lots, deliver, work, Assign, Cargo, Grid, IterationResult, Lot};
pub use load::{whole_rounds, LoadModel, TWO_POW_64};
pub use split::check_shares;

/// A parameter outside what a kernel allows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShipmentError {
    /// A load-model parameter out of range, e.g. a negative Poisson mean.
    #[error("{model} load: {param} = {value} is not allowed; must be {allowed}")]
    BadParameter {
        /// The load model, e.g. `poisson`.
        model: &'static str,
        /// The parameter, e.g. `mean`.
        param: &'static str,
        /// The value given.
        value: f64,
        /// What is allowed.
        allowed: &'static str,
    },
    /// No shares at all.
    #[error("{what} shares: at least one share is needed")]
    NoShares {
        /// Which shares (`cargo`, `lot`, …).
        what: &'static str,
    },
    /// A share outside [0, 1] (or NaN).
    #[error("{what} shares: share {index} is {value}; each share must be in [0, 1]")]
    ShareOutOfRange {
        /// Which shares.
        what: &'static str,
        /// 0-based position.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// Shares that do not add up to 1.
    #[error("{what} shares add up to {sum}; they must add up to 1 (within 1e-9)")]
    SharesDontSumToOne {
        /// Which shares.
        what: &'static str,
        /// Their sum.
        sum: f64,
    },
    /// A container of cargo type `cargo` drew a load below 0.
    #[error("a container drew {value} rounds; a load must be ≥ 0 (the load distribution puts weight below 0: use one that cannot, such as poisson, binomial or gamma, or a normal whose mean is many sd above 0)")]
    NegativeLoad {
        /// 0-based cargo type.
        cargo: usize,
        /// The load drawn.
        value: f64,
    },
    /// A count of cargo type `cargo`'s rounds (or of all rounds) exceeds 2⁶⁴ − 1.
    #[error("the number of rounds exceeds 18,446,744,073,709,551,615 (2^64 − 1), the largest count shellcount can hold")]
    Overflow {
        /// 0-based cargo type, when one cargo type's rounds overflow.
        cargo: Option<usize>,
    },
    /// A probability outside [0, 1] (or NaN): a working share or a dud rate.
    #[error("{what} = {value} is not allowed; must be in [0, 1]")]
    BadProbability {
        /// Which probability, e.g. `dud_rate of lot 2`.
        what: String,
        /// The value given.
        value: f64,
    },
}
