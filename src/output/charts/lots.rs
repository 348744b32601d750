//! Working and non-working rounds by production lot, from a scenario's `[shipment]`.
//!
//! The lots come from the compiled shipment plan (`RunResult::lots`): each declared lot with the
//! quantities generated for it, never quantities found by name. Bars are means, stacked
//! (working, then delivered − working); whiskers are the 5th–95th percentiles of working (upper)
//! and delivered (lower) rounds.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;

use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::rows::{self, Row};
use super::text::Glyphs;
use super::theme::{self, DATA, INK, PERCENTILE};
use super::QuantityView;
use crate::output::format;
use crate::results::RunResult;

/// Title of the lots chart.
pub(crate) const TITLE: &str = "Rounds that work and rounds that do not, by lot";

/// The lots chart.
pub(crate) struct LotsChart {
    subtitle: String,
    lots: Vec<(String, QuantityView, QuantityView)>,
}

impl LotsChart {
    /// The chart of the run's `[shipment]` lots, or `None` when it has none.
    pub(crate) fn new(r: &RunResult) -> Option<Self> {
        if r.lots.is_empty() {
            return None;
        }
        let lots = r
            .lots
            .iter()
            .map(|l| {
                let view = |q| QuantityView::of(&r.quantities[q]);
                (l.id.clone(), view(l.working), view(l.delivered))
            })
            .collect();
        let subtitle = format!(
            "Means over {} draws · blue: work · orange: do not work · whiskers: p5–p95 of working (upper), delivered (lower)",
            format::grouped(r.run.samples as f64, 20)
        );
        Some(LotsChart { subtitle, lots })
    }
}

impl Chart for LotsChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let dud = theme::threshold(0);
        let rows: Vec<Row> = self
            .lots
            .iter()
            .map(|(id, w, d)| {
                let share = if d.mean > 0.0 { w.mean / d.mean } else { 0.0 };
                Row {
                    label: id.clone(),
                    segments: vec![(0.0, w.mean, DATA), (w.mean, d.mean.max(w.mean), dud)],
                    whiskers: vec![
                        (w.p5(), w.p95(), 0.2, INK),
                        (d.p5(), d.p95(), -0.2, PERCENTILE),
                    ],
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
