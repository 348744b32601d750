//! Building a chart area with the shared axes, grid and tick labels (every chart is f64 × f64).

use std::ops::Range;

use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::PathElement;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, FontTransform};

use super::backend::Backend;
use super::render::DrawError;
use super::text::Glyphs;
use super::theme::{self, AXIS, GRID, GRID_LIGHT, INK, LABEL_PX, MUTED};
use super::ticks::TICKS;

/// Length of tick marks, in pixels.
const TICK_PX: i32 = 5;

/// A chart with f64 axes.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Space around the plot and for the axis labels, in pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// Width of the y tick labels and y axis description.
    pub left: u32,
    /// Height of the x tick labels and x axis description.
    pub bottom: u32,
    /// Free space right of the plot.
    pub right: u32,
}

impl Default for Frame {
    fn default() -> Self {
        Frame {
            left: 104,
            bottom: 78,
            right: 44,
        }
    }
}

/// Sets up a chart on `area` over `x` × `y`.
///
/// # Errors
///
/// Plotting failures (e.g. an area too small for the label space).
pub(crate) fn plot<'a, DB: Backend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: Frame,
    x: Range<f64>,
    y: Range<f64>,
) -> Result<Plot<'a, DB>, DrawError> {
    Ok(ChartBuilder::on(area)
        .margin_left(16)
        .margin_right(frame.right)
        .margin_top(6)
        .margin_bottom(14)
        .x_label_area_size(frame.bottom)
        .y_label_area_size(frame.left)
        .build_cartesian_2d(x, y)?)
}

/// Descriptions and formatters of the two axes.
pub(crate) struct Axes<'f> {
    /// X axis description.
    pub x_desc: &'f str,
    /// Y axis description (empty for none).
    pub y_desc: &'f str,
    /// X tick label.
    pub x_fmt: &'f dyn Fn(&f64) -> String,
    /// Y tick label.
    pub y_fmt: &'f dyn Fn(&f64) -> String,
    /// Whether to draw y ticks, labels and horizontal grid lines.
    pub y_ticks: bool,
    /// X tick positions, or `None` for plotters' own "nice" steps. Given positions (a log
    /// axis, category steps) get the same grid lines, tick marks and labels.
    pub x_ticks: Option<&'f [f64]>,
    /// The frame the chart was built with (places the axis descriptions).
    pub frame: Frame,
}

/// Draws grid, axes, tick labels and axis descriptions in the shared style. Plotters draws the
/// grid and tick marks; the labels are set with `glyphs` (see [`Glyphs`]) at plotters' positions.
///
/// # Errors
///
/// Plotting failures.
pub(crate) fn draw_mesh<DB: Backend>(
    chart: &mut Plot<'_, DB>,
    root: &DrawingArea<DB, Shift>,
    glyphs: Glyphs,
    axes: &Axes<'_>,
) -> Result<(), DrawError> {
    let y_labels = if axes.y_ticks { TICKS } else { 0 };
    let x_labels = if axes.x_ticks.is_some() { 0 } else { TICKS };
    let blank = |_: &f64| String::new();
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(x_labels)
        .y_labels(y_labels)
        .max_light_lines(1)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(GRID_LIGHT.stroke_width(1))
        .axis_style(AXIS.stroke_width(1))
        .x_label_formatter(&blank)
        .y_label_formatter(&blank)
        .set_all_tick_mark_size(TICK_PX);
    if !axes.y_ticks {
        mesh.disable_y_mesh();
    }
    if axes.x_ticks.is_some() {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;

    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    let x_keys = match axes.x_ticks {
        Some(given) => {
            let x_range = chart.x_range();
            let inside: Vec<f64> = given
                .iter()
                .copied()
                .filter(|x| x.is_finite() && *x >= x_range.start && *x <= x_range.end)
                .collect();
            for &x in &inside {
                let (px, _) = chart.backend_coord(&(x, 0.0));
                root.draw(&PathElement::new(
                    vec![(px, y_px.start), (px, y_px.end)],
                    GRID.stroke_width(1),
                ))?;
                root.draw(&PathElement::new(
                    vec![(px, y_px.end), (px, y_px.end + TICK_PX)],
                    AXIS.stroke_width(1),
                ))?;
            }
            inside
        }
        None => chart.as_coord_spec().x_spec().key_points(TICKS),
    };
    let label = theme::font(LABEL_PX, FontStyle::Normal).color(&INK);
    let below = label.pos(Pos::new(HPos::Center, VPos::Top));
    for x in x_keys {
        let (px, _) = chart.backend_coord(&(x, 0.0));
        glyphs.draw(
            root,
            &(axes.x_fmt)(&x),
            &below,
            (px, y_px.end + 2 * TICK_PX),
        )?;
    }
    let left = label.pos(Pos::new(HPos::Right, VPos::Center));
    for y in chart.as_coord_spec().y_spec().key_points(y_labels) {
        let (_, py) = chart.backend_coord(&(0.0, y));
        glyphs.draw(
            root,
            &(axes.y_fmt)(&y),
            &left,
            (x_px.start - 2 * TICK_PX, py),
        )?;
    }

    let desc = theme::font(LABEL_PX, FontStyle::Normal).color(&MUTED);
    let centre_x = (x_px.start + x_px.end) / 2;
    let x_desc = desc.pos(Pos::new(HPos::Center, VPos::Bottom));
    glyphs.draw(
        root,
        axes.x_desc,
        &x_desc,
        (centre_x, y_px.end + axes.frame.bottom as i32),
    )?;
    if !axes.y_desc.is_empty() {
        let y_desc = theme::font(LABEL_PX, FontStyle::Normal)
            .transform(FontTransform::Rotate270)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let at = (
            x_px.start - axes.frame.left as i32 + 4,
            (y_px.start + y_px.end) / 2,
        );
        glyphs.draw(root, axes.y_desc, &y_desc, at)?;
    }
    Ok(())
}
