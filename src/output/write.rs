//! The one place that decides every output path, and writes them all or none.
//!
//! A scenario's results go to `OUT/<stem>/`. Everything is first written to a hidden sibling
//! folder `OUT/.<stem>.partial-<pid>/`, which replaces `OUT/<stem>/` only when every file is
//! complete; on any failure it is removed, so a failed run leaves no half-written output.
//!
//! ```text
//! OUT/<stem>/summary.json     results (the Summary struct)
//! OUT/<stem>/report.md        report with sources, assumptions, results, claims, charts
//! OUT/<stem>/charts/*.png|svg charts
//! OUT/<stem>/samples.csv      every draw (with --samples-csv)
//! ```

use super::charts::{self, ChartFile};
use super::report::{report_markdown, ChartRef};
use super::samples_csv::write_samples_csv;
use crate::results::{ChartData, Summary};
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Where one scenario's results go.
#[derive(Debug, Clone)]
pub struct OutputPaths {
    /// The final folder, `OUT/<stem>`.
    pub dir: PathBuf,
    /// The hidden folder written first.
    pub partial: PathBuf,
}

impl OutputPaths {
    /// Paths for scenario `stem` under `out`.
    pub fn new(out: &Path, stem: &str) -> OutputPaths {
        OutputPaths {
            dir: out.join(stem),
            partial: out.join(format!(".{stem}.partial-{}", std::process::id())),
        }
    }
}

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
/// Any I/O or chart error; the partial folder is removed first.
pub fn write_all(
    paths: &OutputPaths,
    summary: &Summary,
    data: &ChartData,
    csv: Option<SamplesCsv>,
) -> Result<()> {
    let result = write_partial(paths, summary, data, csv).and_then(|()| swap_in(paths));
    if result.is_err() {
        let _ = fs::remove_dir_all(&paths.partial);
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
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("Could not remove '{}'", dir.display()))?;
    }
    let charts_dir = dir.join("charts");
    fs::create_dir_all(&charts_dir)
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

/// Replaces the final folder with the complete partial one.
fn swap_in(paths: &OutputPaths) -> Result<()> {
    let old = paths.dir.with_file_name(format!(
        ".{}.old-{}",
        paths
            .dir
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    if paths.dir.exists() {
        fs::rename(&paths.dir, &old)
            .with_context(|| format!("Could not replace '{}'", paths.dir.display()))?;
    }
    fs::rename(&paths.partial, &paths.dir)
        .with_context(|| format!("Could not create '{}'", paths.dir.display()))?;
    if old.exists() {
        fs::remove_dir_all(&old)
            .with_context(|| format!("Could not remove '{}'", old.display()))?;
    }
    Ok(())
}
