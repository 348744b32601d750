//! Convergence chart: the running estimate of each claim's probability as draws accumulate,
//! with a band of ±2 Monte Carlo standard errors. Draws go on a log scale when they span more
//! than a decade or so; each line is labelled with its claim id at its right end.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Polygon};
use plotters::prelude::LineSeries;
use plotters::style::Color;

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::{self, Glyphs};
use super::theme::{self, NOTE_PX};
use super::ticks::{self, TickFormat};
use super::ConvergenceSeries;
use crate::output::format;

/// Title of the convergence chart.
pub(crate) const TITLE: &str = "How the estimates settled as draws accumulated";

/// Draws must span at least this ratio for a log axis.
const LOG_RATIO: f64 = 20.0;

/// A point of a line: (x in axis coordinates, estimate, band low, band high).
type Point = (f64, f64, f64, f64);

/// The convergence chart.
pub(crate) struct ConvergenceChart {
    /// Per claim: id and points.
    lines: Vec<(String, Vec<Point>)>,
    log: bool,
}

impl ConvergenceChart {
    /// The chart of `series`; points that are not finite or have no draws are left out.
    pub(crate) fn new(series: &[ConvergenceSeries]) -> Self {
        let usable = |&&(n, p, _): &&(u64, f64, f64)| n > 0 && p.is_finite();
        let (lo, hi) = series
            .iter()
            .flat_map(|s| s.points.iter().filter(usable))
            .fold((u64::MAX, 0), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
        let log = lo <= hi && hi as f64 >= LOG_RATIO * lo as f64;
        let lines = series
            .iter()
            .map(|s| {
                let points = s
                    .points
                    .iter()
                    .filter(usable)
                    .map(|&(n, p, se)| {
                        let x = if log { (n as f64).log10() } else { n as f64 };
                        let p = p.clamp(0.0, 1.0);
                        let half = if se.is_finite() { 2.0 * se.abs() } else { 0.0 };
                        (x, p, (p - half).max(0.0), (p + half).min(1.0))
                    })
                    .collect();
                (s.claim_id.clone(), points)
            })
            .collect();
        ConvergenceChart { lines, log }
    }

    /// Whether any claim has a point to draw.
    pub(crate) fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.1.is_empty())
    }
}

impl Chart for ConvergenceChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let subtitle = "Running estimate of each claim's probability · band: ±2 Monte Carlo \
                        standard errors";
        let body = annotate::header(root, glyphs, TITLE, subtitle)?;
        let points = || self.lines.iter().flat_map(|l| l.1.iter());
        let x_range = ticks::padded_range(points().map(|p| p.0), 0.0);
        let y = ticks::padded_range(points().flat_map(|p| [p.2, p.3]), 0.08);
        let (y_lo, y_hi) = (y.start.max(0.0), y.end.min(1.0));
        let y_range = if y_hi - y_lo > 1e-6 {
            y_lo..y_hi
        } else {
            0.0..1.0
        };
        let label_style = theme::bold(NOTE_PX, &theme::series(0));
        let label_texts: Vec<String> = self
            .lines
            .iter()
            .map(|(id, pts)| match pts.last() {
                Some(p) => format!("{id} {}", format::percent(p.1)),
                None => id.clone(),
            })
            .map(|t| annotate::fit(&t, &label_style, 260))
            .collect::<Result<_, _>>()?;
        let widest = label_texts.iter().try_fold(0, |w, t| {
            Ok::<_, DrawError>(w.max(text::size(t, &label_style)?.0))
        })?;
        let frame = Frame {
            right: widest + 40,
            ..Frame::default()
        };
        let mut chart = axes::plot(&body, frame, x_range.clone(), y_range.clone())?;
        let log_ticks = ticks::log_ticks(&x_range);
        let linear = TickFormat::new(&x_range);
        let log = self.log;
        let x_fmt = |x: &f64| {
            if log {
                format::short(10f64.powf(*x).round())
            } else {
                linear.label(*x)
            }
        };
        let y_span = y_range.end - y_range.start;
        let x_desc = if log { "draws (log scale)" } else { "draws" };
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc,
                y_desc: "probability that the claim holds",
                x_fmt: &x_fmt,
                y_fmt: &|y| ticks::percent_label(*y, y_span),
                y_ticks: true,
                x_ticks: log.then_some(log_ticks.as_slice()),
                frame,
            },
        )?;

        for (i, (_, pts)) in self.lines.iter().enumerate() {
            let colour = theme::series(i);
            if pts.len() > 1 {
                let band: Vec<(f64, f64)> = pts
                    .iter()
                    .map(|p| (p.0, p.3))
                    .chain(pts.iter().rev().map(|p| (p.0, p.2)))
                    .collect();
                chart.draw_series(std::iter::once(Polygon::new(band, colour.mix(0.16))))?;
            }
            chart.draw_series(LineSeries::new(
                pts.iter().map(|p| (p.0, p.1)),
                colour.stroke_width(2),
            ))?;
            if let [only] = pts.as_slice() {
                chart.draw_series(std::iter::once(Circle::new(
                    (only.0, only.1),
                    5,
                    colour.filled(),
                )))?;
            }
        }
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let mut labels = Labels::new((x_px.end..x_px.end + frame.right as i32, y_px));
        for (i, ((_, pts), text)) in self.lines.iter().zip(&label_texts).enumerate() {
            if let Some(last) = pts.last() {
                let (_, py) = chart.backend_coord(&(last.0, last.1));
                let style = theme::bold(NOTE_PX, &theme::series(i));
                labels.place(root, glyphs, text, &style, (x_px.end, py), Side::Right)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: Vec<(u64, f64, f64)>) -> ConvergenceSeries {
        ConvergenceSeries {
            claim_id: "c".into(),
            points,
        }
    }

    #[test]
    fn wide_draw_ranges_use_a_log_axis() {
        let c = ConvergenceChart::new(&[series(vec![(1000, 0.5, 0.01), (1_000_000, 0.4, 0.0)])]);
        assert!(c.log);
        assert_eq!(c.lines[0].1[0].0, 3.0);
        assert!((c.lines[0].1[0].2 - 0.48).abs() < 1e-12);
        let c = ConvergenceChart::new(&[series(vec![(1000, 0.5, 0.01), (2000, 0.4, 0.0)])]);
        assert!(!c.log);
    }

    #[test]
    fn unusable_points_are_dropped() {
        let c = ConvergenceChart::new(&[series(vec![(0, 0.5, 0.1), (10, f64::NAN, 0.1)])]);
        assert!(c.is_empty());
        let c = ConvergenceChart::new(&[series(vec![(10, 1.5, f64::NAN)])]);
        assert_eq!(c.lines[0].1, [(10.0, 1.0, 1.0, 1.0)]);
        assert!(ConvergenceChart::new(&[]).is_empty());
    }
}
