//! The report's "Which assumption matters" section: for every claim and model quantity, the
//! inputs by total Sobol index (with Spearman, S1 and swing), its tornado chart, and the basis
//! (before or after the evidence) the numbers were computed on.

use super::doc::{Line, Section, Table};
use super::numbers::{fixed2, index_pm, points, share, signed};
use super::{ChartKind, Embed};
use crate::model::Output;
use crate::output::format;
use crate::results::{Basis, RunResult, Sensitivity, SensitivityResult};

/// The introduction: a paragraph, one item per measure, and the sentence about claims.
fn intro() -> (Line, Vec<Line>, &'static str) {
    let item = |name: &str, what: &str| Line::new().strong(name).text(what);
    (
        Line::from(
            "Which assumptions drive each answer? Each table lists the inputs, the most \
             important (largest ST) first.",
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
                 other inputs staying uncertain.",
            ),
        ],
        "For a claim the output is whether it holds on a draw (1 or 0), so its indices say \
         which inputs decide the claim.",
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
        Basis::AfterEvidence => {
            Line::from(" These numbers are computed after the evidence, on the weighted draws.")
        }
    }
}

/// The section, when sensitivity was computed.
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let s = r.sensitivity.as_ref()?;
    // Claims first, then model quantities.
    let outputs: Vec<(Output, &Vec<Sensitivity>)> = s
        .claims
        .iter_enumerated()
        .map(|(c, row)| (Output::Claim(c), row))
        .chain(
            s.quantities
                .iter_enumerated()
                .filter_map(|(q, row)| Some((Output::Quantity(q), row.as_ref()?))),
        )
        .filter(|(_, row)| !row.is_empty())
        .collect();
    if outputs.is_empty() {
        return None;
    }
    let mut out = Section::new("which-assumption-matters", "Which assumption matters");
    let (intro, bullets, outro) = intro();
    out.para(intro);
    out.list(bullets);
    let m = &s.method;
    let mut p = Line::from(outro).text(
        " The indices are estimated from simulated draws, so they carry sampling error (the ± \
         figures); differences smaller than that are noise.",
    );
    p = p.then(basis_sentence(s.basis));
    if m.given_data_draws > 0 {
        p = p.text(format!(
            " Spearman, S1 and swing use the first {} draws of the run.",
            format::grouped(m.given_data_draws as f64, 12)
        ));
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
    for (output, entries) in outputs {
        output_block(&mut out, r, s, output, entries);
        charts.embed(&mut out, |k| *k == ChartKind::Tornado(output));
    }
    Some(out)
}

/// The heading, the sentence about the top input and the table of one output.
fn output_block(
    out: &mut Section,
    r: &RunResult,
    s: &SensitivityResult,
    output: Output,
    entries: &[Sensitivity],
) {
    let name = r.name(output);
    let claim = matches!(output, Output::Claim(_));
    let basis = s.basis.words();
    let mut head = Line::new().name(name);
    head = match (claim, basis) {
        (true, Some(b)) => head.text(format!(" (claim, {b})")),
        (true, None) => head.text(" (claim)"),
        (false, Some(b)) => head.text(format!(" ({b})")),
        (false, None) => head,
    };
    out.sub(head, None);
    let mut sorted: Vec<_> = s.row(entries).collect();
    let key = |e: &Sensitivity| {
        e.sobol_total
            .filter(|t| t.is_finite())
            .unwrap_or(f64::NEG_INFINITY)
    };
    sorted.sort_by(|a, b| key(b.1).total_cmp(&key(a.1)));
    if let Some((top, e)) = sorted.first() {
        if let Some(st) = e
            .sobol_total
            .filter(|t| t.is_finite() && e.sobol_first.is_finite())
        {
            out.para(
                Line::new()
                    .strong(&r.quantities[*top].name)
                    .text(" matters most: on its own it explains about ")
                    .text(share(e.sobol_first))
                    .text(" of the variance of ")
                    .name(name)
                    .text(format!(
                        ", and {} counting its interactions with other inputs.",
                        share(st)
                    )),
            );
        }
    }
    let unit = match output {
        Output::Quantity(q) => r.quantities[q].unit.as_deref(),
        Output::Claim(_) => None,
    };
    let swing_head = match (claim, unit) {
        (true, _) => "swing (pp)".to_string(),
        (false, Some(u)) => format!("swing ({})", u.trim()),
        (false, None) => "swing".to_string(),
    };
    let mut t = Table::with_head(
        ["input", "Spearman", "S1", "ST", &swing_head]
            .map(Line::from)
            .to_vec(),
        &[1, 2, 3, 4],
    );
    for (input, e) in sorted {
        let swing = if claim {
            points(e.swing)
        } else {
            signed(e.swing)
        };
        let total = e
            .total_order()
            .map_or("–".to_string(), |t| index_pm(t.value, t.se));
        t.row(vec![
            Line::new().name(&r.quantities[input].name),
            Line::from(fixed2(e.spearman)),
            Line::from(index_pm(e.sobol_first, e.sobol_first_se)),
            Line::from(total),
            Line::from(swing),
        ]);
    }
    out.table(t);
}
