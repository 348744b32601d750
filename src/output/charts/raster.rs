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
    /// their coverage (0 to 1): first those of coverage [`FAINT`] or more, then the fainter ones.
    pixels: Vec<(i32, i32, f32)>,
    /// How many pixels of `pixels` have coverage [`FAINT`] or more.
    strong: usize,
}

/// Cached glyphs per thread; a run draws a few hundred distinct (glyph, size) pairs at most, but
/// the cache is emptied past [`LIMIT`] entries so arbitrary text cannot grow it without bound.
const LIMIT: usize = 4096;

thread_local! {
    static CACHE: RefCell<HashMap<GlyphKey, Rc<Raster>>> = RefCell::new(HashMap::new());
}

/// Coverage below which a glyph pixel cannot change the bitmap in a colour of opacity 1 or less:
/// plotters blends by ⌊256 · opacity · coverage⌋ / 256, which is 0 there (and skips opacity 0).
/// About half the pixels of a glyph's box are this faint, most of them empty.
const FAINT: f32 = 1.0 / 256.0;

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
            strong: 0,
        };
    };
    let rect = outline.px_bounds();
    let y_shift = (key.px() as f32 / 2.0 + rect.min.y) as i32;
    let (mut pixels, mut faint) = (Vec::new(), Vec::new());
    outline.draw(|x, y, c| {
        let p = (x as i32, y as i32 + y_shift, c);
        if c >= FAINT {
            pixels.push(p);
        } else {
            faint.push(p);
        }
    });
    let strong = pixels.len();
    pixels.extend(faint);
    Raster {
        bearing: rect.min.x as i32,
        pixels,
        strong,
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
        // Under the faint pixels, a colour of opacity at most 1 leaves the bitmap as it is.
        let drawn = if self.color.alpha <= 1.0 {
            &self.raster.pixels[..self.raster.strong]
        } else {
            &self.raster.pixels[..]
        };
        for &(x, y, c) in drawn {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::charts::glyphs::Faces;
    use crate::output::charts::theme::{self, INK, PAPER};
    use plotters::prelude::{BitMapBackend, IntoDrawingArea};
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters::style::{Color, FontStyle, RGBAColor};

    /// A cached glyph stamped on a grey grid leaves the same pixels as plotters' own text
    /// renderer drawing that one character there, opaque or translucent (faint pixels skipped).
    #[test]
    fn stamps_are_plotters_own_pixels() {
        theme::ensure_fonts().expect("fonts");
        let face = &Faces::bundled().expect("fonts").chain(false)[0];
        let (w, h) = (120u32, 80u32);
        let draw = |stamp: bool, c: char, colour: RGBAColor| -> Vec<u8> {
            let mut buf = vec![0u8; (w * h * 3) as usize];
            {
                let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
                root.fill(&PAPER).unwrap();
                for x in (0..w as i32).step_by(7) {
                    root.draw(&plotters::element::PathElement::new(
                        vec![(x, 0), (x, h as i32)],
                        theme::GRID,
                    ))
                    .unwrap();
                }
                let style = theme::font(33.0, FontStyle::Normal)
                    .color(&colour)
                    .pos(Pos::new(HPos::Left, VPos::Top));
                if stamp {
                    let id = face.glyph(c).expect("glyph");
                    let r = raster(face, GlyphKey::new(face, id, 33.0));
                    root.draw(&Stamp {
                        raster: &r,
                        at: (9, 11),
                        color: colour.to_backend_color(),
                        transform: &style.font.get_transform(),
                    })
                    .unwrap();
                } else {
                    root.draw_text(&c.to_string(), &style, (9, 11)).unwrap();
                }
                root.present().unwrap();
            }
            buf
        };
        for c in ['A', 'g', '%', 'W'] {
            for colour in [INK.mix(1.0), INK.mix(0.5), INK.mix(0.02)] {
                assert!(
                    draw(true, c, colour) == draw(false, c, colour),
                    "{c} {colour:?}"
                );
            }
            let faint = raster(face, GlyphKey::new(face, face.glyph(c).unwrap(), 33.0));
            assert!(0 < faint.strong && faint.strong < faint.pixels.len(), "{c}");
        }
    }
}
