//! Number formats the report's sections share (indices, shares, changes in percentage points).

use crate::output::format;
use crate::results::{Index, Status};

/// A share (0 to 1) as a whole percentage, e.g. `0.62` → `"62%"`.
pub(super) fn share(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A number with two decimals, `–` if not finite.
pub(super) fn fixed2(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "–".to_string()
    }
}

/// An index and its standard error: `"0.55 ± 0.02"` (an error below 0.01 keeps one
/// significant digit).
pub(super) fn index_pm(x: f64, se: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if !(se.is_finite() && se > 0.0) {
        return format!("{x:.2}");
    }
    let se = if se >= 0.01 {
        format!("{se:.2}")
    } else {
        format::grouped(se, 1)
    };
    format!("{x:.2} ± {se}")
}

/// A table cell for an index: its value clamped to [0, 1] with its error when resolved, else
/// why not: `"0.55 ± 0.02"`, `"not resolved (too uncertain)"`, `"estimation problem"`.
pub(super) fn index_cell(i: &Index) -> String {
    match (i.resolved(), i.status) {
        (Some(v), _) => index_pm(v, i.se),
        (None, Status::OutOfRange) => "estimation problem".to_string(),
        (None, Status::TooUncertain) => "not resolved (too uncertain)".to_string(),
        (None, Status::TooFewEvents) => "not resolved (too few draws)".to_string(),
        (None, Status::ConstantInput) => "constant input".to_string(),
        (None, _) => "not resolved".to_string(),
    }
}

/// A change in probability in percentage points: `"+5.9 pp"`, `"−8.0 pp"`; a change too small
/// for one decimal keeps one significant figure (`"+0.004 pp"`), and below 10⁻⁹ (rounding
/// noise) it is `"0 pp"`.
pub(super) fn points(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if x.abs() < 1e-9 {
        return "0 pp".to_string();
    }
    let pp = x.abs() * 100.0;
    let mut text = format!("{pp:.1}");
    if text == "0.0" {
        text = format::grouped(pp, 1);
    }
    let sign = if x > 0.0 { "+" } else { "−" };
    format!("{sign}{text} pp")
}

/// A signed change in an output's unit: `"+900,000"`, `"−260,000"`.
pub(super) fn signed(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format::grouped(x.abs(), 3);
    let sign = match (text == "0", x > 0.0) {
        (true, _) => "",
        (false, true) => "+",
        (false, false) => "−",
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_format_changes() {
        assert_eq!(points(0.059), "+5.9 pp");
        assert_eq!(points(-0.08), "−8.0 pp");
        assert_eq!(points(0.00004), "+0.004 pp");
        assert_eq!(points(1e-17), "0 pp");
        assert_eq!(points(f64::NAN), "–");
        assert_eq!(signed(-260_000.0), "−260,000");
        assert_eq!(signed(0.0), "0");
        assert_eq!(index_pm(0.551, 0.004), "0.55 ± 0.004");
        assert_eq!(index_pm(0.551, f64::NAN), "0.55");
        assert_eq!(index_pm(f64::NAN, 0.1), "–");
        let index = |value, se, status| Index { value, se, status };
        assert_eq!(
            index_cell(&index(1.04, 0.03, Status::Resolved)),
            "1.00 ± 0.03"
        );
        assert_eq!(
            index_cell(&index(1.5, 0.2, Status::OutOfRange)),
            "estimation problem"
        );
        assert_eq!(
            index_cell(&index(0.5, 0.3, Status::TooUncertain)),
            "not resolved (too uncertain)"
        );
    }
}
