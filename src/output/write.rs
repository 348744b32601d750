//! The output folder: every file of a run written, then swapped in whole (which files there are
//! is decided by the exporters, `super::files`).
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

use super::{Artifact, Target};
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

/// Writes every file of one scenario (the [`Target::File`] artifacts, from
/// [`super::files`]), all or nothing.
///
/// # Errors
/// Any I/O error; the partial folder is removed first.
pub fn write_all(paths: &OutputPaths, files: &[Artifact]) -> Result<()> {
    let result = write_partial(paths, files).and_then(|()| swap_in(paths));
    if result.is_err() {
        let _ = fs::remove_dir_all(&paths.partial);
    }
    result
}

fn write_partial(paths: &OutputPaths, files: &[Artifact]) -> Result<()> {
    let dir = &paths.partial;
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("Could not remove '{}'", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("Could not create '{}'", dir.display()))?;
    for a in files {
        let Target::File(rel) = &a.target else {
            continue;
        };
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("Could not create '{}'", parent.display()))?;
        }
        write_file(&path, &a.bytes)?;
    }
    Ok(())
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
