//! The typed error returned when distribution parameters or mixture weights are invalid.
//!
//! Every message names the family (by its signature, e.g. `beta(a, b)`), the parameter,
//! what is allowed and the value that was given, so it can be shown to a user as is.

use super::Family;

/// Why a distribution could not be constructed, or why mixture weights were rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// Wrong number of parameters for the family.
    #[error("{name} takes {expected} argument{s} ({list}), got {got}",
        name = .family.name(), s = if *.expected == 1 { "" } else { "s" },
        list = .family.param_names().join(", "))]
    Arity {
        /// The family.
        family: Family,
        /// How many parameters the family takes.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// A parameter is NaN or infinite.
    #[error("{sig}: {param} must be a finite number, got {value}", sig = .family.signature())]
    NonFinite {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// A parameter must be strictly positive.
    #[error("{sig}: {param} must be > 0, got {value}", sig = .family.signature())]
    NotPositive {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// A parameter must be zero or positive.
    #[error("{sig}: {param} must be >= 0, got {value}", sig = .family.signature())]
    Negative {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// A parameter exceeds the largest supported value.
    #[error("{sig}: {param} must be at most {max:e}, got {value}", sig = .family.signature())]
    TooLarge {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
        /// The largest supported value.
        max: f64,
    },
    /// A count parameter is not a whole number.
    #[error("{sig}: {param} must be a whole number (a count), got {value}",
        sig = .family.signature())]
    NotWhole {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// A probability parameter is outside `[0, 1]`.
    #[error("{sig}: {param} must be between 0 and 1, got {value}", sig = .family.signature())]
    NotProbability {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// A parameter must lie strictly between 0 and 1.
    #[error("{sig}: {param} must be strictly between 0 and 1, got {value}",
        sig = .family.signature())]
    NotInOpenUnit {
        /// The family.
        family: Family,
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// Two parameters must be strictly increasing (`lo < hi`, `p5 < p95`).
    #[error("{sig}: needs {lo_name} < {hi_name}, got {lo_name} = {lo}, {hi_name} = {hi}",
        sig = .family.signature())]
    NotIncreasing {
        /// The family.
        family: Family,
        /// Name of the parameter that must be smaller.
        lo_name: &'static str,
        /// Its value.
        lo: f64,
        /// Name of the parameter that must be larger.
        hi_name: &'static str,
        /// Its value.
        hi: f64,
    },
    /// The mode of a triangular or PERT distribution lies outside `[lo, hi]`.
    #[error("{sig}: needs lo <= mode <= hi, got lo = {lo}, mode = {mode}, hi = {hi}",
        sig = .family.signature())]
    ModeOutside {
        /// The family.
        family: Family,
        /// Lower bound.
        lo: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        hi: f64,
    },
    /// `a to b` with `a <= 0`.
    #[error(
        "`a to b` needs 0 < a < b; got a = {a}: for quantities that can be zero or \
             negative use normal_ci(a, b) or uniform(a, b)"
    )]
    ToNotPositive {
        /// The lower (5th percentile) bound.
        a: f64,
        /// The upper (95th percentile) bound.
        b: f64,
    },
    /// `a to b` with `a >= b`.
    #[error("`a to b` needs 0 < a < b; got a = {a}, b = {b}: {hint}",
        hint = if .a == .b {
            "the bounds are equal (for a fixed value write the number itself)"
        } else {
            "the bounds are reversed"
        })]
    ToNotIncreasing {
        /// The lower (5th percentile) bound.
        a: f64,
        /// The upper (95th percentile) bound.
        b: f64,
    },
    /// No beta distribution has the requested 5th and 95th percentiles.
    #[error(
        "beta_ci(p5, p95): the interval {p5} to {p95} cannot be matched by a beta \
             distribution (no beta has these 5th and 95th percentiles to 1e-6, and both must \
             lie between 0.000001 and 0.999999); try a wider interval, or normal_ci(p5, p95)"
    )]
    BetaCiNoFit {
        /// Requested 5th percentile.
        p5: f64,
        /// Requested 95th percentile.
        p95: f64,
    },
    /// A mixture was given no weights.
    #[error("mixture weights: need at least one weight, got none")]
    NoWeights,
    /// A mixture weight is negative, NaN or infinite.
    #[error("mixture weights: weight {index} must be a finite number >= 0, got {value}",
        index = .index + 1)]
    BadWeight {
        /// Zero-based position of the weight.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// All mixture weights are zero.
    #[error("mixture weights: must sum to more than 0, but all {count} are 0")]
    ZeroWeights {
        /// Number of weights.
        count: usize,
    },
}
