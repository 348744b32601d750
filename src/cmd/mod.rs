//! One file per subcommand, each with the same shape: take parsed options, return a result.

pub mod check;
pub mod new;
pub mod run;
pub mod schema;

use crate::error::AppError;
use crate::scenario::{self, Scenario, ScenarioError};
use std::path::PathBuf;

/// Loads every scenario, collecting the problems of all files before failing.
///
/// # Errors
/// [`AppError::Scenario`] with every problem of every file.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Scenario>, AppError> {
    let mut ok = Vec::new();
    let mut problems = Vec::new();
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(AppError::Usage(
            "`-` (standard input) may be given only once".into(),
        ));
    }
    for p in paths {
        match scenario::load(p) {
            Ok(s) => ok.push(s),
            Err(ScenarioError(mut d)) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(ok)
    } else {
        Err(ScenarioError(problems).into())
    }
}
