//! Which bundled font draws each character, and where: per-character font fallback and layout.
//!
//! Every character is looked up in a chain of bundled faces (see [`super::theme`]): Liberation Sans
//! first (Latin, Greek, Cyrillic, Hebrew), then Shellcount CJK (Hangul, kana, common Han, CJK
//! symbols). Bold text looks in the bold faces, then in Shellcount CJK Regular drawn heavier (the
//! bold subset leaves out Han). A character no face has is drawn as the replacement character's
//! look (�, a diamond with a question mark), never as a font's `.notdef` box; invisible ones
//! (zero-width joiners, variation selectors) take no room. No system fonts are used, so a chart
//! looks the same on every machine.
//!
//! Fallback faces are scaled so that their em matches Liberation's: plotters' `ab_glyph` renderer
//! sizes fonts by ascent − descent, which differ between fonts. Positions are in pixels at
//! plotters' font size `px`; [`super::text`] draws the result.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, ScaleFont};
use plotters::style::FontStyle;
use unicode_width::UnicodeWidthChar;

use super::theme;

/// What a character that no bundled face has is drawn as: U+FFFD's look, a diamond (U+25C6, from
/// the CJK face) with a question mark knocked out of it in the background colour. (No bundled
/// face has U+FFFD itself.)
pub(crate) const DIAMOND: char = '\u{25C6}';

/// One bundled face in a fallback chain.
pub(crate) struct Face {
    font: FontRef<'static>,
    /// The family name the face is registered under with plotters (tests check which face
    /// draws a character by it; bitmaps draw from [`super::raster`]'s cache, not by name).
    #[cfg(test)]
    pub(crate) family: &'static str,
    /// The style it is registered under.
    #[cfg(test)]
    pub(crate) style: FontStyle,
    /// Font size for this face per unit of the chain's size (1 for the first face).
    pub(crate) size_ratio: f64,
    /// Whether to draw it heavier (a regular face standing in for a bold one).
    pub(crate) synthetic_bold: bool,
}

impl Face {
    /// The face's glyph for `c`, if it has one (glyph 0 is `.notdef`).
    pub(crate) fn glyph(&self, c: char) -> Option<GlyphId> {
        let id = self.font.glyph_id(c);
        (id.0 != 0).then_some(id)
    }

    /// Whether the face has a glyph for `c`.
    #[cfg(test)]
    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The outline of glyph `key` (scaled to its size), if it has ink.
    pub(crate) fn outline(&self, key: GlyphKey) -> Option<ab_glyph::OutlinedGlyph> {
        let px = key.px() as f32;
        self.font.as_scaled(px).outline_glyph(key.id.with_scale(px))
    }

    /// Ink box of glyph `id` at font size `px`, in whole pixels from the pen on the baseline
    /// (y down): (left, top, right, bottom). `None` for a glyph without ink.
    pub(crate) fn ink(&self, id: GlyphId, px: f64) -> Option<(i32, i32, i32, i32)> {
        let scaled = self.font.as_scaled(px as f32);
        let b = scaled.outline_glyph(id.with_scale(px as f32))?.px_bounds();
        Some((
            b.min.x as i32,
            b.min.y as i32,
            b.max.x as i32,
            b.max.y as i32,
        ))
    }
}

/// A glyph of one face at one size: what a rasterised glyph is cached under (faces are
/// `'static`, so the face's address names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct GlyphKey {
    face: usize,
    id: GlyphId,
    px_bits: u64,
}

impl GlyphKey {
    /// Glyph `id` of `face` at font size `px`.
    pub(crate) fn new(face: &Face, id: GlyphId, px: f64) -> GlyphKey {
        GlyphKey {
            face: std::ptr::from_ref(face) as usize,
            id,
            px_bits: px.to_bits(),
        }
    }

    /// The font size.
    pub(crate) fn px(self) -> f64 {
        f64::from_bits(self.px_bits)
    }
}

/// The regular and bold fallback chains.
pub(crate) struct Faces {
    regular: Vec<Face>,
    bold: Vec<Face>,
}

