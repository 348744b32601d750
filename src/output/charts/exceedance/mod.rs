//! Exceedance curve P(X ≥ x) of a quantity that claims refer to, with each claim drawn where
//! it reads: an "at least" claim as a dot on P(X ≥ x), an "at most" or "less than" claim as a
//! dot on the cumulative curve P(X ≤ x) (drawn dashed when there is one), an interval claim as a
//! shaded band. The axis is the quantity's [`ValueAxis`]: the middle 99% of the draws widened to
//! the thresholds, on a log scale when they span more than two decades.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, DashedPathElement, Rectangle};
use plotters::prelude::{AreaSeries, LineSeries};
use plotters::style::{Color, TextStyle};

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::axis::ValueAxis;
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::{self, Glyphs};
use super::theme::{self, DATA, NOTE_PX, PAPER, PERCENTILE};
use super::ticks;
use super::{ClaimMarker, ClaimView, QuantityView};
use crate::model::QuantityId;
use crate::output::format;
use crate::results::{Histogram, Side as ClaimSide};

/// Most points drawn for a curve; longer curves are thinned (they come from every draw).
const MAX_POINTS: usize = 300;
/// Curves with more points than this are drawn as lines through them, not as steps.
const DENSE: usize = 200;

/// The exceedance chart of one quantity.
pub(crate) struct ExceedanceChart<'a> {
    title: String,
    subtitle: String,
    x_desc: String,
    axis: ValueAxis,
    curve: &'a [(f64, f64)],
    markers: Vec<&'a ClaimMarker>,
    /// The curve before the evidence, drawn grey and dashed under `curve` (posterior charts).
    prior: Option<&'a [(f64, f64)]>,
    /// Claim id → probability before the evidence, for the labels of posterior charts.
    prior_probability: Vec<(String, f64)>,
}

/// Where a claim is drawn and what its label says, in values (not plotting coordinates).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// A dot at (threshold, probability) on P(X ≥ x) or, `cumulative`, on P(X ≤ x).
    Dot {
        /// The threshold.
        x: f64,
        /// The claim's probability: the height of the curve it sits on.
        p: f64,
        /// Whether it sits on P(X ≤ x).
        cumulative: bool,
        /// Its label.
        label: MarkLabel,
    },
    /// A band from `lo` to `hi`.
    Band {
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
        /// Its label.
        label: MarkLabel,
    },
}

/// A claim's label on the chart: its name (shortened to fit when drawn) and what the mark reads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MarkLabel {
    /// The claim's label or text.
    pub name: String,
    /// What the mark reads: ": P(x ≥ 3.0M) = 3.2%", ": P(x ≤ 100) = 26.2%", ": P(45 ≤ x ≤ 75)
    /// = 1.8%"; ": P(x ≥ 3.0M): 5.1% → 3.2%" (before → after) on posterior charts.
    pub reading: String,
}

impl MarkLabel {
    /// The label shortened to `max_width` pixels in `style`: the name gives way, the reading
    /// stays whole.
    fn fitted(&self, style: &TextStyle, max_width: i32) -> Result<String, DrawError> {
        let reading = text::size(&self.reading, style)?.0 as i32;
        let name = annotate::fit(&self.name, style, (max_width - reading).max(60))?;
        Ok(format!("{name}{}", self.reading))
    }
}

impl<'a> ExceedanceChart<'a> {
    /// The chart of quantity `id` (summarised by `quantity`, its histogram `histogram`) with
    /// points `curve` (x increasing, P non-increasing) and those of `markers` that concern it.
    pub(crate) fn new(
        id: QuantityId,
        quantity: &QuantityView,
        histogram: &Histogram,
        curve: &'a [(f64, f64)],
        markers: &'a [ClaimMarker],
        samples: u64,
    ) -> Self {
        let markers: Vec<_> = markers.iter().filter(|m| m.quantity == id).collect();
        let bounds: Vec<f64> = markers.iter().flat_map(|m| m.bounds()).collect();
        let axis = ValueAxis::of_curve(histogram, (quantity.min, quantity.max), &bounds);
        let mut subtitle = format!(
            "Share of {} draws at or above x",
            format::grouped(samples as f64, 20)
        );
        if markers.iter().any(|m| m.side == Some(ClaimSide::AtMost)) {
            subtitle.push_str(" · dashed: at or below x, for \"at most\" claims");
        }
        if !markers.is_empty() {
            subtitle.push_str(" · claims with the probability each holds");
        }
        let label = quantity.label_with_unit();
        ExceedanceChart {
            title: format!("Chance that {} is at least x", quantity.label),
            subtitle,
            x_desc: axis.describe(&format!("x: {label}")),
            axis,
            curve,
            markers,
            prior: None,
            prior_probability: Vec::new(),
        }
    }

