//! The validated scenario: after [`super::validate`], every invariant holds.

use super::error::{Diagnostic, ScenarioError};
use crate::model::{ClaimId, IdVec, Program, QuantityId, QuantityKind, Side, ValueRange};

/// Default number of draws when neither the file nor `--samples` sets it.
pub const DEFAULT_SAMPLES: u64 = 100_000;
/// Default seed when neither the file nor `--seed` sets it.
pub const DEFAULT_SEED: u64 = 20_240_226;

/// A scenario ready to run.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The path as given.
    pub path: String,
    /// File name without folders.
    pub file_name: String,
    /// File name without extension: the output folder's name.
    pub stem: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// `[scenario] title`.
    pub title: String,
    /// `[scenario] description`.
    pub description: Option<String>,
    /// `[scenario] samples`, if set.
    pub samples: Option<u64>,
    /// `[scenario] seed`, if set.
    pub seed: Option<u64>,
    /// Sources, in file order.
    pub sources: Vec<Source>,
    /// Quantities: inputs first, then model quantities, each in file order.
    pub quantities: IdVec<QuantityId, Quantity>,
    /// Claims, in file order.
    pub claims: IdVec<ClaimId, Claim>,
    /// The compiled model.
    pub program: Program,
    /// `[correlation]`, validated.
    pub correlation: Option<super::dependence::CorrelationInfo>,
    /// `[[evidence]]`, validated, in file order.
    pub evidence: Vec<super::dependence::EvidenceInfo>,
    /// Every field of the catalogue entries the scenario imports, used or not: only the used
    /// ones are quantities; the report lists the others once, in its catalogue section.
    pub catalogue: Vec<CatalogueField>,
    /// Warnings found while validating (e.g. an override of a catalogue field nothing uses),
    /// located like errors.
    pub warnings: Vec<Diagnostic>,
    /// The file's text, to validate it again with other overrides ([`Scenario::with_overrides`]).
    pub text: std::sync::Arc<str>,
    /// The overrides asked for (`--set`, a sweep point), in the order given.
    pub requested: Vec<super::Override>,
    /// The definitions they replaced.
    pub overrides: Vec<super::Applied>,
    /// `[sweep]` (at most two: a grid).
    pub sweeps: Vec<super::SweepSpec>,
    /// `[[chart]]`: the charts the analyst asked for.
    pub charts: Vec<super::ChartSpec>,
}

impl Scenario {
    /// This scenario validated again with `extra` overrides after its own (a sweep point, a
    /// value `--solve` tries): exactly what `--set` with all of them gives.
    ///
    /// # Errors
    /// Every problem found, located in the override's text.
    pub fn with_overrides(&self, extra: &[super::Override]) -> Result<Scenario, ScenarioError> {
        let all: Vec<super::Override> = self.requested.iter().chain(extra).cloned().collect();
        super::from_text_with(std::path::Path::new(&self.path), &self.text, &all)
    }

    /// The catalogue fields the model uses (directly or through other quantities): these are
    /// quantities of the scenario.
    pub fn catalogue_used(&self) -> impl Iterator<Item = &CatalogueField> {
        self.catalogue.iter().filter(|f| f.used)
    }

    /// The catalogue fields of imported entries that nothing in the model uses: they are not
    /// quantities (no table row, no sensitivity), listed once in the report's catalogue section.
    pub fn catalogue_unused(&self) -> impl Iterator<Item = &CatalogueField> {
        self.catalogue.iter().filter(|f| !f.used)
    }
}

/// One field of an imported catalogue entry.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueField {
    /// The quantity name it has (or would have), e.g. `shell_152_he_packed_mass_kg`.
    pub name: String,
    /// Dotted catalogue key, e.g. `munition.shell_152_he.packed_mass_kg`.
    pub key: String,
    /// The value: an expression, or a formula of other fields of the entry.
    pub expr: String,
    /// Unit.
    pub unit: String,
    /// Source id (as the scenario's sources know it), if sourced.
    pub source: Option<String>,
    /// The catalogue's note, flagged `[assumption]`/`[unconfirmed]`.
    pub note: String,
    /// True when the scenario's `[catalogue.override]` gives it.
    pub overridden: bool,
    /// True when the model uses it, directly or through other quantities.
    pub used: bool,
}

/// A `[[source]]`.
#[derive(Debug, Clone)]
pub struct Source {
    /// Identifier.
    pub id: String,
    /// Citation: `cite` as written, or composed from publisher/author, title and date.
    pub cite: String,
    /// Publisher, if given.
    pub publisher: Option<String>,
    /// Author, if given.
    pub author: Option<String>,
    /// Title, if given.
    pub title: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Date as written.
    pub date: Option<String>,
}

/// An input or model quantity.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// Name.
    pub name: String,
    /// Input or model.
    pub kind: QuantityKind,
    /// Expression as written.
    pub expr: String,
    /// Unit.
    pub unit: Option<String>,
    /// Source id.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The range its draws must stay within (declared, or implied by the unit), if any.
    pub range: Option<ValueRange>,
    /// 1-based line of the definition in the file.
    pub line: usize,
    /// Whether it gets its own charts (`chart = false`: no).
    pub chart: bool,
    /// Whether the report's results table shows it (`report = false`: no).
    pub report: bool,
}

/// A claim.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Identifier.
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// The test as written.
    pub holds_if: String,
    /// Source id.
    pub source: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Quantities referenced, in order of first use.
    pub references: Vec<String>,
    /// For a claim `quantity <op> number`: (quantity, threshold, side).
    pub threshold: Option<(String, f64, Side)>,
}
