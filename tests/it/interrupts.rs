//! Process-level tests: runs killed mid-write (SIGINT, SIGTERM, SIGKILL) keep the previous
//! results and leave no hidden folder behind after the next run; many runs into one folder at
//! once all succeed and leave it complete; cleanup never touches what is not a dead run's.
//!
//! A run is stopped mid-write deterministically with the test-only hook
//! `SHELLCOUNT_TEST_PAUSE_BEFORE_SWAP_MS`: the run writes every file into its staging folder,
//! prints `test pause before swap` and waits before swapping it in.
#![cfg(unix)]

use crate::support::{fixture, summary_json};
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use tempfile::TempDir;

const PAUSE: &str = "SHELLCOUNT_TEST_PAUSE_BEFORE_SWAP_MS";

fn shellcount() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("shellcount"))
}

/// `run --quiet --samples N --out OUT SCENARIO`, which must succeed.
fn run_ok(scenario: &Path, out: &Path, samples: u64) {
    let o = shellcount()
        .args(["run", "--quiet", "--threads", "1", "--samples"])
        .arg(samples.to_string())
        .arg("--out")
        .arg(out)
        .arg(scenario)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Starts a run that pauses once everything is written, and returns when it is paused there.
fn paused_run(scenario: &Path, out: &Path, samples: u64) -> Child {
    let mut child = shellcount()
        .args(["run", "--quiet", "--threads", "1", "--samples"])
        .arg(samples.to_string())
        .arg("--out")
        .arg(out)
        .arg(scenario)
        .env(PAUSE, "60000")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("test pause before swap") => break,
            Some(_) => {}
            None => panic!("the run ended before pausing: {:?}", child.wait()),
        }
    }
    // Keep reading, so the run never writes to a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

/// Names in `out` starting with a dot (shellcount's hidden folders).
fn hidden(out: &Path) -> Vec<String> {
    fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// The results folder holds everything a run writes.
fn assert_complete(dir: &Path, samples: u64) {
    assert_eq!(summary_json(dir)["samples"], samples, "{}", dir.display());
    for f in [".shellcount-output", "report.md", "charts/claims.png"] {
        assert!(dir.join(f).is_file(), "{} lacks {f}", dir.display());
    }
}

fn setup() -> (TempDir, PathBuf, PathBuf) {
    let dir = TempDir::new().unwrap();
    let scenario = dir.path().join("s.toml");
    fs::copy(fixture("small.toml"), &scenario).unwrap();
    let out = dir.path().join("out");
    (dir, scenario, out)
}

#[test]
fn sigint_or_sigterm_mid_write_removes_the_staging_folder_and_keeps_previous_results() {
    let (_dir, scenario, out) = setup();
    run_ok(&scenario, &out, 2000);
    for (signal, number) in [("-INT", 2), ("-TERM", 15)] {
        let mut child = paused_run(&scenario, &out, 3000);
        assert_eq!(hidden(&out).len(), 1, "the staging folder exists mid-write");
        let killed = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(number),
            "dies by the signal: {status:?}"
        );
        assert!(hidden(&out).is_empty(), "{signal}: left {:?}", hidden(&out));
        assert_complete(&out.join("s"), 2000);
    }
}

#[test]
fn sigkill_mid_write_keeps_previous_results_and_the_next_run_cleans_up() {
    let (_dir, scenario, out) = setup();
    run_ok(&scenario, &out, 2000);
    let mut child = paused_run(&scenario, &out, 3000);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(hidden(&out).len(), 1, "SIGKILL cannot be caught");
    assert_complete(&out.join("s"), 2000);
    run_ok(&scenario, &out, 4000);
    assert!(hidden(&out).is_empty(), "left {:?}", hidden(&out));
    assert_complete(&out.join("s"), 4000);
}

#[test]
fn cleanup_spares_live_runs_and_folders_without_the_marker() {
    let (_dir, scenario, out) = setup();
    run_ok(&scenario, &out, 2000);
    // Named like shellcount's own, but not shellcount's: never removed.
    let lookalike = out.join(".s.partial-1");
    fs::create_dir(&lookalike).unwrap();
    fs::write(lookalike.join("notes"), "mine").unwrap();
    // A live run paused mid-write: a second run must not take its staging folder.
    let mut live = paused_run(&scenario, &out, 3000);
    run_ok(&scenario, &out, 4000);
    assert_eq!(hidden(&out).len(), 2, "{:?}", hidden(&out));
    assert_complete(&out.join("s"), 4000);
    Command::new("kill")
        .args(["-INT", &live.id().to_string()])
        .status()
        .unwrap();
    live.wait().unwrap();
    assert_eq!(hidden(&out), [".s.partial-1"]);
    assert_eq!(fs::read_to_string(lookalike.join("notes")).unwrap(), "mine");
}

/// Without the lock on the output folder this failed in most rounds ("Could not replace"):
/// runs this small finish close together, so their swaps overlap.
#[test]
fn many_parallel_runs_into_one_folder_all_succeed_and_leave_it_complete() {
    let dir = TempDir::new().unwrap();
    let scenario = dir.path().join("s.toml");
    fs::write(
        &scenario,
        "[scenario]\ntitle = \"p\"\n[inputs]\nx = \"1 to 2\"\n[model]\ny = \"x * 2\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run_ok(&scenario, &out, 2000);
    let children: Vec<Child> = (0..40)
        .map(|i| {
            shellcount()
                .args(["run", "--quiet", "--threads", "1", "--saltelli-base", "0"])
                .args(["--samples", &(1000 + i).to_string(), "--out"])
                .arg(&out)
                .arg(&scenario)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(hidden(&out).is_empty(), "left {:?}", hidden(&out));
    let samples = summary_json(&out.join("s"))["samples"].as_u64().unwrap();
    assert!((1000..1040).contains(&samples));
    let done = out.join("s");
    assert_eq!(summary_json(&done)["samples"], samples);
    for f in [".shellcount-output", "report.md", "charts/hist_y.png"] {
        assert!(done.join(f).is_file(), "lacks {f}");
    }
}
