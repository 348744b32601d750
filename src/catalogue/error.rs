//! Typed errors for catalogue files and look-ups. Every error names the key in dotted form
//! (e.g. `munition.shell_152_he.packed_mass_kg`), says what is wrong and what is allowed, and
//! carries the byte span of the offending text when it is known.

use super::schema::EntryKind;
use std::fmt;
use std::ops::Range;

/// One problem in a catalogue, or a failed look-up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogueError {
    /// The text is not valid TOML, or has the wrong shape (e.g. an unknown top-level table).
    #[error("catalogue: {message}")]
    Toml {
        /// The TOML parser's message.
        message: String,
        /// Where, when known.
        span: Option<Range<usize>>,
    },
    /// A field name that entries of this kind do not have.
    #[error("{key}: unknown field `{field}`{}; allowed: {}", did_you_mean(*suggestion), allowed.join(", "))]
    UnknownField {
        /// The entry, e.g. `munition.shell_152_he`.
        key: String,
        /// The name as written.
        field: String,
        /// The nearest allowed name, if close.
        suggestion: Option<&'static str>,
        /// Every allowed name.
        allowed: Vec<&'static str>,
        /// Where the field's value is.
        span: Option<Range<usize>>,
    },
    /// A required field is absent.
    #[error("{key}: missing required field `{field}` ({about})")]
    MissingField {
        /// The entry.
        key: String,
        /// The field's name.
        field: &'static str,
        /// What the field means.
        about: &'static str,
        /// Where the entry is.
        span: Option<Range<usize>>,
    },
    /// A value table without `value`, or an empty expression.
    #[error("{key}: no value; write `value = <number or expression>`")]
    MissingValue {
        /// The field.
        key: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A constant outside what the field allows.
    #[error("{key}: {value} is not allowed here; must be {allowed}")]
    OutOfDomain {
        /// The field.
        key: String,
        /// The offending number.
        value: f64,
        /// What is allowed, in words.
        allowed: &'static str,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A distribution with constant parameters that gives values outside the field's domain
    /// with more than a negligible probability, e.g. `uniform(-5k, 60)` for a mass.
    #[error("{key}: `{expr}` gives values outside {allowed} with probability {}", crate::text::number::short(*probability, 3))]
    MayLeaveDomain {
        /// The field.
        key: String,
        /// The expression as written.
        expr: String,
        /// The probability of a draw outside the domain.
        probability: f64,
        /// What is allowed, in words.
        allowed: &'static str,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// Not a valid expression or formula, or invalid distribution parameters, e.g.
    /// `uniform(19000, 17000)`.
    #[error("{key}: `{expr}`: {problem}")]
    BadRange {
        /// The field.
        key: String,
        /// The expression as written.
        expr: String,
        /// What is wrong.
        problem: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A field given with the wrong type, e.g. `name` as a table.
    #[error("{key}: expected {expected}")]
    WrongType {
        /// The field.
        key: String,
        /// What was expected.
        expected: &'static str,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A text field outside its list of choices.
    #[error("{key}: `{value}` is not allowed; choose one of {}", choices.join(", "))]
    BadChoice {
        /// The field.
        key: String,
        /// The value as written.
        value: String,
        /// The allowed values.
        choices: &'static [&'static str],
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A value's `source` that no `[[source]]` declares.
    #[error("{key}: unknown source `{source_id}`{}; declare it in a [[source]] table", did_you_mean(suggestion.as_deref()))]
    UnknownSource {
        /// The field.
        key: String,
        /// The id as written.
        source_id: String,
        /// The nearest declared id, if close.
        suggestion: Option<String>,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A value with neither `source` nor `assumption = true`.
    #[error("{key}: every value needs `source = \"<id>\"`, or `assumption = true` with a `note` giving the reasoning")]
    Unsourced {
        /// The field.
        key: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// `assumption = true` or `unconfirmed = true` without a `note`.
    #[error("{key}: an assumption or unconfirmed figure needs a `note` explaining it")]
    MissingNote {
        /// The field.
        key: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A problem with a `[[source]]` table (duplicate id, empty cite, bad confidence grade).
    #[error("{key}: {problem}")]
    BadSource {
        /// `source.<id>` or `source[<index>]`.
        key: String,
        /// What is wrong and what is allowed.
        problem: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// An entry id that cannot be part of a quantity name.
    #[error("{key}: entry ids must start with a lowercase letter and contain only a-z, 0-9 and _")]
    BadId {
        /// The entry.
        key: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A look-up of a container or munition the catalogue does not have.
    #[error("unknown {} `{name}`{}; available: {}", kind.table(), did_you_mean(suggestion.as_deref()), available.join(", "))]
    UnknownEntry {
        /// Which table was searched.
        kind: EntryKind,
        /// The name as given.
        name: String,
        /// The nearest id, if close.
        suggestion: Option<String>,
        /// Every id of that kind.
        available: Vec<String>,
    },
}

fn did_you_mean(s: Option<&str>) -> String {
    s.map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

impl CatalogueError {
    /// The dotted key the error is about, if any.
    pub fn key(&self) -> Option<&str> {
        use CatalogueError::*;
        match self {
            Toml { .. } | UnknownEntry { .. } => None,
            UnknownField { key, .. }
            | MayLeaveDomain { key, .. }
            | MissingField { key, .. }
            | MissingValue { key, .. }
            | OutOfDomain { key, .. }
            | BadRange { key, .. }
            | WrongType { key, .. }
            | BadChoice { key, .. }
            | UnknownSource { key, .. }
            | Unsourced { key, .. }
            | MissingNote { key, .. }
            | BadSource { key, .. }
            | BadId { key, .. } => Some(key),
        }
    }

    /// Byte span of the offending text in the document it was parsed from, if known.
    pub fn span(&self) -> Option<Range<usize>> {
        use CatalogueError::*;
        match self {
            UnknownEntry { .. } => None,
            Toml { span, .. }
            | UnknownField { span, .. }
            | MayLeaveDomain { span, .. }
            | MissingField { span, .. }
            | MissingValue { span, .. }
            | OutOfDomain { span, .. }
            | BadRange { span, .. }
            | WrongType { span, .. }
            | BadChoice { span, .. }
            | UnknownSource { span, .. }
            | Unsourced { span, .. }
            | MissingNote { span, .. }
            | BadSource { span, .. }
            | BadId { span, .. } => span.clone(),
        }
    }
}

/// Every problem found in one catalogue (never empty).
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueErrors(pub Vec<CatalogueError>);

impl fmt::Display for CatalogueErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueErrors {}

impl From<CatalogueError> for CatalogueErrors {
    fn from(e: CatalogueError) -> Self {
        CatalogueErrors(vec![e])
    }
}

pub use crate::text::nearest;
