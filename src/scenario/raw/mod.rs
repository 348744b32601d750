//! Raw structs: the scenario exactly as the user wrote it, with byte spans, read from the
//! [`crate::text`] tree with every problem collected ([`read()`], in `read.rs`).
//!
//! These types are the scenario format: `shellcount schema` prints the JSON Schema derived
//! from them (`schemars`), and `KEYS` of each table is the list the reader allows (a test
//! checks that the two agree). Meaning is checked later, in [`super::validate`].

mod read;
mod whatif;

pub use read::read;
pub use whatif::{RawChart, RawSweep, RawSweepValues};

use crate::catalogue::RawCatalogue;
use crate::text::{Located, Scalar};
use indexmap::IndexMap;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// A shellcount scenario: the claims to test, the assumptions (inputs) they rest on, the model
/// that links them, and the public sources of every figure.
#[derive(Debug, Default, JsonSchema)]
#[schemars(deny_unknown_fields, title = "shellcount scenario")]
pub struct RawFile {
    /// The title (required) and the run's defaults.
    pub scenario: Option<Located<RawHeader>>,
    /// Public sources, cited by id from inputs, model quantities, claims and evidence.
    #[schemars(default)]
    pub source: Vec<Located<RawSource>>,
    /// Assumptions: name = distribution or number, or a table with `dist`.
    #[schemars(default)]
    pub inputs: IndexMap<String, Located<RawInput>>,
    /// Formulas: name = expression, or a table with `expr`.
    #[schemars(default)]
    pub model: IndexMap<String, Located<RawModel>>,
    /// Claims: true/false tests of the model.
    #[schemars(default)]
    pub claim: Vec<Located<RawClaim>>,
    /// Rank correlations between inputs.
    pub correlation: Option<Located<RawCorrelation>>,
    /// What sources reported, to condition on.
    #[schemars(default)]
    pub evidence: Vec<Located<RawEvidence>>,
    /// Catalogue entries imported as inputs, with overrides.
    pub catalogue: Option<RawCatalogueUse>,
    /// A per-container shipment simulation.
    pub shipment: Option<Located<RawShipment>>,
    /// What-if: one assumption at several values (two: a grid).
    #[schemars(with = "Option<whatif::SweepSection>")]
    pub sweep: Vec<Located<RawSweep>>,
    /// Charts the analyst asks for.
    #[schemars(default)]
    pub chart: Vec<Located<RawChart>>,
}

impl RawFile {
    /// Keys allowed at the top level.
    pub const KEYS: &'static [&'static str] = &[
        "scenario",
        "source",
        "inputs",
        "model",
        "claim",
        "correlation",
        "evidence",
        "catalogue",
        "shipment",
        "sweep",
        "chart",
    ];
}

/// `[scenario]`.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawHeader {
    /// What the scenario tests (required; one line).
    pub title: Option<Located<String>>,
    /// The question in words (may span lines).
    pub description: Option<String>,
    /// Number of draws: a whole number or a string such as "1M" (default 100000).
    #[schemars(with = "Option<WholeNumber>")]
    pub samples: Option<Located<Scalar>>,
    /// Seed of the random streams: a whole number ≥ 0, or a string for seeds ≥ 2^63.
    #[schemars(with = "Option<WholeNumber>")]
    pub seed: Option<Located<Scalar>>,
}

impl RawHeader {
    /// Keys allowed in `[scenario]`.
    pub const KEYS: &'static [&'static str] = &["title", "description", "samples", "seed"];
}

/// A whole number, or a string in the number syntax (`"1M"`, `"18446744073709551615"`).
pub struct WholeNumber;

impl JsonSchema for WholeNumber {
    fn schema_name() -> Cow<'static, str> {
        "WholeNumber".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["integer", "string"] })
    }
}

