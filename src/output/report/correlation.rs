//! The report's "Correlated inputs" section: requested, adjusted and achieved rank correlations.

use std::fmt::Write as _;

use super::md::{self, fixed2, row};
use crate::output::warnings::message;
use crate::results::{RunResult, Warning};

const INTRO: &str = "Some inputs were not drawn independently: the scenario asks for \
rank (Spearman) correlations between them, so that, for example, a high value of one tends to \
come with a high value of the other. The table compares what was asked for with what the draws \
show.";

/// The section, when the scenario has `[correlation]`.
pub(super) fn section(out: &mut String, r: &RunResult) {
    let Some(c) = &r.correlation else {
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
    let _ = write!(out, "## Correlated inputs\n\n{INTRO}\n\n");
    if !pairs.is_empty() {
        let adjusted = c.adjusted.as_deref();
        if adjusted.is_some() {
            out.push_str(
                "| inputs | requested | adjusted (used) | achieved |\n|---|--:|--:|--:|\n",
            );
        } else {
            out.push_str("| inputs | requested | achieved |\n|---|--:|--:|\n");
        }
        for (i, j) in pairs {
            let names = format!(
                "{} – {}",
                r.quantities[c.inputs[i]].name, r.quantities[c.inputs[j]].name
            );
            let cell = |m: &[Vec<f64>]| get(m, i, j).map_or("–".into(), fixed2);
            let mut cells = vec![names, cell(&c.requested)];
            if let Some(a) = adjusted {
                cells.push(cell(a));
            }
            cells.push(cell(&c.achieved));
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            row(out, &refs);
        }
        out.push('\n');
        if n > 6 {
            out.push_str("Pairs not listed were asked to be independent.\n\n");
        }
    }
    for w in r.named_warnings() {
        if matches!(w, Warning::CorrelationAdjusted { .. }) {
            md::warning(out, &message(&w));
        }
    }
}
