//! `[inputs]` and `[model]` entries as written: a number, a string, or a table, read into one
//! [`RawQuantity`]; the table forms' schemas and `range`.

use crate::text::{Located, Scalar};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

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
    /// Display name in chart titles and axes (default: the name, `_` as spaces).
    pub label: Option<String>,
    /// `log = true`: draw its chart axes on a log scale.
    pub log: Option<bool>,
    /// False when the expression could not be read (the problem is already reported).
    pub readable: bool,
}

impl RawQuantity {
    /// Keys allowed in an `[inputs]` entry written as a table.
    pub const INPUT_KEYS: &'static [&'static str] = &[
        "dist", "unit", "source", "note", "range", "label", "log", "chart", "report",
    ];
    /// Keys allowed in a `[model]` entry written as a table.
    pub const MODEL_KEYS: &'static [&'static str] = &[
        "expr", "unit", "source", "note", "range", "label", "log", "chart", "report",
    ];

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
            label: None,
            log: None,
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
    /// Display name in chart titles and axes (default: the name, `_` as spaces).
    pub label: Option<String>,
    /// Draw its chart axes on a log scale.
    pub log: Option<bool>,
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
    /// Display name in chart titles and axes (default: the name, `_` as spaces).
    pub label: Option<String>,
    /// Draw its chart axes on a log scale.
    pub log: Option<bool>,
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
