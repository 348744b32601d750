//! Rasterised glyphs, cached: each glyph is outlined and rasterised once per (face, size) on
//! each thread instead of once per use, and drawn onto a bitmap pixel by pixel exactly as
//! plotters' `ab_glyph` text renderer draws a one-character string (same coverage, same
//! offsets, same blending), so cached and uncached charts are the same pixels.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use plotters::element::{Drawable, PointCollection};
use plotters::style::FontTransform;
use plotters_backend::{BackendColor, BackendCoord, DrawingErrorKind};

use super::backend::Backend;
use super::glyphs::{Face, GlyphKey};
use super::mask::Mask;

/// One glyph rasterised at one size.
pub(crate) struct Raster {
    /// Left side bearing of the ink in whole pixels (see [`super::glyphs::Placed::bearing`]).
    pub(crate) bearing: i32,
    /// Covered pixels relative to the glyph's top-left anchor, as plotters places them, with
    /// their coverage (0 to 1): first those of coverage [`FAINT`] or more, then the fainter ones.
    pixels: Vec<(i32, i32, f32)>,
    /// How many pixels of `pixels` have coverage [`FAINT`] or more.
    strong: usize,
    /// Masks made so far, by colour opacity (its bits) and rotation; `None` where the glyph
    /// cannot be stamped as a mask.
    masks: RefCell<Vec<Made>>,
}

/// A mask made for one colour opacity and rotation.
struct Made {
    /// The opacity's bits.
    alpha: u64,
    /// The rotation, as 0 to 3 quarter turns.
    turn: u8,
    /// The mask, or `None` if the glyph cannot be stamped as one.
    mask: Option<Rc<Mask>>,
}

impl Raster {
    /// The pixels that can change the bitmap in a colour of opacity `alpha`: under the faint
    /// pixels, a colour of opacity at most 1 leaves the bitmap as it is.
    pub(crate) fn drawn(&self, alpha: f64) -> &[(i32, i32, f32)] {
        if alpha <= 1.0 {
            &self.pixels[..self.strong]
        } else {
            &self.pixels[..]
        }
    }

    /// The glyph's [`Mask`] in a colour of opacity `alpha` (above 0, at most 1), turned by
    /// `transform`; made on first use. `None` for other opacities or a glyph that cannot be
    /// stamped as a mask.
    pub(crate) fn mask(&self, alpha: f64, transform: &FontTransform) -> Option<Rc<Mask>> {
        if !(alpha > 0.0 && alpha <= 1.0) {
            return None;
        }
        let turn = match transform {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 1,
            FontTransform::Rotate180 => 2,
            FontTransform::Rotate270 => 3,
        };
        let bits = alpha.to_bits();
        let mut masks = self.masks.borrow_mut();
        if let Some(made) = masks.iter().find(|m| m.alpha == bits && m.turn == turn) {
            return made.mask.clone();
        }
        let mask = Mask::new(self.drawn(alpha), alpha, transform).map(Rc::new);
        masks.push(Made {
            alpha: bits,
            turn,
            mask: mask.clone(),
        });
        mask
    }
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
            masks: RefCell::default(),
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
        masks: RefCell::default(),
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

impl<DB: Backend> Drawable<DB> for Stamp<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        area: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.stamp(self, at, area),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::charts::canvas::Canvas;
    use crate::output::charts::glyphs::Faces;
    use crate::output::charts::spans::Spans;
    use crate::output::charts::theme::{self, INK, PAPER};
    use plotters::coord::Shift;
    use plotters::drawing::DrawingArea;
    use plotters::prelude::{BitMapBackend, IntoDrawingArea};
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters::style::{Color, FontStyle, RGBAColor};

    const W: u32 = 120;
    const H: u32 = 80;

