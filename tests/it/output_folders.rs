//! Output folders: shellcount replaces only folders it wrote (they hold its marker), refuses
//! anything else before sampling, and never deletes or overwrites what it did not write.

use crate::support::{bin, fixture, summary_json, write};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A scenario that fails on its first draw: if a run reports a folder problem for it instead,
/// the folder was checked before sampling.
const FAILS_WHEN_SAMPLED: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n[inputs]\nz = \"uniform(0, 1)\"\n[model]\nw = \"ln(z - 0.5)\"\n";

/// Every file under `dir` with its contents, sorted (a snapshot to compare before/after).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn run_with_out_dotdot_never_deletes_the_scenarios_own_folder() {
    // `cd proj/ship && shellcount run ship.toml --out ..` once deleted proj/ship.
    let dir = TempDir::new().unwrap();
    let ship = dir.path().join("proj/ship");
    fs::create_dir_all(&ship).unwrap();
    fs::copy(fixture("small.toml"), ship.join("ship.toml")).unwrap();
    fs::write(ship.join("notes.txt"), "unrelated work").unwrap();
    let before = snapshot(&dir.path().join("proj"));
    bin()
        .current_dir(&ship)
        .args(["run", "ship.toml", "--out", "..", "--samples", "2000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("../ship already exists"))
        .stderr(predicate::str::contains("shellcount did not write"))
        .stderr(predicate::str::contains("choose another --out"));
    assert_eq!(
        snapshot(&dir.path().join("proj")),
        before,
        "nothing changed"
    );
}

#[test]
fn new_then_run_with_out_dot_never_deletes_a_source_folder() {
    // `shellcount new src && shellcount run src.toml --out .` once deleted src/.
    let dir = TempDir::new().unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/main.rs"), "fn main() {}").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["new", "src"])
        .assert()
        .success();
    let before = snapshot(dir.path());
    bin()
        .current_dir(dir.path())
        .args(["run", "src.toml", "--out", ".", "--samples", "2000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("./src already exists"));
    assert_eq!(snapshot(dir.path()), before, "nothing changed");
}

#[test]
fn a_file_link_or_unmarked_folder_at_the_target_is_refused_before_sampling() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "t.toml", FAILS_WHEN_SAMPLED);
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make); 3] = [
        ("a file", &|t| fs::write(t, "mine").unwrap()),
        ("a folder shellcount did not write", &|t| {
            fs::create_dir(t).unwrap();
            fs::write(t.join("summary.json"), "{}").unwrap();
        }),
        ("a symbolic link", &|t| {
            let target = t.with_file_name("elsewhere");
            fs::create_dir_all(&target).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(&target, t).unwrap();
            #[cfg(not(unix))]
            fs::create_dir(t).unwrap();
        }),
    ];
    for (what, make) in cases {
        let target = out.join("t");
        make(&target);
        let before = snapshot(&out);
        bin()
            .args(["run", "--out"])
            .arg(&out)
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("is {what}")))
            .stderr(predicate::str::contains("NaN").not());
        assert_eq!(snapshot(&out), before, "{what}: nothing changed");
        if target.is_dir() && !target.is_symlink() {
            fs::remove_dir_all(&target).unwrap();
        } else {
            fs::remove_file(&target).unwrap();
        }
    }
}

#[test]
fn out_that_is_a_file_or_below_one_is_refused_before_sampling() {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "t.toml", FAILS_WHEN_SAMPLED);
    let file = write(&dir, "afile", "x");
    bin()
        .args(["run", "--out"])
        .arg(&file)
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a file"));
    bin()
        .args(["run", "--out"])
        .arg(file.join("sub"))
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write results under --out"))
        .stderr(predicate::str::contains("NaN").not());
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn output_folders_hold_the_marker_and_are_replaced_whole() {
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "s.toml",
        &fs::read_to_string(fixture("small.toml")).unwrap(),
    );
    let out = dir.path().join("o");
    for samples in ["2000", "3000"] {
        bin()
            .args(["run", "--quiet", "--samples", samples, "--out"])
            .arg(&out)
            .arg(&p)
            .assert()
            .success();
        let marker: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("s/.shellcount-output")).unwrap())
                .unwrap();
        assert_eq!(marker["written_by"], "shellcount");
        assert_eq!(marker["version"], env!("CARGO_PKG_VERSION"));
        assert!(marker["scenario"].as_str().unwrap().ends_with("s.toml"));
        assert_eq!(
            summary_json(&out.join("s"))["samples"],
            samples.parse::<u64>().unwrap()
        );
    }
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["s"], "nothing hidden left in OUT");
}

#[test]
fn scenario_files_whose_name_gives_a_hidden_folder_are_refused() {
    // `..toml` has the stem `.`: its results would have replaced OUT itself.
    let dir = TempDir::new().unwrap();
    let text = fs::read_to_string(fixture("small.toml")).unwrap();
    let out = dir.path().join("o");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("keep.txt"), "mine").unwrap();
    for name in ["..toml", "...toml", ".hidden.toml"] {
        let p = write(&dir, name, &text);
        bin()
            .args(["run", "--samples", "2000", "--out"])
            .arg(&out)
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("output folder name"));
        assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
    }
    bin()
        .current_dir(dir.path())
        .args(["new", ".."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("output folder name `..`"));
}

#[test]
fn new_never_replaces_anything() {
    let dir = TempDir::new().unwrap();
    write(&dir, "taken.toml", "mine");
    bin()
        .current_dir(dir.path())
        .args(["new", "taken"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        fs::read_to_string(dir.path().join("taken.toml")).unwrap(),
        "mine"
    );
    #[cfg(unix)]
    {
        // A dangling link is not followed: its target is not created.
        std::os::unix::fs::symlink(dir.path().join("target.toml"), dir.path().join("link.toml"))
            .unwrap();
        bin()
            .current_dir(dir.path())
            .args(["new", "link"])
            .assert()
            .code(2);
        assert!(!dir.path().join("target.toml").exists());
    }
}

#[cfg(unix)]
#[test]
fn terminal_output_never_carries_raw_escape_sequences() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"evil\x1b]0;pwned\x07\x1b[2J.toml");
    let path = dir.path().join(name);
    fs::write(&path, "[scenario]\ntitle = \"t\"\nsamples = 0\n").unwrap();
    for cmd in ["check", "run"] {
        let out = bin().arg(cmd).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains('\x1b') && !stderr.contains('\x07'),
            "{stderr}"
        );
        assert!(stderr.contains("evil\\u{1b}]0;pwned\\u{7}"), "{stderr}");
    }
}

/// Escape sequences in a title, unit or claim text never reach the terminal raw: printed escaped,
/// or (once scenario loading rejects control characters) refused; either way nothing raw.
#[test]
fn scenario_text_with_escape_sequences_is_never_printed_raw() {
    let dir = TempDir::new().unwrap();
    let p = write(
        &dir,
        "esc.toml",
        "[scenario]\ntitle = \"evil \\u001b]0;pwned\\u0007 \\u001b[2J\"\nsamples = 2000\n\
         [inputs]\nx = { dist = \"1 to 2\", unit = \"u\\u001b[31m\" }\n\
         [[claim]]\nid = \"c\"\ntext = \"\\u009b1m big\"\nholds_if = \"x > 1.5\"\n",
    );
    for args in [
        vec!["check"],
        vec!["run", "--out", dir.path().join("o").to_str().unwrap()],
    ] {
        let out = bin().args(&args).arg(&p).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 2)), "{out:?}");
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\u{9b}']),
                "{args:?} printed raw control characters: {text}"
            );
        }
    }
}
