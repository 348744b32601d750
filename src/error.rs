//! Application errors and their exit codes.

use crate::output::folder::FolderError;
use crate::scenario::ScenarioError;
use std::fmt;

/// Exit code for a bad scenario or bad usage.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code for any other failure.
pub const EXIT_FAILURE: i32 = 1;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// One or more scenario files are invalid.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// The command line asked for something impossible (message says what and what is allowed).
    #[error("error: {0}")]
    Usage(String),
    /// Anything else: I/O, charts.
    #[error("error: {0:#}")]
    Other(anyhow::Error),
    /// Some of several scenario files failed; each failure was printed when it happened.
    #[error("{0}")]
    Incomplete(RunReport),
}

impl AppError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Scenario(_) | AppError::Usage(_) => EXIT_BAD_INPUT,
            AppError::Other(_) => EXIT_FAILURE,
            AppError::Incomplete(r) => r.exit_code(),
        }
    }
}

impl From<FolderError> for AppError {
    fn from(e: FolderError) -> Self {
        if e.is_bad_input() {
            AppError::Usage(e.to_string())
        } else {
            AppError::Other(e.into())
        }
    }
}

impl From<anyhow::Error> for AppError {
    /// A refusal to replace an output folder stays a refusal (exit 2) after passing through
    /// `anyhow`; anything else is a failure (exit 1).
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<FolderError>() {
            Ok(f) => f.into(),
            Err(e) => AppError::Other(e),
        }
    }
}

/// Which scenario files of a multi-file command succeeded and which failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunReport {
    /// Files that ran, with their results folder.
    pub succeeded: Vec<(String, String)>,
    /// Files that failed, with the exit code their failure alone would have given.
    pub failed: Vec<(String, i32)>,
}

impl RunReport {
    /// 2 if any file failed for bad input, else 1 (0 if none failed).
    pub fn exit_code(&self) -> i32 {
        self.failed.iter().map(|f| f.1).max().unwrap_or(0)
    }
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.succeeded.len() + self.failed.len();
        let names = |v: Vec<&str>| v.join(", ");
        write!(
            f,
            "error: {} of {total} scenario files failed: {}",
            self.failed.len(),
            names(self.failed.iter().map(|s| s.0.as_str()).collect())
        )?;
        if self.succeeded.is_empty() {
            write!(f, "\nnone succeeded")
        } else {
            write!(f, "\nsucceeded ({}):", self.succeeded.len())?;
            for (file, dir) in &self.succeeded {
                write!(f, "\n  {file} → {dir}/")?;
            }
            Ok(())
        }
    }
}
