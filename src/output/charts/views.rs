//! What the charts read of a run: small views of the [`RunResult`] (quantities, claims, claim
//! thresholds, evidence steps, convergence series) and [`each`], which lists every chart of a
//! run in order and hands it to a sink (a list for `plan`, a renderer for `render_all`).

use indexmap::IndexMap;

use super::claims::{self, ClaimsChart};
use super::convergence::{self, ConvergenceChart};
use super::evidence::{self, EvidenceChart};
use super::exceedance::ExceedanceChart;
use super::histogram::HistogramChart;
use super::{capacity, file, lots, tornado, voi, ChartError, ChartKind, SameAs, Sink, Twins};
use crate::model::{Output, QuantityId};
use crate::results::{
    OutputSensitivity, QuantityKind, QuantityResult, RunResult, Sensitivity, Side,
};

/// What a chart reads of a quantity.
pub(crate) struct QuantityView {
    /// Its label (the `label`, else the name with `_` as spaces).
    pub label: String,
    /// Unit, if any.
    pub unit: Option<String>,
    /// Mean.
    pub mean: f64,
    /// Smallest and largest draw.
    pub min: f64,
    /// Largest draw.
    pub max: f64,
    /// 5th, 50th and 95th percentiles, each with its Monte Carlo standard error.
    pub percentiles: [(&'static str, f64, f64); 3],
}

impl QuantityView {
    pub(crate) fn of(q: &QuantityResult) -> QuantityView {
        let s = q.stats();
        let (p, e) = (s.percentiles, s.mcse_quantiles);
        QuantityView {
            label: q.label(),
            unit: q.unit.clone().filter(|u| !u.trim().is_empty()),
            mean: s.mean,
            min: s.min,
            max: s.max,
            percentiles: [
                ("p5", p.p5, e.p5),
                ("p50", p.p50, e.p50),
                ("p95", p.p95, e.p95),
            ],
        }
    }

    /// 5th percentile.
    pub(crate) fn p5(&self) -> f64 {
        self.percentiles[0].1
    }

    /// Median.
    pub(crate) fn p50(&self) -> f64 {
        self.percentiles[1].1
    }

    /// 95th percentile.
    pub(crate) fn p95(&self) -> f64 {
        self.percentiles[2].1
    }

    /// The label with the unit in brackets.
    pub(crate) fn label_with_unit(&self) -> String {
        match &self.unit {
            Some(u) => format!("{} ({})", self.label, u.trim()),
            None => self.label.clone(),
        }
    }
}

/// What a chart reads of a claim.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimView {
    /// Claim id.
    pub id: String,
    /// What the chart calls it: its `label`, else its text on one line.
    pub label: String,
    /// Its `group` ("capacity conversion", "count", …), if given.
    pub group: Option<String>,
    /// Probability (after the evidence, when there is evidence).
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub mcse: f64,
    /// Probability before the evidence, when there is evidence.
    pub prior_probability: Option<f64>,
}

/// A claim of the form `quantity <op> number` (a threshold) or `a <= quantity and quantity <=
/// b` (a band), drawn on the quantity's exceedance curves.
#[derive(Debug, Clone)]
pub(crate) struct ClaimMarker {
    /// Claim id.
    pub claim_id: String,
    /// What the chart calls it: its `label`, else its text on one line.
    pub label: String,
    /// The quantity compared.
    pub quantity: QuantityId,
    /// The threshold, in the quantity's unit (a band's lower bound).
    pub threshold: f64,
    /// Which side holds, for a threshold.
    pub side: Option<Side>,
    /// The band (lower, upper), for an interval claim.
    pub band: Option<(f64, f64)>,
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

fn claim_views(r: &RunResult) -> Vec<ClaimView> {
    r.claims
        .iter()
        .map(|c| {
            let e = c.estimate();
            ClaimView {
                id: c.id.clone(),
                label: c.label(),
                group: c.group.clone(),
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
            let (quantity, threshold, side, band) = match (c.threshold, c.interval) {
                (Some(t), _) => (t.quantity, t.value, Some(t.side), None),
                (None, Some(i)) => (i.quantity, i.lo, None, Some((i.lo, i.hi))),
                (None, None) => return None,
            };
            threshold.is_finite().then(|| ClaimMarker {
                claim_id: c.id.clone(),
                label: c.label(),
                quantity,
                threshold,
                side,
                band,
                probability: c.estimate().probability,
            })
        })
        .collect()
}

/// Sends every chart of `r` to `sink`, in order; a histogram or tornado that would be an exact
/// copy of an earlier quantity's drawn one (same draws by `twins`; for a tornado, the same
/// sensitivity row and unit too) goes to [`Sink::same`] instead.
pub(super) fn each(r: &RunResult, twins: &Twins, sink: &mut impl Sink) -> Result<(), ChartError> {
    let samples = r.run.samples;
    let markers = markers(r);
    let claims = claim_views(r);
    let mut histograms: Vec<QuantityId> = Vec::new();
    for (id, q) in r.quantities.iter_enumerated() {
        if q.kind != QuantityKind::Model
            || !q.chart
            || q.answer_curves().histogram.counts.is_empty()
        {
            continue;
        }
        let view = QuantityView::of(q);
        let Some(mut chart) = HistogramChart::new(&view, &q.answer_curves().histogram, samples)
        else {
            continue;
        };
        if q.posterior_curves.is_some() {
            chart = chart.after_evidence();
        }
        let mut f = file(
            chart.title(),
            format!("hist_{}", q.name),
            ChartKind::Histogram(id),
        );
        if let Some(twin) = twins.of_quantity(id).filter(|t| histograms.contains(t)) {
            f.same_as = Some(SameAs { output: id, twin });
            sink.same(f);
            continue;
        }
        histograms.push(id);
        sink.chart(f, &chart)?;
    }
    for (i, x) in r.indexed.iter().enumerate() {
        let chart = super::fan::FanChart::new(r, x);
        let f = file(chart.title(), format!("fan_{}", x.name), ChartKind::Fan(i));
        sink.chart(f, &chart)?;
    }
    for (id, q) in r.quantities.iter_enumerated() {
        if !r.claims.iter().any(|c| c.references.contains(&id))
            || !q.chart
            || q.answer_curves().exceedance.is_empty()
        {
            continue;
        }
        if q.answer_curves().histogram.counts.is_empty() {
            continue; // a constant: no chart
        }
        let view = QuantityView::of(q);
        let chart = ExceedanceChart::new(
            id,
            &view,
            &q.answer_curves().histogram,
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
    sensitivity_charts(r, twins, sink)?;
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
    super::whatif::each_custom(r, sink)
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
        let Some(after) = q.posterior_curves.as_ref().filter(|_| q.chart) else {
            continue;
        };
        if q.curves.exceedance.is_empty()
            || after.exceedance.is_empty()
            || after.histogram.counts.is_empty()
        {
            continue;
        }
        let view = QuantityView::of(q);
        let chart = ExceedanceChart::posterior(
            id,
            &view,
            &after.histogram,
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

/// Tornado charts (claims, then model quantities) and value-of-information charts (claims),
/// for outputs that vary and have enough draws on each side (a claim that never or always held,
/// or held on fewer than 100 draws, gets neither); inputs in the results' one order, without
/// the constant ones.
fn sensitivity_charts(
    r: &RunResult,
    twins: &Twins,
    sink: &mut impl Sink,
) -> Result<(), ChartError> {
    let Some(s) = &r.sensitivity else {
        return Ok(());
    };
    // With evidence the total indices are before it and the rest after: the title says both.
    let words = match (s.basis.words(), s.total_basis.and_then(|b| b.words())) {
        (Some(b), Some(t)) if !s.totals_on_basis() => Some(format!("{b}; ST {t}")),
        (b, _) => b.map(str::to_string),
    };
    let basis = words.as_deref();
    let row = |row: &OutputSensitivity| -> IndexMap<String, Sensitivity> {
        s.listed(row)
            .map(|(q, e)| (r.driver_label(q), *e))
            .collect()
    };
    let charted =
        |row: &OutputSensitivity| row.status.is_resolved() && s.listed(row).next().is_some();
    let mut tornados: Vec<(QuantityId, IndexMap<String, Sensitivity>)> = Vec::new();
    for (q, entries) in s.quantities.iter_enumerated() {
        let Some(entries) = entries
            .as_ref()
            .filter(|e| charted(e) && r.quantities[q].chart)
        else {
            continue;
        };
        let quantity = &r.quantities[q];
        let bars = row(entries);
        let chart = tornado::chart(
            &output_label(r, Output::Quantity(q)),
            &bars,
            false,
            quantity.unit.as_deref(),
            basis,
        );
        let mut f = file(
            &chart.title,
            format!("tornado_{}", quantity.name),
            ChartKind::Tornado(Output::Quantity(q)),
        );
        let unit = &quantity.unit;
        let copy = twins.of_quantity(q).filter(|t| {
            tornados
                .iter()
                .any(|(d, b)| d == t && *b == bars && r.quantities[*t].unit == *unit)
        });
        if let Some(twin) = copy {
            f.same_as = Some(SameAs { output: q, twin });
            sink.same(f);
            continue;
        }
        sink.chart(f, &chart)?;
        tornados.push((q, bars));
    }
    for (c, entries) in s.claims.iter_enumerated() {
        if !charted(entries) {
            continue;
        }
        let name = &r.claims[c].id;
        let label = output_label(r, Output::Claim(c));
        let chart = tornado::chart(&label, &row(entries), true, None, basis);
        let f = file(
            &chart.title,
            format!("tornado_claim-{name}"),
            ChartKind::Tornado(Output::Claim(c)),
        );
        sink.chart(f, &chart)?;
    }
    for (c, entries) in s.voi.iter_enumerated() {
        if entries.is_empty() || !charted(&s.claims[c]) {
            continue;
        }
        let id = &r.claims[c].id;
        let constant = s.constant_inputs(&s.claims[c]);
        let rows: Vec<_> = s
            .row(entries)
            .filter(|(q, _)| !constant.contains(q))
            .map(|(q, v)| (r.driver_label(q), *v))
            .collect();
        let chart = voi::chart(&output_label(r, Output::Claim(c)), &rows, s.basis.words());
        let f = file(
            &chart.title,
            format!("voi_{id}"),
            ChartKind::ValueOfInformation(c),
        );
        sink.chart(f, &chart)?;
    }
    Ok(())
}

/// What the sensitivity charts call an output in their titles: a quantity's label (its `label`,
/// else its name with `_` as spaces), a claim's label (its `label`, else its text) in quotes.
fn output_label(r: &RunResult, output: Output) -> String {
    match output {
        Output::Quantity(q) => r.quantities[q].label(),
        Output::Claim(c) => format!("“{}”", r.claims[c].label()),
    }
}
