//! Horizontal bars, one row per input, with a note beside each: the layout shared by the tornado
//! chart ([`super::tornado`]) and the value-of-information chart ([`super::voi`]).
//!
//! Rows are drawn top to bottom in the order given. Each bar runs from 0 to its value (left for
//! negative values), its value is written at its end (inside the bar when it does not fit
//! outside), and the row's note is written in a column right of the plot. A row may carry a
//! whisker (an interval drawn as a line with end caps across the bar) and be muted (a pale
//! grey bar: a value that is not a finding).

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle};

use super::annotate;
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::{self, Glyphs};
use super::theme::{self, AXIS, DATA, INK, LABEL_PX, MUTED, NEGATIVE, NOTE_PX, PAPER};
use super::ticks::{self, TickFormat};

/// Most rows drawn; charts of more inputs show the first (largest) ones.
pub(crate) const MAX_ROWS: usize = 20;

/// One bar.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// Name written left of the plot (the input).
    pub label: String,
    /// End of the bar (it starts at 0); not finite draws no bar.
    pub value: f64,
    /// Written at the end of the bar.
    pub value_text: String,
    /// Written in the column right of the plot.
    pub note: String,
    /// An interval drawn as a horizontal line with end caps across the bar (e.g. a 95%
    /// interval), if any; its ends are kept on the axis.
    pub whisker: Option<(f64, f64)>,
    /// Whether the bar is drawn pale grey instead of in the data colours (not a finding).
    pub muted: bool,
}

/// What the x axis measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// A change in probability (0 to 1), labelled in percentage points.
    Points,
    /// A value in the output's own unit.
    Units,
}

/// A horizontal bar chart.
pub(crate) struct BarChart {
    /// Title shown on the chart.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// X axis description.
    pub x_desc: String,
    /// The bars, top first (at most [`MAX_ROWS`] are drawn).
    pub rows: Vec<Row>,
    /// Unit of the x axis.
    pub scale: Scale,
}

impl BarChart {
    /// The x axis range: every finite value, whisker end and 0, with room for the value labels; an
    /// axis with no negative values starts at 0 (and one with no positive values ends there).
    fn x_range(&self) -> std::ops::Range<f64> {
        let values: Vec<f64> = self
            .rows()
            .iter()
            .flat_map(|r| {
                let (lo, hi) = r.whisker.unzip();
                [Some(r.value), lo, hi]
            })
            .flatten()
            .filter(|v| v.is_finite())
            .chain([0.0])
            .collect();
        let mut range = ticks::padded_range(values.iter().copied(), 0.14);
        if values.iter().all(|&v| v >= 0.0) {
            range.start = 0.0;
        } else if values.iter().all(|&v| v <= 0.0) {
            range.end = 0.0;
        }
        range
    }

    fn rows(&self) -> &[Row] {
        &self.rows[..self.rows.len().min(MAX_ROWS)]
    }
}

