//! Charts of several scenarios on one axis: exceedance curves overlaid (one colour per file, in
//! the order given) and grouped claim bars with ±2 Monte Carlo standard errors. The overlay is
//! also what a `[[chart]]` of several quantities draws.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::prelude::LineSeries;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle};

use super::annotate;
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::{self, Glyphs};
use super::theme::{self, INK, LABEL_PX, NOTE_PX, PAPER};
use super::ticks::{self, TickFormat};
use crate::output::format;

/// Several curves of (x, y) points on one axis, each with a legend entry.
pub(crate) struct Overlay {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    /// (legend, points with x increasing).
    pub lines: Vec<(String, Vec<(f64, f64)>)>,
    /// y is a share (0 to 1, labelled in percent).
    pub share: bool,
    /// x coordinates are log10 of the values.
    pub log: bool,
    /// The x range, if fixed (in axis coordinates).
    pub x_range: Option<std::ops::Range<f64>>,
}

/// Draws `entries` (text, colour index) as a legend box in the top right corner of the plot.
pub(crate) fn legend<DB: Backend>(
    root: &DrawingArea<DB, Shift>,
    glyphs: Glyphs,
    entries: &[String],
    (x_px, y_px): (std::ops::Range<i32>, std::ops::Range<i32>),
) -> Result<(), DrawError> {
    let style = theme::font(NOTE_PX, FontStyle::Normal)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let texts = entries
        .iter()
        .map(|e| annotate::fit(e, &style, 380))
        .collect::<Result<Vec<_>, _>>()?;
    let widest = texts.iter().try_fold(0, |w, t| {
        Ok::<_, DrawError>(w.max(text::size(t, &style)?.0 as i32))
    })?;
    let (w, line_h) = (widest + 58, 26);
    let (x0, y0) = (x_px.end - w - 12, y_px.start + 12);
    let h = line_h * texts.len() as i32 + 10;
    root.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        PAPER.mix(0.92).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        theme::GRID.stroke_width(1),
    ))?;
    for (i, t) in texts.iter().enumerate() {
        let y = y0 + 5 + line_h * i as i32 + line_h / 2;
        let c = theme::series(i);
        root.draw(&PathElement::new(
            vec![(x0 + 10, y), (x0 + 40, y)],
            c.stroke_width(4),
        ))?;
        glyphs.draw(root, t, &style, (x0 + 48, y))?;
    }
    Ok(())
}

impl Chart for Overlay {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let xs = self.lines.iter().flat_map(|l| l.1.iter().map(|p| p.0));
        let x_range = self
            .x_range
            .clone()
            .unwrap_or_else(|| ticks::padded_range(xs, 0.03));
        let ys = self.lines.iter().flat_map(|l| l.1.iter().map(|p| p.1));
        let y_range = if self.share {
            0.0..1.04
        } else {
            ticks::padded_range(ys.chain([0.0]), 0.06)
        };
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), y_range.clone())?;
        let linear = TickFormat::new(&x_range);
        let y_fmt = TickFormat::new(&y_range);
        let log_ticks = ticks::log_ticks(&x_range);
        let log = self.log;
        let share = self.share;
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: &self.y_desc,
                x_fmt: &|x| {
                    if log {
                        format::short(10f64.powf(*x))
                    } else {
                        linear.label(*x)
                    }
                },
                y_fmt: &|y| {
                    if share {
                        ticks::percent_label(*y, 1.0)
                    } else {
                        y_fmt.label(*y)
                    }
                },
                y_ticks: true,
                x_ticks: log.then_some(log_ticks.as_slice()),
                frame,
            },
        )?;
        let plot = chart.plotting_area().get_pixel_range();
        for (i, (_, points)) in self.lines.iter().enumerate() {
            let inside = points
                .iter()
                .copied()
                .filter(|p| p.0.is_finite() && p.1.is_finite());
            let clipped: Vec<(f64, f64)> = inside
                .filter(|p| p.0 >= x_range.start && p.0 <= x_range.end)
                .collect();
            chart.draw_series(LineSeries::new(clipped, theme::series(i).stroke_width(3)))?;
        }
        let entries: Vec<String> = self.lines.iter().map(|l| l.0.clone()).collect();
        legend(root, glyphs, &entries, plot)
    }
}

/// Grouped horizontal bars: one group per claim, one bar per scenario.
pub(crate) struct GroupedBars {
    pub title: String,
    pub subtitle: String,
    /// Scenario names, in bar order.
    pub series: Vec<String>,
    /// Per claim: its id and, per scenario, (probability, mcse) or `None` where it is absent.
    pub groups: Vec<ClaimGroup>,
}

/// One claim's bars: its id and, per scenario, (probability, mcse) or `None` where it is absent.
pub(crate) type ClaimGroup = (String, Vec<Option<(f64, f64)>>);

impl Chart for GroupedBars {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let n = self.groups.len().max(1);
        let k = self.series.len().max(1);
        let group_px = (root.dim_in_pixel().1 as f64 - 230.0) / n as f64;
        let text_px = theme::even_px((group_px * 0.4).min(LABEL_PX));
        let id_style = theme::font(text_px, FontStyle::Normal)
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let ids = self
            .groups
            .iter()
            .map(|g| annotate::fit(&g.0, &id_style, 360))
            .collect::<Result<Vec<_>, _>>()?;
        let widest = ids.iter().try_fold(0, |w, t| {
            Ok::<_, DrawError>(w.max(text::size(t, &id_style)?.0))
        })?;
        let frame = Frame {
            left: (widest + 28).max(60),
            ..Frame::default()
        };
        let mut chart = axes::plot(&body, frame, 0.0..1.0, -0.5..n as f64 - 0.5)?;
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: "probability that the claim holds · error bars: ±2 MC standard errors",
                y_desc: "",
                x_fmt: &|x| ticks::percent_label(*x, 1.0),
                y_fmt: &|_| String::new(),
                y_ticks: false,
                x_ticks: None,
                frame,
            },
        )?;
        let plot = chart.plotting_area().get_pixel_range();
        let slot = 0.8 / k as f64;
        let value_style = theme::font(theme::even_px(text_px - 2.0), FontStyle::Normal)
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        for (g, ((_, bars), id)) in self.groups.iter().zip(&ids).enumerate() {
            let centre = (n - 1 - g) as f64;
            let (_, py) = chart.backend_coord(&(0.0, centre));
            glyphs.draw(root, id, &id_style, (plot.0.start - 12, py))?;
            for (s, bar) in bars.iter().enumerate() {
                let Some((p, se)) = bar.filter(|b| b.0.is_finite()) else {
                    continue;
                };
                let y = centre + 0.4 - slot * (s as f64 + 0.5);
                let half = slot * 0.42;
                let p = p.clamp(0.0, 1.0);
                let c = theme::series(s);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - half), (p, y + half)],
                    c.mix(0.85).filled(),
                )))?;
                let (lo, hi) = ((p - 2.0 * se).max(0.0), (p + 2.0 * se).min(1.0));
                if hi > lo {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(lo, y), (hi, y)],
                        INK.stroke_width(2),
                    )))?;
                }
                let (px, py) = chart.backend_coord(&(hi.max(p), y));
                if slot * group_px >= 14.0 {
                    glyphs.draw(root, &format::percent(p), &value_style, (px + 6, py))?;
                }
            }
        }
        legend(root, glyphs, &self.series, plot)
    }
}
