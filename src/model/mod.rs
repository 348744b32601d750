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
//! Outside the crate the program is opaque: [`Program`] answers name lookups
//! ([`Program::quantity`], [`Program::claim`]) and hands out ids; its tables, the node types and
//! the operations are crate-internal. This module imports only the bottom layers (`dist`,
//! `correlation`, `shipment` kernels).

pub(crate) mod bounds;
pub(crate) mod capacity;
mod ids;
pub mod index;
pub mod limits;
mod node;
pub(crate) mod ops;
mod program;
mod range;
pub mod sources;

pub use ids::{ClaimId, EvidenceId, Id, IdVec, IndexId, IndexedId, Output, QuantityId, SourceId};
pub use index::{Element, Index, IndexKind, IndexedQuantity};
pub use program::{Program, QuantityKind, Side};
pub use range::{unit_range, ValueRange};
pub use sources::RandomSource;

pub(crate) use node::{
    BinOp, CargoPlan, Func, LoadPlan, LotPlan, Node, SampleNode, ShipmentOutput, ShipmentPlan,
    Stream, SumOfNode, Ty,
};
pub(crate) use program::{CorrelatedInputs, EvidenceNode};
