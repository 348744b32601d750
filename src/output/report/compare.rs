//! `report.md` of a comparison: the files, the claims and quantities side by side with the
//! differences from the first file (and their Monte Carlo errors), the definitions that differ
//! with their sources, and the charts.

use std::fmt::Write as _;

use super::md::{code, row, text};
use crate::output::charts::ChartFile;
use crate::output::format;
use crate::whatif::compare::{Comparison, DiffMethod, Difference, What};

/// The comparison report.
pub fn markdown(c: &Comparison, charts: &[ChartFile]) -> String {
    let f = &c.file;
    let stems: Vec<&String> = f.scenarios.keys().collect();
    let base = &f.differences.baseline;
    let mut out = String::new();
    let titles: Vec<String> = f.scenarios.values().map(|s| text(&s.title)).collect();
    let _ = write!(
        out,
        "# Side by side: {}\n\n",
        stems
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    );
    let _ = write!(
        out,
        "Each file is run on its own, with the same seed and number of draws unless a file fixes \
         its own (see the table), so draw *i* of every run comes from the same random stream. \
         Differences are from the first file, `{base}`, each with its Monte Carlo standard error: \
         *paired* (from the per-draw differences, valid whatever the correlation between the runs) \
         when both runs have the same draws and no evidence, otherwise the sum of the two errors \
         (an upper bound). With evidence, probabilities and percentiles are after it.\n\n"
    );
    out.push_str(
        "## Files\n\n| file | title | samples | seed | SHA-256 |\n|---|---|--:|--:|---|\n",
    );
    for ((stem, s), title) in f.scenarios.iter().zip(&titles) {
        let file = format!("{} ({})", code(stem), text(&s.file));
        row(
            &mut out,
            &[
                &file,
                title,
                &format::grouped(s.samples as f64, 12),
                &s.seed.to_string(),
                &code(&s.sha256[..12.min(s.sha256.len())]),
            ],
        );
    }
    out.push('\n');
    claims(&mut out, c, &stems);
    quantities(&mut out, c, &stems);
    definitions(&mut out, c);
    if !charts.is_empty() {
        out.push_str("## Charts\n\n");
        for ch in charts {
            let _ = write!(
                out,
                "![{}](charts/{}.png)\n\n",
                ch.title.replace(['[', ']'], ""),
                ch.stem
            );
        }
    }
    out.push_str(
        "**How to read this.** Each number summarises one file's assumptions; a difference says how \
         much the assumptions that differ (listed above) move it, and the ± after it is only the \
         part that comes from using a finite number of draws.\n",
    );
    out
}

fn diff_text(d: &Difference, percent: bool) -> String {
    let how = match d.method {
        DiffMethod::Paired => "",
        DiffMethod::Bound => " (bound)",
    };
    if percent {
        format!(
            "{} ± {} pp{how}",
            signed(d.difference * 100.0, 3),
            format::grouped(d.mcse * 100.0, 2)
        )
    } else {
        format!(
            "{} ± {}{how}",
            signed(d.difference, 4),
            format::grouped(d.mcse, 2)
        )
    }
}

fn signed(x: f64, sig: usize) -> String {
    let t = format::grouped(x.abs(), sig);
    match (t == "0", x > 0.0) {
        (true, _) => t,
        (false, true) => format!("+{t}"),
        (false, false) => format!("−{t}"),
    }
}

fn header(out: &mut String, first: &str, stems: &[&String], base: &str) {
    let mut head = vec![first.to_string()];
    head.extend(stems.iter().map(|s| code(s)));
    head.extend(
        stems
            .iter()
            .filter(|s| s.as_str() != base)
            .map(|s| format!("{} − {}", code(s), code(base))),
    );
    let refs: Vec<&str> = head.iter().map(String::as_str).collect();
    row(out, &refs);
    let _ = writeln!(out, "|---|{}", "--:|".repeat(head.len() - 1));
}

