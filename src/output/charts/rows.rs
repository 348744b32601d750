//! A horizontal row chart: one labelled row per item, with bars and whiskers along a count axis.
//! Shared by the shipment charts ([`super::lots`], [`super::capacity`]).

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, RGBColor};

use super::annotate;
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::DrawError;
use super::text::{self, Glyphs};
use super::theme::{self, INK, LABEL_PX};
use super::ticks::{self, TickFormat};

/// One row: a label, filled segments `(from, to, colour)`, whiskers `(lo, hi, offset, colour)`
/// (offset in row heights from the row's centre, + is up) and a value label.
pub(crate) struct Row {
    pub label: String,
    pub segments: Vec<(f64, f64, RGBColor)>,
    pub whiskers: Vec<(f64, f64, f64, RGBColor)>,
    pub marks: Vec<(f64, RGBColor)>,
    pub value: String,
}

/// Draws `rows` (top to bottom) under a header, on an x axis from 0 described by `x_desc`.
///
/// # Errors
///
/// Plotting failures.
pub(crate) fn draw<DB: Backend>(
    root: &DrawingArea<DB, Shift>,
    glyphs: Glyphs,
    (title, subtitle, x_desc): (&str, &str, &str),
    rows: &[Row],
) -> Result<(), DrawError> {
    let body = annotate::header(root, glyphs, title, subtitle)?;
    let n = rows.len().max(1);
    let row_px = (root.dim_in_pixel().1 as f64 - 220.0) / n as f64;
    let text_px = theme::even_px((row_px * 0.5).min(LABEL_PX));
    let label_style = theme::font(text_px, FontStyle::Normal)
        .color(&INK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    let labels = rows
        .iter()
        .map(|r| annotate::fit(&r.label, &label_style, 360))
        .collect::<Result<Vec<_>, _>>()?;
    let widest = labels
        .iter()
        .map(|l| text::size(l, &label_style).map(|s| s.0))
        .try_fold(0, |w, s| s.map(|s| w.max(s)))?;
    let frame = Frame {
        left: (widest + 28).max(60),
        right: 190,
        ..Frame::default()
    };
    let ends = rows.iter().flat_map(|r| {
        let s = r.segments.iter().flat_map(|s| [s.0, s.1]);
        let w = r.whiskers.iter().flat_map(|w| [w.0, w.1]);
        s.chain(w).chain(r.marks.iter().map(|m| m.0))
    });
    let x_range = 0.0..ticks::padded_range(ends.chain([0.0]), 0.04).end;
    let mut chart = axes::plot(&body, frame, x_range.clone(), -0.5..n as f64 - 0.5)?;
    let x_fmt = TickFormat::new(&x_range);
    axes::draw_mesh(
        &mut chart,
        root,
        glyphs,
        &Axes {
            x_desc,
            y_desc: "",
            x_fmt: &|x| x_fmt.label(*x),
            y_fmt: &|_| String::new(),
            y_ticks: false,
            x_ticks: None,
            frame,
        },
    )?;
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let half = (0.3f64).min(26.0 / row_px.max(1.0));
    let value_style = theme::bold(text_px, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (row, label)) in rows.iter().zip(&labels).enumerate() {
        let y = (n - 1 - i) as f64;
        chart.draw_series(row.segments.iter().filter(|s| s.1 > s.0).map(|&(a, b, c)| {
            Rectangle::new([(a, y - half), (b, y + half)], c.mix(0.85).filled())
        }))?;
        for &(lo, hi, off, c) in &row.whiskers {
            let (yy, cap) = (y + off * 2.0 * half, half * 0.35);
            chart.draw_series(
                [
                    vec![(lo, yy), (hi, yy)],
                    vec![(lo, yy - cap), (lo, yy + cap)],
                    vec![(hi, yy - cap), (hi, yy + cap)],
                ]
                .map(|p| PathElement::new(p, c.stroke_width(2))),
            )?;
        }
        chart.draw_series(row.marks.iter().map(|&(x, c)| {
            PathElement::new(vec![(x, y - half), (x, y + half)], c.stroke_width(4))
        }))?;
        let (_, py) = chart.backend_coord(&(0.0, y));
        glyphs.draw(root, label, &label_style, (x_px.start - 12, py))?;
        glyphs.draw(root, &row.value, &value_style, (x_px.end + 10, py))?;
    }
    Ok(())
}
