//! `report.md`: the run written up for a reader, from [`Summary`] alone.
//!
//! Sections: the question, run facts (and any warnings), sources, assumptions, correlated
//! inputs, model, results, claims, evidence, which assumption matters (sensitivity), what to find
//! out next (value of information), precision, the remaining charts, and a short note on how to
//! read the numbers. Sections without data are left out; each chart is embedded once, in the
//! section it belongs to (histograms, exceedance curves and the claims chart under "Charts"). Numbers use [`format::grouped`] (four significant
//! digits); probabilities use the calibrated words of [`verdict`]. The text is returned, not
//! written, so it can be tested without files.

mod capacity;

use std::fmt::Write as _;

use super::format;
use super::terminal::probability_pm;
use super::verdict::verdict;
use crate::results::{QuantityKind, Summary, VoiEntry};

/// What a chart shows: the charts module's own kinds, so the two can never disagree.
pub use super::charts::ChartFileKind as ChartKind;

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
    let mut charts = Embed::new(charts);
    let mut md = format!("# {}\n\n", summary.title.trim());
    if let Some(d) = summary
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = write!(md, "## The question\n\n{}\n\n", d.trim());
    }
    run_facts(&mut md, summary);
    warnings(&mut md, summary);
    sources(&mut md, summary);
    assumptions(&mut md, summary);
    correlation(&mut md, summary);
    model(&mut md, summary);
    results(&mut md, summary);
    claims(&mut md, summary);
    capacity::section(&mut md, summary);
    evidence(&mut md, summary, &mut charts);
    sensitivity(&mut md, summary, &mut charts);
    value_of_information(&mut md, summary, &mut charts);
    precision(&mut md, summary, &mut charts);
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
    charts: &'a [ChartRef],
    used: Vec<bool>,
}

