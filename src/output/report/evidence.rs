//! The report's "Evidence" section: each report, the effective sample size after all of them
//! (with its warning), which report moved each claim, and how strongly each report bears on
//! each claim (Bayes factors with their 95% intervals).

use std::fmt::Write as _;

use super::md::{self, code, points, row, text};
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

const INTRO: &str = "The results above take the following reports into account. Each \
report reweights the simulated draws: draws that agree with it count for more, draws that \
contradict it for less (a report trusted at less than 100% is allowed to be wrong that often). \
The *effective sample size* (ESS) says how many equally weighted draws the weighted draws are \
worth; the fewer, the rougher the numbers.";

/// The section, when the scenario has evidence.
pub(super) fn section(out: &mut String, r: &RunResult, charts: &mut Embed) {
    let Some(p) = r.posterior.as_ref().filter(|p| !p.entries.is_empty()) else {
        return;
    };
    let _ = write!(out, "## Evidence\n\n{INTRO}\n\n");
    out.push_str(
        "| id | source | kind | expression | observed | trust | ESS alone | ESS cumulative |\n",
    );
    out.push_str("|---|---|---|---|--:|--:|--:|--:|\n");
    for e in &p.entries {
        let observed = e.observed.map_or(String::new(), |x| format::grouped(x, 6));
        row(
            out,
            &[
                &e.id,
                &e.source.as_deref().map_or(String::new(), text),
                &e.kind,
                &code(&e.expr),
                &observed,
                &format::percent(e.trust),
                &format::grouped(e.ess.round(), 6),
                &format::grouped(e.ess_cumulative.round(), 6),
            ],
        );
    }
    out.push('\n');
    let samples = r.run.samples;
    let share = if samples > 0 {
        format!(" ({})", format::percent(p.ess / samples as f64))
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "**Effective sample size after all evidence: {} of {} draws{share}.**\n\n",
        format::grouped(p.ess.round(), 6),
        format::grouped(samples as f64, 12)
    );
    for w in r.named_warnings() {
        if matches!(w, Warning::LowEss { .. }) {
            md::warning(out, &message(&w));
        }
    }
    if !r.claims.is_empty() {
        out.push_str("### Which report moved the answer\n\n");
        out.push_str(
            "Each claim's probability before any evidence, then after each report is added in \
             turn (file order), with the change that report made.\n\n",
        );
        out.push_str("| claim | prior |");
        for e in &p.entries {
            let _ = write!(out, " after {} |", e.id);
        }
        out.push_str(" final |\n|---|--:|");
        out.push_str(&"--:|".repeat(p.entries.len() + 1));
        out.push('\n');
        for (id, c) in r.claims.iter_enumerated() {
            let mut before = c.forward.probability;
            let mut cells = vec![c.id.clone(), format::percent(before)];
            for e in &p.entries {
                let after = e.probability_after[id];
                cells.push(format!(
                    "{} ({})",
                    format::percent(after),
                    points(after - before)
                ));
                before = after;
            }
            cells.push(format::percent(c.estimate().probability));
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            row(out, &refs);
        }
        out.push('\n');
    }
    if !r.claims.is_empty() {
        out.push_str("### How strongly each report bears on each claim\n\n");
        let _ = write!(out, "{BAYES}\n\n| claim |");
        for e in &p.entries {
            let _ = write!(out, " {} |", e.id);
        }
        out.push_str("\n|---|");
        out.push_str(&"--:|".repeat(p.entries.len()));
        out.push('\n');
        let mut own = false;
        for (id, c) in r.claims.iter_enumerated() {
            let mut cells = vec![c.id.clone()];
            cells.extend(p.entries.iter().map(|e| {
                let cell = bayes_cell(&e.bayes_factors[id]);
                if c.source.is_some() && e.source == c.source {
                    own = true;
                    format!("{cell} †")
                } else {
                    cell
                }
            }));
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            row(out, &refs);
        }
        out.push('\n');
        if own {
            out.push_str(
                "† The claim cites the same source as the report: it is tested against its own \
                 source, so agreement between them is not independent confirmation.\n\n",
            );
        }
    }
    charts.embed(out, |k| {
        matches!(k, ChartKind::EvidenceEffect | ChartKind::Posterior(_))
    });
}
