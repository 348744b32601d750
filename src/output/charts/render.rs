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
use super::spans::Spans;
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
pub(super) fn png_bytes(chart: &impl Chart) -> Result<Vec<u8>, DrawError> {
    let (w, h) = SIZE;
    SHEET.with(|sheet| {
        let sheet = &mut *sheet.borrow_mut();
        paint(chart, sheet)?;
        super::png::encode(&sheet.rgb, w, h, &sheet.spans).map_err(DrawError)
    })
}

/// An RGB canvas of [`SIZE`] and the columns of each row that its last chart touched (all
/// else is paper).
#[derive(Default)]
pub(super) struct Sheet {
    /// 3 bytes a pixel, row by row; empty before the first chart.
    pub(super) rgb: Vec<u8>,
    /// What the last chart touched.
    pub(super) spans: Spans,
}

thread_local! {
    /// Each thread's sheet, reused from chart to chart: a fresh 2.5 MB buffer a chart
    /// cost an allocation, a zeroing pass and page faults before the paper was even laid.
    static SHEET: RefCell<Sheet> = RefCell::default();
}

/// Draws `chart` on `sheet`, replacing what it held.
///
/// The sheet is laid as paper by `memset`s instead of plotters' fill of the whole area, which
/// writes the same bytes (an opaque fill of equal channels is a `memset` there too): all of it
/// the first time, then only what the chart before touched.
pub(super) fn paint(chart: &impl Chart, sheet: &mut Sheet) -> Result<(), DrawError> {
    const {
        assert!(
            PAPER.0 == PAPER.1 && PAPER.1 == PAPER.2,
            "paper is laid by one memset"
        )
    };
    let (w, h) = SIZE;
    let bytes = w as usize * h as usize * 3;
    if sheet.rgb.len() == bytes {
        sheet.spans.relay(&mut sheet.rgb, PAPER.0);
    } else {
        sheet.rgb.clear();
        sheet.rgb.resize(bytes, PAPER.0);
        sheet.spans = Spans::new(SIZE);
    }
    let root = Canvas::new(&mut sheet.rgb, SIZE, &mut sheet.spans).into_drawing_area();
    chart.draw(&root, Glyphs::Placed)?;
    root.present()?;
    drop(root);
    #[cfg(test)]
    untouched_is_paper(sheet);
    Ok(())
}

/// Checks that every pixel outside the sheet's spans is paper (what [`Spans`] promise).
#[cfg(test)]
fn untouched_is_paper(sheet: &Sheet) {
    let (w, h) = (SIZE.0 as usize, SIZE.1 as usize);
    for y in 0..h {
        let (a, b) = sheet.spans.row(y);
        let row = &sheet.rgb[y * w * 3..(y + 1) * w * 3];
        assert!(
            row[..3 * a]
                .iter()
                .chain(&row[3 * b..])
                .all(|&c| c == PAPER.0),
            "row {y}: a pixel outside columns {a}..{b} is not paper"
        );
    }
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

/// Draws `chart` on a new sheet.
#[cfg(test)]
pub(super) fn rgb_pixels(chart: &impl Chart) -> Result<Sheet, DrawError> {
    let mut sheet = Sheet::default();
    paint(chart, &mut sheet)?;
    Ok(sheet)
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
