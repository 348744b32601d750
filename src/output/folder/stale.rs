//! The names of shellcount's hidden folders, and the removal of those a dead run left behind.
//!
//! ```text
//! OUT/.<stem>.partial-<pid>/   results being written (staging), created before sampling
//! OUT/.<stem>.old-<pid>/       the previous results, only between the two renames of a swap
//! ```
//!
//! Cleanup runs under the lock on `OUT` (so no live run is mid-swap) and touches only folders
//! with exactly these names that hold a valid marker nobody has locked, and, where /proc shows
//! processes, whose process id is not running (or is this process's own, which cannot be the
//! writer): both say the writer is dead, and either alone being unsure leaves the folder for a
//! later run. A staging folder is removed; a previous-results folder is put back as
//! `OUT/<stem>` if that is missing (the run died between the renames), else removed.

use super::marker;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Which hidden folder a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hidden {
    /// `.<stem>.partial-<pid>`.
    Partial,
    /// `.<stem>.old-<pid>`.
    Old,
}

impl Hidden {
    fn suffix(self) -> &'static str {
        match self {
            Hidden::Partial => "partial",
            Hidden::Old => "old",
        }
    }

    /// This process's hidden folder of this kind for `stem` under `out`.
    pub(super) fn path(self, out: &Path, stem: &str) -> PathBuf {
        out.join(format!(".{stem}.{}-{}", self.suffix(), std::process::id()))
    }

    /// (kind, stem, pid) of a hidden folder's name.
    fn parse(name: &str) -> Option<(Hidden, &str, u32)> {
        let (head, pid) = name.strip_prefix('.')?.rsplit_once('-')?;
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let pid = pid.parse().ok()?;
        [Hidden::Partial, Hidden::Old].into_iter().find_map(|kind| {
            let stem = head.strip_suffix(kind.suffix())?.strip_suffix('.')?;
            (!stem.is_empty()).then_some((kind, stem, pid))
        })
    }
}

/// Removes (or restores) the hidden folders of dead runs in `out`. Call with `out` locked.
/// Best effort: a folder that cannot be removed is left for the next run.
pub(super) fn remove_stale(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((kind, stem, pid)) = name.to_str().and_then(Hidden::parse) else {
            continue;
        };
        if pid != std::process::id() && process_running(pid) == Some(true) {
            continue;
        }
        let path = entry.path();
        // Held while we act: the writer is gone and nobody else may take the folder meanwhile.
        let Some(_held) = marker::lock_if_abandoned(&path) else {
            continue;
        };
        let dir = out.join(stem);
        let missing =
            matches!(fs::symlink_metadata(&dir), Err(e) if e.kind() == ErrorKind::NotFound);
        if kind == Hidden::Old && missing {
            let _ = fs::rename(&path, &dir);
        } else {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether process `pid` exists, where /proc tells (Linux); `None` elsewhere.
fn process_running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_running_processes_where_proc_exists() {
        if Path::new("/proc/self").exists() {
            assert_eq!(process_running(std::process::id()), Some(true));
            assert_eq!(process_running(u32::MAX), Some(false));
        }
    }

    #[test]
    fn names_round_trip_and_others_do_not_parse() {
        let out = Path::new("o");
        let p = Hidden::Partial.path(out, "base.v2");
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(
            Hidden::parse(name),
            Some((Hidden::Partial, "base.v2", std::process::id()))
        );
        assert_eq!(Hidden::parse(".a.old-12"), Some((Hidden::Old, "a", 12)));
        for other in [
            "base",
            ".base",
            ".partial-12",
            "..partial-12",
            ".a.partial-",
            ".a.partial-1x",
            ".a.partial-+1",
            "a.partial-12",
            ".a.partial12",
            ".a.new-12",
            ".a.partial-99999999999",
        ] {
            assert_eq!(Hidden::parse(other), None, "{other}");
        }
    }
}
