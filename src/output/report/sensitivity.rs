//! The report's "Which assumption matters" section: for every claim and model quantity, the
//! inputs in the one order of the results (by total Sobol index; with evidence by first-order
//! index after it), with Spearman, S1, ST and swing, the share no input explains alone, its
//! tornado chart, and the basis (before or after the evidence) of every number. Indices that
//! are not resolved are shown as such, never as numbers; claims no draw or every draw
//! satisfied get no subsection.

use super::doc::{Line, Section, Table};
use super::numbers::{fixed2, index_cell, points, share, signed};
use super::{ChartKind, Embed};
use crate::model::Output;
use crate::output::format;
use crate::results::{
    Basis, IndexKind, OutputSensitivity, RunResult, SensitivityResult, Status, Swing,
};

/// The introduction: a paragraph, one item per measure, and the paragraph about claims and
/// indices that are not resolved.
fn intro() -> (Line, Vec<Line>, Line) {
    let item = |name: &str, what: &str| Line::new().strong(name).text(what);
    (
        Line::from(
            "Which assumptions drive each answer? Each table lists the inputs and the random \
             sources written in the model (marked \"random in model\": a distribution or \
             mixture inside a formula, named after its quantity), the most important first.",
        ),
        vec![
            item(
                "Spearman",
                " is the rank correlation between the input and the output over the draws, \
                 from −1 to 1. Its sign says whether a larger input goes with a larger (+) or \
                 smaller (−) output; near 0 means no steady one-way relation.",
            ),
            item(
                "S1",
                " (first-order Sobol index) is the share of the output's variance that this \
                 input explains on its own: 0.60 means that pinning this input down exactly \
                 would, on average, remove about 60% of the variance.",
            ),
            item(
                "ST",
                " (total Sobol index) is the share in which the input plays any part, alone or \
                 together with other inputs (interactions). An input with ST near 0 could be \
                 fixed at any plausible value without changing the answer; ST well above S1 \
                 means the input matters through combinations with others.",
            ),
            item(
                "Swing",
                " is how much the output's median (for a claim: its probability, in percentage \
                 points) changes when the input moves from its 10th to its 90th percentile, the \
                 other inputs staying uncertain, ± its standard error (each side is taken over the \
                 tenth of the draws with the input nearest that percentile). A swing whose 95% interval \
                 (± 1.96 standard errors) holds 0 is marked within noise: the draws cannot tell \
                 it from 0, so the number is noise, not a finding.",
            ),
        ],
        Line::from(
            "For a claim the output is whether it holds on a draw (1 or 0), so its indices say \
             which inputs decide the claim. An index is ",
        )
        .strong("not resolved")
        .text(
            " when the draws cannot pin it down: its 95% interval covers more than half of \
             0–1, the claim holds (or fails) on fewer than 100 draws, or the estimate falls \
             outside 0–1 by more than its error (an estimation problem, not a share above \
             100%). Such indices are shown as words, not numbers, and inputs that do not vary \
             are left out. 1 − ΣS1 is the share of the variance no input or random source \
             explains alone: interactions, and randomness that belongs to neither (the \
             [shipment] simulation).",
        ),
    )
}

/// The sentence that says which draws the numbers come from, when it needs saying.
pub(super) fn basis_sentence(basis: Basis) -> Line {
    match basis {
        Basis::NoEvidence => Line::new(),
        Basis::BeforeEvidence => Line::new()
            .text(" ")
            .strong("These numbers are computed before the evidence")
            .text(
                ": on the forward draws, unweighted, so they describe the model as specified, \
                 not the state after the reports; compare them with the probabilities before \
                 the evidence.",
            ),
        Basis::AfterEvidence => Line::new()
            .text(" ")
            .strong("These numbers are computed after the evidence")
            .text(", on the draws weighted by it, so they describe the state after the reports."),
    }
}

/// The sentence about the total indices' basis, when it differs from the rest.
fn totals_sentence(s: &SensitivityResult) -> Line {
    if s.total_basis == Some(Basis::BeforeEvidence) && s.basis == Basis::AfterEvidence {
        Line::new()
            .text(" ")
            .strong("ST is before the evidence")
            .text(
                ": the design that estimates it draws each input independently of the others, \
                 which the evidence makes dependent, so total indices after the evidence are \
                 not estimated; the inputs are listed by S1 after the evidence, and ST (before) \
                 shows what the model as specified attributes to each.",
            )
    } else {
        Line::new()
    }
}

