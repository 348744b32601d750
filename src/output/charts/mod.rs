//! Charts of a run, rendered to PNG and SVG for pasting into articles.
//!
//! [`render_all`] writes, for every chart, `{stem}.png` (1200 × 700 pixels) and `{stem}.svg`:
//!
//! ```text
//! hist_{quantity}     histogram of each model quantity, with p5 / p50 / p95 marked
//! exceed_{quantity}   P(X ≥ x) for each quantity a claim refers to, with claim thresholds
//! claims              every claim's probability with ±2 Monte Carlo standard errors
//! lots_working_dud    working vs non-working rounds by [shipment] lot (when there are lots)
//! capacity            capacity_by_mass_X / capacity_by_volume_X / claimed_load_X (by name)
//! ```
//!
//! Charts read only the results structs ([`Summary`], [`ChartData`]). Each is drawn once against
//! plotters' generic `DrawingBackend` and rendered to both formats in [`render`]; the look (font,
//! colours, sizes) lives in [`theme`].

mod annotate;
mod axes;
mod capacity;
mod claims;
mod exceedance;
mod glyphs;
mod histogram;
mod lots;
mod render;
mod rows;
mod text;
mod theme;
mod ticks;

use std::path::{Path, PathBuf};

use crate::results::{ChartData, QuantityCurves, QuantityKind, Summary};

use self::claims::ClaimsChart;
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
/// in the summary's quantity order), then the claims chart if there are claims.
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