/// `[[source]]`: who said it, where and when. Give `cite`, or `title` (with `publisher` or
/// `author`); `url` or `date` lets a reader find it.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSource {
    /// Identifier, cited by `source = "<id>"`.
    pub id: Located<String>,
    /// The citation in one line (optional when `title` is given).
    pub cite: Option<Located<String>>,
    /// Publisher (organisation, outlet).
    pub publisher: Option<String>,
    /// Author or speaker.
    pub author: Option<String>,
    /// Title of the document, article or briefing.
    pub title: Option<String>,
    /// Publication date as written, e.g. "2024-02-26".
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
}

impl RawSource {
    /// Keys allowed in `[[source]]`.
    pub const KEYS: &'static [&'static str] =
        &["id", "cite", "publisher", "author", "title", "date", "url"];
}

/// `[[claim]]`.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawClaim {
    /// Identifier.
    pub id: Located<String>,
    /// The claim in words.
    pub text: String,
    /// The true/false test, e.g. "shipped >= 3M".
    pub holds_if: Located<String>,
    /// Source id.
    pub source: Option<Located<String>>,
    /// Free note (may span lines).
    pub note: Option<String>,
}

impl RawClaim {
    /// Keys allowed in `[[claim]]`.
    pub const KEYS: &'static [&'static str] = &["id", "text", "holds_if", "source", "note"];
}

/// An input or model quantity, whichever way it was written.
#[derive(Debug, Clone)]
pub struct RawQuantity {
    /// The expression (a number is a constant).
    pub expr: Located<Scalar>,
    /// Unit.
    pub unit: Option<Located<String>>,
    /// Source id.
    pub source: Option<Located<String>>,
    /// Free note.
    pub note: Option<String>,
    /// Declared range.
    pub range: Option<Located<RawRange>>,
    /// `chart = false`: no histogram or exceedance chart (still in the tables).
    pub chart: Option<Located<bool>>,
    /// `report = false`: also left out of the report's results table.
    pub report: Option<Located<bool>>,
    /// False when the expression could not be read (the problem is already reported).
    pub readable: bool,
}

impl RawQuantity {
    /// A quantity written as its expression alone.
    pub fn plain(expr: Located<Scalar>) -> RawQuantity {
        RawQuantity {
            expr,
            unit: None,
            source: None,
            note: None,
            range: None,
            chart: None,
            report: None,
            readable: true,
        }
    }
}

/// `range = [lo, hi]` (numbers, or "-inf"/"inf" for an open side) or `range = ">= 0"` /
/// `"<= 1"`.
#[derive(Debug, Clone, PartialEq)]
pub enum RawRange {
    /// `[lo, hi]`.
    Pair(Scalar, Scalar),
    /// `">= lo"` or `"<= hi"` as written.
    OneSided(String),
}

impl JsonSchema for RawRange {
    fn schema_name() -> Cow<'static, str> {
        "Range".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "values every draw must stay within: [lo, hi] (\"-inf\"/\"inf\" for an open side), \">= lo\" or \"<= hi\"",
            "anyOf": [
                { "type": "array", "items": { "type": ["number", "string"] }, "minItems": 2, "maxItems": 2 },
                { "type": "string", "pattern": "^\\s*(>=|<=)" }
            ]
        })
    }
}

/// An entry of `[inputs]` written as a table. The reader fills a [`RawQuantity`] from it;
/// this type is the table form's schema.
#[allow(dead_code)]
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InputTable {
    /// A distribution or a number.
    pub dist: Scalar,
    /// Unit; some imply a range (see the README).
    pub unit: Option<String>,
    /// Source id.
    pub source: Option<String>,
    /// Free note (may span lines).
    pub note: Option<String>,
    /// Values every draw must stay within.
    pub range: Option<RawRange>,
    /// `false`: no histogram or exceedance chart of this quantity (still in the tables).
    pub chart: Option<bool>,
    /// `false`: also left out of the report's results table (still in summary.json).
    pub report: Option<bool>,
}

