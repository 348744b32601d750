//! Raw `[sweep]` and `[[chart]]`: what-if sweeps and the charts the analyst chooses, as written,
//! with their readers.

use super::read::{list, opt, req, string};
use crate::text::{Located, Node, Reader, Scalar, Value};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// `[sweep]` (or `[[sweep]]`, at most two for a grid): one assumption fixed to each of several
/// values in turn, every point with the same seed.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSweep {
    /// What to sweep: an input or model quantity, a catalogue field the model uses, or a
    /// `[shipment]` parameter (`shipment.lot.<id>.dud_rate`, …).
    pub name: Located<String>,
    /// The values: numbers or constant expressions (`[0.1, 0.2, "30%"]`), or `"LO..HI:N"` for N
    /// evenly spaced values, ends included.
    pub values: Located<RawSweepValues>,
}

impl RawSweep {
    /// Keys allowed in `[sweep]`.
    pub const KEYS: &'static [&'static str] = &["name", "values"];
}

/// The values of a sweep as written.
#[derive(Debug, Clone, PartialEq)]
pub enum RawSweepValues {
    /// A list of numbers or constant expressions.
    List(Vec<Located<Scalar>>),
    /// `"LO..HI:N"`.
    Range(String),
}

impl JsonSchema for RawSweepValues {
    fn schema_name() -> Cow<'static, str> {
        "SweepValues".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "numbers or constant expressions, or \"LO..HI:N\" for N evenly spaced values (ends included)",
            "anyOf": [
                { "type": "array", "items": { "type": ["number", "string"] }, "minItems": 1 },
                { "type": "string", "pattern": "\\.\\..*:" }
            ]
        })
    }
}

/// `[sweep]` as one table, or `[[sweep]]` as one or two (a grid).
pub struct SweepSection;

impl JsonSchema for SweepSection {
    fn schema_name() -> Cow<'static, str> {
        "SweepSection".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one = g.subschema_for::<RawSweep>();
        json_schema!({
            "description": "one sweep, or two (a grid with a heat map per claim)",
            "anyOf": [one, { "type": "array", "items": one, "minItems": 1, "maxItems": 2 }]
        })
    }
}

/// `[[chart]]`: a chart the analyst asks for.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawChart {
    /// File name part: the chart is written as `charts/custom_<id>.png` (default: its position,
    /// `custom_1`, …). Letters, digits, `-` and `_`.
    pub id: Option<Located<String>>,
    /// `"exceedance"` (P(X ≥ x)) or `"histogram"`.
    #[schemars(with = "ChartKindName")]
    pub kind: Located<String>,
    /// Quantities drawn on one axis (overlaid).
    pub quantities: Located<Vec<Located<String>>>,
    /// A logarithmic x axis (values must be > 0).
    pub log: Option<Located<bool>>,
    /// The x axis range `[lo, hi]`.
    #[schemars(with = "Option<[f64; 2]>")]
    pub x: Option<Located<(f64, f64)>>,
    /// Title shown on the chart (default: made from the quantities).
    pub title: Option<Located<String>>,
}

impl RawChart {
    /// Keys allowed in `[[chart]]`.
    pub const KEYS: &'static [&'static str] = &["id", "kind", "quantities", "log", "x", "title"];
}

/// The chart kinds, for the schema.
pub struct ChartKindName;

impl JsonSchema for ChartKindName {
    fn schema_name() -> Cow<'static, str> {
        "ChartKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": ["exceedance", "histogram"] })
    }
}

/// Reads `[sweep]` or `[[sweep]]`.
pub fn read_sweeps(r: &mut Reader, n: &Node) -> Vec<Located<RawSweep>> {
    match &n.value {
        Value::Table(_) => sweep(r, n, "sweep")
            .map(|s| vec![Located::new(n.span.clone(), s)])
            .unwrap_or_default(),
        _ => list(r, Some(n), "sweep", sweep),
    }
}

fn sweep(r: &mut Reader, n: &Node, p: &str) -> Option<RawSweep> {
    let t = r.table(n, p, RawSweep::KEYS)?;
    let before = r.problems.len();
    let name = req(r, t, p, "name", string);
    let values = req(r, t, p, "values", |r, n, p| {
        let v = match &n.value {
            Value::Array(items) => RawSweepValues::List(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, x)| r.scalar(x, &format!("{p}[{i}]")))
                    .collect(),
            ),
            Value::Str(_) => RawSweepValues::Range(r.string(n, p)?.into_inner()),
            _ => {
                r.problem(
                    n.span.clone(),
                    p,
                    format!(
                        "expected a list of values or \"LO..HI:N\", got {}",
                        n.value.kind()
                    ),
                )
                .help = Some("e.g. values = [0.1, 0.2, 0.3] or values = \"0.1..0.6:6\"".into());
                return None;
            }
        };
        Some(Located::new(n.span.clone(), v))
    });
    (r.problems.len() == before).then_some(RawSweep {
        name: name?,
        values: values?,
    })
}

/// Reads `[[chart]]`.
pub fn read_charts(r: &mut Reader, n: &Node) -> Vec<Located<RawChart>> {
    list(r, Some(n), "chart", chart)
}

fn chart(r: &mut Reader, n: &Node, p: &str) -> Option<RawChart> {
    let t = r.table(n, p, RawChart::KEYS)?;
    let before = r.problems.len();
    let id = opt(r, t, p, "id", string);
    let kind = req(r, t, p, "kind", string);
    let quantities = req(r, t, p, "quantities", |r, n, p| {
        let items = r.array(n, p)?;
        let names = items
            .iter()
            .enumerate()
            .filter_map(|(i, x)| r.string(x, &format!("{p}[{i}]")))
            .collect();
        Some(Located::new(n.span.clone(), names))
    });
    let log = opt(r, t, p, "log", |r, n, p| r.boolean(n, p));
    let x = opt(r, t, p, "x", |r, n, p| {
        let num = |v: &Value| match v {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        };
        match &n.value {
            Value::Array(a) if a.len() == 2 => {
                if let (Some(lo), Some(hi)) = (num(&a[0].value), num(&a[1].value)) {
                    return Some(Located::new(n.span.clone(), (lo, hi)));
                }
            }
            _ => {}
        }
        r.problem(
            n.span.clone(),
            p,
            "expected [lo, hi] with two finite numbers",
        )
        .help = Some("e.g. x = [0, 5e6]".into());
        None
    });
    let title = opt(r, t, p, "title", string);
    (r.problems.len() == before).then_some(RawChart {
        id,
        kind: kind?,
        quantities: quantities?,
        log,
        x,
        title,
    })
}
