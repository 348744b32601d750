//! The one place that decides every output file, and writes them all or none.
//!
//! A scenario's results go to `OUT/<stem>/`. Everything is first written to the hidden staging
//! folder that [`super::folder`] created before sampling, which replaces `OUT/<stem>/` only
//! when every file is complete; on any failure it is removed, so a failed run leaves no
//! half-written output and the previous results untouched.
//!
//! ```text
//! OUT/<stem>/summary.json        results (the Summary struct)
//! OUT/<stem>/report.md           report with sources, assumptions, results, claims, charts
//! OUT/<stem>/charts/*.png|svg    charts
//! OUT/<stem>/samples.csv         every draw (with --samples-csv)
//! OUT/<stem>/.shellcount-output  the marker: this folder is shellcount's (folder::MARKER)
//! ```

use super::charts::{self, ChartFile};
use super::report::{report_markdown, ChartRef};
use super::samples_csv::write_samples_csv;
use crate::results::{ChartData, Summary};
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

pub use super::folder::OutputPaths;

/// The draws to write as CSV: names and columns in the same order.
pub struct SamplesCsv<'a> {
    /// Column headers.
    pub names: Vec<&'a str>,
    /// Columns.
    pub columns: Vec<&'a [f64]>,
}

/// Writes every output of one scenario, all or nothing.
///
/// # Errors
/// Any I/O or chart error, or a refusal to replace `OUT/<stem>` (see
/// [`OutputPaths::commit`]); the staging folder is removed first.
pub fn write_all(
    paths: &OutputPaths,
    summary: &Summary,
    data: &ChartData,
    csv: Option<SamplesCsv>,
) -> Result<()> {
    let result = write_partial(paths, summary, data, csv)
        .and_then(|()| paths.commit().map_err(anyhow::Error::from));
    if result.is_err() {
        paths.discard();
    }
    result
}

fn write_partial(
    paths: &OutputPaths,
    summary: &Summary,
    data: &ChartData,
    csv: Option<SamplesCsv>,
) -> Result<()> {
    let dir = &paths.partial;
    let charts_dir = dir.join("charts");
    // Not `create_dir_all`: if an interrupt removed the staging folder, nothing recreates it.
    fs::create_dir(&charts_dir)
        .with_context(|| format!("Could not create '{}'", charts_dir.display()))?;
    let mut json =
        serde_json::to_string_pretty(summary).context("Could not serialise the summary")?;
    json.push('\n');
    write_file(&dir.join("summary.json"), json.as_bytes())?;
    let files = charts::render_all(summary, data, &charts_dir)
        .with_context(|| format!("Could not draw charts in '{}'", charts_dir.display()))?;
    let refs: Vec<ChartRef> = files.iter().map(chart_ref).collect();
    write_file(
        &dir.join("report.md"),
        report_markdown(summary, &refs).as_bytes(),
    )?;
    if let Some(csv) = csv {
        let path = dir.join("samples.csv");
        let f = fs::File::create(&path)
            .with_context(|| format!("Could not create '{}'", path.display()))?;
        write_samples_csv(f, &csv.names, &csv.columns)
            .with_context(|| format!("Could not write '{}'", path.display()))?;
    }
    Ok(())
}

fn chart_ref(f: &ChartFile) -> ChartRef {
    ChartRef {
        title: f.title.clone(),
        path: format!("charts/{}.png", f.stem),
        kind: f.kind.clone(),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("Could not write '{}'", path.display()))
}
