//! What the answer rests on: the assumptions (every input, with its source, and the scenario
//! file's own warnings), the sources, the model's formulas, and the facts that reproduce the
//! run.

use super::doc::{Line, Section, Table};
use crate::output::format;
use crate::output::warnings::message;
use crate::results::{QuantityKind, RunResult, Sampling, Warning};

/// "Assumptions": every input with its distribution, unit, source and note.
pub(super) fn assumptions(r: &RunResult) -> Option<Section> {
    let inputs: Vec<_> = r
        .quantities
        .iter()
        .filter(|q| q.kind == QuantityKind::Input)
        .collect();
    let warnings: Vec<String> = r
        .named_warnings()
        .iter()
        .filter(|w| matches!(w, Warning::Scenario { .. }))
        .map(message)
        .collect();
    if inputs.is_empty() && warnings.is_empty() {
        return None;
    }
    let mut s = Section::new("assumptions", "Assumptions");
    // The scenario file's own warnings (e.g. an override that changes nothing) qualify the
    // assumptions as written.
    for w in warnings {
        s.warning(w);
    }
    if inputs.is_empty() {
        return Some(s);
    }
    let mut t = Table::new(&["input", "distribution", "unit", "source", "note"]);
    let opt = |x: &Option<String>| Line::from(x.clone().unwrap_or_default());
    for q in inputs {
        t.row(vec![
            Line::new().name(&q.name),
            Line::new().code(&q.expr),
            opt(&q.unit),
            source(r, q.source.as_deref()),
            opt(&q.note),
        ]);
    }
    s.table(t);
    Some(s)
}

/// A source id, linked to the sources table when it is listed there.
pub(super) fn source(r: &RunResult, id: Option<&str>) -> Line {
    match id {
        Some(id) if r.sources.iter().any(|s| s.id == id) => Line::new().source(id),
        Some(id) => Line::from(id),
        None => Line::new(),
    }
}

/// "Sources": every cited source with its date and address.
pub(super) fn sources(r: &RunResult) -> Option<Section> {
    if r.sources.is_empty() {
        return None;
    }
    let mut s = Section::new("sources", "Sources");
    let mut t = Table::new(&["id", "source", "date", "link"]);
    for src in &r.sources {
        t.row(vec![
            Line::new().source_anchor(&src.id).text(&src.id),
            Line::from(src.cite.as_str()),
            Line::from(src.date.clone().unwrap_or_default()),
            src.url
                .as_deref()
                .map_or(Line::new(), |u| Line::new().url(u)),
        ]);
    }
    s.table(t);
    Some(s)
}

/// "Model": every model quantity's formula.
pub(super) fn model(r: &RunResult) -> Option<Section> {
    let items: Vec<Line> = r
        .quantities
        .iter()
        .filter(|q| q.kind == QuantityKind::Model)
        .map(|q| {
            let line = Line::new().code(format!("{} = {}", q.name, q.expr));
            match q.unit.as_deref() {
                Some(u) => line.text(format!(" ({})", u.trim())),
                None => line,
            }
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    let mut s = Section::new("model", "Model");
    s.list(items);
    Some(s)
}

/// "Reproducibility": the scenario file and its SHA-256, seed, samples, method and version.
pub(super) fn reproducibility(r: &RunResult) -> Section {
    let run = &r.run;
    let mut s = Section::new("reproducibility", "Reproducibility");
    s.para(
        "The same scenario file, seed and number of samples give the same results, bit for bit, \
         on any number of threads.",
    );
    s.list(vec![
        Line::new()
            .text("Scenario: ")
            .code(&run.scenario_file)
            .text(" (SHA-256 ")
            .code(&run.scenario_sha256)
            .text(")"),
        Line::from(format!("Seed: {}", run.seed)),
        Line::from(format!(
            "Samples: {} ({})",
            format::grouped(run.samples as f64, 12),
            match run.sampling {
                Sampling::Mc => "plain Monte Carlo",
                Sampling::Lhs => "Latin hypercube",
            }
        )),
        Line::new()
            .text("shellcount ")
            .text(&run.shellcount_version),
    ]);
    s
}
