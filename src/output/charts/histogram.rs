//! Histogram of one model quantity, with its 5th, 50th and 95th percentiles marked.

use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{DashedPathElement, Rectangle};
use plotters::style::Color;

use super::annotate::{self, Labels, Side};
use super::axes::{self, Axes, Frame};
use super::axis::ValueAxis;
use super::backend::Backend;
use super::render::{Chart, DrawError};
use super::text::Glyphs;
use super::theme::{self, DATA, NOTE_PX, PERCENTILE};
use super::ticks;
use super::QuantityView;
use crate::output::format;
use crate::results::Histogram;

/// The histogram chart of one quantity.
pub(crate) struct HistogramChart<'a> {
    title: String,
    subtitle: String,
    x_desc: String,
    axis: ValueAxis,
    histogram: &'a Histogram,
    /// (name, value, label text) of p5, p50 and p95.
    percentiles: Vec<(&'static str, f64, String)>,
}

impl<'a> HistogramChart<'a> {
    /// The chart of a quantity summarised by `quantity`, over `samples` draws; `None` for a
    /// constant (or an empty histogram).
    pub(crate) fn new(
        quantity: &QuantityView,
        histogram: &'a Histogram,
        samples: u64,
    ) -> Option<Self> {
        let axis = ValueAxis::of_histogram(histogram, quantity.min, quantity.max)?;
        let title = quantity.label_with_unit();
        let bins = if histogram.integer {
            " · bins of whole numbers"
        } else {
            ""
        };
        let subtitle = format!(
            "Distribution over {} draws · dashed lines: 5th, 50th and 95th percentiles{bins}",
            format::grouped(samples as f64, 20)
        );
        let percentiles = quantity
            .percentiles
            .iter()
            .map(|&(name, value, se)| (name, value, rounded(value, se)))
            .collect();
        Some(HistogramChart {
            x_desc: axis.describe(&title),
            title,
            subtitle,
            axis,
            histogram,
            percentiles,
        })
    }

    /// The same chart of the distribution after the evidence (the draws weighted by it): the
    /// subtitle says so.
    pub(crate) fn after_evidence(mut self) -> Self {
        self.subtitle = self.subtitle.replacen(
            "Distribution over",
            "Distribution after the evidence, over",
            1,
        );
        self.subtitle = self
            .subtitle
            .replacen(" draws ·", " draws weighted by it ·", 1);
        self
    }

    /// The title shown on the chart.
    pub(crate) fn title(&self) -> &str {
        &self.title
    }

    /// Bars as (left, right, height) in plotting coordinates: the share of draws in the bin,
    /// scaled by the typical bin's width over this bin's (equal bins: the share itself).
    pub(crate) fn bars(&self) -> Vec<(f64, f64, f64)> {
        let h = self.histogram;
        let total = (h.counts.iter().sum::<u64>() + h.below + h.above).max(1) as f64;
        let widths: Vec<f64> = h
            .edges
            .windows(2)
            .map(|e| self.axis.coord(e[1]) - self.axis.coord(e[0]))
            .collect();
        let mut sorted = widths.clone();
        sorted.sort_by(f64::total_cmp);
        let typical = sorted.get(sorted.len() / 2).copied().unwrap_or(1.0);
        h.counts
            .iter()
            .zip(h.edges.windows(2))
            .zip(&widths)
            .map(|((&c, e), &w)| {
                let scale = if w > 0.0 { typical / w } else { 1.0 };
                let height = c as f64 / total * scale;
                (self.axis.coord(e[0]), self.axis.coord(e[1]), height)
            })
            .collect()
    }

    /// The value axis.
    #[cfg(test)]
    pub(crate) fn axis(&self) -> &ValueAxis {
        &self.axis
    }
}

/// `x` rounded to the precision its Monte Carlo standard error `se` supports (the decade of the
/// error's leading digit), in short form: `1_487_654 ± 4_300` → `"1.488M"`.
pub(crate) fn rounded(x: f64, se: f64) -> String {
    if !(se.is_finite() && se > 0.0 && x.is_finite()) || x == 0.0 {
        return format::short(x);
    }
    let step = 10f64.powf(se.log10().floor());
    let r = (x / step).round() * step;
    let (scale, suffix) = match r.abs() {
        a if a >= 1e9 => (1e9, "B"),
        a if a >= 1e6 => (1e6, "M"),
        a if a >= 1e4 => (1e3, "k"),
        _ => (1.0, ""),
    };
    let decimals = (scale / step).log10().round().max(0.0) as usize;
    if suffix.is_empty() && decimals == 0 {
        format::grouped(r, 15)
    } else {
        format!("{:.*}{suffix}", decimals, r / scale)
    }
}

