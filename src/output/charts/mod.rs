//! Charts of a run, rendered to PNG and SVG for pasting into articles.
//!
//! [`render_all`] writes, for every chart, `{stem}.png` (1200 × 700 pixels) and `{stem}.svg`:
//!
//! ```text
//! hist_{quantity}       histogram of each model quantity, with p5 / p50 / p95 marked
//! exceed_{quantity}     P(X ≥ x) for each quantity a claim refers to, with claim thresholds
//! claims                every claim's probability with ±2 Monte Carlo standard errors (and a
//!                       mark at its probability before the evidence, if any)
//! posterior_{quantity}  P(X ≥ x) before and after the evidence (only with evidence)
//! evidence_effect       each claim's probability before the evidence and after each report
//! tornado_{output}      what moves each model quantity and claim: swing and Sobol indices
//! voi_{claim}           value of information: which input would change the claim most
//! convergence           running estimate of each claim's probability as draws accumulate
//! lots_working_dud      working vs non-working rounds by [shipment] lot (when there are lots)
//! capacity              capacity_by_mass_X / capacity_by_volume_X / claimed_load_X (by name)
//! ```
//!
//! Charts whose data is missing or empty are left out.
//!
//! Charts read only the results structs ([`Summary`], [`ChartData`]). Each is drawn once against
//! plotters' generic `DrawingBackend` and rendered to both formats in [`render`]; the look (font,
//! colours, sizes) lives in [`theme`].

mod annotate;
mod axes;
mod bars;
mod capacity;
mod claims;
mod convergence;
mod evidence;
mod exceedance;
mod glyphs;
mod histogram;
mod lots;
mod render;
mod rows;
mod text;
mod theme;
mod ticks;
mod tornado;
mod voi;

use std::path::{Path, PathBuf};

use crate::results::{ChartData, QuantityCurves, QuantityKind, Summary, VoiEntry};

use self::claims::ClaimsChart;
use self::convergence::ConvergenceChart;
use self::evidence::EvidenceChart;
use self::exceedance::ExceedanceChart;
use self::histogram::HistogramChart;

/// A chart written by [`render_all`], as `{stem}.png` and `{stem}.svg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    /// The chart's title, as shown on it.
    pub title: String,
    /// File name without extension, e.g. `hist_shipped`.
    pub stem: String,
    /// What the chart shows.
    pub kind: ChartFileKind,
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartFileKind {
    /// Histogram of a model quantity.
    Histogram {
        /// The quantity's name.
        quantity: String,
    },
    /// Exceedance curve P(X ≥ x) of a quantity referenced by claims.
    Exceedance {
        /// The quantity's name.
        quantity: String,
    },
    /// Probabilities of all claims.
    Claims,
    /// Exceedance curves of a quantity before and after the evidence.
    Posterior {
        /// The quantity's name.
        quantity: String,
    },
    /// Each claim's probability before the evidence and after each piece of it.
    EvidenceEffect,
    /// What moves one output: a bar per input (swing) with its Sobol indices.
    Tornado {
        /// The model quantity's name or the claim's id.
        output: String,
        /// Whether `output` is a claim.
        claim: bool,
    },
    /// Value of information of each input for one claim.
    ValueOfInformation {
        /// The claim's id.
        claim: String,
    },
    /// Running estimates of the claims' probabilities as draws accumulate.
    Convergence,
    /// A `[shipment]` chart (`lots_working_dud`, `capacity`).
    Shipment,
}

/// A chart that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The bundled font could not be loaded (a build problem).
    #[error("could not load the chart font: {0}")]
    Font(String),
    /// Plotting failed.
    #[error("could not draw chart '{}': {message}", path.display())]
    Draw {
        /// The file being drawn.
        path: PathBuf,
        /// Plotters' description of the failure.
        message: String,
    },
    /// A chart file could not be written.
    #[error("could not write chart '{}': {source}", path.display())]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// [`ChartData`] has no curves for a quantity the summary charts.
    #[error("no chart data for quantity '{quantity}'")]
    MissingData {
        /// The quantity's name.
        quantity: String,
    },
}