/// The section, when sensitivity was computed.
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let s = r.sensitivity.as_ref()?;
    // Claims first, then model quantities; none that does not vary.
    let outputs: Vec<(Output, &OutputSensitivity)> = s
        .claims
        .iter_enumerated()
        .map(|(c, row)| (Output::Claim(c), row))
        .chain(
            s.quantities
                .iter_enumerated()
                .filter_map(|(q, row)| Some((Output::Quantity(q), row.as_ref()?))),
        )
        .filter(|(_, row)| !row.inputs.is_empty() && row.status != Status::ConstantOutput)
        .collect();
    if outputs.is_empty() {
        return None;
    }
    let mut out = Section::new("which-assumption-matters", "Which assumption matters");
    let (intro, bullets, outro) = intro();
    out.para(intro);
    out.list(bullets);
    out.para(outro);
    let m = &s.method;
    let mut p = Line::from(
        "The indices are estimated from simulated draws, so they carry sampling error (the ± \
         figures); differences smaller than that are noise.",
    );
    p = p.then(basis_sentence(s.basis)).then(totals_sentence(s));
    if m.given_data_draws > 0 {
        p = p.text(format!(
            " Spearman, S1 and swing use the first {} draws of the run",
            format::grouped(m.given_data_draws as f64, 12)
        ));
        if s.basis == Basis::AfterEvidence {
            p = p.text(format!(
                ", worth about {} equally weighted draws after the evidence",
                format::grouped(m.given_data_effective_draws.round(), 12)
            ));
        }
        p = p.text(".");
    }
    if m.saltelli_base > 0 {
        p = p.text(format!(
            " ST comes from a separate design of {} base samples.",
            format::grouped(m.saltelli_base as f64, 12)
        ));
    }
    let description = m.description.trim();
    if !description.is_empty() {
        let stop = if description.ends_with('.') { "" } else { "." };
        p = p.text(format!(" Method: {description}{stop}"));
    }
    out.para(p);
    let constant: Vec<&str> = s
        .claims
        .iter_enumerated()
        .map(|(c, row)| (Output::Claim(c), Some(row)))
        .chain(
            s.quantities
                .iter_enumerated()
                .map(|(q, row)| (Output::Quantity(q), row.as_ref())),
        )
        .filter(|(_, row)| row.is_some_and(|row| row.status == Status::ConstantOutput))
        .map(|(o, _)| r.name(o))
        .collect();
    if !constant.is_empty() {
        let mut p = Line::from("No table or chart for outputs that are the same in every draw: ");
        for (i, n) in constant.iter().enumerate() {
            p = p.text(if i == 0 { "" } else { ", " }).name(*n);
        }
        out.para(p.text("."));
    }
    for (output, row_) in outputs {
        subsection(&mut out, r, s, output, row_);
        charts.embed(&mut out, |k| *k == ChartKind::Tornado(output));
    }
    Some(out)
}

/// One output's heading, lead sentence, table and the inputs left out.
fn subsection(
    out: &mut Section,
    r: &RunResult,
    s: &SensitivityResult,
    output: Output,
    row_: &OutputSensitivity,
) {
    let name = r.name(output);
    let claim = matches!(output, Output::Claim(_));
    let mut head = Line::new().name(name);
    head = match (claim, s.basis.words()) {
        (true, Some(b)) => head.text(format!(" (claim, {b})")),
        (true, None) => head.text(" (claim)"),
        (false, Some(b)) => head.text(format!(" ({b})")),
        (false, None) => head,
    };
    out.sub(head, None);
    if row_.status == Status::TooFewEvents {
        out.para(Line::from("Not resolved: ").name(name).text(format!(
            " holds (or fails) on only about {} of the draws used here, fewer than the 100 \
                 needed to say which input moves it. Run more draws.",
            format::grouped(row_.events.unwrap_or(0.0).round(), 6)
        )));
        return;
    }
    out.para(lead(r, s, name, row_));
    let unit = match output {
        Output::Quantity(q) => r.quantities[q].unit.as_deref(),
        Output::Claim(_) => None,
    };
    let swing_head = match (claim, unit) {
        (true, _) => "swing (pp)".to_string(),
        (false, Some(u)) => format!("swing ({})", u.trim()),
        (false, None) => "swing".to_string(),
    };
    let st_head = match s.total_basis.and_then(|b| b.words()) {
        Some(w) if !s.totals_on_basis() => format!("ST ({w})"),
        _ => "ST".to_string(),
    };
    let mut t = Table::with_head(
        ["input", "Spearman", "S1", &st_head, &swing_head]
            .map(Line::from)
            .to_vec(),
        &[1, 2, 3, 4],
    );
    for (input, e) in s.listed(row_) {
        let swing = swing_cell(&e.swing, claim);
        let total = e.sobol_total.map_or("–".to_string(), |t| index_cell(&t));
        t.row(vec![
            Line::new().name(r.driver_label(input)),
            Line::from(fixed2(e.spearman)),
            Line::from(index_cell(&e.sobol_first)),
            Line::from(total),
            Line::from(swing),
        ]);
    }
    out.table(t);
    let constant: Vec<&str> = s
        .constant_inputs(row_)
        .into_iter()
        .map(|q| r.driver_name(q))
        .collect();
    if !constant.is_empty() {
        let mut p = Line::from("Left out (constant in this run, so nothing to attribute): ");
        for (i, n) in constant.iter().enumerate() {
            p = p.text(if i == 0 { "" } else { ", " }).name(*n);
        }
        out.para(p.text("."));
    }
}

