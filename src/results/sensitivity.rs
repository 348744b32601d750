//! Sensitivity and value of information in the results, with the basis they were computed on.
//!
//! Rows are kept by typed id: a claim's rows and a quantity's rows live in different tables,
//! so a claim whose id equals a quantity's name can never take its place.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::sensitivity::{Estimate, Sensitivity, Voi};

use crate::model::{ClaimId, IdVec, QuantityId};

/// Which draws a number was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The scenario has no evidence: the draws are the only basis there is.
    NoEvidence,
    /// The forward draws, before the evidence was applied (unweighted).
    BeforeEvidence,
    /// The draws weighted by the evidence.
    AfterEvidence,
}

impl Basis {
    /// The words every output prints next to a number of this basis (`None`: nothing to say).
    pub fn words(self) -> Option<&'static str> {
        match self {
            Basis::NoEvidence => None,
            Basis::BeforeEvidence => Some("before evidence"),
            Basis::AfterEvidence => Some("after evidence"),
        }
    }
}

/// How sensitivity was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivityMethod {
    /// Draws of the run used for Spearman, given-data first-order indices, swing and value of
    /// information (the first draws of the run).
    pub given_data_draws: u64,
    /// Base sample size of the Saltelli/Jansen design used for total-order indices (the model
    /// is evaluated `(inputs + 2) ×` this many times); 0 when the design was skipped.
    pub saltelli_base: u64,
    /// One-line description with references.
    pub description: String,
}

/// Which input moves each output, and what learning each input would do to each claim.
#[derive(Debug, Clone)]
pub struct SensitivityResult {
    /// The draws every number here was computed on.
    pub basis: Basis,
    /// Sizes and references.
    pub method: SensitivityMethod,
    /// The inputs, in order: every row below has one entry per input, in this order.
    pub inputs: Vec<QuantityId>,
    /// Rows of the model quantities (`None` for inputs).
    pub quantities: IdVec<QuantityId, Option<Vec<Sensitivity>>>,
    /// Rows of the claims (whether each holds, as 0/1).
    pub claims: IdVec<ClaimId, Vec<Sensitivity>>,
    /// Value of information of each input for each claim.
    pub voi: IdVec<ClaimId, Vec<Voi>>,
}

impl SensitivityResult {
    /// (input, entry) pairs of one row.
    pub fn row<'a, T>(&'a self, row: &'a [T]) -> impl Iterator<Item = (QuantityId, &'a T)> + 'a {
        self.inputs.iter().copied().zip(row)
    }
}
