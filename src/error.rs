//! Application errors and their exit codes.

use crate::scenario::ScenarioError;

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
    Other(#[from] anyhow::Error),
}

impl AppError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Scenario(_) | AppError::Usage(_) => EXIT_BAD_INPUT,
            AppError::Other(_) => EXIT_FAILURE,
        }
    }
}
