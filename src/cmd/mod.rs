//! One file per subcommand, each with the same shape: take parsed options, return a result.

pub mod check;
pub mod new;
pub mod run;

use crate::error::AppError;
use crate::model::limits::STACK_BYTES;
use crate::scenario::{self, Scenario, ScenarioError};
use std::path::PathBuf;

/// Loads every scenario, collecting the problems of all files before failing.
///
/// Parsing and compiling recurse once per level of nesting in an expression, so they run on a
/// thread with the stack the depth limit needs ([`STACK_BYTES`]), whatever the main thread has.
///
/// # Errors
/// [`AppError::Scenario`] with every problem of every file.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Scenario>, AppError> {
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, || load_each(paths))
        {
            Ok(h) => h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: load here, with the stack this thread has.
            Err(_) => load_each(paths),
        }
    })
}

fn load_each(paths: &[PathBuf]) -> Result<Vec<Scenario>, AppError> {
    let mut ok = Vec::new();
    let mut problems = Vec::new();
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