/// Renders every chart for a run into `dir` (created by the caller) as PNG and SVG, and lists
/// them in order: histograms of model quantities and exceedance curves of claimed quantities (both
/// in the summary's quantity order), then the claims chart if there are claims; then, where the
/// data is there, prior-vs-posterior curves (quantity order), the evidence effect chart, tornado
/// charts (in the order of [`Summary::sensitivity`]), value-of-information charts (claim order)
/// and the convergence chart.
///
/// # Errors
///
/// [`ChartError::MissingData`] if `data` lacks curves for a charted quantity; otherwise the first
/// plotting or file error.
pub fn render_all(
    summary: &Summary,
    data: &ChartData,
    dir: &Path,
) -> Result<Vec<ChartFile>, ChartError> {
    let mut files = Vec::new();
    for (name, quantity) in &summary.quantities {
        if quantity.kind != QuantityKind::Model {
            continue;
        }
        let curves = curves(data, name)?;
        let chart = HistogramChart::new(name, quantity, &curves.histogram, summary.samples);
        let stem = format!("hist_{name}");
        render::render(&chart, dir, &stem)?;
        let kind = ChartFileKind::Histogram {
            quantity: name.clone(),
        };
        files.push(file(chart.title(), stem, kind));
    }
    for (name, quantity) in &summary.quantities {
        if !summary.claims.iter().any(|c| c.references.contains(name)) {
            continue;
        }
        let curves = curves(data, name)?;
        let chart = ExceedanceChart::new(
            name,
            quantity,
            &curves.exceedance,
            &data.claim_markers,
            summary.samples,
        );
        let stem = format!("exceed_{name}");
        render::render(&chart, dir, &stem)?;
        let kind = ChartFileKind::Exceedance {
            quantity: name.clone(),
        };
        files.push(file(chart.title(), stem, kind));
    }
    if !summary.claims.is_empty() {
        let chart = ClaimsChart::new(
            &summary.title,
            &summary.claims,
            summary.samples,
            summary.seed,
        );
        let stem = "claims".to_string();
        render::render(&chart, dir, &stem)?;
        files.push(file(claims::TITLE, stem, ChartFileKind::Claims));
    }
    evidence_charts(summary, data, dir, &mut files)?;
    for (output, entries) in &summary.sensitivity {
        if entries.is_empty() {
            continue;
        }
        let claim = summary.claims.iter().any(|c| &c.id == output);
        let unit = summary
            .quantities
            .get(output)
            .and_then(|q| q.unit.as_deref());
        let chart = tornado::chart(output, entries, claim, unit);
        let stem = format!("tornado_{output}");
        render::render(&chart, dir, &stem)?;
        let kind = ChartFileKind::Tornado {
            output: output.clone(),
            claim,
        };
        files.push(file(&chart.title, stem, kind));
    }
    for (claim, entries) in value_of_information(summary) {
        let chart = voi::chart(&claim, &entries);
        let stem = format!("voi_{claim}");
        render::render(&chart, dir, &stem)?;
        let kind = ChartFileKind::ValueOfInformation { claim };
        files.push(file(&chart.title, stem, kind));
    }
    let chart = ConvergenceChart::new(&data.convergence);
    if !chart.is_empty() {
        let stem = "convergence".to_string();
        render::render(&chart, dir, &stem)?;
        files.push(file(convergence::TITLE, stem, ChartFileKind::Convergence));
    }
    if let Some(c) = lots::LotsChart::new(summary) {
        render::render(&c, dir, "lots_working_dud")?;
        files.push(file(
            lots::TITLE,
            "lots_working_dud".into(),
            ChartFileKind::Shipment,
        ));
    }
    if let Some(c) = capacity::CapacityChart::new(summary) {
        render::render(&c, dir, "capacity")?;
        files.push(file(
            capacity::TITLE,
            "capacity".into(),
            ChartFileKind::Shipment,
        ));
    }
    Ok(files)
}

/// The prior-vs-posterior and evidence effect charts, when the run has evidence.
fn evidence_charts(
    summary: &Summary,
    data: &ChartData,
    dir: &Path,
    files: &mut Vec<ChartFile>,
) -> Result<(), ChartError> {
    let Some(evidence) = summary.evidence.as_ref().filter(|e| !e.is_empty()) else {
        return Ok(());
    };
    for (name, prior) in data.prior_quantities.iter().flatten() {
        let (Some(quantity), Some(after)) =
            (summary.quantities.get(name), data.quantities.get(name))
        else {
            continue;
        };
        if prior.exceedance.is_empty() || after.exceedance.is_empty() {
            continue;
        }
        let chart = ExceedanceChart::posterior(
            name,
            quantity,
            &after.exceedance,
            &prior.exceedance,
            &data.claim_markers,
            &summary.claims,
        );
        let stem = format!("posterior_{name}");
        render::render(&chart, dir, &stem)?;
        let kind = ChartFileKind::Posterior {
            quantity: name.clone(),
        };
        files.push(file(chart.title(), stem, kind));
    }
    if let Some(chart) = EvidenceChart::new(&summary.claims, evidence) {
        let stem = "evidence_effect".to_string();
        render::render(&chart, dir, &stem)?;
        files.push(file(evidence::TITLE, stem, ChartFileKind::EvidenceEffect));
    }
    Ok(())
}

/// Value of information per claim with at least one input: claims in the summary's order, then
/// any other ids, each with its `(input, entry)` pairs. Inputs found only in
/// [`Summary::value_of_information`] get NaN for the flip probability and noise floor.
pub(crate) fn value_of_information(summary: &Summary) -> Vec<(String, Vec<(String, VoiEntry)>)> {
    let mut ids: Vec<&String> = summary.claims.iter().map(|c| &c.id).collect();
    let others = summary
        .value_of_information_detail
        .keys()
        .chain(summary.value_of_information.keys());
    for id in others {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            let detail = summary.value_of_information_detail.get(id);
            let plain = summary.value_of_information.get(id);
            let mut entries: Vec<(String, VoiEntry)> = detail
                .into_iter()
                .flatten()
                .map(|(input, e)| (input.clone(), *e))
                .collect();
            for (input, &change) in plain.into_iter().flatten() {
                if !entries.iter().any(|(i, _)| i == input) {
                    let entry = VoiEntry {
                        expected_abs_change: change,
                        flip_probability: f64::NAN,
                        noise_floor: f64::NAN,
                    };
                    entries.push((input.clone(), entry));
                }
            }
            (!entries.is_empty()).then(|| (id.clone(), entries))
        })
        .collect()
}

fn curves<'a>(data: &'a ChartData, name: &str) -> Result<&'a QuantityCurves, ChartError> {
    data.quantities
        .get(name)
        .ok_or_else(|| ChartError::MissingData {
            quantity: name.to_string(),
        })
}

fn file(title: &str, stem: String, kind: ChartFileKind) -> ChartFile {
    ChartFile {
        title: title.to_string(),
        stem,
        kind,
    }
}
