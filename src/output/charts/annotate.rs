//! Text placed by hand: chart headers and labels inside the plot that must neither leave the plot
//! nor overlap each other (percentile, threshold and value labels).

use std::ops::Range;

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Rectangle;
use plotters::style::{Color, TextStyle};

use super::backend::Backend;
use super::render::DrawError;
use super::text::{self, Glyphs};
use super::theme::{self, INK, MUTED, PAPER, SUBTITLE_PX, TITLE_PX};

/// Left edge of the header text, in pixels.
const HEADER_LEFT: i32 = 28;
/// Height of the header (title and subtitle), in pixels.
const HEADER_HEIGHT: i32 = 96;
/// Space kept between a label and what it labels, in pixels.
const GAP: i32 = 7;

/// Draws `title` and `subtitle` at the top of `root` and returns the area below them.
///
/// # Errors
///
/// Plotting failures.
pub(crate) fn header<DB: Backend>(
    root: &DrawingArea<DB, Shift>,
    glyphs: Glyphs,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    let max_width = root.dim_in_pixel().0 as i32 - 2 * HEADER_LEFT;
    let title_style = theme::bold(TITLE_PX, &INK);
    let title = fit(title, &title_style, max_width)?;
    glyphs.draw(root, &title, &title_style, (HEADER_LEFT, 22))?;
    let sub_style = theme::text(SUBTITLE_PX, &MUTED);
    let subtitle = fit(subtitle, &sub_style, max_width)?;
    glyphs.draw(root, &subtitle, &sub_style, (HEADER_LEFT, 62))?;
    Ok(root.split_vertically(HEADER_HEIGHT).1)
}

/// `text`, shortened with an ellipsis if needed so that it is at most `max_width` pixels wide.
///
/// # Errors
///
/// Font failures while measuring.
pub(crate) fn fit(text: &str, style: &TextStyle, max_width: i32) -> Result<String, DrawError> {
    let mut chars: Vec<char> = text.chars().collect();
    let mut candidate = text.to_string();
    while !chars.is_empty() && text::size(&candidate, style)?.0 as i32 > max_width {
        chars.pop();
        candidate = chars.iter().collect::<String>().trim_end().to_string() + "…";
    }
    Ok(candidate)
}

/// `text` broken at spaces into at most `lines` lines of at most `max_width` pixels each; the
/// last line is shortened with an ellipsis if the text does not fit.
///
/// # Errors
///
/// Font failures while measuring.
pub(crate) fn wrap(
    text: &str,
    style: &TextStyle,
    max_width: i32,
    lines: usize,
) -> Result<Vec<String>, DrawError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() && out.len() + 1 < lines.max(1) {
        let mut line = words[i].to_string();
        i += 1;
        while i < words.len() {
            let longer = format!("{line} {}", words[i]);
            if text::size(&longer, style)?.0 as i32 > max_width {
                break;
            }
            line = longer;
            i += 1;
        }
        out.push(fit(&line, style, max_width)?);
    }
    if i < words.len() {
        out.push(fit(&words[i..].join(" "), style, max_width)?);
    }
    Ok(out)
}

/// Which side of its anchor point a label prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Label to the right of the point.
    Right,
    /// Label to the left of the point.
    Left,
}

/// Labels inside a plot, kept within its bounds and clear of each other.
pub(crate) struct Labels {
    x: Range<i32>,
    y: Range<i32>,
    placed: Vec<(i32, i32, i32, i32)>,
}

impl Labels {
    /// Labels confined to the pixel rectangle `x` × `y` (absolute backend coordinates).
    pub(crate) fn new((x, y): (Range<i32>, Range<i32>)) -> Self {
        Labels {
            x,
            y,
            placed: Vec::new(),
        }
    }

    /// Draws `text` on a white backing box beside `at` (vertically centred on it), on `side` if it
    /// fits there and on the other side otherwise, moved up or down past earlier labels.
    ///
    /// # Errors
    ///
    /// Plotting failures.
    pub(crate) fn place<DB: Backend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
        text: &str,
        style: &TextStyle,
        at: (i32, i32),
        side: Side,
    ) -> Result<(), DrawError> {
        let (w, h) = text::size(text, style)?;
        let (w, h) = (w as i32, h as i32);
        let right = at.0 + GAP;
        let left = at.0 - GAP - w;
        let x = match side {
            Side::Right if right + w <= self.x.end - 4 => right,
            Side::Left if left >= self.x.start + 4 => left,
            Side::Right => left,
            Side::Left => right,
        };
        let x = clamp(x, self.x.start + 4, self.x.end - 4 - w);
        let y = self.free_y(x, at.1 - h / 2, w, h);
        self.placed.push((x, y, w, h));
        root.draw(&Rectangle::new(
            [(x - 4, y - 5), (x + w + 4, y + h + 2)],
            PAPER.mix(0.88).filled(),
        ))?;
        glyphs.draw(root, text, style, (x, y))?;
        Ok(())
    }

    /// Keeps later labels off a marker of radius `r` pixels centred at `at`.
    pub(crate) fn avoid(&mut self, at: (i32, i32), r: i32) {
        self.placed.push((at.0 - r, at.1 - r, 2 * r, 2 * r));
    }

    /// The vertical position nearest `y0` where a `w` × `h` box at `x` overlaps no earlier label.
    fn free_y(&self, x: i32, y0: i32, w: i32, h: i32) -> i32 {
        let (top, bottom) = (self.y.start + 6, self.y.end - 4 - h);
        let step = h + 8;
        let y0 = clamp(y0, top, bottom);
        for k in 0..24 {
            let offset = (k + 1) / 2 * step * if k % 2 == 1 { 1 } else { -1 };
            let y = y0 + offset;
            if y < top || y > bottom {
                continue;
            }
            let clear = self.placed.iter().all(|&(px, py, pw, ph)| {
                x + w + 8 <= px || px + pw + 8 <= x || y + h + 6 <= py || py + ph + 6 <= y
            });
            if clear {
                return y;
            }
        }
        y0
    }
}

/// `v` limited to `[lo, hi]`, preferring `lo` when the interval is empty.
fn clamp(v: i32, lo: i32, hi: i32) -> i32 {
    v.min(hi).max(lo)
}
