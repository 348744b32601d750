//! Output folders shellcount owns: checked and staged before sampling, swapped in under a lock,
//! cleaned up after interrupts. Nothing shellcount did not write is ever deleted or replaced.
//!
//! ```text
//! OutFolder::open(OUT)     OUT must be a folder (created if missing)
//!   .stage(stem, file)     under the OUT lock: remove dead runs' folders; refuse OUT/<stem>
//!                          unless it is absent or shellcount's; create OUT/.<stem>.partial-<pid>/
//!                          with its marker, locked             ← all before sampling
//! write_all(&paths, …)     write every file into the staging folder, then
//!   paths.commit()         under the OUT lock: check OUT/<stem> again; rename it to
//!                          .<stem>.old-<pid>, rename the staging folder to OUT/<stem>, remove
//!                          the old one
//! drop(paths)              a staging folder not swapped in is removed
//! OutFolder::finish()      folders this run created and left empty are removed
//! ```
//!
//! Concurrent runs into one `OUT` serialise their swaps on the lock (an advisory `flock` on the
//! `OUT` folder itself on Unix), so each swap sees a consistent `OUT/<stem>` and the last run to
//! finish wins with a complete folder. See `marker` for what makes a folder shellcount's,
//! `stale` for the cleanup of dead runs and `interrupt` for SIGINT/SIGTERM.

mod error;
mod interrupt;
mod marker;
mod stale;

pub use error::{check_stem, FolderError};
pub use interrupt::remove_staging_on_signals;
pub use marker::MARKER;

use stale::Hidden;
use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The `--out` folder of one run.
#[derive(Debug)]
pub struct OutFolder {
    path: PathBuf,
    /// Folders this run created (outermost first), removed at the end if left empty.
    created: Vec<PathBuf>,
}

impl OutFolder {
    /// Checks `out` is a folder (following links) or can be created, and creates it.
    ///
    /// # Errors
    /// [`FolderError::OutNotFolder`] if it is a file; [`FolderError::NotWritable`] if it cannot
    /// be created.
    pub fn open(out: &Path) -> Result<OutFolder, FolderError> {
        let mut folder = OutFolder {
            path: out.to_path_buf(),
            created: Vec::new(),
        };
        folder.ensure()?;
        Ok(folder)
    }

    fn ensure(&mut self) -> Result<(), FolderError> {
        let not_writable = |source| FolderError::NotWritable {
            out: self.path.clone(),
            source,
        };
        match fs::metadata(&self.path) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(FolderError::OutNotFolder {
                    out: self.path.clone(),
                    what: "is a file".into(),
                })
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(not_writable(e)),
        }
        let mut missing = Vec::new();
        let mut p = self.path.as_path();
        while !p.as_os_str().is_empty() && fs::symlink_metadata(p).is_err() {
            missing.push(p.to_path_buf());
            p = p.parent().unwrap_or(Path::new(""));
        }
        for dir in missing.into_iter().rev() {
            match fs::create_dir(&dir) {
                Ok(()) => self.created.push(dir),
                Err(e) if e.kind() == ErrorKind::AlreadyExists && dir.is_dir() => {}
                Err(e) => return Err(not_writable(e)),
            }
        }
        Ok(())
    }

    /// Prepares `OUT/<stem>` for the results of `scenario`, before any sampling: removes what
    /// dead runs left, refuses a target shellcount did not write, and creates the staging
    /// folder (with its marker, locked while this process lives).
    ///
    /// # Errors
    /// [`FolderError::Foreign`] if `OUT/<stem>` is a folder without the marker, a file or a
    /// link; [`FolderError::BadName`], [`FolderError::NotWritable`], [`FolderError::Io`].
    pub fn stage(&mut self, stem: &str, scenario: &str) -> Result<OutputPaths, FolderError> {
        check_stem(stem, scenario)?;
        let dir = self.path.join(stem);
        let partial = Hidden::Partial.path(&self.path, stem);
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.ensure()?;
            let created = self.try_stage(&dir, &partial, scenario);
            match created {
                // `OUT` vanished since `ensure` (a run that had created it removed it empty).
                Err(FolderError::NotWritable { source, .. })
                    if source.kind() == ErrorKind::NotFound && attempt < 5 => {}
                Err(e) => return Err(e),
                Ok(marker) => {
                    return Ok(OutputPaths {
                        dir,
                        partial,
                        out: self.path.clone(),
                        scenario: scenario.into(),
                        marker: Mutex::new(Some(marker)),
                    })
                }
            }
        }
    }

    fn try_stage(&self, dir: &Path, partial: &Path, scenario: &str) -> Result<File, FolderError> {
        let not_writable = |source| FolderError::NotWritable {
            out: self.path.clone(),
            source,
        };
        let _lock = marker::lock_folder(&self.path).map_err(not_writable)?;
        stale::remove_stale(&self.path);
        refuse_foreign(dir, scenario)?;
        // Held from creation to registration: an interrupt waits, then removes the folder.
        let mut active = interrupt::active();
        fs::create_dir(partial).map_err(not_writable)?;
        match marker::create(partial, scenario) {
            Ok(m) => {
                active.push(partial.to_path_buf());
                Ok(m)
            }
            Err(e) => {
                let _ = fs::remove_dir_all(partial);
                Err(not_writable(e))
            }
        }
    }

    /// Removes the folders this run created for `--out` if they are still empty (a run whose
    /// every scenario failed leaves no output folder).
    pub fn finish(self) {
        let Ok(_lock) = marker::lock_folder(&self.path) else {
            return;
        };
        for dir in self.created.iter().rev() {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// What is at `OUT/<stem>`.
#[derive(Debug, PartialEq)]
enum Target {
    Absent,
    Ours,
    Foreign(&'static str),
}

fn target(dir: &Path) -> Result<Target, FolderError> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Target::Absent),
        Err(e) => return Err(FolderError::io("Could not inspect", dir)(e)),
    };
    Ok(if meta.file_type().is_symlink() {
        Target::Foreign("a symbolic link")
    } else if !meta.is_dir() {
        Target::Foreign("a file")
    } else if marker::is_ours(dir) {
        Target::Ours
    } else {
        Target::Foreign("a folder shellcount did not write")
    })
}

