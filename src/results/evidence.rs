//! The posterior: the importance weights the evidence gives the draws, and what each report did.

pub use crate::evidence::{BayesFactor, BayesStatus};

use crate::model::{ClaimId, IdVec};

/// The results of conditioning on the evidence.
#[derive(Debug, Clone)]
pub struct Posterior {
    /// Normalised importance weight of every draw (they sum to 1), after all evidence.
    pub weights: Vec<f64>,
    /// Effective sample size of the weights (Kish).
    pub ess: f64,
    /// Each `[[evidence]]` entry, in file order.
    pub entries: Vec<EvidenceResult>,
}

/// One piece of evidence and its effect.
#[derive(Debug, Clone)]
pub struct EvidenceResult {
    /// Identifier.
    pub id: String,
    /// Source id, if given.
    pub source: Option<String>,
    /// `"likelihood"` (an observation with a noise model) or `"bound"` (a true/false report).
    pub kind: String,
    /// The likelihood or the test, as written.
    pub expr: String,
    /// The observed value (likelihood evidence only).
    pub observed: Option<f64>,
    /// Chance the report is right (1 = fully trusted).
    pub trust: f64,
    /// Effective sample size of the draws weighted by this entry alone.
    pub ess: f64,
    /// Effective sample size after this and all earlier entries (file order).
    pub ess_cumulative: f64,
    /// Each claim's probability after this and all earlier entries.
    pub probability_after: IdVec<ClaimId, f64>,
    /// Each claim's probability before this entry (after the earlier ones).
    pub probability_before: IdVec<ClaimId, f64>,
    /// How strongly this report alone bears on each claim: P(report | claim holds) /
    /// P(report | claim fails) from the forward draws, with its 95% interval.
    pub bayes_factors: IdVec<ClaimId, BayesFactor>,
}
