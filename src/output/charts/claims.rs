//! One chart of every claim's probability, with error bars of ±2 Monte Carlo standard errors.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, TextStyle};

use super::annotate;
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::{self, Glyphs};
use super::theme::{self, DATA, INK, LABEL_PX, MUTED, PAPER, PERCENTILE};
use super::ticks;
use super::ClaimView;
use crate::output::format;

/// Title of the claims chart.
pub(crate) const TITLE: &str = "Probability that each claim holds";

/// The claims chart.
pub(crate) struct ClaimsChart<'a> {
    subtitle: String,
    claims: &'a [ClaimView],
}

impl<'a> ClaimsChart<'a> {
    /// The chart of `claims` from the scenario titled `scenario`, run with `samples` draws.
    pub(crate) fn new(scenario: &str, claims: &'a [ClaimView], samples: u64, seed: u64) -> Self {
        let subtitle = format!(
            "{scenario} · {} draws · seed {seed}",
            format::grouped(samples as f64, 20)
        );
        ClaimsChart { subtitle, claims }
    }
}

/// Widest text left of the bars, in pixels.
const LABEL_WIDTH: i32 = 470;

/// The lines naming a claim left of its bar, each with its style and height in pixels: its label
/// (wrapped onto two lines when the row has room), then "group · id" in grey; on rows with room
/// for one line only, "[group] label".
fn row_text<'s>(
    claim: &ClaimView,
    row_px: f64,
    (label, label_px): (&TextStyle<'s>, f64),
    (meta, meta_px): (&TextStyle<'s>, f64),
) -> Result<Vec<(String, TextStyle<'s>, f64)>, DrawError> {
    let (line, small) = (label_px * 1.2, meta_px * 1.2);
    let meta_text = match &claim.group {
        Some(g) => format!("{g} · {}", claim.id),
        None => claim.id.clone(),
    };
    if row_px < line + small {
        let text = match &claim.group {
            Some(g) => format!("[{g}] {}", claim.label),
            None => claim.label.clone(),
        };
        let text = annotate::fit(&text, label, LABEL_WIDTH)?;
        return Ok(vec![(text, label.clone(), line)]);
    }
    let room = if row_px >= 2.0 * line + small { 2 } else { 1 };
    let mut out: Vec<_> = annotate::wrap(&claim.label, label, LABEL_WIDTH, room)?
        .into_iter()
        .map(|l| (l, label.clone(), line))
        .collect();
    let meta_text = annotate::fit(&meta_text, meta, LABEL_WIDTH)?;
    out.push((meta_text, meta.clone(), small));
    Ok(out)
}

/// The interval p ± 2 MCSE, clipped to [0, 1].
fn interval(claim: &ClaimView) -> (f64, f64, f64) {
    let p = if claim.probability.is_finite() {
        claim.probability.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let half = if claim.mcse.is_finite() {
        2.0 * claim.mcse.abs()
    } else {
        0.0
    };
    ((p - half).max(0.0), p, (p + half).min(1.0))
}

impl Chart for ClaimsChart<'_> {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, TITLE, &self.subtitle)?;
        let n = self.claims.len().max(1);
        // Rows get smaller text when there are many claims.
        let row_px = (root.dim_in_pixel().1 as f64 - 220.0) / n as f64;
        let text_px = theme::even_px((row_px * 0.6).min(LABEL_PX));
        let label_style = theme::font(text_px, FontStyle::Normal)
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let meta_px = theme::even_px(text_px * 0.85);
        let meta_style = theme::font(meta_px, FontStyle::Normal)
            .color(&MUTED)
            .pos(Pos::new(HPos::Right, VPos::Center));
        let rows = self
            .claims
            .iter()
            .map(|c| row_text(c, row_px, (&label_style, text_px), (&meta_style, meta_px)))
            .collect::<Result<Vec<_>, _>>()?;
        let widest = rows
            .iter()
            .flatten()
            .map(|(line, style, _)| text::size(line, style).map(|s| s.0))
            .try_fold(0, |w, s| s.map(|s| w.max(s)))?;
        let frame = Frame {
            left: (widest + 28).max(60),
            ..Frame::default()
        };
        let y_range = -0.5..n as f64 - 0.5;
        let with_prior = self.claims.iter().any(|c| c.prior_probability.is_some());
        let x_desc = if with_prior {
            "probability that the claim holds · error bars: ±2 MC standard errors · grey mark: \
             before the evidence"
        } else {
            "probability that the claim holds · error bars: ±2 MC standard errors"
        };
        let mut chart = axes::plot(&body, frame, 0.0..1.0, y_range)?;
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc,
                y_desc: "",
                x_fmt: &|x| ticks::percent_label(*x, 1.0),
                y_fmt: &|_| String::new(),
                y_ticks: false,
                x_ticks: None,
                frame,
            },
        )?;

        let (x_px, _) = chart.plotting_area().get_pixel_range();
        let half = (0.32f64).min(24.0 / row_px.max(1.0));
        let value_style = theme::bold(text_px, &INK).pos(Pos::new(HPos::Left, VPos::Center));
        let inside_style = theme::bold(text_px, &PAPER).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (claim, lines)) in self.claims.iter().zip(&rows).enumerate() {
            let y = (n - 1 - i) as f64;
            let (lo, p, hi) = interval(claim);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y - half), (p, y + half)],
                DATA.mix(0.85).filled(),
            )))?;
            if hi > lo {
                let cap = half * 0.6;
                chart.draw_series(
                    [
                        vec![(lo, y), (hi, y)],
                        vec![(lo, y - cap), (lo, y + cap)],
                        vec![(hi, y - cap), (hi, y + cap)],
                    ]
                    .map(|points| PathElement::new(points, INK.stroke_width(2))),
                )?;
            }
            let prior = claim
                .prior_probability
                .filter(|p| p.is_finite())
                .map(|p| p.clamp(0.0, 1.0));
            if let Some(p0) = prior {
                let reach = half * 1.35;
                chart.draw_series([
                    PathElement::new(
                        vec![(p0, y - reach), (p0, y + reach)],
                        PAPER.stroke_width(7),
                    ),
                    PathElement::new(
                        vec![(p0, y - reach), (p0, y + reach)],
                        PERCENTILE.stroke_width(3),
                    ),
                ])?;
            }
            // Text goes right of the error bar and of the prior mark if it fits, else inside
            // the bar if that is wide enough, else right of the error bar alone.
            let (px_clear, py) = chart.backend_coord(&(hi.max(prior.unwrap_or(0.0)), y));
            let height: f64 = lines.iter().map(|l| l.2).sum();
            let mut top = py as f64 - height / 2.0;
            for (line, style, h) in lines {
                let centre = (top + h / 2.0).round() as i32;
                glyphs.draw(root, line, style, (x_px.start - 12, centre))?;
                top += h;
            }
            let text = match prior {
                Some(p0) => format!(
                    "{} (before evidence {})",
                    format::percent(p),
                    format::percent(p0)
                ),
                None => format::percent(p),
            };
            let width = text::size(&text, &value_style)?.0 as i32;
            let (px_inner, _) = chart.backend_coord(&(lo.min(p), y));
            if px_clear + 10 + width <= x_px.end - 4 {
                glyphs.draw(root, &text, &value_style, (px_clear + 10, py))?;
            } else if px_inner - x_px.start >= width + 20 || prior.is_none() {
                glyphs.draw(root, &text, &inside_style, (px_inner - 10, py))?;
            } else {
                let (px_hi, _) = chart.backend_coord(&(hi, y));
                glyphs.draw(root, &text, &value_style, (px_hi + 10, py))?;
            }
        }
        Ok(())
    }
}
