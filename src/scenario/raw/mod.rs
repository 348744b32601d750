//! Raw structs: the scenario exactly as the user wrote it, with byte spans, read from the
//! [`crate::text`] tree with every problem collected ([`read()`], in `read.rs`).
//!
//! These types are the scenario format: `shellcount schema` prints the JSON Schema derived
//! from them (`schemars`), and `KEYS` of each table is the list the reader allows (a test
//! checks that the two agree). Meaning is checked later, in [`super::validate`].

mod quantity;
mod read;
mod shipment;
mod whatif;

pub use quantity::{RawInput, RawModel, RawQuantity, RawRange};
pub use read::read;
pub use shipment::{RawCargo, RawLot, RawShipment};
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
    /// Indexes: name = a month range `{ from = "2023-08", to = "2025-07" }` or a list of numbers.
    #[schemars(default)]
    pub index: IndexMap<String, Located<RawIndex>>,
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
        "index",
    ];
}

/// An `[index]` entry: a range of calendar months or a list of numbers.
#[derive(Debug, Clone)]
pub enum RawIndex {
    /// `{ from = "2023-08", to = "2025-07" }`.
    Months(RawMonths),
    /// `[1, 2, 3]`, each number with its span.
    Numbers(Vec<Located<f64>>),
}

/// A range of calendar months, both ends included.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawMonths {
    /// First month, "YYYY-MM".
    pub from: Located<String>,
    /// Last month, "YYYY-MM" (included).
    pub to: Located<String>,
}

impl RawMonths {
    /// Keys allowed in a month range.
    pub const KEYS: &'static [&'static str] = &["from", "to"];
}

impl JsonSchema for RawIndex {
    fn schema_name() -> Cow<'static, str> {
        "Index".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let months = g.subschema_for::<RawMonths>();
        json_schema!({
            "description": "a range of months { from = \"2023-08\", to = \"2025-07\" } (labels \"2023-08\" …, values 1, 2, …) or a list of numbers",
            "anyOf": [months, { "type": "array", "items": { "type": "number" }, "minItems": 1 }]
        })
    }
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
    /// How charts and tables name the claim (default: its text).
    pub label: Option<String>,
    /// What kind of claim it is, e.g. "capacity conversion", "count", "consistency".
    pub group: Option<String>,
}

impl RawClaim {
    /// Keys allowed in `[[claim]]`.
    pub const KEYS: &'static [&'static str] =
        &["id", "text", "holds_if", "source", "note", "label", "group"];
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
