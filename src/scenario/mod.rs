//! Scenario files: raw structs read from a TOML tree, located errors, and the validated
//! [`Scenario`].
//!
//! ```text
//! read_text → text::tree::parse → raw::read (shape; every problem collected)
//!           → validate (catalogue, names, expressions, ranges, graph) → Scenario
//! ```
//! Everything is checked here, before a single draw is taken; `shellcount check` is exactly
//! this phase. Problems of shape and of meaning are reported together, in file order.

mod blame;
mod catalogue_use;
mod claims;
mod context;
mod dependence;
mod display;
mod error;
mod graph;
mod header;
mod indexes;
mod load;
mod model;
mod overrides;
mod quantities;
mod raw;
mod shipment;
mod sweep;
mod validate;

pub use dependence::{CorrelationInfo, EvidenceInfo};
pub use display::{ChartSpec, CustomKind};
pub use error::{Diagnostic, Level, ScenarioError};
pub use header::MAX_SAMPLES;
pub use model::{CatalogueField, Claim, Quantity, Scenario, Source, DEFAULT_SAMPLES, DEFAULT_SEED};
pub use overrides::{Applied, Origin, Override};
pub use sweep::{constant, SweepSpec, SweepValue};

use std::path::Path;

/// The name standard input has in messages (`shellcount run -`); its results go to
/// `OUT/stdin/`.
pub const STDIN: &str = "<stdin>";

/// Reads, parses and validates a scenario file; the path `-` reads standard input.
///
/// # Errors
/// A [`ScenarioError`] listing every problem found, each with file, line, column and key.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    load_with(path, &[])
}

/// Like [`load`], with definitions replaced ([`Override`]: `--set NAME=EXPR`).
///
/// # Errors
/// A [`ScenarioError`] listing every problem found, in the file and in the overrides.
pub fn load_with(path: &Path, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    if path == Path::new("-") {
        let text = load::read_stdin()?;
        return from_text_with(Path::new(STDIN), &text, overrides);
    }
    let text = load::read_text(path)?;
    from_text_with(path, &text, overrides)
}

/// Parses and validates scenario text held in memory; `path` names it in messages and sets
/// the output folder's name.
///
/// # Errors
/// A [`ScenarioError`] listing every problem found.
pub fn from_text(path: &Path, text: &str) -> Result<Scenario, ScenarioError> {
    from_text_with(path, text, &[])
}

/// Like [`from_text`], with definitions replaced.
///
/// # Errors
/// A [`ScenarioError`] listing every problem found, in the file and in the overrides.
pub fn from_text_with(
    path: &Path,
    text: &str,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let (raw, problems) = load::parse_raw(&path.display().to_string(), text)?;
    validate::validate(path, text, raw, problems, overrides)
}

/// The JSON Schema of the scenario format, generated from the raw types that read it.
pub fn json_schema() -> serde_json::Value {
    let mut settings = schemars::generate::SchemaSettings::draft2020_12();
    settings.meta_schema = Some("https://json-schema.org/draft/2020-12/schema".into());
    let schema = settings
        .into_generator()
        .into_root_schema_for::<raw::RawFile>();
    schema.to_value()
}

/// The keys each table of the format allows, by JSON Schema definition name, for the test
/// that the reader and the schema agree.
#[doc(hidden)]
pub fn reader_keys() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("", raw::RawFile::KEYS),
        ("RawHeader", raw::RawHeader::KEYS),
        ("RawSource", raw::RawSource::KEYS),
        ("RawClaim", raw::RawClaim::KEYS),
        ("RawCorrelation", raw::RawCorrelation::KEYS),
        ("RawEvidence", raw::RawEvidence::KEYS),
        ("RawCatalogueUse", raw::RawCatalogueUse::KEYS),
        ("RawShipment", raw::RawShipment::KEYS),
        ("RawCargo", raw::RawCargo::KEYS),
        ("RawLot", raw::RawLot::KEYS),
        ("RawSweep", raw::RawSweep::KEYS),
        ("RawChart", raw::RawChart::KEYS),
        ("RawMonths", raw::RawMonths::KEYS),
        ("InputTable", raw::RawQuantity::INPUT_KEYS),
        ("ModelTable", raw::RawQuantity::MODEL_KEYS),
    ]
}

/// Display text as written (trimmed), `None` when absent or blank.
fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
