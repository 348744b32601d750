//! The look shared by every chart: the bundled fonts, colours, text sizes and the canvas size.
//!
//! Text is set in Liberation Sans, with Shellcount CJK (a subset of Noto Sans CJK KR) for Hangul,
//! kana, common Han characters and CJK symbols; both under the SIL Open Font License
//! (`assets/fonts/`). They are compiled into the binary and registered with plotters' `ab_glyph`
//! renderer, and [`super::glyphs`] picks a face per character, so PNG charts render identically
//! on machines without fonts. SVG files name the font family list [`FAMILY`] and let the viewer
//! pick from its own fonts.

use std::sync::OnceLock;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use super::ChartError;

/// The bundled regular font (Liberation Sans).
pub(crate) const REGULAR_TTF: &[u8] =
    include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
/// The bundled bold font.
pub(crate) const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
/// The bundled fallback for Hangul, kana, common Han and CJK symbols (Shellcount CJK Regular).
pub(crate) const CJK_REGULAR_OTF: &[u8] =
    include_bytes!("../../../assets/fonts/ShellcountCJK-Regular.otf");
/// Its bold face (Hangul, kana and symbols; no Han).
pub(crate) const CJK_BOLD_OTF: &[u8] =
    include_bytes!("../../../assets/fonts/ShellcountCJK-Bold.otf");

/// Width and height of every chart, in pixels (PNG) or user units (SVG).
pub(crate) const SIZE: (u32, u32) = (1200, 700);

/// Font family of every text element: Liberation Sans for PNG charts, and in SVG files the
/// viewer's first available font of this list (metric-compatible Latin fonts first, then common
/// Korean, Japanese and Chinese system fonts).
pub(crate) const FAMILY: &str = "Liberation Sans, Arimo, Arial, Helvetica, Noto Sans CJK KR, \
    Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, NanumGothic, Noto Sans CJK JP, \
    Hiragino Sans, Yu Gothic, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif";

/// Family name the bundled CJK fallback is registered under (PNG charts only).
pub(crate) const CJK_FAMILY: &str = "Shellcount CJK";

/// Dark blue for the data (bars, curves).
pub(crate) const DATA: RGBColor = RGBColor(31, 73, 125);
/// Grey for percentile lines.
pub(crate) const PERCENTILE: RGBColor = RGBColor(105, 105, 105);
/// Near-black for titles and labels.
pub(crate) const INK: RGBColor = RGBColor(33, 33, 33);
/// Grey for subtitles and captions.
pub(crate) const MUTED: RGBColor = RGBColor(95, 95, 95);
/// Axis lines.
pub(crate) const AXIS: RGBColor = RGBColor(140, 140, 140);
/// Major grid lines.
pub(crate) const GRID: RGBColor = RGBColor(226, 226, 226);
/// Minor grid lines.
pub(crate) const GRID_LIGHT: RGBColor = RGBColor(244, 244, 244);
/// White background.
pub(crate) const PAPER: RGBColor = RGBColor(255, 255, 255);

/// Colours for claim thresholds, used in turn (Okabe–Ito vermillion, orange, purple, green).
const THRESHOLDS: [RGBColor; 4] = [
    RGBColor(213, 94, 0),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(0, 158, 115),
];

/// Colour of the `i`-th claim threshold on a chart.
pub(crate) fn threshold(i: usize) -> RGBColor {
    THRESHOLDS[i % THRESHOLDS.len()]
}

/// Colours for several lines on one chart, used in turn: the data blue, then Okabe–Ito
/// vermillion, bluish green, reddish purple, orange and sky blue.
const SERIES: [RGBColor; 6] = [
    DATA,
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
];

/// Colour of the `i`-th line on a chart with several (one per claim).
pub(crate) fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Bars for a negative value (an input that lowers the output): Okabe–Ito vermillion.
pub(crate) const NEGATIVE: RGBColor = RGBColor(213, 94, 0);

// Text sizes are even: plotters places `ab_glyph` glyphs `size / 2` pixels below the pen and
// truncates, so odd sizes put flat-topped lower-case letters (x, v, w) a pixel too high.

/// Chart title size in pixels.
pub(crate) const TITLE_PX: f64 = 30.0;
/// Subtitle size.
pub(crate) const SUBTITLE_PX: f64 = 18.0;
/// Axis descriptions and tick labels.
pub(crate) const LABEL_PX: f64 = 18.0;
/// Annotations inside the plot (percentile and threshold labels).
pub(crate) const NOTE_PX: f64 = 16.0;

/// The largest even text size not above `px` (see the note on sizes), at least 10.
pub(crate) fn even_px(px: f64) -> f64 {
    ((px / 2.0).floor() * 2.0).max(10.0)
}

/// Registers the bundled fonts once per process.
///
/// # Errors
///
/// [`ChartError::Font`] if a bundled font file cannot be parsed (a build problem, not a user one).
pub(crate) fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let fonts = [
                (
                    FAMILY,
                    FontStyle::Normal,
                    REGULAR_TTF,
                    "LiberationSans-Regular.ttf",
                ),
                (FAMILY, FontStyle::Bold, BOLD_TTF, "LiberationSans-Bold.ttf"),
                (
                    CJK_FAMILY,
                    FontStyle::Normal,
                    CJK_REGULAR_OTF,
                    "ShellcountCJK-Regular.otf",
                ),
                (
                    CJK_FAMILY,
                    FontStyle::Bold,
                    CJK_BOLD_OTF,
                    "ShellcountCJK-Bold.otf",
                ),
                // Plotters' own default (mesh labels, even when they are blank).
                (
                    "sans-serif",
                    FontStyle::Normal,
                    REGULAR_TTF,
                    "LiberationSans-Regular.ttf",
                ),
            ];
            for (family, style, bytes, file) in fonts {
                register_font(family, style, bytes)
                    .map_err(|_| format!("{file} is not a valid font"))?;
            }
            if super::glyphs::Faces::bundled().is_none() {
                return Err("the bundled fonts have no usable metrics".to_string());
            }
            Ok(())
        })
        .clone()
        .map_err(ChartError::Font)
}

/// A font of the chart family at `px` pixels.
///
/// Plotters resolves the family when the description is made, so the bundled fonts are
/// registered first (a failure to register surfaces from [`ensure_fonts`] when drawing starts).
pub(crate) fn font(px: f64, style: FontStyle) -> FontDesc<'static> {
    let _ = ensure_fonts();
    FontDesc::new(FontFamily::Name(FAMILY), px, style)
}

/// Text of `px` pixels in `color`, anchored at its top-left corner.
pub(crate) fn text(px: f64, color: &RGBColor) -> TextStyle<'static> {
    font(px, FontStyle::Normal)
        .color(color)
        .pos(Pos::new(HPos::Left, VPos::Top))
}

/// Bold text of `px` pixels in `color`, anchored at its top-left corner.
pub(crate) fn bold(px: f64, color: &RGBColor) -> TextStyle<'static> {
    font(px, FontStyle::Bold)
        .color(color)
        .pos(Pos::new(HPos::Left, VPos::Top))
}
