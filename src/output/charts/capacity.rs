//! Capacity by mass, capacity by volume and the claimed load, side by side (rounds per container).
//!
//! Drawn when the summary has quantities named by convention, for any suffix `X`:
//! `capacity_by_mass_X` and/or `capacity_by_volume_X`, and optionally `claimed_load_X`. Each
//! becomes a row: a bar over its 5th–95th percentiles with a mark at the median.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

use super::render::{Chart, DrawError};
use super::rows::{self, Row};
use super::text::Glyphs;
use super::theme::{self, DATA, INK};
use crate::output::format;
use crate::results::{QuantitySummary, Summary};

/// Title of the capacity chart.
pub(crate) const TITLE: &str = "Rounds per container: capacity by mass, by volume, and the claim";

/// Name prefixes the chart looks for, with their row labels.
const KINDS: [(&str, &str); 3] = [
    ("capacity_by_mass_", "by mass"),
    ("capacity_by_volume_", "by volume"),
    ("claimed_load_", "claimed"),
];

/// The capacity chart.
pub(crate) struct CapacityChart<'a> {
    subtitle: String,
    rows: Vec<(String, usize, &'a QuantitySummary)>,
}

impl<'a> CapacityChart<'a> {
    /// The chart for `summary`, or `None` when it has no capacity quantities.
    pub(crate) fn new(summary: &'a Summary) -> Option<Self> {
        let q = &summary.quantities;
        let mut suffixes: Vec<&str> = Vec::new();
        for k in q.keys() {
            for (prefix, _) in &KINDS[..2] {
                if let Some(x) = k.strip_prefix(prefix) {
                    if !suffixes.contains(&x) {
                        suffixes.push(x);
                    }
                }
            }
        }
        let mut rows = Vec::new();
        for x in suffixes {
            for (k, (prefix, label)) in KINDS.iter().enumerate() {
                if let Some(s) = q.get(&format!("{prefix}{x}")) {
                    rows.push((format!("{x} · {label}"), k, s));
                }
            }
        }
        if rows.is_empty() {
            return None;
        }
        let subtitle = format!(
            "Bars: 5th–95th percentile over {} draws · thick mark: median · the smaller capacity binds",
            format::grouped(summary.samples as f64, 20)
        );
        Some(CapacityChart { subtitle, rows })
    }
}

impl Chart for CapacityChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let colours = [DATA, theme::threshold(2), theme::threshold(0)];
        let rows: Vec<Row> = self
            .rows
            .iter()
            .map(|(label, k, s)| Row {
                label: label.clone(),
                segments: vec![(s.p5, s.p95, colours[*k])],
                whiskers: Vec::new(),
                marks: vec![(s.p50, INK)],
                value: format!("median {}", format::short(s.p50)),
            })
            .collect();
        let head = (TITLE, self.subtitle.as_str(), "rounds per container");
        rows::draw(root, glyphs, head, &rows)
    }
}
