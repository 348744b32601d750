//! The report of a run, `report.md` and `report.html`, from the run's [`RunResult`] alone.
//!
//! The report is built once as a small document model ([`doc`]: sections of headings,
//! paragraphs, tables, figures and warnings, all plain text) and rendered twice: by `md.rs` as
//! Markdown (charts linked as `charts/*.png`) and by `html.rs` as one self-contained HTML page
//! (charts inline as SVG). The wording lives in the section files only. One file per section, in
//! the order they appear:
//!
//! ```text
//! summary.rs      the question; each claim's text, probability, verdict and driver in one table
//! results.rs      each claim in full (with its warnings); the distributions of every quantity
//! capacity.rs     which limit binds
//! sensitivity.rs  which assumption matters (with its basis)
//! voi.rs          what to find out next (with its basis)
//! evidence.rs     the reports, effective sample size, which report moved the answer
//! head.rs         assumptions, sources, model formulas, reproducibility facts
//! correlation.rs  correlated inputs: requested, adjusted, achieved
//! precision.rs    --precision and the convergence chart
//! numbers.rs      number formats the sections share
//! ```
//!
//! Sections without data are left out; each chart is shown once, in the section it belongs to.
//! Every warning sits next to the number it qualifies. The text is returned, not written, so it
//! is tested without files.

mod capacity;
pub mod compare;
mod correlation;
pub(crate) mod doc;
mod evidence;
mod head;
mod html;
mod md;
mod numbers;
mod overrides;
mod precision;
mod results;
mod sensitivity;
mod summary;
pub mod sweep;
#[cfg(test)]
mod tests;
mod voi;

use self::doc::Document;
pub(crate) use self::doc::Section;
use super::charts::{self, ChartFile, ChartKind};
use super::{Artifact, Exporter, Target};
use crate::results::RunResult;

/// `report.md`, linking the charts the run draws.
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

/// `report.html`: the same report as one self-contained page, charts inline as SVG.
pub struct HtmlReport;

impl Exporter for HtmlReport {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        Ok(vec![html_artifact(result, &charts::render_svgs(result)?)])
    }
}

/// `report.html` of `result` with `charts` (each file with its SVG document) inline.
pub(crate) fn html_artifact(result: &RunResult, charts: &[(ChartFile, String)]) -> Artifact {
    Artifact {
        target: Target::File("report.html".into()),
        bytes: report_html(result, charts).into_bytes(),
    }
}

/// The Markdown report of `r`, embedding `charts` (PNG files under `charts/`) in the order
/// given.
pub fn report_markdown(r: &RunResult, charts: &[ChartFile]) -> String {
    md::render(&document(r, charts))
}

/// [`report_markdown`] with `extra` sections (a sweep's, a solve's) after the claims.
pub(crate) fn report_markdown_with(
    r: &RunResult,
    charts: &[ChartFile],
    extra: &[Section],
) -> String {
    md::render(&document_with(r, charts, extra))
}

/// The HTML report of `r`, with `charts` (each file with its SVG document) inline.
pub fn report_html(r: &RunResult, charts: &[(ChartFile, String)]) -> String {
    let files: Vec<ChartFile> = charts.iter().map(|(f, _)| f.clone()).collect();
    report_html_with(r, &files, charts, &[], &[])
}

/// [`report_html`] placing `files` (every chart in order, with those left out as copies), the
/// drawn ones from `charts`, with `extra` sections (a sweep's, a solve's) after the claims,
/// showing `extra_charts` (each file with its SVG document) where those sections place them.
pub(crate) fn report_html_with(
    r: &RunResult,
    files: &[ChartFile],
    charts: &[(ChartFile, String)],
    extra: &[Section],
    extra_charts: &[(ChartFile, String)],
) -> String {
    let all: Vec<(ChartFile, String)> = charts.iter().chain(extra_charts).cloned().collect();
    html::render(&document_with(r, files, extra), &all)
}

/// [`document`] with `extra` sections inserted after the claims section (at the end when there
/// is none).
fn document_with(r: &RunResult, charts: &[ChartFile], extra: &[Section]) -> Document {
    let mut doc = document(r, charts);
    let at = doc
        .sections
        .iter()
        .position(|s| s.id == "claims")
        .map_or(doc.sections.len(), |i| i + 1);
    doc.sections.splice(at..at, extra.iter().cloned());
    doc
}

/// The report of `r` as a document, showing `charts` each once.
pub(crate) fn document(r: &RunResult, charts: &[ChartFile]) -> Document {
    let mut charts = Embed::new(r, charts);
    let mut sections: Vec<Section> = Vec::new();
    sections.extend(summary::question(r));
    sections.push(summary::section(r));
    sections.extend(overrides::section(r));
    sections.extend(results::claims(r, &mut charts));
    sections.push(results::distributions(r, &mut charts));
    sections.extend(capacity::section(r, &mut charts));
    sections.extend(sensitivity::section(r, &mut charts));
    sections.extend(voi::section(r, &mut charts));
    sections.extend(evidence::section(r, &mut charts));
    sections.extend(head::assumptions(r));
    sections.extend(head::sources(r));
    sections.extend(correlation::section(r));
    sections.extend(head::model(r));
    sections.extend(precision::section(r, &mut charts));
    if charts.any_left() {
        let mut s = Section::new("other-charts", "Other charts");
        charts.embed(&mut s, |_| true);
        sections.push(s);
    }
    sections.push(head::reproducibility(r));
    Document {
        title: r.run.title.clone(),
        sections,
    }
}

/// The charts to show, each once.
struct Embed<'a> {
    run: &'a RunResult,
    charts: &'a [ChartFile],
    used: Vec<bool>,
}

impl<'a> Embed<'a> {
    fn new(run: &'a RunResult, charts: &'a [ChartFile]) -> Self {
        Embed {
            run,
            charts,
            used: vec![false; charts.len()],
        }
    }

    /// Adds to `section` the charts not shown yet whose kind passes `wanted`, in the order
    /// given; a chart left out as a copy of another quantity's becomes a sentence saying so.
    fn embed(&mut self, section: &mut Section, wanted: impl Fn(&ChartKind) -> bool) {
        for (c, used) in self.charts.iter().zip(&mut self.used) {
            if !*used && wanted(&c.kind) {
                *used = true;
                match &c.same_as {
                    Some(same) => section.para(same_as(self.run, same)),
                    None => section.figure(c.clone()),
                }
            }
        }
    }

    /// Whether a chart of a kind passing `wanted` is still to be shown.
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

/// "X: same as Y in every draw", for a chart left out as a copy of Y's.
fn same_as(r: &RunResult, same: &charts::SameAs) -> doc::Line {
    let name = |q: crate::model::QuantityId| r.quantities[q].name.clone();
    doc::Line::new()
        .name(name(same.output))
        .text(": same as ")
        .name(name(same.twin))
        .text(" in every draw, so its chart would be a copy of that one.")
}
