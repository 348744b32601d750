//! Charts of a run, rendered to PNG and SVG for pasting into articles.
//!
//! [`plan`] lists every chart of a run (title, file stem, what it shows) without drawing;
//! [`Charts`] draws them, each as `charts/{stem}.png` (1200 × 700 pixels) and `.svg`:
//!
//! ```text
//! hist_{quantity}        histogram of each model quantity, with p5 / p50 / p95 marked
//! fan_{quantity}         each indexed quantity against its index: median, p25–p75 and p5–p95
//!                        bands, claims and evidence at single elements as points
//! exceed_{quantity}      P(X ≥ x) for each quantity a claim refers to, with claim thresholds
//! claims                 every claim's probability with ±2 Monte Carlo standard errors (and a
//!                        mark at its probability before the evidence, if any)
//! posterior_{quantity}   P(X ≥ x) before and after the evidence (only with evidence)
//! evidence_effect        each claim's probability before the evidence and after each report
//! tornado_{quantity}     what moves each model quantity: swing and Sobol indices
//! tornado_claim-{claim}  what moves each claim (quantity names never hold `-`, so the two never
//!                        share a file)
//! voi_{claim}            value of information: which input would change the claim most
//! convergence            running estimate of each claim's probability as draws accumulate
//! lots_working_dud       working vs non-working rounds by [shipment] lot (from the plan)
//! capacity               capacity quantities (capacity_by_mass/_by_volume calls and their
//!                        min) and the claimed loads claims compare them with
//! custom_{id}            the scenario's [[chart]] entries
//! ```
//!
//! What-if charts ([`whatif`]): `sweep_{claim}`, `sweep_{quantity}`, `heatmap_{claim}` of a
//! sweep; `compare_{quantity}`, `compare_claims` of a comparison.
//!
//! Charts whose data is missing or empty are left out. Charts read only the run's
//! [`RunResult`], through the small views of `views.rs`; each is drawn once against plotters' generic
//! `DrawingBackend` and rendered to both formats in [`render`]; the look (font, colours, sizes)
//! lives in [`theme`].

mod annotate;
mod axes;
mod axis;
mod backend;
mod bars;
mod canvas;
mod capacity;
mod claims;
mod compare;
mod convergence;
mod custom;
mod deflate;
mod evidence;
mod exceedance;
mod fan;
mod glyphs;
mod heatmap;
mod histogram;
mod lines;
mod lots;
mod mask;
mod palette;
mod parallel;
mod png;
mod raster;
mod render;
mod rows;
mod spans;
mod sweep;
mod text;
mod theme;
mod ticks;
mod tornado;
mod twins;
mod views;
mod voi;
mod whatif;

pub use self::twins::{SameAs, Twins};
pub(crate) use self::whatif::{compare_charts, sweep_charts};

use std::path::PathBuf;

use super::{Artifact, Exporter, Target};
use crate::model::{ClaimId, Output, QuantityId};
use crate::results::RunResult;

use self::render::Chart;
use self::views::each;
pub(crate) use self::views::{
    ClaimMarker, ClaimView, ConvergenceSeries, EvidenceView, QuantityView,
};

/// A chart of a run, written as `charts/{stem}.png` and `charts/{stem}.svg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    /// The chart's title, as shown on it.
    pub title: String,
    /// File name without extension, e.g. `hist_shipped`.
    pub stem: String,
    /// What the chart shows.
    pub kind: ChartKind,
    /// Set when the chart is left out because it would be an exact copy of another quantity's
    /// (see [`Twins`]): it has no files, and the report says so where it would have been.
    pub same_as: Option<SameAs>,
}

/// What a chart shows, by typed id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Histogram of a model quantity.
    Histogram(QuantityId),
    /// Fan chart of an indexed quantity (its position among the run's indexed quantities).
    Fan(usize),
    /// Exceedance curve P(X ≥ x) of a quantity referenced by claims.
    Exceedance(QuantityId),
    /// Probabilities of all claims.
    Claims,
    /// Exceedance curves of a quantity before and after the evidence.
    Posterior(QuantityId),
    /// Each claim's probability before the evidence and after each piece of it.
    EvidenceEffect,
    /// What moves one output: a bar per input (swing) with its Sobol indices.
    Tornado(Output),
    /// Value of information of each input for one claim.
    ValueOfInformation(ClaimId),
    /// Running estimates of the claims' probabilities as draws accumulate.
    Convergence,
    /// Working and non-working rounds by `[shipment]` lot.
    Lots,
    /// Capacity by mass, by volume and the claimed loads.
    Capacity,
    /// A `[[chart]]` entry of the scenario.
    Custom,
    /// A chart of a sweep (probability or quantity against the swept value, or a heat map).
    Sweep,
    /// A chart of a comparison of several scenarios.
    Compare,
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
}

