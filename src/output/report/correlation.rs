//! The report's "Correlated inputs" section: requested, adjusted and achieved rank correlations.

use super::doc::{Line, Section, Table};
use super::numbers::fixed2;
use crate::output::warnings::message;
use crate::results::{RunResult, Warning};

/// The introduction: what the three columns are.
fn intro() -> Line {
    Line::new()
        .text(
            "Some inputs were not drawn independently: the scenario asks for rank (Spearman) \
             correlations between them, so that, for example, a high value of one tends to come \
             with a high value of the other. The table shows each correlation side by side: as \
             requested in the scenario, as adjusted when the requests could not hold together \
             and the scenario allowed the nearest ones that can (",
        )
        .code("allow_adjust = true")
        .text("), and as achieved by the draws.")
}

/// The section, when the scenario has `[correlation]`: for each pair, the correlation as
/// written, the one used when `allow_adjust` had to change it, and the one the draws show.
pub(super) fn section(r: &RunResult) -> Option<Section> {
    let c = r.correlation.as_ref()?;
    let n = c.inputs.len();
    let get = |m: &[Vec<f64>], i: usize, j: usize| m.get(i).and_then(|r| r.get(j)).copied();
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .filter(|&(i, j)| n <= 6 || get(&c.requested, i, j).is_some_and(|r| r != 0.0))
        .collect();
    if pairs.is_empty() && c.adjusted.is_none() {
        return None;
    }
    let mut out = Section::new("correlated-inputs", "Correlated inputs");
    out.para(intro());
    if !pairs.is_empty() {
        let adjusted = c.adjusted.as_deref();
        let mut t = if adjusted.is_some() {
            Table::new(&[
                "inputs",
                ">requested (as written)",
                ">adjusted (used)",
                ">achieved",
            ])
        } else {
            Table::new(&["inputs", ">requested (as written)", ">achieved"])
        };
        for (i, j) in pairs {
            let names = Line::new()
                .name(&r.quantities[c.inputs[i]].name)
                .text(" – ")
                .name(&r.quantities[c.inputs[j]].name);
            let cell = |m: &[Vec<f64>]| Line::from(get(m, i, j).map_or("–".into(), fixed2));
            let mut cells = vec![names, cell(&c.requested)];
            if let Some(a) = adjusted {
                cells.push(cell(a));
            }
            cells.push(cell(&c.achieved));
            t.row(cells);
        }
        out.table(t);
        if n > 6 {
            out.para("Pairs not listed were asked to be independent.");
        }
    }
    for w in r.named_warnings() {
        if matches!(w, Warning::CorrelationAdjusted { .. }) {
            out.warning(message(&w));
        }
    }
    Some(out)
}
