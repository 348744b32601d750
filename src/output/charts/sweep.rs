//! Sweep charts: a claim's probability against the swept value with its ±2 MCSE band and the
//! 50% line (break-even crossings marked), and a quantity's percentile bands against the value.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, DashedPathElement, Polygon};
use plotters::prelude::LineSeries;
use plotters::style::Color;

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::Glyphs;
use super::theme::{self, DATA, NOTE_PX, PAPER, PERCENTILE};
use super::ticks::{self, TickFormat};
use crate::output::format;

/// One line of a sweep chart: per value, (x, estimate, band low, band high).
pub(crate) type Band = Vec<(f64, f64, f64, f64)>;

/// A claim's probability along a sweep.
pub(crate) struct SweepClaimChart {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    /// (x, p, p − 2 MCSE, p + 2 MCSE), x increasing.
    pub points: Band,
    /// Values where the estimate crosses 50%.
    pub crossings: Vec<f64>,
}

/// A quantity along a sweep: median, middle 50% and middle 90% of the draws at each value.
pub(crate) struct SweepQuantityChart {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    /// (x, p5, p25, p50, p75, p95), x increasing.
    pub points: Vec<(f64, [f64; 5])>,
}

fn polygon(upper: impl Iterator<Item = (f64, f64)>, lower: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    upper.chain(lower.into_iter().rev()).collect()
}

impl Chart for SweepClaimChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let x_range = ticks::padded_range(self.points.iter().map(|p| p.0), 0.03);
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), 0.0..1.04)?;
        let x_fmt = TickFormat::new(&x_range);
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: "probability that the claim holds",
                x_fmt: &|x| x_fmt.label(*x),
                y_fmt: &|y| ticks::percent_label(*y, 1.0),
                y_ticks: true,
                x_ticks: None,
                frame,
            },
        )?;
        let band = polygon(
            self.points.iter().map(|p| (p.0, p.3)),
            self.points.iter().map(|p| (p.0, p.2)).collect(),
        );
        chart.draw_series(std::iter::once(Polygon::new(band, DATA.mix(0.16))))?;
        let half = vec![(x_range.start, 0.5), (x_range.end, 0.5)];
        chart.draw_series(std::iter::once(DashedPathElement::new(
            half,
            10,
            6,
            PERCENTILE.stroke_width(2),
        )))?;
        chart.draw_series(LineSeries::new(
            self.points.iter().map(|p| (p.0, p.1)),
            DATA.stroke_width(3),
        ))?;
        chart.draw_series(self.points.iter().flat_map(|p| {
            [
                Circle::new((p.0, p.1), 6, PAPER.filled()),
                Circle::new((p.0, p.1), 4, DATA.filled()),
            ]
        }))?;
        let mut labels = Labels::new(chart.plotting_area().get_pixel_range());
        let colour = theme::threshold(0);
        let style = theme::bold(NOTE_PX, &colour);
        let mid = (x_range.start + x_range.end) / 2.0;
        for &x in &self.crossings {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(x, 0.0), (x, 1.04)],
                8,
                5,
                colour.stroke_width(2),
            )))?;
            let at = chart.backend_coord(&(x, 0.5));
            let side = if x <= mid { Side::Right } else { Side::Left };
            let text = format!("line crosses 50% at {}", format::grouped(x, 3));
            labels.place(root, glyphs, &text, &style, (at.0, at.1 - 24), side)?;
        }
        Ok(())
    }
}

impl Chart for SweepQuantityChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let x_range = ticks::padded_range(self.points.iter().map(|p| p.0), 0.03);
        let y_range = ticks::padded_range(self.points.iter().flat_map(|p| [p.1[0], p.1[4]]), 0.08);
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), y_range.clone())?;
        let (x_fmt, y_fmt) = (TickFormat::new(&x_range), TickFormat::new(&y_range));
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: &self.y_desc,
                x_fmt: &|x| x_fmt.label(*x),
                y_fmt: &|y| y_fmt.label(*y),
                y_ticks: true,
                x_ticks: None,
                frame,
            },
        )?;
        for (lo, hi, alpha) in [(0, 4, 0.14), (1, 3, 0.30)] {
            let band = polygon(
                self.points.iter().map(|p| (p.0, p.1[hi])),
                self.points.iter().map(|p| (p.0, p.1[lo])).collect(),
            );
            chart.draw_series(std::iter::once(Polygon::new(band, DATA.mix(alpha))))?;
        }
        chart.draw_series(LineSeries::new(
            self.points.iter().map(|p| (p.0, p.1[2])),
            DATA.stroke_width(3),
        ))?;
        chart.draw_series(self.points.iter().flat_map(|p| {
            [
                Circle::new((p.0, p.1[2]), 6, PAPER.filled()),
                Circle::new((p.0, p.1[2]), 4, DATA.filled()),
            ]
        }))?;
        Ok(())
    }
}
