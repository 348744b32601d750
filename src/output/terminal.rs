//! Everything printed to the terminal: the summary table, warnings, and the progress bar.
//!
//! The table is plain text (no colour codes), so it reads the same in a log file. Numbers use
//! [`format::grouped`] with four significant digits; probabilities use [`format::percent`].

use std::fmt;
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::format;
use super::verdict::verdict;
use crate::results::{QuantityKind, Summary};

/// Below this many draws the estimates are rough.
pub const LOW_SAMPLES: u64 = 10_000;
/// Claim texts longer than this (in characters) are cut in the table.
const CLAIM_TEXT_WIDTH: usize = 60;

/// Something the reader should know before trusting the numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Fewer than [`LOW_SAMPLES`] draws.
    LowSamples {
        /// Number of draws.
        samples: u64,
    },
    /// A claim held on every draw or on none: its estimated probability is exactly 1 or 0.
    ClaimNearCertain {
        /// Claim id.
        id: String,
        /// True if the claim held on every draw, false if on none.
        always: bool,
        /// Number of draws.
        samples: u64,
    },
    /// A warning recorded with the results ([`Summary::warnings`]), e.g. a small effective
    /// sample size after the evidence.
    Results(String),
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::LowSamples { samples } => write!(
                f,
                "only {} samples: estimates are rough; use at least {}",
                format::grouped(*samples as f64, 6),
                format::grouped(LOW_SAMPLES as f64, 6)
            ),
            Warning::ClaimNearCertain {
                id,
                always,
                samples,
            } => {
                let (agreed, event) = if *always {
                    ("every draw agreed with", "that it is false")
                } else {
                    ("no draw agreed with", "that it is true")
                };
                // Rule of three: with no events in n trials, 3/n is a 95% upper bound.
                let bound = 3.0 / (*samples).max(1) as f64;
                write!(
                    f,
                    "claim `{id}`: {agreed} it; the probability {event} is below about 1/{} \
                     (95% bound {}), not zero",
                    format::grouped(*samples as f64, 6),
                    format::percent(bound.min(1.0))
                )
            }
            Warning::Results(message) => f.write_str(message.trim()),
        }
    }
}

/// The warnings that apply to `summary`, in a stable order.
pub fn warnings(summary: &Summary) -> Vec<Warning> {
    let samples = summary.samples;
    let mut out = Vec::new();
    if samples < LOW_SAMPLES {
        out.push(Warning::LowSamples { samples });
    }
    for c in &summary.claims {
        if c.probability == 0.0 || c.probability == 1.0 {
            let id = c.id.clone();
            out.push(Warning::ClaimNearCertain {
                id,
                always: c.probability == 1.0,
                samples,
            });
        }
    }
    out.extend(summary.warnings.iter().cloned().map(Warning::Results));
    out
}

/// The summary table: a header line, one row per quantity, then one row per claim.
pub fn summary_table(summary: &Summary) -> String {
    let mut out = format!(
        "{} — {} samples, seed {}\n\n",
        summary.title,
        format::grouped(summary.samples as f64, 12),
        summary.seed
    );
    let rows: Vec<Vec<String>> = summary
        .quantities
        .iter()
        .map(|(name, q)| {
            let kind = match q.kind {
                QuantityKind::Input => "input",
                QuantityKind::Model => "model",
            };
            let mut row = vec![name.clone(), kind.to_string()];
            row.extend([q.mean, q.p5, q.p50, q.p95].map(|x| format::grouped(x, 4)));
            row.push(q.unit.clone().unwrap_or_default());
            row
        })
        .collect();
    let header = ["quantity", "kind", "mean", "p5", "p50", "p95", "unit"];
    out.push_str(&render(
        &header,
        &rows,
        &[false, false, true, true, true, true, false],
    ));
    if !summary.claims.is_empty() {
        let rows: Vec<Vec<String>> = summary
            .claims
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    probability_pm(c.probability, c.mcse),
                    verdict(c.probability).to_string(),
                    truncate(&c.text, CLAIM_TEXT_WIDTH),
                ]
            })
            .collect();
        out.push('\n');
        let header = ["claim", "probability", "verdict", "text"];
        out.push_str(&render(&header, &rows, &[false, true, false, false]));
    }
    top_inputs(&mut out, summary);
    evidence(&mut out, summary);
    out
}

/// How many inputs [`summary_table`] names per claim.
const TOP_INPUTS: usize = 3;

