//! Every bundled scenario (`scenarios/*.toml`) is checked, run at small N and written (JSON and
//! report in memory); its summary reads back as the typed `Summary`. Two of them are pinned by
//! snapshots of `summary.json` and `report.md` (`tests/it/snapshots/`, insta): they guard the
//! promise that the same scenario, seed and sample count give the same results bit for bit.
//! After an intended change, review with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always`) and commit the snapshots.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use shellcount::analysis::{analyse, RunFacts};
use shellcount::engine::{self, RunSpec, Sampling};
use shellcount::output::charts::{plan, render_svgs};
use shellcount::output::report::{report_html, report_markdown};
use shellcount::output::summary::Summary;
use shellcount::results::RunResult;
use shellcount::scenario;

use crate::schema::round_trips;

/// Draws per bundled scenario: small enough to keep `cargo test` fast.
const N: usize = 2_000;

fn bundled() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// The scenario at `path` run with [`N`] draws, its own seed, and small sensitivity sizes.
fn result(path: &Path) -> RunResult {
    let s = scenario::load(path).unwrap_or_else(|e| panic!("{e}"));
    let seed = s.seed.unwrap_or(scenario::DEFAULT_SEED);
    let spec = RunSpec {
        samples: N,
        seed,
        sampling: Sampling::Mc,
        overrides: Default::default(),
        reuse: None,
        resample: None,
    };
    let draws = engine::run_spec(&s.program, &spec, &|_| {}).unwrap();
    let facts = RunFacts {
        seed,
        samples: N as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: N,
        saltelli_base: 64,
        precision: None,
    };
    analyse(&s, &draws, &facts).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_bundled_scenario_checks_runs_and_writes() {
    let files = bundled();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let r = result(&path);
        let json = Summary::from_result(&r).to_json();
        let s = round_trips(&json);
        assert_eq!(s.samples, N as u64);
        assert!(s
            .claims
            .iter()
            .all(|c| (0.0..=1.0).contains(&c.probability)));
        let md = report_markdown(&r, &plan(&r));
        assert!(md.starts_with("# "), "{}", path.display());
        for c in &s.claims {
            assert!(
                md.contains(&format!("### {}", c.id)),
                "{}: {}",
                path.display(),
                c.id
            );
        }
        check_html(&path, &r);
    }
}

/// report.html parses, shows every chart of the run once (inline SVG, with its title) and
/// every claim in the summary and in its own section, runs no script and links nowhere else.
fn check_html(path: &Path, r: &RunResult) {
    let svgs = render_svgs(r).unwrap();
    let page = report_html(r, &svgs);
    let doc = Html::parse_document(&page);
    let all = |css: &str| doc.select(&Selector::parse(css).unwrap()).count();
    let text = |css: &str| -> Vec<String> {
        doc.select(&Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    let name = path.display();
    assert_eq!(all("figure > div.chart > svg"), svgs.len(), "{name}");
    let mut captions = text("figure figcaption");
    let mut titles: Vec<String> = svgs.iter().map(|(f, _)| f.title.clone()).collect();
    captions.sort();
    titles.sort();
    assert_eq!(captions, titles, "{name}: each chart once");
    let summary = text("#summary tbody tr");
    assert_eq!(summary.len(), r.claims.len(), "{name}");
    for (c, row) in r.claims.iter().zip(&summary) {
        let words = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let row = row.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(row.contains(&words), "{name}: {row}");
        let anchor = c.id.replace('.', "-");
        assert_eq!(
            all(&format!("h3[id=\"claim-{anchor}\"]")),
            1,
            "{name}: {}",
            c.id
        );
    }
    assert_eq!(all("script, iframe, object, embed, link, img"), 0, "{name}");
    let external = Selector::parse("[src], [href]").unwrap();
    for e in doc.select(&external) {
        let v = e.value();
        if let Some(src) = v.attr("src") {
            panic!("{name}: loads {src}");
        }
        let href = v.attr("href").unwrap();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "{name}: {href}"
        );
    }
}

fn snapshot(file: &str) {
    let r = result(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(file),
    );
    let stem = file.trim_end_matches(".toml");
    let json = String::from_utf8(Summary::from_result(&r).to_json()).unwrap();
    insta::assert_snapshot!(format!("{stem}.summary.json"), json);
    insta::assert_snapshot!(format!("{stem}.report.md"), report_markdown(&r, &plan(&r)));
}

#[test]
fn rok_mnd_outputs_are_pinned() {
    snapshot("rok-mnd-2024-02.toml");
}

#[test]
fn early_2024_combined_outputs_are_pinned() {
    snapshot("early-2024-combined.toml");
}