fn claims(out: &mut String, c: &Comparison, stems: &[&String]) {
    let f = &c.file;
    if f.claims.is_empty() {
        return;
    }
    let base = f.differences.baseline.as_str();
    out.push_str("## Claims\n\nThe probability that each claim holds (± its Monte Carlo standard error); differences in percentage points.\n\n");
    header(out, "claim", stems, base);
    for (id, cells) in &f.claims {
        let mut r = vec![code(id)];
        r.extend(stems.iter().map(|s| {
            cells.get(*s).map_or("–".into(), |x| {
                format::probability_pm(x.probability, x.mcse)
            })
        }));
        let diffs = f.differences.claims.get(id);
        r.extend(stems.iter().filter(|s| s.as_str() != base).map(|s| {
            diffs
                .and_then(|d| d.get(*s))
                .map_or("–".into(), |d| diff_text(d, true))
        }));
        let refs: Vec<&str> = r.iter().map(String::as_str).collect();
        row(out, &refs);
    }
    out.push('\n');
    for (id, text_) in &c.claim_texts {
        let _ = writeln!(out, "- `{id}`: {}", text(text_));
    }
    out.push('\n');
}

fn quantities(out: &mut String, c: &Comparison, stems: &[&String]) {
    let f = &c.file;
    if f.quantities.is_empty() {
        return;
    }
    let base = f.differences.baseline.as_str();
    out.push_str("## Quantities\n\nMean, and the 5th to 95th percentile in brackets; differences are of the means.\n\n");
    header(out, "quantity", stems, base);
    for (name, cells) in &f.quantities {
        let mut r = vec![code(name)];
        r.extend(stems.iter().map(|s| {
            cells.get(*s).map_or("–".into(), |q| {
                format!(
                    "{} ({} – {})",
                    format::grouped(q.mean, 4),
                    format::grouped(q.p5, 3),
                    format::grouped(q.p95, 3)
                )
            })
        }));
        let diffs = f.differences.quantities.get(name);
        r.extend(stems.iter().filter(|s| s.as_str() != base).map(|s| {
            diffs
                .and_then(|d| d.get(*s))
                .map_or("–".into(), |d| diff_text(d, false))
        }));
        let refs: Vec<&str> = r.iter().map(String::as_str).collect();
        row(out, &refs);
    }
    out.push('\n');
}

fn definitions(out: &mut String, c: &Comparison) {
    let defs = &c.file.definitions;
    out.push_str("## Which assumptions differ\n\n");
    if defs.is_empty() {
        out.push_str(
            "Every input, formula and claim test is defined the same way in every file.\n\n",
        );
        return;
    }
    out.push_str(
        "Inputs and formulas whose definitions differ between the files (or that only some files \
         have), and claims tested differently, with each file's definition and source. A formula \
         written the same way can still give different numbers when the quantities it uses differ.\n\n",
    );
    for d in defs {
        let what = match d.what {
            What::Quantity => "",
            What::Claim => " (claim test)",
        };
        let _ = write!(out, "### `{}`{what}\n\n", d.name);
        for stem in c.file.scenarios.keys() {
            match d.definitions.get(stem) {
                None => {
                    let _ = writeln!(out, "- `{stem}`: not defined");
                }
                Some(def) => {
                    let kind = def.kind.map_or(String::new(), |k| {
                        format!(
                            "{} ",
                            match k {
                                crate::model::QuantityKind::Input => "input",
                                crate::model::QuantityKind::Model => "formula",
                            }
                        )
                    });
                    let unit = def
                        .unit
                        .as_deref()
                        .map_or(String::new(), |u| format!(" ({})", text(u)));
                    let source = match (&def.source, &def.cite) {
                        (Some(id), Some(cite)) => format!(" — source `{}`: {}", id, text(cite)),
                        (Some(id), None) => format!(" — source `{id}`"),
                        _ => " — no source".to_string(),
                    };
                    let _ = writeln!(out, "- `{stem}`: {kind}{}{unit}{source}", code(&def.expr));
                }
            }
        }
        out.push('\n');
    }
}
