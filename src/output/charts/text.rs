//! Drawing and measuring text so that it looks right in both formats, in any script.
//!
//! SVG text is laid out by the viewer, so strings go to the backend whole. In bitmaps every glyph
//! is placed by hand ([`Glyphs::Placed`]): [`super::glyphs`] picks a bundled face per character
//! (so Hangul or Han never meet Liberation Sans' `.notdef` box) and computes pen positions; each
//! glyph is then drawn as plotters' `ab_glyph` renderer draws it in its face (rasterised once
//! per face and size by [`super::raster`]), moved right by its left side bearing (which plotters
//! drops) and down so that all faces share one baseline. Measuring
//! ([`size`]) uses the same layout for both formats. Anchors and rotations behave as in plotters.

use std::error::Error;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, FontStyle, TextStyle};

use super::backend::Backend;
use super::glyphs::{Faces, GlyphKey};
use super::lines;
use super::raster::{self, Stamp};
use super::theme::PAPER;

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
    /// Glyph by glyph, each in the first bundled face that has it (bitmap output).
    Placed,
}

fn faces() -> Result<&'static Faces, DrawError> {
    Faces::bundled().ok_or_else(|| DrawError("the bundled chart fonts cannot be read".into()))
}

fn is_bold(style: &TextStyle) -> bool {
    matches!(style.font.get_style(), FontStyle::Bold)
}

/// Width and height in pixels of `text` set in `style`, as [`Glyphs::Placed`] draws it (the
/// height is plotters' line height, font size / 1.24).
///
/// # Errors
///
/// If the bundled fonts cannot be read (a build problem).
pub(crate) fn size(text: &str, style: &TextStyle) -> Result<(u32, u32), DrawError> {
    let px = style.font.get_size();
    let line = lines::layout(faces()?, text, px, is_bold(style));
    Ok((line.width.round().max(0.0) as u32, (px / 1.24) as u32))
}

