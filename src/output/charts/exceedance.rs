//! Exceedance curve P(X ≥ x) of a quantity that claims refer to, with each claim's threshold.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, DashedPathElement};
use plotters::prelude::{AreaSeries, DrawingBackend, LineSeries};
use plotters::style::Color;

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::render::{Chart, DrawError};
use super::text::Glyphs;
use super::theme::{self, DATA, NOTE_PX, PAPER, PERCENTILE};
use super::ticks::{self, TickFormat};
use super::{ClaimMarker, ClaimView, QuantityView};
use crate::model::QuantityId;
use crate::output::format;
use crate::results::Side as ClaimSide;

/// Most points drawn for a curve; longer curves are thinned (they come from every draw).
const MAX_POINTS: usize = 300;
/// Curves with more points than this are drawn as lines through them, not as steps.
const DENSE: usize = 200;

/// The exceedance chart of one quantity.
pub(crate) struct ExceedanceChart<'a> {
    title: String,
    subtitle: String,
    x_desc: String,
    curve: &'a [(f64, f64)],
    markers: Vec<&'a ClaimMarker>,
    /// The curve before the evidence, drawn grey and dashed under `curve` (posterior charts).
    prior: Option<&'a [(f64, f64)]>,
    /// Claim id → probability before the evidence, for the threshold labels of posterior charts.
    prior_probability: Vec<(String, f64)>,
}

impl<'a> ExceedanceChart<'a> {
    /// The chart of quantity `name` with points `curve` (x increasing, P non-increasing) and
    /// those of `markers` that concern it.
    pub(crate) fn new(
        id: QuantityId,
        name: &str,
        quantity: &QuantityView,
        curve: &'a [(f64, f64)],
        markers: &'a [ClaimMarker],
        samples: u64,
    ) -> Self {
        let markers: Vec<_> = markers
            .iter()
            .filter(|m| m.quantity == id && m.threshold.is_finite())
            .collect();
        let mut subtitle = format!(
            "Share of {} draws at or above x",
            format::grouped(samples as f64, 20)
        );
        if !markers.is_empty() {
            subtitle.push_str(
                " · dashed lines: claim thresholds, with the probability each claim holds",
            );
        }
        ExceedanceChart {
            title: format!("P({name} ≥ x)"),
            subtitle,
            x_desc: match &quantity.unit {
                Some(unit) => format!("x ({unit})"),
                None => "x".to_string(),
            },
            curve,
            markers,
            prior: None,
            prior_probability: Vec::new(),
        }
    }

    /// The chart of quantity `name` after the evidence (`curve`) and before it (`prior`), with
    /// the thresholds of `markers` labelled "before → after" from the priors in `claims`.
    pub(crate) fn posterior(
        id: QuantityId,
        name: &str,
        quantity: &QuantityView,
        curve: &'a [(f64, f64)],
        prior: &'a [(f64, f64)],
        markers: &'a [ClaimMarker],
        claims: &[ClaimView],
    ) -> Self {
        let mut chart = ExceedanceChart::new(id, name, quantity, curve, markers, 0);
        chart.title = format!("P({name} ≥ x) before and after the evidence");
        chart.subtitle = "Chance of a value at or above x · grey dashed: before the evidence \
                          · blue: after it"
            .to_string();
        if !chart.markers.is_empty() {
            chart
                .subtitle
                .push_str(" · dashed colour lines: claim thresholds");
        }
        chart.prior = Some(prior);
        chart.prior_probability = claims
            .iter()
            .filter_map(|c| Some((c.id.clone(), c.prior_probability?)))
            .collect();
        chart
    }

    /// The title shown on the chart.
    pub(crate) fn title(&self) -> &str {
        &self.title
    }
}

/// P(X ≥ t) read off the curve: the value at the first point at or right of `t` (0 past the end).
pub(crate) fn exceedance_at(curve: &[(f64, f64)], t: f64) -> f64 {
    let i = curve.partition_point(|p| p.0 < t);
    curve.get(i).map_or(0.0, |p| p.1)
}

