//! Tornado chart: what moves one output (a model quantity or a claim's probability). One bar per
//! input, largest swing on top, with the input's Sobol indices beside it.

use indexmap::IndexMap;

use super::bars::{self, BarChart, Row, Scale, MAX_ROWS};
use crate::results::Sensitivity;

/// The tornado chart of output `name` from its sensitivity `entries` (input → entry).
/// `claim` says whether the output is a claim (its swing is a change in probability); `unit` is
/// a model quantity's unit; `basis` the words for the draws the numbers come from, if any.
pub(crate) fn chart(
    name: &str,
    entries: &IndexMap<String, Sensitivity>,
    claim: bool,
    unit: Option<&str>,
    basis: Option<&str>,
) -> BarChart {
    let scale = if claim { Scale::Points } else { Scale::Units };
    let rows: Vec<Row> = by_swing(entries)
        .into_iter()
        .map(|(input, e)| Row {
            label: input.to_string(),
            value: e.swing,
            value_text: bars::signed(e.swing, scale),
            note: format!(
                "S1 {} · ST {}",
                bars::index(e.sobol_first),
                bars::index(e.sobol_total.unwrap_or(f64::NAN))
            ),
            marker: None,
        })
        .collect();
    let what = if claim { "probability" } else { "median" };
    let mut subtitle = format!(
        "bar: change in the {what} when the input moves from its 10th to its 90th percentile \
         · S1 / ST: first-order / total Sobol index"
    );
    if rows.len() > MAX_ROWS {
        subtitle = format!("{MAX_ROWS} of {} inputs · {subtitle}", rows.len());
    }
    let x_desc = if claim {
        format!("change in the probability that {name} holds (percentage points)")
    } else {
        match unit {
            Some(u) => format!("change in the median of {name} ({u})"),
            None => format!("change in the median of {name}"),
        }
    };
    BarChart {
        title: match basis {
            Some(b) => format!("What moves {name} ({b})"),
            None => format!("What moves {name}"),
        },
        subtitle,
        x_desc,
        rows,
        scale,
    }
}

/// Entries sorted by the size of their swing, largest first (not finite last, then by name order).
pub(crate) fn by_swing(entries: &IndexMap<String, Sensitivity>) -> Vec<(&str, &Sensitivity)> {
    let mut sorted: Vec<_> = entries.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let key = |e: &Sensitivity| {
        if e.swing.is_finite() {
            e.swing.abs()
        } else {
            -1.0
        }
    };
    sorted.sort_by(|a, b| key(b.1).total_cmp(&key(a.1)));
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(swing: f64, s1: f64, st: f64) -> Sensitivity {
        Sensitivity {
            spearman: 0.0,
            sobol_first: s1,
            sobol_first_se: 0.01,
            sobol_total: Some(st),
            sobol_total_se: Some(0.01),
            swing,
        }
    }

    #[test]
    fn rows_are_sorted_by_absolute_swing() {
        let mut e = IndexMap::new();
        e.insert("a".to_string(), entry(0.05, 0.1, 0.1));
        e.insert("b".to_string(), entry(-0.30, 0.62, 0.70));
        e.insert("c".to_string(), entry(f64::NAN, f64::NAN, 0.0));
        e.insert("d".to_string(), entry(0.10, 0.2, 0.2));
        let c = chart("rok-3m", &e, true, None, Some("before evidence"));
        assert_eq!(c.title, "What moves rok-3m (before evidence)");
        let labels: Vec<_> = c.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["b", "d", "a", "c"]);
        assert_eq!(c.rows[0].value_text, "-30.0 pp");
        assert_eq!(c.rows[0].note, "S1 0.62 · ST 0.70");
        assert_eq!(c.rows[3].note, "S1 – · ST 0.00");
        let q = chart("shipped", &e, false, Some("shells"), None);
        assert_eq!(q.title, "What moves shipped");
        assert_eq!(q.rows[1].value_text, "+0.1");
        assert!(q.x_desc.contains("(shells)"));
    }
}
