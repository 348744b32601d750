//! The value axis of histograms and exceedance curves: which part of a quantity's range is
//! shown, on which scale, with which tick labels, and a note of what lies outside.
//!
//! ```text
//! histogram   the histogram's bins (the middle 99% of the draws, p0.5 to p99.5)
//! exceedance  the same window, widened to every claim threshold drawn on it
//! scale       log when the bins are (p99 / p1 > 100, or `log = true`), or when the thresholds
//!             widen a positive window past two decades; linear otherwise
//! ticks       linear: one scale for every tick ("2.0M 2.5M 3.0M", "2,000 4,000 6,000");
//!             log: 1, 2, 5 × 10^k in SI form ("500 1k 2k 5k 10k")
//! ```
//!
//! Coordinates given to plotters are the values on a linear axis and `log10` of them on a log
//! axis ([`ValueAxis::coord`]).

use std::ops::Range;

use super::ticks::{self, TickFormat};
use crate::output::format;
use crate::results::Histogram;

/// A value axis (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueAxis {
    /// Logarithmic (then `lo > 0`).
    pub log: bool,
    /// Smallest value shown.
    pub lo: f64,
    /// Largest value shown.
    pub hi: f64,
    /// What lies outside, for the axis description (empty when nothing does).
    pub note: String,
}

impl ValueAxis {
    /// The axis of a histogram: its bins, noting the shares of draws below and above them and
    /// how far they reach (`min`, `max`). `None` for an empty histogram.
    pub(crate) fn of_histogram(h: &Histogram, min: f64, max: f64) -> Option<ValueAxis> {
        let (&lo, &hi) = (h.edges.first()?, h.edges.last()?);
        let total = (h.counts.iter().sum::<u64>() + h.below + h.above).max(1) as f64;
        let share = |k: u64| Share::Exact(k as f64 / total);
        let note = outside((share(h.below), lo, min), (share(h.above), hi, max));
        Some(ValueAxis {
            log: h.log && lo > 0.0,
            lo,
            hi,
            note,
        })
    }