/// For each claim with sensitivity entries: its inputs with the largest total Sobol index,
/// e.g. `rok-3m  share_152 (ST 0.81), containers (0.09), loss_rate (0.01), …`.
fn top_inputs(out: &mut String, summary: &Summary) {
    let rows: Vec<Vec<String>> = summary
        .claims
        .iter()
        .filter_map(|c| {
            let entries = summary.sensitivity.get(&c.id).filter(|e| !e.is_empty())?;
            let mut sorted: Vec<_> = entries
                .iter()
                .filter(|(_, e)| e.sobol_total.is_finite())
                .collect();
            sorted.sort_by(|a, b| b.1.sobol_total.total_cmp(&a.1.sobol_total));
            let mut names: Vec<String> = sorted
                .iter()
                .take(TOP_INPUTS)
                .enumerate()
                .map(|(i, (name, e))| {
                    let label = if i == 0 { "ST " } else { "" };
                    format!("{name} ({label}{:.2})", e.sobol_total)
                })
                .collect();
            if entries.len() > TOP_INPUTS {
                names.push("…".to_string());
            }
            if names.is_empty() {
                names.push("no index could be estimated".to_string());
            }
            Some(vec![format!("{}:", c.id), names.join(", ")])
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("\nWhat moves each claim (inputs by total Sobol index ST):\n");
    for line in render(&["", ""], &rows, &[false, false]).lines().skip(2) {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
}

/// With evidence: each claim's probability before → after it, and the effective sample size.
fn evidence(out: &mut String, summary: &Summary) {
    let Some(ev) = summary.evidence.as_ref().filter(|e| !e.is_empty()) else {
        return;
    };
    let reports = if ev.len() == 1 { "report" } else { "reports" };
    out.push_str(&format!("\nEvidence ({} {reports})", ev.len()));
    if let Some(ess) = summary.ess {
        out.push_str(&format!(
            ": effective sample size {} of {} draws",
            format::grouped(ess.round(), 6),
            format::grouped(summary.samples as f64, 12)
        ));
    }
    out.push('\n');
    let rows: Vec<Vec<String>> = summary
        .claims
        .iter()
        .filter_map(|c| {
            let prior = c.prior_probability?;
            Some(vec![
                format!("{}:", c.id),
                format!(
                    "{} → {}",
                    format::percent(prior),
                    format::percent(c.probability)
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
    use crate::output::fixtures::{example_summary, full_summary};

    #[test]
    fn table_shows_top_inputs_and_evidence() {
        let t = summary_table(&full_summary());
        let line = t
            .lines()
            .find(|l| l.trim_start().starts_with("million:"))
            .expect("top inputs line");
        assert!(
            line.contains("share_152 (ST 0.81), containers (0.09), monthly_output (0.04), …"),
            "{t}"
        );
        assert!(t.contains("What moves each claim"), "{t}");
        assert!(
            t.contains("Evidence (2 reports): effective sample size 8,123 of 1,000,000 draws"),
            "{t}"
        );
        assert!(t.contains("50.0% → 41.3%"), "{t}");
        // Nothing of this without the data.
        let plain = summary_table(&example_summary());
        assert!(
            !plain.contains("What moves") && !plain.contains("Evidence"),
            "{plain}"
        );
    }

    #[test]
    fn recorded_warnings_reach_the_warning_list() {
        let s = full_summary();
        let w = warnings(&s);
        let last = w.last().expect("a warning");
        assert_eq!(
            *last,
            Warning::Results(
                "after weighting by the evidence only about 8123 effective draws remain".into()
            )
        );
        assert_eq!(
            last.to_string(),
            "after weighting by the evidence only about 8123 effective draws remain"
        );
    }

    #[test]
    fn table_has_rows_numbers_and_verdicts() {
        let t = summary_table(&example_summary());
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
    }

    #[test]
    fn columns_are_aligned() {
        let t = summary_table(&example_summary());
        let lines: Vec<&str> = t.lines().skip(2).take(4).collect();
        let col = |l: &str| l.find("shells").map(|i| l[..i].chars().count());
        assert_eq!(col(lines[2]), col(lines[3]), "{t}");
    }

    #[test]
    fn rows_with_hangul_align_by_terminal_columns() {
        let mut s = example_summary();
        s.claims[0].id = "국방부-300만".to_string();
        s.claims[0].text = "국방부는 2023년 8월 이후 북한이 러시아에 컨테이너 6,700개 분량의 \
            포탄을 보냈다고 밝혔다 (152 mm 300만 발 이상)"
            .to_string();
        s.claims[1].text = "Минобороны: не менее 1 млн снарядов".to_string();
        let t = summary_table(&s);
        let column = |l: &str, cell: &str| l.find(cell).map(|i| format::display_width(&l[..i]));
        let lines: Vec<&str> = t.lines().collect();
        let header = lines.iter().position(|l| l.starts_with("claim")).unwrap();
        let rows = &lines[header..header + 4];
        let verdict = column(rows[0], "verdict").unwrap();
        let text = column(rows[0], "text").unwrap();
        assert!(rows[2].starts_with("국방부-300만"), "{t}");
        assert_eq!(column(rows[2], "about as likely"), Some(verdict), "{t}");
        assert_eq!(
            column(rows[3], "exceptionally unlikely"),
            Some(verdict),
            "{t}"
        );
        assert_eq!(column(rows[2], "국방부는"), Some(text), "{t}");
        assert_eq!(column(rows[3], "Минобороны"), Some(text), "{t}");
        // The rule under the header is as wide as the widest row, in columns.
        let widest = rows.iter().map(|l| format::display_width(l)).max().unwrap();
        assert_eq!(format::display_width(rows[1]), widest, "{t}");
        // Long Korean text is cut to the claim text width in columns, not characters.
        assert!(rows[2].ends_with('…'), "{t}");
        let cut = format::display_width(&rows[2][rows[2].find("국방부는").unwrap()..]);
        assert!((57..=60).contains(&cut), "{cut} columns");
    }

    #[test]
    fn warnings_for_low_samples_and_certain_claims() {
        let mut s = example_summary();
        assert_eq!(
            warnings(&s),
            [Warning::ClaimNearCertain {
                id: "never".into(),
                always: false,
                samples: 1_000_000
            }]
        );
        s.samples = 500;
        s.claims[1].probability = 1.0;
        let w = warnings(&s);
        assert_eq!(w[0], Warning::LowSamples { samples: 500 });
        assert!(w[0].to_string().contains("estimates are rough"));
        let text = w[1].to_string();
        assert!(
            text.contains("every draw agreed") && text.contains("1/500"),
            "{text}"
        );
        assert!(text.contains("not zero"));
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
