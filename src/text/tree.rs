//! A TOML document as a tree of nodes, each with its byte span in the file.
//!
//! [`parse`] reads the text once with the `toml` crate, asking for the span of every key and
//! value, so everything read from the tree afterwards can be located (file, line, column, key
//! path) without parsing again. TOML's own syntax errors stop here (one located error): nothing
//! else can be read from a file whose syntax is broken.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// A value with the byte span where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Located<T> {
    /// `value` written at `span`.
    pub fn new(span: Range<usize>, value: T) -> Located<T> {
        Located { span, value }
    }

    /// Where it was written.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The value.
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    /// The value, to change it (the span stays).
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    /// The value, by move.
    pub fn into_inner(self) -> T {
        self.value
    }
}

/// The schema of a located value is the schema of the value.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A key of a table, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as written (unquoted).
    pub name: String,
    /// Where.
    pub span: Range<usize>,
}

/// One value of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value is written (for a `[table]`, its header).
    pub span: Range<usize>,
    /// What it is.
    pub value: Value,
}

/// The kinds of TOML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float (TOML allows `inf` and `nan`).
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A date or time, as written.
    Datetime(String),
    /// An array.
    Array(Vec<Node>),
    /// A table (inline or not), keys in file order.
    Table(Vec<(Key, Node)>),
}

impl Value {
    /// The kind in words, for messages: "a string", "a whole number", ….
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Bool(_) => "true/false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// How TOML writes a non-finite float.
pub fn non_finite(f: f64) -> &'static str {
    if f.is_nan() {
        "nan"
    } else if f > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// A TOML syntax error.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// The parser's message.
    pub message: String,
    /// Where, when known.
    pub span: Option<Range<usize>>,
}

/// Parses TOML text into a tree whose root is a table spanning the whole text.
///
/// # Errors
/// The first TOML syntax error, located.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let value: Value = toml::from_str(text).map_err(|e| {
        let mut message = e.message().trim().to_string();
        if message.is_empty() {
            // toml gives no message for some characters it refuses (a control character in a
            // comment, a lone carriage return).
            message = "TOML syntax error: this character is not allowed here (control characters other than tab are not allowed, even in comments)".to_string();
        }
        SyntaxError {
            message,
            span: e.span(),
        }
    })?;
    Ok(Node {
        span: 0..text.len(),
        value,
    })
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// A value with its span where the deserializer gives one (every value except the implicit
/// tables of dotted keys, which get the span of their first key).
struct NodeIn(Node);

