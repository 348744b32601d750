//! The report's "Which assumption matters" section: for every claim and model quantity, the
//! inputs by total Sobol index (with Spearman, S1 and swing), its tornado chart, and the basis
//! (before or after the evidence) the numbers were computed on.

use std::fmt::Write as _;

use super::md::{fixed2, index_pm, points, row, share, signed, text};
use super::{ChartKind, Embed};
use crate::model::Output;
use crate::output::format;
use crate::results::{Basis, RunResult, Sensitivity};

const INTRO: &str = "Which assumptions drive each answer? Each table lists the \
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
            " These numbers are computed after the evidence, on the weighted draws."
        }
    }
}

/// The section, when sensitivity was computed.
pub(super) fn section(out: &mut String, r: &RunResult, charts: &mut Embed) {
    let Some(s) = &r.sensitivity else {
        return;
    };
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
        return;
    }
    let _ = write!(out, "## Which assumption matters\n\n{INTRO}");
    let m = &s.method;
    out.push_str(
        " The indices are estimated from simulated draws, so they carry sampling error (the ± \
         figures); differences smaller than that are noise.",
    );
    out.push_str(basis_sentence(s.basis));
    if m.given_data_draws > 0 {
        let _ = write!(
            out,
            " Spearman, S1 and swing use the first {} draws of the run.",
            format::grouped(m.given_data_draws as f64, 12)
        );
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
    for (output, entries) in outputs {
        let name = r.name(output);
        let claim = matches!(output, Output::Claim(_));
        let basis = s.basis.words().map_or(String::new(), |w| format!(", {w}"));
        let _ = write!(
            out,
            "### {name}{}\n\n",
            if claim {
                format!(" (claim{basis})")
            } else if basis.is_empty() {
                String::new()
            } else {
                format!(" ({})", &basis[2..])
            }
        );
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
                let _ = write!(
                    out,
                    "**{}** matters most: on its own it explains about {} of the variance \
                     of {name}, and {} counting its interactions with other inputs.\n\n",
                    r.quantities[*top].name,
                    share(e.sobol_first),
                    share(st)
                );
            }
        }
        let unit = match output {
            Output::Quantity(q) => r.quantities[q].unit.as_deref(),
            Output::Claim(_) => None,
        };
        let swing_head = match (claim, unit) {
            (true, _) => "swing (pp)".to_string(),
            (false, Some(u)) => format!("swing ({})", text(u)),
            (false, None) => "swing".to_string(),
        };
        let _ = write!(
            out,
            "| input | Spearman | S1 | ST | {swing_head} |\n|---|--:|--:|--:|--:|\n"
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
            row(
                out,
                &[
                    &r.quantities[input].name,
                    &fixed2(e.spearman),
                    &index_pm(e.sobol_first, e.sobol_first_se),
                    &total,
                    &swing,
                ],
            );
        }
        out.push('\n');
        charts.embed(out, |k| *k == ChartKind::Tornado(output));
    }
}