    /// The axis of an exceedance curve: the histogram's window widened to `thresholds`, on a log
    /// scale when the histogram's is, or when the widened positive range spans more than two
    /// decades. The note gives the shares of draws outside (bounded by the histogram's counts).
    pub(crate) fn of_curve(h: &Histogram, (min, max): (f64, f64), thresholds: &[f64]) -> ValueAxis {
        let (mut lo, mut hi) = match (h.edges.first(), h.edges.last()) {
            (Some(&a), Some(&b)) => (a, b),
            _ => (min, max),
        };
        for &t in thresholds.iter().filter(|t| t.is_finite()) {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        if !(hi > lo) {
            let r = ticks::padded_range([lo, hi], 0.05);
            (lo, hi) = (r.start, r.end);
        }
        let log = lo > 0.0 && (h.log || hi / lo > 100.0);
        // Shares outside: counted for the histogram's window; at most those counts for a
        // window the thresholds widened.
        let total = (h.counts.iter().sum::<u64>() + h.below + h.above).max(1) as f64;
        let side = |k: u64, edge: Option<&f64>, at: f64| {
            let p = k as f64 / total;
            match edge {
                Some(&e) if e == at => Share::Exact(p),
                Some(_) => Share::AtMost(p),
                None => Share::AtMost(1.0),
            }
        };
        let below = side(h.below, h.edges.first(), lo);
        let above = side(h.above, h.edges.last(), hi);
        let note = outside((below, lo, min), (above, hi, max));
        ValueAxis { log, lo, hi, note }
    }

    /// The plotting coordinate of value `x`.
    pub(crate) fn coord(&self, x: f64) -> f64 {
        if self.log {
            x.max(f64::MIN_POSITIVE).log10()
        } else {
            x
        }
    }

    /// The plotting range, padded by 2% on each side.
    pub(crate) fn range(&self) -> Range<f64> {
        ticks::padded_range([self.coord(self.lo), self.coord(self.hi)], 0.02)
    }

    /// Tick positions (coordinates) for a log axis; `None` lets plotters choose linear ones.
    pub(crate) fn ticks(&self) -> Option<Vec<f64>> {
        self.log.then(|| ticks::log_ticks(&self.range()))
    }

    /// The tick labeller: one number style for every tick of the axis.
    pub(crate) fn labeller(&self) -> impl Fn(&f64) -> String {
        let linear = TickFormat::new(&self.range());
        let log = self.log;
        move |c: &f64| {
            if log {
                si(10f64.powf(*c))
            } else {
                linear.label(*c)
            }
        }
    }

    /// `desc`, followed by the note of what lies outside.
    pub(crate) fn describe(&self, desc: &str) -> String {
        let scale = if self.log { " · log scale" } else { "" };
        if self.note.is_empty() {
            format!("{desc}{scale}")
        } else {
            format!("{desc}{scale} · {}", self.note)
        }
    }
}

/// A share of the draws outside the window: counted, or bounded by a count.
#[derive(Debug, Clone, Copy)]
enum Share {
    Exact(f64),
    AtMost(f64),
}

/// "not shown: 0.5% of draws below 1.24M (down to 900k), 0.5% above 4.1M (up to 6.8M)", or
/// empty. Each side is (share, edge, extreme draw).
fn outside((below, lo, min): (Share, f64, f64), (above, hi, max): (Share, f64, f64)) -> String {
    let mut parts = Vec::new();
    if min < lo {
        parts.push(format!(
            "{} below {} (down to {})",
            share(below),
            value(lo),
            value(min)
        ));
    }
    if max > hi {
        parts.push(format!(
            "{} above {} (up to {})",
            share(above),
            value(hi),
            value(max)
        ));
    }
    match parts.first_mut() {
        None => String::new(),
        Some(first) => {
            // "0.5% below …" → "0.5% of draws below …"
            *first = first.replacen(" below", " of draws below", 1).replacen(
                " above",
                " of draws above",
                1,
            );
            format!("not shown: {}", parts.join(", "))
        }
    }
}

fn share(s: Share) -> String {
    let pct = |p: f64| {
        if p < 0.001 {
            "<0.1%".to_string()
        } else {
            format!("{}%", format::grouped(p * 100.0, 1))
        }
    };
    match s {
        Share::Exact(p) => pct(p),
        Share::AtMost(p) if p < 0.001 => "<0.1%".to_string(),
        Share::AtMost(p) => format!("at most {}", pct(p)),
    }
}

/// A value in a note: three significant figures, in short form from 10,000 ("86.4", "1.24M").
fn value(x: f64) -> String {
    if x.abs() >= 1e4 {
        si(format::grouped(x, 3).replace(',', "").parse().unwrap_or(x))
    } else {
        format::grouped(x, 3)
    }
}

/// A tick value of a log axis in SI form: `500`, `2k`, `1.5M`, `0.02`.
pub(crate) fn si(x: f64) -> String {
    let (v, suffix) = match x.abs() {
        a if a >= 1e9 => (x / 1e9, "B"),
        a if a >= 1e6 => (x / 1e6, "M"),
        a if a >= 1e3 => (x / 1e3, "k"),
        _ => (x, ""),
    };
    format!("{}{suffix}", format::grouped(v, 3).replace(',', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(edges: Vec<f64>, log: bool) -> Histogram {
        let bins = edges.len() - 1;
        Histogram {
            edges,
            counts: vec![10; bins],
            below: 1,
            above: 1,
            log,
            integer: false,
        }
    }

    #[test]
    fn histogram_axes_span_the_bins_and_note_the_rest() {
        let h = hist(vec![10.0, 20.0, 30.0], false);
        let a = ValueAxis::of_histogram(&h, 2.0, 7_000.0).unwrap();
        assert_eq!((a.lo, a.hi, a.log), (10.0, 30.0, false));
        assert_eq!(
            a.note,
            "not shown: 5% of draws below 10 (down to 2), 5% above 30 (up to 7,000)"
        );
        assert!(ValueAxis::of_histogram(&Histogram::empty(), 0.0, 1.0).is_none());
    }

    #[test]
    fn far_thresholds_widen_the_axis_onto_a_log_scale() {
        let h = hist(vec![10.0, 20.0, 30.0], false);
        let a = ValueAxis::of_curve(&h, (9.0, 31.0), &[25.0]);
        assert_eq!((a.lo, a.hi, a.log), (10.0, 30.0, false));
        let a = ValueAxis::of_curve(&h, (9.0, 31.0), &[2_160.0]);
        assert_eq!((a.lo, a.hi, a.log), (10.0, 2_160.0, true), "72× away");
        assert_eq!(a.coord(1_000.0), 3.0);
        assert!(a.ticks().unwrap().contains(&3.0));
    }

    #[test]
    fn one_number_style_per_axis() {
        let h = hist(vec![2_000.0, 6_000.0, 12_000.0], false);
        let a = ValueAxis::of_histogram(&h, 2_000.0, 12_000.0).unwrap();
        let label = a.labeller();
        let labels: Vec<String> = [4_000.0, 6_000.0, 10_000.0].iter().map(label).collect();
        assert_eq!(labels, ["4k", "6k", "10k"]);
        let h = hist(vec![100.0, 1e6], true);
        let a = ValueAxis::of_histogram(&h, 100.0, 1e6).unwrap();
        let label = a.labeller();
        let labels: Vec<String> = a.ticks().unwrap().iter().map(label).collect();
        assert_eq!(labels, ["100", "1k", "10k", "100k", "1M"]);
    }
}
