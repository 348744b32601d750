//! The report's "Which limit binds" section, for models with capacity limits
//! (`min(capacity_by_mass(...), capacity_by_volume(...))` quantities).

use std::fmt::Write;

use super::md::row;
use crate::output::format;
use crate::results::RunResult;

/// Writes the section when the model has capacity limits.
pub(super) fn section(out: &mut String, r: &RunResult) {
    let checks = &r.capacity.checks;
    if checks.is_empty() {
        return;
    }
    out.push_str("## Which limit binds\n\n");
    out.push_str(
        "A container holds the smaller of two numbers: the rounds its payload can carry by mass \
         and the rounds its usable volume can take. For each capacity computed as the smaller of \
         the two, the table shows the median of each limit and the share of draws on which mass \
         is the tighter one.\n\n",
    );
    out.push_str(
        "| capacity | by mass (median) | by volume (median) | mass binds |\n|---|--:|--:|--:|\n",
    );
    let p50 = |q| format::grouped(r.quantities[q].stats().percentiles.p50, 4);
    for c in checks {
        let cells = [
            r.quantities[c.limit].name.clone(),
            format!("{} = {}", r.quantities[c.by_mass].name, p50(c.by_mass)),
            format!("{} = {}", r.quantities[c.by_volume].name, p50(c.by_volume)),
            format::percent(c.mass_binds),
        ];
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        row(out, &refs);
    }
    out.push('\n');
    for c in checks {
        let (which, share) = if c.mass_binds >= 0.5 {
            ("mass", c.mass_binds)
        } else {
            ("volume", 1.0 - c.mass_binds)
        };
        let _ = writeln!(
            out,
            "- **{}**: {which} is the binding limit on {} of draws.",
            r.quantities[c.limit].name,
            format::percent(share)
        );
    }
    for l in &r.capacity.claimed {
        let c = &r.claims[l.claim];
        let _ = writeln!(
            out,
            "- Claim **{}** compares {} with the claimed load {}: it holds on {} of draws.",
            c.id,
            r.quantities[l.capacity].name,
            r.quantities[l.load].name,
            format::percent(c.estimate().probability)
        );
    }
    out.push('\n');
}
