//! The results table (every quantity's mean and percentiles) and each claim's verdict, with
//! the warnings about each claim right under its probability.

use std::fmt::Write as _;

use super::md::{self, code, row, text};
use crate::output::format;
use crate::output::verdict::{Verdict, UNDER};
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
    for q in r.quantities.iter().filter(|q| q.report) {
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
    let hidden: Vec<&str> = r
        .quantities
        .iter()
        .filter(|q| !q.report)
        .map(|q| q.name.as_str())
        .collect();
    if !hidden.is_empty() {
        let _ = write!(
            out,
            "Not shown (`report = false`; in `summary.json`): {}.\n\n",
            hidden.join(", ")
        );
    }
    if errors {
        out.push_str(
            "The ± after a percentile is its Monte Carlo standard error: about how much it would \
             move if the simulation were run again with another seed.\n\n",
        );
    }
}

/// Each claim: its text, test, probability and verdict (under these assumptions, and only from
/// 100 effective draws on), and the warnings about it.
pub(super) fn claims(out: &mut String, r: &RunResult) {
    if r.claims.is_empty() {
        return;
    }
    out.push_str("## Claims\n\n");
    let _ = write!(
        out,
        "Each verdict holds {UNDER}: it says how likely the claim is if the inputs above are \
         right, not how likely it is in the world. The ± is the Monte Carlo standard error \
         (from the 95% Wilson interval{}).\n\n",
        if r.posterior.is_some() {
            ", at the effective sample size after the evidence"
        } else {
            ""
        }
    );
    for (id, c) in r.claims.iter_enumerated() {
        let e = c.estimate();
        let verdict = match Verdict::of(e) {
            Verdict::Words(w) => format!("{w} {UNDER}"),
            not => not.to_string(),
        };
        let _ = write!(
            out,
            "### {}\n\n{}\n\nTested as {}.\n\n**P = {} (MC standard error) — {verdict}.**",
            c.id,
            md::block(&c.text, "> "),
            code(&c.holds_if),
            format::probability_pm(e.probability, e.mcse),
        );
        if let Some(src) = &c.source {
            let _ = write!(out, " Source: {}.", text(src));
        }
        if let Some(after) = c.posterior {
            let _ = write!(
                out,
                "\n\nBefore the evidence {} → after it {}.",
                format::percent(c.forward.probability),
                format::percent(after.probability)
            );
        }
        out.push_str("\n\n");
        for w in r.claim_warnings(id) {
            if matches!(
                w,
                Warning::ClaimNeverHeld { .. }
                    | Warning::ClaimAlwaysHeld { .. }
                    | Warning::SetByUnsourcedAssumption { .. }
                    | Warning::TestedAgainstOwnSource { .. }
            ) {
                md::warning(out, &message(&w.map_claim(|_| c.id.clone())));
            }
        }
    }
}
