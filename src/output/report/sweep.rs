//! The sweep and `--solve` sections of a run's report: the claims at every swept value, the
//! break-even values in words, the charts, and what a solve found and how it stopped.

use std::fmt::Write as _;

use super::md::{code, row};
use crate::output::charts::ChartFile;
use crate::output::format;
use crate::output::whatif::words;
use crate::whatif::solve::SolveFile;
use crate::whatif::sweep::Sweep;

/// The sweep section: what was done, a table per claim (a grid: values of both assumptions),
/// break-even values, charts.
pub fn section(s: &Sweep, charts: &[ChartFile]) -> String {
    let f = &s.file;
    let mut out = String::new();
    let what = match &f.by {
        Some(b) => format!("`{}` and `{}` change", f.name, b.name),
        None => format!("`{}` changes", f.name),
    };
    let _ = write!(
        out,
        "## What if {what}\n\nEach point is this scenario run again with {} fixed to the value \
         shown, exactly as `--set` would fix it, with the same seed and number of draws as the \
         run above (common random numbers), so the differences between points come from the \
         assumption, not from sampling noise. Sensitivity analysis is for the run above only. \
         Every probability's Monte Carlo standard error is in `sweep.json`; the largest here is {}.\n\n",
        match &f.by {
            Some(b) => format!("`{}` and `{}`", f.name, b.name),
            None => format!("`{}`", f.name),
        },
        largest_error(s)
    );
    match &f.by {
        None => table(&mut out, s),
        Some(_) => grid_tables(&mut out, s),
    }
    out.push_str("### Break-even values\n\n");
    let range = (f.values[0], *f.values.last().expect("two values at least"));
    for (id, bs) in &f.break_even {
        for b in bs {
            let near: Vec<f64> = f
                .points
                .iter()
                .filter(|p| p.by == b.by)
                .filter(|p| (p.claims[id].probability - b.target).abs() <= 2.0 * p.claims[id].mcse)
                .map(|p| p.value)
                .collect();
            let _ = writeln!(
                out,
                "- {}.",
                words::break_even(
                    id,
                    &f.name,
                    b,
                    range,
                    &near,
                    f.by.as_ref().map(|a| a.name.as_str())
                )
            );
        }
    }
    out.push_str(
        "\nA break-even value is where the straight line joining two swept points crosses the \
         probability; the range after it holds the values within ±2 Monte Carlo standard errors \
         of it. The curve between the points was not computed, so the crossing is certain only to \
         lie between them: sweep more finely (or use `--solve`) to pin it down.\n\n",
    );
    for c in charts {
        let _ = write!(
            out,
            "![{}](charts/{}.png)\n\n",
            c.title.replace(['[', ']'], ""),
            c.stem
        );
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
fn table(out: &mut String, s: &Sweep) {
    let ids: Vec<&String> = s.claims.keys().collect();
    let mut head = vec![code(&s.file.name)];
    head.extend(ids.iter().map(|id| code(id)));
    let refs: Vec<&str> = head.iter().map(String::as_str).collect();
    row(out, &refs);
    let _ = writeln!(out, "|---|{}", "--:|".repeat(ids.len()));
    for p in &s.file.points {
        let mut cells = vec![words::value(p.value)];
        cells.extend(
            ids.iter()
                .map(|id| format::percent(p.claims[*id].probability)),
        );
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        row(out, &refs);
    }
    out.push('\n');
}

/// One table per claim: rows are the second assumption's values, columns the first's.
fn grid_tables(out: &mut String, s: &Sweep) {
    let f = &s.file;
    let by = f.by.as_ref().expect("a grid");
    for id in s.claims.keys() {
        let _ = write!(
            out,
            "**`{id}`** (rows: `{}`, columns: `{}`)\n\n",
            by.name, f.name
        );
        let mut head = vec![String::new()];
        head.extend(f.values.iter().map(|v| words::value(*v)));
        let refs: Vec<&str> = head.iter().map(String::as_str).collect();
        row(out, &refs);
        let _ = writeln!(out, "|---|{}", "--:|".repeat(f.values.len()));
        for (y, pts) in by.values.iter().zip(f.points.chunks(f.values.len())) {
            let mut cells = vec![words::value(*y)];
            cells.extend(
                pts.iter()
                    .map(|p| format::percent(p.claims[id].probability)),
            );
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            row(out, &refs);
        }
        out.push('\n');
    }
}

/// The `--solve` section.
pub fn solve_section(f: &SolveFile) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "## Solving for `{}`: when does `{}` reach {}?\n\n{}.\n\nEvery value tried is this \
         scenario run with `{}` fixed to it and the same seed (common random numbers); \
         `solve.json` lists them. How the search stopped: {}.\n\n",
        f.name,
        f.claim,
        format::percent_sig(f.target, 2),
        words::solve(f),
        f.name,
        f.stopping_rule
    );
    out
}