/// An entry of `[model]` written as a table (read into a [`RawQuantity`]; the table form's
/// schema).
#[allow(dead_code)]
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ModelTable {
    /// An expression of other quantities.
    pub expr: Scalar,
    /// Unit; some imply a range (see the README).
    pub unit: Option<String>,
    /// Source id.
    pub source: Option<String>,
    /// Free note (may span lines).
    pub note: Option<String>,
    /// Values every draw must stay within.
    pub range: Option<RawRange>,
    /// `false`: no histogram or exceedance chart of this quantity (still in the tables).
    pub chart: Option<bool>,
    /// `false`: also left out of the report's results table (still in summary.json).
    pub report: Option<bool>,
}

/// An entry of `[inputs]`: a number, a string, or an [`InputTable`].
#[derive(Debug, Clone)]
pub struct RawInput(pub RawQuantity);

/// An entry of `[model]`: a number, a string, or a [`ModelTable`].
#[derive(Debug, Clone)]
pub struct RawModel(pub RawQuantity);

fn number_string_or<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    let table = g.subschema_for::<T>();
    json_schema!({ "anyOf": [{ "type": ["number", "string"] }, table] })
}

impl JsonSchema for RawInput {
    fn schema_name() -> Cow<'static, str> {
        "Input".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        number_string_or::<InputTable>(g)
    }
}

impl JsonSchema for RawModel {
    fn schema_name() -> Cow<'static, str> {
        "ModelQuantity".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        number_string_or::<ModelTable>(g)
    }
}

/// `[correlation]`: rank correlations between inputs, as pairs or a matrix.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawCorrelation {
    /// `[["a", "b", 0.5], ...]`.
    pub pairs: Option<Located<Vec<(String, String, f64)>>>,
    /// Input names of `matrix`, in order.
    pub inputs: Option<Located<Vec<String>>>,
    /// Full matrix of rank correlations.
    pub matrix: Option<Located<Vec<Vec<f64>>>>,
    /// Use the nearest valid matrix (with a warning) when the request is not valid.
    #[schemars(default)]
    pub allow_adjust: bool,
}

impl RawCorrelation {
    /// Keys allowed in `[correlation]`.
    pub const KEYS: &'static [&'static str] = &["pairs", "inputs", "matrix", "allow_adjust"];
}

/// `[[evidence]]`.
#[derive(Debug, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawEvidence {
    /// Identifier.
    pub id: Located<String>,
    /// Source id.
    pub source: Option<Located<String>>,
    /// A distribution whose parameters use model quantities: how the observation arises.
    pub likelihood: Option<Located<String>>,
    /// The observed value (a number, or a string such as "3M").
    pub observed: Option<Located<Scalar>>,
    /// A true/false test the report says holds (instead of likelihood and observed).
    pub holds_if: Option<Located<String>>,
    /// Chance the report is right, 0 to 1 (default 1).
    pub trust: Option<Located<Scalar>>,
    /// Free note (may span lines).
    pub note: Option<String>,
}

impl RawEvidence {
    /// Keys allowed in `[[evidence]]`.
    pub const KEYS: &'static [&'static str] = &[
        "id",
        "source",
        "likelihood",
        "observed",
        "holds_if",
        "trust",
        "note",
    ];
}

/// `[catalogue]`.
#[derive(Debug, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawCatalogueUse {
    /// Entry ids to import (containers or munitions); their fields become inputs named
    /// `<entry>_<field>`.
    #[schemars(rename = "use", default)]
    pub uses: Vec<Located<String>>,
    /// `[catalogue.override.*]`: a table of the catalogue's own shape.
    #[schemars(rename = "override")]
    pub overrides: Option<RawCatalogue>,
}

impl RawCatalogueUse {
    /// Keys allowed in `[catalogue]`.
    pub const KEYS: &'static [&'static str] = &["use", "override"];
}

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
