//! Fan chart of an indexed quantity: the median against the index, with the p25–p75 and
//! p5–p95 bands, dates on the axis for a month index, and the claims and evidence that test one
//! element drawn as marked points (claims as diamonds at their threshold, evidence as dots at
//! the observed value).

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Polygon};
use plotters::prelude::{EmptyElement, LineSeries, PathElement};
use plotters::style::Color;

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::Glyphs;
use super::theme::{self, DATA, NOTE_PX, PAPER};
use super::ticks::{self, TickFormat};
use crate::output::format;
use crate::results::{IndexedResult, RunResult};

/// Most tick labels on the index axis.
const MAX_X_LABELS: usize = 12;

/// One element's band: (position, p5, p25, p50, p75, p95).
type Band = (f64, f64, f64, f64, f64, f64);

/// A marked point: (position, value, label, is evidence).
type Mark = (f64, f64, String, bool);

/// The fan chart of one indexed quantity.
pub(crate) struct FanChart {
    title: String,
    index: String,
    unit: Option<String>,
    labels: Vec<String>,
    months: bool,
    bands: Vec<Band>,
    marks: Vec<Mark>,
    /// True when the bands are after the evidence.
    posterior: bool,
}

impl FanChart {
    /// The chart of `x`, on the basis of the answer (after the evidence, when there is some).
    pub(crate) fn new(r: &RunResult, x: &IndexedResult) -> FanChart {
        let bands = x
            .elements
            .iter()
            .enumerate()
            .map(|(i, &q)| {
                let p = r.quantities[q].stats().percentiles;
                (i as f64, p.p5, p.p25, p.p50, p.p75, p.p95)
            })
            .collect();
        let claims = x.claim_points.iter().map(|c| {
            let p = r.claims[c.claim].estimate().probability;
            let text = format!("{}: P = {}", r.claims[c.claim].id, format::percent(p));
            (c.position as f64, c.value, text, false)
        });
        let evidence = x.evidence_points.iter().filter_map(|e| {
            let id = &r.posterior.as_ref()?.entries.get(e.evidence.index())?.id;
            Some((
                e.position as f64,
                e.value,
                format!("{id}: {}", format::short(e.value)),
                true,
            ))
        });
        FanChart {
            title: format!("{} by {}", x.name, x.index),
            index: x.index.clone(),
            unit: r.quantities[x.elements[0]].unit.clone(),
            labels: x.labels.clone(),
            months: x.months,
            bands,
            marks: claims.chain(evidence).collect(),
            posterior: r.posterior.is_some(),
        }
    }

    /// The chart's title.
    pub(crate) fn title(&self) -> &str {
        &self.title
    }

    /// Tick positions on the index axis: every element, or every few (whole quarters or years
    /// for months), at most [`MAX_X_LABELS`].
    fn x_ticks(&self) -> Vec<f64> {
        let k = self.labels.len();
        let step = if self.months {
            [1, 2, 3, 6, 12, 24, 60]
                .into_iter()
                .find(|s| k.div_ceil(*s) <= MAX_X_LABELS)
                .unwrap_or(k.div_ceil(MAX_X_LABELS))
        } else {
            k.div_ceil(MAX_X_LABELS).max(1)
        };
        (0..k).step_by(step).map(|i| i as f64).collect()
    }
}

