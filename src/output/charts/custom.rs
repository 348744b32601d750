//! `[[chart]]`: exceedance curves or histograms of the quantities the analyst lists, overlaid on
//! one axis, optionally on a log scale and over a given x range.
//!
//! Both kinds read each quantity's exceedance curve (201 exact order statistics). A histogram
//! of several quantities needs common bins, so its bars are read off those curves: the share of
//! draws in [a, b) is P(X ≥ a) − P(X ≥ b), with P interpolated linearly between the order
//! statistics (each 0.5% of the draws apart), over 40 bins equal in x (or in log x).

use super::compare::Overlay;
use crate::output::format;
use crate::results::{ChartSpec, CustomKind, RunResult};

/// Bins of a `[[chart]]` histogram.
const BINS: usize = 40;

/// P(X ≥ t) on `curve`, linear between its points: 1 before the first, 0 after the last.
fn exceedance(curve: &[(f64, f64)], t: f64) -> f64 {
    let i = curve.partition_point(|p| p.0 < t);
    match (i.checked_sub(1).map(|j| curve[j]), curve.get(i)) {
        (None, Some(p)) => p.1,
        (Some(_), None) | (None, None) => 0.0,
        (Some(a), Some(b)) if b.0 > a.0 => a.1 + (b.1 - a.1) * (t - a.0) / (b.0 - a.0),
        (Some(_), Some(b)) => b.1,
    }
}

/// Histogram outline (step points) of `curve` over bin edges `edges` (in values).
fn histogram(curve: &[(f64, f64)], edges: &[f64], to_axis: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(2 * edges.len());
    for w in edges.windows(2) {
        let share = exceedance(curve, w[0]) - exceedance(curve, w[1]);
        out.push((to_axis(w[0]), share));
        out.push((to_axis(w[1]), share));
    }
    out
}

/// The chart of one `[[chart]]` entry.
pub(crate) fn chart(r: &RunResult, spec: &ChartSpec) -> Overlay {
    let names: Vec<&str> = spec
        .quantities
        .iter()
        .map(|&q| r.quantities[q].name.as_str())
        .collect();
    let curves: Vec<&[(f64, f64)]> = spec
        .quantities
        .iter()
        .map(|&q| r.quantities[q].answer_curves().exceedance.as_slice())
        .collect();
    let positive = |x: f64| !spec.log || x > 0.0;
    let axis = |x: f64| if spec.log { x.log10() } else { x };
    let (lo, hi) = spec.x.unwrap_or_else(|| {
        let xs = curves
            .iter()
            .flat_map(|c| c.iter().map(|p| p.0))
            .filter(|&x| positive(x));
        xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        })
    });
    let lines = names
        .iter()
        .zip(&curves)
        .map(|(name, curve)| {
            let points = match spec.kind {
                CustomKind::Exceedance => curve
                    .iter()
                    .filter(|p| positive(p.0))
                    .map(|&(x, p)| (axis(x), p))
                    .collect(),
                CustomKind::Histogram if lo < hi => {
                    let edges: Vec<f64> = (0..=BINS)
                        .map(|k| {
                            let t = k as f64 / BINS as f64;
                            if spec.log {
                                10f64.powf(lo.log10() + (hi.log10() - lo.log10()) * t)
                            } else {
                                lo + (hi - lo) * t
                            }
                        })
                        .collect();
                    histogram(curve, &edges, axis)
                }
                CustomKind::Histogram => Vec::new(),
            };
            (name.to_string(), points)
        })
        .collect();
    let unit = spec
        .quantities
        .first()
        .and_then(|&q| r.quantities[q].unit.clone());
    let list = names.join(", ");
    let basis = if r.posterior.is_some() {
        " (after the evidence)"
    } else {
        ""
    };
    let (title, subtitle, y_desc) = match spec.kind {
        CustomKind::Exceedance => (
            format!("P(X ≥ x): {list}"),
            format!("Share of {} draws at or above x{basis}", format::grouped(r.run.samples as f64, 20)),
            "share of draws ≥ x",
        ),
        CustomKind::Histogram => (
            format!("Distribution of {list}"),
            format!("Share of draws in each of {BINS} bins{basis}, read from 201 exact order statistics of each quantity"),
            "share of draws in the bin",
        ),
    };
    let scale = if spec.log { " (log scale)" } else { "" };
    Overlay {
        title: spec.title.clone().unwrap_or(title),
        subtitle,
        x_desc: match unit {
            Some(u) => format!("x ({u}){scale}"),
            None => format!("x{scale}"),
        },
        y_desc: y_desc.to_string(),
        lines,
        share: spec.kind == CustomKind::Exceedance,
        log: spec.log,
        x_range: (lo < hi).then(|| axis(lo)..axis(hi)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_read_off_the_curve_add_up() {
        let curve: Vec<(f64, f64)> = (0..=200)
            .map(|k| (k as f64, 1.0 - k as f64 / 200.0))
            .collect();
        let edges: Vec<f64> = (0..=40).map(|k| k as f64 * 5.0).collect();
        let h = histogram(&curve, &edges, |x| x);
        let total: f64 = h.iter().step_by(2).map(|p| p.1).sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        assert!((h[0].1 - 0.025).abs() < 1e-12);
        assert_eq!(exceedance(&curve, -1.0), 1.0);
        assert_eq!(exceedance(&curve, 201.0), 0.0);
    }
}
