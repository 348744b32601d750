//! Why an output folder cannot be used: refusals (exit code 2) and I/O failures.

use super::MARKER;
use std::io;
use std::path::{Path, PathBuf};

/// Why an output folder cannot be used or written.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// `--out` names something other than a folder.
    #[error("--out {}: {what}; give a folder (it is created if missing)", .out.display())]
    OutNotFolder {
        /// The `--out` path.
        out: PathBuf,
        /// What it is instead (e.g. "is a file").
        what: String,
    },
    /// `OUT/<stem>` holds something shellcount did not write; it is never replaced.
    #[error(
        "{} already exists and is {what}: shellcount replaces only folders it wrote itself \
         (they hold a `{MARKER}` marker), so the results of {scenario} were not written\n  = help: choose another \
         --out (results go to OUT/<scenario file name>), rename the scenario file, or move {} \
         away yourself",
        .path.display(), .path.display()
    )]
    Foreign {
        /// `OUT/<stem>`.
        path: PathBuf,
        /// What is there (e.g. "a file").
        what: &'static str,
        /// The scenario file.
        scenario: String,
    },
    /// The scenario file's name gives no usable output folder name.
    #[error(
        "{scenario}: its file name gives the output folder name `{stem}`, which is not allowed \
         (it must not be empty or start with `.`: hidden names are shellcount's own)\n  = help: \
         rename the file, e.g. to my-scenario.toml"
    )]
    BadName {
        /// The scenario file.
        scenario: String,
        /// The folder name it gives.
        stem: String,
    },
    /// `OUT` cannot be created or written into.
    #[error("cannot write results under --out {}: {source}; choose a folder you can write to", .out.display())]
    NotWritable {
        /// The `--out` path.
        out: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// Any other I/O failure.
    #[error("{what} '{}'", .path.display())]
    Io {
        /// What was being done ("Could not create", …).
        what: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

impl FolderError {
    /// True for refusals the user resolves by changing the command or files (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, FolderError::Io { .. })
    }

    pub(super) fn io(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> FolderError {
        let path = path.to_path_buf();
        move |source| FolderError::Io { what, path, source }
    }
}

/// Checks that a scenario's file stem can name its output folder.
///
/// # Errors
/// [`FolderError::BadName`] for an empty name, one starting with `.` (`..toml` gives `.`) or
/// holding a path separator.
pub fn check_stem(stem: &str, scenario: &str) -> Result<(), FolderError> {
    if stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\']) {
        return Err(FolderError::BadName {
            scenario: scenario.into(),
            stem: stem.into(),
        });
    }
    Ok(())
}
