//! Axis ranges and tick labels.
//!
//! Tick labels of one axis share one style: one suffix and one number of decimals for every tick
//! ("2.5M 3.0M 3.5M", "450k 500k", "2,000 4,000"; never "5,000" beside "10k"), with as many
//! decimals as the tick step needs, so neighbouring ticks never share a label.

use std::ops::Range;

use crate::output::format;

/// Roughly how many ticks plotters draws on an axis (it picks "nice" steps near span / this).
pub(crate) const TICKS: usize = 8;

/// Largest magnitude an axis shows; beyond it plotters' tick arithmetic overflows.
const LIMIT: f64 = 1e300;

/// A finite, non-empty range covering every finite value in `values` (limited to ±1e300),
/// padded by `pad` (at most 1) of its span on each side. A single value gets a range around it;
/// no finite value gives `0..1`.
pub(crate) fn padded_range(values: impl IntoIterator<Item = f64>, pad: f64) -> Range<f64> {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(-LIMIT, LIMIT))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return 0.0..1.0;
    }
    let span = hi - lo;
    if span <= 1e-9 * lo.abs().max(hi.abs()) || span == 0.0 {
        let half = (lo.abs() * 0.1).max(1.0);
        return lo - half..hi + half;
    }
    let pad = span * pad.clamp(0.0, 1.0);
    lo - pad..hi + pad
}

/// Formats values on an axis spanning `range` so that neighbouring ticks differ.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TickFormat {
    scale: f64,
    suffix: &'static str,
    decimals: usize,
}

impl TickFormat {
    /// The format for an axis over `range`.
    pub(crate) fn new(range: &Range<f64>) -> Self {
        let magnitude = range.start.abs().max(range.end.abs());
        let step = ((range.end - range.start).abs() / TICKS as f64).max(f64::MIN_POSITIVE);
        let (scale, suffix) = match magnitude {
            m if m >= 1e9 => (1e9, "B"),
            m if m >= 1e6 => (1e6, "M"),
            m if m >= 1e4 => (1e3, "k"),
            _ => (1.0, ""),
        };
        // At least the decimals of the short form ("3.0M"), and those the step needs.
        let least = if suffix == "M" || suffix == "B" { 1 } else { 0 };
        let needed = (-(step / scale).log10()).ceil().clamp(0.0, 9.0) as usize;
        Self {
            scale,
            suffix,
            decimals: needed.max(least),
        }
    }

    /// The label of one tick.
    pub(crate) fn label(&self, x: f64) -> String {
        if x == 0.0 || !x.is_finite() {
            return format::short(x);
        }
        if self.suffix.is_empty() && self.decimals == 0 {
            return format::grouped(x.round(), 15);
        }
        format!("{:.*}{}", self.decimals, x / self.scale, self.suffix)
    }
}

/// A probability as a tick label on an axis spanning `span`: `0.4` → `"40%"`, with decimals
/// only when ticks are closer than one percentage point.
pub(crate) fn percent_label(p: f64, span: f64) -> String {
    let step = span / TICKS as f64;
    let decimals = if step >= 0.01 {
        0
    } else if step >= 0.001 {
        1
    } else {
        2
    };
    format!("{:.*}%", decimals, p * 100.0)
}

/// A change in probability as a tick label in percentage points on an axis spanning `span`
/// (in probability): `0.1` → `"10"`, `-0.05` → `"-5"`, with decimals only for narrow axes.
pub(crate) fn points_label(p: f64, span: f64) -> String {
    let label = percent_label(p, span);
    let label = label.trim_end_matches('%');
    if label
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".to_string()
    } else {
        label.to_string()
    }
}

