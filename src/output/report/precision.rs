//! The report's "Precision" section: what `--precision` asked for and reached (and a warning
//! when the target was not met), and the convergence chart.

use std::fmt::Write as _;

use super::md;
use super::{ChartKind, Embed};
use crate::output::format;
use crate::output::warnings::message;
use crate::results::{RunResult, Warning, PRECISION_RULE};

/// The section, when `--precision` was used or there is a convergence chart.
pub(super) fn section(out: &mut String, r: &RunResult, charts: &mut Embed) {
    let has_chart = charts.has(|k| *k == ChartKind::Convergence);
    if r.precision.is_none() && !has_chart {
        return;
    }
    out.push_str("## Precision\n\n");
    if let Some(p) = &r.precision {
        let _ = write!(
            out,
            "The run drew samples in rounds until the largest error of any claim probability \
             was at most the target, or the cap was reached. The error is measured by the \
             {PRECISION_RULE}.\n\n\
             - Target: {}\n- Reached: {} (claim {}) — {}\n- Samples drawn: {} (cap {})\n- Rounds: {}\n\n",
            format::percent_sig(p.target, 2),
            format::percent_sig(p.reached, 2),
            r.claims[p.worst].id,
            if p.met {
                "met"
            } else {
                "**not met** (the cap was reached first)"
            },
            format::grouped(p.samples_drawn as f64, 12),
            format::grouped(p.max_samples as f64, 12),
            p.rounds
        );
        for w in r.named_warnings() {
            if matches!(w, Warning::PrecisionNotMet { .. }) {
                md::warning(out, &message(&w));
            }
        }
    }
    if has_chart {
        out.push_str(
            "The chart shows each claim's estimate as draws accumulated; the band is ±2 Monte \
             Carlo standard errors. A line that has levelled off inside a narrow band has \
             settled.\n\n",
        );
        charts.embed(out, |k| *k == ChartKind::Convergence);
    }
}
