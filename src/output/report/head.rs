//! The report's head: title, the question, run facts, sources, assumptions and the model.

use std::fmt::Write as _;

use super::md::{self, code, row, text};
use crate::output::format;
use crate::output::warnings::message;
use crate::results::{QuantityKind, RunResult, Sampling, Warning};

/// Title, the question (the scenario's description), run facts and a low-sample warning.
pub(super) fn title_and_facts(out: &mut String, r: &RunResult) {
    let run = &r.run;
    let _ = write!(out, "# {}\n\n", text(&run.title));
    if let Some(d) = run.description.as_deref().filter(|d| !d.trim().is_empty()) {
        let _ = write!(out, "## The question\n\n{}\n\n", md::block(d, ""));
    }
    let _ = write!(
        out,
        "- Scenario: {} (SHA-256 `{}`)\n- Seed: {}\n- Samples: {} ({})\n- shellcount {}\n\n",
        code(&run.scenario_file),
        run.scenario_sha256,
        run.seed,
        format::grouped(run.samples as f64, 12),
        match run.sampling {
            Sampling::Mc => "plain Monte Carlo",
            Sampling::Lhs => "Latin hypercube",
        },
        text(&run.shellcount_version)
    );
    for w in r.named_warnings() {
        if matches!(w, Warning::LowSamples { .. }) {
            md::warning(out, &message(&w));
        }
    }
}

/// The sources table, with dates.
pub(super) fn sources(out: &mut String, r: &RunResult) {
    if r.sources.is_empty() {
        return;
    }
    out.push_str("## Sources\n\n| id | source | date | link |\n|---|---|---|---|\n");
    for s in &r.sources {
        let link = s.url.as_deref().map_or(String::new(), md::link);
        let date = s.date.as_deref().map_or(String::new(), text);
        row(out, &[&text(&s.id), &text(&s.cite), &date, &link]);
    }
    out.push('\n');
}

/// Every input with its distribution, unit, source and note.
pub(super) fn assumptions(out: &mut String, r: &RunResult) {
    let inputs: Vec<_> = r
        .quantities
        .iter()
        .filter(|q| q.kind == QuantityKind::Input)
        .collect();
    if inputs.is_empty() {
        return;
    }
    out.push_str("## Assumptions\n\n| input | distribution | unit | source | note |\n");
    out.push_str("|---|---|---|---|---|\n");
    for q in inputs {
        let opt = |s: &Option<String>| s.as_deref().map_or(String::new(), text);
        row(
            out,
            &[
                &q.name,
                &code(&q.expr),
                &opt(&q.unit),
                &opt(&q.source),
                &opt(&q.note),
            ],
        );
    }
    out.push('\n');
}

/// Every model quantity's formula.
pub(super) fn model(out: &mut String, r: &RunResult) {
    let models: Vec<_> = r
        .quantities
        .iter()
        .filter(|q| q.kind == QuantityKind::Model)
        .collect();
    if models.is_empty() {
        return;
    }
    out.push_str("## Model\n\n");
    for q in models {
        let unit = q
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({})", text(u)));
        let _ = writeln!(out, "- {}{unit}", code(&format!("{} = {}", q.name, q.expr)));
    }
    out.push('\n');
}