/// A swing with its standard error, or why it is not a finding: `"+450,000 ± 12,000"`,
/// `"+5.9 ± 0.3 pp"`, `"within noise (+19,000 ± 21,000)"`, `"not resolved (too few draws)"`.
fn swing_cell(s: &Swing, claim: bool) -> String {
    let value = if claim {
        let text = points(s.value);
        let se = s.se * 100.0;
        let pm = if se >= 0.1 {
            format!("{se:.1}")
        } else {
            format::grouped(se, 1)
        };
        format!("{} ± {pm} pp", text.trim_end_matches(" pp"))
    } else {
        format!("{} ± {}", signed(s.value), format::grouped(s.se, 2))
    };
    match s.status {
        Status::Resolved => value,
        Status::WithinNoise => format!("within noise ({value})"),
        Status::TooFewDraws => "not resolved (too few draws)".to_string(),
        Status::ConstantInput => "constant input".to_string(),
        _ => "not resolved".to_string(),
    }
}

/// "X matters most …" and what single inputs leave unexplained.
fn lead(r: &RunResult, s: &SensitivityResult, name: &str, row_: &OutputSensitivity) -> Line {
    let any_resolved = s.listed(row_).any(|(_, e)| s.key(e).is_some());
    let mut out = match s.listed(row_).find(|(_, e)| s.moves(e).is_some()) {
        Some((top, e)) => {
            let first = e.sobol_first.resolved();
            let total = e.sobol_total.and_then(|t| t.resolved());
            let (kind, _) = s.moves(e).expect("filtered");
            let total_words = match s.total_basis.and_then(|b| b.words()) {
                Some(w) if !s.totals_on_basis() => format!(" ({w})"),
                _ => String::new(),
            };
            let alone = first.map_or("an amount that is not resolved".to_string(), share);
            let with = match total {
                Some(t) => format!(
                    ", and {} counting its interactions with other inputs{total_words}",
                    share(t)
                ),
                None => "; its total index is not resolved".to_string(),
            };
            let basis = match (kind, s.basis.words()) {
                (IndexKind::FirstOrder, Some(w)) => format!(" {w}"),
                _ => String::new(),
            };
            Line::new()
                .strong(r.driver_label(top))
                .text(format!(
                    " matters most: on its own it explains about {alone} of the variance of "
                ))
                .name(name)
                .text(format!("{basis}{with}."))
        }
        None if any_resolved => Line::from("No input detectably moves ")
            .name(name)
            .text(": every resolved index is within its error of 0."),
        None => Line::from(
            "No input's index is resolved: the draws cannot say which input moves this \
             output. Run more draws.",
        ),
    };
    let u = &row_.unexplained;
    match (u.resolved(), u.status) {
        (Some(v), _) => {
            out = out.text(format!(
                " At most about {}% of its variance is explained by no input or random source \
                 on its own (1 − ΣS1; the binned S1 can only understate a share): interactions, \
                 randomness that belongs to neither, or a sharp threshold the bins blur.",
                format::value_pm(v * 100.0, u.se * 100.0)
            ));
        }
        (None, Status::OutOfRange) => {
            out = out.text(
                " The first-order shares add up to more than 100% (1 − ΣS1 < 0 beyond its \
                 error): the inputs are dependent (correlated, or made so by the evidence), so \
                 their shares overlap.",
            );
        }
        _ => {}
    }
    out
}
