//! The one place charts become files: each chart is drawn once against plotters' generic
//! [`DrawingBackend`] and rendered here to a PNG ([`BitMapBackend`]) and an SVG ([`SVGBackend`]).

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::prelude::{BitMapBackend, DrawingBackend, SVGBackend};

pub(crate) use super::text::DrawError;
use super::text::Glyphs;
use super::theme::{self, PAPER, SIZE};
use super::ChartError;

/// A chart that can draw itself on any plotters backend.
pub(crate) trait Chart {
    /// Draws the chart on `root`, a white canvas of [`SIZE`], setting text with `glyphs`.
    ///
    /// # Errors
    ///
    /// Whatever plotters reports, as a message.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError>;
}

/// Writes `{stem}.png` and `{stem}.svg` into `dir`.
///
/// # Errors
///
/// [`ChartError::Draw`] if plotting fails, [`ChartError::Io`] if a file cannot be written.
pub(crate) fn render(chart: &impl Chart, dir: &Path, stem: &str) -> Result<(), ChartError> {
    theme::ensure_fonts()?;
    write_png(chart, &dir.join(format!("{stem}.png")))?;
    let svg_path = dir.join(format!("{stem}.svg"));
    let svg = svg_string(chart).map_err(|e| draw_error(&svg_path, e))?;
    std::fs::write(&svg_path, svg).map_err(|source| ChartError::Io {
        path: svg_path,
        source,
    })
}

/// Draws `chart` into a PNG file at `path`.
fn write_png(chart: &impl Chart, path: &Path) -> Result<(), ChartError> {
    let root = BitMapBackend::new(path, SIZE).into_drawing_area();
    draw_on(chart, &root, Glyphs::Placed).map_err(|e| draw_error(path, e))?;
    root.present()
        .map_err(|e| draw_error(path, DrawError::from(e)))
}

/// Draws `chart` as an SVG document.
fn svg_string(chart: &impl Chart) -> Result<String, DrawError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw_on(chart, &root, Glyphs::Whole)?;
        root.present()?;
    }
    Ok(svg)
}

fn draw_on<DB: DrawingBackend>(
    chart: &impl Chart,
    root: &DrawingArea<DB, Shift>,
    glyphs: Glyphs,
) -> Result<(), DrawError> {
    root.fill(&PAPER)?;
    chart.draw(root, glyphs)
}

fn draw_error(path: &Path, e: DrawError) -> ChartError {
    ChartError::Draw {
        path: PathBuf::from(path),
        message: e.0,
    }
}