impl Faces {
    /// The bundled chains; `None` if a bundled font cannot be read (a build problem).
    pub(crate) fn bundled() -> Option<&'static Faces> {
        static FACES: OnceLock<Option<Faces>> = OnceLock::new();
        FACES.get_or_init(Faces::load).as_ref()
    }

    fn load() -> Option<Faces> {
        let font = |bytes: &'static [u8]| FontRef::try_from_slice(bytes).ok();
        let (latin, latin_bold) = (font(theme::REGULAR_TTF)?, font(theme::BOLD_TTF)?);
        let (cjk, cjk_bold) = (font(theme::CJK_REGULAR_OTF)?, font(theme::CJK_BOLD_OTF)?);
        let em = |f: &FontRef<'static>| -> Option<f64> {
            let (units, height) = (f64::from(f.units_per_em()?), f64::from(f.height_unscaled()));
            (height > 0.0).then(|| units / height)
        };
        let (em_latin, em_latin_bold) = (em(&latin)?, em(&latin_bold)?);
        let ratio = |f: &FontRef<'static>, base: f64| em(f).map(|e| base / e);
        #[cfg_attr(not(test), allow(unused_variables))]
        let face =
            |font, family: &'static str, style: FontStyle, size_ratio, synthetic_bold| Face {
                font,
                #[cfg(test)]
                family,
                #[cfg(test)]
                style,
                size_ratio,
                synthetic_bold,
            };
        let (normal, bold) = (FontStyle::Normal, FontStyle::Bold);
        let cjk_ratio = ratio(&cjk, em_latin)?;
        let cjk_ratio_in_bold = ratio(&cjk, em_latin_bold)?;
        let cjk_bold_ratio = ratio(&cjk_bold, em_latin_bold)?;
        Some(Faces {
            regular: vec![
                face(latin, theme::FAMILY, normal, 1.0, false),
                face(cjk.clone(), theme::CJK_FAMILY, normal, cjk_ratio, false),
            ],
            bold: vec![
                face(latin_bold, theme::FAMILY, bold, 1.0, false),
                face(cjk_bold, theme::CJK_FAMILY, bold, cjk_bold_ratio, false),
                face(cjk, theme::CJK_FAMILY, normal, cjk_ratio_in_bold, true),
            ],
        })
    }

    /// The chain for `bold` or regular text.
    pub(crate) fn chain(&self, bold: bool) -> &[Face] {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Lays out `text` at plotters' font size `px` in the `bold` or regular chain.
    pub(crate) fn layout(&self, text: &str, px: f64, bold: bool) -> Line<'_> {
        let chain = self.chain(bold);
        let first = |c: char| {
            chain
                .iter()
                .enumerate()
                .find_map(|(i, f)| f.glyph(c).map(|g| (i, g)))
        };
        let mut glyphs = Vec::new();
        let mut pen = 0.0_f64;
        let mut previous: Option<(usize, GlyphId)> = None;
        for c in text.chars() {
            let (shown, replaced, (index, id)) = match first(c) {
                Some(hit) => (c, false, hit),
                None if c.is_whitespace() => match first(' ') {
                    Some(hit) => (' ', false, hit),
                    None => continue,
                },
                None if c.width().unwrap_or(0) == 0 => continue,
                None => match first(DIAMOND) {
                    Some(hit) => (DIAMOND, true, hit),
                    None => match first('?') {
                        Some(hit) => ('?', true, hit),
                        None => continue,
                    },
                },
            };
            let face = &chain[index];
            let size = px * face.size_ratio;
            let scaled = face.font.as_scaled(size as f32);
            if let Some((_, before)) = previous.filter(|(i, _)| *i == index) {
                pen += f64::from(scaled.kern(before, id));
            }
            if !shown.is_whitespace() {
                glyphs.push(Placed {
                    c: shown,
                    id,
                    face,
                    px: size,
                    pen,
                    replaced,
                });
            }
            pen += f64::from(scaled.h_advance(id));
            previous = Some((index, id));
        }
        Line { glyphs, width: pen }
    }

    /// The question mark to knock out of `g` if it is a replacement diamond.
    pub(crate) fn knockout(&self, g: &Placed<'_>) -> Option<Knockout<'_>> {
        if !g.replaced || g.c != DIAMOND {
            return None;
        }
        let (dl, dt, dr, db) = g.face.ink(g.id, g.px)?;
        let px = g.px;
        let face = self.bold.first()?;
        let id = face.glyph('?')?;
        // The question mark's ink is about half the diamond's height.
        let (_, t, _, b) = face.ink(id, 100.0)?;
        let q_px = 100.0 * 0.5 * f64::from(db - dt) / f64::from((b - t).max(1));
        let (ql, qt, qr, qb) = face.ink(id, q_px)?;
        // Plotters draws a glyph's ink from its pen (bearing dropped) with the ink top at
        // `size / 2 + top` below its anchor: centre the mark's ink on the diamond's.
        let dx = ((dr - dl) - (qr - ql)) / 2;
        let centre = px / 2.0 + f64::from(dt + db) / 2.0;
        let dy = (centre - q_px / 2.0 - f64::from(qt + qb) / 2.0).round() as i32;
        Some(Knockout {
            face,
            px: q_px,
            dx,
            dy,
        })
    }
}

