//! `report.md`: the run written up for a reader, from [`Summary`] alone.
//!
//! Sections: the question, run facts, sources, assumptions, model, results, claims, charts, and
//! a short note on how to read the numbers. Numbers use [`format::grouped`] (four significant
//! digits); probabilities use the calibrated words of [`verdict`]. The text is returned, not
//! written, so it can be tested without files.

use std::fmt::Write as _;

use super::format;
use super::terminal::probability_pm;
use super::verdict::verdict;
use crate::results::{QuantityKind, Summary};

/// What a chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartKind {
    /// Histogram of one quantity's draws.
    Histogram {
        /// The quantity.
        quantity: String,
    },
    /// Exceedance curve P(X ≥ x) of one quantity.
    Exceedance {
        /// The quantity.
        quantity: String,
    },
    /// Probabilities of all claims.
    Claims,
    /// A `[shipment]` chart (lots, capacity).
    Shipment,
}

/// A chart file to embed in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartRef {
    /// Caption and alt text.
    pub title: String,
    /// Path relative to the report, e.g. `charts/hist_shipped.png`.
    pub path: String,
    /// What the chart shows.
    pub kind: ChartKind,
}

const HOW_TO_READ: &str = "**How to read this.** Every number comes from the simulated draws. \
A percentile such as p5 is a value of the simulated distribution: 5% of the draws fell below it \
(p50 is the median). A claim's probability is the share of draws on which its test held; it is \
as good as the assumptions above, no better. The ± figure is the Monte Carlo standard error, the \
part of the uncertainty that comes from using a finite number of draws; more samples shrink it, \
but they do not make the assumptions any truer.";

/// The Markdown report for `summary`, embedding `charts` in the order given.
pub fn report_markdown(summary: &Summary, charts: &[ChartRef]) -> String {
    let mut md = format!("# {}\n\n", summary.title.trim());
    if let Some(d) = summary
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(md, "## The question\n\n{}\n\n", d.trim());
    }
    run_facts(&mut md, summary);
    sources(&mut md, summary);
    assumptions(&mut md, summary);
    model(&mut md, summary);
    results(&mut md, summary);
    claims(&mut md, summary);
    if !charts.is_empty() {
        md.push_str("## Charts\n\n");
        for c in charts {
            let _ = write!(md, "![{}]({})\n\n", c.title.replace(['[', ']'], ""), c.path);
        }
    }
    md.push_str(HOW_TO_READ);
    md.push('\n');
    md
}

fn run_facts(md: &mut String, s: &Summary) {
    let _ = write!(
        md,
        "- Scenario: `{}` (SHA-256 `{}`)\n- Seed: {}\n- Samples: {} ({})\n- shellcount {}\n\n",
        s.scenario_file,
        s.scenario_sha256,
        s.seed,
        format::grouped(s.samples as f64, 12),
        if s.sampling == "mc" {
            "plain Monte Carlo"
        } else {
            s.sampling.as_str()
        },
        s.shellcount_version
    );
}

fn sources(md: &mut String, s: &Summary) {
    if s.sources.is_empty() {
        return;
    }
    md.push_str("## Sources\n\n| id | source | link |\n|---|---|---|\n");
    for src in &s.sources {
        let link = src
            .url
            .as_deref()
            .map_or(String::new(), |u| format!("<{u}>"));
        row(md, &[&src.id, &src.cite, &link]);
    }
    md.push('\n');
}

fn assumptions(md: &mut String, s: &Summary) {
    let inputs: Vec<_> = s
        .quantities
        .iter()
        .filter(|(_, q)| q.kind == QuantityKind::Input)
        .collect();
    if inputs.is_empty() {
        return;
    }
    md.push_str("## Assumptions\n\n| input | distribution | unit | source | note |\n");
    md.push_str("|---|---|---|---|---|\n");
    for (name, q) in inputs {
        let expr = code(&q.expr);
        let unit = q.unit.as_deref().unwrap_or("");
        row(
            md,
            &[
                name,
                &expr,
                unit,
                q.source.as_deref().unwrap_or(""),
                q.note.as_deref().unwrap_or(""),
            ],
        );
    }
    md.push('\n');
}

fn model(md: &mut String, s: &Summary) {
    let models: Vec<_> = s
        .quantities
        .iter()
        .filter(|(_, q)| q.kind == QuantityKind::Model)
        .collect();
    if models.is_empty() {
        return;
    }
    md.push_str("## Model\n\n");
    for (name, q) in models {
        let unit = q
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({u})"));
        let _ = writeln!(md, "- {}{unit}", code(&format!("{name} = {}", q.expr)));
    }
    md.push('\n');
}