/// Tick positions for a logarithmic axis whose coordinates are `log10` of the values, over
/// `range` (in those coordinates): the 1, 2 and 5 of each decade, or only the powers of ten
/// when that would be too many. Empty for a range that is not finite.
pub(crate) fn log_ticks(range: &Range<f64>) -> Vec<f64> {
    if !(range.start.is_finite() && range.end.is_finite()) || range.end <= range.start {
        return Vec::new();
    }
    let (lo, hi) = (range.start.max(-300.0), range.end.min(300.0));
    let at = |mantissas: &[f64]| -> Vec<f64> {
        let mut out = Vec::new();
        let mut k = lo.floor() as i32;
        while f64::from(k) <= hi.ceil() {
            for m in mantissas {
                let x = f64::from(k) + m.log10();
                if x >= lo - 1e-9 && x <= hi + 1e-9 {
                    out.push(x);
                }
            }
            k += 1;
        }
        out
    };
    let fine = at(&[1.0, 2.0, 5.0]);
    if fine.len() <= TICKS + 2 {
        fine
    } else {
        at(&[1.0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_finite_and_non_empty() {
        assert_eq!(padded_range([], 0.05), 0.0..1.0);
        assert_eq!(padded_range([f64::NAN, f64::INFINITY], 0.05), 0.0..1.0);
        assert_eq!(padded_range([5.0], 0.05), 4.0..6.0);
        assert_eq!(padded_range([1e7, 1e7], 0.05), 9e6..1.1e7);
        assert_eq!(padded_range([0.0, 10.0], 0.1), -1.0..11.0);
        for huge in [
            [-f64::MAX, f64::MAX],
            [-f64::MAX, 0.0],
            [f64::MAX, f64::MAX],
        ] {
            let r = padded_range(huge, 0.05);
            assert!((r.end - r.start).is_finite() && r.start < r.end, "{r:?}");
        }
    }

    #[test]
    fn wide_axes_use_short_labels() {
        let f = TickFormat::new(&(0.0..6e6));
        assert_eq!(f.label(3e6), "3.0M");
        assert_eq!(f.label(0.0), "0");
        let f = TickFormat::new(&(0.0..500_000.0));
        assert_eq!(f.label(450_000.0), "450k");
    }

    #[test]
    fn narrow_axes_get_more_decimals() {
        let f = TickFormat::new(&(2.9e6..3.1e6));
        assert_eq!(f.label(2.95e6), "2.95M");
        assert_ne!(f.label(2.975e6), f.label(3.0e6));
        let f = TickFormat::new(&(100.0..100.5));
        assert_ne!(f.label(100.1), f.label(100.2));
    }

    /// Issue 14: no "5,000" beside "10k" on one axis.
    #[test]
    fn every_tick_of_an_axis_has_one_style() {
        let f = TickFormat::new(&(0.0..12_000.0));
        let labels: Vec<String> = [2e3, 5e3, 1e4].iter().map(|x| f.label(*x)).collect();
        assert_eq!(labels, ["2k", "5k", "10k"]);
        let f = TickFormat::new(&(0.0..8_000.0));
        let labels: Vec<String> = [2e3, 5e3].iter().map(|x| f.label(*x)).collect();
        assert_eq!(labels, ["2,000", "5,000"]);
        let f = TickFormat::new(&(0.0..1.0));
        assert_eq!(f.label(0.2), "0.2");
    }

    #[test]
    fn point_labels() {
        assert_eq!(points_label(0.1, 0.5), "10");
        assert_eq!(points_label(-0.05, 0.5), "-5");
        assert_eq!(points_label(-0.0, 0.5), "0");
        assert_eq!(points_label(0.025, 0.05), "2.5");
    }

    #[test]
    fn log_ticks_are_decades() {
        let t = log_ticks(&(3.0..7.0));
        let values: Vec<f64> = t.iter().map(|x| 10f64.powf(*x).round()).collect();
        assert_eq!(values, [1e3, 1e4, 1e5, 1e6, 1e7]);
        let t = log_ticks(&(2.9..4.1));
        let values: Vec<f64> = t.iter().map(|x| 10f64.powf(*x).round()).collect();
        assert_eq!(values, [1e3, 2e3, 5e3, 1e4]);
        assert!(log_ticks(&(f64::NAN..1.0)).is_empty());
        assert!(log_ticks(&(2.0..1.0)).is_empty());
    }

    #[test]
    fn percent_labels() {
        assert_eq!(percent_label(0.4, 1.0), "40%");
        assert_eq!(percent_label(0.08, 0.092), "8%");
        assert_eq!(percent_label(0.025, 0.05), "2.5%");
    }
}
