//! The one place charts are rendered: each chart is drawn once against plotters' generic
//! [`DrawingBackend`] and rendered here to PNG bytes (a [`Canvas`], plotters' bitmap with cheaper
//! hot paths, encoded by [`super::png`]) and an SVG document ([`SVGBackend`]); nothing here touches files.

use std::cell::RefCell;
use std::path::PathBuf;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, IntoDrawingArea};
use plotters::prelude::SVGBackend;

use super::backend::Backend;
use super::canvas::Canvas;
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
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError>;
}

/// The chart as PNG bytes and an SVG document; `stem` names it in errors.
///
/// # Errors
///
/// [`ChartError::Draw`] if plotting or encoding fails.
pub(crate) fn render_bytes(
    chart: &impl Chart,
    stem: &str,
) -> Result<(Vec<u8>, String), ChartError> {
    theme::ensure_fonts()?;
    let png = png_bytes(chart).map_err(|e| draw_error(&format!("{stem}.png"), e))?;
    let svg = svg_string(chart).map_err(|e| draw_error(&format!("{stem}.svg"), e))?;
    Ok((png, svg))
}

/// The chart as an SVG document only; `stem` names it in errors.
///
/// # Errors
///
/// [`ChartError::Draw`] if plotting fails.
pub(crate) fn render_svg(chart: &impl Chart, stem: &str) -> Result<String, ChartError> {
    theme::ensure_fonts()?;
    svg_string(chart).map_err(|e| draw_error(&format!("{stem}.svg"), e))
}

/// Writes `{stem}.png` and `{stem}.svg` into `dir` (for tests that keep what they draw).
#[cfg(test)]
pub(crate) fn render(
    chart: &impl Chart,
    dir: &std::path::Path,
    stem: &str,
) -> Result<(), ChartError> {
    let (png, svg) = render_bytes(chart, stem)?;
    std::fs::write(dir.join(format!("{stem}.png")), png).expect("write png");
    std::fs::write(dir.join(format!("{stem}.svg")), svg).expect("write svg");
    Ok(())
}

/// Draws `chart` into this thread's canvas and encodes it as PNG ([`super::png::encode`]).
fn png_bytes(chart: &impl Chart) -> Result<Vec<u8>, DrawError> {
    let (w, h) = SIZE;
    CANVAS.with(|canvas| {
        let mut rgb = canvas.borrow_mut();
        paint(chart, &mut rgb)?;
        super::png::encode(&rgb, w, h).map_err(DrawError)
    })
}

thread_local! {
    /// Each thread's RGB canvas, reused from chart to chart: a fresh 2.5 MB buffer a chart
    /// cost an allocation, a zeroing pass and page faults before the paper was even laid.
    static CANVAS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Draws `chart` into `rgb` (3 bytes a pixel, row by row, [`SIZE`]), replacing what it held.
///
/// The canvas is laid as paper by one `memset` instead of plotters' fill of the whole area,
/// which writes the same bytes (an opaque fill of equal channels is a `memset` there too).
fn paint(chart: &impl Chart, rgb: &mut Vec<u8>) -> Result<(), DrawError> {
    const {
        assert!(
            PAPER.0 == PAPER.1 && PAPER.1 == PAPER.2,
            "paper is laid by one memset"
        )
    };
    let (w, h) = SIZE;
    rgb.clear();
    rgb.resize(w as usize * h as usize * 3, PAPER.0);
    let root = Canvas::new(rgb, SIZE).into_drawing_area();
    chart.draw(&root, Glyphs::Placed)?;
    root.present()?;
    Ok(())
}

/// Draws `chart` on plotters' own `BitMapBackend`, as charts were drawn before [`Canvas`]
/// (the reference its pixels are tested against).
#[cfg(test)]
pub(super) fn bitmap_pixels(chart: &impl Chart) -> Result<Vec<u8>, DrawError> {
    let (w, h) = SIZE;
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root =
            plotters::prelude::BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
        root.fill(&PAPER)?;
        chart.draw(&root, Glyphs::Placed)?;
        root.present()?;
    }
    Ok(rgb)
}

/// Draws `chart` into a new RGB buffer of [`SIZE`] (3 bytes a pixel, row by row).
#[cfg(test)]
pub(super) fn rgb_pixels(chart: &impl Chart) -> Result<Vec<u8>, DrawError> {
    let mut rgb = Vec::new();
    paint(chart, &mut rgb)?;
    Ok(rgb)
}

/// Draws `chart` as an SVG document.
fn svg_string(chart: &impl Chart) -> Result<String, DrawError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&PAPER)?;
        chart.draw(&root, Glyphs::Whole)?;
        root.present()?;
    }
    Ok(svg)
}

fn draw_error(file: &str, e: DrawError) -> ChartError {
    ChartError::Draw {
        path: PathBuf::from(file),
        message: e.0,
    }
}
