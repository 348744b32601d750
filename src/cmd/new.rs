//! `shellcount new`: write a commented template scenario.

use crate::error::AppError;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The template written by `shellcount new` (it passes `shellcount check`).
pub const TEMPLATE: &str = include_str!("template.toml");

/// Writes `NAME.toml` (or NAME, if it already ends in `.toml`); never overwrites.
///
/// # Errors
/// [`AppError::Usage`] if the file exists or the name is empty; [`AppError::Other`] on I/O errors.
pub fn new(name: &Path) -> Result<(), AppError> {
    let text = name.to_string_lossy();
    if text.trim().is_empty() {
        return Err(AppError::Usage(
            "the scenario name is empty; try `shellcount new my-scenario`".into(),
        ));
    }
    let path: PathBuf = if text.ends_with(".toml") {
        name.to_path_buf()
    } else {
        PathBuf::from(format!("{text}.toml"))
    };
    if path.exists() {
        return Err(AppError::Usage(format!(
            "{} already exists; choose another name (shellcount never overwrites a scenario)",
            path.display()
        )));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(AppError::Usage(format!(
                "folder {} does not exist",
                parent.display()
            )));
        }
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("could not create '{}'", path.display()))?;
    std::io::Write::write_all(&mut f, TEMPLATE.as_bytes())
        .with_context(|| format!("could not write '{}'", path.display()))?;
    println!(
        "wrote {}: edit it, then `shellcount run {}`",
        path.display(),
        path.display()
    );
    Ok(())
}
