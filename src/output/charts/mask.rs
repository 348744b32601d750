//! A glyph's coverage mask, ready to stamp: each pixel's blend worked out once per glyph, colour
//! opacity and rotation, and stamped into an RGB buffer row by row.
//!
//! Plotters draws a glyph pixel of coverage `c` in a colour of opacity `α` as `draw_pixel` with
//! opacity `α · c`, which the bitmap turns into one of three things; the mask stores which:
//!
//! ```text
//! code 0        α · c ≤ 0, or ⌊256 · α · c⌋ = 0   the pixel is left as it is
//! code 1..=254  ⌊256 · α · c⌋                     each channel moved code / 256 of the way
//! code 256      α · c ≥ 255 / 256                 the pixel takes the colour
//! ```
//!
//! so stamping a mask gives the bitmap's bytes without a call, a float or a bounds check per pixel.

use plotters::style::FontTransform;

/// The code of a pixel that takes the colour outright.
const OPAQUE: u16 = 256;

/// A glyph's pixels, in a box, as blend codes (see the module docs).
pub(crate) struct Mask {
    /// The box's top-left corner relative to the glyph's anchor (after rotation).
    x0: i32,
    y0: i32,
    /// The box's width.
    width: usize,
    /// Per row of the box, the columns from its first to past its last nonzero code.
    rows: Vec<(u16, u16)>,
    /// The codes, row by row (`width` a row).
    codes: Vec<u16>,
}

/// The blend code of a glyph pixel of coverage `c` in a colour of opacity `alpha`: as the
/// canvas's `draw_pixel` treats opacity `alpha · c`.
pub(crate) fn code(alpha: f64, c: f32) -> u16 {
    let a = alpha * f64::from(c);
    if a >= 1.0 - 1.0 / 256.0 {
        OPAQUE
    } else if a > 0.0 {
        // Below 255 / 256, so ⌊256 a⌋ ≤ 254.
        (a * 256.0) as u16
    } else {
        0
    }
}

