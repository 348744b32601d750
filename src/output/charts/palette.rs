//! The palette scan of a drawn chart: its colours in order of first use and each pixel's index
//! into them, told row by row to a [`Rows`] (the PNG encoder's Up-filtered stream, or an index
//! image in the tests), or `None` past [`MAX_COLOURS`].
//!
//! Cheap on charts, where most pixels repeat the one above or the one before: outside the
//! spans of a row and the row above, both are paper and the indices above are kept; inside,
//! a stretch equal to the one above keeps its indices, as does each block of 8 pixels equal to
//! the 8 above; the other pixels are looked up only when they differ from the pixel before.
//! Every pixel is either looked up or kept from one that was (the first row is looked up
//! whole), in row order, so the palette's order is the order of first use.

use super::spans::Spans;

/// Most colours a palette holds.
pub(super) const MAX_COLOURS: usize = 256;

/// Slots of the colour look-up table (a power of two, well above [`MAX_COLOURS`]).
const SLOTS: usize = 1024;

/// Pixels compared with the ones above at once before blocks of 8 are (a chart row that
/// differs from the one above mostly differs in a few glyphs or edges).
const WIDE: usize = 64;

/// An empty slot (no 24-bit colour has this key).
const EMPTY: u32 = u32::MAX;

/// What receives a scan's indices, each row from its first column to its last.
pub(super) trait Rows {
    /// Row `r` starts.
    fn row(&mut self, r: usize);
    /// Columns `[a, b)` of the row have the indices of the row above (zeros for the first row
    /// never come here: it is looked up whole).
    fn same(&mut self, a: usize, b: usize);
    /// Column `x` of the row has index `k`.
    fn index(&mut self, x: usize, k: u8);
}

/// The image's colours in order of first use (3 bytes each), each pixel's index told to
/// `rows`, or `None` (having told `rows` part of the image) when it has more than
/// [`MAX_COLOURS`] colours. `rgb` holds rows of `w` pixels, 3 bytes each; pixels outside
/// `spans` are paper (one colour).
pub(super) fn scan(rgb: &[u8], w: usize, spans: &Spans, rows: &mut impl Rows) -> Option<Vec<u8>> {
    let mut table = Table::new();
    let row = 3 * w.max(1);
    for (r, line) in rgb.chunks(row).enumerate() {
        rows.row(r);
        let px = line.len() / 3;
        if r == 0 {
            for x in 0..px {
                rows.index(x, table.index(&line[3 * x..3 * x + 3])?);
            }
            continue;
        }
        let above = &rgb[(r - 1) * row..r * row];
        let (lo, hi) = union(spans.row(r), spans.row(r - 1));
        if line[3 * lo..3 * hi] == above[3 * lo..3 * hi] {
            rows.same(0, px);
            continue;
        }
        rows.same(0, lo);
        let mut x = lo;
        while x < hi {
            // A whole stretch equal to the one above, found by one wide compare; else its
            // blocks of 8, one by one.
            let wide = (x + WIDE).min(hi);
            if line[3 * x..3 * wide] == above[3 * x..3 * wide] {
                rows.same(x, wide);
                x = wide;
                continue;
            }
            while x < wide {
                if x + 8 <= hi && same24(line, above, 3 * x) {
                    rows.same(x, x + 8);
                } else {
                    for x in x..(x + 8).min(hi) {
                        rows.index(x, table.index(&line[3 * x..3 * x + 3])?);
                    }
                }
                x += 8;
            }
        }
        rows.same(hi, px);
    }
    Some(table.colours)
}

/// The columns of two spans together (with what lies between them).
fn union((a, b): (usize, usize), (c, d): (usize, usize)) -> (usize, usize) {
    match (a < b, c < d) {
        (true, true) => (a.min(c), b.max(d)),
        (true, false) => (a, b),
        (false, true) => (c, d),
        (false, false) => (0, 0),
    }
}

/// Whether the 24 bytes (8 pixels) of `a` and `b` from `at` are equal.
#[inline(always)]
fn same24(a: &[u8], b: &[u8], at: usize) -> bool {
    let word =
        |s: &[u8], i: usize| u64::from_ne_bytes(s[at + i..at + i + 8].try_into().expect("8"));
    (word(a, 0) ^ word(b, 0)) | (word(a, 8) ^ word(b, 8)) | (word(a, 16) ^ word(b, 16)) == 0
}

/// The palette being built: colours in order of first use, a hash table from colour to index,
/// and the last colour looked up (pixels mostly repeat the one before).
struct Table {
    keys: [u32; SLOTS],
    index: [u8; SLOTS],
    colours: Vec<u8>,
    last: (u32, u8),
}

impl Table {
    fn new() -> Table {
        Table {
            keys: [EMPTY; SLOTS],
            index: [0; SLOTS],
            colours: Vec::with_capacity(3 * MAX_COLOURS),
            last: (EMPTY, 0),
        }
    }

    /// The index of pixel `px` (3 bytes), adding its colour when new; `None` when full.
    #[inline(always)]
    fn index(&mut self, px: &[u8]) -> Option<u8> {
        let key = u32::from(px[0]) << 16 | u32::from(px[1]) << 8 | u32::from(px[2]);
        if key != self.last.0 {
            let k = look_up(key, &mut self.keys, &mut self.index, &mut self.colours)?;
            self.last = (key, k);
        }
        Some(self.last.1)
    }
}