/// Where [`each`] sends every chart: a list of files, or a renderer.
pub(super) trait Sink {
    fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError>;
    /// A chart left out as a copy of another (`file.same_as` is set); nothing to draw.
    fn same(&mut self, _file: ChartFile) {}
}

/// Every chart of a run, in order (see the module docs), without drawing any.
pub fn plan(r: &RunResult) -> Vec<ChartFile> {
    plan_with(r, &Twins::default())
}

/// [`plan`], with the charts that would be copies of another quantity's (by `twins`) listed
/// as left out (`same_as` set), where they would have been.
pub fn plan_with(r: &RunResult, twins: &Twins) -> Vec<ChartFile> {
    struct List(Vec<ChartFile>);
    impl Sink for List {
        fn chart(&mut self, file: ChartFile, _: &impl Chart) -> Result<(), ChartError> {
            self.0.push(file);
            Ok(())
        }
        fn same(&mut self, file: ChartFile) {
            self.0.push(file);
        }
    }
    let mut list = List(Vec::new());
    each(r, twins, &mut list).expect("listing never fails");
    list.0
}

/// A drawn chart: its file, PNG bytes and SVG document.
pub type Drawn = (ChartFile, Vec<u8>, String);

/// Every chart of a run drawn: each file with its PNG and SVG bytes, in [`plan`]'s order.
///
/// The charts are drawn in parallel on the current rayon pool: each worker walks the same list
/// of charts (building a chart's view is cheap) and draws those no other worker has taken yet,
/// so the work balances itself and the result does not depend on the number of threads.
///
/// # Errors
/// The first plotting error, in plan order.
pub fn render_all(r: &RunResult) -> Result<Vec<Drawn>, ChartError> {
    render_all_with(r, &Twins::default())
}

/// [`render_all`] without the charts that would be copies of another quantity's (by
/// `twins`; [`plan_with`] lists them).
///
/// # Errors
/// The first plotting error, in plan order.
pub fn render_all_with(r: &RunResult, twins: &Twins) -> Result<Vec<Drawn>, ChartError> {
    parallel::render_except(r, twins, Vec::new())
}

/// [`render_all_with`], taking the charts in `early` as drawn: those drawn from this run's
/// result before its sensitivity analysis (`crate::analysis::analyse_beside`), which no chart
/// but the tornado and value-of-information charts reads, so they are the same charts.
///
/// # Errors
/// As [`render_all_with`].
pub fn render_rest(
    r: &RunResult,
    twins: &Twins,
    early: Vec<Drawn>,
) -> Result<Vec<Drawn>, ChartError> {
    parallel::render_except(r, twins, early)
}

/// Every chart of a run as an SVG document only (for the HTML report alone; a run draws its
/// charts once with [`render_all`] and shares the SVG documents).
///
/// # Errors
/// The first plotting error.
pub fn render_svgs(r: &RunResult) -> Result<Vec<(ChartFile, String)>, ChartError> {
    struct Draw(Vec<(ChartFile, String)>);
    impl Sink for Draw {
        fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError> {
            let svg = render::render_svg(chart, &file.stem)?;
            self.0.push((file, svg));
            Ok(())
        }
    }
    let mut draw = Draw(Vec::new());
    each(r, &Twins::default(), &mut draw)?;
    Ok(draw.0)
}

/// The PNG and SVG files of drawn charts, in order.
pub(crate) fn artifacts(charts: Vec<Drawn>, out: &mut Vec<Artifact>) {
    for (file, png, svg) in charts {
        out.push(Artifact {
            target: Target::File(format!("charts/{}.png", file.stem).into()),
            bytes: png,
        });
        out.push(Artifact {
            target: Target::File(format!("charts/{}.svg", file.stem).into()),
            bytes: svg.into_bytes(),
        });
    }
}

/// The charts, as `charts/{stem}.png` and `.svg`.
pub struct Charts;

impl Exporter for Charts {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        let mut out = Vec::new();
        artifacts(render_all(result)?, &mut out);
        Ok(out)
    }
}

pub(super) fn file(title: &str, stem: String, kind: ChartKind) -> ChartFile {
    ChartFile {
        title: title.to_string(),
        stem,
        kind,
        same_as: None,
    }
}
