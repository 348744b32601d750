//! The report's "What to find out next" section: for every claim, which input's value would
//! move its probability most (value of information), on the basis the numbers were computed on.

use super::doc::{Line, Section, Table};
use super::sensitivity::basis_sentence;
use super::{ChartKind, Embed};
use crate::output::format;
use crate::results::{Basis, RunResult, Voi};

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
             known exactly and everything else stayed as uncertain as it is now. The ",
        )
        .strong("flip probability")
        .text(
            " is the chance that learning the input would carry the claim across 50% (from \
             likely to unlikely or the reverse). The ",
        )
        .strong("noise floor")
        .text(
            " is what an input the claim does not depend on would show through sampling noise \
             alone: values near or below it mean no detectable effect. Changes are in \
             percentage points (pp).",
        )
}

/// The section, when value of information was computed.
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let s = r.sensitivity.as_ref()?;
    let claims: Vec<_> = s
        .voi
        .iter_enumerated()
        .filter(|(_, row)| !row.is_empty())
        .collect();
    if claims.is_empty() {
        return None;
    }
    let mut out = Section::new("what-to-find-out-next", "What to find out next");
    out.para(intro().then(basis_sentence(s.basis)));
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
        out.sub(Line::new().name(&claim.id), None);
        let mut t = Table::new(&[
            "input",
            ">expected change (pp)",
            ">flip probability",
            ">noise floor (pp)",
        ]);
        for &(input, e) in &entries {
            t.row(vec![
                Line::new().name(name(input)),
                Line::from(pp(e.expected_abs_change)),
                Line::from(format::percent(e.flip_probability)),
                Line::from(pp(e.noise_floor)),
            ]);
        }
        out.table(t);
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
        let mut p = match entries.first().filter(|(_, e)| above(e)) {
            Some(&(input, e)) => {
                let mut p = Line::new()
                    .text("Knowing ")
                    .strong(name(input))
                    .text(" exactly would move the probability of ")
                    .name(&claim.id)
                    .text(format!(
                        "{now} by about {} points on average, with a {} chance of carrying it \
                         across 50%.",
                        format::grouped(e.expected_abs_change * 100.0, 2),
                        format::percent(e.flip_probability)
                    ));
                if let Some(&(second, e2)) = entries.get(1).filter(|(_, e)| above(e)) {
                    p = p.text(" Next comes ").strong(name(second)).text(format!(
                        " (about {} points).",
                        format::grouped(e2.expected_abs_change * 100.0, 2)
                    ));
                }
                p
            }
            None => Line::from(
                "No input stands out above the sampling noise: no single fact would be \
                 expected to move this claim noticeably.",
            ),
        };
        let noise: Vec<&str> = entries
            .iter()
            .filter(|(_, e)| !above(e))
            .map(|&(q, _)| name(q))
            .collect();
        if !noise.is_empty() && noise.len() < entries.len() {
            p = p.text(" Within the noise (no detectable effect): ");
            for (i, n) in noise.iter().enumerate() {
                p = p.text(if i == 0 { "" } else { ", " }).name(*n);
            }
            p = p.text(".");
        }
        out.para(p);
        charts.embed(&mut out, |k| *k == ChartKind::ValueOfInformation(id));
    }
    Some(out)
}