fn refuse_foreign(dir: &Path, scenario: &str) -> Result<Target, FolderError> {
    match target(dir)? {
        Target::Foreign(what) => Err(FolderError::Foreign {
            path: dir.to_path_buf(),
            what,
            scenario: scenario.into(),
        }),
        t => Ok(t),
    }
}

/// One scenario's output folder, staged: [`OutputPaths::partial`] exists and is being written;
/// [`OutputPaths::commit`] puts it at [`OutputPaths::dir`]. Dropped uncommitted, the staging
/// folder is removed.
#[derive(Debug)]
pub struct OutputPaths {
    /// The final folder, `OUT/<stem>`.
    pub dir: PathBuf,
    /// The hidden staging folder written first, `OUT/.<stem>.partial-<pid>`.
    pub partial: PathBuf,
    out: PathBuf,
    scenario: String,
    /// The staging folder's marker, locked until the swap: tells other runs we are alive.
    marker: Mutex<Option<File>>,
}

/// Test hook, used only by shellcount's own tests (`tests/it/interrupts.rs`): with this
/// variable set to N, a run prints `test pause before swap` to stderr and waits N milliseconds
/// after writing everything and before swapping it in, so a test can interrupt it mid-write.
pub const TEST_PAUSE_ENV: &str = "SHELLCOUNT_TEST_PAUSE_BEFORE_SWAP_MS";

