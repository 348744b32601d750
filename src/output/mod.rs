//! Everything a run writes or prints, each a projection of the run's
//! [`RunResult`](crate::results::RunResult) behind one small trait, [`Exporter`] (as
//! hyperfine's exporters): each returns bytes and where they go, so it is tested without files.
//!
//! ```text
//! terminal.rs     Terminal    the summary table (stdout) and warnings (stderr)
//! summary/        Json        summary.json: the Summary schema and its one projection
//! report/         Report      report.md, one file per section
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

/// Every file of a run, in a fixed order: summary.json, report.md, the charts, and samples.csv
/// when asked for.
///
/// # Errors
/// The first exporter's failure.
pub fn files(
    result: &RunResult,
    csv: Option<samples_csv::SamplesCsv>,
) -> anyhow::Result<Vec<Artifact>> {
    let mut exporters: Vec<&dyn Exporter> = vec![&Json, &report::Report, &charts::Charts];
    if let Some(csv) = &csv {
        exporters.push(csv);
    }
    let mut out = Vec::new();
    for e in exporters {
        out.extend(e.export(result)?);
    }
    Ok(out)
}
