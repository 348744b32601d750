//! Raw structs: the scenario exactly as the user wrote it, with byte spans, read from the
//! [`crate::text`] tree with every problem collected ([`read`]).
//!
//! These types are the scenario format: `shellcount schema` prints the JSON Schema derived
//! from them (`schemars`), and `KEYS` of each table is the list the reader allows (a test
//! checks that the two agree). Meaning is checked later, in [`super::validate`].

use crate::catalogue::RawCatalogue;
use crate::text::read::join;
use crate::text::{Fields, Located, Node, Reader, Scalar, Value};
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

/// Reads the whole tree; problems are left in `r`. Each entry with a problem is left out (an
/// input or model quantity with a broken expression is kept as unreadable, so the names that
/// refer to it are not reported again).
pub fn read(r: &mut Reader, root: &Node) -> RawFile {
    let mut out = RawFile::default();
    let Some(t) = r.table(root, "", RawFile::KEYS) else {
        return out;
    };
    if let Some(n) = t.get("scenario") {
        out.scenario = header(r, n).map(|h| Located::new(n.span.clone(), h));
    }
    out.source = list(r, t.get("source"), "source", source);
    for (table, key) in [("inputs", "dist"), ("model", "expr")] {
        let Some(n) = t.get(table) else { continue };
        let Some(entries) = r.entries(n, table) else {
            continue;
        };
        for (k, v) in entries {
            let q = quantity(r, v, &join(table, &k.name), key);
            let span = k.span.start.min(v.span.start)..v.span.end.max(k.span.end);
            if table == "inputs" {
                out.inputs
                    .insert(k.name.clone(), Located::new(span, RawInput(q)));
            } else {
                out.model
                    .insert(k.name.clone(), Located::new(span, RawModel(q)));
            }
        }
    }
    out.claim = list(r, t.get("claim"), "claim", claim);
    out.correlation = t
        .get("correlation")
        .and_then(|n| correlation(r, n).map(|c| Located::new(n.span.clone(), c)));
    out.evidence = list(r, t.get("evidence"), "evidence", evidence);
    out.catalogue = t.get("catalogue").and_then(|n| catalogue(r, n));
    out.shipment = t
        .get("shipment")
        .and_then(|n| shipment(r, n).map(|s| Located::new(n.span.clone(), s)));
    out
}

/// Reads an array of tables with `f`, leaving out the entries it cannot read.
fn list<T>(
    r: &mut Reader,
    node: Option<&Node>,
    path: &str,
    f: fn(&mut Reader, &Node, &str) -> Option<T>,
) -> Vec<Located<T>> {
    let Some(items) = node.and_then(|n| r.array(n, path)) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let p = format!("{path}[{i}]");
            f(r, n, &p).map(|v| Located::new(n.span.clone(), v))
        })
        .collect()
}

fn opt<T>(
    r: &mut Reader,
    t: Fields,
    path: &str,
    key: &str,
    f: fn(&mut Reader, &Node, &str) -> Option<T>,
) -> Option<T> {
    t.get(key).and_then(|n| f(r, n, &join(path, key)))
}

fn req<T>(
    r: &mut Reader,
    t: Fields,
    path: &str,
    key: &str,
    f: fn(&mut Reader, &Node, &str) -> Option<T>,
) -> Option<T> {
    r.require(t, path, key)
        .and_then(|n| f(r, n, &join(path, key)))
}

fn string(r: &mut Reader, n: &Node, p: &str) -> Option<Located<String>> {
    r.string(n, p)
}

fn plain(r: &mut Reader, n: &Node, p: &str) -> Option<String> {
    r.string(n, p).map(Located::into_inner)
}

fn note(r: &mut Reader, n: &Node, p: &str) -> Option<String> {
    r.multiline(n, p).map(Located::into_inner)
}

fn scalar(r: &mut Reader, n: &Node, p: &str) -> Option<Located<Scalar>> {
    r.scalar(n, p)
}

fn header(r: &mut Reader, n: &Node) -> Option<RawHeader> {
    let p = "scenario";
    let t = r.table(n, p, RawHeader::KEYS)?;
    Some(RawHeader {
        title: opt(r, t, p, "title", string),
        description: opt(r, t, p, "description", note),
        samples: opt(r, t, p, "samples", |r, n, p| r.whole_or_text(n, p)),
        seed: opt(r, t, p, "seed", |r, n, p| r.whole_or_text(n, p)),
    })
}

