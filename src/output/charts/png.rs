//! PNG encoding of a drawn chart: an indexed (palette) image when the chart has at most 256
//! colours, else 8-bit RGB. Both are lossless, so the decoded pixels are the drawn ones either
//! way; the indexed image hands a third of the bytes to filtering and deflate.
//!
//! ```text
//! rgb pixels ──scan (what repeats the pixels above is copied)──▶ ≤ 256 colours?
//!     yes: palette in order of first use + one index byte a pixel ──▶ PNG, colour type 3
//!     no:  the rgb bytes as they are                               ──▶ PNG, colour type 2
//! ```
//!
//! Both use the fastest deflate (`fdeflate`) and one fixed filter for every row (Paeth for RGB,
//! Up for indices), chosen by measured time and size (BENCHMARKS.md).

use std::cell::RefCell;

use ::png::{AdaptiveFilterType, BitDepth, ColorType, Compression, Encoder, FilterType};

use super::spans::Spans;

/// Most colours a palette holds.
const MAX_COLOURS: usize = 256;

/// Slots of the colour look-up table (a power of two, well above [`MAX_COLOURS`]).
const SLOTS: usize = 1024;

/// An empty slot (no 24-bit colour has this key).
const EMPTY: u32 = u32::MAX;

/// Encodes `rgb` (`w × h` pixels, 3 bytes each, row by row) as PNG bytes; pixels outside
/// `spans` are paper.
///
/// # Errors
/// The encoder's message (a buffer of the wrong length).
pub(super) fn encode(rgb: &[u8], w: u32, h: u32, spans: &Spans) -> Result<Vec<u8>, String> {
    INDICES.with(|indices| {
        let mut indices = indices.borrow_mut();
        match palette(rgb, w as usize, spans, &mut indices) {
            Some(colours) => write(w, h, &indices, Some(colours)),
            None => write(w, h, rgb, None),
        }
    })
}

