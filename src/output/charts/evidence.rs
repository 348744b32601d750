//! Evidence effect chart: each claim's probability before the evidence and after each piece of
//! evidence in turn (file order), one line per claim.

use indexmap::IndexMap;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Circle;
use plotters::prelude::LineSeries;
use plotters::style::{Color, FontStyle, TextStyle};

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::{self, Glyphs};
use super::theme::{self, LABEL_PX, NOTE_PX, PAPER};
use super::ticks;
use super::{ClaimView, EvidenceView};
use crate::output::format;

/// Title of the evidence effect chart.
pub(crate) const TITLE: &str = "How each report moved the claims";

/// The evidence effect chart.
pub(crate) struct EvidenceChart {
    /// Step labels: "prior", then the evidence ids.
    steps: Vec<String>,
    /// Per claim: id and its probability at each step (NaN where unknown).
    lines: Vec<(String, Vec<f64>)>,
}

impl EvidenceChart {
    /// The chart of `claims` (those with a prior probability) through `evidence`; `None` when
    /// there is no evidence or no claim with a prior.
    pub(crate) fn new(
        claims: &[ClaimView],
        evidence: &IndexMap<String, EvidenceView>,
    ) -> Option<Self> {
        if evidence.is_empty() {
            return None;
        }
        let steps = std::iter::once("prior".to_string())
            .chain(evidence.keys().cloned())
            .collect();
        let lines: Vec<_> = claims
            .iter()
            .filter_map(|c| {
                let prior = c.prior_probability?;
                let after = evidence
                    .values()
                    .map(|e| e.probability_after.get(&c.id).copied().unwrap_or(f64::NAN));
                Some((c.id.clone(), std::iter::once(prior).chain(after).collect()))
            })
            .collect();
        (!lines.is_empty()).then_some(EvidenceChart { steps, lines })
    }
}

impl Chart for EvidenceChart {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let subtitle = "Probability that each claim holds before the evidence, then after each \
                        report is added in turn (file order)";
        let body = annotate::header(root, glyphs, TITLE, subtitle)?;
        let label_texts: Vec<String> = self
            .lines
            .iter()
            .map(|(id, ps)| match ps.iter().rev().find(|p| p.is_finite()) {
                Some(p) => format!("{id} {}", format::percent(*p)),
                None => id.clone(),
            })
            .map(|t| annotate::fit(&t, &theme::bold(NOTE_PX, &PAPER), 260))
            .collect::<Result<_, _>>()?;
        let widest = label_texts.iter().try_fold(0, |w, t| {
            Ok::<_, DrawError>(w.max(text::size(t, &theme::bold(NOTE_PX, &PAPER))?.0))
        })?;
        let frame = Frame {
            right: widest + 40,
            ..Frame::default()
        };
        let last = self.steps.len().saturating_sub(1) as f64;
        let pad = 0.08 * last.max(1.0);
        let mut chart = axes::plot(&body, frame, -pad..last + pad, 0.0..1.04)?;
        let positions: Vec<f64> = (0..self.steps.len()).map(|i| i as f64).collect();
        // Step labels share the width; long ids are shortened to fit.
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        let column = (x_px.end - x_px.start) / self.steps.len().max(1) as i32 - 8;
        let tick_style: TextStyle = theme::font(LABEL_PX, FontStyle::Normal).into();
        let step_labels = self
            .steps
            .iter()
            .map(|s| annotate::fit(s, &tick_style, column.max(20)))
            .collect::<Result<Vec<_>, _>>()?;
        let x_fmt = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                step_labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: "evidence added, in file order",
                y_desc: "probability that the claim holds",
                x_fmt: &x_fmt,
                y_fmt: &|y| ticks::percent_label(*y, 1.0),
                y_ticks: true,
                x_ticks: Some(&positions),
                frame,
            },
        )?;

        for (i, (_, ps)) in self.lines.iter().enumerate() {
            let colour = theme::series(i);
            let pts: Vec<(f64, f64)> = ps
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_finite())
                .map(|(k, p)| (k as f64, p.clamp(0.0, 1.0)))
                .collect();
            chart.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(3)))?;
            chart.draw_series(pts.iter().flat_map(|&p| {
                [
                    Circle::new(p, 7, PAPER.filled()),
                    Circle::new(p, 5, colour.filled()),
                ]
            }))?;
        }
        let mut labels = Labels::new((x_px.end..x_px.end + frame.right as i32, y_px));
        for (i, ((_, ps), text)) in self.lines.iter().zip(&label_texts).enumerate() {
            let found = ps.iter().enumerate().rev().find(|(_, p)| p.is_finite());
            if let Some((k, p)) = found {
                let (_, py) = chart.backend_coord(&(k as f64, p.clamp(0.0, 1.0)));
                let style = theme::bold(NOTE_PX, &theme::series(i));
                labels.place(root, glyphs, text, &style, (x_px.end, py), Side::Right)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_lines_follow_the_evidence() {
        let claim = |id: &str, prior: Option<f64>| ClaimView {
            id: id.into(),
            prior_probability: prior,
            ..Default::default()
        };
        let mut evidence = IndexMap::new();
        for (id, p) in [("e1", 0.3), ("e2", 0.2)] {
            let mut after = IndexMap::new();
            after.insert("a".to_string(), p);
            evidence.insert(
                id.to_string(),
                EvidenceView {
                    probability_after: after,
                },
            );
        }
        let claims = [claim("a", Some(0.4)), claim("b", None)];
        let c = EvidenceChart::new(&claims, &evidence).unwrap();
        assert_eq!(c.steps, ["prior", "e1", "e2"]);
        assert_eq!(c.lines, [("a".to_string(), vec![0.4, 0.3, 0.2])]);
        assert!(EvidenceChart::new(&claims[1..], &evidence).is_none());
        assert!(EvidenceChart::new(&claims, &IndexMap::new()).is_none());
    }
}
