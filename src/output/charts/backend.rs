//! The backends charts are drawn on: plotters' [`DrawingBackend`] plus one operation of our own,
//! stamping a cached glyph, that a backend may do itself instead of pixel by pixel.
//!
//! ```text
//! Canvas         (PNG)   stamps a glyph's coverage mask row by row into its buffer
//! BitMapBackend  (tests) one draw_pixel a glyph pixel, as plotters' text renderer draws:
//!                        the reference the canvas is tested against
//! SVGBackend     (SVG)   never reached (vector text is set whole), same default
//! ```

use plotters::prelude::{BitMapBackend, SVGBackend};
use plotters_backend::{BackendColor, BackendCoord, DrawingBackend, DrawingErrorKind};

use super::raster::Stamp;

/// A plotters backend a chart can be drawn on.
pub(crate) trait Backend: DrawingBackend {
    /// Draws `stamp` with its anchor at `at` (backend pixels), leaving out pixels outside
    /// `[0, w) × [0, h)` for the drawing area's `(w, h)`: by default one [`draw_pixel`] a
    /// covered pixel, in the colour's opacity times the pixel's coverage.
    ///
    /// [`draw_pixel`]: DrawingBackend::draw_pixel
    ///
    /// # Errors
    ///
    /// The backend's.
    fn stamp(
        &mut self,
        stamp: &Stamp<'_>,
        at: BackendCoord,
        area: (u32, u32),
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        stamp_pixels(self, stamp, at, area)
    }
}

impl Backend for BitMapBackend<'_> {}

impl Backend for SVGBackend<'_> {}

/// [`Backend::stamp`] pixel by pixel through `draw_pixel`: what plotters' `ab_glyph` renderer
/// does for a one-character string (faint pixels left out where they cannot show).
///
/// # Errors
///
/// The backend's.
pub(crate) fn stamp_pixels<DB: DrawingBackend>(
    backend: &mut DB,
    stamp: &Stamp<'_>,
    (x0, y0): BackendCoord,
    (w, h): (u32, u32),
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    if stamp.color.alpha == 0.0 {
        return Ok(());
    }
    for &(x, y, c) in stamp.raster.drawn(stamp.color.alpha) {
        let (dx, dy) = stamp.transform.transform(x, y);
        let (x, y) = (x0 + dx, y0 + dy);
        if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
            let color = BackendColor {
                alpha: stamp.color.alpha * f64::from(c),
                rgb: stamp.color.rgb,
            };
            backend.draw_pixel((x, y), color)?;
        }
    }
    Ok(())
}
