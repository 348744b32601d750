//! Everything printed to the terminal: the summary table, warnings, and the progress bar.
//!
//! The table is plain text (no colour codes), so it reads the same in a log file. Numbers use
//! [`format::grouped`] with four significant digits; probabilities use [`format::percent`].
//! User text passes through [`format::one_line`], so escape sequences and line breaks in a
//! title or unit can neither drive the terminal nor break the table. Warnings go to stderr,
//! one line each, with the words of `output::warnings`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::format::{self, one_line};
use super::verdict::verdict;
use super::warnings::message;
use super::{Artifact, Exporter, Target};
use crate::results::{QuantityKind, RunResult};

/// Claim texts longer than this (in characters) are cut in the table.
const CLAIM_TEXT_WIDTH: usize = 60;

/// The terminal: the summary table on stdout, every warning on stderr.
pub struct Terminal;

impl Exporter for Terminal {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        let warnings: String = result
            .named_warnings()
            .iter()
            .map(|w| format!("warning: {}\n", one_line(&message(w))))
            .collect();
        Ok(vec![
            Artifact {
                target: Target::Stdout,
                bytes: summary_table(result).into_bytes(),
            },
            Artifact {
                target: Target::Stderr,
                bytes: warnings.into_bytes(),
            },
        ])
    }
}

/// The summary table: a header line, one row per quantity, then one row per claim.
pub fn summary_table(r: &RunResult) -> String {
    let mut out = format!(
        "{} — {} samples, seed {}\n\n",
        one_line(&r.run.title),
        format::grouped(r.run.samples as f64, 12),
        r.run.seed
    );
    let rows: Vec<Vec<String>> = r
        .quantities
        .iter_enumerated()
        // Elements of indexed quantities get one compact line each, below the table.
        .filter(|(id, _)| r.element(*id).is_none())
        .map(|(_, q)| {
            let kind = match q.kind {
                QuantityKind::Input => "input",
                QuantityKind::Model => "model",
            };
            let s = q.stats();
            let mut row = vec![q.name.clone(), kind.to_string()];
            row.extend(
                [
                    s.mean,
                    s.percentiles.p5,
                    s.percentiles.p50,
                    s.percentiles.p95,
                ]
                .map(|x| format::grouped(x, 4)),
            );
            row.push(one_line(q.unit.as_deref().unwrap_or_default()));
            row
        })
        .collect();
    let header = ["quantity", "kind", "mean", "p5", "p50", "p95", "unit"];
    out.push_str(&render(
        &header,
        &rows,
        &[false, false, true, true, true, true, false],
    ));
    out.push_str(&super::indexed::terminal_lines(r));
    if !r.claims.is_empty() {
        let rows: Vec<Vec<String>> = r
            .claims
            .iter()
            .map(|c| {
                let e = c.estimate();
                vec![
                    c.id.clone(),
                    probability_pm(e.probability, e.mcse),
                    verdict(e.probability).to_string(),
                    truncate(&one_line(&c.text), CLAIM_TEXT_WIDTH),
                ]
            })
            .collect();
        out.push('\n');
        let header = ["claim", "probability", "verdict", "text"];
        out.push_str(&render(&header, &rows, &[false, true, false, false]));
    }
    top_inputs(&mut out, r);
    evidence(&mut out, r);
    out
}

/// How many inputs [`summary_table`] names per claim.
const TOP_INPUTS: usize = 3;

