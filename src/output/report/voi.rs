//! The report's "What to find out next" section: for every claim, which input's value would
//! move its probability most (value of information), on the basis the numbers were computed on
//! (after the evidence when there is evidence), with each value's standard error; inputs on
//! which the claim does not detectably depend show 0.

use super::doc::{Line, Section, Table};
use super::sensitivity::basis_sentence;
use super::{ChartKind, Embed};
use crate::output::format;
use crate::results::{Basis, RunResult, Status, Voi};

/// The introduction: what each column means.
fn intro() -> Line {
    Line::new()
        .text(
            "Which fact, if it could be established, would change each answer most? For every \
             input, the ",
        )
        .strong("expected change")
        .text(
            " is how far the claim's probability would move, on average, if that input were \
             known exactly and everything else stayed as uncertain as it is now, in percentage \
             points (pp), with its standard error; it is never more than 2p(1 − p), the change \
             if the input settled the claim. The ",
        )
        .strong("flip probability")
        .text(
            " is the chance that learning the input would carry the claim across 50% (from \
             likely to unlikely or the reverse); the draws resolve it only in steps of about \
             one bin of the input (a few percent), and a bin counts only when it is clearly \
             across. Both are corrected for sampling noise: an input on which the claim does \
             not detectably depend (a χ² test at the 1% level) shows 0 for both. Inputs are \
             listed by expected change.",
        )
}

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
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let s = r.sensitivity.as_ref()?;
    let claims: Vec<_> = s
        .voi
        .iter_enumerated()
        .filter(|(id, row)| !row.is_empty() && s.claims[*id].status != Status::ConstantOutput)
        .collect();
    if claims.is_empty() {
        return None;
    }
    let mut out = Section::new("what-to-find-out-next", "What to find out next");
    out.para(intro().then(basis_sentence(s.basis)));
    for (id, row_) in claims {
        let claim = &r.claims[id];
        out.sub(Line::new().name(&claim.id), None);
        let sens = &s.claims[id];
        if sens.status == Status::TooFewEvents {
            out.para(
                "Not resolved: the claim holds (or fails) on fewer than 100 of the draws used \
                 here, too few to say what learning an input would do.",
            );
            continue;
        }
        let constant: Vec<_> = s.constant_inputs(sens);
        let mut entries: Vec<_> = s.row(row_).filter(|(q, _)| !constant.contains(q)).collect();
        let key = |x: f64| if x.is_finite() { x } else { f64::NEG_INFINITY };
        entries
            .sort_by(|a, b| key(b.1.expected_abs_change).total_cmp(&key(a.1.expected_abs_change)));
        let name = |d| r.driver_label(d);
        let mut t = Table::new(&["input", ">expected change (pp)", ">flip probability"]);
        for &(input, e) in &entries {
            t.row(vec![
                Line::new().name(name(input)),
                Line::from(change_cell(e)),
                Line::from(flip_text(e)),
            ]);
        }
        out.table(t);
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
        let mut p = match entries.first().filter(|(_, e)| detected(e)) {
            Some(&(input, e)) => {
                let mut p = Line::from("Knowing ")
                    .strong(name(input))
                    .text(" exactly would move the probability of ")
                    .name(&claim.id)
                    .text(format!(
                        "{now} by about {} points on average",
                        format::value_pm(
                            e.expected_abs_change * 100.0,
                            e.expected_abs_change_se * 100.0
                        ),
                    ));
                p = if e.flip_probability > 0.0 {
                    p.text(format!(
                        ", with a chance of about {} of carrying it across 50%.",
                        flip_text(e)
                    ))
                } else {
                    p.text(", without carrying it across 50%.")
                };
                if let Some(&(second, e2)) = entries.get(1).filter(|(_, e)| detected(e)) {
                    p = p.text(" Next comes ").strong(name(second)).text(format!(
                        " (about {} points).",
                        format::value_pm(
                            e2.expected_abs_change * 100.0,
                            e2.expected_abs_change_se * 100.0
                        )
                    ));
                }
                p
            }
            None => Line::from(
                "The claim does not detectably depend on any single input: no single fact would \
                 be expected to move it noticeably.",
            ),
        };
        let noise: Vec<String> = entries
            .iter()
            .filter(|(_, e)| !detected(e))
            .map(|&(q, _)| name(q))
            .collect();
        if !noise.is_empty() && noise.len() < entries.len() {
            p = p.text(" No detectable effect: ");
            for (i, n) in noise.iter().enumerate() {
                p = p.text(if i == 0 { "" } else { ", " }).name(n);
            }
            p = p.text(".");
        }
        out.para(p);
        charts.embed(&mut out, |k| *k == ChartKind::ValueOfInformation(id));
    }
    Some(out)
}
