//! Scenario files: raw serde structs, located errors, and the validated [`Scenario`].
//!
//! ```text
//! read_text → parse_raw (TOML → RawFile) → validate (names, expressions, graph) → Scenario
//! ```
//! Everything is checked here, before a single draw is taken; `shellcount check` is exactly
//! this phase.

mod catalogue_use;
mod dependence;
mod error;
mod load;
mod model;
mod raw;
mod shipment;
mod validate;

pub use dependence::{CorrelationInfo, EvidenceInfo};
pub use error::{Diagnostic, ScenarioError};
pub use model::{Claim, Quantity, Scenario, Source, DEFAULT_SAMPLES, DEFAULT_SEED};

use std::path::Path;

/// Reads, parses and validates a scenario file.
///
/// # Errors
/// A [`ScenarioError`] listing every problem found, each with file, line, column and key.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = load::read_text(path)?;
    let name = path.display().to_string();
    let raw = load::parse_raw(&name, &text)?;
    validate::validate(path, &text, raw)
}

/// Parses and validates scenario text held in memory; `path` names it in messages and sets
/// the output folder's name.
///
/// # Errors
/// A [`ScenarioError`] listing every problem found.
pub fn from_text(path: &Path, text: &str) -> Result<Scenario, ScenarioError> {
    let raw = load::parse_raw(&path.display().to_string(), text)?;
    validate::validate(path, text, raw)
}
