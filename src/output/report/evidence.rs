//! The report's "Evidence" section: each report, the effective sample size after all of them
//! (with its warning), which report moved each claim, and how strongly each report bears on
//! each claim (Bayes factors with their 95% intervals).

use super::doc::{Line, Section, Table};
use super::numbers::points;
use super::{ChartKind, Embed};
use crate::output::format;
use crate::output::warnings::message;
use crate::results::{BayesFactor, BayesStatus, RunResult, Warning};

const BAYES: &str = "The Bayes factor of a report for a claim is P(report | claim holds) / \
P(report | claim fails), estimated from the draws before any evidence, with its 95% interval in \
brackets. Above 1 the report supports the claim, below 1 it counts against it; it multiplies the \
odds of the claim (Kass & Raftery 1995: 3–20 positive, 20–150 strong, above 150 very strong \
support, and the reciprocals against). A report trusted at less than 100% has its factor pulled \
towards 1. Each report is measured alone; a claim and a report that say the same thing give an \
infinite factor (the report rules out the claim's failure), shown as a lower bound.";

/// A Bayes factor and its interval, e.g. `"3.2 (2.9–3.6)"`, `"> 310"`, `"< 0.004"`.
fn bayes_cell(b: &BayesFactor) -> String {
    let num = |x: f64| format::grouped(x, 2);
    match b.status {
        BayesStatus::Estimated => match (b.estimate, b.lower, b.upper) {
            (Some(e), Some(lo), Some(hi)) => format!("{} ({}–{})", num(e), num(lo), num(hi)),
            _ => "–".to_string(),
        },
        BayesStatus::Infinite => match b.lower {
            Some(lo) if lo > 0.0 => format!("∞ (> {})", num(lo)),
            _ => "∞".to_string(),
        },
        BayesStatus::Zero => match b.upper {
            Some(hi) => format!("0 (< {})", num(hi)),
            None => "0".to_string(),
        },
        BayesStatus::Undefined => "– (claim never or always holds)".to_string(),
    }
}

const INTRO_1: &str = "The results take the following reports into account. Each report \
reweights the simulated draws: draws that agree with it count for more, draws that contradict it \
for less (a report trusted at less than 100% is allowed to be wrong that often). The ";
const INTRO_2: &str = " (ESS) says how many equally weighted draws the weighted draws are worth; \
the fewer, the rougher the numbers.";

/// The section, when the scenario has evidence.
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let p = r.posterior.as_ref().filter(|p| !p.entries.is_empty())?;
    let mut out = Section::new("evidence", "Evidence");
    out.para(
        Line::new()
            .text(INTRO_1)
            .emph("effective sample size")
            .text(INTRO_2),
    );
    let mut t = Table::new(&[
        "id",
        "source",
        "kind",
        "expression",
        ">observed",
        ">trust",
        ">ESS alone",
        ">ESS cumulative",
    ]);
    for e in &p.entries {
        let observed = e.observed.map_or(String::new(), |x| format::grouped(x, 6));
        t.row(vec![
            Line::new().name(&e.id),
            super::head::source(r, e.source.as_deref()),
            Line::from(e.kind.as_str()),
            Line::new().code(&e.expr),
            Line::from(observed),
            Line::from(format::percent(e.trust)),
            Line::from(format::grouped(e.ess.round(), 6)),
            Line::from(format::grouped(e.ess_cumulative.round(), 6)),
        ]);
    }
    out.table(t);
    let samples = r.run.samples;
    let share = if samples > 0 {
        format!(" ({})", format::percent(p.ess / samples as f64))
    } else {
        String::new()
    };
    out.para(Line::new().strong(format!(
        "Effective sample size after all evidence: {} of {} draws{share}.",
        format::grouped(p.ess.round(), 6),
        format::grouped(samples as f64, 12)
    )));
    for w in r.named_warnings() {
        if matches!(w, Warning::LowEss { .. }) {
            out.warning(message(&w));
        }
    }
    if !r.claims.is_empty() {
        out.sub("Which report moved the answer", None);
        out.para(
            "Each claim's probability before any evidence, then after each report is added in \
             turn (file order), with the change that report made.",
        );
        let mut head = vec![Line::from("claim"), Line::from("prior")];
        head.extend(
            p.entries
                .iter()
                .map(|e| Line::new().text("after ").name(&e.id)),
        );
        head.push(Line::from("final"));
        let right: Vec<usize> = (1..head.len()).collect();
        let mut t = Table::with_head(head, &right);
        for (id, c) in r.claims.iter_enumerated() {
            let mut before = c.forward.probability;
            let mut cells = vec![Line::new().name(&c.id), Line::from(format::percent(before))];
            for e in &p.entries {
                let after = e.probability_after[id];
                cells.push(Line::from(format!(
                    "{} ({})",
                    format::percent(after),
                    points(after - before)
                )));
                before = after;
            }
            cells.push(Line::from(format::percent(c.estimate().probability)));
            t.row(cells);
        }
        out.table(t);
    }
    if !r.claims.is_empty() {
        out.sub("How strongly each report bears on each claim", None);
        out.para(BAYES);
        let mut head = vec![Line::from("claim")];
        head.extend(p.entries.iter().map(|e| Line::new().name(&e.id)));
        let right: Vec<usize> = (1..=p.entries.len()).collect();
        let mut t = Table::with_head(head, &right);
        let mut own = false;
        for (id, c) in r.claims.iter_enumerated() {
            let mut cells = vec![Line::new().name(&c.id)];
            cells.extend(p.entries.iter().map(|e| {
                let cell = bayes_cell(&e.bayes_factors[id]);
                if c.source.is_some() && e.source == c.source {
                    own = true;
                    Line::from(format!("{cell} †"))
                } else {
                    Line::from(cell)
                }
            }));
            t.row(cells);
        }
        out.table(t);
        if own {
            out.para(
                "† The claim cites the same source as the report: it is tested against its own \
                 source, so agreement between them is not independent confirmation.",
            );
        }
    }
    charts.embed(&mut out, |k| {
        matches!(k, ChartKind::EvidenceEffect | ChartKind::Posterior(_))
    });
    Some(out)
}
