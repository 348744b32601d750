//! The report's "What to find out next" section: for every claim, which input's value would
//! move its probability most (value of information), on the basis the numbers were computed on.

use std::fmt::Write as _;

use super::md::row;
use super::sensitivity::basis_sentence;
use super::{ChartKind, Embed};
use crate::output::format;
use crate::results::{Basis, RunResult, Voi};

const INTRO: &str = "Which fact, if it could be established, would change each answer \
most? For every input, the **expected change** is how far the claim's probability would move, \
on average, if that input were known exactly and everything else stayed as uncertain as it is \
now. The **flip probability** is the chance that learning the input would carry the claim \
across 50% (from likely to unlikely or the reverse). The **noise floor** is what an input the \
claim does not depend on would show through sampling noise alone: values near or below it mean \
no detectable effect. Changes are in percentage points (pp).";

/// The section, when value of information was computed.
pub(super) fn section(out: &mut String, r: &RunResult, charts: &mut Embed) {
    let Some(s) = &r.sensitivity else {
        return;
    };
    let claims: Vec<_> = s
        .voi
        .iter_enumerated()
        .filter(|(_, row)| !row.is_empty())
        .collect();
    if claims.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "## What to find out next\n\n{INTRO}{}\n\n",
        basis_sentence(s.basis)
    );
    let pp = |x: f64| {
        if x.is_finite() {
            format!("{:.1}", x * 100.0)
        } else {
            "–".to_string()
        }
    };
    let above = |e: &Voi| {
        e.expected_abs_change.is_finite()
            && !(e.noise_floor.is_finite() && e.expected_abs_change <= e.noise_floor)
    };
    for (id, row_) in claims {
        let claim = &r.claims[id];
        let mut entries: Vec<_> = s.row(row_).collect();
        let key = |x: f64| if x.is_finite() { x } else { f64::NEG_INFINITY };
        entries
            .sort_by(|a, b| key(b.1.expected_abs_change).total_cmp(&key(a.1.expected_abs_change)));
        let name = |q| r.quantities[q].name.as_str();
        let _ = write!(out, "### {}\n\n", claim.id);
        out.push_str("| input | expected change (pp) | flip probability | noise floor (pp) |\n");
        out.push_str("|---|--:|--:|--:|\n");
        for &(input, e) in &entries {
            row(
                out,
                &[
                    name(input),
                    &pp(e.expected_abs_change),
                    &format::percent(e.flip_probability),
                    &pp(e.noise_floor),
                ],
            );
        }
        out.push('\n');
        // The probability on the same basis as the value of information.
        let now = match s.basis {
            Basis::BeforeEvidence => format!(
                " (before the evidence: {})",
                format::percent(claim.forward.probability)
            ),
            Basis::AfterEvidence | Basis::NoEvidence => {
                format!(" (now {})", format::percent(claim.estimate().probability))
            }
        };
        match entries.first().filter(|(_, e)| above(e)) {
            Some(&(input, e)) => {
                let _ = write!(
                    out,
                    "Knowing **{}** exactly would move the probability of {}{now} by about \
                     {} points on average, with a {} chance of carrying it across 50%.",
                    name(input),
                    claim.id,
                    format::grouped(e.expected_abs_change * 100.0, 2),
                    format::percent(e.flip_probability)
                );
                if let Some(&(second, e2)) = entries.get(1).filter(|(_, e)| above(e)) {
                    let _ = write!(
                        out,
                        " Next comes **{}** (about {} points).",
                        name(second),
                        format::grouped(e2.expected_abs_change * 100.0, 2)
                    );
                }
            }
            None => out.push_str(
                "No input stands out above the sampling noise: no single fact would be \
                 expected to move this claim noticeably.",
            ),
        }
        let noise: Vec<&str> = entries
            .iter()
            .filter(|(_, e)| !above(e))
            .map(|&(q, _)| name(q))
            .collect();
        if !noise.is_empty() && noise.len() < entries.len() {
            let _ = write!(
                out,
                " Within the noise (no detectable effect): {}.",
                noise.join(", ")
            );
        }
        out.push_str("\n\n");
        charts.embed(out, |k| *k == ChartKind::ValueOfInformation(id));
    }
}
