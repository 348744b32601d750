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
    out
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

/// `text` cut to at most `max` characters, ending in "…" if cut.
fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Aligned columns separated by two spaces, with a rule under the header.
fn render(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
            let sep = if i == 0 { "" } else { "  " };
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&format!("{sep}{pad}{cell}"));
            } else {
                s.push_str(&format!("{sep}{cell}{pad}"));
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
pub(crate) mod tests {
    use super::*;
    use crate::results::{ClaimSummary, QuantitySummary, SourceSummary};

    fn quantity(kind: QuantityKind, expr: &str, unit: &str, center: f64) -> QuantitySummary {
        QuantitySummary {
            kind,
            expr: expr.to_string(),
            unit: Some(unit.to_string()),
            source: (kind == QuantityKind::Input).then(|| "eu-2024".to_string()),
            note: None,
            mean: center,
            sd: center * 0.1,
            min: center * 0.5,
            max: center * 1.5,
            p1: center * 0.7,
            p5: center * 0.8,
            p10: center * 0.85,
            p25: center * 0.9,
            p50: center,
            p75: center * 1.1,
            p90: center * 1.15,
            p95: center * 1.2,
            p99: center * 1.3,
            mcse_mean: center * 0.1 / 1000.0,
            ..Default::default()
        }
    }

    /// A small summary shared by the terminal and report tests.
    pub(crate) fn example_summary() -> Summary {
        let mut quantities = indexmap::IndexMap::new();
        let rate = quantity(
            QuantityKind::Input,
            "250_000 to 350_000",
            "shells/month",
            300_000.0,
        );
        quantities.insert("monthly_output".to_string(), rate);
        let shipped = quantity(
            QuantityKind::Model,
            "monthly_output * 10",
            "shells",
            3_000_000.0,
        );
        quantities.insert("shipped".to_string(), shipped);
        Summary {
            shellcount_version: "0.1.0".to_string(),
            title: "One million shells".to_string(),
            description: Some("Did the shipments reach the promised total?".to_string()),
            scenario_file: "eu.toml".to_string(),
            scenario_sha256: "ab".repeat(32),
            seed: 42,
            samples: 1_000_000,
            sampling: "mc".to_string(),
            sources: vec![SourceSummary {
                id: "eu-2024".to_string(),
                cite: "Council of the EU | press release, 2024".to_string(),
                url: Some("https://example.org/eu".to_string()),
            }],
            quantities,
            claims: vec![
                ClaimSummary {
                    id: "million".to_string(),
                    text: "The EU delivered a million shells by March 2024, as promised to \
                           Ukraine in March 2023."
                        .to_string(),
                    holds_if: "shipped >= 1_000_000".to_string(),
                    source: Some("eu-2024".to_string()),
                    references: vec!["shipped".to_string()],
                    probability: 0.4132,
                    mcse: 0.00049,
                    ..Default::default()
                },
                ClaimSummary {
                    id: "never".to_string(),
                    text: "Output exceeded ten million a month.".to_string(),
                    holds_if: "monthly_output > 10_000_000".to_string(),
                    source: None,
                    references: vec!["monthly_output".to_string()],
                    probability: 0.0,
                    mcse: 0.0,
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
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
