//! The report's "Which limit binds" section, for models with capacity limits
//! (`min(capacity_by_mass(...), capacity_by_volume(...))` quantities), with the capacity chart.

use super::doc::{Line, Section, Table};
use super::{ChartKind, Embed};
use crate::output::format;
use crate::results::RunResult;

/// The section, when the model has capacity limits or a capacity chart.
pub(super) fn section(r: &RunResult, charts: &mut Embed) -> Option<Section> {
    let checks = &r.capacity.checks;
    let chart = charts.has(|k| *k == ChartKind::Capacity);
    if checks.is_empty() && !chart {
        return None;
    }
    let mut s = Section::new("which-limit-binds", "Which limit binds");
    if !checks.is_empty() {
        s.para(
            "A container holds the smaller of two numbers: the rounds its payload can carry by \
             mass and the rounds its usable volume can take. For each capacity computed as the \
             smaller of the two, the table shows the median of each limit and the share of draws \
             on which mass is the tighter one.",
        );
        let mut t = Table::new(&[
            "capacity",
            ">by mass (median)",
            ">by volume (median)",
            ">mass binds",
        ]);
        let p50 = |q| format::grouped(r.quantities[q].stats().percentiles.p50, 4);
        for c in checks {
            t.row(vec![
                Line::new().name(&r.quantities[c.limit].name),
                Line::new()
                    .name(&r.quantities[c.by_mass].name)
                    .text(format!(" = {}", p50(c.by_mass))),
                Line::new()
                    .name(&r.quantities[c.by_volume].name)
                    .text(format!(" = {}", p50(c.by_volume))),
                Line::from(format::percent(c.mass_binds)),
            ]);
        }
        s.table(t);
    }
    let mut items = Vec::new();
    for c in checks {
        let (which, share) = if c.mass_binds >= 0.5 {
            ("mass", c.mass_binds)
        } else {
            ("volume", 1.0 - c.mass_binds)
        };
        items.push(
            Line::new()
                .strong(&r.quantities[c.limit].name)
                .text(format!(
                    ": {which} is the binding limit on {} of draws.",
                    format::percent(share)
                )),
        );
    }
    for l in &r.capacity.claimed {
        let c = &r.claims[l.claim];
        items.push(
            Line::new()
                .text("Claim ")
                .strong(&c.id)
                .text(" compares ")
                .name(&r.quantities[l.capacity].name)
                .text(" with the claimed load ")
                .name(&r.quantities[l.load].name)
                .text(format!(
                    ": it holds on {} of draws.",
                    format::percent(c.estimate().probability)
                )),
        );
    }
    s.list(items);
    charts.embed(&mut s, |k| *k == ChartKind::Capacity);
    Some(s)
}
