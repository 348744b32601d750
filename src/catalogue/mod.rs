//! The catalogue of container types and munitions: sourced physical data, with every figure
//! that no public source gives written as a wide, flagged assumption.
//!
//! The built-in catalogue is `catalogue/catalogue.toml`, embedded in the binary
//! ([`BUILTIN_TOML`]); `catalogue/README.md` describes the format and the reasoning behind each
//! assumption. A scenario may override or extend it with a table of the same shape
//! ([`Catalogue::with_overrides`]).
//!
//! ```text
//! catalogue.toml ─ raw (serde, spans) ─ validate (keys, sources, domains) ─ Catalogue
//!     Catalogue::munition("shell_152_he")?.quantities()
//!         → shell_152_he_packed_mass_kg = "pert(55, 67, 90)" kg, assumption, note …
//! ```
//!
//! Values stay as expression text for the scenario's expression compiler; plain numbers are
//! also parsed ([`Value::number`]). The per-draw capacity arithmetic is
//! [`crate::model::capacity`].

pub mod error;
pub mod raw;
pub mod schema;
mod validate;
pub mod value;

pub use error::{CatalogueError, CatalogueErrors};
pub use raw::RawCatalogue;
pub use schema::EntryKind;
pub use value::{Origin, Value};

use indexmap::IndexMap;
use std::ops::Range;

/// The built-in catalogue's text.
pub const BUILTIN_TOML: &str = include_str!("../../catalogue/catalogue.toml");

/// A validated catalogue: sources, container types and munitions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    sources: IndexMap<String, Source>,
    containers: IndexMap<String, Entry>,
    munitions: IndexMap<String, Entry>,
}

/// A `[[source]]`: where figures come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Identifier.
    pub id: String,
    /// Who said it, where.
    pub cite: String,
    /// Address.
    pub url: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// Confidence grade (`H`, `M`, `L`, or e.g. `M/L`).
    pub confidence: Option<String>,
    /// Byte span in its document.
    pub span: Option<Range<usize>>,
}

/// A container type or munition.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Container or munition.
    pub kind: EntryKind,
    /// Identifier, e.g. `shell_152_he`.
    pub id: String,
    text: IndexMap<&'static str, String>,
    values: IndexMap<&'static str, Value>,
}

/// A munition entry.
pub type Munition = Entry;
/// A container entry.
pub type Container = Entry;

/// One catalogue value as a scenario input quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Quantity name `<entry id>_<field>`, e.g. `iso20_max_payload_kg`.
    pub name: String,
    /// Dotted key in the catalogue, e.g. `container.iso20.max_payload_kg`.
    pub key: String,
    /// The value as an expression in the distribution language.
    pub expr: String,
    /// The number, when the value is a plain number.
    pub number: Option<f64>,
    /// Unit.
    pub unit: &'static str,
    /// Source id, if sourced.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// True when the figure is an assumption.
    pub assumption: bool,
    /// True when the figure is commonly quoted but unconfirmed.
    pub unconfirmed: bool,
}

impl Entry {
    fn empty(kind: EntryKind, id: &str) -> Entry {
        Entry {
            kind,
            id: id.to_string(),
            text: IndexMap::new(),
            values: IndexMap::new(),
        }
    }

    /// Values in schema order, so overrides do not reorder an entry.
    fn sorted(mut self) -> Entry {
        let order = |k: &&str| self.kind.fields().iter().position(|f| f.name == *k);
        let mut v: Vec<_> = self.values.drain(..).collect();
        v.sort_by_key(|(k, _)| order(k));
        self.values = v.into_iter().collect();
        self
    }

    /// Dotted key, e.g. `munition.shell_152_he`.
    pub fn key(&self) -> String {
        format!("{}.{}", self.kind.table(), self.id)
    }

    /// A text field such as `kind` (`shell` or `rocket` for munitions).
    #[cfg(test)]
    pub fn text(&self, field: &str) -> Option<&str> {
        self.text.get(field).map(String::as_str)
    }

