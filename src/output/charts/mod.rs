//! Charts of a run, rendered to PNG and SVG for pasting into articles.
//!
//! [`plan`] lists every chart of a run (title, file stem, what it shows) without drawing;
//! [`Charts`] draws them, each as `charts/{stem}.png` (1200 × 700 pixels) and `.svg`:
//!
//! ```text
//! hist_{quantity}        histogram of each model quantity, with p5 / p50 / p95 marked
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
//! ```
//!
//! Charts whose data is missing or empty are left out. Charts read only the run's
//! [`RunResult`], through the small views below; each is drawn once against plotters' generic
//! `DrawingBackend` and rendered to both formats in [`render`]; the look (font, colours, sizes)
//! lives in [`theme`].

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

use std::path::PathBuf;

use indexmap::IndexMap;

use super::{Artifact, Exporter, Target};
use crate::model::{ClaimId, Output, QuantityId};
use crate::results::{QuantityKind, QuantityResult, RunResult, Sensitivity, Side};

use self::claims::ClaimsChart;
use self::convergence::ConvergenceChart;
use self::evidence::EvidenceChart;
use self::exceedance::ExceedanceChart;
use self::histogram::HistogramChart;
use self::render::Chart;

/// A chart of a run, written as `charts/{stem}.png` and `charts/{stem}.svg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    /// The chart's title, as shown on it.
    pub title: String,
    /// File name without extension, e.g. `hist_shipped`.
    pub stem: String,
    /// What the chart shows.
    pub kind: ChartKind,
}

/// What a chart shows, by typed id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Histogram of a model quantity.
    Histogram(QuantityId),
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

/// What a chart reads of a quantity.
pub(crate) struct QuantityView {
    /// Unit, if any.
    pub unit: Option<String>,
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl QuantityView {
    fn of(q: &QuantityResult) -> QuantityView {
        let s = q.stats();
        QuantityView {
            unit: q.unit.clone(),
            mean: s.mean,
            p5: s.percentiles.p5,
            p50: s.percentiles.p50,
            p95: s.percentiles.p95,
        }
    }
}

/// What a chart reads of a claim.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimView {
    /// Claim id.
    pub id: String,
    /// Probability (after the evidence, when there is evidence).
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub mcse: f64,
    /// Probability before the evidence, when there is evidence.
    pub prior_probability: Option<f64>,
}

/// A claim of the form `quantity <op> number`, drawn as a threshold on exceedance curves.
#[derive(Debug, Clone)]
pub(crate) struct ClaimMarker {
    /// Claim id.
    pub claim_id: String,
    /// The quantity compared.
    pub quantity: QuantityId,
    /// The threshold, in the quantity's unit.
    pub threshold: f64,
    /// Which side holds.
    pub side: Side,
    /// Estimated probability that the claim holds.
    pub probability: f64,
}

/// Each claim's probability after one report.
#[derive(Debug, Clone)]
pub(crate) struct EvidenceView {
    /// Claim id → probability after this and all earlier reports.
    pub probability_after: IndexMap<String, f64>,
}

/// The running estimate of one claim's probability.
#[derive(Debug, Clone)]
pub(crate) struct ConvergenceSeries {
    /// Claim id.
    pub claim_id: String,
    /// Points (draws so far, estimate, its Monte Carlo standard error), draws increasing.
    pub points: Vec<(u64, f64, f64)>,
}

/// Where [`each`] sends every chart: a list of files, or a renderer.
trait Sink {
    fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError>;
}

/// Every chart of a run, in order (see the module docs), without drawing any.
pub fn plan(r: &RunResult) -> Vec<ChartFile> {
    struct List(Vec<ChartFile>);
    impl Sink for List {
        fn chart(&mut self, file: ChartFile, _: &impl Chart) -> Result<(), ChartError> {
            self.0.push(file);
            Ok(())
        }
    }
    let mut list = List(Vec::new());
    each(r, &mut list).expect("listing never fails");
    list.0
}

