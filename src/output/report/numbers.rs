//! Number formats the report's sections share (indices, shares, changes in percentage points).

use crate::output::format;

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

/// A change in probability in percentage points: `"+5.9 pp"`, `"−8.0 pp"`.
pub(super) fn points(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.1}", x.abs() * 100.0);
    let sign = match (text == "0.0", x > 0.0) {
        (true, _) => "",
        (false, true) => "+",
        (false, false) => "−",
    };
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

/// A standard error of a probability as a percentage, keeping two significant digits below
/// 0.1% (as the terminal's `probability_pm` does).
pub(super) fn se_percent(se: f64) -> String {
    if se > 0.0 && se < 0.001 {
        format!("{}%", format::grouped(se * 100.0, 2))
    } else {
        format::percent(se)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_format_changes() {
        assert_eq!(points(0.059), "+5.9 pp");
        assert_eq!(points(-0.08), "−8.0 pp");
        assert_eq!(points(0.0001), "0.0 pp");
        assert_eq!(points(f64::NAN), "–");
        assert_eq!(signed(-260_000.0), "−260,000");
        assert_eq!(signed(0.0), "0");
        assert_eq!(index_pm(0.551, 0.004), "0.55 ± 0.004");
        assert_eq!(index_pm(0.551, f64::NAN), "0.55");
        assert_eq!(index_pm(f64::NAN, 0.1), "–");
        assert_eq!(se_percent(0.00049), "0.049%");
    }
}