impl<'a> Embed<'a> {
    fn new(charts: &'a [ChartRef]) -> Self {
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
                let _ = write!(md, "![{}]({})\n\n", c.title.replace(['[', ']'], ""), c.path);
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
    md.push_str("## Results\n\n");
    if s.evidence.as_ref().is_some_and(|e| !e.is_empty()) {
        md.push_str("After the evidence (see [Evidence](#evidence)).\n\n");
    }
    md.push_str("| quantity | mean | p5 | p50 | p95 | unit |\n");
    md.push_str("|---|--:|--:|--:|--:|---|\n");
    let errors = s.quantities.values().any(|q| {
        let e = q.mcse_quantiles;
        [e.p5, e.p50, e.p95]
            .iter()
            .any(|x| x.is_finite() && *x > 0.0)
    });
    for (name, q) in &s.quantities {
        let e = q.mcse_quantiles;
        let with_error = |x: f64, se: f64| {
            if errors && se.is_finite() && se > 0.0 {
                format!("{} ± {}", format::grouped(x, 4), format::grouped(se, 2))
            } else {
                format::grouped(x, 4)
            }
        };
        let n = [
            format::grouped(q.mean, 4),
            with_error(q.p5, e.p5),
            with_error(q.p50, e.p50),
            with_error(q.p95, e.p95),
        ];
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
    if errors {
        md.push_str(
            "The ± after a percentile is its Monte Carlo standard error: about how much it would \
             move if the simulation were run again with another seed.\n\n",
        );
    }
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
        if let Some(p0) = c.prior_probability {
            let _ = write!(
                md,
                "\n\nPrior {} → after evidence {}.",
                format::percent(p0),
                format::percent(c.probability)
            );
        }
        md.push_str("\n\n");
    }
}

/// Every warning recorded with the results, as a quoted line each, near the top.
fn warnings(md: &mut String, s: &Summary) {
    for w in &s.warnings {
        quote_warning(md, w);
    }
}

/// `text` as a prominent warning: a blockquote starting with ⚠.
fn quote_warning(md: &mut String, text: &str) {
    let _ = write!(md, "> ⚠ {}\n\n", text.trim().replace('\n', "\n> "));
}

const CORRELATION_INTRO: &str = "Some inputs were not drawn independently: the scenario asks for \
rank (Spearman) correlations between them, so that, for example, a high value of one tends to \
come with a high value of the other. The table compares what was asked for with what the draws \
show.";

fn correlation(md: &mut String, s: &Summary) {
    let Some(c) = &s.correlation else {
        return;
    };
    let n = c.inputs.len();
    let get = |m: &[Vec<f64>], i: usize, j: usize| m.get(i).and_then(|r| r.get(j)).copied();
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .filter(|&(i, j)| n <= 6 || get(&c.requested, i, j).is_some_and(|r| r != 0.0))
        .collect();
    if pairs.is_empty() && c.adjusted.is_none() {
        return;
    }
    let _ = write!(md, "## Correlated inputs\n\n{CORRELATION_INTRO}\n\n");
    if !pairs.is_empty() {
        md.push_str("| inputs | requested | achieved |\n|---|--:|--:|\n");
        for (i, j) in pairs {
            let names = format!("{} – {}", c.inputs[i], c.inputs[j]);
            let requested = get(&c.requested, i, j).map_or("–".into(), fixed2);
            let achieved = get(&c.achieved, i, j).map_or("–".into(), fixed2);
            row(md, &[&names, &requested, &achieved]);
        }
        md.push('\n');
        if n > 6 {
            md.push_str("Pairs not listed were asked to be independent.\n\n");
        }
    }
    if let Some(adjusted) = &c.adjusted {
        quote_warning(md, adjusted);
    }
}

const EVIDENCE_INTRO: &str = "The results above take the following reports into account. Each \
report reweights the simulated draws: draws that agree with it count for more, draws that \
contradict it for less (a report trusted at less than 100% is allowed to be wrong that often). \
The *effective sample size* (ESS) says how many equally weighted draws the weighted draws are \
worth; the fewer, the rougher the numbers.";

fn evidence(md: &mut String, s: &Summary, charts: &mut Embed) {
    let Some(ev) = s.evidence.as_ref().filter(|e| !e.is_empty()) else {
        return;
    };
    let _ = write!(md, "## Evidence\n\n{EVIDENCE_INTRO}\n\n");
    md.push_str(
        "| id | source | kind | expression | observed | trust | ESS alone | ESS cumulative |\n",
    );
    md.push_str("|---|---|---|---|--:|--:|--:|--:|\n");
    for (id, e) in ev {
        let observed = e.observed.map_or(String::new(), |x| format::grouped(x, 6));
        row(
            md,
            &[
                id,
                e.source.as_deref().unwrap_or(""),
                &e.kind,
                &code(&e.expr),
                &observed,
                &format::percent(e.trust),
                &format::grouped(e.ess.round(), 6),
                &format::grouped(e.ess_cumulative.round(), 6),
            ],
        );
    }
    md.push('\n');
    if let Some(ess) = s.ess {
        let share = if s.samples > 0 {
            format!(" ({})", format::percent(ess / s.samples as f64))
        } else {
            String::new()
        };
        let _ = write!(
            md,
            "**Effective sample size after all evidence: {} of {} draws{share}.**\n\n",
            format::grouped(ess.round(), 6),
            format::grouped(s.samples as f64, 12)
        );
    }
    let claims: Vec<_> = s
        .claims
        .iter()
        .filter(|c| c.prior_probability.is_some())
        .collect();
    if !claims.is_empty() {
        md.push_str("### Which report moved the answer\n\n");
        md.push_str(
            "Each claim's probability before any evidence, then after each report is added in \
             turn (file order), with the change that report made.\n\n",
        );
        md.push_str("| claim | prior |");
        for id in ev.keys() {
            let _ = write!(md, " after {} |", id.replace('|', "\\|"));
        }
        md.push_str(" final |\n|---|--:|");
        md.push_str(&"--:|".repeat(ev.len() + 1));
        md.push('\n');
        for c in claims {
            let mut before = c.prior_probability.unwrap_or(f64::NAN);
            let mut cells = vec![c.id.clone(), format::percent(before)];
            for e in ev.values() {
                match e.probability_after.get(&c.id) {
                    Some(&p) => {
                        cells.push(format!("{} ({})", format::percent(p), points(p - before)));
                        before = p;
                    }
                    None => cells.push("–".to_string()),
                }
            }
            cells.push(format::percent(c.probability));
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            row(md, &refs);
        }
        md.push('\n');
    }
    charts.embed(md, |k| {
        matches!(k, ChartKind::EvidenceEffect | ChartKind::Posterior { .. })
    });
}

const SENSITIVITY_INTRO: &str = "Which assumptions drive each answer? Each table lists the \
inputs, the most important (largest ST) first.

- **Spearman** is the rank correlation between the input and the output over the draws, from \
−1 to 1. Its sign says whether a larger input goes with a larger (+) or smaller (−) output; near \
0 means no steady one-way relation.
- **S1** (first-order Sobol index) is the share of the output's variance that this input \
explains on its own: 0.60 means that pinning this input down exactly would, on average, remove \
about 60% of the variance.
- **ST** (total Sobol index) is the share in which the input plays any part, alone or together \
with other inputs (interactions). An input with ST near 0 could be fixed at any plausible value \
without changing the answer; ST well above S1 means the input matters through combinations with \
others.
- **Swing** is how much the output's median (for a claim: its probability, in percentage \
points) changes when the input moves from its 10th to its 90th percentile, the other inputs \
staying uncertain.

For a claim the output is whether it holds on a draw (1 or 0), so its indices say which inputs \
decide the claim.";

fn sensitivity(md: &mut String, s: &Summary, charts: &mut Embed) {
    // Claims first, then model quantities, then any other output, each in its own order.
    let is_claim = |name: &str| s.claims.iter().any(|c| c.id == name);
    let mut outputs: Vec<&String> = s
        .claims
        .iter()
        .map(|c| &c.id)
        .chain(s.quantities.keys())
        .chain(s.sensitivity.keys())
        .filter(|name| s.sensitivity.get(*name).is_some_and(|e| !e.is_empty()))
        .collect();
    let mut seen = std::collections::HashSet::new();
    outputs.retain(|name| seen.insert(*name));
    if outputs.is_empty() {
        return;
    }
    let _ = write!(md, "## Which assumption matters\n\n{SENSITIVITY_INTRO}");
    let m = &s.sensitivity_method;
    md.push_str(
        " The indices are estimated from simulated draws, so they carry sampling error (the ± \
         figures); differences smaller than that are noise.",
    );
    if m.given_data_draws > 0 {
        let _ = write!(
            md,
            " Spearman, S1 and swing use the first {} draws of the run.",
            format::grouped(m.given_data_draws as f64, 12)
        );
    }
    if m.saltelli_base > 0 {
        let _ = write!(
            md,
            " ST comes from a separate design of {} base samples.",
            format::grouped(m.saltelli_base as f64, 12)
        );
    }
    let description = m.description.trim();
    if !description.is_empty() {
        let stop = if description.ends_with('.') { "" } else { "." };
        let _ = write!(md, " Method: {description}{stop}");
    }
    md.push_str("\n\n");
    for name in outputs {
        let claim = is_claim(name);
        let entries = &s.sensitivity[name];
        let _ = write!(md, "### {name}{}\n\n", if claim { " (claim)" } else { "" });
        let mut sorted: Vec<_> = entries.iter().collect();
        let key = |st: f64| {
            if st.is_finite() {
                st
            } else {
                f64::NEG_INFINITY
            }
        };
        sorted.sort_by(|a, b| key(b.1.sobol_total).total_cmp(&key(a.1.sobol_total)));
        if let Some((top, e)) = sorted.first() {
            if e.sobol_total.is_finite() && e.sobol_first.is_finite() {
                let _ = write!(
                    md,
                    "**{top}** matters most: on its own it explains about {} of the variance \
                     of {name}, and {} counting its interactions with other inputs.\n\n",
                    share(e.sobol_first),
                    share(e.sobol_total)
                );
            }
        }
        let unit = s.quantities.get(name).and_then(|q| q.unit.as_deref());
        let swing_head = match (claim, unit) {
            (true, _) => "swing (pp)".to_string(),
            (false, Some(u)) => format!("swing ({})", u.replace('|', "\\|")),
            (false, None) => "swing".to_string(),
        };
        let _ = write!(
            md,
            "| input | Spearman | S1 | ST | {swing_head} |\n|---|--:|--:|--:|--:|\n"
        );
        for (input, e) in sorted {
            let swing = if claim {
                points(e.swing)
            } else {
                signed(e.swing)
            };
            row(
                md,
                &[
                    input,
                    &fixed2(e.spearman),
                    &index_pm(e.sobol_first, e.sobol_first_se),
                    &index_pm(e.sobol_total, e.sobol_total_se),
                    &swing,
                ],
            );
        }
        md.push('\n');
        charts.embed(
            md,
            |k| matches!(k, ChartKind::Tornado { output, .. } if output == name),
        );
    }
}

const VOI_INTRO: &str = "Which fact, if it could be established, would change each answer \
most? For every input, the **expected change** is how far the claim's probability would move, \
on average, if that input were known exactly and everything else stayed as uncertain as it is \
now. The **flip probability** is the chance that learning the input would carry the claim \
across 50% (from likely to unlikely or the reverse). The **noise floor** is what an input the \
claim does not depend on would show through sampling noise alone: values near or below it mean \
no detectable effect. Changes are in percentage points (pp).";

fn value_of_information(md: &mut String, s: &Summary, charts: &mut Embed) {
    let claims = super::charts::value_of_information(s);
    if claims.is_empty() {
        return;
    }
    let _ = write!(md, "## What to find out next\n\n{VOI_INTRO}\n\n");
    let pp = |x: f64| {
        if x.is_finite() {
            format!("{:.1}", x * 100.0)
        } else {
            "–".to_string()
        }
    };
    let above = |e: &VoiEntry| {
        e.expected_abs_change.is_finite()
            && !(e.noise_floor.is_finite() && e.expected_abs_change <= e.noise_floor)
    };
    for (id, mut entries) in claims {
        let key = |x: f64| if x.is_finite() { x } else { f64::NEG_INFINITY };
        entries
            .sort_by(|a, b| key(b.1.expected_abs_change).total_cmp(&key(a.1.expected_abs_change)));
        let _ = write!(md, "### {id}\n\n");
        md.push_str("| input | expected change (pp) | flip probability | noise floor (pp) |\n");
        md.push_str("|---|--:|--:|--:|\n");
        for (input, e) in &entries {
            let flip = if e.flip_probability.is_finite() {
                format::percent(e.flip_probability)
            } else {
                "–".to_string()
            };
            row(
                md,
                &[input, &pp(e.expected_abs_change), &flip, &pp(e.noise_floor)],
            );
        }
        md.push('\n');
        let now = s.claims.iter().find(|c| c.id == id).map(|c| c.probability);
        match entries.first().filter(|(_, e)| above(e)) {
            Some((input, e)) => {
                let _ = write!(
                    md,
                    "Knowing **{input}** exactly would move the probability of {id}{} by about \
                     {} points on average",
                    now.map_or(String::new(), |p| format!(" (now {})", format::percent(p))),
                    format::grouped(e.expected_abs_change * 100.0, 2)
                );
                if e.flip_probability.is_finite() {
                    let _ = write!(
                        md,
                        ", with a {} chance of carrying it across 50%",
                        format::percent(e.flip_probability)
                    );
                }
                md.push('.');
                if let Some((second, e2)) = entries.get(1).filter(|(_, e)| above(e)) {
                    let _ = write!(
                        md,
                        " Next comes **{second}** (about {} points).",
                        format::grouped(e2.expected_abs_change * 100.0, 2)
                    );
                }
            }
            None => md.push_str(
                "No input stands out above the sampling noise: no single fact would be \
                 expected to move this claim noticeably.",
            ),
        }
        let noise: Vec<&str> = entries
            .iter()
            .filter(|(_, e)| !above(e))
            .map(|(i, _)| i.as_str())
            .collect();
        if !noise.is_empty() && noise.len() < entries.len() {
            let _ = write!(
                md,
                " Within the noise (no detectable effect): {}.",
                noise.join(", ")
            );
        }
        md.push_str("\n\n");
        charts.embed(
            md,
            |k| matches!(k, ChartKind::ValueOfInformation { claim } if *claim == id),
        );
    }
}

fn precision(md: &mut String, s: &Summary, charts: &mut Embed) {
    let has_chart = charts.has(|k| *k == ChartKind::Convergence);
    if s.precision.is_none() && !has_chart {
        return;
    }
    md.push_str("## Precision\n\n");
    if let Some(p) = &s.precision {
        let _ = write!(
            md,
            "The run drew samples in rounds until the largest Monte Carlo standard error of any \
             claim probability was at most the target, or the cap was reached.\n\n\
             - Target: {}\n- Reached: {} — {}\n- Samples drawn: {} (cap {})\n- Rounds: {}\n\n",
            se_percent(p.target),
            se_percent(p.reached),
            if p.met {
                "met"
            } else {
                "**not met** (the cap was reached first)"
            },
            format::grouped(p.samples_drawn as f64, 12),
            format::grouped(p.max_samples as f64, 12),
            p.rounds
        );
    }
    if has_chart {
        md.push_str(
            "The chart shows each claim's estimate as draws accumulated; the band is ±2 Monte \
             Carlo standard errors. A line that has levelled off inside a narrow band has \
             settled.\n\n",
        );
        charts.embed(md, |k| *k == ChartKind::Convergence);
    }
}

/// A share (0 to 1) as a whole percentage, e.g. `0.62` → `"62%"`.
fn share(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A number with two decimals, `–` if not finite.
fn fixed2(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "–".to_string()
    }
}

/// An index and its standard error: `"0.55 ± 0.02"` (an error below 0.01 keeps one
/// significant digit).
fn index_pm(x: f64, se: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if !(se.is_finite() && se > 0.0) {
        return format!("{x:.2}");
    }
    let se = if se >= 0.01 {
        format!("{se:.2}")
    } else {
        format::grouped(se, 1)
    };
    format!("{x:.2} ± {se}")
}

/// A change in probability in percentage points: `"+5.9 pp"`, `"−8.0 pp"`.
fn points(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.1}", x.abs() * 100.0);
    let sign = match (text == "0.0", x > 0.0) {
        (true, _) => "",
        (false, true) => "+",
        (false, false) => "−",
    };
    format!("{sign}{text} pp")
}