/// Every chart of a run drawn: each file with its PNG and SVG bytes.
///
/// # Errors
/// The first plotting error.
pub fn render_all(r: &RunResult) -> Result<Vec<(ChartFile, Vec<u8>, String)>, ChartError> {
    struct Draw(Vec<(ChartFile, Vec<u8>, String)>);
    impl Sink for Draw {
        fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError> {
            let (png, svg) = render::render_bytes(chart, &file.stem)?;
            self.0.push((file, png, svg));
            Ok(())
        }
    }
    let mut draw = Draw(Vec::new());
    each(r, &mut draw)?;
    Ok(draw.0)
}

/// The charts, as `charts/{stem}.png` and `.svg`.
pub struct Charts;

impl Exporter for Charts {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        let mut out = Vec::new();
        for (file, png, svg) in render_all(result)? {
            out.push(Artifact {
                target: Target::File(format!("charts/{}.png", file.stem).into()),
                bytes: png,
            });
            out.push(Artifact {
                target: Target::File(format!("charts/{}.svg", file.stem).into()),
                bytes: svg.into_bytes(),
            });
        }
        Ok(out)
    }
}

fn file(title: &str, stem: String, kind: ChartKind) -> ChartFile {
    ChartFile {
        title: title.to_string(),
        stem,
        kind,
    }
}

fn claim_views(r: &RunResult) -> Vec<ClaimView> {
    r.claims
        .iter()
        .map(|c| {
            let e = c.estimate();
            ClaimView {
                id: c.id.clone(),
                probability: e.probability,
                mcse: e.mcse,
                prior_probability: c.posterior.map(|_| c.forward.probability),
            }
        })
        .collect()
}

fn markers(r: &RunResult) -> Vec<ClaimMarker> {
    r.claims
        .iter()
        .filter_map(|c| {
            let t = c.threshold?;
            Some(ClaimMarker {
                claim_id: c.id.clone(),
                quantity: t.quantity,
                threshold: t.value,
                side: t.side,
                probability: c.estimate().probability,
            })
        })
        .collect()
}

/// Sends every chart of `r` to `sink`, in order.
fn each(r: &RunResult, sink: &mut impl Sink) -> Result<(), ChartError> {
    let samples = r.run.samples;
    let markers = markers(r);
    let claims = claim_views(r);
    for (id, q) in r.quantities.iter_enumerated() {
        if q.kind != QuantityKind::Model || q.answer_curves().histogram.counts.is_empty() {
            continue;
        }
        let view = QuantityView::of(q);
        let chart = HistogramChart::new(&q.name, &view, &q.answer_curves().histogram, samples);
        let f = file(
            chart.title(),
            format!("hist_{}", q.name),
            ChartKind::Histogram(id),
        );
        sink.chart(f, &chart)?;
    }
    for (id, q) in r.quantities.iter_enumerated() {
        if !r.claims.iter().any(|c| c.references.contains(&id))
            || q.answer_curves().exceedance.is_empty()
        {
            continue;
        }
        let view = QuantityView::of(q);
        let chart = ExceedanceChart::new(
            id,
            &q.name,
            &view,
            &q.answer_curves().exceedance,
            &markers,
            samples,
        );
        let f = file(
            chart.title(),
            format!("exceed_{}", q.name),
            ChartKind::Exceedance(id),
        );
        sink.chart(f, &chart)?;
    }
    if !claims.is_empty() {
        let chart = ClaimsChart::new(&r.run.title, &claims, samples, r.run.seed);
        sink.chart(
            file(claims::TITLE, "claims".into(), ChartKind::Claims),
            &chart,
        )?;
    }
    evidence_charts(r, &claims, &markers, sink)?;
    sensitivity_charts(r, sink)?;
    let series: Vec<ConvergenceSeries> = r
        .claims
        .iter()
        .map(|c| ConvergenceSeries {
            claim_id: c.id.clone(),
            points: c.convergence.clone(),
        })
        .collect();
    let chart = ConvergenceChart::new(&series);
    if !chart.is_empty() {
        let f = file(
            convergence::TITLE,
            "convergence".into(),
            ChartKind::Convergence,
        );
        sink.chart(f, &chart)?;
    }
    if let Some(c) = lots::LotsChart::new(r) {
        sink.chart(
            file(lots::TITLE, "lots_working_dud".into(), ChartKind::Lots),
            &c,
        )?;
    }
    if let Some(c) = capacity::CapacityChart::new(r) {
        sink.chart(
            file(capacity::TITLE, "capacity".into(), ChartKind::Capacity),
            &c,
        )?;
    }
    Ok(())
}