    /// How a glyph reaches the pixels.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Way {
        /// Plotters' own text renderer, on its bitmap.
        Plotters,
        /// A cached stamp, pixel by pixel on plotters' bitmap.
        Pixels,
        /// A cached stamp, as a mask on the canvas.
        Mask,
    }

    /// Paper with a grey grid, then `draw` on the drawing area `[dx, W) × [dy, H)`.
    fn paint<DB: Backend>(
        root: DrawingArea<DB, Shift>,
        (dx, dy): (i32, i32),
        draw: impl Fn(&DrawingArea<DB, Shift>),
    ) {
        root.fill(&PAPER).unwrap();
        for x in (0..W as i32).step_by(7) {
            root.draw(&plotters::element::PathElement::new(
                vec![(x, 0), (x, H as i32)],
                theme::GRID,
            ))
            .unwrap();
        }
        let area = root
            .clone()
            .shrink((dx, dy), (W - dx as u32, H - dy as u32));
        draw(&area);
        root.present().unwrap();
    }

    /// Character `c` of `face` at size 33 in `colour`, turned by `turn`, anchored at `at` in
    /// the area that starts at `offset`, drawn `way`.
    fn draw(
        way: Way,
        c: char,
        colour: RGBAColor,
        turn: &FontTransform,
        at: (i32, i32),
        offset: (i32, i32),
    ) -> Vec<u8> {
        let face = &Faces::bundled().expect("fonts").chain(false)[0];
        let mut buf = vec![0u8; (W * H * 3) as usize];
        let mut spans = Spans::new((W, H));
        let style = theme::font(33.0, FontStyle::Normal)
            .color(&colour)
            .pos(Pos::new(HPos::Left, VPos::Top))
            .transform(turn.clone());
        let r = raster(
            face,
            GlyphKey::new(face, face.glyph(c).expect("glyph"), 33.0),
        );
        let stamp = Stamp {
            raster: &r,
            at,
            color: colour.to_backend_color(),
            transform: turn,
        };
        match way {
            Way::Plotters => paint(
                BitMapBackend::with_buffer(&mut buf, (W, H)).into_drawing_area(),
                offset,
                |a| a.draw_text(&c.to_string(), &style, at).unwrap(),
            ),
            Way::Pixels => paint(
                BitMapBackend::with_buffer(&mut buf, (W, H)).into_drawing_area(),
                offset,
                |a| a.draw(&stamp).unwrap(),
            ),
            Way::Mask => paint(
                Canvas::new(&mut buf, (W, H), &mut spans).into_drawing_area(),
                offset,
                |a| a.draw(&stamp).unwrap(),
            ),
        }
        buf
    }

    /// A cached glyph stamped on a grey grid leaves the same pixels as plotters' own text
    /// renderer drawing that one character there, opaque or translucent (faint pixels skipped),
    /// whether stamped pixel by pixel or as a mask on the canvas.
    #[test]
    fn stamps_are_plotters_own_pixels() {
        theme::ensure_fonts().expect("fonts");
        let face = &Faces::bundled().expect("fonts").chain(false)[0];
        let none = FontTransform::None;
        for c in ['A', 'g', '%', 'W'] {
            for colour in [INK.mix(1.0), INK.mix(0.5), INK.mix(0.02), PAPER.mix(0.9)] {
                let plotters = draw(Way::Plotters, c, colour, &none, (9, 11), (0, 0));
                for way in [Way::Pixels, Way::Mask] {
                    let stamped = draw(way, c, colour, &none, (9, 11), (0, 0));
                    assert!(stamped == plotters, "{c} {colour:?} {way:?}");
                }
            }
            let faint = raster(face, GlyphKey::new(face, face.glyph(c).unwrap(), 33.0));
            assert!(0 < faint.strong && faint.strong < faint.pixels.len(), "{c}");
        }
    }

    /// Masks turned every way, cut by the canvas's and the drawing area's edges, in colours
    /// whose opacity hits every kind of blend code: the pixels of the stamp drawn pixel by pixel.
    #[test]
    fn masks_are_the_pixel_by_pixel_stamps() {
        theme::ensure_fonts().expect("fonts");
        let turns = [
            FontTransform::None,
            FontTransform::Rotate90,
            FontTransform::Rotate180,
            FontTransform::Rotate270,
        ];
        let places = [(9, 11), (-12, -9), (100, 60), (50, 40), (112, -20)];
        for c in ['Q', 'j', '@'] {
            for colour in [INK.mix(1.0), INK.mix(0.999), INK.mix(0.37), INK.mix(0.004)] {
                for turn in &turns {
                    for at in places {
                        for offset in [(0, 0), (20, 15)] {
                            let mask = draw(Way::Mask, c, colour, turn, at, offset);
                            let pixels = draw(Way::Pixels, c, colour, turn, at, offset);
                            assert!(mask == pixels, "{c} {colour:?} {at:?} {offset:?}");
                        }
                    }
                }
            }
        }
    }

    /// Every blend code of a glyph comes from the canvas's `draw_pixel` rules.
    #[test]
    fn codes_follow_the_canvas_blend() {
        use super::super::mask::code;
        assert_eq!(code(1.0, 1.0), 256);
        assert_eq!(code(1.0, 255.0 / 256.0), 256);
        assert_eq!(code(1.0, 254.9 / 256.0), 254);
        assert_eq!(code(0.5, 0.5), 64);
        assert_eq!(code(1.0, 0.9 / 256.0), 0);
        assert_eq!(code(1.0, 0.0), 0);
    }
}