impl Chart for HistogramChart<'_> {
    fn draw<DB: Backend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        glyphs: Glyphs,
    ) -> Result<(), DrawError> {
        let body = annotate::header(root, glyphs, &self.title, &self.subtitle)?;
        let bars = self.bars();
        let x_range = self.axis.range();
        let peak = bars.iter().map(|b| b.2).fold(0.0, f64::max);
        // Headroom for the percentile labels, but no axis beyond 100%.
        let y_top = if peak > 0.0 {
            (peak * 1.3).min(peak.max(1.0))
        } else {
            1.0
        };
        let frame = Frame::default();
        let mut chart = axes::plot(&body, frame, x_range.clone(), 0.0..y_top)?;

        let x_fmt = self.axis.labeller();
        let x_ticks = self.axis.ticks();
        axes::draw_mesh(
            &mut chart,
            root,
            glyphs,
            &Axes {
                x_desc: &self.x_desc,
                y_desc: "share of draws",
                x_fmt: &x_fmt,
                y_fmt: &|y| ticks::percent_label(*y, y_top),
                y_ticks: true,
                x_ticks: x_ticks.as_deref(),
                frame,
            },
        )?;

        // Bars narrower than 5 px are drawn without gaps; a constant gets a visible bar.
        let (px_range, _) = chart.plotting_area().get_pixel_range();
        let px_per_unit = (px_range.end - px_range.start) as f64 / (x_range.end - x_range.start);
        let min_width = 6.0 / px_per_unit;
        let gap = bars
            .first()
            .is_some_and(|b| (b.1 - b.0) * px_per_unit >= 5.0);
        chart.draw_series(bars.iter().map(|&(l, r, share)| {
            let (l, r) = if r - l < min_width {
                let mid = (l + r) / 2.0;
                (mid - min_width / 2.0, mid + min_width / 2.0)
            } else {
                (l, r)
            };
            let mut bar = Rectangle::new([(l, 0.0), (r, share)], DATA.mix(0.85).filled());
            if gap {
                bar.set_margin(0, 0, 0, 1);
            }
            bar
        }))?;

        let marks: Vec<_> = self
            .percentiles
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|(name, value, text)| (*name, self.axis.coord(*value), text.as_str()))
            .collect();
        chart.draw_series(marks.iter().map(|&(_, value, _)| {
            DashedPathElement::new(
                vec![(value, 0.0), (value, y_top)],
                7,
                5,
                PERCENTILE.stroke_width(2),
            )
        }))?;
        // Labels go outwards: p5 to the left of its line, p50 and p95 to the right. Equal
        // percentiles (a constant) share one label.
        let mut labels = Labels::new(chart.plotting_area().get_pixel_range());
        let style = theme::text(NOTE_PX, &PERCENTILE);
        for (i, &(name, value, shown)) in marks.iter().enumerate() {
            if marks[..i].iter().any(|m| m.1 == value) {
                continue;
            }
            let names: Vec<_> = marks[i..]
                .iter()
                .filter(|m| m.1 == value)
                .map(|m| m.0)
                .collect();
            let text = format!("{} {shown}", names.join(" = "));
            let at = chart.backend_coord(&(value, y_top * 0.93));
            let side = if name == "p5" && names.len() == 1 {
                Side::Left
            } else {
                Side::Right
            };
            labels.place(root, glyphs, &text, &style, at, side)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(min: f64, max: f64, se: f64) -> QuantityView {
        QuantityView {
            label: "containers".into(),
            unit: Some("containers".into()),
            mean: 3.0,
            min,
            max,
            percentiles: [("p5", 1.0, se), ("p50", 3.0, se), ("p95", 6.0, se)],
        }
    }

    /// Issue 14: constants get no chart; small integers get one bar per whole number, each
    /// centred on it.
    #[test]
    fn constants_get_no_chart_and_integer_bars_centre_on_whole_numbers() {
        let empty = Histogram::empty();
        assert!(HistogramChart::new(&view(3.0, 3.0, 0.0), &empty, 100).is_none());
        let h = Histogram {
            edges: (0..=8).map(|k| k as f64 - 0.5).collect(),
            counts: vec![5, 10, 20, 20, 15, 10, 10, 10],
            below: 0,
            above: 0,
            log: false,
            integer: true,
        };
        let chart = HistogramChart::new(&view(0.0, 7.0, 0.05), &h, 100).unwrap();
        let after = HistogramChart::new(&view(0.0, 7.0, 0.05), &h, 100)
            .unwrap()
            .after_evidence();
        assert!(
            after
                .subtitle
                .starts_with("Distribution after the evidence, over 100 draws weighted by it ·"),
            "{}",
            after.subtitle
        );
        assert!(!chart.subtitle.contains("evidence"));
        let bars = chart.bars();
        assert_eq!(bars.len(), 8);
        for (k, b) in bars.iter().enumerate() {
            assert_eq!((b.0 + b.1) / 2.0, k as f64, "bar {k} centred on {k}");
        }
        assert_eq!(bars[2].2, 0.2);
        assert_eq!(chart.axis().lo, -0.5);
        assert!(chart.subtitle.contains("whole numbers"));
    }

    /// Log bins are drawn on log coordinates with equal widths there.
    #[test]
    fn log_bins_are_equal_on_the_log_axis() {
        let h = Histogram {
            edges: vec![10.0, 100.0, 1_000.0, 10_000.0],
            counts: vec![10, 20, 10],
            below: 0,
            above: 0,
            log: true,
            integer: false,
        };
        let chart = HistogramChart::new(&view(10.0, 10_000.0, 1.0), &h, 40).unwrap();
        assert!(chart.axis().log);
        let bars = chart.bars();
        assert_eq!(bars[0].0, 1.0);
        assert_eq!(bars[2].1, 4.0);
        assert_eq!(bars[1].2, 0.5);
    }

    /// Percentile labels keep the digits their Monte Carlo standard error supports.
    #[test]
    fn percentile_labels_follow_their_error() {
        assert_eq!(rounded(1_487_654.0, 4_300.0), "1.488M");
        assert_eq!(rounded(1_487_654.0, 43_000.0), "1.49M");
        assert_eq!(rounded(66.37, 0.8), "66.4");
        assert_eq!(rounded(66.37, 3.0), "66");
        assert_eq!(rounded(4_321.0, 12.0), "4,320");
    }
}
