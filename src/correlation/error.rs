//! Why a set of correlations was refused.

/// A problem with the correlations an analyst asked for. Every message names the inputs
/// involved, so it can be reported without further context.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CorrelationError {
    /// The same input appears twice in the list of correlated inputs.
    #[error("input '{name}' is listed twice among the correlated inputs")]
    DuplicateName {
        /// The repeated input.
        name: String,
    },
    /// A pair refers to an input position past the end of the list.
    #[error(
        "correlation pair refers to input number {index}, but only {count} inputs are correlated"
    )]
    UnknownInput {
        /// The 0-based position given.
        index: usize,
        /// How many inputs there are.
        count: usize,
    },
    /// A rank correlation outside [−1, 1] (or not a number).
    #[error("rank correlation between '{a}' and '{b}' is {value}; it must be between -1 and 1")]
    OutOfRange {
        /// First input.
        a: String,
        /// Second input.
        b: String,
        /// The value given.
        value: f64,
    },
    /// A pair correlating an input with itself.
    #[error("'{name}' is correlated with itself; remove that pair (an input's correlation with itself is always 1)")]
    SelfCorrelation {
        /// The input.
        name: String,
    },
    /// The same pair given twice with different values.
    #[error("the pair '{a}'–'{b}' is given twice, as {first} and as {second}; keep one")]
    ConflictingDuplicate {
        /// First input.
        a: String,
        /// Second input.
        b: String,
        /// The value given first.
        first: f64,
        /// The value given later.
        second: f64,
    },
    /// A matrix that is not k × k for k named inputs.
    #[error("correlation matrix for {expected} inputs must have {expected} rows of {expected} values; {what}")]
    WrongShape {
        /// The number of named inputs.
        expected: usize,
        /// What was found instead.
        what: String,
    },
    /// A matrix diagonal entry other than 1.
    #[error(
        "the diagonal entry for '{name}' is {value}; an input's correlation with itself must be 1"
    )]
    NotUnitDiagonal {
        /// The input.
        name: String,
        /// The value given.
        value: f64,
    },
    /// A matrix whose (a, b) and (b, a) entries differ.
    #[error("the matrix is not symmetric: '{a}'–'{b}' is {upper} but '{b}'–'{a}' is {lower}")]
    NotSymmetric {
        /// Row input.
        a: String,
        /// Column input.
        b: String,
        /// Entry (a, b).
        upper: f64,
        /// Entry (b, a).
        lower: f64,
    },
    /// The correlations cannot all hold at once (the matrix is not positive definite).
    #[error("the correlations among {} cannot hold together: {explanation}. Loosen one of them, or set allow_adjust = true to use the nearest consistent set (the change is reported)", names.join(", "))]
    Inconsistent {
        /// The smallest group of inputs found whose correlations conflict.
        names: Vec<String>,
        /// Why, in words, with the values involved.
        explanation: String,
    },
    /// The nearest-correlation-matrix iteration did not converge (should not happen).
    #[error("could not find a consistent set of correlations near the one requested for {}", names.join(", "))]
    AdjustmentFailed {
        /// All correlated inputs.
        names: Vec<String>,
    },
}
