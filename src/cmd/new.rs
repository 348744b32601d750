//! `shellcount new`: write a commented template scenario.
//!
//! It creates exactly one new file and never replaces anything: the file is opened with
//! `create_new` (so a file, folder or link that appears meanwhile is not overwritten), and if
//! writing it fails, only that file, which it created, is removed.

use super::terminal_safe;
use crate::error::AppError;
use crate::output::folder::check_stem;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The template written by `shellcount new` (it passes `shellcount check`).
pub const TEMPLATE: &str = include_str!("template.toml");

/// Writes `NAME.toml` (or NAME, if it already ends in `.toml`); never overwrites.
///
/// # Errors
/// [`AppError::Usage`] if the file exists, the name is empty or would name an output folder
/// that `run` refuses (e.g. `..`); [`AppError::Other`] on I/O errors.
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
    let shown = path.display().to_string();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    check_stem(stem.as_deref().unwrap_or(""), &shown)?;
    let exists = || {
        AppError::Usage(format!(
            "{shown} already exists; choose another name (shellcount never overwrites a scenario)"
        ))
    };
    if path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(AppError::Usage(format!(
                "folder {} does not exist",
                parent.display()
            )));
        }
    }
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(exists()),
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("could not create '{shown}'"))
                .into())
        }
    };
    if let Err(e) = std::io::Write::write_all(&mut f, TEMPLATE.as_bytes()) {
        drop(f);
        let _ = std::fs::remove_file(&path);
        return Err(anyhow::Error::new(e)
            .context(format!("could not write '{shown}'"))
            .into());
    }
    let done = format!("wrote {shown}: edit it, then `shellcount run {shown}`");
    println!("{}", terminal_safe(&done));
    Ok(())
}
