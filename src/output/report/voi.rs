//! The report's "What to find out next" section: for every claim, which input's value would
//! move its probability most (value of information), on the basis the numbers were computed on
//! (after the evidence when there is evidence), with each value's standard error; inputs on
//! which the claim does not detectably depend show 0.

use std::fmt::Write as _;

use super::md::row;
use super::sensitivity::basis_sentence;
use super::{ChartKind, Embed};
use crate::output::format;
use crate::results::{Basis, RunResult, Status, Voi};

const INTRO: &str = "Which fact, if it could be established, would change each answer \
most? For every input, the **expected change** is how far the claim's probability would move, \
on average, if that input were known exactly and everything else stayed as uncertain as it is \
now, in percentage points (pp), with its standard error; it is never more than 2p(1 − p), the \
change if the input settled the claim. The **flip probability** is the chance that learning the \
input would carry the claim across 50% (from likely to unlikely or the reverse); the draws \
resolve it only in steps of about one bin of the input (a few percent), and a bin counts only \
when it is clearly across. Both are corrected for sampling noise: an input on which the claim \
does not detectably depend (a χ² test at the 1% level) shows 0 for both. Inputs are listed by \
expected change.";

/// Expected change in pp with its error, or why it is 0.
fn change_cell(e: &Voi) -> String {
    if e.detected {
        format::value_pm(
            e.expected_abs_change * 100.0,
            e.expected_abs_change_se * 100.0,
        )
    } else {
        "0 (not detected)".to_string()
    }
}

/// A flip probability to the resolution of its steps (whole percent).
pub(crate) fn flip_text(e: &Voi) -> String {
    if e.flip_probability <= 0.0 {
        "0%".to_string()
    } else {
        format!("{:.0}%", (e.flip_probability * 100.0).max(1.0))
    }
}

/// The section, when value of information was computed.
pub(super) fn section(out: &mut String, r: &RunResult, charts: &mut Embed) {
    let Some(s) = &r.sensitivity else {
        return;
    };
    let claims: Vec<_> = s
        .voi
        .iter_enumerated()
        .filter(|(id, row)| !row.is_empty() && s.claims[*id].status != Status::ConstantOutput)
        .collect();
    if claims.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "## What to find out next\n\n{INTRO}{}\n\n",
        basis_sentence(s.basis)
    );
    for (id, row_) in claims {
        let claim = &r.claims[id];
        let _ = write!(out, "### {}\n\n", claim.id);
        let sens = &s.claims[id];
        if sens.status == Status::TooFewEvents {
            out.push_str(
                "Not resolved: the claim holds (or fails) on fewer than 100 of the draws used \
                 here, too few to say what learning an input would do.\n\n",
            );
            continue;
        }
        let constant: Vec<_> = s.constant_inputs(sens);
        let mut entries: Vec<_> = s.row(row_).filter(|(q, _)| !constant.contains(q)).collect();
        let key = |x: f64| if x.is_finite() { x } else { f64::NEG_INFINITY };
        entries
            .sort_by(|a, b| key(b.1.expected_abs_change).total_cmp(&key(a.1.expected_abs_change)));
        let name = |d| r.driver_name(d);
        out.push_str("| input | expected change (pp) | flip probability |\n");
        out.push_str("|---|--:|--:|\n");
        for &(input, e) in &entries {
            row(out, &[name(input), &change_cell(e), &flip_text(e)]);
        }
        out.push('\n');
        // The probability on the same basis as the value of information.
        let now = match s.basis {
            Basis::BeforeEvidence => format!(
                " (before the evidence: {})",
                format::percent(claim.forward.probability)
            ),
            Basis::AfterEvidence => format!(
                " (after the evidence: {})",
                format::percent(claim.estimate().probability)
            ),
            Basis::NoEvidence => {
                format!(" (now {})", format::percent(claim.estimate().probability))
            }
        };
        let detected = |e: &Voi| e.detected && e.expected_abs_change > 0.0;
        match entries.first().filter(|(_, e)| detected(e)) {
            Some(&(input, e)) => {
                let _ = write!(
                    out,
                    "Knowing **{}** exactly would move the probability of {}{now} by about \
                     {} points on average",
                    name(input),
                    claim.id,
                    format::value_pm(
                        e.expected_abs_change * 100.0,
                        e.expected_abs_change_se * 100.0
                    ),
                );
                if e.flip_probability > 0.0 {
                    let _ = write!(
                        out,
                        ", with a chance of about {} of carrying it across 50%.",
                        flip_text(e)
                    );
                } else {
                    out.push_str(", without carrying it across 50%.");
                }
                if let Some(&(second, e2)) = entries.get(1).filter(|(_, e)| detected(e)) {
                    let _ = write!(
                        out,
                        " Next comes **{}** (about {} points).",
                        name(second),
                        format::value_pm(
                            e2.expected_abs_change * 100.0,
                            e2.expected_abs_change_se * 100.0
                        )
                    );
                }
            }
            None => out.push_str(
                "The claim does not detectably depend on any single input: no single fact \
                 would be expected to move it noticeably.",
            ),
        }
        let noise: Vec<&str> = entries
            .iter()
            .filter(|(_, e)| !detected(e))
            .map(|&(q, _)| name(q))
            .collect();
        if !noise.is_empty() && noise.len() < entries.len() {
            let _ = write!(out, " No detectable effect: {}.", noise.join(", "));
        }
        out.push_str("\n\n");
        charts.embed(out, |k| *k == ChartKind::ValueOfInformation(id));
    }
}
