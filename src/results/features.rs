//! Parts of a run's results that only some scenarios have: `--precision`, `[correlation]`,
//! capacity checks and `[shipment]` lots. Each is known from the compiled model, never from
//! the names of quantities.

use crate::model::{ClaimId, QuantityId};

/// What `--precision` asked for and reached.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionResult {
    /// Requested largest error of any claim probability.
    pub target: f64,
    /// Largest error of any claim probability at the end (see [`PRECISION_RULE`]).
    pub reached: f64,
    /// The claim with that error.
    pub worst: ClaimId,
    /// Whether `reached <= target`.
    pub met: bool,
    /// Draws actually taken (also the run's sample count).
    pub samples_drawn: u64,
    /// The cap (`--max-samples`).
    pub max_samples: u64,
    /// Rounds of drawing.
    pub rounds: u32,
}

/// How `--precision` measures a claim probability's error, in words.
pub const PRECISION_RULE: &str = "Wilson score interval: half the width of the 95% interval, \
    divided by 1.96 (the plug-in standard error where p is away from 0 and 1; about 1/n, not 0, \
    when no draw or every draw satisfies the claim); with evidence n is the effective sample size";

/// Requested and achieved rank correlations between inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationResult {
    /// The correlated inputs, in matrix order.
    pub inputs: Vec<QuantityId>,
    /// Spearman correlations as written in the scenario.
    pub requested: Vec<Vec<f64>>,
    /// The nearest consistent correlations, used instead when the requested ones could not hold
    /// together and the scenario allowed an adjustment.
    pub adjusted: Option<Vec<Vec<f64>>>,
    /// Spearman correlations of the draws (at most the first 10^6).
    pub achieved: Vec<Vec<f64>>,
}

/// What a capacity quantity computes: which capacity function its expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityKind {
    /// `capacity_by_mass(...)`.
    ByMass,
    /// `capacity_by_volume(...)`.
    ByVolume,
    /// `min(m, v)` of a by-mass and a by-volume quantity: the capacity, set by the tighter limit.
    Limit,
}

/// Which limit binds, for one `min(by mass, by volume)` quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityCheck {
    /// The `min(...)` quantity.
    pub limit: QuantityId,
    /// The by-mass quantity.
    pub by_mass: QuantityId,
    /// The by-volume quantity.
    pub by_volume: QuantityId,
    /// Share of draws (weighted, after evidence) on which mass is the tighter limit (ties count
    /// as mass).
    pub mass_binds: f64,
}

/// A claim that compares a capacity quantity with another quantity (a claimed load).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClaimedLoad {
    /// The claim.
    pub claim: ClaimId,
    /// The capacity quantity it compares.
    pub capacity: QuantityId,
    /// The other quantity: the load claimed.
    pub load: QuantityId,
}

/// Capacity quantities and checks, from the capacity functions the model uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Capacity {
    /// Every quantity whose expression is a capacity function or a limit, in quantity order.
    pub quantities: Vec<(QuantityId, CapacityKind)>,
    /// Which limit binds, for every limit quantity.
    pub checks: Vec<CapacityCheck>,
    /// Claims comparing a capacity quantity with a claimed load, in claim order.
    pub claimed: Vec<ClaimedLoad>,
}

/// One `[[shipment.lot]]`: the quantities `[shipment]` generated for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lot {
    /// The lot's id.
    pub id: String,
    /// Rounds of the lot delivered.
    pub delivered: QuantityId,
    /// Rounds of the lot that work.
    pub working: QuantityId,
}