/// For each claim with sensitivity entries: its inputs with the largest total Sobol index,
/// e.g. `rok-3m  share_152 (ST 0.81), containers (0.09), loss_rate (0.01), …`.
fn top_inputs(out: &mut String, r: &RunResult) {
    let Some(s) = &r.sensitivity else {
        return;
    };
    let rows: Vec<Vec<String>> = s
        .claims
        .iter_enumerated()
        .filter(|(_, row)| !row.is_empty())
        .map(|(c, row)| {
            let mut sorted: Vec<_> = s
                .row(row)
                .filter_map(|(q, e)| Some((q, e.sobol_total.filter(|t| t.is_finite())?)))
                .collect();
            sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
            let mut names: Vec<String> = sorted
                .iter()
                .take(TOP_INPUTS)
                .enumerate()
                .map(|(i, (q, st))| {
                    let label = if i == 0 { "ST " } else { "" };
                    format!("{} ({label}{st:.2})", r.quantities[*q].name)
                })
                .collect();
            if row.len() > TOP_INPUTS {
                names.push("…".to_string());
            }
            if names.is_empty() {
                names.push("no index could be estimated".to_string());
            }
            vec![format!("{}:", r.claims[c].id), names.join(", ")]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let basis = s.basis.words().map_or(String::new(), |w| format!(", {w}"));
    out.push_str(&format!(
        "\nWhat moves each claim (inputs by total Sobol index ST{basis}):\n"
    ));
    for line in render(&["", ""], &rows, &[false, false]).lines().skip(2) {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
}

/// With evidence: each claim's probability before → after it, and the effective sample size.
fn evidence(out: &mut String, r: &RunResult) {
    let Some(p) = r.posterior.as_ref().filter(|p| !p.entries.is_empty()) else {
        return;
    };
    let reports = if p.entries.len() == 1 {
        "report"
    } else {
        "reports"
    };
    out.push_str(&format!(
        "\nEvidence ({} {reports}): effective sample size {} of {} draws\n",
        p.entries.len(),
        format::grouped(p.ess.round(), 6),
        format::grouped(r.run.samples as f64, 12)
    ));
    let rows: Vec<Vec<String>> = r
        .claims
        .iter()
        .filter_map(|c| {
            let after = c.posterior?;
            Some(vec![
                format!("{}:", c.id),
                format!(
                    "{} → {}",
                    format::percent(c.forward.probability),
                    format::percent(after.probability)
                ),
            ])
        })
        .collect();
    for line in render(&["", ""], &rows, &[false, false]).lines().skip(2) {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
}

/// A probability and its standard error as percentages: `"41.3% ± 0.1%"`; an error below
/// 0.1 % keeps two significant digits (`"99.9% ± 0.032%"`) rather than showing as 0.0 %.
pub fn probability_pm(p: f64, mcse: f64) -> String {
    let se = if mcse > 0.0 && mcse < 0.001 {
        format!("{}%", format::grouped(mcse * 100.0, 2))
    } else {
        format::percent(mcse)
    };
    format!("{} ± {se}", format::percent(p))
}

/// `text` cut to at most `max` terminal columns, ending in "…" if cut.
fn truncate(text: &str, max: usize) -> String {
    format::truncate_columns(text, max)
}

/// Aligned columns separated by two spaces, with a rule under the header. Widths are terminal
/// columns, so rows with Hangul or other wide characters line up.
fn render(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| format::display_width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(format::display_width(cell));
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            let sep = if i == 0 { "" } else { "  " };
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&format!("{sep}{}", format::pad_left(cell, widths[i])));
            } else {
                s.push_str(&format!("{sep}{}", format::pad_right(cell, widths[i])));
            }
        }
        format!("{}\n", s.trim_end())
    };
    let mut out = line(&mut header.iter().copied());
    let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    out.push_str(&"─".repeat(total));
    out.push('\n');
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

/// A progress bar for `total` draws on stderr; hidden when `quiet` or stderr is not a terminal.
pub fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} sampling [{bar:40}] {human_pos}/{human_len} draws ({eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{example, full};

    #[test]
    fn table_has_rows_numbers_and_verdicts() {
        let t = summary_table(&example());
        assert!(
            t.starts_with("One million shells — 1,000,000 samples, seed 42\n"),
            "{t}"
        );
        let row = t
            .lines()
            .find(|l| l.starts_with("shipped"))
            .expect("row for shipped");
        for cell in ["model", "3,000,000", "2,400,000", "3,600,000", "shells"] {
            assert!(row.contains(cell), "{cell} missing in {row}");
        }
        let claim = t
            .lines()
            .find(|l| l.starts_with("million"))
            .expect("row for claim");
        assert!(claim.contains("41.3% ± 0.049%"), "{claim}");
        assert!(claim.contains("about as likely as not"), "{claim}");
        assert!(claim.ends_with('…'), "long text is cut: {claim}");
        assert!(!t.contains('\u{1b}'), "no escape codes");
        assert!(!t.contains("What moves") && !t.contains("Evidence"), "{t}");
    }

    #[test]
    fn table_shows_top_inputs_with_their_basis_and_evidence() {
        let t = summary_table(&full());
        assert!(
            t.contains("What moves each claim (inputs by total Sobol index ST, before evidence):"),
            "{t}"
        );
        let line = t
            .lines()
            .find(|l| l.trim_start().starts_with("million:"))
            .expect("top inputs line");
        assert!(
            line.contains("share_152 (ST 0.81), containers (0.09), monthly_output (0.04), …"),
            "{line}"
        );
        assert!(
            t.contains("Evidence (2 reports): effective sample size 8,123 of 1,000,000 draws"),
            "{t}"
        );
        assert!(t.contains("50.0% → 41.3%"), "{t}");
    }

    #[test]
    fn every_warning_goes_to_stderr() {
        let a = Terminal.export(&full()).unwrap();
        assert_eq!(a[0].target, Target::Stdout);
        let err = String::from_utf8(a[1].bytes.clone()).unwrap();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].starts_with("warning: after weighting by the evidence only about 8123"));
        assert!(
            lines[1].contains("claim `never`: no draw agreed with it")
                && lines[1].contains("0.0003%")
        );
    }

    #[test]
    fn control_characters_in_user_text_cannot_reach_the_terminal() {
        let mut r = example();
        r.run.title = "evil\u{1b}]0;owned\u{7}\nsecond line".to_string();
        let t = summary_table(&r);
        assert!(!t.contains('\u{1b}') && !t.contains('\u{7}'), "{t}");
        assert!(
            t.starts_with("evil\\u{1b}]0;owned\\u{7} second line — "),
            "{t}"
        );
    }

    #[test]
    fn rows_with_hangul_align_by_terminal_columns() {
        let mut r = example();
        let c = r.claims.iter_mut().next().unwrap();
        c.id = "국방부-300만".to_string();
        c.text = "국방부는 2023년 8월 이후 북한이 러시아에 컨테이너 6,700개 분량의 \
            포탄을 보냈다고 밝혔다 (152 mm 300만 발 이상)"
            .to_string();
        let t = summary_table(&r);
        let column = |l: &str, cell: &str| l.find(cell).map(|i| format::display_width(&l[..i]));
        let lines: Vec<&str> = t.lines().collect();
        let header = lines.iter().position(|l| l.starts_with("claim")).unwrap();
        let rows = &lines[header..header + 4];
        let verdict = column(rows[0], "verdict").unwrap();
        assert_eq!(column(rows[2], "about as likely"), Some(verdict), "{t}");
        assert_eq!(
            column(rows[3], "exceptionally unlikely"),
            Some(verdict),
            "{t}"
        );
        let widest = rows.iter().map(|l| format::display_width(l)).max().unwrap();
        assert_eq!(format::display_width(rows[1]), widest, "{t}");
    }

    #[test]
    fn plus_minus() {
        assert_eq!(probability_pm(0.4132, 0.0012), "41.3% ± 0.1%");
        assert_eq!(probability_pm(0.999, 0.00032), "99.9% ± 0.032%");
        assert_eq!(probability_pm(0.0, 0.0), "0.0% ± 0.0%");
    }

    #[test]
    fn hidden_bar_when_quiet() {
        assert!(progress_bar(10, true).is_hidden());
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("ééééééééééé", 5), "éééé…");
    }
}
