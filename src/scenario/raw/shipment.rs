//! `[shipment]` with its `[[shipment.cargo]]` and `[[shipment.lot]]` tables, as written.

use crate::text::{Located, Scalar};
use schemars::JsonSchema;

/// `[shipment]`.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawShipment {
    /// Containers in the shipment: an expression.
    pub containers: Located<Scalar>,
    /// `"container"` (default) or `"shell"`.
    pub assign: Option<Located<String>>,
    /// `[[shipment.cargo]]`.
    #[schemars(default)]
    pub cargo: Vec<Located<RawCargo>>,
    /// `[[shipment.lot]]`.
    #[schemars(default)]
    pub lot: Vec<Located<RawLot>>,
}

impl RawShipment {
    /// Keys allowed in `[shipment]`.
    pub const KEYS: &'static [&'static str] = &["containers", "assign", "cargo", "lot"];
}

/// `[[shipment.cargo]]`.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawCargo {
    /// Identifier (part of generated names).
    pub id: Located<String>,
    /// Share of containers: an expression.
    pub share: Located<Scalar>,
    /// Rounds per container: a distribution or a value; absent for other cargo.
    pub load: Option<Located<Scalar>>,
    /// Free note, for people reading the file (the program does not use it).
    #[allow(dead_code)]
    pub note: Option<String>,
}

impl RawCargo {
    /// Keys allowed in `[[shipment.cargo]]`.
    pub const KEYS: &'static [&'static str] = &["id", "share", "load", "note"];
}

/// `[[shipment.lot]]`.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawLot {
    /// Identifier (part of generated names).
    pub id: Located<String>,
    /// Share of the shipment: an expression.
    pub share: Located<Scalar>,
    /// Share of the lot's rounds that do not work: an expression (default 0).
    pub dud_rate: Option<Located<Scalar>>,
    /// Free note, for people reading the file (the program does not use it).
    #[allow(dead_code)]
    pub note: Option<String>,
}

impl RawLot {
    /// Keys allowed in `[[shipment.lot]]`.
    pub const KEYS: &'static [&'static str] = &["id", "share", "dud_rate", "note"];
}
