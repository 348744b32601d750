//! What-if outputs, each a projection of a typed result:
//!
//! ```text
//! run_files       a run's files (super::files) plus, with a sweep, sweep.json, its charts and
//!                 its report section (and sweep/point-<k>.summary.json with
//!                 --sweep-sensitivity); with --solve, solve.json and its report section
//! compare_files   OUT/compare-<stems>/: comparison.json, charts/compare_*, report.md
//! *_text          what the terminal prints about each
//! ```

pub(crate) mod words;

use super::charts::{artifacts, compare_charts, sweep_charts, ChartFile, Drawn, Twins};
use super::report::{compare, sweep};
use super::samples_csv::SamplesCsv;
use super::summary::Summary;
use super::{Artifact, Target};
use crate::output::format;
use crate::results::RunResult;
use crate::whatif::compare::Comparison;
use crate::whatif::solve::SolveFile;
use crate::whatif::sweep::Sweep;

/// The what-if results of one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct WhatIf<'a> {
    /// The sweep, if any.
    pub sweep: Option<&'a Sweep>,
    /// What `--solve` found, if asked.
    pub solve: Option<&'a SolveFile>,
}

fn json<T: serde::Serialize>(name: &str, value: &T) -> Artifact {
    let mut text = serde_json::to_string_pretty(value).expect("plain data always serialises");
    text.push('\n');
    Artifact {
        target: Target::File(name.into()),
        bytes: text.into_bytes(),
    }
}

/// Every file of a run with its what-if results: the run's own files (without the charts that
/// would be copies of another quantity's, by `twins`), with the what-if sections in
/// `report.md`, and the what-if files. The charts in `early` were drawn while the sensitivity
/// analysis ran (`crate::analysis::analyse_beside`; see [`crate::output::charts::render_rest`]).
///
/// # Errors
/// A chart that cannot be drawn.
pub fn run_files(
    result: &RunResult,
    csv: Option<SamplesCsv>,
    w: &WhatIf,
    twins: &Twins,
    early: Vec<Drawn>,
) -> anyhow::Result<Vec<Artifact>> {
    let charts = w
        .sweep
        .map(|s| sweep_charts(s, true))
        .transpose()?
        .unwrap_or_default();
    let listed: Vec<ChartFile> = charts.iter().map(|c| c.0.clone()).collect();
    let mut extra = Vec::new();
    if let Some(s) = w.sweep {
        extra.push(sweep::section(s, &listed));
    }
    if let Some(f) = w.solve {
        extra.push(sweep::solve_section(f));
    }
    let mut out = super::files_with(result, csv, twins, &extra, &charts, early)?;
    if let Some(s) = w.sweep {
        out.push(json("sweep.json", &s.file));
        for (k, r) in s.details.iter().enumerate() {
            let a = Artifact {
                target: Target::File(format!("sweep/point-{}.summary.json", k + 1).into()),
                bytes: Summary::from_result(r).to_json(),
            };
            out.push(a);
        }
    }
    if let Some(f) = w.solve {
        out.push(json("solve.json", f));
    }
    artifacts(charts, &mut out);
    Ok(out)
}

/// The files of a comparison: `comparison.json`, the charts and `report.md`.
///
/// # Errors
/// A chart that cannot be drawn.
pub fn compare_files(c: &Comparison) -> anyhow::Result<Vec<Artifact>> {
    let charts = compare_charts(c, true)?;
    let listed: Vec<ChartFile> = charts.iter().map(|c| c.0.clone()).collect();
    let mut out = vec![
        json("comparison.json", &c.file),
        Artifact {
            target: Target::File("report.md".into()),
            bytes: compare::markdown(c, &listed).into_bytes(),
        },
    ];
    artifacts(charts, &mut out);
    Ok(out)
}

/// What the terminal prints after a sweep: the probabilities at each value, and the 50%
/// break-even values.
pub fn sweep_text(s: &Sweep) -> String {
    let f = &s.file;
    let mut out = format!(
        "\nsweep of {}{}: {} points, same seed and draws as above\n",
        f.name,
        f.by.as_ref()
            .map_or(String::new(), |b| format!(" × {}", b.name)),
        f.points.len()
    );
    if f.by.is_none() {
        let ids: Vec<&String> = s.claims.keys().collect();
        let mut header = vec![f.name.as_str()];
        header.extend(ids.iter().map(|s| s.as_str()));
        let rows: Vec<Vec<String>> = f
            .points
            .iter()
            .map(|p| {
                let mut r = vec![words::value(p.value)];
                r.extend(
                    ids.iter()
                        .map(|id| format::percent(p.claims[*id].probability)),
                );
                r
            })
            .collect();
        let right: Vec<bool> = (0..header.len()).map(|_| true).collect();
        out.push_str(&super::terminal::render(&header, &rows, &right));
    }
    let range = (f.values[0], *f.values.last().expect("two values at least"));
    for (id, bs) in &f.break_even {
        for b in bs.iter().filter(|b| b.target == 0.5 && b.by.is_none()) {
            let near: Vec<f64> = f
                .points
                .iter()
                .filter(|p| (p.claims[id].probability - 0.5).abs() <= 2.0 * p.claims[id].mcse)
                .map(|p| p.value)
                .collect();
            out.push_str(&format!(
                "{}\n",
                words::break_even(id, &f.name, b, range, &near, None).replace('`', "")
            ));
        }
    }
    out
}

/// What the terminal prints after `--solve`.
pub fn solve_text(f: &SolveFile) -> String {
    format!("\nsolve: {}\n", words::solve(f).replace('`', ""))
}

/// What the terminal prints after a comparison: every shared claim in every file.
pub fn compare_text(c: &Comparison) -> String {
    let f = &c.file;
    let stems: Vec<&String> = f.scenarios.keys().collect();
    let mut header = vec!["claim"];
    header.extend(stems.iter().map(|s| s.as_str()));
    let rows: Vec<Vec<String>> = f
        .claims
        .iter()
        .map(|(id, cells)| {
            let mut r = vec![id.clone()];
            r.extend(stems.iter().map(|s| {
                cells.get(*s).map_or("–".into(), |x| {
                    super::format::probability_pm(x.probability, x.mcse)
                })
            }));
            r
        })
        .collect();
    let mut right: Vec<bool> = (0..header.len()).map(|_| true).collect();
    right[0] = false;
    let mut out = super::terminal::render(&header, &rows, &right);
    let n = f.definitions.len();
    out.push_str(&format!(
        "{} {} defined differently or only in some files (report.md lists them with their sources)\n",
        n,
        if n == 1 { "name is" } else { "names are" }
    ));
    out
}
