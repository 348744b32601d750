//! Everything a run writes or prints, each a projection of the run's
//! [`RunResult`](crate::results::RunResult) behind one small trait, [`Exporter`] (as
//! hyperfine's exporters): each returns bytes and where they go, so it is tested without files.
//!
//! ```text
//! terminal.rs     Terminal    the summary table (stdout) and warnings (stderr)
//! summary/        Json        summary.json: the Summary schema and its one projection
//! report/         Report      report.md and (HtmlReport) report.html: one document model,
//!                             one file per section, two renderers
//! charts/         Charts      charts/*.png and *.svg
//! samples_csv.rs  SamplesCsv  samples.csv (with --samples-csv; a weight column with evidence)
//! write.rs                    the files of a run written into the staging folder, then committed
//! folder.rs                   the one place that creates, replaces and removes output folders
//!                             (and never anything shellcount did not write)
//! whatif/                     a sweep's and --solve's files and report sections; a comparison's
//!                             folder (comparison.json, charts, report.md); their terminal lines
//! ```
//!
//! [`files`] lists the files of a run; `write::write_all` writes them. Shared: `format` (one
//! number formatter for every output), `verdict` (words for probabilities), `warnings` (the
//! words of every warning).

pub mod charts;
#[cfg(test)]
mod fixtures;
pub mod folder;
pub(crate) mod format;
pub(crate) mod indexed;
pub mod report;
pub mod samples_csv;
pub mod summary;
pub mod terminal;
pub(crate) mod verdict;
pub(crate) mod warnings;
pub mod whatif;
pub mod write;

use std::path::PathBuf;

use crate::results::RunResult;

/// Where an exported piece goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file, relative to the scenario's output folder (e.g. `charts/claims.png`).
    File(PathBuf),
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// Bytes for one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Where they go.
    pub target: Target,
    /// What is written.
    pub bytes: Vec<u8>,
}

/// One output of a run: renders its part of the results as bytes.
pub trait Exporter {
    /// The artifacts of `result`.
    ///
    /// # Errors
    /// Drawing or serialising failed.
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>>;
}

/// `summary.json`.
pub struct Json;

impl Exporter for Json {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        Ok(vec![Artifact {
            target: Target::File("summary.json".into()),
            bytes: summary::Summary::from_result(result).to_json(),
        }])
    }
}

/// Every file of a run, in a fixed order: summary.json, report.md, report.html, the charts, and
/// samples.csv when asked for. The charts are drawn once (in parallel) for both the chart files
/// and the HTML report.
///
/// # Errors
/// The first exporter's failure.
pub fn files(
    result: &RunResult,
    csv: Option<samples_csv::SamplesCsv>,
) -> anyhow::Result<Vec<Artifact>> {
    files_with(result, csv, &charts::Twins::default(), &[], &[], Vec::new())
}

/// [`files`] without the charts that would be exact copies of another quantity's (by `twins`:
/// the reports say which, where the chart would have been), with `extra` report sections (a
/// sweep's, a solve's) after the claims in both reports, and `extra_charts` (drawn, e.g. a
/// sweep's) that those sections show; the extra charts' own files are not written here. The
/// charts in `early` were drawn while the sensitivity analysis ran ([`charts::render_rest`]).
pub(crate) fn files_with(
    result: &RunResult,
    csv: Option<samples_csv::SamplesCsv>,
    twins: &charts::Twins,
    extra: &[report::Section],
    extra_charts: &[charts::Drawn],
    early: Vec<charts::Drawn>,
) -> anyhow::Result<Vec<Artifact>> {
    // Every chart in order, with the ones left out as copies where they would have been.
    let files = charts::plan_with(result, twins);
    // summary.json and report.md do not wait for the charts; report.html shows them.
    let (drawn, (json, markdown)) = rayon::join(
        || charts::render_rest(result, twins, early),
        || {
            let json = Json.export(result);
            (json, report::report_markdown_with(result, &files, extra))
        },
    );
    let drawn = drawn?;
    let svgs = |d: &[charts::Drawn]| -> Vec<(charts::ChartFile, String)> {
        d.iter()
            .map(|(f, _, svg)| (f.clone(), svg.clone()))
            .collect()
    };
    let mut out = Vec::new();
    out.extend(json?);
    out.push(Artifact {
        target: Target::File("report.md".into()),
        bytes: markdown.into_bytes(),
    });
    let html = report::report_html_with(result, &files, &svgs(&drawn), extra, &svgs(extra_charts));
    out.push(Artifact {
        target: Target::File("report.html".into()),
        bytes: html.into_bytes(),
    });
    charts::artifacts(drawn, &mut out);
    if let Some(csv) = &csv {
        out.extend(csv.export(result)?);
    }
    Ok(out)
}
