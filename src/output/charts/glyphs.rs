//! Left side bearings of the bundled fonts, read from their TrueType `cmap` and `hmtx` tables.
//!
//! plotters 0.3.7 draws `ab_glyph` text by placing each glyph's ink at the pen position, dropping
//! the glyph's left side bearing (`px_bounds().min.x`). Narrow glyphs with wide bearings then
//! hug their left neighbour ("38.9%" reads "38. 9%"). [`super::text`] puts each glyph back by its
//! bearing, which this module provides. See the OpenType spec, tables `cmap` (format 4) and `hmtx`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::theme;

/// Advance width and left side bearing of every character in the font's BMP cmap, in font units.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    glyphs: HashMap<char, (u16, i16)>,
}

impl Metrics {
    /// Metrics of the bundled regular (`bold == false`) or bold font; empty if it cannot be read.
    pub(crate) fn bundled(bold: bool) -> &'static Metrics {
        static REGULAR: OnceLock<Metrics> = OnceLock::new();
        static BOLD: OnceLock<Metrics> = OnceLock::new();
        if bold {
            BOLD.get_or_init(|| Metrics::parse(theme::BOLD_TTF).unwrap_or_default())
        } else {
            REGULAR.get_or_init(|| Metrics::parse(theme::REGULAR_TTF).unwrap_or_default())
        }
    }

    /// Left side bearing of `c` in font units (0 if unknown).
    pub(crate) fn lsb(&self, c: char) -> i16 {
        self.glyphs.get(&c).map_or(0, |g| g.1)
    }

    /// Advance width of `c` in font units (0 if unknown).
    pub(crate) fn advance(&self, c: char) -> u16 {
        self.glyphs.get(&c).map_or(0, |g| g.0)
    }

    /// Reads a TrueType font; `None` if a table is missing or malformed.
    fn parse(font: &[u8]) -> Option<Metrics> {
        let hhea = table(font, b"hhea")?;
        let hmtx = table(font, b"hmtx")?;
        let long_metrics = usize::from(u16_at(hhea, 34)?).max(1);
        let metric = |g: u16| -> Option<(u16, i16)> {
            let g = usize::from(g);
            let last = long_metrics - 1;
            let advance = u16_at(hmtx, 4 * g.min(last))?;
            let lsb_at = if g < long_metrics {
                4 * g + 2
            } else {
                4 * long_metrics + 2 * (g - long_metrics)
            };
            Some((advance, u16_at(hmtx, lsb_at)? as i16))
        };
        let mut glyphs = HashMap::new();
        for (c, g) in cmap_format4(font)? {
            glyphs.insert(c, metric(g)?);
        }
        Some(Metrics { glyphs })
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The table `tag` of a TrueType font.
fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count).find_map(|i| {
        let record = 12 + 16 * i;
        if font.get(record..record + 4)? != tag {
            return None;
        }
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        font.get(offset..offset.checked_add(length)?)
    })
}

/// (character, glyph id) pairs of the Windows Unicode BMP cmap subtable (platform 3, encoding 1).
fn cmap_format4(font: &[u8]) -> Option<Vec<(char, u16)>> {
    let cmap = table(font, b"cmap")?;
    let sub = (0..usize::from(u16_at(cmap, 2)?)).find_map(|i| {
        let record = 4 + 8 * i;
        let windows_bmp = u16_at(cmap, record)? == 3 && u16_at(cmap, record + 2)? == 1;
        windows_bmp.then(|| cmap.get(u32_at(cmap, record + 4)? as usize..))?
    })?;
    if u16_at(sub, 0)? != 4 {
        return None;
    }
    let seg_x2 = usize::from(u16_at(sub, 6)?);
    let (ends, starts, deltas, ranges) = (14, 16 + seg_x2, 16 + 2 * seg_x2, 16 + 3 * seg_x2);
    let mut pairs = Vec::new();
    for seg in (0..seg_x2).step_by(2) {
        let (end, start) = (u16_at(sub, ends + seg)?, u16_at(sub, starts + seg)?);
        let (delta, range) = (u16_at(sub, deltas + seg)?, u16_at(sub, ranges + seg)?);
        for code in start..=end.min(0xFFFE) {
            let glyph = if range == 0 {
                code.wrapping_add(delta)
            } else {
                let at = ranges + seg + usize::from(range) + 2 * usize::from(code - start);
                match u16_at(sub, at)? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            if let (Some(c), true) = (char::from_u32(u32::from(code)), glyph != 0) {
                pairs.push((c, glyph));
            }
        }
    }
    Some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_have_latin_metrics() {
        for bold in [false, true] {
            let m = Metrics::bundled(bold);
            // Liberation Sans is metric-compatible with Arial: digits are 1139 units wide.
            assert_eq!(m.advance('0'), 1139, "bold = {bold}");
            assert!(
                m.lsb('.') > 100,
                "the period sits right of its pen position"
            );
            assert!(m.advance('≥') > 0 && m.advance('±') > 0 && m.advance('·') > 0);
        }
        assert_eq!(Metrics::default().lsb('x'), 0);
    }
}
