//! The validated scenario: after [`super::validate`], every invariant holds.

use crate::model::{ClaimId, IdVec, Program, QuantityId, QuantityKind, Side};

/// Default number of draws when neither the file nor `--samples` sets it.
pub const DEFAULT_SAMPLES: u64 = 100_000;
/// Default seed when neither the file nor `--seed` sets it.
pub const DEFAULT_SEED: u64 = 20_240_226;

/// A scenario ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The path as given.
    pub path: String,
    /// File name without folders.
    pub file_name: String,
    /// File name without extension: the output folder's name.
    pub stem: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// `[scenario] title`.
    pub title: String,
    /// `[scenario] description`.
    pub description: Option<String>,
    /// `[scenario] samples`, if set.
    pub samples: Option<u64>,
    /// `[scenario] seed`, if set.
    pub seed: Option<u64>,
    /// Sources, in file order.
    pub sources: Vec<Source>,
    /// Quantities: inputs first, then model quantities, each in file order.
    pub quantities: IdVec<QuantityId, Quantity>,
    /// Claims, in file order.
    pub claims: IdVec<ClaimId, Claim>,
    /// The compiled model.
    pub program: Program,
    /// `[correlation]`, validated.
    pub correlation: Option<super::dependence::CorrelationInfo>,
    /// `[[evidence]]`, validated, in file order.
    pub evidence: Vec<super::dependence::EvidenceInfo>,
}

/// A `[[source]]`.
#[derive(Debug, Clone)]
pub struct Source {
    /// Identifier.
    pub id: String,
    /// Citation.
    pub cite: String,
    /// Address.
    pub url: Option<String>,
    /// Date as written.
    pub date: Option<String>,
}

/// An input or model quantity.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// Name.
    pub name: String,
    /// Input or model.
    pub kind: QuantityKind,
    /// Expression as written.
    pub expr: String,
    /// Unit.
    pub unit: Option<String>,
    /// Source id.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Display label for charts, if given (non-empty).
    pub label: Option<String>,
    /// `log = true`: draw its axes on a log scale.
    pub log: bool,
    /// 1-based line of the definition in the file.
    pub line: usize,
}

/// A claim.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Identifier.
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// The test as written.
    pub holds_if: String,
    /// Source id.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Display label for charts, if given (non-empty).
    pub label: Option<String>,
    /// Group, e.g. "capacity conversion", "count", "consistency", if given (non-empty).
    pub group: Option<String>,
    /// Quantities referenced, in order of first use.
    pub references: Vec<String>,
    /// For a claim `quantity <op> number`: (quantity, threshold, side).
    pub threshold: Option<(String, f64, Side)>,
}