impl Glyphs {
    /// Draws `text` in `style` anchored at `pos` (absolute pixels of `root`).
    ///
    /// # Errors
    ///
    /// Plotting and font failures.
    pub(crate) fn draw<DB: Backend>(
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
        let px = style.font.get_size();
        let faces = faces()?;
        let line = lines::layout(faces, text, px, is_bold(style));
        let total = line.width.round() as i32;
        let dx = match style.pos.h_pos {
            HPos::Left => 0,
            HPos::Center => -total / 2,
            HPos::Right => -total,
        };
        // Plotters' vertical anchors, from its line height; glyphs are then drawn top-anchored.
        let height = (px / 1.24) as i32;
        let dy = match style.pos.v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.font.get_transform();
        for g in &line.glyphs {
            // Plotters puts the baseline size / 2 below the pen: align each face's baseline.
            let baseline = ((px - g.px) / 2.0).round() as i32;
            let glyph = raster::raster(g.face, g.key());
            let x = dx + g.pen.round() as i32 + glyph.bearing;
            let strokes = if g.face.synthetic_bold {
                1 + (g.px / 28.0).round().max(1.0) as i32
            } else {
                1
            };
            for extra in 0..strokes {
                let (ox, oy) = transform.transform(x + extra, dy + baseline);
                root.draw(&Stamp {
                    raster: &glyph,
                    at: (pos.0 + ox, pos.1 + oy),
                    color: style.color,
                    transform: &transform,
                })?;
            }
            if let Some(mark) = faces.knockout(g) {
                let Some(id) = mark.face.glyph('?') else {
                    continue;
                };
                let q = raster::raster(mark.face, GlyphKey::new(mark.face, id, mark.px));
                let (ox, oy) = transform.transform(x + mark.dx, dy + baseline + mark.dy);
                root.draw(&Stamp {
                    raster: &q,
                    at: (pos.0 + ox, pos.1 + oy),
                    color: PAPER.to_backend_color(),
                    transform: &transform,
                })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::charts::annotate;
    use crate::output::charts::render::{self, Chart};
    use crate::output::charts::theme::{self, INK, MUTED};
    use plotters::prelude::{BitMapBackend, IntoDrawingArea};
    use plotters::style::text_anchor::Pos;
    use plotters::style::{FontTransform, WHITE};

    const W: u32 = 400;
    const H: u32 = 60;

    /// Renders `text` with `draw` into a small RGB buffer and returns it.
    fn raster(draw: impl Fn(&DrawingArea<BitMapBackend<'_>, Shift>)) -> Vec<u8> {
        theme::ensure_fonts().expect("fonts");
        let mut buf = vec![0u8; (W * H * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buf, (W, H)).into_drawing_area();
            root.fill(&WHITE).unwrap();
            draw(&root);
            root.present().unwrap();
        }
        buf
    }

    /// Columns and rows that hold ink (any pixel darker than mid grey).
    fn ink(buf: &[u8]) -> Option<(u32, u32, u32, u32)> {
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        for y in 0..H {
            for x in 0..W {
                let i = ((y * W + x) * 3) as usize;
                if buf[i] < 128 {
                    let b = bounds.get_or_insert((x, y, x, y));
                    *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
                }
            }
        }
        bounds
    }

    #[test]
    fn hangul_is_drawn_from_the_cjk_face_not_as_a_box() {
        let style = theme::text(40.0, &INK);
        let placed = raster(|root| Glyphs::Placed.draw(root, "한", &style, (10, 5)).unwrap());
        // Plotters alone would draw Liberation Sans' .notdef box for it.
        let boxed = raster(|root| {
            root.draw_text("한", &style, (10, 5)).unwrap();
        });
        let (a, b) = (ink(&placed).expect("ink"), ink(&boxed).expect("ink"));
        assert_ne!(placed, boxed);
        // The syllable is about an em wide (40 / 1.117 px); the box is narrower (0.75 em).
        let em = 40.0 * 2048.0 / 2288.0;
        let width = f64::from(a.2 - a.0 + 1);
        assert!(width > 0.75 * em && width < 1.05 * em, "{width} vs em {em}");
        assert!(f64::from(b.2 - b.0 + 1) < 0.7 * em);
        // One baseline for both faces: the ink bottoms of "H" and "한" differ by as much as their
        // glyphs' bottoms below the baseline do.
        let faces = Faces::bundled().unwrap();
        let bottom = |s: &str| faces.layout(s, 40.0, false).glyphs[0].ink().unwrap().3;
        let latin = raster(|root| Glyphs::Placed.draw(root, "H", &style, (10, 5)).unwrap());
        let hangul = raster(|root| Glyphs::Placed.draw(root, "한", &style, (10, 5)).unwrap());
        let (l, h) = (
            ink(&latin).unwrap().3 as i32,
            ink(&hangul).unwrap().3 as i32,
        );
        let expected = bottom("한") - bottom("H");
        assert!(
            (h - l - expected).abs() <= 1,
            "H bottom {l}, 한 bottom {h}, expected {expected}"
        );
    }

    #[test]
    fn measured_width_matches_the_drawn_ink_for_mixed_scripts() {
        let style = theme::text(24.0, &INK);
        let text = "Минобороны 국방부";
        let (w, _) = size(text, &style).unwrap();
        let drawn = raster(|root| Glyphs::Placed.draw(root, text, &style, (2, 10)).unwrap());
        let (x0, _, x1, _) = ink(&drawn).unwrap();
        let ink_width = x1 - x0 + 1;
        assert!(
            ink_width <= w && w - ink_width < 6,
            "ink {ink_width} px, measured {w} px"
        );
        // Centre-anchored text is centred on its anchor.
        let centred = style.pos(Pos::new(HPos::Center, VPos::Top));
        let drawn = raster(|root| {
            Glyphs::Placed
                .draw(root, text, &centred, (200, 10))
                .unwrap()
        });
        let (x0, _, x1, _) = ink(&drawn).unwrap();
        assert!(((x0 + x1) as i32 / 2 - 200).abs() <= 3, "{x0}..{x1}");
    }

    #[test]
    fn rotated_hangul_is_drawn_upwards() {
        let style = theme::text(20.0, &MUTED)
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let drawn = raster(|root| Glyphs::Placed.draw(root, "발사", &style, (20, 30)).unwrap());
        let (x0, y0, x1, y1) = ink(&drawn).unwrap();
        assert!(
            2 * (y1 - y0) > 3 * (x1 - x0),
            "taller than wide: {x0},{y0}..{x1},{y1}"
        );
    }

    /// A chart with a Korean and Cyrillic title, labels in several scripts and text no font has.
    struct Scripts;

    impl Chart for Scripts {
        fn draw<DB: Backend>(
            &self,
            root: &DrawingArea<DB, Shift>,
            glyphs: Glyphs,
        ) -> Result<(), DrawError> {
            let body = annotate::header(
                root,
                glyphs,
                "대한민국 국방부 포탄 지원 — Міністерство оборони України (弹药)",
                "출처: 국방부 2024-02 · Источник: ГУР МО · 北朝鮮 砲弾 · ذخيرة (no font: �)",
            )?;
            let (w, _) = body.dim_in_pixel();
            let label = theme::text(theme::LABEL_PX, &INK);
            let bold = theme::bold(theme::LABEL_PX, &INK);
            let lines = [
                ("152 mm 포탄 선적량: 300만 발 이상", &label),
                ("Снаряды 152 мм: не менее 1 млн", &label),
                ("컨테이너 6,700개 · 東京 · Ελληνικά", &bold),
                ("Right-anchored 한국어 ≥ 74.6%", &label),
            ];
            for (i, (text, style)) in lines.iter().enumerate() {
                let y = 130 + 60 * i as i32;
                if i == 3 {
                    let right = style.pos(Pos::new(HPos::Right, VPos::Top));
                    glyphs.draw(root, text, &right, (w as i32 - 40, y))?;
                } else {
                    glyphs.draw(root, text, style, (60, y))?;
                }
            }
            let y_desc = theme::text(theme::LABEL_PX, &MUTED)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Top));
            glyphs.draw(root, "확률 (вероятность)", &y_desc, (20, 400))?;
            Ok(())
        }
    }

    #[test]
    fn a_chart_in_korean_and_cyrillic_renders_to_png_and_svg() {
        let keep = std::env::var_os("SHELLCOUNT_KEEP_CHARTS").map(std::path::PathBuf::from);
        let tmp = tempfile::tempdir().unwrap();
        let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
        std::fs::create_dir_all(&dir).unwrap();
        render::render(&Scripts, &dir, "scripts").unwrap();
        let png = std::fs::read(dir.join("scripts.png")).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let svg = std::fs::read_to_string(dir.join("scripts.svg")).unwrap();
        // The SVG carries the text itself and a family list a viewer can fall back through.
        assert!(svg.contains("대한민국 국방부 포탄 지원 — Міністерство оборони України"));
        assert!(svg.contains("Снаряды 152 мм"));
        assert!(svg
            .contains("font-family=\"Liberation Sans, Arimo, Arial, Helvetica, Noto Sans CJK KR,"));
        assert!(svg.contains("Malgun Gothic") && svg.contains("sans-serif\""));
    }
}
