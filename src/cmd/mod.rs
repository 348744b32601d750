//! One file per subcommand, each with the same shape: take parsed options, return a result.

pub mod check;
pub mod compare;
mod memory;
pub mod new;
pub mod run;
pub mod schema;
mod stream_csv;
mod whatif;

use crate::error::AppError;
use crate::model::limits::STACK_BYTES;
use crate::scenario::{self, Scenario, ScenarioError};
use std::borrow::Cow;
use std::path::PathBuf;

/// Loads every scenario, collecting the problems of all files before failing.
///
/// Parsing and compiling recurse once per level of nesting in an expression, so they run on a
/// thread with the stack the depth limit needs ([`STACK_BYTES`]), whatever the main thread has.
///
/// # Errors
/// [`AppError::Scenario`] with every problem of every file.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Scenario>, AppError> {
    let (ok, invalid) = load_each(paths);
    if invalid.is_empty() {
        Ok(ok)
    } else {
        Err(ScenarioError(invalid.into_iter().flat_map(|(_, e)| e.0).collect()).into())
    }
}

/// Loads every scenario: the valid ones, and each invalid file with all its problems. Loading
/// runs on a thread with [`STACK_BYTES`] of stack (nesting up to the depth limit needs more
/// than a main thread may have).
pub fn load_each(paths: &[PathBuf]) -> (Vec<Scenario>, Vec<(String, ScenarioError)>) {
    load_each_with(paths, &[])
}

/// [`load_each`] with `overrides` (`--set`) applied to every file.
pub fn load_each_with(
    paths: &[PathBuf],
    overrides: &[scenario::Override],
) -> (Vec<Scenario>, Vec<(String, ScenarioError)>) {
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, || load_each_here(paths, overrides))
        {
            Ok(h) => h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: load here, with the stack this thread has.
            Err(_) => load_each_here(paths, overrides),
        }
    })
}

fn load_each_here(
    paths: &[PathBuf],
    overrides: &[scenario::Override],
) -> (Vec<Scenario>, Vec<(String, ScenarioError)>) {
    let mut ok = Vec::new();
    let mut invalid = Vec::new();
    for p in paths {
        match scenario::load_with(p, overrides) {
            Ok(s) => ok.push(s),
            Err(e) => invalid.push((p.display().to_string(), e)),
        }
    }
    (ok, invalid)
}

/// `text` made safe to print on a terminal: control characters other than newline and tab
/// (escape sequences, carriage returns, …) and the Unicode bidirectional controls are shown
/// escaped (`\u{1b}`), so nothing a scenario or file name holds can drive the terminal or hide
/// text. Used at every point that prints user-controlled text (errors, warnings, the summary).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    crate::text::escape_for_terminal(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_escapes_control_and_bidi_characters_only() {
        assert!(matches!(terminal_safe("plain — ok\n\tü"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_safe("a\u{1b}[31mred\u{1b}]8;;x\u{7}\r\u{9b}\u{202e}z\n"),
            "a\\u{1b}[31mred\\u{1b}]8;;x\\u{7}\\u{d}\\u{9b}\\u{202e}z\n"
        );
    }
}
