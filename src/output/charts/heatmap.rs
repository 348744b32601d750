//! Heat map of a claim's probability over a grid of two swept values, one cell per point, with
//! the 50% break-even line interpolated along the first value for each value of the second, and
//! rings where each column crosses 50% along the second.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, RGBColor};

use super::annotate;
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::Glyphs;
use super::theme::{self, INK, LABEL_PX, MUTED, PAPER};
use crate::output::format;

/// Below 50%: Okabe–Ito vermillion; at 50%: near white; above: the data blue.
const LOW: RGBColor = RGBColor(213, 94, 0);
const MID: RGBColor = RGBColor(247, 247, 247);
const HIGH: RGBColor = RGBColor(31, 73, 125);

/// The colour of probability `p` (a diverging scale centred on 50%).
pub(crate) fn colour(p: f64) -> RGBColor {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (a, b, t) = if p < 0.5 {
        (LOW, MID, p / 0.5)
    } else {
        (MID, HIGH, (p - 0.5) / 0.5)
    };
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on `c` should be white.
fn dark(c: RGBColor) -> bool {
    0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2) < 140.0
}

/// The heat map of one claim.
pub(crate) struct HeatMap {
    pub title: String,
    pub subtitle: String,
    pub x_desc: String,
    pub y_desc: String,
    /// First swept values (columns) and second (rows), increasing.
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// Probability at (row j, column i): `cells[j][i]`.
    pub cells: Vec<Vec<f64>>,
    /// For each row, the values of the first assumption where the estimate crosses 50%.
    pub crossings: Vec<Vec<f64>>,
}

/// Where the estimate crosses 50% along the second assumption: for each column, the row
/// positions (fractional, interpolated linearly between neighbouring rows) where it changes
/// side. Returns (column, row position) pairs.
fn column_crossings(cells: &[Vec<f64>]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for (j, pair) in cells.windows(2).enumerate() {
        for (i, (&a, &b)) in pair[0].iter().zip(&pair[1]).enumerate() {
            if (a - 0.5) * (b - 0.5) < 0.0 {
                out.push((i as f64, j as f64 + (0.5 - a) / (b - a)));
            }
        }
    }
    out
}

/// `x` as a position on a categorical axis whose categories are `values`.
fn position(values: &[f64], x: f64) -> f64 {
    let i = values
        .partition_point(|&v| v <= x)
        .clamp(1, values.len().max(2) - 1);
    let (a, b) = (values[i - 1], values[i]);
    (i - 1) as f64 + (x - a) / (b - a)
}

impl Chart for HeatMap {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let frame = Frame {
            left: 130,
            right: 120,
            ..Frame::default()
        };
        let mut chart = axes::plot(&body, frame, -0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)?;
        let ticks: Vec<f64> = (0..nx).map(|i| i as f64).collect();
        let xs = &self.xs;
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: &self.y_desc,
                x_fmt: &|x| {
                    xs.get(x.round() as usize)
                        .map_or(String::new(), |v| format::grouped(*v, 4))
                },
                y_fmt: &|_| String::new(),
                y_ticks: false,
                x_ticks: Some(&ticks),
                frame,
            },
        )?;
        let cell_px = chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0;
        let row_px = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1;
        let text_px = theme::even_px(
            (cell_px as f64 / 4.0)
                .min(row_px as f64 / 2.2)
                .min(LABEL_PX),
        );
        for (j, row) in self.cells.iter().enumerate() {
            for (i, &p) in row.iter().enumerate() {
                let (x, y) = (i as f64, j as f64);
                let c = colour(p);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                    c.filled(),
                )))?;
                let ink = if dark(c) { PAPER } else { INK };
                let style = theme::font(text_px, FontStyle::Normal)
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                // In the cell's lower half: the 50% line runs through the middle of the row.
                let at = chart.backend_coord(&(x, y - 0.25));
                glyphs.draw(root, &format::percent_sig(p, 2), &style, at)?;
            }
        }
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let label = theme::font(LABEL_PX, FontStyle::Normal)
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (j, y) in self.ys.iter().enumerate() {
            let (_, py) = chart.backend_coord(&(0.0, j as f64));
            glyphs.draw(root, &format::grouped(*y, 4), &label, (x_px.start - 10, py))?;
        }
        let mut line: Vec<(f64, f64)> = Vec::new();
        for (j, xs) in self.crossings.iter().enumerate() {
            for &x in xs {
                let at = (position(&self.xs, x), j as f64);
                chart.draw_series([
                    Circle::new(at, 6, PAPER.filled()),
                    Circle::new(at, 4, INK.filled()),
                ])?;
            }
            match xs.as_slice() {
                [x] => line.push((position(&self.xs, *x), j as f64)),
                _ => {
                    if line.len() > 1 {
                        chart.draw_series(std::iter::once(PathElement::new(
                            std::mem::take(&mut line),
                            INK.stroke_width(3),
                        )))?;
                    }
                    line.clear();
                }
            }
        }
        if line.len() > 1 {
            chart.draw_series(std::iter::once(PathElement::new(line, INK.stroke_width(3))))?;
        }
        // Break-even along the second assumption: rings between the rows where a column changes
        // side of 50%.
        for at in column_crossings(&self.cells) {
            chart.draw_series([
                Circle::new(at, 9, PAPER.stroke_width(2)),
                Circle::new(at, 7, INK.stroke_width(2)),
            ])?;
        }
        colour_bar(root, glyphs, x_px.end + 30, y_px)
    }
}

