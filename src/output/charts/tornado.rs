//! Tornado chart: what moves one output (a model quantity or a claim's probability). One bar per
//! input in the one order of the results (most important first, by total index: the chart does
//! not re-sort), with the input's Sobol indices beside it, or "n.r." where an index is not
//! resolved. Each bar carries its 95% interval (swing ± 1.96 se) as a whisker; a swing that is
//! not resolved (its interval holds 0, or too few draws) is drawn pale grey and its value
//! labelled with the reason ("within noise").

use indexmap::IndexMap;

use super::bars::{self, BarChart, Row, Scale, MAX_ROWS};
use crate::results::{Index, Sensitivity, Status, Swing};

/// An index as the chart shows it: the resolved value, or "n.r." (not resolved).
fn index_text(i: Option<&Index>) -> String {
    match i {
        None => "–".to_string(),
        Some(i) => i.resolved().map_or("n.r.".to_string(), bars::index),
    }
}

/// Why a swing is not a finding, as the bar's label says it (`None` when it is one).
fn swing_reason(s: &Swing) -> Option<&'static str> {
    match s.status {
        Status::Resolved => None,
        Status::WithinNoise => Some("within noise"),
        Status::TooFewDraws => Some("too few draws"),
        Status::ConstantInput => Some("constant input"),
        Status::ConstantOutput => Some("constant output"),
        Status::TooFewEvents => Some("too few events"),
        Status::OutOfRange | Status::TooUncertain => Some("not resolved"),
    }
}

/// The tornado chart of output `name` (its label, as the title shows it) from its sensitivity `entries` (input → entry, in the
/// results' order, most important first).
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
    let swings: Vec<f64> = entries.values().map(|e| e.swing.value).collect();
    let texts = bars::signed_all(&swings, scale);
    let rows: Vec<Row> = entries
        .iter()
        .zip(texts)
        .map(|((input, e), text)| {
            let reason = swing_reason(&e.swing);
            Row {
                label: input.to_string(),
                value: e.swing.value,
                value_text: match reason {
                    Some(r) => format!("{text}, {r}"),
                    None => text,
                },
                note: format!(
                    "S1 {} · ST {}",
                    index_text(Some(&e.sobol_first)),
                    index_text(e.sobol_total.as_ref())
                ),
                whisker: (e.swing.se > 0.0).then(|| e.swing.interval()),
                muted: reason.is_some(),
            }
        })
        .collect();
    let what = if claim { "probability" } else { "median" };
    let mut subtitle = format!(
        "bar: change in the {what}, input or random source from its p10 to its p90 · S1 / ST: first-order / \
         total Sobol index (n.r.: not resolved)"
    );
    if rows.len() > MAX_ROWS {
        subtitle = format!(
            "{MAX_ROWS} of {} inputs and random sources · {subtitle}",
            rows.len()
        );
    }
    let x_desc = if claim {
        "change in the probability that the claim holds (percentage points)".to_string()
    } else {
        match unit {
            Some(u) => format!("change in the median of {name} ({u})"),
            None => format!("change in the median of {name}"),
        }
    };
    let x_desc = format!("{x_desc} · whisker: 95% interval · grey bar: within noise");
    if let Some(b) = basis {
        subtitle = format!("{b} · {subtitle}");
    }
    BarChart {
        title: format!("What moves {name}"),
        subtitle,
        x_desc,
        rows,
        scale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(swing: f64, s1: f64, st: f64) -> Sensitivity {
        let swing = Swing {
            value: swing,
            se: 0.02,
            status: if swing.abs() > 0.0392 {
                Status::Resolved
            } else {
                Status::WithinNoise
            },
        };
        let index = |value: f64| Index {
            value,
            se: 0.01,
            status: if value.is_finite() && value <= 1.0 {
                Status::Resolved
            } else {
                Status::OutOfRange
            },
        };
        Sensitivity {
            spearman: 0.0,
            sobol_first: index(s1),
            sobol_total: Some(index(st)),
            swing,
        }
    }

    #[test]
    fn rows_keep_the_results_order_and_mark_unresolved_indices() {
        let mut e = IndexMap::new();
        e.insert("b".to_string(), entry(-0.30, 0.62, 0.70));
        e.insert("a".to_string(), entry(0.05, 0.1, 1.5));
        e.insert("d".to_string(), entry(0.10, 0.2, 0.2));
        e.insert("c".to_string(), entry(f64::NAN, f64::NAN, 0.0));
        let c = chart("rok-3m", &e, true, None, Some("before evidence"));
        assert_eq!(c.title, "What moves rok-3m");
        assert!(
            c.subtitle.starts_with("before evidence · bar:"),
            "{}",
            c.subtitle
        );
        let labels: Vec<_> = c.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["b", "a", "d", "c"], "not re-sorted by swing");
        assert_eq!(c.rows[0].value_text, "-30.0 pp");
        assert_eq!(c.rows[0].note, "S1 0.62 · ST 0.70");
        assert_eq!(c.rows[1].note, "S1 0.10 · ST n.r.", "no share above 100%");
        assert_eq!(c.rows[3].note, "S1 n.r. · ST 0.00");
        let q = chart("shipped", &e, false, Some("shells"), None);
        assert_eq!(q.title, "What moves shipped");
        assert_eq!(
            q.rows[2].value_text, "+0.100",
            "one style: -0.300 beside it"
        );
        assert!(q.x_desc.contains("(shells)"));
    }
}
