//! The report's "Which assumption matters" section: for every claim and model quantity, the
//! inputs in the one order of the results (by total Sobol index; with evidence by first-order
//! index after it), with Spearman, S1, ST and swing, the share no input explains alone, its
//! tornado chart, and the basis (before or after the evidence) of every number. Indices that
//! are not resolved are shown as such, never as numbers; claims no draw or every draw
//! satisfied get no subsection.

use std::fmt::Write as _;

use super::md::{fixed2, index_cell, points, row, share, signed, text};
use super::{ChartKind, Embed};
use crate::model::Output;
use crate::output::format;
use crate::results::{Basis, IndexKind, OutputSensitivity, RunResult, SensitivityResult, Status};

const INTRO: &str = "Which assumptions drive each answer? Each table lists the \
inputs, the most important first.

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
decide the claim. An index is **not resolved** when the draws cannot pin it down: its 95% \
interval covers more than half of 0–1, the claim holds (or fails) on fewer than 100 draws, or \
the estimate falls outside 0–1 by more than its error (an estimation problem, not a share above \
100%). Such indices are shown as words, not numbers, and inputs that do not vary are left out. \
1 − ΣS1 is the share of the variance no input explains alone: interactions between inputs, and \
randomness inside formulas that belongs to no input.";

/// The sentence that says which draws the numbers come from, when it needs saying.
pub(super) fn basis_sentence(basis: Basis) -> &'static str {
    match basis {
        Basis::NoEvidence => "",
        Basis::BeforeEvidence => {
            " **These numbers are computed before the evidence**: on the forward draws, \
             unweighted, so they describe the model as specified, not the state after the \
             reports; compare them with the probabilities before the evidence."
        }
        Basis::AfterEvidence => {
            " **These numbers are computed after the evidence**, on the draws weighted by it, \
             so they describe the state after the reports."
        }
    }
}

/// The sentence about the total indices' basis, when it differs from the rest.
fn totals_sentence(s: &SensitivityResult) -> &'static str {
    if s.total_basis == Some(Basis::BeforeEvidence) && s.basis == Basis::AfterEvidence {
        " **ST is before the evidence**: the design that estimates it draws each input \
         independently of the others, which the evidence makes dependent, so total indices \
         after the evidence are not estimated; the inputs are listed by S1 after the evidence, \
         and ST (before) shows what the model as specified attributes to each."
    } else {
        ""
    }
}

/// The section, when sensitivity was computed.
pub(super) fn section(out: &mut String, r: &RunResult, charts: &mut Embed) {
    let Some(s) = &r.sensitivity else {
        return;
    };
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
        return;
    }
    let _ = write!(out, "## Which assumption matters\n\n{INTRO}");
    let m = &s.method;
    out.push_str(
        " The indices are estimated from simulated draws, so they carry sampling error (the ± \
         figures); differences smaller than that are noise.",
    );
    out.push_str(basis_sentence(s.basis));
    out.push_str(totals_sentence(s));
    if m.given_data_draws > 0 {
        let _ = write!(
            out,
            " Spearman, S1 and swing use the first {} draws of the run",
            format::grouped(m.given_data_draws as f64, 12)
        );
        if s.basis == Basis::AfterEvidence {
            let _ = write!(
                out,
                ", worth about {} equally weighted draws after the evidence",
                format::grouped(m.given_data_effective_draws.round(), 12)
            );
        }
        out.push('.');
    }
    if m.saltelli_base > 0 {
        let _ = write!(
            out,
            " ST comes from a separate design of {} base samples.",
            format::grouped(m.saltelli_base as f64, 12)
        );
    }
    let description = m.description.trim();
    if !description.is_empty() {
        let stop = if description.ends_with('.') { "" } else { "." };
        let _ = write!(out, " Method: {}{stop}", text(description));
    }
    out.push_str("\n\n");
    for (output, row_) in outputs {
        subsection(out, r, s, output, row_);
        charts.embed(out, |k| *k == ChartKind::Tornado(output));
    }
}