fn source(r: &mut Reader, n: &Node, p: &str) -> Option<RawSource> {
    let t = r.table(n, p, RawSource::KEYS)?;
    let before = r.problems.len();
    let id = req(r, t, p, "id", string);
    let s = RawSource {
        id: Located::new(0..0, String::new()),
        cite: opt(r, t, p, "cite", string),
        publisher: opt(r, t, p, "publisher", plain),
        author: opt(r, t, p, "author", plain),
        title: opt(r, t, p, "title", plain),
        date: opt(r, t, p, "date", |r, n, p| match &n.value {
            Value::Datetime(d) => Some(d.clone()),
            _ => plain(r, n, p),
        }),
        url: opt(r, t, p, "url", plain),
    };
    let id = id?;
    (r.problems.len() == before).then_some(RawSource { id, ..s })
}

fn claim(r: &mut Reader, n: &Node, p: &str) -> Option<RawClaim> {
    let t = r.table(n, p, RawClaim::KEYS)?;
    let before = r.problems.len();
    let id = req(r, t, p, "id", string);
    let text = req(r, t, p, "text", plain);
    let holds_if = req(r, t, p, "holds_if", string);
    let source = opt(r, t, p, "source", string);
    let note = opt(r, t, p, "note", note);
    (r.problems.len() == before).then_some(RawClaim {
        id: id?,
        text: text?,
        holds_if: holds_if?,
        source,
        note,
    })
}

/// An input or model entry: a number, a string, or a table with `key` (`dist` or `expr`).
/// Unreadable parts are reported; the quantity comes back with what could be read (an
/// unreadable expression as an empty string, which validation skips).
fn quantity(r: &mut Reader, n: &Node, p: &str, key: &str) -> RawQuantity {
    let broken = || RawQuantity {
        readable: false,
        ..RawQuantity::plain(Located::new(n.span.clone(), Scalar::Text(String::new())))
    };
    if !matches!(n.value, Value::Table(_)) {
        return r.scalar(n, p).map_or_else(broken, RawQuantity::plain);
    }
    let keys: [&str; 5] = [key, "unit", "source", "note", "range"];
    let Some(t) = r.table(n, p, &keys) else {
        return broken();
    };
    let expr = req(r, t, p, key, scalar);
    let q = RawQuantity {
        unit: opt(r, t, p, "unit", string),
        source: opt(r, t, p, "source", string),
        note: opt(r, t, p, "note", note),
        range: opt(r, t, p, "range", range),
        ..broken()
    };
    match expr {
        Some(expr) => RawQuantity {
            expr,
            readable: true,
            ..q
        },
        None => q,
    }
}

fn range(r: &mut Reader, n: &Node, p: &str) -> Option<Located<RawRange>> {
    let v = match &n.value {
        Value::Str(_) => RawRange::OneSided(r.string(n, p)?.into_inner()),
        Value::Array(items) if items.len() == 2 => {
            let lo = r.scalar(&items[0], &format!("{p}[0]"));
            let hi = r.scalar(&items[1], &format!("{p}[1]"));
            RawRange::Pair(lo?.into_inner(), hi?.into_inner())
        }
        _ => {
            r.problem(
                n.span.clone(),
                p,
                format!(
                    "expected [lo, hi], \">= lo\" or \"<= hi\", got {}",
                    n.value.kind()
                ),
            )
            .help = Some("e.g. range = [0, 1], range = [0, \"inf\"] or range = \">= 0\"".into());
            return None;
        }
    };
    Some(Located::new(n.span.clone(), v))
}

