//! Raw structs: a catalogue exactly as written, with byte spans, before any checks.
//!
//! Read from a [`crate::text`] tree, for the built-in file and for a scenario's
//! `[catalogue.override]` table alike (spans are then in the scenario file). Field names inside
//! entries are kept as written, so [`super::validate`] can report unknown ones with the full
//! key and the nearest allowed name; value tables allow exactly [`VALUE_KEYS`].

use super::schema::EntryKind;
use crate::text::read::join;
use crate::text::{Located, Node, Reader, Scalar, Value};
use indexmap::IndexMap;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// A whole catalogue file, or a table of overrides with the same shape.
#[derive(Debug, Default)]
pub struct RawCatalogue {
    /// `[[source]]` entries.
    pub source: Vec<Located<RawSource>>,
    /// `[container.<id>]` entries.
    pub container: IndexMap<String, Located<RawEntry>>,
    /// `[munition.<id>]` entries.
    pub munition: IndexMap<String, Located<RawEntry>>,
}

/// `[[source]]`: where figures come from (`cite`, or `title` with `publisher` or `author`).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSource {
    /// Identifier referred to by values' `source`.
    pub id: Located<String>,
    /// The citation in one line (optional when `title` is given).
    pub cite: Option<Located<String>>,
    /// Publisher (organisation, site).
    pub publisher: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Title of the page, file or article.
    pub title: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Confidence grade: `H`, `M`, `L` or a combination such as `M/L`.
    pub confidence: Option<Located<String>>,
}

impl RawSource {
    /// Keys allowed in a catalogue `[[source]]`.
    pub const KEYS: &'static [&'static str] = &[
        "id",
        "cite",
        "publisher",
        "author",
        "title",
        "date",
        "url",
        "confidence",
    ];
}

/// One entry's fields, by name, in file order.
#[derive(Debug, Default)]
pub struct RawEntry(pub IndexMap<String, Located<RawField>>);

/// One field as written: a bare string or number, or a table with `value` and metadata.
#[derive(Debug, Clone, PartialEq)]
pub enum RawField {
    /// A bare string or number (a text field, or a value without metadata).
    Plain(Scalar),
    /// A table `{ value = …, source = …, … }`.
    Table(RawValue),
}

/// A value table `{ value, source, note, assumption, unconfirmed }`.
#[derive(Debug, Clone, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawValue {
    /// The value: a number, an expression, or a formula of the entry's other fields.
    pub value: Option<Located<Scalar>>,
    /// Source id.
    pub source: Option<Located<String>>,
    /// What the figure is and how it was read.
    pub note: Option<String>,
    /// True when the figure is the catalogue's assumption, not a source's.
    pub assumption: Option<bool>,
    /// True when a figure is commonly quoted but not confirmed by a source.
    pub unconfirmed: Option<bool>,
}

/// The keys a value table allows.
pub const VALUE_KEYS: &[&str] = &["value", "source", "note", "assumption", "unconfirmed"];

/// The keys a catalogue allows at its top level.
pub const KEYS: &[&str] = &["source", "container", "munition"];

impl RawCatalogue {
    /// Reads a catalogue (or overrides) at `path` of a tree; problems are left in `r`.
    pub fn read(r: &mut Reader, node: &Node, path: &str) -> Option<RawCatalogue> {
        let t = r.table(node, path, KEYS)?;
        let mut out = RawCatalogue::default();
        if let Some(items) = t
            .get("source")
            .and_then(|n| r.array(n, &join(path, "source")))
        {
            for (i, n) in items.iter().enumerate() {
                if let Some(s) = source(r, n, &format!("{}[{i}]", join(path, "source"))) {
                    out.source.push(Located::new(n.span.clone(), s));
                }
            }
        }
        for kind in [EntryKind::Container, EntryKind::Munition] {
            let Some(n) = t.get(kind.table()) else {
                continue;
            };
            let kp = join(path, kind.table());
            let Some(entries) = r.entries(n, &kp) else {
                continue;
            };
            let map = match kind {
                EntryKind::Container => &mut out.container,
                EntryKind::Munition => &mut out.munition,
            };
            for (k, e) in entries {
                if let Some(fields) = entry(r, e, &join(&kp, &k.name)) {
                    map.insert(k.name.clone(), Located::new(e.span.clone(), fields));
                }
            }
        }
        Some(out)
    }
}

