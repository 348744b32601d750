//! Each claim in full (text, group, test, probability and verdict, with the warnings about it)
//! and the distributions of every quantity (the results table and their charts).

use super::doc::{Block, Line, Section, Table};
use super::{ChartKind, Embed};
use crate::output::format;
use crate::output::verdict::{Verdict, UNDER};
use crate::output::warnings::message;
use crate::results::{IndexedResult, RunResult, Warning};

/// "Claims": each claim and its verdict, then the chart of every claim's probability.
pub(super) fn claims(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    if r.claims.is_empty() {
        return None;
    }
    let mut s = Section::new("claims", "Claims");
    s.para(format!(
        "Each verdict holds {UNDER}: it says how likely the claim is if the inputs below are \
         right, not how likely it is in the world. The ± is the Monte Carlo standard error \
         (from the 95% Wilson interval{}).",
        if r.posterior.is_some() {
            ", at the effective sample size after the evidence"
        } else {
            ""
        }
    ));
    charts.embed(&mut s, |k| *k == ChartKind::Claims);
    for (id, c) in r.claims.iter_enumerated() {
        let e = c.estimate();
        let verdict = match Verdict::of(e) {
            Verdict::Words(w) => format!("{w} {UNDER}"),
            not => not.to_string(),
        };
        s.sub(Line::new().name(&c.id), Some(format!("claim-{}", c.id)));
        s.blocks.push(Block::UserText {
            text: c.text.clone(),
            quote: true,
        });
        let mut tested = Line::new().text("Tested as ").code(&c.holds_if).text(".");
        if let Some(g) = &c.group {
            tested = tested.text(" Group: ").text(g.trim()).text(".");
        }
        s.para(tested);
        let mut p = Line::new().strong(format!(
            "P = {} (MC standard error) — {verdict}.",
            format::probability_pm(e.probability, e.mcse),
        ));
        if let Some(src) = &c.source {
            p = p
                .text(" Source: ")
                .then(super::head::source(r, Some(src)))
                .text(".");
        }
        s.para(p);
        if let Some(after) = c.posterior {
            s.para(format!(
                "Before the evidence {} → after it {}.",
                format::percent(c.forward.probability),
                format::percent(after.probability)
            ));
        }
        for w in r.claim_warnings(id) {
            if matches!(
                w,
                Warning::ClaimNeverHeld { .. }
                    | Warning::ClaimAlwaysHeld { .. }
                    | Warning::SetByUnsourcedAssumption { .. }
                    | Warning::TestedAgainstOwnSource { .. }
            ) {
                s.warning(message(&w.map_claim(|_| c.id.clone())));
            }
        }
    }
    Some(s)
}

/// "Distributions": every quantity's mean and percentiles, on the basis of the answer (after the
/// evidence, when there is evidence), then the histograms, exceedance curves and lots chart.
pub(super) fn distributions(r: &RunResult, charts: &mut Embed) -> Section {
    let mut s = Section::new("distributions", "Distributions");
    if r.posterior.is_some() {
        s.para(
            Line::new()
                .text("After the evidence (see ")
                .link("evidence", "Evidence")
                .text(")."),
        );
        for w in r.named_warnings() {
            if matches!(w, Warning::LowEss { .. }) {
                s.warning(message(&w));
            }
        }
    }
    let errors = r.quantities.iter().any(|q| {
        let e = q.stats().mcse_quantiles;
        [e.p5, e.p50, e.p95]
            .iter()
            .any(|x| x.is_finite() && *x > 0.0)
    });
    let mut t = Table::new(&["quantity", ">mean", ">p5", ">p50", ">p95", "unit"]);
    for (_, q) in r
        .quantities
        .iter_enumerated()
        .filter(|(id, q)| q.report && r.element(*id).is_none())
    {
        let st = q.stats();
        let (p, e) = (st.percentiles, st.mcse_quantiles);
        let with_error = |x: f64, se: f64| {
            if errors && se.is_finite() && se > 0.0 {
                format!("{} ± {}", format::grouped(x, 4), format::grouped(se, 2))
            } else {
                format::grouped(x, 4)
            }
        };
        let mut name = Line::new().name(&q.name);
        if st.status.is_some() {
            name = name.text(" ‡");
        }
        t.row(vec![
            name,
            Line::from(format::grouped(st.mean, 4)),
            Line::from(with_error(p.p5, e.p5)),
            Line::from(with_error(p.p50, e.p50)),
            Line::from(with_error(p.p95, e.p95)),
            Line::from(q.unit.clone().unwrap_or_default()),
        ]);
    }
    s.table(t);
    let unresolved = r
        .quantities
        .iter_enumerated()
        .filter(|(id, q)| q.report && r.element(*id).is_none())
        .find_map(|(_, q)| q.stats().status);
    if let (Some(status), Some(p)) = (unresolved, &r.posterior) {
        s.para(format!("‡ {}.", capitalised(&status.footnote(p.ess))));
    }
    let hidden: Vec<&str> = r
        .quantities
        .iter()
        .filter(|q| !q.report)
        .map(|q| q.name.as_str())
        .collect();
    if !hidden.is_empty() {
        s.para(
            Line::from("Not shown (")
                .code("report = false")
                .text(format!("; in summary.json): {}.", hidden.join(", "))),
        );
    }
    if errors {
        s.para(
            "The ± after a percentile is its Monte Carlo standard error: about how much it would \
             move if the simulation were run again with another seed.",
        );
    }
    charts.embed(&mut s, |k| {
        matches!(
            k,
            ChartKind::Histogram(_) | ChartKind::Exceedance(_) | ChartKind::Lots
        )
    });
    for (k, x) in r.indexed.iter().enumerate() {
        indexed(&mut s, r, x);
        charts.embed(&mut s, |c| *c == ChartKind::Fan(k));
    }
    s
}

/// One indexed quantity: its formula and a table of every element's mean, sd and percentiles.
fn indexed(s: &mut Section, r: &RunResult, x: &IndexedResult) {
    let first = &r.quantities[x.elements[0]];
    let unit = first
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({})", u.trim()));
    s.sub(
        Line::new()
            .name(&x.name)
            .text(format!(" by {}{unit}", x.index)),
        Some(format!("indexed-{}", x.name)),
    );
    s.para(
        Line::new()
            .code(&first.expr)
            .text(": one value per element on every draw."),
    );
    let mut t = Table::new(&[
        x.index.as_str(),
        ">mean",
        ">sd",
        ">p5",
        ">p25",
        ">p50",
        ">p75",
        ">p95",
    ]);
    for (label, &q) in x.labels.iter().zip(&x.elements) {
        let st = r.quantities[q].stats();
        let p = st.percentiles;
        let mut row = vec![Line::from(label.as_str())];
        row.extend(
            [st.mean, st.sd, p.p5, p.p25, p.p50, p.p75, p.p95]
                .map(|v| Line::from(format::grouped(v, 4))),
        );
        t.row(row);
    }
    s.table(t);
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}