/// The curve from `x0` to `x1`: P is 1 left of the first point, drops at each point and is 0
/// right of the last. Sparse curves are drawn as exact steps; dense ones as lines through the
/// points, thinned to about [`MAX_POINTS`] (steps of many tiny drops render as a jagged line).
fn steps(curve: &[(f64, f64)], x0: f64, x1: f64) -> Vec<(f64, f64)> {
    let finite: Vec<_> = curve
        .iter()
        .copied()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    let stride = finite.len().div_ceil(MAX_POINTS).max(1);
    let mut kept: Vec<_> = finite.iter().copied().step_by(stride).collect();
    if let (Some(&last), Some(&kept_last)) = (finite.last(), kept.last()) {
        if last != kept_last {
            kept.push(last);
        }
    }
    let dense = finite.len() > DENSE;
    let mut out = Vec::with_capacity(2 * kept.len() + 3);
    let mut level = kept.first().map_or(0.0, |p| p.1.max(0.0));
    out.push((x0, level));
    for &(x, p) in &kept {
        if !dense {
            out.push((x, level));
        }
        out.push((x, p));
        level = p;
    }
    if let Some(&(x, _)) = kept.last() {
        out.push((x, 0.0));
    }
    out.push((x1, 0.0));
    out
}

impl Chart for ExceedanceChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let xs = self
            .curve
            .iter()
            .chain(self.prior.unwrap_or_default())
            .map(|p| p.0);
        let x_range = ticks::padded_range(xs.chain(self.markers.iter().map(|m| m.threshold)), 0.03);
        let y_top = 1.04;
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), 0.0..y_top)?;
        let x_fmt = TickFormat::new(&x_range);
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: "share of draws ≥ x",
                x_fmt: &|x| x_fmt.label(*x),
                y_fmt: &|y| ticks::percent_label(*y, 1.0),
                y_ticks: true,
                x_ticks: None,
                frame,
            },
        )?;

        let points = steps(self.curve, x_range.start, x_range.end);
        chart.draw_series(AreaSeries::new(points.clone(), 0.0, DATA.mix(0.10)))?;
        if let Some(prior) = self.prior {
            let prior = steps(prior, x_range.start, x_range.end);
            chart.draw_series(std::iter::once(DashedPathElement::new(
                prior,
                10,
                6,
                PERCENTILE.stroke_width(3),
            )))?;
        }
        chart.draw_series(LineSeries::new(points, DATA.stroke_width(3)))?;

        for (i, m) in self.markers.iter().enumerate() {
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(m.threshold, 0.0), (m.threshold, y_top)],
                8,
                5,
                theme::threshold(i).stroke_width(2),
            )))?;
        }
        let mut labels = Labels::new(chart.plotting_area().get_pixel_range());
        let mid = (x_range.start + x_range.end) / 2.0;
        for (i, m) in self.markers.iter().enumerate() {
            let colour = theme::threshold(i);
            let at = (m.threshold, exceedance_at(self.curve, m.threshold));
            chart.draw_series([
                Circle::new(at, 8, PAPER.filled()),
                Circle::new(at, 6, colour.filled()),
            ])?;
            let before = self
                .prior_probability
                .iter()
                .find(|(id, _)| *id == m.claim_id);
            let mut text = match before {
                Some((_, p0)) => format!(
                    "{}: {} → {}",
                    m.claim_id,
                    format::percent(*p0),
                    format::percent(m.probability)
                ),
                None => format!("{}: P = {}", m.claim_id, format::percent(m.probability)),
            };
            if m.side == ClaimSide::AtMost {
                // The dot sits at P(X ≥ t); say which side the claim asks for.
                text.push_str(&format!(" (x ≤ {})", format::short(m.threshold)));
            }
            let style = theme::bold(NOTE_PX, &colour);
            let side = if m.threshold <= mid {
                Side::Right
            } else {
                Side::Left
            };
            labels.place(root, glyphs, &text, &style, chart.backend_coord(&at), side)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceedance_lookup_is_the_empirical_step() {
        let curve = [(1.0, 1.0), (2.0, 0.5), (3.0, 0.25)];
        assert_eq!(exceedance_at(&curve, 0.0), 1.0);
        assert_eq!(exceedance_at(&curve, 2.0), 0.5);
        assert_eq!(exceedance_at(&curve, 2.5), 0.25);
        assert_eq!(exceedance_at(&curve, 3.5), 0.0);
        assert_eq!(exceedance_at(&[], 1.0), 0.0);
    }

    #[test]
    fn steps_span_the_axis_and_thin_long_curves() {
        let s = steps(&[(1.0, 1.0), (2.0, 0.5)], 0.0, 3.0);
        assert_eq!(s.first(), Some(&(0.0, 1.0)));
        assert_eq!(s.last(), Some(&(3.0, 0.0)));
        let long: Vec<_> = (0..100_000)
            .map(|i| (i as f64, 1.0 - i as f64 / 1e5))
            .collect();
        let s = steps(&long, -1.0, 1e5);
        assert!(s.len() <= MAX_POINTS + 6, "{}", s.len());
        assert_eq!(steps(&[], 0.0, 1.0), vec![(0.0, 0.0), (1.0, 0.0)]);
    }
}