fn source(r: &mut Reader, n: &Node, p: &str) -> Option<RawSource> {
    let t = r.table(n, p, RawSource::KEYS)?;
    let before = r.problems.len();
    let text = |r: &mut Reader, k: &str| {
        t.get(k).and_then(|n| match &n.value {
            Value::Datetime(d) => Some(d.clone()),
            _ => r.string(n, &join(p, k)).map(Located::into_inner),
        })
    };
    let s = RawSource {
        id: Located::new(0..0, String::new()),
        cite: t.get("cite").and_then(|n| r.string(n, &join(p, "cite"))),
        publisher: text(r, "publisher"),
        author: text(r, "author"),
        title: text(r, "title"),
        date: text(r, "date"),
        url: text(r, "url"),
        confidence: t
            .get("confidence")
            .and_then(|n| r.string(n, &join(p, "confidence"))),
    };
    let id = r
        .require(t, p, "id")
        .and_then(|n| r.string(n, &join(p, "id")))?;
    (r.problems.len() == before).then_some(RawSource { id, ..s })
}

fn entry(r: &mut Reader, n: &Node, p: &str) -> Option<RawEntry> {
    let entries = r.entries(n, p)?;
    let mut out = IndexMap::new();
    for (k, v) in entries {
        let fp = join(p, &k.name);
        let field = match &v.value {
            Value::Table(_) => value(r, v, &fp).map(RawField::Table),
            _ => r.scalar(v, &fp).map(|s| RawField::Plain(s.into_inner())),
        };
        if let Some(f) = field {
            out.insert(k.name.clone(), Located::new(v.span.clone(), f));
        }
    }
    Some(RawEntry(out))
}

fn value(r: &mut Reader, n: &Node, p: &str) -> Option<RawValue> {
    let before = r.problems.len();
    let t = r.table(n, p, VALUE_KEYS)?;
    let flag = |r: &mut Reader, k: &str| {
        t.get(k)
            .and_then(|n| r.boolean(n, &join(p, k)))
            .map(Located::into_inner)
    };
    let v = RawValue {
        value: t.get("value").and_then(|n| r.scalar(n, &join(p, "value"))),
        source: t
            .get("source")
            .and_then(|n| r.string(n, &join(p, "source"))),
        note: t
            .get("note")
            .and_then(|n| r.multiline(n, &join(p, "note")))
            .map(Located::into_inner),
        assumption: flag(r, "assumption"),
        unconfirmed: flag(r, "unconfirmed"),
    };
    (r.problems.len() == before).then_some(v)
}

/// The schema of a catalogue table, from the same field lists validation uses
/// ([`EntryKind::fields`], [`EntryKind::text_fields`]).
impl JsonSchema for RawCatalogue {
    fn schema_name() -> Cow<'static, str> {
        "CatalogueOverride".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let source = g.subschema_for::<RawSource>();
        let value = g.subschema_for::<RawValue>();
        let entry = |kind: EntryKind| {
            let mut props = serde_json::Map::new();
            for t in kind.text_fields() {
                let s = match t.choices {
                    Some(c) => serde_json::json!({ "type": "string", "enum": c }),
                    None => serde_json::json!({ "type": "string" }),
                };
                props.insert(t.name.to_string(), s);
            }
            for f in kind.fields() {
                props.insert(
                    f.name.to_string(),
                    serde_json::json!({
                        "description": format!("{} ({})", f.about, f.unit),
                        "anyOf": [{ "type": ["number", "string"] }, value.clone()]
                    }),
                );
            }
            serde_json::json!({
                "type": "object",
                "additionalProperties": { "type": "object", "properties": props, "additionalProperties": false }
            })
        };
        json_schema!({
            "description": "a table of the built-in catalogue's shape: sources, containers and munitions; fields given here replace the catalogue's",
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "source": { "type": "array", "items": source },
                "container": entry(EntryKind::Container),
                "munition": entry(EntryKind::Munition)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tree::parse;

    fn read(text: &str) -> (Option<RawCatalogue>, Vec<String>) {
        let root = parse(text).unwrap();
        let mut r = Reader::default();
        let c = RawCatalogue::read(&mut r, &root, "");
        (c, r.problems.into_iter().map(|p| p.path).collect())
    }

    #[test]
    fn fields_of_every_shape() {
        let (raw, problems) = read(
            r#"
            [container.a]
            name = "A"
            x = 3
            y = "1 to 2"
            z = { value = 2.5, source = "s", assumption = true, colour = "red" }
            "#,
        );
        let raw = raw.unwrap();
        let a = &raw.container["a"].get_ref().0;
        assert_eq!(
            a["name"].get_ref(),
            &RawField::Plain(Scalar::Text("A".into()))
        );
        assert_eq!(a["x"].get_ref(), &RawField::Plain(Scalar::Int(3)));
        assert!(
            !a.contains_key("z"),
            "a value table with an unknown key is left out"
        );
        assert_eq!(problems, ["container.a.z.colour"]);
    }

    #[test]
    fn unknown_top_level_table_is_rejected() {
        let (_, problems) = read("[munitions.a]\nname = \"x\"\n");
        assert_eq!(problems, ["munitions"]);
    }
}
