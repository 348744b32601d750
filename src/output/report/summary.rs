//! The report's front: the question (the scenario's description) and the summary, one table with
//! each claim's text, group, probability, verdict and what drives it, then how to read it.

use super::doc::{Block, Line, Section, Table};
use crate::model::ClaimId;
use crate::output::format::probability_pm;
use crate::output::verdict::Verdict;
use crate::output::warnings::message;
use crate::results::{IndexKind, RunResult, Status, Warning};

const HOW_TO_READ: &str = "Every number comes from the simulated draws. A percentile such as p5 \
is a value of the simulated distribution: 5% of the draws fell below it (p50 is the median). A \
claim's probability is the share of draws on which its test held; it is as good as the \
assumptions, no better. The ± figure is the Monte Carlo standard error, the part of the \
uncertainty that comes from using a finite number of draws; more samples shrink it, but they do \
not make the assumptions any truer.";

/// "The question": the scenario's description, when it has one.
pub(super) fn question(r: &RunResult) -> Option<Section> {
    let d = r
        .run
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())?;
    let mut s = Section::new("the-question", "The question");
    s.blocks.push(Block::UserText {
        text: d.to_string(),
        quote: false,
    });
    Some(s)
}

/// "Summary": every claim in one table, the low-sample warning, and how to read the numbers.
pub(super) fn section(r: &RunResult) -> Section {
    let mut s = Section::new("summary", "Summary");
    for w in r.named_warnings() {
        if matches!(w, Warning::LowSamples { .. }) {
            s.warning(message(&w));
        }
    }
    if r.claims.is_empty() {
        s.para("The scenario states no claims; the distributions of its quantities follow.");
    } else {
        let mut basis = Line::new().text(if r.posterior.is_some() {
            "Probabilities after the evidence (see "
        } else {
            "Each claim of the scenario (details under "
        });
        basis = if r.posterior.is_some() {
            basis.link("evidence", "Evidence").text(").")
        } else {
            basis.link("claims", "Claims").text(").")
        };
        s.para(basis);
        s.table(table(r));
    }
    s.para(
        Line::new()
            .strong("How to read this.")
            .text(" ")
            .text(HOW_TO_READ),
    );
    s
}

fn table(r: &RunResult) -> Table {
    let grouped = r.claims.iter().any(|c| c.group.is_some());
    let mut head = vec!["claim"];
    if grouped {
        head.push("group");
    }
    head.extend([">probability", "verdict", "what drives it"]);
    let mut t = Table::new(&head);
    for (id, c) in r.claims.iter_enumerated() {
        let e = c.estimate();
        let mut row = vec![Line::new()
            .text(c.text.trim())
            .text(" (")
            .name(&c.id)
            .text(")")];
        if grouped {
            row.push(Line::from(c.group.clone().unwrap_or_default()));
        }
        row.push(Line::from(probability_pm(e.probability, e.mcse)));
        row.push(Line::from(Verdict::of(e).to_string()));
        row.push(driver(r, id));
        t.row(row);
    }
    t
}

/// The input that detectably moves claim `c` most (the first of the one order whose index is
/// resolved and above 0 beyond its error), with the index and its basis; "not resolved" when
/// the draws cannot say, "–" when the claim neither always nor never held or nothing moves it.
fn driver(r: &RunResult, c: ClaimId) -> Line {
    let claim = &r.claims[c];
    let e = claim.estimate();
    if e.never() || e.always() {
        return Line::from("–");
    }
    let Some(s) = &r.sensitivity else {
        return Line::from("–");
    };
    let row = &s.claims[c];
    if row.status == Status::TooFewEvents {
        return Line::from("not resolved");
    }
    match s.top(row) {
        Some((d, kind, v)) => {
            let (words, basis) = match kind {
                IndexKind::Total => ("total index", s.total_basis.unwrap_or(s.basis)),
                IndexKind::FirstOrder => ("first-order index", s.basis),
            };
            let basis = basis.words().map_or(String::new(), |w| format!(", {w}"));
            Line::new()
                .name(r.driver_label(d))
                .text(format!(" ({words} {v:.2}{basis})"))
        }
        None if s.listed(row).any(|(_, e)| s.key(e).is_some()) => Line::from("none detected"),
        None => Line::from("not resolved"),
    }
}
