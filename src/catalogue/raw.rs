//! Raw serde structs: a catalogue exactly as written, with byte spans, before any checks.
//!
//! The raw layer is lenient about field names inside entries (it records unknown ones) so that
//! [`super::validate`] can report them with the full key and the nearest allowed name. It can be
//! embedded in another file's raw structs (e.g. a scenario's `[catalogue]` table); spans are then
//! relative to that file.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use toml::Spanned;

/// A whole catalogue file, or a table of overrides with the same shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogue {
    /// `[[source]]` entries.
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
    /// `[container.<id>]` entries.
    #[serde(default)]
    pub container: IndexMap<String, Spanned<RawEntry>>,
    /// `[munition.<id>]` entries.
    #[serde(default)]
    pub munition: IndexMap<String, Spanned<RawEntry>>,
}

/// `[[source]]`: where figures come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Identifier referred to by values' `source`.
    pub id: Spanned<String>,
    /// Who said it, where.
    pub cite: Spanned<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// Confidence grade: `H`, `M`, `L` or a combination such as `M/L`.
    pub confidence: Option<Spanned<String>>,
}

/// One entry's fields, by name, in file order.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct RawEntry(pub IndexMap<String, Spanned<RawField>>);

/// One field as written: a bare string or number, or a table with `value` and metadata.
#[derive(Debug, Clone, PartialEq)]
pub enum RawField {
    /// A bare string (a text field, or a value without metadata).
    Text(String),
    /// A bare number.
    Number(f64),
    /// A table `{ value = …, source = …, … }`.
    Table(RawValue),
}

/// A value table `{ value, source, note, assumption, unconfirmed }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawValue {
    /// The value: a number, or an expression as text.
    pub value: Option<Spanned<RawScalar>>,
    /// Source id.
    pub source: Option<Spanned<String>>,
    /// Free note.
    pub note: Option<String>,
    /// True when the figure is the catalogue's assumption, not a source's.
    pub assumption: Option<bool>,
    /// True when a figure is commonly quoted but not confirmed by a source.
    pub unconfirmed: Option<bool>,
    /// Keys not recognised (reported during validation).
    pub unknown: Vec<String>,
}

/// The keys a value table allows.
pub const VALUE_KEYS: &[&str] = &["value", "source", "note", "assumption", "unconfirmed"];

/// A value: a number or an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum RawScalar {
    /// Written as a TOML number.
    Number(f64),
    /// Written as a string (a number or an expression in the distribution language).
    Text(String),
}

impl<'de> Deserialize<'de> for RawScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = RawScalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a number or a string such as \"8 to 20\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScalar, E> {
        Ok(RawScalar::Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScalar, E> {
        Ok(RawScalar::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScalar, E> {
        Ok(RawScalar::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScalar, E> {
        Ok(RawScalar::Number(v))
    }
}

impl<'de> Deserialize<'de> for RawField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = RawField;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a string, a number, or a table such as {{ value = \"8 to 20\", source = \"id\", note = \"…\" }}"
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawField, E> {
        Ok(RawField::Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawField, E> {
        Ok(RawField::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawField, E> {
        Ok(RawField::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawField, E> {
        Ok(RawField::Number(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawField, A::Error> {
        let mut out = RawValue::default();
        while let Some(k) = map.next_key::<String>()? {
            match k.as_str() {
                "value" => out.value = Some(map.next_value()?),
                "source" => out.source = Some(map.next_value()?),
                "note" => out.note = Some(map.next_value()?),
                "assumption" => out.assumption = Some(map.next_value()?),
                "unconfirmed" => out.unconfirmed = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    out.unknown.push(k);
                }
            }
        }
        Ok(RawField::Table(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_every_shape() {
        let raw: RawCatalogue = toml::from_str(
            r#"
            [container.a]
            name = "A"
            x = 3
            y = "1 to 2"
            z = { value = 2.5, source = "s", assumption = true, colour = "red" }
            "#,
        )
        .unwrap();
        let a = &raw.container["a"].get_ref().0;
        assert_eq!(a["name"].get_ref(), &RawField::Text("A".into()));
        assert_eq!(a["x"].get_ref(), &RawField::Number(3.0));
        let RawField::Table(z) = a["z"].get_ref() else {
            panic!("table expected")
        };
        assert_eq!(z.value.as_ref().unwrap().get_ref(), &RawScalar::Number(2.5));
        assert_eq!(z.unknown, vec!["colour".to_string()]);
    }

    #[test]
    fn unknown_top_level_table_is_rejected() {
        let err = toml::from_str::<RawCatalogue>("[munitions.a]\nname = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("munition"), "{err}");
    }
}
