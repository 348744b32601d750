//! `--samples-csv`, written straight into the staging folder rather than held as bytes: in the
//! streaming mode while pass 1 draws (with evidence: while the pass that rebuilds the final
//! weights regenerates them), a batch of chunks at a time in draw order (the same bytes as the
//! in-memory file), announced before sampling with the most it can take on disk; in memory
//! from the kept draws, row by row.

use super::memory::bytes_text;
use super::terminal_safe;
use crate::analysis::AnalysisError;
use crate::engine::stream::Chunk;
use crate::error::AppError;
use crate::model::QuantityId;
use crate::output::samples_csv::{ChunkCsv, SamplesCsv};
use crate::output::write::OutputPaths;
use crate::results::RunResult;
use crate::scenario::Scenario;
use anyhow::Context;
use std::fs::File;
use std::path::PathBuf;

/// Most bytes one value takes in samples.csv, with its comma or line break: a sign, 17
/// significant digits, a point and `e-308`, or `-0.0000` and 17 digits (see
/// `output::samples_csv`).
const MAX_VALUE_BYTES: u64 = 25;

/// The quantities written: `--columns`, else every quantity.
fn written(s: &Scenario, columns: &[QuantityId]) -> Vec<QuantityId> {
    if columns.is_empty() {
        s.quantities.ids().collect()
    } else {
        columns.to_vec()
    }
}

/// The note printed before a streamed run writes samples.csv: its rows (`up_to` them, with
/// `--precision`) and columns, the most it can take and the space free where it is written
/// (and a warning when it may not fit).
pub(super) fn size_note(
    s: &Scenario,
    (samples, up_to): (u64, bool),
    columns: &[QuantityId],
    paths: &OutputPaths,
) -> String {
    let ids = written(s, columns);
    let weighted = !s.evidence.is_empty();
    // The weight column's name (`weight` or `_weight`) takes at most 7 bytes, with its comma.
    let header: u64 = ids
        .iter()
        .map(|&q| s.quantities[q].name.len() as u64 + 3)
        .sum::<u64>()
        + if weighted { 7 } else { 0 };
    let width = ids.len() + usize::from(weighted);
    let most = (samples as u128 * width as u128 * MAX_VALUE_BYTES as u128 + header as u128)
        .min(u64::MAX as u128) as u64;
    let mut line = format!(
        "note: {}: samples.csv is written as the draws stream{}: {}{samples} rows of {width} columns, at most {}",
        s.path,
        if weighted {
            " (in the pass that rebuilds the evidence's final weights, the fifth)"
        } else {
            ""
        },
        if up_to { "up to " } else { "" },
        bytes_text(most)
    );
    if let Ok(free) = fs4::available_space(&paths.partial) {
        line += &format!(" ({} free there)", bytes_text(free));
        if most > free {
            line += "; it may not fit (--columns writes fewer columns; if the disk fills, the run stops and writes nothing)";
        }
    }
    line
}

/// samples.csv being written in the staging folder.
pub(super) struct StreamCsv {
    path: PathBuf,
    csv: ChunkCsv<File>,
}

impl StreamCsv {
    /// Creates samples.csv in the staging folder and writes its header.
    pub(super) fn create(
        s: &Scenario,
        columns: &[QuantityId],
        paths: &OutputPaths,
    ) -> Result<StreamCsv, AppError> {
        let path = paths.partial.join("samples.csv");
        let open = || -> anyhow::Result<ChunkCsv<File>> {
            let file = File::create_new(&path)?;
            Ok(ChunkCsv::new(file, s, &written(s, columns))?)
        };
        let csv = open()
            .with_context(|| format!("Could not write '{}'", path.display()))
            .map_err(AppError::Other)?;
        Ok(StreamCsv { path, csv })
    }

    /// Appends the rows of a streamed batch, with each chunk's final weights when the
    /// scenario has evidence (see `Streaming::rows`).
    pub(super) fn append(
        &mut self,
        batch: &[Chunk],
        weights: Option<&[Vec<f64>]>,
    ) -> Result<(), AnalysisError> {
        self.csv.feed(batch, weights).map_err(|e| {
            AnalysisError::Write(
                anyhow::Error::from(e)
                    .context(format!("Could not write '{}'", self.path.display())),
            )
        })
    }

    /// Flushes the file.
    pub(super) fn finish(self) -> Result<(), AppError> {
        self.csv
            .finish()
            .map(drop)
            .with_context(|| format!("Could not write '{}'", self.path.display()))
            .map_err(AppError::Other)
    }
}

/// Prints the note unless `quiet`.
pub(super) fn announce(note: &str, quiet: bool) {
    if !quiet {
        eprintln!("{}", terminal_safe(note));
    }
}

/// Writes samples.csv of the kept draws into the staging folder, row by row.
pub(super) fn write_kept(
    csv: &SamplesCsv,
    result: &RunResult,
    paths: &OutputPaths,
) -> Result<(), AppError> {
    let path = paths.partial.join("samples.csv");
    let write = || -> anyhow::Result<()> {
        let file = File::create_new(&path)?;
        csv.write_to(result, file)?;
        Ok(())
    };
    write()
        .with_context(|| format!("Could not write '{}'", path.display()))
        .map_err(AppError::Other)
}