fn results(md: &mut String, s: &Summary) {
    md.push_str("## Results\n\n| quantity | mean | p5 | p50 | p95 | unit |\n");
    md.push_str("|---|--:|--:|--:|--:|---|\n");
    for (name, q) in &s.quantities {
        let n = [q.mean, q.p5, q.p50, q.p95].map(|x| format::grouped(x, 4));
        row(
            md,
            &[
                name,
                &n[0],
                &n[1],
                &n[2],
                &n[3],
                q.unit.as_deref().unwrap_or(""),
            ],
        );
    }
    md.push('\n');
}

fn claims(md: &mut String, s: &Summary) {
    if s.claims.is_empty() {
        return;
    }
    md.push_str("## Claims\n\n");
    for c in &s.claims {
        let _ = write!(
            md,
            "### {}\n\n> {}\n\nTested as {}.\n\n**P = {} (MC standard error) — {}.**",
            c.id,
            c.text.trim().replace('\n', "\n> "),
            code(&c.holds_if),
            probability_pm(c.probability, c.mcse),
            verdict(c.probability)
        );
        if let Some(src) = &c.source {
            let _ = write!(md, " Source: {src}.");
        }
        md.push_str("\n\n");
    }
}

/// A Markdown table row, with `|` escaped and line breaks flattened in every cell.
fn row(md: &mut String, cells: &[&str]) {
    md.push('|');
    for cell in cells {
        let _ = write!(
            md,
            " {} |",
            cell.replace('|', "\\|").replace(['\r', '\n'], " ")
        );
    }
    md.push('\n');
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    let text = text.trim();
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::terminal::tests::example_summary;

    fn charts() -> Vec<ChartRef> {
        vec![
            ChartRef {
                title: "Shells shipped".into(),
                path: "charts/hist_shipped.png".into(),
                kind: ChartKind::Histogram {
                    quantity: "shipped".into(),
                },
            },
            ChartRef {
                title: "Claims".into(),
                path: "charts/claims.png".into(),
                kind: ChartKind::Claims,
            },
        ]
    }

    #[test]
    fn sections_in_order() {
        let md = report_markdown(&example_summary(), &charts());
        let heads = [
            "# One million shells",
            "## The question",
            "## Sources",
            "## Assumptions",
        ];
        let more = [
            "## Model",
            "## Results",
            "## Claims",
            "## Charts",
            "**How to read this.**",
        ];
        let at: Vec<usize> = heads
            .iter()
            .chain(&more)
            .map(|h| md.find(h).expect(h))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{md}");
    }

    #[test]
    fn content_is_formatted() {
        let md = report_markdown(&example_summary(), &charts());
        assert!(
            md.contains("| shipped | 3,000,000 | 2,400,000 | 3,000,000 | 3,600,000 | shells |"),
            "{md}"
        );
        assert!(
            md.contains("Council of the EU \\| press release"),
            "pipe escaped: {md}"
        );
        assert!(md.contains("<https://example.org/eu>"));
        assert!(
            md.contains("| monthly_output | `250_000 to 350_000` | shells/month | eu-2024 |  |")
        );
        assert!(md.contains("- `shipped = monthly_output * 10` (shells)"));
        assert!(md.contains("Tested as `shipped >= 1_000_000`."));
        assert!(md.contains("P = 41.3% ± 0.049% (MC standard error) — about as likely as not."));
        assert!(md.contains("Source: eu-2024."));
        assert!(md.contains("- Samples: 1,000,000 (plain Monte Carlo)"));
        assert!(md.contains(&format!("SHA-256 `{}`", "ab".repeat(32))));
        assert!(md.contains("![Shells shipped](charts/hist_shipped.png)"));
        assert!(md.contains("![Claims](charts/claims.png)"));
    }

    #[test]
    fn optional_parts_are_left_out() {
        let mut s = example_summary();
        s.description = None;
        s.sources.clear();
        s.claims.clear();
        let md = report_markdown(&s, &[]);
        for gone in ["## The question", "## Sources", "## Claims", "## Charts"] {
            assert!(!md.contains(gone), "{gone} in {md}");
        }
        assert!(md.contains("## Results"));
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a `b` c"), "`` a `b` c ``");
        let mut md = String::new();
        row(&mut md, &["a|b", "c\nd"]);
        assert_eq!(md, "| a\\|b | c d |\n");
    }
}