thread_local! {
    /// Each thread's palette indices, reused from chart to chart.
    static INDICES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The image's colours in order of first use (3 bytes each), with each pixel's index into them
/// in `indices` (replacing what it held), or `None` when it has more than [`MAX_COLOURS`]
/// colours. `w` is the width in pixels; pixels outside `spans` are paper (one colour).
///
/// Cheap on charts, where most pixels repeat the one above or the one before: outside the
/// spans of a row and the row above, both are paper and the indices above are copied; inside,
/// a stretch equal to the one above copies its indices, as does each block of 8 pixels equal to
/// the 8 above; the other pixels are looked up only when they differ from the pixel before.
/// Every pixel is either looked up or copied from one that was (the first row is looked up
/// whole), in row order, so the palette's order is the order of first use.
pub(super) fn palette(
    rgb: &[u8],
    w: usize,
    spans: &Spans,
    indices: &mut Vec<u8>,
) -> Option<Vec<u8>> {
    let mut table = Table::new();
    // Every index is written below: no need to zero the ones held.
    indices.resize(rgb.len() / 3, 0);
    let row = 3 * w.max(1);
    for (r, line) in rgb.chunks(row).enumerate() {
        let at = r * w;
        let px = line.len() / 3;
        let (done, rest) = indices.split_at_mut(at);
        let out = &mut rest[..px];
        if r == 0 {
            for (x, o) in out.iter_mut().enumerate() {
                *o = table.index(&line[3 * x..3 * x + 3])?;
            }
            continue;
        }
        let (above, up) = (&rgb[(at - w) * 3..at * 3], &done[at - w..]);
        let (lo, hi) = union(spans.row(r), spans.row(r - 1));
        out[..lo].copy_from_slice(&up[..lo]);
        out[hi..].copy_from_slice(&up[hi..px]);
        if line[3 * lo..3 * hi] == above[3 * lo..3 * hi] {
            out[lo..hi].copy_from_slice(&up[lo..hi]);
            continue;
        }
        let mut x = lo;
        while x < hi {
            if x + 8 <= hi && same24(line, above, 3 * x) {
                out[x..x + 8].copy_from_slice(&up[x..x + 8]);
                x += 8;
                continue;
            }
            for x in x..(x + 8).min(hi) {
                out[x] = table.index(&line[3 * x..3 * x + 3])?;
            }
            x += 8;
        }
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

/// Writes one PNG: indexed with `palette`, or RGB without.
fn write(w: u32, h: u32, data: &[u8], palette: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    // Charts compress to well under a quarter of their filtered bytes.
    let mut out = Vec::with_capacity(data.len() / 4);
    {
        let mut e = Encoder::new(&mut out, w, h);
        e.set_depth(BitDepth::Eight);
        e.set_compression(Compression::Fast);
        e.set_adaptive_filter(AdaptiveFilterType::NonAdaptive);
        match palette {
            Some(p) => {
                e.set_color(ColorType::Indexed);
                e.set_palette(p);
                e.set_filter(INDEXED_FILTER);
            }
            None => {
                e.set_color(ColorType::Rgb);
                e.set_filter(FilterType::Paeth);
            }
        }
        let mut writer = e.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(data).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The row filter of indexed images: `Up` gave the smallest time for 27 charts of
/// `benches/per_container.toml` (17.2 ms with the palette scan, against 19.3 Sub, 19.8 Paeth,
/// 21.6 none and 21.1 for the former RGB + Paeth), in 1.41 MB against RGB's 2.37 MB.
const INDEXED_FILTER: FilterType = FilterType::Up;

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels a PNG decodes to, as 8-bit RGB.
    pub(crate) fn decoded(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
            .expect("decodes")
            .to_rgb8();
        (img.width(), img.height(), img.into_raw())
    }

    /// `n` distinct colours, each repeated, in a 64 × h image.
    fn colours(n: u32, h: u32) -> Vec<u8> {
        (0..64 * h)
            .flat_map(|i| {
                let c = (i / 3) % n * 40_503;
                [(c >> 16) as u8, (c >> 8) as u8, c as u8]
            })
            .collect()
    }

    #[test]
    fn decodes_to_the_same_pixels_either_way() {
        for n in [1, 2, 255, 256, 257, 4_000] {
            let rgb = colours(n, 80);
            let png = encode(&rgb, 64, 80, &Spans::all((64, 80))).unwrap();
            assert_eq!(decoded(&png), (64, 80, rgb), "{n} colours");
            // Colour type at byte 25 of the IHDR: 3 indexed, 2 RGB.
            let kind = if n <= 256 { 3 } else { 2 };
            assert_eq!(png[25], kind, "{n} colours");
        }
    }

    #[test]
    fn palette_in_order_of_first_use() {
        let rgb = [9, 9, 9, 1, 2, 3, 9, 9, 9, 1, 2, 3, 4, 5, 6];
        let mut i = Vec::new();
        let p = palette(&rgb, 5, &Spans::all((5, 1)), &mut i).unwrap();
        assert_eq!(p, [9, 9, 9, 1, 2, 3, 4, 5, 6]);
        assert_eq!(i, [0, 1, 0, 1, 2]);
        assert!(palette(&colours(257, 20), 64, &Spans::all((64, 20)), &mut i).is_none());
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

    /// Rows and blocks copied from above, runs and lone pixels, at widths that are and are not
    /// multiples of 8, and the same with paper outside random spans of each row (given as
    /// spans): the same palette and indices as looking up every pixel.
    #[test]
    fn copies_and_runs_give_what_a_plain_look_up_gives() {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as u32
        };
        for (w, h, kinds) in [(1, 5, 3), (7, 9, 4), (8, 6, 4), (61, 40, 12), (64, 30, 300)] {
            let mut rgb: Vec<u8> = Vec::new();
            for r in 0..h {
                let copy_row = r > 0 && next() % 3 == 0;
                for x in 0..w {
                    let above = (r > 0).then(|| rgb.len() - 3 * w);
                    let px = match (copy_row, above, next() % 4) {
                        (true, Some(a), _) | (false, Some(a), 0) => {
                            [rgb[a], rgb[a + 1], rgb[a + 2]]
                        }
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
            let mut indices = vec![9; 3];
            let all = Spans::all((w as u32, h));
            let fast = palette(&rgb, w, &all, &mut indices).map(|p| (p, indices.clone()));
            assert_eq!(fast, naive(&rgb), "{w} × {h}, {kinds} colours");
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
            let fast = palette(&rgb, w, &spans, &mut indices).map(|p| (p, indices.clone()));
            assert_eq!(fast, naive(&rgb), "{w} × {h}, {kinds} colours, spans");
        }
    }

    /// A shipment run, analysed: histograms, exceedance, claims, lots, tornados, value of
    /// information and convergence charts.
    fn shipment_run() -> crate::results::RunResult {
        let text = "[scenario]\ntitle = \"t\"\nsamples = 2000\nseed = 1\n[inputs]\nshare_l1 = \"uniform(0.2, 0.4)\"\ndud_l1 = \"beta(10, 10)\"\ndud_l2 = \"beta(3, 12)\"\n[shipment]\ncontainers = 300\nassign = \"container\"\n[[shipment.cargo]]\nid = \"shells\"\nshare = 1\nload = \"300 to 600\"\n[[shipment.lot]]\nid = \"l1\"\nshare = \"share_l1\"\ndud_rate = \"dud_l1\"\n[[shipment.lot]]\nid = \"l2\"\nshare = \"1 - share_l1\"\ndud_rate = \"dud_l2\"\n[model]\nbroken = { expr = \"1 - working_total / delivered_total\", unit = \"share\" }\n[[claim]]\nid = \"many\"\ntext = \"t\"\nholds_if = \"working_total >= 90000\"\n";
        let s = crate::scenario::from_text(std::path::Path::new("t.toml"), text).unwrap();
        let d = crate::engine::run(&s.program, 2_000, 1, &|_| {}).unwrap();
        let facts = crate::analysis::RunFacts {
            seed: 1,
            samples: 2_000,
            sampling: crate::results::Sampling::Mc,
            sensitivity_draws: 2_000,
            saltelli_base: 256,
            precision: None,
        };
        crate::analysis::analyse(&s, &d, &facts).unwrap()
    }

    /// Every chart of a run is drawn on the canvas to the pixels plotters' bitmap gives, decodes
    /// to exactly those pixels, and most of them take the indexed path.
    #[test]
    fn every_chart_of_a_run_decodes_to_its_pixels() {
        use super::super::render::{bitmap_pixels, png_bytes, rgb_pixels, Chart};
        use super::super::{each, ChartError, ChartFile, Sink, Twins};
        use crate::output::charts::theme::SIZE;
        struct Check(Vec<(String, u8)>);
        impl Sink for Check {
            fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError> {
                let sheet = rgb_pixels(chart).unwrap();
                let reference = bitmap_pixels(chart).unwrap();
                assert!(
                    sheet.rgb == reference,
                    "{}: canvas and bitmap differ",
                    file.stem
                );
                let png = encode(&sheet.rgb, SIZE.0, SIZE.1, &sheet.spans).unwrap();
                let expected = (SIZE.0, SIZE.1, reference);
                assert!(decoded(&png) == expected, "{}", file.stem);
                // On this thread's sheet, laid again only where the chart before drew.
                let reused = png_bytes(chart).unwrap();
                assert!(decoded(&reused) == expected, "{}: reused sheet", file.stem);
                self.0.push((file.stem, png[25]));
                Ok(())
            }
        }
        let mut check = Check(Vec::new());
        each(&shipment_run(), &Twins::default(), &mut check).unwrap();
        let stems: Vec<&str> = check.0.iter().map(|(s, _)| s.as_str()).collect();
        for kind in [
            "hist_",
            "exceed_",
            "tornado_",
            "voi_",
            "claims",
            "convergence",
            "lots_",
        ] {
            assert!(
                stems.iter().any(|s| s.starts_with(kind)),
                "{kind}: {stems:?}"
            );
        }
        let indexed = check.0.iter().filter(|(_, kind)| *kind == 3).count();
        assert!(indexed * 2 > check.0.len(), "{:?}", check.0);
    }
}