/// The scale: a vertical strip from 0% (bottom) to 100% right of the plot.
fn colour_bar<DB: Backend>(
    root: &DrawingArea<DB, Shift>,
    glyphs: Glyphs,
    left: i32,
    y_px: std::ops::Range<i32>,
) -> Result<(), DrawError> {
    let (top, bottom) = (y_px.start + 10, y_px.end - 10);
    let steps = 50;
    for k in 0..steps {
        let p = (k as f64 + 0.5) / steps as f64;
        let y0 = bottom - ((bottom - top) as f64 * k as f64 / steps as f64) as i32;
        let y1 = bottom - ((bottom - top) as f64 * (k + 1) as f64 / steps as f64) as i32;
        root.draw(&Rectangle::new(
            [(left, y1), (left + 22, y0)],
            colour(p).filled(),
        ))?;
    }
    root.draw(&Rectangle::new(
        [(left, top), (left + 22, bottom)],
        MUTED.stroke_width(1),
    ))?;
    let style = theme::font(16.0, FontStyle::Normal)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (p, text) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
        let y = bottom - ((bottom - top) as f64 * p) as i32;
        glyphs.draw(root, text, &style, (left + 30, y))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_diverge_from_white_at_one_half() {
        assert_eq!(colour(0.0), LOW);
        assert_eq!(colour(0.5), MID);
        assert_eq!(colour(1.0), HIGH);
        assert!(dark(colour(1.0)) && !dark(colour(0.5)));
        assert_eq!(position(&[0.1, 0.2, 0.4], 0.3), 1.5);
    }

    #[test]
    fn crossings_along_the_second_assumption_are_interpolated_between_rows() {
        let cells = vec![
            vec![0.2, 0.6, 0.4],
            vec![0.8, 0.7, 0.4],
            vec![0.9, 0.3, 0.6],
        ];
        let c = column_crossings(&cells);
        // Column 0 crosses between rows 0 and 1 at (0.5 − 0.2) / 0.6 = 0.5; column 1 between
        // rows 1 and 2 at 1 + 0.2 / 0.4 = 1.5; column 2 between rows 1 and 2 at 1.5.
        assert_eq!(c.len(), 3, "{c:?}");
        assert!((c[0].0 - 0.0).abs() < 1e-12 && (c[0].1 - 0.5).abs() < 1e-12);
        assert!((c[1].0 - 1.0).abs() < 1e-12 && (c[1].1 - 1.5).abs() < 1e-12);
        assert!((c[2].0 - 2.0).abs() < 1e-12 && (c[2].1 - 1.5).abs() < 1e-12);
    }
}
