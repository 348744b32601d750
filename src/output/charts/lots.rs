//! Working and non-working rounds by production lot, from a scenario's `[shipment]`.
//!
//! Lots are found by name in the summary: every `X` with model quantities `delivered_X` and
//! `working_X` but no `containers_X` (that would be a cargo type), other than `total`. Bars are
//! means, stacked (working, then delivered − working); whiskers are the 5th–95th percentiles of
//! working (upper) and delivered (lower) rounds.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use super::render::{Chart, DrawError};
use super::rows::{self, Row};
use super::text::Glyphs;
use super::theme::{self, DATA, INK, PERCENTILE};
use crate::output::format;
use crate::results::{QuantityKind, QuantitySummary, Summary};

/// Title of the lots chart.
pub(crate) const TITLE: &str = "Rounds that work and rounds that do not, by lot";

/// The lots chart.
pub(crate) struct LotsChart<'a> {
    subtitle: String,
    lots: Vec<(&'a str, &'a QuantitySummary, &'a QuantitySummary)>,
}

impl<'a> LotsChart<'a> {
    /// The chart for `summary`, or `None` when it has no lots.
    pub(crate) fn new(summary: &'a Summary) -> Option<Self> {
        let q = &summary.quantities;
        let model = |n: &str| q.get(n).filter(|s| s.kind == QuantityKind::Model);
        let lots: Vec<_> = q
            .keys()
            .filter_map(|k| k.strip_prefix("delivered_"))
            .filter(|id| *id != "total" && !q.contains_key(&format!("containers_{id}")))
            .filter_map(|id| {
                let d = model(&format!("delivered_{id}"))?;
                let w = model(&format!("working_{id}"))?;
                Some((id, w, d))
            })
            .collect();
        if lots.is_empty() {
            return None;
        }
        let subtitle = format!(
            "Means over {} draws · blue: work · orange: do not work · whiskers: p5–p95 of working (upper), delivered (lower)",
            format::grouped(summary.samples as f64, 20)
        );
        Some(LotsChart { subtitle, lots })
    }
}

impl Chart for LotsChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let dud = theme::threshold(0);
        let rows: Vec<Row> = self
            .lots
            .iter()
            .map(|&(id, w, d)| {
                let share = if d.mean > 0.0 { w.mean / d.mean } else { 0.0 };
                Row {
                    label: id.to_string(),
                    segments: vec![(0.0, w.mean, DATA), (w.mean, d.mean.max(w.mean), dud)],
                    whiskers: vec![(w.p5, w.p95, 0.2, INK), (d.p5, d.p95, -0.2, PERCENTILE)],
                    marks: Vec::new(),
                    value: format!(
                        "{} work ({})",
                        format::short(w.mean),
                        format::percent(share)
                    ),
                }
            })
            .collect();
        let head = (TITLE, self.subtitle.as_str(), "rounds");
        rows::draw(root, glyphs, head, &rows)
    }
}