/// A signed change in an output's unit: `"+900,000"`, `"−260,000"`.
fn signed(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format::grouped(x.abs(), 3);
    let sign = match (text == "0", x > 0.0) {
        (true, _) => "",
        (false, true) => "+",
        (false, false) => "−",
    };
    format!("{sign}{text}")
}

/// A standard error of a probability as a percentage, keeping two significant digits below
/// 0.1% (as [`probability_pm`] does).
fn se_percent(se: f64) -> String {
    if se > 0.0 && se < 0.001 {
        format!("{}%", format::grouped(se * 100.0, 2))
    } else {
        format::percent(se)
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
    use crate::output::fixtures::{example_summary, full_summary};
    use crate::results::CorrelationSummary;
    use indexmap::IndexMap;

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

    fn full_charts() -> Vec<ChartRef> {
        let chart = |title: &str, stem: &str, kind: ChartKind| ChartRef {
            title: title.into(),
            path: format!("charts/{stem}.png"),
            kind,
        };
        let mut c = charts();
        c.extend([
            chart(
                "P(shipped ≥ x) before and after the evidence",
                "posterior_shipped",
                ChartKind::Posterior {
                    quantity: "shipped".into(),
                },
            ),
            chart(
                "How each report moved the claims",
                "evidence_effect",
                ChartKind::EvidenceEffect,
            ),
            chart(
                "What moves shipped",
                "tornado_shipped",
                ChartKind::Tornado {
                    output: "shipped".into(),
                    claim: false,
                },
            ),
            chart(
                "What moves million",
                "tornado_million",
                ChartKind::Tornado {
                    output: "million".into(),
                    claim: true,
                },
            ),
            chart(
                "Which fact would change million most",
                "voi_million",
                ChartKind::ValueOfInformation {
                    claim: "million".into(),
                },
            ),
            chart("Convergence", "convergence", ChartKind::Convergence),
        ]);
        c
    }

    #[test]
    fn new_sections_in_order() {
        let md = report_markdown(&full_summary(), &full_charts());
        let heads = [
            "## Assumptions",
            "## Correlated inputs",
            "## Model",
            "## Results",
            "## Claims",
            "## Evidence",
            "### Which report moved the answer",
            "## Which assumption matters",
            "## What to find out next",
            "## Precision",
            "## Charts",
            "**How to read this.**",
        ];
        let at: Vec<usize> = heads.iter().map(|h| md.find(h).expect(h)).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{md}");
        // Every chart once, in its own section.
        for c in full_charts() {
            let link = format!("]({})", c.path);
            assert_eq!(md.matches(&link).count(), 1, "{link} in {md}");
        }
        let section = |head: &str| {
            let start = md.find(head).unwrap();
            let end = md[start + 3..]
                .find("\n## ")
                .map_or(md.len(), |i| i + start + 3);
            md[start..end].to_string()
        };
        assert!(section("## Evidence").contains("(charts/evidence_effect.png)"));
        assert!(section("## Evidence").contains("(charts/posterior_shipped.png)"));
        assert!(section("## Which assumption").contains("(charts/tornado_million.png)"));
        assert!(section("## What to find out").contains("(charts/voi_million.png)"));
        assert!(section("## Precision").contains("(charts/convergence.png)"));
        let charts = section("## Charts");
        assert!(charts.contains("hist_shipped") && !charts.contains("tornado"));
    }

    #[test]
    fn sensitivity_tables_are_sorted_by_total_index() {
        let md = report_markdown(&full_summary(), &full_charts());
        assert!(md.contains("**S1** (first-order Sobol index)"), "{md}");
        assert!(md.contains("**ST** (total Sobol index)"));
        assert!(md.contains("Method: given-data first-order indices (Plischke 2013)"));
        assert!(md.contains("the first 100,000 draws") && md.contains("4,096 base samples"));
        assert!(md.contains("### million (claim)") && md.contains("### shipped\n"));
        assert!(md.contains("| input | Spearman | S1 | ST | swing (pp) |"));
        assert!(md.contains("| input | Spearman | S1 | ST | swing (shells) |"));
        let rows: Vec<&str> = md
            .lines()
            .skip_while(|l| !l.starts_with("### million (claim)"))
            .filter(|l| l.starts_with("| ") && !l.starts_with("| input"))
            .take(4)
            .collect();
        assert_eq!(
            rows,
            [
                "| share_152 | 0.50 | 0.62 ± 0.02 | 0.81 ± 0.03 | +38.0 pp |",
                "| containers | 0.50 | 0.05 ± 0.02 | 0.09 ± 0.03 | −12.0 pp |",
                "| monthly_output | 0.50 | 0.02 ± 0.02 | 0.04 ± 0.03 | +5.0 pp |",
                "| loss_rate | 0.50 | 0.00 ± 0.02 | 0.00 ± 0.03 | 0.0 pp |",
            ],
            "{md}"
        );
        assert!(md.contains("| monthly_output | 0.50 | 0.97 ± 0.02 | 0.99 ± 0.03 | +600,000 |"));
        assert!(md.contains("**share_152** matters most: on its own it explains about 62%"));
    }

    #[test]
    fn value_of_information_is_explained() {
        let md = report_markdown(&full_summary(), &full_charts());
        assert!(
            md.contains("| input | expected change (pp) | flip probability | noise floor (pp) |")
        );
        assert!(md.contains("| share_152 | 21.0 | 34.0% | 0.4 |"), "{md}");
        assert!(md.contains(
            "Knowing **share_152** exactly would move the probability of million (now 41.3%) by \
             about 21 points on average, with a 34.0% chance of carrying it across 50%."
        ));
        assert!(md.contains("Next comes **containers** (about 6 points)."));
        assert!(md.contains("Within the noise (no detectable effect): loss_rate."));
    }

    #[test]
    fn precision_correlation_evidence_and_warnings() {
        let md = report_markdown(&full_summary(), &full_charts());
        assert!(
            md.contains("- Target: 0.1%\n- Reached: 0.049% — met\n"),
            "{md}"
        );
        assert!(md.contains("- Samples drawn: 1,000,000 (cap 10,000,000)\n- Rounds: 4"));
        assert!(md.contains("| monthly_output – containers | 0.60 | 0.59 |"));
        assert!(md.contains("> ⚠ the requested matrix was not positive definite"));
        assert!(md.contains(
            "| id | source | kind | expression | observed | trust | ESS alone | ESS cumulative |"
        ));
        assert!(md.contains(
            "| ministry | eu-2024 | likelihood | `normal(shipped, 200_000)` | 2,600,000 | 90.0% \
             | 20,000 | 20,000 |"
        ));
        assert!(md.contains(
            "**Effective sample size after all evidence: 8,123 of 1,000,000 draws (0.8%).**"
        ));
        assert!(md.contains("| claim | prior | after ministry | after satellite | final |"));
        assert!(
            md.contains("| million | 50.0% | 45.0% (−5.0 pp) | 41.3% (−3.7 pp) | 41.3% |"),
            "{md}"
        );
        assert!(md.contains("Prior 50.0% → after evidence 41.3%."));
        assert!(md.contains(
            "> ⚠ after weighting by the evidence only about 8123 effective draws remain"
        ));
        assert!(md.contains("After the evidence (see [Evidence](#evidence))."));
        let mut s = full_summary();
        if let Some(p) = s.precision.as_mut() {
            p.met = false;
        }
        assert!(report_markdown(&s, &[]).contains("**not met**"));
    }

    #[test]
    fn results_show_quantile_errors() {
        let md = report_markdown(&full_summary(), &full_charts());
        assert!(
            md.contains(
                "| shipped | 3,000,000 | 2,400,000 ± 960 | 3,000,000 ± 1,200 | 3,600,000 ± 1,400 \
                 | shells |"
            ),
            "{md}"
        );
        assert!(md.contains("Monte Carlo standard error: about how much it would move"));
    }

    #[test]
    fn no_new_sections_without_their_data() {
        let md = report_markdown(&example_summary(), &charts());
        for gone in [
            "## Correlated inputs",
            "## Evidence",
            "## Which assumption matters",
            "## What to find out next",
            "## Precision",
            "⚠",
            "Prior ",
            "The ± after a percentile",
            "After the evidence",
        ] {
            assert!(!md.contains(gone), "{gone} in {md}");
        }
        // Present but empty is the same as absent.
        let mut s = example_summary();
        s.sensitivity.insert("million".into(), IndexMap::new());
        s.value_of_information
            .insert("million".into(), IndexMap::new());
        s.evidence = Some(IndexMap::new());
        s.correlation = Some(CorrelationSummary {
            inputs: vec![],
            requested: vec![],
            achieved: vec![],
            adjusted: None,
        });
        let md2 = report_markdown(&s, &charts());
        assert_eq!(md, md2);
    }

    #[test]
    fn convergence_alone_gets_a_precision_section() {
        let chart = ChartRef {
            title: "Convergence".into(),
            path: "charts/convergence.png".into(),
            kind: ChartKind::Convergence,
        };
        let md = report_markdown(&example_summary(), &[chart]);
        assert!(md.contains("## Precision\n\nThe chart shows"), "{md}");
        assert!(!md.contains("## Charts"));
        assert!(!md.contains("- Target"));
    }

    #[test]
    fn helpers_format_changes() {
        assert_eq!(points(0.059), "+5.9 pp");
        assert_eq!(points(-0.08), "−8.0 pp");
        assert_eq!(points(0.0001), "0.0 pp");
        assert_eq!(points(f64::NAN), "–");
        assert_eq!(signed(-260_000.0), "−260,000");
        assert_eq!(signed(0.0), "0");
        assert_eq!(index_pm(0.551, 0.004), "0.55 ± 0.004");
        assert_eq!(index_pm(0.551, f64::NAN), "0.55");
        assert_eq!(index_pm(f64::NAN, 0.1), "–");
        assert_eq!(se_percent(0.00049), "0.049%");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a `b` c"), "`` a `b` c ``");
        let mut md = String::new();
        row(&mut md, &["a|b", "c\nd"]);
        assert_eq!(md, "| a\\|b | c d |\n");
    }
}