impl<'de> Deserialize<'de> for NodeIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NodeIn, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NodeIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<NodeIn, E> {
                Ok(unspanned(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<NodeIn, E> {
                Ok(unspanned(Value::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeIn, E> {
                ValueVisitor.visit_u64(v).map(unspanned)
            }
            fn visit_f64<E>(self, v: f64) -> Result<NodeIn, E> {
                Ok(unspanned(Value::Float(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<NodeIn, E> {
                Ok(unspanned(Value::Str(v.to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<NodeIn, A::Error> {
                ValueVisitor.visit_seq(seq).map(unspanned)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeIn, A::Error> {
                let Some(first) = map.next_key::<KeyIn>()? else {
                    return Ok(unspanned(Value::Table(Vec::new())));
                };
                if first.name != SPANNED_FIELDS[0] {
                    // A table without a span of its own: read it with its first key.
                    let v = table(Some(first), &mut map)?;
                    let span = match &v {
                        Value::Table(t) => t.first().map_or(0..0, |(k, _)| k.span.clone()),
                        _ => 0..0,
                    };
                    return Ok(NodeIn(Node { span, value: v }));
                }
                let start: usize = map.next_value()?;
                let (mut end, mut value) = (start, None);
                while let Some(k) = map.next_key::<String>()? {
                    if k == SPANNED_FIELDS[1] {
                        end = map.next_value()?;
                    } else {
                        value = Some(map.next_value::<Value>()?);
                    }
                }
                let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                Ok(NodeIn(Node {
                    span: start..end,
                    value,
                }))
            }
        }
        d.deserialize_struct(SPANNED, &SPANNED_FIELDS, V)
    }
}

fn unspanned(value: Value) -> NodeIn {
    NodeIn(Node { span: 0..0, value })
}

/// The entries of a table (the first key possibly already read).
fn table<'de, A: MapAccess<'de>>(first: Option<KeyIn>, map: &mut A) -> Result<Value, A::Error> {
    let mut out = Vec::new();
    let mut next = first;
    if next.is_none() {
        next = map.next_key::<KeyIn>()?;
    }
    while let Some(k) = next {
        if k.name == DATETIME_KEY {
            let s: String = map.next_value()?;
            return Ok(Value::Datetime(s));
        }
        let NodeIn(mut v) = map.next_value::<NodeIn>()?;
        if v.span == (0..0) {
            v.span = k.span.clone().unwrap_or(0..0);
        }
        let span = k.span.unwrap_or_else(|| v.span.clone());
        out.push((Key { name: k.name, span }, v));
        next = map.next_key::<KeyIn>()?;
    }
    Ok(Value::Table(out))
}

/// The name toml gives the one key of the map it uses for a date.
const DATETIME_KEY: &str = "$__toml_private_datetime";

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(NodeIn(v)) = seq.next_element::<NodeIn>()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        table(None, &mut map)
    }
}

/// A key: spanned where the deserializer can say where (every key of a document), plain for
/// the private key of a date.
struct KeyIn {
    name: String,
    span: Option<Range<usize>>,
}

impl<'de> Deserialize<'de> for KeyIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyIn, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyIn, E> {
                Ok(KeyIn {
                    name: v.to_string(),
                    span: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyIn, A::Error> {
                let (mut start, mut end, mut name) = (None, None, None);
                while let Some(k) = map.next_key::<String>()? {
                    match k.as_str() {
                        k if k == SPANNED_FIELDS[0] => start = Some(map.next_value::<usize>()?),
                        k if k == SPANNED_FIELDS[1] => end = Some(map.next_value::<usize>()?),
                        _ => name = Some(map.next_value::<String>()?),
                    }
                }
                Ok(KeyIn {
                    name: name.ok_or_else(|| de::Error::missing_field("key"))?,
                    span: start.zip(end).map(|(s, e)| s..e),
                })
            }
        }
        // The same request `Spanned` makes, so the deserializer sends the span when it has one.
        d.deserialize_struct(SPANNED, &SPANNED_FIELDS, V)
    }
}

const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPANNED_FIELDS: [&str; 3] = [
    "$__serde_spanned_private_start",
    "$__serde_spanned_private_end",
    "$__serde_spanned_private_value",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn table(n: &Node) -> &[(Key, Node)] {
        match &n.value {
            Value::Table(t) => t,
            v => panic!("not a table: {v:?}"),
        }
    }

    #[test]
    fn spans_of_keys_and_values() {
        let src = "[a]\nx = \"1 to 2\"\ny = { dist = 3, unit = \"kg\" }\nd = 2024-02-26\n";
        let root = parse(src).unwrap();
        let a = &table(&root)[0];
        assert_eq!(&src[a.0.span.clone()], "a");
        let entries = table(&a.1);
        assert_eq!(&src[entries[0].0.span.clone()], "x");
        assert_eq!(&src[entries[0].1.span.clone()], "\"1 to 2\"");
        let y = table(&entries[1].1);
        assert_eq!(&src[y[1].1.span.clone()], "\"kg\"");
        assert_eq!(y[0].1.value, Value::Int(3));
        assert_eq!(entries[2].1.value, Value::Datetime("2024-02-26".into()));
    }

    #[test]
    fn dotted_keys() {
        let src = "[container.iso20]\nname = \"x\"\n[a]\nb.c = 1\n";
        let root = parse(src).unwrap();
        let c = &table(&root)[0];
        assert_eq!(&src[c.0.span.clone()], "container");
        let iso = &table(&c.1)[0];
        assert_eq!(&src[iso.0.span.clone()], "iso20");
        let b = &table(&table(&root)[1].1)[0];
        assert_eq!(&src[b.0.span.clone()], "b");
        assert_eq!(table(&b.1)[0].1.value, Value::Int(1));
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = parse("[a]\nx = \"open\n").unwrap_err();
        assert!(e.span.is_some());
    }
}
