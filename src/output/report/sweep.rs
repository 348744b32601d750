//! The sweep and `--solve` sections of a run's report: the claims at every swept value, the
//! break-even values in words, the charts, and what a solve found and how it stopped. They are
//! sections of the report's document model, so `report.md` and `report.html` both hold them
//! (the charts inline as SVG in the HTML).

use super::doc::{Line, Section, Table};
use crate::output::charts::ChartFile;
use crate::output::format;
use crate::output::whatif::words;
use crate::whatif::solve::SolveFile;
use crate::whatif::sweep::Sweep;

/// Words with `code` spans between backticks (as [`words`] writes them) as a line.
fn ticked(s: &str) -> Line {
    let mut line = Line::new();
    for (i, part) in s.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        line = if i % 2 == 1 {
            line.code(part)
        } else {
            line.text(part)
        };
    }
    line
}

/// The sweep section: what was done, a table per claim (a grid: values of both assumptions),
/// break-even values, charts.
pub(crate) fn section(s: &Sweep, charts: &[ChartFile]) -> Section {
    let f = &s.file;
    let names = |l: Line| match &f.by {
        Some(b) => l.code(&f.name).text(" and ").code(&b.name),
        None => l.code(&f.name),
    };
    let heading = match &f.by {
        Some(b) => format!("What if {} and {} change", f.name, b.name),
        None => format!("What if {} changes", f.name),
    };
    let mut out = Section::new("what-if", &heading);
    out.para(
        names(Line::from("Each point is this scenario run again with "))
            .text(" fixed to the value shown, exactly as ")
            .code("--set")
            .text(
                " would fix it, with the same seed and number of draws as the run above \
                 (common random numbers), so the differences between points come from the \
                 assumption, not from sampling noise. Sensitivity analysis is for the run above \
                 only. Every probability's Monte Carlo standard error is in ",
            )
            .code("sweep.json")
            .text(format!("; the largest here is {}.", largest_error(s))),
    );
    match &f.by {
        None => table(&mut out, s),
        Some(_) => grid_tables(&mut out, s),
    }
    out.sub("Break-even values", None);
    let range = (f.values[0], *f.values.last().expect("two values at least"));
    let mut items = Vec::new();
    for (id, bs) in &f.break_even {
        for b in bs {
            let near: Vec<f64> = f
                .points
                .iter()
                .filter(|p| p.by == b.by)
                .filter(|p| (p.claims[id].probability - b.target).abs() <= 2.0 * p.claims[id].mcse)
                .map(|p| p.value)
                .collect();
            let by = f.by.as_ref().map(|a| a.name.as_str());
            let words = words::break_even(id, &f.name, b, range, &near, by);
            items.push(ticked(&format!("{words}.")));
        }
    }
    out.list(items);
    out.para(
        "A break-even value is where the straight line joining two swept points crosses the \
         probability; the range after it holds the values within ±2 Monte Carlo standard errors \
         of it. The curve between the points was not computed, so the crossing is certain only to \
         lie between them: sweep more finely (or use --solve) to pin it down.",
    );
    for c in charts {
        out.figure(c.clone());
    }
    out
}

fn largest_error(s: &Sweep) -> String {
    let e = s
        .file
        .points
        .iter()
        .flat_map(|p| p.claims.values().map(|c| c.mcse))
        .fold(0.0, f64::max);
    format::percent_sig(e, 2)
}

/// One row per value, one column per claim.
fn table(out: &mut Section, s: &Sweep) {
    let ids: Vec<&String> = s.claims.keys().collect();
    let mut head = vec![Line::new().code(&s.file.name)];
    head.extend(ids.iter().map(|id| Line::new().code(id.as_str())));
    let right: Vec<usize> = (1..=ids.len()).collect();
    let mut t = Table::with_head(head, &right);
    for p in &s.file.points {
        let mut cells = vec![Line::from(words::value(p.value))];
        cells.extend(
            ids.iter()
                .map(|id| Line::from(format::percent(p.claims[*id].probability))),
        );
        t.row(cells);
    }
    out.table(t);
}

/// One table per claim: rows are the second assumption's values, columns the first's.
fn grid_tables(out: &mut Section, s: &Sweep) {
    let f = &s.file;
    let by = f.by.as_ref().expect("a grid");
    for id in s.claims.keys() {
        out.para(
            Line::new()
                .code(id.as_str())
                .text(" (rows: ")
                .code(&by.name)
                .text(", columns: ")
                .code(&f.name)
                .text(")"),
        );
        let mut head = vec![Line::new()];
        head.extend(f.values.iter().map(|v| Line::from(words::value(*v))));
        let right: Vec<usize> = (1..=f.values.len()).collect();
        let mut t = Table::with_head(head, &right);
        for (y, pts) in by.values.iter().zip(f.points.chunks(f.values.len())) {
            let mut cells = vec![Line::from(words::value(*y))];
            cells.extend(
                pts.iter()
                    .map(|p| Line::from(format::percent(p.claims[id].probability))),
            );
            t.row(cells);
        }
        out.table(t);
    }
}

/// The `--solve` section.
pub(crate) fn solve_section(f: &SolveFile) -> Section {
    let heading = format!(
        "Solving for {}: when does {} reach {}?",
        f.name,
        f.claim,
        format::percent_sig(f.target, 2)
    );
    let mut out = Section::new("solve", &heading);
    out.para(ticked(&format!("{}.", words::solve(f))));
    out.para(
        Line::from("Every value tried is this scenario run with ")
            .code(&f.name)
            .text(" fixed to it and the same seed (common random numbers); ")
            .code("solve.json")
            .text(format!(
                " lists them. How the search stopped: {}.",
                f.stopping_rule
            )),
    );
    out
}