/// One output's heading, lead sentence, table and the inputs left out.
fn subsection(
    out: &mut String,
    r: &RunResult,
    s: &SensitivityResult,
    output: Output,
    row_: &OutputSensitivity,
) {
    let name = r.name(output);
    let claim = matches!(output, Output::Claim(_));
    let basis = s.basis.words();
    let heading = match (claim, basis) {
        (true, Some(b)) => format!(" (claim, {b})"),
        (true, None) => " (claim)".to_string(),
        (false, Some(b)) => format!(" ({b})"),
        (false, None) => String::new(),
    };
    let _ = write!(out, "### {name}{heading}\n\n");
    if row_.status == Status::TooFewEvents {
        let _ = write!(
            out,
            "Not resolved: {name} holds (or fails) on only about {} of the draws used here, \
             fewer than the 100 needed to say which input moves it. Run more draws.\n\n",
            format::grouped(row_.events.unwrap_or(0.0).round(), 6)
        );
        return;
    }
    lead(out, r, s, name, row_);
    let unit = match output {
        Output::Quantity(q) => r.quantities[q].unit.as_deref(),
        Output::Claim(_) => None,
    };
    let swing_head = match (claim, unit) {
        (true, _) => "swing (pp)".to_string(),
        (false, Some(u)) => format!("swing ({})", text(u)),
        (false, None) => "swing".to_string(),
    };
    let st_head = if s.totals_on_basis() {
        "ST".to_string()
    } else {
        match s.total_basis.and_then(|b| b.words()) {
            Some(w) => format!("ST ({w})"),
            None => "ST".to_string(),
        }
    };
    let _ = write!(
        out,
        "| input | Spearman | S1 | {st_head} | {swing_head} |\n|---|--:|--:|--:|--:|\n"
    );
    for (input, e) in s.listed(row_) {
        let swing = if claim {
            points(e.swing)
        } else {
            signed(e.swing)
        };
        let total = e.sobol_total.map_or("–".to_string(), |t| index_cell(&t));
        row(
            out,
            &[
                r.driver_name(input),
                &fixed2(e.spearman),
                &index_cell(&e.sobol_first),
                &total,
                &swing,
            ],
        );
    }
    out.push('\n');
    let constant: Vec<&str> = s
        .constant_inputs(row_)
        .into_iter()
        .map(|q| r.driver_name(q))
        .collect();
    if !constant.is_empty() {
        let _ = write!(
            out,
            "Left out (constant in this run, so nothing to attribute): {}.\n\n",
            constant.join(", ")
        );
    }
}

/// "X matters most …" and what single inputs leave unexplained.
fn lead(
    out: &mut String,
    r: &RunResult,
    s: &SensitivityResult,
    name: &str,
    row_: &OutputSensitivity,
) {
    let any_resolved = s.listed(row_).any(|(_, e)| s.key(e).is_some());
    match s.listed(row_).find(|(_, e)| s.moves(e).is_some()) {
        Some((top, e)) => {
            let input = r.driver_name(top);
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
            let _ = write!(
                out,
                "**{input}** matters most: on its own it explains about {alone} of the \
                 variance of {name}{basis}{with}.",
            );
        }
        None if any_resolved => {
            let _ = write!(
                out,
                "No input detectably moves {name}: every resolved index is within its error \
                 of 0."
            );
        }
        None => out.push_str(
            "No input's index is resolved: the draws cannot say which input moves this \
             output. Run more draws.",
        ),
    }
    let u = &row_.unexplained;
    match (u.resolved(), u.status) {
        (Some(v), _) => {
            let _ = write!(
                out,
                " At most about {}% of its variance is explained by no input on its own \
                 (1 − ΣS1; the binned S1 can only understate an input's share): interactions \
                 between inputs, randomness inside formulas, or a sharp threshold the bins blur.",
                format::value_pm(v * 100.0, u.se * 100.0)
            );
        }
        (None, Status::OutOfRange) => out.push_str(
            " The first-order shares add up to more than 100% (1 − ΣS1 < 0 beyond its error): \
             the inputs are dependent (correlated, or made so by the evidence), so their \
             shares overlap.",
        ),
        _ => {}
    }
    out.push_str("\n\n");
}
