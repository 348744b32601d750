//! `report.md`: the run written up for a reader, from the run's [`RunResult`] alone.
//!
//! One file per section, in the order they appear:
//!
//! ```text
//! head.rs         title, the question, run facts, sources, assumptions, model
//! correlation.rs  correlated inputs: requested, adjusted, achieved
//! results.rs      results table and each claim's verdict (with its warnings)
//! capacity.rs     which limit binds
//! evidence.rs     the reports, effective sample size, which report moved the answer
//! sensitivity.rs  which assumption matters (with its basis)
//! voi.rs          what to find out next (with its basis)
//! precision.rs    --precision and the convergence chart
//! md.rs           escaping of user text, rows, code spans, number formats
//! ```
//!
//! Sections without data are left out; each chart is embedded once, in the section it belongs
//! to (histograms, exceedance curves and the claims chart under "Charts"). Every warning sits
//! next to the number it qualifies. The text is returned, not written, so it is tested without
//! files.

mod capacity;
pub mod compare;
mod correlation;
mod evidence;
mod head;
mod md;
mod overrides;
mod precision;
mod results;
mod sensitivity;
pub mod sweep;
#[cfg(test)]
mod tests;
mod voi;

use std::fmt::Write as _;

use super::charts::{self, ChartFile, ChartKind};
use super::{Artifact, Exporter, Target};
use crate::results::RunResult;

const HOW_TO_READ: &str = "**How to read this.** Every number comes from the simulated draws. \
A percentile such as p5 is a value of the simulated distribution: 5% of the draws fell below it \
(p50 is the median). A claim's probability is the share of draws on which its test held; it is \
as good as the assumptions above, no better. The ± figure is the Monte Carlo standard error, the \
part of the uncertainty that comes from using a finite number of draws; more samples shrink it, \
but they do not make the assumptions any truer.";

/// `report.md`, embedding the charts the run draws.
pub struct Report;

impl Exporter for Report {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        let md = report_markdown(result, &charts::plan(result));
        Ok(vec![Artifact {
            target: Target::File("report.md".into()),
            bytes: md.into_bytes(),
        }])
    }
}

/// The Markdown report of `r`, embedding `charts` (PNG files under `charts/`) in the order
/// given.
pub fn report_markdown(r: &RunResult, charts: &[ChartFile]) -> String {
    report_markdown_with(r, charts, "")
}

/// [`report_markdown`] with `extra` sections (a sweep's, a solve's) after the claims.
pub fn report_markdown_with(r: &RunResult, charts: &[ChartFile], extra: &str) -> String {
    let mut charts = Embed::new(charts);
    let mut md = String::new();
    head::title_and_facts(&mut md, r);
    overrides::section(&mut md, r);
    head::sources(&mut md, r);
    head::assumptions(&mut md, r);
    correlation::section(&mut md, r);
    head::model(&mut md, r);
    results::table(&mut md, r);
    results::claims(&mut md, r);
    md.push_str(extra);
    capacity::section(&mut md, r);
    evidence::section(&mut md, r, &mut charts);
    sensitivity::section(&mut md, r, &mut charts);
    voi::section(&mut md, r, &mut charts);
    precision::section(&mut md, r, &mut charts);
    if charts.any_left() {
        md.push_str("## Charts\n\n");
        charts.embed(&mut md, |_| true);
    }
    md.push_str(HOW_TO_READ);
    md.push('\n');
    md
}

/// The charts to embed, each once.
struct Embed<'a> {
    charts: &'a [ChartFile],
    used: Vec<bool>,
}

impl<'a> Embed<'a> {
    fn new(charts: &'a [ChartFile]) -> Self {
        Embed {
            charts,
            used: vec![false; charts.len()],
        }
    }

    /// Embeds the charts not embedded yet whose kind passes `wanted`, in the order given.
    fn embed(&mut self, md: &mut String, wanted: impl Fn(&ChartKind) -> bool) {
        for (c, used) in self.charts.iter().zip(&mut self.used) {
            if !*used && wanted(&c.kind) {
                *used = true;
                let _ = write!(
                    md,
                    "![{}](charts/{}.png)\n\n",
                    md::text(&c.title.replace(['[', ']'], "")),
                    c.stem
                );
            }
        }
    }

    /// Whether a chart of a kind passing `wanted` is still to be embedded.
    fn has(&self, wanted: impl Fn(&ChartKind) -> bool) -> bool {
        self.charts
            .iter()
            .zip(&self.used)
            .any(|(c, used)| !used && wanted(&c.kind))
    }

    fn any_left(&self) -> bool {
        self.has(|_| true)
    }
}