impl Mask {
    /// The mask of glyph `pixels` (offsets from the anchor and coverage) in a colour of opacity
    /// `alpha`, turned by `transform`; `None` when two drawn pixels fall on one place (the
    /// order of their blends would matter, so they are left to the pixel-by-pixel path).
    pub(crate) fn new(
        pixels: &[(i32, i32, f32)],
        alpha: f64,
        transform: &FontTransform,
    ) -> Option<Mask> {
        let drawn: Vec<(i32, i32, u16)> = pixels
            .iter()
            .map(|&(x, y, c)| {
                let (dx, dy) = transform.transform(x, y);
                (dx, dy, code(alpha, c))
            })
            .filter(|p| p.2 != 0)
            .collect();
        let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        for &(x, y, _) in &drawn {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        if drawn.is_empty() {
            return Some(Mask {
                x0: 0,
                y0: 0,
                width: 0,
                rows: Vec::new(),
                codes: Vec::new(),
            });
        }
        let width = (x1 - x0 + 1) as usize;
        let height = (y1 - y0 + 1) as usize;
        u16::try_from(width).ok()?;
        let mut codes = vec![0u16; width * height];
        for &(x, y, k) in &drawn {
            let at = (y - y0) as usize * width + (x - x0) as usize;
            if codes[at] != 0 {
                return None;
            }
            codes[at] = k;
        }
        let rows = codes
            .chunks(width)
            .map(|row| {
                let first = row.iter().position(|&k| k != 0).unwrap_or(0);
                let end = row.iter().rposition(|&k| k != 0).map_or(first, |i| i + 1);
                (first as u16, end as u16)
            })
            .collect();
        Some(Mask {
            x0,
            y0,
            width,
            rows,
            codes,
        })
    }

    /// The columns and rows `[first, end)` of the mask's box when anchored at `(x, y)`.
    pub(crate) fn bounds(&self, (x, y): (i32, i32)) -> ((i32, i32), (i32, i32)) {
        let (left, top) = (x + self.x0, y + self.y0);
        (
            (left, left + self.width as i32),
            (top, top + self.rows.len() as i32),
        )
    }

    /// Stamps the mask in colour `on.colour` with its anchor at `(x, y)` into `buf` (3 bytes a
    /// pixel, `stride` pixels a row), leaving out pixels outside `[0, w) × [0, h)`; a pixel
    /// that is paper takes its blend from `on` (the same bytes, looked up).
    pub(crate) fn stamp(
        &self,
        buf: &mut [u8],
        stride: usize,
        (w, h): (i32, i32),
        (x, y): (i32, i32),
        on: &OnPaper,
    ) {
        let row_bytes = stride * 3;
        for (r, &(first, end)) in self.rows.iter().enumerate() {
            let py = y + self.y0 + r as i32;
            if py < 0 || py >= h || first == end {
                continue;
            }
            let left = x + self.x0;
            let a = (left + i32::from(first)).max(0);
            let b = (left + i32::from(end)).min(w);
            if a >= b {
                continue;
            }
            let codes = &self.codes[r * self.width..][(a - left) as usize..(b - left) as usize];
            let at = py as usize * row_bytes + a as usize * 3;
            let out = &mut buf[at..at + codes.len() * 3];
            for (px, &k) in out.chunks_exact_mut(3).zip(codes) {
                if *px == on.paper {
                    px.copy_from_slice(&on.blends[usize::from(k.min(OPAQUE))]);
                } else {
                    for (p, new) in px.iter_mut().zip(on.colour) {
                        *p = over(*p, new, k);
                    }
                }
            }
        }
    }
}

/// A colour's blend over paper for every code: most glyph pixels fall on paper, where a look-up
/// replaces three blends.
pub(crate) struct OnPaper {
    paper: [u8; 3],
    colour: [u8; 3],
    blends: [[u8; 3]; OPAQUE as usize + 1],
}

impl OnPaper {
    /// The blends of `colour` over `paper`.
    pub(crate) fn new(paper: [u8; 3], colour: [u8; 3]) -> OnPaper {
        let mut blends = [[0; 3]; OPAQUE as usize + 1];
        for (k, b) in blends.iter_mut().enumerate() {
            for c in 0..3 {
                b[c] = over(paper[c], colour[c], k as u16);
            }
        }
        OnPaper {
            paper,
            colour,
            blends,
        }
    }

    /// The colour stamped.
    pub(crate) fn colour(&self) -> [u8; 3] {
        self.colour
    }
}

/// Channel `prev` with `new` blended over it by code `k` (module docs), without a branch: moved
/// ⌊|new − prev| · k / 256⌋ towards `new`, which is [`blend`] for codes below 256, the colour
/// itself for 256 and nothing for 0.
#[inline(always)]
fn over(prev: u8, new: u8, k: u16) -> u8 {
    let d = i32::from(new) - i32::from(prev);
    let m = (d.abs() * i32::from(k)) >> 8;
    (i32::from(prev) + if d < 0 { -m } else { m }) as u8
}

/// Plotters' blend of one channel: `new` over `prev` by `a` / 256.
#[inline(always)]
pub(crate) fn blend(prev: &mut u8, new: u8, a: u16) {
    let a = u32::from(a);
    if new > *prev {
        *prev += (u32::from(new - *prev) * a / 256) as u8;
    } else {
        *prev -= (u32::from(*prev - new) * a / 256) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The branch-free blend is the bitmap's for every code, channel and colour.
    #[test]
    fn over_is_the_blend_and_its_ends() {
        for prev in 0..=255u8 {
            for new in 0..=255u8 {
                assert_eq!(over(prev, new, 0), prev);
                assert_eq!(over(prev, new, OPAQUE), new);
                for k in 1..=254u16 {
                    let mut p = prev;
                    blend(&mut p, new, k);
                    assert_eq!(over(prev, new, k), p, "{prev} {new} {k}");
                }
            }
        }
    }
}
