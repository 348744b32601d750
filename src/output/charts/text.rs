//! Drawing text so that it looks right in both formats.
//!
//! SVG text is laid out by the viewer, so strings go to the backend whole. In bitmaps plotters'
//! `ab_glyph` renderer drops each glyph's left side bearing (see [`super::glyphs`]), so there
//! [`Glyphs::Placed`] draws glyph by glyph: at plotters' own pen position (advances and kerning
//! from the same font) plus the glyph's bearing. Anchors and rotations behave as in plotters.

use std::error::Error;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos};
use plotters::style::{FontStyle, TextStyle};

use super::glyphs::Metrics;

/// A plotting failure, as plotters' message (its error type is generic over the backend).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DrawError(pub String);

impl<E: Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// How text reaches the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Glyphs {
    /// Whole strings (vector output: the viewer sets the text).
    Whole,
    /// Glyph by glyph, each moved right by its left side bearing (bitmap output).
    Placed,
}

impl Glyphs {
    /// Draws `text` in `style` anchored at `pos` (absolute pixels of `root`).
    ///
    /// # Errors
    ///
    /// Plotting and font failures.
    pub(crate) fn draw<DB: DrawingBackend>(
        self,
        root: &DrawingArea<DB, Shift>,
        text: &str,
        style: &TextStyle,
        pos: (i32, i32),
    ) -> Result<(), DrawError> {
        if self == Glyphs::Whole || text.is_empty() {
            root.draw_text(text, style, pos)?;
            return Ok(());
        }
        let metrics = Metrics::bundled(matches!(style.font.get_style(), FontStyle::Bold));
        let width = |s: &str| -> Result<i32, DrawError> {
            let ((x0, _), (x1, _)) = style
                .font
                .layout_box(s)
                .map_err(|e| DrawError(e.to_string()))?;
            Ok(x1 - x0)
        };
        let zeros = "0".repeat(10);
        let units = 10.0 * f64::from(metrics.advance('0'));
        let px_per_unit = if units > 0.0 {
            f64::from(width(&zeros)?) / units
        } else {
            0.0
        };
        let total = width(text)?;
        let dx = match style.pos.h_pos {
            HPos::Left => 0,
            HPos::Center => -total / 2,
            HPos::Right => -total,
        };
        let transform = style.font.get_transform();
        let glyph_style = style.pos(Pos::new(HPos::Left, style.pos.v_pos));
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let glyph = &text[i..i + c.len_utf8()];
            let pen = width(&text[..i + c.len_utf8()])? - width(glyph)?;
            let bearing = (f64::from(metrics.lsb(c)) * px_per_unit).floor() as i32;
            let (ox, oy) = transform.transform(dx + pen + bearing, 0);
            root.draw_text(glyph, &glyph_style, (pos.0 + ox, pos.1 + oy))?;
        }
        Ok(())
    }
}
