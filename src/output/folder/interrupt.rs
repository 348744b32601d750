//! This process's staging folders, and their removal when it is interrupted.
//!
//! Every staging folder is registered here from just before it is created until it is swapped
//! in or removed. On SIGINT, SIGTERM or SIGHUP a dedicated thread takes the registry (so it
//! waits for a swap in progress to finish), removes every registered folder and ends the
//! process as the signal would have (the parent sees "killed by SIGINT"). SIGKILL cannot be
//! caught: what it leaves is removed by the next run into the same folder (see `stale`).

use std::fs;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry of staging folders; holding it keeps the signal thread from removing them.
pub(super) fn active() -> MutexGuard<'static, Vec<PathBuf>> {
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes `path` if it is registered (i.e. still a staging folder of ours), and unregisters it.
pub(super) fn remove_registered(path: &PathBuf) {
    let mut active = active();
    if let Some(i) = active.iter().position(|p| p == path) {
        let _ = fs::remove_dir_all(&active[i]);
        active.swap_remove(i);
    }
}

/// Removes this process's staging folders when SIGINT, SIGTERM or SIGHUP arrives, then ends the
/// process as that signal would have. Call once, early in `main`; does nothing on platforms
/// without Unix signals (there the next run removes what an interrupted run left).
///
/// # Errors
/// If the handlers cannot be installed or the thread cannot start.
#[cfg(unix)]
pub fn remove_staging_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("shellcount-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends: no swap can start after the folders are gone.
                let mut active = active();
                for p in active.drain(..) {
                    let _ = fs::remove_dir_all(p);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Does nothing: this platform has no Unix signals.
///
/// # Errors
/// Never.
#[cfg(not(unix))]
pub fn remove_staging_on_signals() -> std::io::Result<()> {
    Ok(())
}