impl Chart for FanChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let mut subtitle = format!(
            "{}line: median · dark band: 25th–75th percentile · light band: 5th–95th",
            if self.posterior {
                "After the evidence · "
            } else {
                ""
            }
        );
        if self.marks.iter().any(|m| !m.3) {
            subtitle.push_str(" · ◆ claim threshold");
        }
        if self.marks.iter().any(|m| m.3) {
            subtitle.push_str(" · ● evidence");
        }
        let body = annotate::header(root, glyphs, &self.title, &subtitle)?;
        let k = self.labels.len() as f64;
        let x_range = -0.5..(k - 0.5).max(0.5);
        let values = self
            .bands
            .iter()
            .flat_map(|b| [b.1, b.5])
            .chain(self.marks.iter().map(|m| m.1));
        let y_range = ticks::padded_range(values, 0.06);
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range, y_range.clone())?;
        let x_ticks = self.x_ticks();
        let labels = &self.labels;
        let x_fmt = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-9 && i >= 0.0 && (i as usize) < labels.len() {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        };
        let y_format = TickFormat::new(&y_range);
        let y_desc = match &self.unit {
            Some(u) if !u.is_empty() => u.clone(),
            _ => self.title.clone(),
        };
        let x_desc = self.index.clone();
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &x_desc,
                y_desc: &y_desc,
                x_fmt: &x_fmt,
                y_fmt: &|y| y_format.label(*y),
                y_ticks: true,
                x_ticks: Some(&x_ticks),
                frame,
            },
        )?;
        let band = |lo: fn(&Band) -> f64, hi: fn(&Band) -> f64| -> Vec<(f64, f64)> {
            self.bands
                .iter()
                .map(|b| (b.0, hi(b)))
                .chain(self.bands.iter().rev().map(|b| (b.0, lo(b))))
                .collect()
        };
        if self.bands.len() > 1 {
            chart.draw_series([Polygon::new(band(|b| b.1, |b| b.5), DATA.mix(0.15))])?;
            chart.draw_series([Polygon::new(band(|b| b.2, |b| b.4), DATA.mix(0.30))])?;
            chart.draw_series(LineSeries::new(
                self.bands.iter().map(|b| (b.0, b.3)),
                DATA.stroke_width(3),
            ))?;
        } else if let Some(b) = self.bands.first() {
            chart.draw_series([
                PathElement::new(vec![(b.0, b.1), (b.0, b.5)], DATA.mix(0.4).stroke_width(6)),
                PathElement::new(vec![(b.0, b.2), (b.0, b.4)], DATA.stroke_width(10)),
            ])?;
            chart.draw_series([Circle::new((b.0, b.3), 6, DATA.filled())])?;
        }
        // Every marker first, then the labels, so that no marker covers a label.
        for (i, (x, y, _, evidence)) in self.marks.iter().enumerate() {
            let colour = theme::threshold(i);
            let at = (*x, *y);
            if *evidence {
                chart.draw_series([
                    Circle::new(at, 9, PAPER.filled()),
                    Circle::new(at, 7, colour.filled()),
                ])?;
            } else {
                chart.draw_series([EmptyElement::at(at)
                    + Polygon::new(vec![(0, -10), (10, 0), (0, 10), (-10, 0)], colour.filled())])?;
            }
        }
        let mut placed = Labels::new(chart.plotting_area().get_pixel_range());
        for (x, y, _, _) in &self.marks {
            placed.avoid(chart.backend_coord(&(*x, *y)), 10);
        }
        for (i, (x, y, text, _)) in self.marks.iter().enumerate() {
            let style = theme::bold(NOTE_PX, &theme::threshold(i));
            // Labels start clear of the marker (radius 10 px, and the 8 px labels keep from it).
            let (px, py) = chart.backend_coord(&(*x, *y));
            let (side, px) = if *x <= (k - 1.0) / 2.0 {
                (Side::Right, px + 12)
            } else {
                (Side::Left, px - 12)
            };
            placed.place(root, glyphs, text, &style, (px, py), side)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(k: usize, months: bool) -> FanChart {
        FanChart {
            title: "t".into(),
            index: "month".into(),
            unit: None,
            labels: (0..k).map(|i| i.to_string()).collect(),
            months,
            bands: Vec::new(),
            marks: Vec::new(),
            posterior: false,
        }
    }

    #[test]
    fn index_ticks_are_few_and_regular() {
        assert_eq!(chart(24, true).x_ticks().len(), 12); // every second month
        assert_eq!(chart(36, true).x_ticks().len(), 12); // every quarter
        assert_eq!(chart(100, true).x_ticks().len(), 9); // every year
        assert_eq!(chart(12, true).x_ticks().len(), 12);
        assert_eq!(chart(100, false).x_ticks().len(), 12);
        assert_eq!(chart(1, false).x_ticks(), [0.0]);
    }
}