/// A question mark drawn over a replacement diamond, in the background colour.
pub(crate) struct Knockout<'f> {
    /// The face of the question mark (the first bold face).
    pub(crate) face: &'f Face,
    /// Its font size.
    pub(crate) px: f64,
    /// Its drawing position relative to the diamond's (pen plus bearing, and the line's top).
    pub(crate) dx: i32,
    /// Vertical offset, likewise.
    pub(crate) dy: i32,
}

/// One character placed on a line.
pub(crate) struct Placed<'f> {
    /// The character drawn: the text's own, or [`DIAMOND`] for one that no face has.
    pub(crate) c: char,
    /// Its glyph in `face`.
    id: GlyphId,
    /// The face that draws it.
    pub(crate) face: &'f Face,
    /// Font size for this face, in plotters' units.
    pub(crate) px: f64,
    /// Pen position from the line's start, in pixels.
    pub(crate) pen: f64,
    /// Whether it stands for a character that no bundled face has.
    pub(crate) replaced: bool,
}

impl Placed<'_> {
    /// The cache key of the glyph drawn.
    pub(crate) fn key(&self) -> GlyphKey {
        GlyphKey::new(self.face, self.id, self.px)
    }

    /// Where the glyph's ink starts relative to the pen (its left side bearing), whole pixels.
    #[cfg(test)]
    pub(crate) fn bearing(&self) -> i32 {
        self.face.ink(self.id, self.px).map_or(0, |i| i.0)
    }

    /// Its ink box, as [`Face::ink`].
    #[cfg(test)]
    pub(crate) fn ink(&self) -> Option<(i32, i32, i32, i32)> {
        self.face.ink(self.id, self.px)
    }
}