impl Chart for BarChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let rows = self.rows();
        let n = rows.len().max(1);
        let row_px = (root.dim_in_pixel().1 as f64 - 220.0) / n as f64;
        let text_px = theme::even_px((row_px * 0.6).min(LABEL_PX));
        let label_style = theme::font(text_px, FontStyle::Normal)
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let labels = rows
            .iter()
            .map(|r| annotate::fit(&r.label, &label_style, 320))
            .collect::<Result<Vec<_>, _>>()?;
        let note_style = theme::font(text_px.min(NOTE_PX), FontStyle::Normal)
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let notes = rows
            .iter()
            .map(|r| annotate::fit(&r.note, &note_style, 300))
            .collect::<Result<Vec<_>, _>>()?;
        let widest = |texts: &[String], style| -> Result<u32, DrawError> {
            texts
                .iter()
                .try_fold(0, |w, t| Ok(w.max(text::size(t, style)?.0)))
        };
        let note_width = widest(&notes, &note_style)?;
        let frame = Frame {
            left: (widest(&labels, &label_style)? + 28).max(60),
            right: if note_width > 0 { note_width + 44 } else { 44 },
            ..Frame::default()
        };
        let x_range = self.x_range();
        let span = x_range.end - x_range.start;
        let y_range = -0.5..n as f64 - 0.5;
        let mut chart = axes::plot(&body, frame, x_range.clone(), y_range)?;
        let units = TickFormat::new(&x_range);
        let x_fmt = |x: &f64| match self.scale {
            Scale::Points => ticks::points_label(*x, span),
            Scale::Units => units.label(*x),
        };
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: "",
                x_fmt: &x_fmt,
                y_fmt: &|_| String::new(),
                y_ticks: false,
                x_ticks: None,
                frame,
            },
        )?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
            AXIS.stroke_width(2),
        )))?;

        let (x_px, _) = chart.plotting_area().get_pixel_range();
        let half = (0.32f64).min(24.0 / row_px.max(1.0));
        let bold = theme::bold(text_px, &INK);
        let (right_of, left_of) = (
            bold.pos(Pos::new(HPos::Left, VPos::Center)),
            bold.pos(Pos::new(HPos::Right, VPos::Center)),
        );
        let inside = theme::bold(text_px, &PAPER);
        let (inside_left, inside_right) = (
            inside.pos(Pos::new(HPos::Left, VPos::Center)),
            inside.pos(Pos::new(HPos::Right, VPos::Center)),
        );
        let clamp = |v: f64| v.clamp(x_range.start, x_range.end);
        for (i, ((row, label), note)) in rows.iter().zip(&labels).zip(&notes).enumerate() {
            let y = (n - 1 - i) as f64;
            let value = if row.value.is_finite() {
                clamp(row.value)
            } else {
                0.0
            };
            let colour = match (row.muted, value < 0.0) {
                (true, _) => MUTED.mix(0.3),
                (false, true) => NEGATIVE.mix(0.85),
                (false, false) => DATA.mix(0.85),
            };
            if value != 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - half), (value, y + half)],
                    colour.filled(),
                )))?;
            }
            let whisker = row
                .whisker
                .filter(|(lo, hi)| lo.is_finite() && hi.is_finite())
                .map(|(lo, hi)| (clamp(lo), clamp(hi)));
            if let Some((lo, hi)) = whisker {
                let cap = half * 0.55;
                let style = INK.stroke_width(2);
                chart.draw_series([
                    PathElement::new(vec![(lo, y), (hi, y)], style),
                    PathElement::new(vec![(lo, y - cap), (lo, y + cap)], style),
                    PathElement::new(vec![(hi, y - cap), (hi, y + cap)], style),
                ])?;
            }
            let (_, py) = chart.backend_coord(&(0.0, y));
            glyphs.draw(root, label, &label_style, (x_px.start - 12, py))?;
            glyphs.draw(root, note, &note_style, (x_px.end + 16, py))?;
            if row.value_text.is_empty() {
                continue;
            }
            let width = text::size(&row.value_text, &right_of)?.0 as i32;
            let (px_end, _) = chart.backend_coord(&(value, y));
            let (px_zero, _) = chart.backend_coord(&(0.0, y));
            let (px_lo, px_hi) = whisker.map_or((px_end, px_end), |(lo, hi)| {
                (
                    chart.backend_coord(&(lo, y)).0,
                    chart.backend_coord(&(hi, y)).0,
                )
            });
            // Beyond the end of the bar (and its whisker) if it fits, else inside the bar if
            // that is wide enough, else on the other side of the zero line (and the whisker)
            // if it fits there.
            let fits_right = |x: i32| x + width <= x_px.end - 4;
            let fits_left = |x: i32| x - width >= x_px.start + 4;
            // Inside only a coloured bar: white text on a muted bar cannot be read.
            let wide = !row.muted && (px_end - px_zero).abs() >= width + 20;
            let text = &row.value_text;
            if value >= 0.0 {
                let at = px_end.max(px_hi) + 10;
                if fits_right(at) {
                    glyphs.draw(root, text, &right_of, (at, py))?;
                } else if wide {
                    glyphs.draw(root, text, &inside_right, (px_end - 10, py))?;
                } else if fits_left(px_zero.min(px_lo) - 10) {
                    glyphs.draw(root, text, &left_of, (px_zero.min(px_lo) - 10, py))?;
                } else {
                    glyphs.draw(root, text, &right_of, (at, py))?;
                }
            } else {
                let at = px_end.min(px_lo) - 10;
                if fits_left(at) {
                    glyphs.draw(root, text, &left_of, (at, py))?;
                } else if wide {
                    glyphs.draw(root, text, &inside_left, (px_end + 10, py))?;
                } else if fits_right(px_zero.max(px_hi) + 10) {
                    glyphs.draw(root, text, &right_of, (px_zero.max(px_hi) + 10, py))?;
                } else {
                    glyphs.draw(root, text, &left_of, (at, py))?;
                }
            }
        }
        Ok(())
    }
}