    /// The chart after the evidence (`curve`) and before it (`prior`), with the claims of
    /// `markers` labelled "before → after" from the priors in `claims`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn posterior(
        id: QuantityId,
        quantity: &QuantityView,
        histogram: &Histogram,
        curve: &'a [(f64, f64)],
        prior: &'a [(f64, f64)],
        markers: &'a [ClaimMarker],
        claims: &[ClaimView],
    ) -> Self {
        let mut chart = ExceedanceChart::new(id, quantity, histogram, curve, markers, 0);
        chart.title = format!(
            "Chance that {} is at least x, before and after the evidence",
            quantity.label
        );
        chart.subtitle = "Chance of a value at or above x · grey dashed: before the evidence \
                          · blue: after it"
            .to_string();
        if !chart.markers.is_empty() {
            chart.subtitle.push_str(" · claims, before → after");
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

    /// The value axis.
    #[cfg(test)]
    pub(crate) fn axis(&self) -> &ValueAxis {
        &self.axis
    }

    /// Each claim as drawn (in values), in order.
    pub(crate) fn marks(&self) -> Vec<Mark> {
        self.markers
            .iter()
            .map(|m| {
                let before = self
                    .prior_probability
                    .iter()
                    .find(|(id, _)| *id == m.claim_id);
                let p = match before {
                    Some((_, p0)) => format!(
                        ": {} → {}",
                        format::percent(*p0),
                        format::percent(m.probability)
                    ),
                    None => format!(" = {}", format::percent(m.probability)),
                };
                let short = format::short;
                let event = match (m.side, m.band) {
                    (_, Some((lo, hi))) => format!("{} ≤ x ≤ {}", short(lo), short(hi)),
                    (Some(ClaimSide::AtMost), None) => format!("x ≤ {}", short(m.threshold)),
                    _ => format!("x ≥ {}", short(m.threshold)),
                };
                let label = MarkLabel {
                    name: m.label.clone(),
                    reading: format!(": P({event}){p}"),
                };
                match (m.side, m.band) {
                    (_, Some((lo, hi))) => Mark::Band { lo, hi, label },
                    (side, None) => Mark::Dot {
                        x: m.threshold,
                        p: m.probability,
                        cumulative: side == Some(ClaimSide::AtMost),
                        label,
                    },
                }
            })
            .collect()
    }
}

impl ClaimMarker {
    /// The values the claim needs on the axis.
    fn bounds(&self) -> Vec<f64> {
        match self.band {
            Some((lo, hi)) => vec![lo, hi],
            None => vec![self.threshold],
        }
    }
}

/// P(X ≥ t) read off the curve: the value at the first point at or right of `t` (0 past the end).
pub(crate) fn exceedance_at(curve: &[(f64, f64)], t: f64) -> f64 {
    let i = curve.partition_point(|p| p.0 < t);
    curve.get(i).map_or(0.0, |p| p.1)
}

/// The curve P(X ≥ x) from `lo` to `hi`, in values.
fn steps(curve: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    staircase(curve, lo, hi, exceedance_at(curve, lo))
}

/// A non-increasing step curve from `lo` (at level `start`) to `hi`: sparse curves as exact
/// steps, dense ones as lines through the points, thinned to about [`MAX_POINTS`].
fn staircase(curve: &[(f64, f64)], lo: f64, hi: f64, start: f64) -> Vec<(f64, f64)> {
    let inside: Vec<_> = curve
        .iter()
        .copied()
        .filter(|p| p.0.is_finite() && p.1.is_finite() && p.0 > lo && p.0 <= hi)
        .collect();
    let stride = inside.len().div_ceil(MAX_POINTS).max(1);
    let mut kept: Vec<_> = inside.iter().copied().step_by(stride).collect();
    if let (Some(&last), Some(&kept_last)) = (inside.last(), kept.last()) {
        if last != kept_last {
            kept.push(last);
        }
    }
    let dense = inside.len() > DENSE;
    let mut level = start;
    let mut out = vec![(lo, level)];
    for &(x, p) in &kept {
        if !dense {
            out.push((x, level));
        }
        out.push((x, p));
        level = p;
    }
    let after = curve.iter().find(|p| p.0 > hi).map_or(0.0, |p| p.1);
    out.push((hi, if dense { after } else { level }));
    out
}

/// The cumulative curve P(X ≤ x) from `lo` to `hi`, in values: 1 − P(X > x), with P(X > x)
/// read as P(X ≥ next point).
fn cumulative(curve: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let shifted: Vec<(f64, f64)> = curve
        .iter()
        .enumerate()
        .map(|(i, &(x, _))| (x, 1.0 - curve.get(i + 1).map_or(0.0, |p| p.1)))
        .collect();
    // Reuse the staircase of a non-increasing curve on 1 − P.
    let flipped: Vec<(f64, f64)> = shifted.iter().map(|&(x, c)| (x, 1.0 - c)).collect();
    let above_lo = curve.iter().find(|p| p.0 > lo).map_or(0.0, |p| p.1);
    staircase(&flipped, lo, hi, above_lo)
        .into_iter()
        .map(|(x, p)| (x, 1.0 - p))
        .collect()
}

impl Chart for ExceedanceChart<'_> {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let axis = &self.axis;
        let x_range = axis.range();
        let y_top = 1.04;
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), 0.0..y_top)?;
        let x_fmt = axis.labeller();
        let x_ticks = axis.ticks();
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: "share of draws",
                x_fmt: &x_fmt,
                y_fmt: &|y| ticks::percent_label(*y, 1.0),
                y_ticks: true,
                x_ticks: x_ticks.as_deref(),
                frame,
            },
        )?;
        let to = |pts: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
            pts.into_iter().map(|(x, p)| (axis.coord(x), p)).collect()
        };
        let marks = self.marks();
        for (i, m) in marks.iter().enumerate() {
            if let Mark::Band { lo, hi, .. } = m {
                let colour = theme::threshold(i);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(axis.coord(*lo), 0.0), (axis.coord(*hi), y_top)],
                    colour.mix(0.14).filled(),
                )))?;
            }
        }
        let points = to(steps(self.curve, axis.lo, axis.hi));
        chart.draw_series(AreaSeries::new(points.clone(), 0.0, DATA.mix(0.10)))?;
        if let Some(prior) = self.prior {
            let prior = to(steps(prior, axis.lo, axis.hi));
            chart.draw_series(std::iter::once(DashedPathElement::new(
                prior,
                10,
                6,
                PERCENTILE.stroke_width(3),
            )))?;
        }
        chart.draw_series(LineSeries::new(points, DATA.stroke_width(3)))?;
        let any_cumulative = marks.iter().any(|m| {
            matches!(
                m,
                Mark::Dot {
                    cumulative: true,
                    ..
                }
            )
        });
        if any_cumulative {
            let cum = to(cumulative(self.curve, axis.lo, axis.hi));
            chart.draw_series(std::iter::once(DashedPathElement::new(
                cum,
                12,
                6,
                DATA.stroke_width(2),
            )))?;
        }
        let mut labels = Labels::new(chart.plotting_area().get_pixel_range());
        let mid = (x_range.start + x_range.end) / 2.0;
        for (i, m) in marks.iter().enumerate() {
            let colour = theme::threshold(i);
            let (at, text) = match m {
                Mark::Dot { x, p, label, .. } => {
                    let x = axis.coord(*x);
                    chart.draw_series(std::iter::once(DashedPathElement::new(
                        vec![(x, 0.0), (x, y_top)],
                        8,
                        5,
                        colour.stroke_width(2),
                    )))?;
                    let at = (x, p.clamp(0.0, 1.0));
                    chart.draw_series([
                        Circle::new(at, 8, PAPER.filled()),
                        Circle::new(at, 6, colour.filled()),
                    ])?;
                    (at, label)
                }
                Mark::Band { lo, hi, label } => {
                    let (a, b) = (axis.coord(*lo), axis.coord(*hi));
                    for x in [a, b] {
                        chart.draw_series(std::iter::once(DashedPathElement::new(
                            vec![(x, 0.0), (x, y_top)],
                            8,
                            5,
                            colour.stroke_width(2),
                        )))?;
                    }
                    (((a + b) / 2.0, 0.9), label)
                }
            };
            let text = text.fitted(&theme::bold(NOTE_PX, &colour), 560)?;
            let side = if at.0 <= mid { Side::Right } else { Side::Left };
            let style = theme::bold(NOTE_PX, &colour);
            labels.place(root, glyphs, &text, &style, chart.backend_coord(&at), side)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