/// A laid-out line of text.
pub(crate) struct Line<'f> {
    /// Visible characters with their faces and positions (spaces are left out).
    pub(crate) glyphs: Vec<Placed<'f>>,
    /// Advance width of the whole line, in pixels.
    pub(crate) width: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces() -> &'static Faces {
        Faces::bundled().expect("bundled fonts load")
    }

    /// The face index of each visible character of `text`, and the characters drawn.
    fn faces_of(text: &str, bold: bool) -> (Vec<&'static str>, String) {
        let line = faces().layout(text, 30.0, bold);
        let families = line.glyphs.iter().map(|g| g.face.family).collect();
        (families, line.glyphs.iter().map(|g| g.c).collect())
    }

    #[test]
    fn latin_metrics_are_liberation_sans() {
        for bold in [false, true] {
            let first = &faces().chain(bold)[0];
            assert_eq!(first.family, theme::FAMILY);
            // Liberation Sans is metric-compatible with Arial: digits are 1139 of 2048 units wide.
            let line = faces().layout("0000000000", 2288.0 / 2048.0 * 100.0, bold);
            assert!(
                (line.width - 10.0 * 1139.0 / 20.48).abs() < 0.5,
                "{}",
                line.width
            );
            // The period's ink sits right of its pen position; plotters would drop that.
            let dot = faces().layout(".", 100.0, bold);
            assert!(dot.glyphs[0].bearing() > 5, "{}", dot.glyphs[0].bearing());
        }
    }

    #[test]
    fn korean_and_cyrillic_titles_have_a_real_glyph_for_every_character() {
        let title =
            "대한민국 국방부: 포탄 300만 발 — Міністерство оборони України, «снаряди» ≥ 1 млн";
        for bold in [false, true] {
            let line = faces().layout(title, 30.0, bold);
            let visible = title.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(line.glyphs.len(), visible, "bold = {bold}");
            for g in &line.glyphs {
                assert!(
                    g.face.has(g.c),
                    "{:?} has no glyph in {}",
                    g.c,
                    g.face.family
                );
                assert!(!g.replaced, "bold = {bold}");
            }
            let (families, drawn) = faces_of(title, bold);
            assert_eq!(drawn, title.replace(' ', ""));
            for (family, c) in families.iter().zip(drawn.chars()) {
                let hangul = ('\u{AC00}'..='\u{D7A3}').contains(&c);
                let expected = if hangul {
                    theme::CJK_FAMILY
                } else {
                    theme::FAMILY
                };
                assert_eq!(*family, expected, "{c:?} (bold = {bold})");
            }
        }
        // Liberation Sans alone would draw every Hangul syllable as its .notdef box.
        assert!(!faces().chain(false)[0].has('한'));
        assert!(faces().chain(false)[0].has('Ї') && faces().chain(false)[0].has('ґ'));
    }

    #[test]
    fn kana_and_han_render_and_bold_han_is_regular_made_heavier() {
        let (families, drawn) = faces_of("東京 とうきょう 北京 弹药 彈藥", true);
        assert!(!drawn.contains(DIAMOND), "{drawn}");
        let line = faces().layout("弹药 とう", 30.0, true);
        assert!(line.glyphs[0].face.synthetic_bold && line.glyphs[1].face.synthetic_bold);
        assert!(matches!(line.glyphs[0].face.style, FontStyle::Normal));
        assert!(
            !line.glyphs[2].face.synthetic_bold,
            "kana is in the bold subset"
        );
        assert!(families.iter().all(|f| *f == theme::CJK_FAMILY));
    }

    #[test]
    fn characters_no_font_has_become_a_visible_replacement_not_a_box() {
        // Arabic, Devanagari, Thai and an emoji are in no bundled font.
        let text = "ذخيرة गोला กระสุน 💣 ok";
        for bold in [false, true] {
            let line = faces().layout(text, 20.0, bold);
            let drawn: String = line.glyphs.iter().map(|g| g.c).collect();
            let replaced = line.glyphs.iter().filter(|g| g.replaced).count();
            let missing = text
                .chars()
                .filter(|c| !c.is_whitespace() && c.width() != Some(0))
                .count()
                - 2;
            assert_eq!(replaced, missing, "{drawn}");
            assert_eq!(drawn.matches(DIAMOND).count(), missing, "{drawn}");
            for g in line.glyphs.iter().filter(|g| g.replaced) {
                let mark = faces().knockout(g).expect("a question mark in the diamond");
                assert!(
                    mark.face.has('?') && mark.px > 5.0 && mark.px < 20.0,
                    "{}",
                    mark.px
                );
            }
            assert!(drawn.ends_with("ok"));
            for g in &line.glyphs {
                assert!(g.face.has(g.c), "{:?} would be drawn as .notdef", g.c);
            }
        }
        // Invisible characters take no room and draw nothing.
        let plain = faces().layout("ab", 20.0, false).width;
        let joined = faces().layout("a\u{200D}b\u{FE0F}", 20.0, false);
        assert!(joined.glyphs.iter().all(|g| !g.replaced));
        assert_eq!(
            joined
                .glyphs
                .iter()
                .filter(|g| g.c.width() == Some(1))
                .count(),
            2
        );
        assert!((joined.width - plain).abs() < 1e-9);
    }

    #[test]
    fn fallback_glyphs_are_sized_to_the_same_em() {
        let px = 2288.0 / 2048.0 * 100.0; // a 100 px em in Liberation Sans
                                          // Hangul syllables are 920 of 1000 units wide in Noto Sans CJK KR.
        let line = faces().layout("한국어", px, false);
        assert!((line.width - 276.0).abs() < 1.0, "{}", line.width);
        // The first ideograph is a full em wide (1000 units).
        let han = faces().layout("一", px, false);
        assert!((han.width - 100.0).abs() < 0.5, "{}", han.width);
        // Mixed text is as wide as its parts.
        let mixed = faces().layout("ab한국어", px, false).width;
        let ab = faces().layout("ab", px, false).width;
        assert!((mixed - ab - line.width).abs() < 1e-6);
    }
}
