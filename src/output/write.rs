//! The output folder: every file of a run written, then swapped in whole (which files there are
//! is decided by the exporters, `super::files`).
//!
//! A scenario's results go to `OUT/<stem>/`. Everything is first written to the hidden staging
//! folder that [`super::folder`] created before sampling, which replaces `OUT/<stem>/` only
//! when every file is complete; on any failure it is removed, so a failed run leaves no
//! half-written output and the previous results untouched.
//!
//! ```text
//! OUT/<stem>/summary.json        results (the Summary struct)
//! OUT/<stem>/report.md           report: summary, claims, distributions, sensitivity, evidence,
//!                                assumptions and sources, model, reproducibility, charts
//! OUT/<stem>/report.html         the same report as one self-contained page (charts inline)
//! OUT/<stem>/charts/*.png|svg    charts
//! OUT/<stem>/samples.csv         every draw (with --samples-csv)
//! OUT/<stem>/.shellcount-output  the marker: this folder is shellcount's (folder::MARKER)
//! ```

use super::{Artifact, Target};
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

pub use super::folder::OutputPaths;

/// Writes every file of one scenario (the [`Target::File`] artifacts, from
/// [`super::files`]), all or nothing.
///
/// # Errors
/// Any I/O error, or a refusal to replace `OUT/<stem>` (see [`OutputPaths::commit`]); the
/// staging folder is removed first.
pub fn write_all(paths: &OutputPaths, files: &[Artifact]) -> Result<()> {
    let result =
        write_partial(paths, files).and_then(|()| paths.commit().map_err(anyhow::Error::from));
    if result.is_err() {
        paths.discard();
    }
    result
}

fn write_partial(paths: &OutputPaths, files: &[Artifact]) -> Result<()> {
    use rayon::prelude::*;
    let dir = &paths.partial;
    let targets: Vec<(std::path::PathBuf, &[u8])> = files
        .iter()
        .filter_map(|a| match &a.target {
            Target::File(rel) => Some((dir.join(rel), a.bytes.as_slice())),
            _ => None,
        })
        .collect();
    for (path, _) in &targets {
        // Not `create_dir_all`: if an interrupt removed the staging folder, nothing recreates it.
        if let Some(sub) = path.parent().filter(|p| *p != dir.as_path() && !p.exists()) {
            fs::create_dir(sub).with_context(|| format!("Could not create '{}'", sub.display()))?;
        }
    }
    // The files are written on rayon's pool (creating a file costs tens of microseconds of
    // system time, and a run writes dozens); the first failure in file order is reported.
    let written: Vec<Result<()>> = targets
        .par_iter()
        .map(|(path, bytes)| write_file(path, bytes))
        .collect();
    written.into_iter().collect()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("Could not write '{}'", path.display()))
}
