//! Issue 14 item 5: the README's "What a run prints" is what the current version prints for
//! `shellcount run scenarios/rok-mnd-2024-02.toml` (its own seed and sample count), so the two
//! cannot drift apart. After a deliberate change to the terminal output, rewrite the block with
//! `SHELLCOUNT_BLESS_README=1 cargo test --test it readme::` and review the diff.

use std::path::Path;

use crate::support::bin;

/// The command the README shows, relative to the repository root.
const SCENARIO: &str = "scenarios/rok-mnd-2024-02.toml";
const HEADING: &str = "## What a run prints";

/// (start, end) byte offsets of the first ```text block after the heading: its body.
fn block(readme: &str) -> (usize, usize) {
    let section = readme.find(HEADING).expect("README has the section");
    let open = section + readme[section..].find("```text\n").expect("a text block") + 8;
    let close = open + readme[open..].find("```").expect("closed");
    (open, close)
}

#[test]
fn readme_shows_what_a_run_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = bin()
        .current_dir(root)
        .args(["run", SCENARIO, "--out"])
        .arg(out.path())
        .assert()
        .success();
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    // The last line names the temporary results folder; the README's names the default one.
    let printed: String = stdout
        .lines()
        .map(|l| match l.strip_prefix("results: ") {
            Some(_) => "results: output/rok-mnd-2024-02/".to_string(),
            None => l.trim_end().to_string(),
        })
        .map(|l| l + "\n")
        .collect();
    let path = root.join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (open, close) = block(&readme);
    if std::env::var_os("SHELLCOUNT_BLESS_README").is_some() {
        let updated = format!("{}{printed}{}", &readme[..open], &readme[close..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        readme[open..close],
        printed,
        "README \"What a run prints\" differs from the output of `shellcount run {SCENARIO}`; \
         rewrite it with SHELLCOUNT_BLESS_README=1 cargo test --test it readme::"
    );
}