/// The prior-vs-posterior and evidence effect charts, when the run has evidence.
fn evidence_charts(
    r: &RunResult,
    claims: &[ClaimView],
    markers: &[ClaimMarker],
    sink: &mut impl Sink,
) -> Result<(), ChartError> {
    let Some(p) = r.posterior.as_ref().filter(|p| !p.entries.is_empty()) else {
        return Ok(());
    };
    for (id, q) in r.quantities.iter_enumerated() {
        let Some(after) = &q.posterior_curves else {
            continue;
        };
        if q.curves.exceedance.is_empty() || after.exceedance.is_empty() {
            continue;
        }
        let view = QuantityView::of(q);
        let chart = ExceedanceChart::posterior(
            id,
            &q.name,
            &view,
            &after.exceedance,
            &q.curves.exceedance,
            markers,
            claims,
        );
        let f = file(
            chart.title(),
            format!("posterior_{}", q.name),
            ChartKind::Posterior(id),
        );
        sink.chart(f, &chart)?;
    }
    let evidence: IndexMap<String, EvidenceView> = p
        .entries
        .iter()
        .map(|e| {
            let after = r
                .claims
                .iter()
                .zip(e.probability_after.iter())
                .map(|(c, &p)| (c.id.clone(), p))
                .collect();
            (
                e.id.clone(),
                EvidenceView {
                    probability_after: after,
                },
            )
        })
        .collect();
    if let Some(chart) = EvidenceChart::new(claims, &evidence) {
        let f = file(
            evidence::TITLE,
            "evidence_effect".into(),
            ChartKind::EvidenceEffect,
        );
        sink.chart(f, &chart)?;
    }
    Ok(())
}

/// Tornado charts (claims, then model quantities) and value-of-information charts (claims).
fn sensitivity_charts(r: &RunResult, sink: &mut impl Sink) -> Result<(), ChartError> {
    let Some(s) = &r.sensitivity else {
        return Ok(());
    };
    let basis = s.basis.words();
    let row = |row: &[Sensitivity]| -> IndexMap<String, Sensitivity> {
        s.row(row)
            .map(|(q, e)| (r.quantities[q].name.clone(), *e))
            .collect()
    };
    for (q, entries) in s.quantities.iter_enumerated() {
        let Some(entries) = entries.as_ref().filter(|e| !e.is_empty()) else {
            continue;
        };
        let quantity = &r.quantities[q];
        let chart = tornado::chart(
            &quantity.name,
            &row(entries),
            false,
            quantity.unit.as_deref(),
            basis,
        );
        let f = file(
            &chart.title,
            format!("tornado_{}", quantity.name),
            ChartKind::Tornado(Output::Quantity(q)),
        );
        sink.chart(f, &chart)?;
    }
    for (c, entries) in s.claims.iter_enumerated() {
        if entries.is_empty() {
            continue;
        }
        let name = &r.claims[c].id;
        let chart = tornado::chart(name, &row(entries), true, None, basis);
        let f = file(
            &chart.title,
            format!("tornado_claim-{name}"),
            ChartKind::Tornado(Output::Claim(c)),
        );
        sink.chart(f, &chart)?;
    }
    for (c, entries) in s.voi.iter_enumerated() {
        if entries.is_empty() {
            continue;
        }
        let id = &r.claims[c].id;
        let rows: Vec<_> = s
            .row(entries)
            .map(|(q, v)| (r.quantities[q].name.clone(), *v))
            .collect();
        let chart = voi::chart(id, &rows, basis);
        let f = file(
            &chart.title,
            format!("voi_{id}"),
            ChartKind::ValueOfInformation(c),
        );
        sink.chart(f, &chart)?;
    }
    Ok(())
}
