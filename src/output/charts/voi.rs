//! Value-of-information chart: which input, if it were known exactly, would change a claim's
//! probability most. One bar per input (expected absolute change, corrected for sampling noise,
//! with its standard error), and the chance of flipping the claim across 50% beside it in whole
//! percent (the draws resolve it only in steps of one bin).

use super::bars::{BarChart, Row, Scale, MAX_ROWS};
use crate::output::format;
use crate::results::Voi;

/// Title of the chart of the claim labelled `label`.
pub(crate) fn title(label: &str) -> String {
    format!("Which fact would change {label} most")
}

/// The chart of the claim labelled `id` (as the title shows it) from its `(input, entry)` pairs, in any order; `basis` the words for
/// the draws the numbers come from, if any. Entries without a flip probability (NaN) leave it
/// out; inputs with no detectable effect read "not detected".
pub(crate) fn chart(id: &str, entries: &[(String, Voi)], basis: Option<&str>) -> BarChart {
    let mut sorted: Vec<&(String, Voi)> = entries.iter().collect();
    let key = |e: &Voi| {
        if e.expected_abs_change.is_finite() {
            e.expected_abs_change
        } else {
            -1.0
        }
    };
    sorted.sort_by(|a, b| key(&b.1).total_cmp(&key(&a.1)));
    let rows: Vec<Row> = sorted
        .into_iter()
        .map(|(input, e)| Row {
            label: input.clone(),
            value: e.expected_abs_change,
            value_text: if !e.expected_abs_change.is_finite() {
                "n/a".to_string()
            } else if !e.detected {
                "not detected".to_string()
            } else {
                format!(
                    "{} pp",
                    format::value_pm(
                        e.expected_abs_change * 100.0,
                        e.expected_abs_change_se * 100.0
                    )
                )
            },
            note: if e.flip_probability.is_finite() {
                format!("flip {:.0}%", e.flip_probability * 100.0)
            } else {
                String::new()
            },
            whisker: None,
            muted: false,
        })
        .collect();
    let mut subtitle = "bar: expected change in the probability if the input were known exactly \
                        (± standard error) · flip: chance it crosses 50%"
        .to_string();
    if rows.len() > MAX_ROWS {
        subtitle = format!("{MAX_ROWS} of {} inputs · {subtitle}", rows.len());
    }
    if let Some(b) = basis {
        subtitle = format!("{b} · {subtitle}");
    }
    BarChart {
        title: title(id),
        subtitle,
        x_desc: "expected change in the probability that the claim holds (percentage points)"
            .to_string(),
        rows,
        scale: Scale::Points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_labelled() {
        let e = |x: f64, flip: f64, detected: bool| Voi {
            expected_abs_change: x,
            expected_abs_change_se: 0.004,
            flip_probability: flip,
            flip_step: 0.02,
            detected,
            p_value: if detected { 1e-9 } else { 0.4 },
        };
        let entries = vec![
            ("a".to_string(), e(0.0, 0.0, false)),
            ("b".to_string(), e(0.12, 0.48, true)),
            ("c".to_string(), e(f64::NAN, f64::NAN, false)),
        ];
        let c = chart("rok-3m", &entries, None);
        let labels: Vec<_> = c.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["b", "a", "c"]);
        assert_eq!(c.rows[0].value_text, "12.0 ± 0.4 pp");
        assert_eq!(c.rows[0].note, "flip 48%", "whole percent, not 48.0%");
        assert_eq!(c.rows[1].value_text, "not detected");
        assert_eq!(c.rows[2].note, "");
        assert_eq!(c.title, "Which fact would change rok-3m most");
    }
}