impl OutputPaths {
    /// Swaps the complete staging folder in as `OUT/<stem>`, replacing the previous results
    /// (a folder shellcount wrote) if any.
    ///
    /// # Errors
    /// [`FolderError::Foreign`] if something shellcount did not write appeared at `OUT/<stem>`
    /// during the run; [`FolderError::Io`] if a rename fails (the previous results are then
    /// put back).
    pub fn commit(&self) -> Result<(), FolderError> {
        if let Some(ms) = std::env::var(TEST_PAUSE_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
        {
            eprintln!("test pause before swap");
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let _lock =
            marker::lock_folder(&self.out).map_err(FolderError::io("Could not lock", &self.out))?;
        let mut active = interrupt::active();
        let old = Hidden::Old.path(&self.out, &self.stem());
        let failed = FolderError::io("Could not replace", &self.dir);
        if refuse_foreign(&self.dir, &self.scenario)? == Target::Ours {
            fs::rename(&self.dir, &old).map_err(failed)?;
            // What was moved aside is what will be deleted: check it once more, by its new name.
            if !marker::is_ours(&old) {
                let _ = fs::rename(&old, &self.dir);
                refuse_foreign(&self.dir, &self.scenario)?;
            }
        }
        let failed = FolderError::io("Could not replace", &self.dir);
        fs::rename(&self.partial, &self.dir).map_err(|e| {
            let _ = fs::rename(&old, &self.dir);
            failed(e)
        })?;
        active.retain(|p| p != &self.partial);
        drop(active);
        // Another run may lock this folder's marker now (to remove it as `.old`).
        self.marker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // Under the lock, so no other run mistakes it for a dead run's and restores it.
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }

    /// Removes the staging folder now, if it was not swapped in.
    pub fn discard(&self) {
        interrupt::remove_registered(&self.partial);
    }

    fn stem(&self) -> String {
        self.dir
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

impl Drop for OutputPaths {
    fn drop(&mut self) {
        self.discard();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_that_would_name_the_parent_or_a_hidden_folder_are_refused() {
        for bad in ["", ".", "..", ".hidden", "a/b"] {
            assert!(check_stem(bad, "s.toml").is_err(), "{bad:?}");
        }
        for good in ["base", "a.b", "rok-mnd-2024-02", "x..y"] {
            assert!(check_stem(good, "s.toml").is_ok(), "{good:?}");
        }
    }

    #[test]
    fn stage_commit_replace_and_refuse() {
        let tmp = tempfile::TempDir::new().unwrap();
        let out = tmp.path().join("a/b");
        let mut folder = OutFolder::open(&out).unwrap();
        let paths = folder.stage("s", "s.toml").unwrap();
        assert!(marker::is_ours(&paths.partial));
        fs::write(paths.partial.join("x"), "1").unwrap();
        paths.commit().unwrap();
        drop(paths);
        assert_eq!(fs::read_to_string(out.join("s/x")).unwrap(), "1");
        let paths = folder.stage("s", "s.toml").unwrap();
        fs::write(paths.partial.join("x"), "2").unwrap();
        paths.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("s/x")).unwrap(), "2");
        drop(paths);
        let names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["s"], "nothing hidden is left");
        fs::create_dir(out.join("mine")).unwrap();
        fs::write(out.join("file"), "").unwrap();
        for stem in ["mine", "file"] {
            let e = folder.stage(stem, "t.toml").unwrap_err();
            assert!(matches!(e, FolderError::Foreign { .. }), "{e}");
        }
        folder.finish();
        assert!(out.join("mine").is_dir() && out.join("file").is_file());
    }

    #[test]
    fn what_dead_runs_left_is_removed_or_put_back() {
        let tmp = tempfile::TempDir::new().unwrap();
        let out = tmp.path();
        let leave = |name: &str| {
            let d = out.join(name);
            fs::create_dir(&d).unwrap();
            drop(marker::create(&d, "s.toml").unwrap()); // its writer is gone: unlocked
            fs::write(d.join("x"), name).unwrap();
        };
        // Killed between the two renames of a swap: the previous results come back.
        leave(".s.old-4000000");
        leave(".s.partial-4000000");
        // Killed mid-write while `t` holds results: the staging folder goes.
        leave("t");
        leave(".t.partial-4000001");
        // Not shellcount's: left alone.
        fs::create_dir(out.join(".u.partial-4000002")).unwrap();
        let mut folder = OutFolder::open(out).unwrap();
        drop(folder.stage("v", "v.toml").unwrap());
        let mut names: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".u.partial-4000002", "s", "t"]);
        assert_eq!(
            fs::read_to_string(out.join("s/x")).unwrap(),
            ".s.old-4000000"
        );
        assert_eq!(fs::read_to_string(out.join("t/x")).unwrap(), "t");
    }

    #[test]
    fn an_unused_output_folder_this_run_created_is_removed() {
        let tmp = tempfile::TempDir::new().unwrap();
        let out = tmp.path().join("new/out");
        let mut folder = OutFolder::open(&out).unwrap();
        drop(folder.stage("s", "s.toml").unwrap());
        folder.finish();
        assert!(!tmp.path().join("new").exists());
    }
}
