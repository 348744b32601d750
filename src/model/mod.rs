//! The model core: what a run computes, independent of how it was written or how it is drawn.
//!
//! ```text
//! scenario ──assembles──▶ model::Program ◀──compiles to── expr
//!                              │
//!                              ▼ evaluated by
//!                           engine
//! ```
//!
//! [`Program`] holds the quantities, claims, evidence, correlated inputs and the `[shipment]`
//! plan, each table indexed by a typed id ([`QuantityId`], [`ClaimId`], [`EvidenceId`]; an
//! [`Output`] is a quantity or a claim). Expressions are compiled [`Node`] trees. The scalar and
//! column operations ([`ops`]) and the capacity arithmetic ([`capacity`]) are the one
//! definition of what each operator and function computes: the compiler folds constants with
//! them and the engine evaluates columns with them.
//!
//! This module imports only the bottom layers (`dist`, `correlation`, `shipment` kernels).

pub mod capacity;
mod ids;
mod node;
pub mod ops;
mod program;

pub use ids::{ClaimId, EvidenceId, Id, IdVec, Output, QuantityId};
pub use node::{
    BinOp, CargoPlan, Func, LoadPlan, LotPlan, Node, SampleNode, ShipmentOutput, ShipmentPlan, Ty,
};
pub use program::{CorrelatedInputs, EvidenceNode, Program, QuantityKind, Side};