fn correlation(r: &mut Reader, n: &Node) -> Option<RawCorrelation> {
    let p = "correlation";
    let t = r.table(n, p, RawCorrelation::KEYS)?;
    let before = r.problems.len();
    let num = |r: &mut Reader, n: &Node, p: &str| -> Option<f64> {
        match n.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => {
                r.problem(
                    n.span.clone(),
                    p,
                    format!("expected a number, got {}", n.value.kind()),
                );
                None
            }
        }
    };
    let names = |r: &mut Reader, n: &Node, p: &str| -> Option<Located<Vec<String>>> {
        let items = r.array(n, p)?;
        let v: Vec<Option<String>> = items
            .iter()
            .enumerate()
            .map(|(i, x)| plain(r, x, &format!("{p}[{i}]")))
            .collect();
        Some(Located::new(
            n.span.clone(),
            v.into_iter().collect::<Option<_>>()?,
        ))
    };
    let pairs = t.get("pairs").and_then(|n| {
        let items = r.array(n, "correlation.pairs")?;
        let mut out = Vec::new();
        for (i, x) in items.iter().enumerate() {
            let xp = format!("correlation.pairs[{i}]");
            match &x.value {
                Value::Array(a) if a.len() == 3 => {
                    let (s1, s2, c) = (
                        plain(r, &a[0], &xp),
                        plain(r, &a[1], &xp),
                        num(r, &a[2], &xp),
                    );
                    out.push((s1?, s2?, c?));
                }
                _ => {
                    r.problem(x.span.clone(), &xp, "expected [\"a\", \"b\", correlation]");
                }
            }
        }
        Some(Located::new(n.span.clone(), out))
    });
    let inputs = t
        .get("inputs")
        .and_then(|n| names(r, n, "correlation.inputs"));
    let matrix = t.get("matrix").and_then(|n| {
        let rows = r.array(n, "correlation.matrix")?;
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let rp = format!("correlation.matrix[{i}]");
            let cells = r.array(row, &rp)?;
            let v: Vec<Option<f64>> = cells.iter().map(|c| num(r, c, &rp)).collect();
            out.push(v.into_iter().collect::<Option<Vec<f64>>>()?);
        }
        Some(Located::new(n.span.clone(), out))
    });
    let allow_adjust =
        opt(r, t, p, "allow_adjust", |r, n, p| r.boolean(n, p)).is_some_and(|b| *b.get_ref());
    (r.problems.len() == before).then_some(RawCorrelation {
        pairs,
        inputs,
        matrix,
        allow_adjust,
    })
}

fn evidence(r: &mut Reader, n: &Node, p: &str) -> Option<RawEvidence> {
    let t = r.table(n, p, RawEvidence::KEYS)?;
    let before = r.problems.len();
    let id = req(r, t, p, "id", string);
    let e = RawEvidence {
        id: Located::new(0..0, String::new()),
        source: opt(r, t, p, "source", string),
        likelihood: opt(r, t, p, "likelihood", string),
        observed: opt(r, t, p, "observed", scalar),
        holds_if: opt(r, t, p, "holds_if", string),
        trust: opt(r, t, p, "trust", scalar),
        note: opt(r, t, p, "note", note),
    };
    let id = id?;
    (r.problems.len() == before).then_some(RawEvidence { id, ..e })
}

fn catalogue(r: &mut Reader, n: &Node) -> Option<RawCatalogueUse> {
    let p = "catalogue";
    let t = r.table(n, p, RawCatalogueUse::KEYS)?;
    let uses = match t.get("use") {
        Some(u) => {
            let items = r.array(u, "catalogue.use").unwrap_or(&[]);
            items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| r.string(x, &format!("catalogue.use[{i}]")))
                .collect()
        }
        None => Vec::new(),
    };
    let overrides = t
        .get("override")
        .and_then(|o| RawCatalogue::read(r, o, "catalogue.override"));
    Some(RawCatalogueUse { uses, overrides })
}

fn shipment(r: &mut Reader, n: &Node) -> Option<RawShipment> {
    let p = "shipment";
    let t = r.table(n, p, RawShipment::KEYS)?;
    let before = r.problems.len();
    let containers = req(r, t, p, "containers", scalar);
    let assign = opt(r, t, p, "assign", string);
    let s = RawShipment {
        containers: Located::new(0..0, Scalar::Int(0)),
        assign,
        cargo: list(r, t.get("cargo"), "shipment.cargo", |r, n, p| {
            let t = r.table(n, p, RawCargo::KEYS)?;
            let (id, share) = (req(r, t, p, "id", string), req(r, t, p, "share", scalar));
            let (load, note) = (opt(r, t, p, "load", scalar), opt(r, t, p, "note", note));
            Some(RawCargo {
                id: id?,
                share: share?,
                load,
                note,
            })
        }),
        lot: list(r, t.get("lot"), "shipment.lot", |r, n, p| {
            let t = r.table(n, p, RawLot::KEYS)?;
            let (id, share) = (req(r, t, p, "id", string), req(r, t, p, "share", scalar));
            let dud_rate = opt(r, t, p, "dud_rate", scalar);
            let note = opt(r, t, p, "note", note);
            Some(RawLot {
                id: id?,
                share: share?,
                dud_rate,
                note,
            })
        }),
    };
    let containers = containers?;
    (r.problems.len() == before).then_some(RawShipment { containers, ..s })
}