/// The palette index of colour `key`, adding it when new; `None` when the palette is full.
fn look_up(key: u32, keys: &mut [u32], index: &mut [u8], colours: &mut Vec<u8>) -> Option<u8> {
    let mut slot = (key.wrapping_mul(0x9E37_79B1) >> 22) as usize & (SLOTS - 1);
    loop {
        if keys[slot] == key {
            return Some(index[slot]);
        }
        if keys[slot] == EMPTY {
            let n = colours.len() / 3;
            if n == MAX_COLOURS {
                return None;
            }
            keys[slot] = key;
            index[slot] = n as u8;
            colours.extend_from_slice(&key.to_be_bytes()[1..]);
            return Some(n as u8);
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The whole index image, row by row.
    struct Image {
        w: usize,
        at: usize,
        indices: Vec<u8>,
    }

    impl Rows for Image {
        fn row(&mut self, r: usize) {
            self.at = r * self.w;
            self.indices.resize(self.at + self.w, 0);
        }
        fn same(&mut self, a: usize, b: usize) {
            let at = self.at;
            self.indices
                .copy_within(at - self.w + a..at - self.w + b, at + a);
        }
        fn index(&mut self, x: usize, k: u8) {
            self.indices[self.at + x] = k;
        }
    }

    /// The palette and index image of `rgb`.
    pub(crate) fn palette(rgb: &[u8], w: usize, spans: &Spans) -> Option<(Vec<u8>, Vec<u8>)> {
        let mut image = Image {
            w,
            at: 0,
            indices: Vec::new(),
        };
        let colours = scan(rgb, w, spans, &mut image)?;
        Some((colours, image.indices))
    }

    /// `n` distinct colours, each repeated, in a 64 × h image.
    pub(crate) fn colours(n: u32, h: u32) -> Vec<u8> {
        (0..64 * h)
            .flat_map(|i| {
                let c = (i / 3) % n * 40_503;
                [(c >> 16) as u8, (c >> 8) as u8, c as u8]
            })
            .collect()
    }

    #[test]
    fn palette_in_order_of_first_use() {
        let rgb = [9, 9, 9, 1, 2, 3, 9, 9, 9, 1, 2, 3, 4, 5, 6];
        let (p, i) = palette(&rgb, 5, &Spans::all((5, 1))).unwrap();
        assert_eq!(p, [9, 9, 9, 1, 2, 3, 4, 5, 6]);
        assert_eq!(i, [0, 1, 0, 1, 2]);
        assert!(palette(&colours(257, 20), 64, &Spans::all((64, 20))).is_none());
    }

    /// The palette and indices of a plain look-up of every pixel in order.
    fn naive(rgb: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
        let mut colours: Vec<[u8; 3]> = Vec::new();
        let mut indices = Vec::new();
        for px in rgb.chunks(3) {
            let px = [px[0], px[1], px[2]];
            let k = match colours.iter().position(|c| *c == px) {
                Some(k) => k,
                None if colours.len() == MAX_COLOURS => return None,
                None => {
                    colours.push(px);
                    colours.len() - 1
                }
            };
            indices.push(k as u8);
        }
        Some((colours.concat(), indices))
    }

    /// A pseudo-random image: rows copied from above, pixels copied from above or from the
    /// left, runs and lone pixels of `kinds` colours; then the same with paper outside random
    /// spans of each row (given as spans): both images and the spans. Shared with the
    /// encoder's tests.
    pub(crate) fn synthetic(w: usize, h: u32, kinds: u32, seed: u64) -> (Vec<u8>, Vec<u8>, Spans) {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as u32
        };
        let mut rgb: Vec<u8> = Vec::new();
        for r in 0..h {
            let copy_row = r > 0 && next() % 3 == 0;
            for x in 0..w {
                let above = (r > 0).then(|| rgb.len() - 3 * w);
                let px = match (copy_row, above, next() % 4) {
                    (true, Some(a), _) | (false, Some(a), 0) => [rgb[a], rgb[a + 1], rgb[a + 2]],
                    (_, _, 1) if x > 0 => {
                        let b = rgb.len() - 3;
                        [rgb[b], rgb[b + 1], rgb[b + 2]]
                    }
                    _ => {
                        let c = next() % kinds * 40_503;
                        [(c >> 16) as u8, (c >> 8) as u8, c as u8]
                    }
                };
                rgb.extend_from_slice(&px);
            }
        }
        let whole = rgb.clone();
        let mut spans = Spans::new((w as u32, h));
        for (r, line) in rgb.chunks_mut(3 * w).enumerate() {
            let (a, b) = match next() % 4 {
                0 => (0, 0),
                1 => (0, w),
                _ => {
                    let a = next() as usize % w;
                    (a, a + 1 + next() as usize % (w - a))
                }
            };
            spans.touch((a as i32, b as i32), (r as i32, r as i32 + 1));
            for (x, px) in line.chunks_mut(3).enumerate() {
                if x < a || x >= b {
                    px.copy_from_slice(&[255, 255, 255]);
                }
            }
        }
        (whole, rgb, spans)
    }

    /// Rows and blocks copied from above, runs and lone pixels, at widths that are and are not
    /// multiples of 8, with and without paper outside spans: the same palette and indices as
    /// looking up every pixel.
    #[test]
    fn copies_and_runs_give_what_a_plain_look_up_gives() {
        for (w, h, kinds) in [(1, 5, 3), (7, 9, 4), (8, 6, 4), (61, 40, 12), (64, 30, 300)] {
            let (whole, rgb, spans) = synthetic(w, h, kinds, 7 + w as u64);
            let all = Spans::all((w as u32, h));
            let fast = palette(&whole, w, &all);
            assert_eq!(fast, naive(&whole), "{w} × {h}, {kinds} colours");
            let fast = palette(&rgb, w, &spans);
            assert_eq!(fast, naive(&rgb), "{w} × {h}, {kinds} colours, spans");
        }
    }
}
