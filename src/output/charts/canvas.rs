//! The bitmap every PNG chart is drawn on: plotters' [`BitMapBackend`] with two of its hot paths
//! done more cheaply and to the same bytes.
//!
//! ```text
//! draw_pixel        (a glyph's pixels: most of a chart's calls) the bitmap's own arithmetic,
//!                   written out here: no backend built per call, no libm `floor`
//! draw_rect, filled (bars) a translucent fill is blended row by row by the bitmap itself, and
//!   translucent     a row whose pixels under the rectangle were the same as the row above
//!                   takes that row's blended pixels (the blend of a pixel depends only on
//!                   it, its colour and its column, so they are the ones the bitmap would give)
//! stamp             (a cached glyph) its coverage mask, blended row by row ([`super::mask`]);
//!                   over paper, each code's blend looked up, worked out once per colour
//! everything else   the bitmap's own code, on the same buffer
//! ```
//!
//! Every call also widens the [`Spans`] of the rows it may touch (bounds rounded outwards), so
//! that what lies outside them is known to be paper.
//!
//! Tested against the bitmap on every chart of an analysed run (`png.rs`).

use plotters::prelude::BitMapBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, DrawingBackend, DrawingErrorKind,
};

use super::backend::{self, Backend};
use super::mask::{self, OnPaper};
use super::raster::Stamp;
use super::spans::Spans;
use super::theme::PAPER;

/// Plotters' bitmap error type.
type BitmapError = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

/// An RGB bitmap (3 bytes a pixel, row by row) drawn on as [`BitMapBackend`] draws.
pub(crate) struct Canvas<'a> {
    rgb: &'a mut [u8],
    size: (u32, u32),
    /// The pixels under a translucent rectangle in the row above, before blending.
    under: Vec<u8>,
    /// The columns each row's drawing may have touched.
    spans: &'a mut Spans,
    /// The blends over paper of the colours glyphs were stamped in (a handful a chart).
    on_paper: Vec<OnPaper>,
}

impl<'a> Canvas<'a> {
    /// A canvas of `size` pixels over `rgb`, which holds at least 3 bytes a pixel, widening
    /// `spans` (of the same size) by what is drawn.
    pub(crate) fn new(rgb: &'a mut [u8], size: (u32, u32), spans: &'a mut Spans) -> Canvas<'a> {
        assert!(
            rgb.len() >= size.0 as usize * size.1 as usize * 3,
            "canvas too small"
        );
        Canvas {
            rgb,
            size,
            under: Vec::new(),
            spans,
            on_paper: Vec::new(),
        }
    }

    /// Marks the box from `a` to `b` (corners in any order, both included), widened by `pad`
    /// pixels on every side, as touched.
    fn touch(&mut self, a: BackendCoord, b: BackendCoord, pad: i32) {
        self.spans.touch(
            (a.0.min(b.0) - pad, a.0.max(b.0) + pad + 1),
            (a.1.min(b.1) - pad, a.1.max(b.1) + pad + 1),
        );
    }

    /// Plotters' bitmap over the same buffer (cheap: a size check).
    fn bitmap(&mut self) -> BitMapBackend<'_> {
        BitMapBackend::with_buffer(self.rgb, self.size)
    }

    /// A translucent fill of `[x0, x1) × [y0, y1)` (already clipped, not empty), row by row.
    fn blend_rows<S: BackendStyle>(
        &mut self,
        (x0, x1): (i32, i32),
        (y0, y1): (i32, i32),
        style: &S,
    ) -> Result<(), DrawingErrorKind<BitmapError>> {
        let row = self.size.0 as usize * 3;
        let (a, b) = (x0 as usize * 3, x1 as usize * 3);
        self.under.clear();
        for y in y0..y1 {
            let at = y as usize * row;
            let span = at + a..at + b;
            if y > y0 && self.rgb[span.clone()] == self.under[..] {
                self.rgb
                    .copy_within(span.start - row..span.end - row, span.start);
                continue;
            }
            self.under.clear();
            self.under.extend_from_slice(&self.rgb[span]);
            self.bitmap().draw_rect((x0, y), (x1, y + 1), style, true)?;
        }
        Ok(())
    }
}

