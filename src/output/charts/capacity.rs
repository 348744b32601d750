//! Capacity by mass, capacity by volume and the claimed loads, side by side (rounds per
//! container).
//!
//! Rows come from the capacity functions the model uses (`RunResult::capacity`): every quantity
//! computed by `capacity_by_mass(...)` or `capacity_by_volume(...)`, every `min` of the two (the
//! capacity), and every quantity a claim compares a capacity with (the claimed load). Each row
//! is a bar over its 5th–95th percentiles with a mark at the median.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;

use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::rows::{self, Row};
use super::text::Glyphs;
use super::theme::{self, DATA, INK};
use super::QuantityView;
use crate::output::format;
use crate::results::{CapacityKind, RunResult};

/// Title of the capacity chart.
pub(crate) const TITLE: &str = "Rounds per container: capacity by mass, by volume, and the claim";

/// The capacity chart.
pub(crate) struct CapacityChart {
    subtitle: String,
    /// (label, colour index, quantity).
    rows: Vec<(String, usize, QuantityView)>,
}

impl CapacityChart {
    /// The chart of the run's capacity quantities, or `None` when it has none.
    pub(crate) fn new(r: &RunResult) -> Option<Self> {
        let cap = &r.capacity;
        if cap.quantities.is_empty() {
            return None;
        }
        let mut rows: Vec<(String, usize, QuantityView)> = cap
            .quantities
            .iter()
            .map(|&(q, kind)| {
                let (label, colour) = match kind {
                    CapacityKind::ByMass => ("by mass", 0),
                    CapacityKind::ByVolume => ("by volume", 1),
                    CapacityKind::Limit => ("capacity", 3),
                };
                let name = &r.quantities[q].name;
                (
                    format!("{name} · {label}"),
                    colour,
                    QuantityView::of(&r.quantities[q]),
                )
            })
            .collect();
        let mut loads: Vec<_> = cap.claimed.iter().map(|c| c.load).collect();
        loads.dedup();
        for q in loads {
            let name = &r.quantities[q].name;
            rows.push((
                format!("{name} · claimed"),
                2,
                QuantityView::of(&r.quantities[q]),
            ));
        }
        let subtitle = format!(
            "Bars: 5th–95th percentile over {} draws · thick mark: median · the smaller capacity binds",
            format::grouped(r.run.samples as f64, 20)
        );
        Some(CapacityChart { subtitle, rows })
    }
}

impl Chart for CapacityChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let colours = [
            DATA,
            theme::threshold(2),
            theme::threshold(0),
            theme::threshold(1),
        ];
        let rows: Vec<Row> = self
            .rows
            .iter()
            .map(|(label, k, s)| Row {
                label: label.clone(),
                segments: vec![(s.p5(), s.p95(), colours[*k])],
                whiskers: Vec::new(),
                marks: vec![(s.p50(), INK)],
                value: format!("median {}", format::short(s.p50())),
            })
            .collect();
        let head = (TITLE, self.subtitle.as_str(), "rounds per container");
        rows::draw(root, glyphs, head, &rows)
    }
}
