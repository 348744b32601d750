//! PNG encoding of a drawn chart: an indexed (palette) image when the chart has at most 256
//! colours, else 8-bit RGB. Both are lossless, so the decoded pixels are the drawn ones either
//! way; the indexed image hands a third of the bytes to filtering and deflate.
//!
//! ```text
//! rgb pixels ──palette scan (what repeats the pixels above is kept)──▶ ≤ 256 colours?
//!     yes: Up-filtered indices told as they are found, kept stretches as runs of zeros,
//!          to the zlib stream (super::deflate) ──▶ PNG, colour type 3, written here
//!     no:  the rgb bytes as they are, Paeth, fdeflate ──▶ PNG, colour type 2 (`png` crate)
//! ```
//!
//! One fixed filter for every row (Up for indices, Paeth for RGB), chosen by measured time and
//! size (BENCHMARKS.md).

use std::cell::RefCell;

use ::png::{AdaptiveFilterType, BitDepth, ColorType, Compression, Encoder, FilterType};

use super::deflate::Deflate;
use super::palette::{scan, Rows};
use super::spans::Spans;

/// The PNG signature.
const SIGNATURE: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];

/// PNG's Up filter's byte at the head of a row: the filter of indexed images, which gave the
/// smallest time for 27 charts of `benches/per_container.toml` (17.2 ms with the palette scan,
/// against 19.3 Sub, 19.8 Paeth, 21.6 none and 21.1 for RGB + Paeth, through `png` and
/// `fdeflate`), in 1.41 MB against RGB's 2.37 MB; its kept stretches are runs of zeros.
const UP: u8 = 2;

/// Encodes `rgb` (`w × h` pixels, 3 bytes each, row by row) as PNG bytes; pixels outside
/// `spans` are paper.
///
/// # Errors
/// A buffer of the wrong length, or the `png` crate's message.
pub(super) fn encode(rgb: &[u8], w: u32, h: u32, spans: &Spans) -> Result<Vec<u8>, String> {
    if rgb.len() != w as usize * h as usize * 3 || w == 0 || h == 0 {
        return Err(format!("{} bytes for {w} × {h} pixels", rgb.len()));
    }
    let indexed = ROWS.with(|above| {
        let mut above = above.borrow_mut();
        above.clear();
        above.resize(w as usize, 0);
        let mut up = Up {
            above: &mut above,
            z: Deflate::new(Vec::with_capacity(rgb.len() / 64)),
        };
        let colours = scan(rgb, w as usize, spans, &mut up)?;
        Some((colours, up.z.finish()))
    });
    match indexed {
        Some((colours, zlib)) => Ok(indexed_png(w, h, &colours, &zlib)),
        None => write_rgb(w, h, rgb),
    }
}

thread_local! {
    /// Each thread's indices of the row above, reused from chart to chart.
    static ROWS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The Up-filtered index rows (PNG §9.2: each index less the one above, modulo 256, after the
/// row's filter byte), written to a zlib stream as the scan finds them.
struct Up<'a> {
    /// The indices of the row above, becoming this row's as they are found.
    above: &'a mut [u8],
    z: Deflate,
}

impl Rows for Up<'_> {
    #[inline(always)]
    fn row(&mut self, _: usize) {
        self.z.byte(UP);
    }

    #[inline(always)]
    fn same(&mut self, a: usize, b: usize) {
        self.z.zeros(b - a);
    }

    #[inline(always)]
    fn index(&mut self, x: usize, k: u8) {
        let d = k.wrapping_sub(self.above[x]);
        self.above[x] = k;
        self.z.byte(d);
    }
}

