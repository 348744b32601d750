//! The report's "Precision" section: what `--precision` asked for and reached (and a warning
//! when the target was not met), and the convergence chart.

use super::doc::{Line, Section};
use super::{ChartKind, Embed};
use crate::output::format;
use crate::output::warnings::message;
use crate::results::{RunResult, Warning, PRECISION_RULE};

/// The section, when `--precision` was used or there is a convergence chart.
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let has_chart = charts.has(|k| *k == ChartKind::Convergence);
    if r.precision.is_none() && !has_chart {
        return None;
    }
    let mut out = Section::new("precision", "Precision");
    if let Some(p) = &r.precision {
        out.para(format!(
            "The run drew samples in rounds until the largest error of any claim probability \
             was at most the target, or the cap was reached. The error is measured by the \
             {PRECISION_RULE}."
        ));
        let reached = Line::new()
            .text(format!(
                "Reached: {} (claim ",
                format::percent_sig(p.reached, 2)
            ))
            .name(&r.claims[p.worst].id)
            .text(") — ");
        out.list(vec![
            Line::from(format!("Target: {}", format::percent_sig(p.target, 2))),
            if p.met {
                reached.text("met")
            } else {
                reached
                    .strong("not met")
                    .text(" (the cap was reached first)")
            },
            Line::from(format!(
                "Samples drawn: {} (cap {})",
                format::grouped(p.samples_drawn as f64, 12),
                format::grouped(p.max_samples as f64, 12)
            )),
            Line::from(format!("Rounds: {}", p.rounds)),
        ]);
        for w in r.named_warnings() {
            if matches!(w, Warning::PrecisionNotMet { .. }) {
                out.warning(message(&w));
            }
        }
    }
    if has_chart {
        out.para(
            "The chart shows each claim's estimate as draws accumulated; the band is ±2 Monte \
             Carlo standard errors. A line that has levelled off inside a narrow band has \
             settled.",
        );
        charts.embed(&mut out, |k| *k == ChartKind::Convergence);
    }
    Some(out)
}
