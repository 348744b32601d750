//! The results table (every quantity's mean and percentiles) and each claim's verdict, with
//! the warnings about each claim right under its probability.

use std::fmt::Write as _;

use super::md::{self, code, row, text};
use crate::output::format;
use crate::output::terminal::probability_pm;
use crate::output::verdict::verdict;
use crate::output::warnings::message;
use crate::results::{RunResult, Warning};

/// The results table, on the basis of the answer (after the evidence, when there is evidence).
pub(super) fn table(out: &mut String, r: &RunResult) {
    out.push_str("## Results\n\n");
    if r.posterior.is_some() {
        out.push_str("After the evidence (see [Evidence](#evidence)).\n\n");
        for w in r.named_warnings() {
            if matches!(w, Warning::LowEss { .. }) {
                md::warning(out, &message(&w));
            }
        }
    }
    out.push_str("| quantity | mean | p5 | p50 | p95 | unit |\n");
    out.push_str("|---|--:|--:|--:|--:|---|\n");
    let errors = r.quantities.iter().any(|q| {
        let e = q.stats().mcse_quantiles;
        [e.p5, e.p50, e.p95]
            .iter()
            .any(|x| x.is_finite() && *x > 0.0)
    });
    for (_, q) in r
        .quantities
        .iter_enumerated()
        .filter(|(id, _)| r.element(*id).is_none())
    {
        let s = q.stats();
        let (p, e) = (s.percentiles, s.mcse_quantiles);
        let with_error = |x: f64, se: f64| {
            if errors && se.is_finite() && se > 0.0 {
                format!("{} ± {}", format::grouped(x, 4), format::grouped(se, 2))
            } else {
                format::grouped(x, 4)
            }
        };
        let n = [
            format::grouped(s.mean, 4),
            with_error(p.p5, e.p5),
            with_error(p.p50, e.p50),
            with_error(p.p95, e.p95),
        ];
        let unit = q.unit.as_deref().map_or(String::new(), text);
        row(out, &[&q.name, &n[0], &n[1], &n[2], &n[3], &unit]);
    }
    out.push('\n');
    if errors {
        out.push_str(
            "The ± after a percentile is its Monte Carlo standard error: about how much it would \
             move if the simulation were run again with another seed.\n\n",
        );
    }
    for x in &r.indexed {
        let first = &r.quantities[x.elements[0]];
        let unit = first
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({})", text(u)));
        let _ = write!(
            out,
            "### {} by {}{unit}\n\n{}: one value per element on every draw. Fan chart: \
             [charts/fan_{}.png](charts/fan_{}.png).\n\n{}\n",
            text(&x.name),
            x.index,
            code(&first.expr),
            x.name,
            x.name,
            crate::output::indexed::report_table(r, x)
        );
    }
}

/// Each claim: its text, test, probability and verdict, and the warnings about it.
pub(super) fn claims(out: &mut String, r: &RunResult) {
    if r.claims.is_empty() {
        return;
    }
    out.push_str("## Claims\n\n");
    for (id, c) in r.claims.iter_enumerated() {
        let e = c.estimate();
        let _ = write!(
            out,
            "### {}\n\n{}\n\nTested as {}.\n\n**P = {} (MC standard error) — {}.**",
            c.id,
            md::block(&c.text, "> "),
            code(&c.holds_if),
            probability_pm(e.probability, e.mcse),
            verdict(e.probability)
        );
        if let Some(src) = &c.source {
            let _ = write!(out, " Source: {}.", text(src));
        }
        if let Some(after) = c.posterior {
            let _ = write!(
                out,
                "\n\nPrior {} → after evidence {}.",
                format::percent(c.forward.probability),
                format::percent(after.probability)
            );
        }
        out.push_str("\n\n");
        for w in r.claim_warnings(id) {
            if matches!(
                w,
                Warning::ClaimNeverHeld { .. } | Warning::ClaimAlwaysHeld { .. }
            ) {
                md::warning(out, &message(&w.map_claim(|_| c.id.clone())));
            }
        }
    }
}
