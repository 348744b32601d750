//! The report's "Which limit binds" section, for scenarios with capacity quantities.

use crate::output::format;
use crate::results::Summary;
use std::fmt::Write;

/// Writes the section when the summary has capacity checks.
pub(super) fn section(md: &mut String, s: &Summary) {
    if s.capacity.is_empty() {
        return;
    }
    md.push_str("## Which limit binds\n\n");
    md.push_str(
        "A container holds the smaller of two numbers: the rounds its payload can carry by mass \
         and the rounds its usable volume can take. The table shows, for each capacity check, the \
         median capacity by each limit, the share of draws on which mass is the tighter limit, and, \
         where the scenario states a claimed load, the share of draws on which it fits within both.\n\n",
    );
    md.push_str("| check | by mass (median) | by volume (median) | mass binds | claimed load fits |\n|---|---|---|---|---|\n");
    for (x, c) in &s.capacity {
        let p50 = |name: String| {
            s.quantities
                .get(&name)
                .map_or("–".to_string(), |q| format::grouped(q.p50, 4))
        };
        let fits = c.claimed_fits.map_or("–".to_string(), format::percent);
        let _ = writeln!(
            md,
            "| {x} | {} | {} | {} | {fits} |",
            p50(format!("capacity_by_mass_{x}")),
            p50(format!("capacity_by_volume_{x}")),
            format::percent(c.mass_binds)
        );
    }
    md.push('\n');
    for (x, c) in &s.capacity {
        let which = if c.mass_binds >= 0.5 {
            "mass"
        } else {
            "volume"
        };
        let share = if c.mass_binds >= 0.5 {
            c.mass_binds
        } else {
            1.0 - c.mass_binds
        };
        let _ = writeln!(
            md,
            "- **{x}**: {which} is the binding limit on {} of draws{}.",
            format::percent(share),
            c.claimed_fits
                .map(|f| format!("; the claimed load fits on {} of draws", format::percent(f)))
                .unwrap_or_default()
        );
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{CapacitySummary, QuantitySummary};

    #[test]
    fn explains_the_binding_limit() {
        let mut s = Summary::default();
        s.quantities.insert(
            "capacity_by_mass_iso".into(),
            QuantitySummary {
                p50: 448.0,
                ..Default::default()
            },
        );
        s.quantities.insert(
            "capacity_by_volume_iso".into(),
            QuantitySummary {
                p50: 600.0,
                ..Default::default()
            },
        );
        s.capacity.insert(
            "iso".into(),
            CapacitySummary {
                mass_binds: 0.8,
                claimed_fits: Some(0.2),
            },
        );
        let mut md = String::new();
        section(&mut md, &s);
        assert!(md.contains("| iso | 448 | 600 | 80.0% | 20.0% |"), "{md}");
        assert!(md.contains(
            "mass is the binding limit on 80.0% of draws; the claimed load fits on 20.0% of draws"
        ));
        let mut empty = String::new();
        section(&mut empty, &Summary::default());
        assert!(empty.is_empty());
    }
}
