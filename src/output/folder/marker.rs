//! The marker file that makes a folder shellcount's, and the advisory locks built on it.
//!
//! Every folder shellcount writes holds [`MARKER`], a small JSON file saying who wrote it. A
//! folder is shellcount's (and may be replaced) only if it is a real folder, not a link, holding
//! a regular-file marker with `"written_by": "shellcount"`.
//!
//! While a run writes a staging folder it keeps that folder's marker locked (an advisory
//! exclusive lock, `flock` on Unix, through `fs4`). The lock ends with the process, however it
//! ends, so another run that can lock a staging folder's marker knows its writer is dead.

use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

/// Name of the marker file inside every output folder shellcount writes.
pub const MARKER: &str = ".shellcount-output";

/// The marker's contents.
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    /// Always `"shellcount"`.
    written_by: String,
    /// The shellcount version that wrote the folder.
    version: String,
    /// The scenario file, as given on the command line.
    scenario: String,
}

/// Markers are tiny; anything larger is not one (and is not read whole).
const MARKER_MAX_BYTES: u64 = 64 * 1024;

/// Writes the marker into the new folder `dir` and returns it open and locked.
///
/// # Errors
/// Any I/O error; the marker must not exist yet.
pub(super) fn create(dir: &Path, scenario: &str) -> io::Result<File> {
    let marker = Marker {
        written_by: "shellcount".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: scenario.into(),
    };
    let mut text = serde_json::to_string_pretty(&marker).map_err(io::Error::other)?;
    text.push('\n');
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(dir.join(MARKER))?;
    f.write_all(text.as_bytes())?;
    f.flush()?;
    if !FileExt::try_lock_exclusive(&f)? {
        return Err(io::Error::other(
            "the new marker is locked by another process",
        ));
    }
    Ok(f)
}

/// True if `dir` is a real folder (not a link) holding a valid shellcount marker.
pub(super) fn is_ours(dir: &Path) -> bool {
    let is_dir = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    is_dir && read(&dir.join(MARKER)).is_some()
}

/// The marker at `path`, if it is a regular file (not a link) holding shellcount's JSON.
fn read(path: &Path) -> Option<Marker> {
    if !fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    File::open(path)
        .ok()?
        .take(MARKER_MAX_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    let m: Marker = serde_json::from_str(&text).ok()?;
    (m.written_by == "shellcount").then_some(m)
}

/// If `dir` is shellcount's and nobody holds its marker's lock, the marker, now locked by us:
/// the process that wrote `dir` is gone. `None` if it is not ours or its writer is alive (or
/// locking is not possible here, in which case it is left alone).
pub(super) fn lock_if_abandoned(dir: &Path) -> Option<File> {
    if !is_ours(dir) {
        return None;
    }
    let f = File::open(dir.join(MARKER)).ok()?;
    FileExt::try_lock_exclusive(&f).ok()?.then_some(f)
}

/// An exclusive advisory lock on the output folder `out`, released when the file is dropped.
///
/// On Unix the folder itself is locked (no lock file is left behind); elsewhere a lock file
/// `OUT/.shellcount.lock` is used.
pub(super) fn lock_folder(out: &Path) -> io::Result<File> {
    #[cfg(unix)]
    let f = File::open(out)?;
    #[cfg(not(unix))]
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".shellcount.lock"))?;
    FileExt::lock_exclusive(&f)?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_ours_only_with_a_valid_marker() {
        let tmp = tempfile::TempDir::new().unwrap();
        let tmp = tmp.path();
        assert!(!is_ours(tmp), "no marker");
        fs::write(tmp.join(MARKER), "{\"written_by\": \"someone\"}").unwrap();
        assert!(!is_ours(tmp), "a marker file of the wrong kind");
        fs::remove_file(tmp.join(MARKER)).unwrap();
        let held = create(tmp, "s.toml").unwrap();
        assert!(is_ours(tmp));
        assert!(lock_if_abandoned(tmp).is_none(), "locked by a live writer");
        drop(held);
        assert!(lock_if_abandoned(tmp).is_some(), "writer gone");
        assert!(!is_ours(&tmp.join(MARKER)), "a file is not a folder");
    }
}
