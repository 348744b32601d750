//! Histogram of one model quantity, with its 5th, 50th and 95th percentiles marked.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{DashedPathElement, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::render::{Chart, DrawError};
use super::text::Glyphs;
use super::theme::{self, DATA, NOTE_PX, PERCENTILE};
use super::ticks::{self, TickFormat};
use super::QuantityView;
use crate::output::format;
use crate::results::Histogram;

/// The histogram chart of one quantity.
pub(crate) struct HistogramChart<'a> {
    title: String,
    subtitle: String,
    x_desc: String,
    histogram: &'a Histogram,
    percentiles: [(&'static str, f64); 3],
}

impl<'a> HistogramChart<'a> {
    /// The chart of quantity `name` summarised by `quantity`, over `samples` draws.
    pub(crate) fn new(
        name: &str,
        quantity: &QuantityView,
        histogram: &'a Histogram,
        samples: u64,
    ) -> Self {
        let title = match &quantity.unit {
            Some(unit) => format!("{name} ({unit})"),
            None => name.to_string(),
        };
        let subtitle = format!(
            "Distribution over {} draws · dashed lines: 5th, 50th and 95th percentiles",
            format::grouped(samples as f64, 20)
        );
        HistogramChart {
            title,
            subtitle,
            x_desc: quantity.unit.clone().unwrap_or_else(|| name.to_string()),
            histogram,
            percentiles: [
                ("p5", quantity.p5),
                ("p50", quantity.p50),
                ("p95", quantity.p95),
            ],
        }
    }

    /// The title shown on the chart.
    pub(crate) fn title(&self) -> &str {
        &self.title
    }

    /// Bars as (left, right, share of draws). A histogram of width 0 (every draw equal) is one
    /// bar of zero width, widened when drawn.
    fn bars(&self) -> Vec<(f64, f64, f64)> {
        let h = self.histogram;
        let total: u64 = h.counts.iter().sum();
        let total = total.max(1) as f64;
        if !(h.width > 0.0 && h.width.is_finite()) {
            let share = h.counts.iter().sum::<u64>() as f64 / total;
            return vec![(h.lo, h.lo, share)];
        }
        (0..h.counts.len())
            .map(|i| {
                let left = h.lo + i as f64 * h.width;
                (left, left + h.width, h.counts[i] as f64 / total)
            })
            .collect()
    }
}

impl Chart for HistogramChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let bars = self.bars();
        let edges = bars.iter().flat_map(|b| [b.0, b.1]);
        let x_range = ticks::padded_range(edges.chain(self.percentiles.map(|p| p.1)), 0.03);
        let peak = bars.iter().map(|b| b.2).fold(0.0, f64::max);
        // Headroom for the percentile labels, but no axis beyond 100%.
        let y_top = if peak > 0.0 {
            (peak * 1.3).min(peak.max(1.0))
        } else {
            1.0
        };
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), 0.0..y_top)?;

        let x_fmt = TickFormat::new(&x_range);
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: "share of draws",
                x_fmt: &|x| x_fmt.label(*x),
                y_fmt: &|y| ticks::percent_label(*y, y_top),
                y_ticks: true,
                x_ticks: None,
                frame,
            },
        )?;

        // Bars narrower than 5 px are drawn without gaps; a constant gets a visible bar.
        let (px_range, _) = chart.plotting_area().get_pixel_range();
        let px_per_unit = (px_range.end - px_range.start) as f64 / (x_range.end - x_range.start);
        let min_width = 6.0 / px_per_unit;
        let gap = bars
            .first()
            .is_some_and(|b| (b.1 - b.0) * px_per_unit >= 5.0);
        chart.draw_series(bars.iter().map(|&(l, r, share)| {
            let (l, r) = if r - l < min_width {
                let mid = (l + r) / 2.0;
                (mid - min_width / 2.0, mid + min_width / 2.0)
            } else {
                (l, r)
            };
            let mut bar = Rectangle::new([(l, 0.0), (r, share)], DATA.mix(0.85).filled());
            if gap {
                bar.set_margin(0, 0, 0, 1);
            }
            bar
        }))?;

        let marks: Vec<_> = self
            .percentiles
            .iter()
            .filter(|p| p.1.is_finite())
            .collect();
        chart.draw_series(marks.iter().map(|&&(_, value)| {
            DashedPathElement::new(
                vec![(value, 0.0), (value, y_top)],
                7,
                5,
                PERCENTILE.stroke_width(2),
            )
        }))?;
        // Labels go outwards: p5 to the left of its line, p50 and p95 to the right. Equal
        // percentiles (a constant) share one label.
        let mut labels = Labels::new(chart.plotting_area().get_pixel_range());
        let style = theme::text(NOTE_PX, &PERCENTILE);
        for (i, &&(name, value)) in marks.iter().enumerate() {
            if marks[..i].iter().any(|m| m.1 == value) {
                continue;
            }
            let names: Vec<_> = marks[i..]
                .iter()
                .filter(|m| m.1 == value)
                .map(|m| m.0)
                .collect();
            let text = format!("{} {}", names.join(" = "), format::short(value));
            let at = chart.backend_coord(&(value, y_top * 0.93));
            let side = if name == "p5" && names.len() == 1 {
                Side::Left
            } else {
                Side::Right
            };
            labels.place(root, glyphs, &text, &style, at, side)?;
        }
        Ok(())
    }
}
