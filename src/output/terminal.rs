//! Everything printed to the terminal: the summary table, warnings, and the progress bar.
//!
//! The table is plain text (no colour codes), so it reads the same in a log file. Numbers use
//! [`format::grouped`] with four significant digits; probabilities and their errors use
//! [`format::probability_pm`] (digits in proportion to the error). A verdict is "under these
//! assumptions" and is given only from 100 effective draws on. Indices are printed only when
//! resolved (`crate::results::Status`), in the one order of the results.
//! User text passes through [`format::one_line`], so escape sequences and line breaks in a
//! title or unit can neither drive the terminal nor break the table. Warnings go to stderr,
//! one line each, with the words of `output::warnings`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::format::{self, one_line};
use super::verdict::{Verdict, UNDER};
use super::warnings::message;
use super::{Artifact, Exporter, Target};
use crate::results::{QuantityKind, RunResult, StatsStatus, Status, Warning};

/// Claim texts longer than this (in characters) are cut in the table.
const CLAIM_TEXT_WIDTH: usize = 60;

/// The terminal: the summary table on stdout, every warning on stderr.
pub struct Terminal;

impl Exporter for Terminal {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        // The scenario file's own warnings were printed when it was read.
        let warnings: String = result
            .named_warnings()
            .iter()
            .filter(|w| !matches!(w, Warning::Scenario { .. }))
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
            let name = match s.status {
                Some(_) => format!("{} {MARK}", q.name),
                None => q.name.clone(),
            };
            let mut row = vec![name, kind.to_string()];
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
    if let (Some(status), Some(p)) = (first_status(r), &r.posterior) {
        out.push_str(&format!("{MARK} {}\n", status.footnote(p.ess)));
    }
    out.push_str(&super::indexed::terminal_lines(r));
    if !r.claims.is_empty() {
        let rows: Vec<Vec<String>> = r
            .claims
            .iter()
            .map(|c| {
                let e = c.estimate();
                vec![
                    c.id.clone(),
                    format::probability_pm(e.probability, e.mcse),
                    Verdict::of(e).to_string(),
                    truncate(&one_line(&c.text), CLAIM_TEXT_WIDTH),
                ]
            })
            .collect();
        out.push('\n');
        let verdict_head = format!("verdict ({UNDER})");
        let header = ["claim", "probability", verdict_head.as_str(), "text"];
        out.push_str(&render(&header, &rows, &[false, true, false, false]));
    }
    top_inputs(&mut out, r);
    evidence(&mut out, r);
    out
}

/// The marker after a quantity whose statistics are not resolved (see [`first_status`]).
const MARK: &str = "‡";

/// The status of the first listed quantity whose statistics are not resolved (too few
/// effective draws after the evidence), if any: what the footnote under the table says.
fn first_status(r: &RunResult) -> Option<StatsStatus> {
    r.quantities
        .iter_enumerated()
        .filter(|(id, _)| r.element(*id).is_none())
        .find_map(|(_, q)| q.stats().status)
}

/// How many inputs [`summary_table`] names per claim.
const TOP_INPUTS: usize = 3;

