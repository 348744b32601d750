//! Why evidence could not be applied.

/// A problem with likelihood values or weights. The engine adds which evidence entry it was.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvidenceError {
    /// The likelihood is zero on every draw: the model says the observation cannot happen.
    #[error(
        "the observation has zero likelihood on all {draws} draws: the model as written says it \
         cannot happen (check its units, or widen the inputs it depends on)"
    )]
    ImpossibleObservation {
        /// Number of draws.
        draws: usize,
    },
    /// Every entry is possible on its own, but no draw is consistent with all of them together.
    #[error(
        "no draw is consistent with all {entries} evidence entries together (each is possible \
         on its own); they contradict each other under this model"
    )]
    JointlyImpossible {
        /// Number of entries combined.
        entries: usize,
    },
    /// A likelihood value that is negative, infinite or not a number.
    #[error("likelihood on draw {index} is {value}; it must be a finite number ≥ 0")]
    InvalidLikelihood {
        /// 0-based draw.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A weight that is negative, infinite or not a number.
    #[error("weight of evidence entry {entry} on draw {index} is {value}; it must be a finite number ≥ 0")]
    InvalidWeight {
        /// 0-based entry.
        entry: usize,
        /// 0-based draw.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A trust outside [0, 1].
    #[error("trust is {trust}; it is the chance the report is right and must be between 0 and 1")]
    InvalidTrust {
        /// The value given.
        trust: f64,
    },
    /// Entries of different lengths.
    #[error("evidence entry {entry} has {found} weights but entry 0 has {expected}")]
    LengthMismatch {
        /// 0-based entry.
        entry: usize,
        /// Length of entry 0.
        expected: usize,
        /// Length of this entry.
        found: usize,
    },
    /// Nothing to weight.
    #[error("there are no draws to weight")]
    NoDraws,
    /// No entries to combine.
    #[error("there are no evidence entries to combine")]
    NoEntries,
}