/// The PNG of an indexed image: its header, `palette`, and `zlib`, the filtered indices
/// (compressed even where storing them would be smaller, as for a handful of pixels or noise:
/// chart rows compress to a fraction).
fn indexed_png(w: u32, h: u32, palette: &[u8], zlib: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + 25 + 12 + palette.len() + 12 + zlib.len() + 12);
    out.extend_from_slice(&SIGNATURE);
    let mut ihdr = [0u8; 13];
    ihdr[..4].copy_from_slice(&w.to_be_bytes());
    ihdr[4..8].copy_from_slice(&h.to_be_bytes());
    // 8 bits, colour type 3 (palette), deflate, adaptive filtering, no interlace.
    ihdr[8..].copy_from_slice(&[8, 3, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"PLTE", palette);
    chunk(&mut out, b"IDAT", zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Appends one chunk: length, type, data, CRC of type and data (PNG §5.3).
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).expect("a chunk under 4 GB");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// Writes `rgb` as an RGB PNG.
fn write_rgb(w: u32, h: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    // Charts compress to well under a quarter of their filtered bytes.
    let mut out = Vec::with_capacity(rgb.len() / 4);
    {
        let mut e = Encoder::new(&mut out, w, h);
        e.set_depth(BitDepth::Eight);
        e.set_compression(Compression::Fast);
        e.set_adaptive_filter(AdaptiveFilterType::NonAdaptive);
        e.set_color(ColorType::Rgb);
        e.set_filter(FilterType::Paeth);
        let mut writer = e.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::charts::palette::tests::{colours, palette, synthetic};

    /// The pixels a PNG decodes to (by the `png` crate, palettes expanded), as 8-bit RGB.
    pub(crate) fn decoded(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut d = ::png::Decoder::new(png);
        d.set_transformations(::png::Transformations::EXPAND);
        let mut reader = d.read_info().expect("a PNG header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).expect("decodes");
        assert_eq!(frame.color_type, ColorType::Rgb);
        buf.truncate(frame.buffer_size());
        (frame.width, frame.height, buf)
    }

    /// The indexed PNG the `png` crate writes (Up filter, `fdeflate`): what the encoder wrote
    /// before its own stream, to compare sizes with.
    fn through_png_crate(rgb: &[u8], w: u32, h: u32) -> Option<Vec<u8>> {
        let (colours, indices) = palette(rgb, w as usize, &Spans::all((w, h)))?;
        let mut out = Vec::new();
        let mut e = Encoder::new(&mut out, w, h);
        e.set_depth(BitDepth::Eight);
        e.set_compression(Compression::Fast);
        e.set_adaptive_filter(AdaptiveFilterType::NonAdaptive);
        e.set_color(ColorType::Indexed);
        e.set_palette(colours);
        e.set_filter(FilterType::Up);
        let mut writer = e.write_header().unwrap();
        writer.write_image_data(&indices).unwrap();
        writer.finish().unwrap();
        Some(out)
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
        assert!(encode(&[0; 9], 2, 2, &Spans::all((2, 2))).is_err());
    }

    /// Random images of few and of many colours (past 256: the RGB path), with copied rows,
    /// blocks and runs, whole and with paper outside random spans, at widths around multiples
    /// of 8 and past a long match: each decodes to its pixels, and an indexed one is no larger
    /// than the `png` crate's.
    #[test]
    fn random_images_decode_to_their_pixels() {
        let mut seen = [false; 2];
        for seed in 0..40u64 {
            let w = [1, 7, 8, 9, 63, 64, 65, 300, 517][seed as usize % 9];
            let h = 1 + (seed as u32 * 7) % 23;
            let kinds = [1, 2, 5, 40, 256, 257, 5_000][seed as usize % 7];
            let (whole, papered, spans) = synthetic(w, h, kinds, seed);
            for (rgb, spans) in [(&whole, Spans::all((w as u32, h))), (&papered, spans)] {
                let png = encode(rgb, w as u32, h, &spans).unwrap();
                let what = format!("seed {seed}: {w} × {h}, {kinds} colours");
                assert!(decoded(&png) == (w as u32, h, rgb.clone()), "{what}");
                seen[usize::from(png[25] == 3)] = true;
                if let Some(old) = through_png_crate(rgb, w as u32, h) {
                    assert_eq!(png[25], 3, "{what}");
                    // Unless the `png` crate stored the rows uncompressed (tiny or noisy
                    // images, never a chart), which this encoder does not do.
                    let stored = old.len() > (w + 1) * h as usize;
                    assert!(
                        stored || png.len() <= old.len(),
                        "{what}: {} > {}",
                        png.len(),
                        old.len()
                    );
                }
            }
        }
        assert_eq!(seen, [true, true]);
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

    /// Every chart of a bundled timeline scenario with evidence (fan, posterior, evidence,
    /// tornado, histogram charts), at few draws: each decodes to the pixels drawn.
    #[test]
    fn every_chart_of_a_timeline_decodes_to_its_pixels() {
        use super::super::render::{rgb_pixels, Chart};
        use super::super::{each, ChartError, ChartFile, Sink, Twins};
        use crate::output::charts::theme::SIZE;
        struct Check(Vec<String>);
        impl Sink for Check {
            fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError> {
                let sheet = rgb_pixels(chart).unwrap();
                let png = encode(&sheet.rgb, SIZE.0, SIZE.1, &sheet.spans).unwrap();
                assert!(
                    decoded(&png) == (SIZE.0, SIZE.1, sheet.rgb),
                    "{}",
                    file.stem
                );
                self.0.push(file.stem);
                Ok(())
            }
        }
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/rok-timeline.toml");
        let s = crate::scenario::load(&path).unwrap();
        let d = crate::engine::run(&s.program, 1_000, 1, &|_| {}).unwrap();
        let facts = crate::analysis::RunFacts {
            seed: 1,
            samples: 1_000,
            sampling: crate::results::Sampling::Mc,
            sensitivity_draws: 1_000,
            saltelli_base: 128,
            precision: None,
        };
        let r = crate::analysis::analyse(&s, &d, &facts).unwrap();
        let mut check = Check(Vec::new());
        each(&r, &Twins::default(), &mut check).unwrap();
        for kind in ["fan_", "posterior_", "evidence", "tornado_", "hist_"] {
            assert!(
                check.0.iter().any(|s| s.starts_with(kind)),
                "{kind}: {:?}",
                check.0
            );
        }
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
                if let Some(old) = through_png_crate(&sheet.rgb, SIZE.0, SIZE.1) {
                    assert!(png.len() <= old.len(), "{}: larger than before", file.stem);
                }
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
