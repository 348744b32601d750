//! Rasterised glyphs, cached: each glyph is outlined and rasterised once per (face, size) on
//! each thread instead of once per use, and drawn onto a bitmap pixel by pixel exactly as
//! plotters' `ab_glyph` text renderer draws a one-character string (same coverage, same
//! offsets, same blending), so cached and uncached charts are the same pixels.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use plotters::element::{Drawable, PointCollection};
use plotters::style::FontTransform;
use plotters_backend::{BackendColor, BackendCoord, DrawingBackend, DrawingErrorKind};

use super::glyphs::{Face, GlyphKey};

/// One glyph rasterised at one size.
pub(crate) struct Raster {
    /// Left side bearing of the ink in whole pixels (see [`super::glyphs::Placed::bearing`]).
    pub(crate) bearing: i32,
    /// Covered pixels relative to the glyph's top-left anchor, as plotters places them, with
    /// their coverage (0 to 1).
    pixels: Vec<(i32, i32, f32)>,
}

/// Cached glyphs per thread; a run draws a few hundred distinct (glyph, size) pairs at most, but
/// the cache is emptied past [`LIMIT`] entries so arbitrary text cannot grow it without bound.
const LIMIT: usize = 4096;

thread_local! {
    static CACHE: RefCell<HashMap<GlyphKey, Rc<Raster>>> = RefCell::new(HashMap::new());
}

/// The raster of glyph `key` of `face` at font size `px`.
pub(crate) fn raster(face: &Face, key: GlyphKey) -> Rc<Raster> {
    CACHE.with(|cache| {
        if let Some(r) = cache.borrow().get(&key) {
            return Rc::clone(r);
        }
        let r = Rc::new(rasterise(face, key));
        let mut cache = cache.borrow_mut();
        if cache.len() >= LIMIT {
            cache.clear();
        }
        cache.insert(key, Rc::clone(&r));
        r
    })
}

/// Rasterises as plotters' `FontDataInternal::draw` does for one character at pen 0: pixels
/// at (x, y + ⌊size / 2 + top⌋) for the outline's coverage callback (x, y, c).
fn rasterise(face: &Face, key: GlyphKey) -> Raster {
    let Some(outline) = face.outline(key) else {
        return Raster {
            bearing: 0,
            pixels: Vec::new(),
        };
    };
    let rect = outline.px_bounds();
    let y_shift = (key.px() as f32 / 2.0 + rect.min.y) as i32;
    let mut pixels = Vec::new();
    outline.draw(|x, y, c| pixels.push((x as i32, y as i32 + y_shift, c)));
    Raster {
        bearing: rect.min.x as i32,
        pixels,
    }
}

/// A cached glyph drawn at a point in `color`, turned by `transform` about that point (the
/// plotters element that puts it on a backend).
pub(crate) struct Stamp<'a> {
    pub(crate) raster: &'a Raster,
    pub(crate) at: BackendCoord,
    pub(crate) color: BackendColor,
    pub(crate) transform: &'a FontTransform,
}

impl<'a, 'b> PointCollection<'a, BackendCoord> for &'a Stamp<'b> {
    type Point = &'a BackendCoord;
    type IntoIter = std::iter::Once<&'a BackendCoord>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Stamp<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        (w, h): (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x0, y0)) = points.next() else {
            return Ok(());
        };
        if self.color.alpha == 0.0 {
            return Ok(());
        }
        for &(x, y, c) in &self.raster.pixels {
            let (dx, dy) = self.transform.transform(x, y);
            let (x, y) = (x0 + dx, y0 + dy);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                let color = BackendColor {
                    alpha: self.color.alpha * f64::from(c),
                    rgb: self.color.rgb,
                };
                backend.draw_pixel((x, y), color)?;
            }
        }
        Ok(())
    }
}