    /// A value field, if the entry gives it.
    #[cfg(test)]
    pub fn value(&self, field: &str) -> Option<&Value> {
        self.values.get(field)
    }

    /// Every value field, in schema order.
    pub fn values(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }

    /// Every value as a scenario quantity named `<id>_<field>`.
    pub fn quantities(&self) -> Vec<Quantity> {
        self.values()
            .map(|(field, v)| Quantity {
                name: format!("{}_{field}", self.id),
                key: format!("{}.{field}", self.key()),
                expr: v.expr.clone(),
                number: v.number,
                unit: v.unit,
                source: v.source.clone(),
                note: v.note.clone(),
                assumption: v.assumption,
                unconfirmed: v.unconfirmed,
            })
            .collect()
    }
}

impl Catalogue {
    /// The built-in catalogue.
    ///
    /// # Errors
    /// Only if the embedded file is invalid, which the test suite rules out.
    pub fn builtin() -> Result<Catalogue, CatalogueErrors> {
        Catalogue::parse(BUILTIN_TOML, Origin::Builtin)
    }

    /// Parses and validates a complete catalogue from TOML text.
    ///
    /// # Errors
    /// Every problem found, each naming its key (see [`CatalogueError`]).
    pub fn parse(text: &str, origin: Origin) -> Result<Catalogue, CatalogueErrors> {
        let raw = parse_raw(text)?;
        Catalogue::from_raw(raw, origin)
    }

    /// Validates a complete catalogue already deserialized (e.g. embedded in another file).
    ///
    /// # Errors
    /// Every problem found.
    pub fn from_raw(raw: RawCatalogue, origin: Origin) -> Result<Catalogue, CatalogueErrors> {
        validate::merge(&Catalogue::default(), raw, origin, &[]).map_err(CatalogueErrors)
    }

    /// A copy with `overrides` applied: sources are added (same id replaces), fields of existing
    /// entries are replaced one by one, and new entries are added (they must be complete).
    /// `external_sources` are further ids a value may cite (e.g. the scenario's own sources).
    ///
    /// # Errors
    /// Every problem found in the overrides.
    pub fn with_overrides(
        &self,
        overrides: RawCatalogue,
        external_sources: &[String],
    ) -> Result<Catalogue, CatalogueErrors> {
        validate::merge(self, overrides, Origin::Override, external_sources)
            .map_err(CatalogueErrors)
    }

    /// A munition by id.
    ///
    /// # Errors
    /// [`CatalogueError::UnknownEntry`] with the nearest id and the full list.
    pub fn munition(&self, name: &str) -> Result<&Munition, CatalogueError> {
        lookup(&self.munitions, EntryKind::Munition, name)
    }

    /// A container type by id.
    ///
    /// # Errors
    /// [`CatalogueError::UnknownEntry`] with the nearest id and the full list.
    pub fn container(&self, name: &str) -> Result<&Container, CatalogueError> {
        lookup(&self.containers, EntryKind::Container, name)
    }

    /// Every munition, in file order.
    pub fn munitions(&self) -> impl Iterator<Item = &Munition> {
        self.munitions.values()
    }

    /// Every container type, in file order.
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.values()
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// Every source, in file order.
    #[cfg(test)]
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.values()
    }
}

/// Deserializes catalogue text without validating it.
///
/// # Errors
/// [`CatalogueError::Toml`] with the parser's message and span.
pub fn parse_raw(text: &str) -> Result<RawCatalogue, CatalogueError> {
    toml::from_str(text).map_err(|e| CatalogueError::Toml {
        message: e.message().to_string(),
        span: e.span(),
    })
}

fn lookup<'a>(
    map: &'a IndexMap<String, Entry>,
    kind: EntryKind,
    name: &str,
) -> Result<&'a Entry, CatalogueError> {
    map.get(name).ok_or_else(|| CatalogueError::UnknownEntry {
        kind,
        name: name.to_string(),
        suggestion: error::nearest(name, map.keys().map(String::as_str)).map(String::from),
        available: map.keys().cloned().collect(),
    })
}

#[cfg(test)]
mod tests;
