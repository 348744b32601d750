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
//! Values are expression text, checked by the expression language itself ([`value`]); a
//! *derived* field is a formula of the entry's other fields (a round's packed mass is the sum of
//! projectile, propellant, case and packaging), so overriding a component moves everything
//! computed from it. The per-draw capacity arithmetic is [`crate::model::capacity`].

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
    /// Who said it, where: `cite` as written, or composed from the structured fields.
    pub cite: String,
    /// Publisher, if given.
    pub publisher: Option<String>,
    /// Author, if given.
    pub author: Option<String>,
    /// Title, if given.
    pub title: Option<String>,
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
    /// The value as an expression in the distribution language (a formula names other
    /// quantities of the entry, e.g. `shell_152_he_projectile_mass_kg + …`).
    pub expr: String,
    /// The quantities a formula is computed from (empty for a value given directly).
    pub derived_from: Vec<String>,
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
                expr: prefixed(&v.expr, &self.id, &v.derived_from),
                derived_from: v
                    .derived_from
                    .iter()
                    .map(|f| format!("{}_{f}", self.id))
                    .collect(),
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

/// `expr` with every name in `fields` prefixed by `<id>_`, so a formula of an entry's fields
/// names the scenario quantities they become.
fn prefixed(expr: &str, id: &str, fields: &[String]) -> String {
    if fields.is_empty() {
        return expr.to_string();
    }
    let Ok(tokens) = crate::expr::lexer::lex(expr) else {
        return expr.to_string();
    };
    let mut out = String::with_capacity(expr.len() + 16 * fields.len());
    let mut at = 0;
    for t in tokens {
        if let crate::expr::lexer::Tok::Ident(name) = &t.kind {
            if fields.contains(name) {
                out.push_str(&expr[at..t.span.start]);
                out.push_str(&format!("{id}_{name}"));
                at = t.span.end;
            }
        }
    }
    out.push_str(&expr[at..]);
    out
}

/// Reads catalogue text without validating its values.
///
/// # Errors
/// [`CatalogueError::Toml`] for a TOML syntax error or a problem of shape (unknown key, wrong
/// type), with its key path and span; every such problem is returned.
pub fn parse_raw(text: &str) -> Result<RawCatalogue, CatalogueErrors> {
    let root = crate::text::tree::parse(text).map_err(|e| CatalogueError::Toml {
        message: e.message,
        span: e.span,
    })?;
    let mut r = crate::text::Reader::default();
    let raw = RawCatalogue::read(&mut r, &root, "");
    match raw {
        Some(raw) if r.problems.is_empty() => Ok(raw),
        _ => Err(CatalogueErrors(
            r.problems
                .into_iter()
                .map(|p| CatalogueError::Toml {
                    message: match p.help {
                        Some(h) => format!("{}: {} ({h})", p.path, p.message),
                        None => format!("{}: {}", p.path, p.message),
                    },
                    span: Some(p.span),
                })
                .collect(),
        )),
    }
}

/// A one-line citation: `cite` as written, else "author, publisher, 'title', date" from the
/// structured fields; `None` when neither `cite` nor a title with a publisher or author is given.
pub fn citation(
    cite: Option<&str>,
    publisher: Option<&str>,
    author: Option<&str>,
    title: Option<&str>,
    date: Option<&str>,
) -> Option<String> {
    if let Some(c) = cite.filter(|c| !c.trim().is_empty()) {
        return Some(c.to_string());
    }
    let title = title.filter(|t| !t.trim().is_empty())?;
    let who: Vec<&str> = [author, publisher].into_iter().flatten().collect();
    if who.is_empty() {
        return None;
    }
    let mut s = format!("{}, '{title}'", who.join(", "));
    if let Some(d) = date {
        s.push_str(&format!(", {d}"));
    }
    Some(s)
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