/// For each claim whose probability is neither 0 nor 1: its most important inputs in the one
/// order, each with its resolved ranking index, and the share no input explains alone, e.g.
/// `rok-3m:  share_152 (ST 0.81), containers (ST 0.09), … · not explained by any input alone: at most 12%`.
fn top_inputs(out: &mut String, r: &RunResult) {
    let Some(s) = &r.sensitivity else {
        return;
    };
    let rows: Vec<Vec<String>> = s
        .claims
        .iter_enumerated()
        .filter(|(_, row)| !row.inputs.is_empty() && row.status != Status::ConstantOutput)
        .map(|(c, row)| {
            let line = if row.status == Status::TooFewEvents {
                format!(
                    "not resolved: only about {} draws on one side of the claim (at least 100 needed)",
                    format::grouped(row.events.unwrap_or(0.0).round(), 6)
                )
            } else {
                let listed: Vec<_> = s.listed(row).collect();
                let mut names: Vec<String> = listed
                    .iter()
                    .filter_map(|(q, e)| {
                        let (kind, v) = s.moves(e)?;
                        Some(format!(
                            "{} ({} {v:.2})",
                            r.driver_label(*q),
                            kind.label()
                        ))
                    })
                    .take(TOP_INPUTS)
                    .collect();
                if names.is_empty() && listed.iter().any(|(_, e)| s.key(e).is_some()) {
                    let mut line = "no input detectably moves it (every resolved index is within its error of 0)".to_string();
                    if let Some(u) = row.unexplained.resolved() {
                        line.push_str(&format!(
                            " · not explained by any input or source alone: at most {}",
                            format::percent_sig(u, 2)
                        ));
                    }
                    line
                } else if names.is_empty() {
                    "no index is resolved (too uncertain: run more draws)".to_string()
                } else {
                    if listed.len() > names.len() {
                        names.push("…".to_string());
                    }
                    let mut line = names.join(", ");
                    if let Some(u) = row.unexplained.resolved() {
                        line.push_str(&format!(
                            " · not explained by any input or source alone: at most {}",
                            format::percent_sig(u, 2)
                        ));
                    }
                    line
                }
            };
            vec![format!("{}:", r.claims[c].id), line]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let basis = match (s.basis.words(), s.total_basis.and_then(|b| b.words())) {
        (Some(b), Some(t)) if !s.totals_on_basis() => format!(", {b}; ST {t}"),
        (Some(b), _) => format!(", {b}"),
        _ => String::new(),
    };
    let by = if s.totals_on_basis() {
        "by total Sobol index ST, or S1 where ST is not resolved"
    } else {
        "by first-order Sobol index S1"
    };
    out.push_str(&format!(
        "\nWhat moves each claim (inputs and random sources {by}{basis}):\n"
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

/// `text` cut to at most `max` terminal columns, ending in "…" if cut.
fn truncate(text: &str, max: usize) -> String {
    format::truncate_columns(text, max)
}

/// Aligned columns separated by two spaces, with a rule under the header. Widths are terminal
/// columns, so rows with Hangul or other wide characters line up.
pub(crate) fn render(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
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
        assert!(claim.contains("41.32% ± 0.049%"), "{claim}");
        assert!(claim.contains("about as likely as not"), "{claim}");
        assert!(t.contains("verdict (under these assumptions)"), "{t}");
        assert!(claim.ends_with('…'), "long text is cut: {claim}");
        assert!(!t.contains('\u{1b}'), "no escape codes");
        assert!(!t.contains("What moves") && !t.contains("Evidence"), "{t}");
    }

    #[test]
    fn table_shows_top_inputs_with_their_basis_and_evidence() {
        let t = summary_table(&full());
        assert!(
            t.contains(
                "What moves each claim (inputs and random sources by first-order Sobol index S1, after evidence; \
                 ST before evidence):"
            ),
            "{t}"
        );
        let line = t
            .lines()
            .find(|l| l.trim_start().starts_with("million:"))
            .expect("top inputs line");
        assert!(
            line.ends_with(
                "share_152 (S1 0.62), containers (S1 0.05), … · not explained by any input or source \
                 alone: at most 31%"
            ),
            "monthly_output (S1 within its error of 0) and the constant loss_rate are left \
             out: {line}"
        );
        let moves = &t[t.find("What moves").unwrap()..t.find("Evidence (").unwrap()];
        assert!(
            !moves.contains("never:"),
            "no what-moves line for a claim no draw satisfied: {t}"
        );
        let never = t.lines().find(|l| l.starts_with("never")).unwrap();
        assert!(never.contains("0% ± 0.012%"), "{never}");
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
    fn hidden_bar_when_quiet() {
        assert!(progress_bar(10, true).is_hidden());
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("ééééééééééé", 5), "éééé…");
    }
}