/// A signed change for a bar label: `+12.3 pp` for probabilities, `+450k` otherwise; `n/a`
/// when not finite.
pub(crate) fn signed(value: f64, scale: Scale) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let text = match scale {
        Scale::Points => format!("{:.1}", value * 100.0),
        Scale::Units => crate::output::format::short(value),
    };
    let zero = text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    let text = match (zero, value > 0.0) {
        (true, _) => text.trim_start_matches('-').to_string(),
        (false, true) => format!("+{text}"),
        (false, false) => text,
    };
    match scale {
        Scale::Points => format!("{text} pp"),
        Scale::Units => text,
    }
}

/// [`signed`] for every bar of one chart in one number style: changes in units all take the
/// suffix of the largest (`+530k`, `+4.4k`; never `+530k` beside `+4,356`).
pub(crate) fn signed_all(values: &[f64], scale: Scale) -> Vec<String> {
    if scale == Scale::Points {
        return values.iter().map(|&v| signed(v, scale)).collect();
    }
    let texts = crate::output::format::short_all(values);
    values
        .iter()
        .zip(texts)
        .map(|(&v, text)| {
            if !v.is_finite() {
                return "n/a".to_string();
            }
            let zero = !text.chars().any(|c| c.is_ascii_digit() && c != '0');
            match (zero, v > 0.0) {
                (true, _) => text.trim_start_matches('-').to_string(),
                (false, true) => format!("+{text}"),
                (false, false) => text,
            }
        })
        .collect()
}

/// An index (0 to 1) with two decimals, or `–` when not finite.
pub(crate) fn index(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.2}")
    } else {
        "–".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[f64]) -> BarChart {
        BarChart {
            title: String::new(),
            subtitle: String::new(),
            x_desc: String::new(),
            rows: values
                .iter()
                .map(|&value| Row {
                    label: "x".into(),
                    value,
                    value_text: String::new(),
                    note: String::new(),
                    whisker: None,
                    muted: false,
                })
                .collect(),
            scale: Scale::Points,
        }
    }

    #[test]
    fn ranges_hold_zero_and_every_bar() {
        let r = chart(&[0.2, 0.1]).x_range();
        assert_eq!(r.start, 0.0);
        assert!(r.end > 0.2);
        let r = chart(&[-0.3, 0.1]).x_range();
        assert!(r.start < -0.3 && r.end > 0.1);
        let r = chart(&[-0.3, -0.1]).x_range();
        assert_eq!(r.end, 0.0);
        let r = chart(&[f64::NAN, f64::INFINITY]).x_range();
        assert!(r.start < r.end && r.start.is_finite() && r.end.is_finite());
        let r = chart(&[]).x_range();
        assert!(r.start < r.end);
    }

    #[test]
    fn labels() {
        assert_eq!(signed(0.123, Scale::Points), "+12.3 pp");
        assert_eq!(signed(-0.04, Scale::Points), "-4.0 pp");
        assert_eq!(signed(-0.0001, Scale::Points), "0.0 pp");
        assert_eq!(signed(450_000.0, Scale::Units), "+450k");
        assert_eq!(signed(-2.5e6, Scale::Units), "-2.5M");
        assert_eq!(signed(f64::NAN, Scale::Units), "n/a");
        assert_eq!(signed(0.0001, Scale::Points), "0.0 pp");
        assert_eq!(signed(0.0001, Scale::Units), "0");
        assert_eq!(index(0.621), "0.62");
        assert_eq!(index(f64::NAN), "–");
    }
}