impl DrawingBackend for Canvas<'_> {
    type ErrorType = BitmapError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BitmapError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<BitmapError>> {
        Ok(())
    }

    /// As `BitMapBackend::draw_pixel` with `RGBPixel`: opaque from 255/256, skipped at 0 or
    /// below, else each channel moved ⌊256 · alpha⌋ / 256 of the way to the colour (the cast
    /// truncates, which is `floor` for the positive values that reach it).
    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<BitmapError>> {
        let (w, h) = self.size;
        if x < 0 || y < 0 || x as u32 >= w || y as u32 >= h {
            return Ok(());
        }
        self.spans.touch((x, x + 1), (y, y + 1));
        let at = (y as usize * w as usize + x as usize) * 3;
        let (r, g, b) = color.rgb;
        let px = &mut self.rgb[at..at + 3];
        if color.alpha >= 1.0 - 1.0 / 256.0 {
            px.copy_from_slice(&[r, g, b]);
        } else if color.alpha > 0.0 {
            // Below 255 / 256, so ⌊256 · alpha⌋ ≤ 254.
            let a = (color.alpha * 256.0) as u16;
            for (p, new) in px.iter_mut().zip([r, g, b]) {
                mask::blend(p, new, a);
            }
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BitmapError>> {
        // A wide line is a polygon within half its width of the ends; thin ones stay within
        // a pixel.
        self.touch(from, to, style.stroke_width() as i32 + 2);
        self.bitmap().draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BitmapError>> {
        let pad = if fill {
            0
        } else {
            style.stroke_width() as i32 + 2
        };
        self.touch(upper_left, bottom_right, pad);
        let alpha = style.color().alpha;
        if !fill || alpha >= 1.0 || alpha <= 0.0 {
            return self
                .bitmap()
                .draw_rect(upper_left, bottom_right, style, fill);
        }
        // The bitmap's clipping of a filled rectangle (its bottom and right edges excluded).
        let (w, h) = (self.size.0 as i32, self.size.1 as i32);
        let x0 = upper_left.0.min(bottom_right.0).max(0);
        let y0 = upper_left.1.min(bottom_right.1).max(0);
        let x1 = upper_left.0.max(bottom_right.0).min(w);
        let y1 = upper_left.1.max(bottom_right.1).min(h);
        if x0 >= x1 || y0 >= y1 {
            return Ok(());
        }
        self.blend_rows((x0, x1), (y0, y1), style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<BitmapError>> {
        self.spans.touch(
            (pos.0, pos.0.saturating_add(size.0 as i32)),
            (pos.1, pos.1.saturating_add(size.1 as i32)),
        );
        self.bitmap().blit_bitmap(pos, size, src)
    }
}

impl Backend for Canvas<'_> {
    /// The glyph's coverage mask for the colour, stamped row by row; pixel by pixel when it has
    /// none (see [`super::raster::Raster::mask`]).
    fn stamp(
        &mut self,
        stamp: &Stamp<'_>,
        at: BackendCoord,
        area: (u32, u32),
    ) -> Result<(), DrawingErrorKind<BitmapError>> {
        let Some(m) = stamp.raster.mask(stamp.color.alpha, stamp.transform) else {
            return backend::stamp_pixels(self, stamp, at, area);
        };
        let (w, h) = (self.size.0.min(area.0), self.size.1.min(area.1));
        let ((x0, x1), (y0, y1)) = m.bounds(at);
        self.spans.touch((x0, x1), (y0, y1));
        let (r, g, b) = stamp.color.rgb;
        let colour = [r, g, b];
        let k = match self.on_paper.iter().position(|o| o.colour() == colour) {
            Some(k) => k,
            None => {
                self.on_paper
                    .push(OnPaper::new([PAPER.0, PAPER.1, PAPER.2], colour));
                self.on_paper.len() - 1
            }
        };
        m.stamp(
            self.rgb,
            self.size.0 as usize,
            (w as i32, h as i32),
            at,
            &self.on_paper[k],
        );
        Ok(())
    }
}
