//! Indexed quantities in the results: which quantities are the elements of one indexed
//! quantity, their labels, and the claim thresholds and evidence placed at single elements
//! (drawn on the fan chart).
//!
//! The elements' statistics stay in [`super::RunResult::quantities`] (each element is a model
//! quantity); outputs group them through [`IndexedResult::elements`] instead of one row each.

use crate::model::{ClaimId, EvidenceId, QuantityId};

/// One indexed quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedResult {
    /// The quantity's name as written (`cum`; its elements are named `cum[2024-02]`).
    pub name: String,
    /// The index's name (`month`).
    pub index: String,
    /// True when the index is a range of calendar months (labels `YYYY-MM`).
    pub months: bool,
    /// Each element's label, in index order.
    pub labels: Vec<String>,
    /// The quantity of each element, in index order.
    pub elements: Vec<QuantityId>,
    /// Claims `at(x, element) <op> number`: the threshold at that element.
    pub claim_points: Vec<ClaimPoint>,
    /// Evidence whose observation is of one element (`normal(at(x, "2024-02"), sd)` observed,
    /// or `at(x, ...) <op> number` reported).
    pub evidence_points: Vec<EvidencePoint>,
}

/// A claim's threshold at one element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimPoint {
    /// The claim.
    pub claim: ClaimId,
    /// The element's position.
    pub position: usize,
    /// The threshold, in the quantity's unit.
    pub value: f64,
}

/// An observation (or a reported bound) of one element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvidencePoint {
    /// The evidence entry.
    pub evidence: EvidenceId,
    /// The element's position.
    pub position: usize,
    /// The observed value (or the reported bound), in the quantity's unit.
    pub value: f64,
}
