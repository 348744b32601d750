//! One catalogue value: a number or an expression in shellcount's distribution language, with
//! its unit, source, note and flags.
//!
//! The lead's expression compiler compiles expressions; here plain numbers are parsed and
//! checked against the field's [`Domain`], and the common bounded forms whose arguments are all
//! numbers (`a to b`, `uniform(lo, hi)`, `triangular(lo, mode, hi)`, `pert(lo, mode, hi)`) have
//! their bounds checked too, so a negative mass is caught whichever way it is written.

use super::schema::Domain;
use std::ops::Range;

/// Which document a value came from, so its span can be read against the right text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The catalogue embedded in the binary ([`super::BUILTIN_TOML`]).
    Builtin,
    /// A user-given table of overrides.
    Override,
}

/// A validated catalogue value.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value as an expression (numbers written as TOML numbers are formatted with `{}`).
    pub expr: String,
    /// The number, when the value is a plain number.
    pub number: Option<f64>,
    /// Unit, fixed by the field name.
    pub unit: &'static str,
    /// Source id (declared in the catalogue's sources), if the figure is sourced.
    pub source: Option<String>,
    /// Free note.
    pub note: Option<String>,
    /// True when the figure is an assumption (no public source gives it).
    pub assumption: bool,
    /// True when the figure is commonly quoted but unconfirmed.
    pub unconfirmed: bool,
    /// Byte span of the value in its document, when known.
    pub span: Option<Range<usize>>,
    /// Which document the span refers to.
    pub origin: Origin,
}

/// What is wrong with a value's text.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueProblem {
    /// Empty text.
    Empty,
    /// A number outside the domain.
    OutOfDomain(f64),
    /// Bounds out of order or similar.
    BadRange(String),
}

/// Parses a plain number (`_` separators allowed), or `None` if `text` is not one.
pub fn plain_number(text: &str) -> Option<f64> {
    let t = text.trim().replace('_', "");
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Checks `text` against `domain`; returns the number when `text` is a plain number.
///
/// # Errors
/// [`ValueProblem`] when the text is empty, a number outside the domain, or a recognised range
/// form with a bound outside the domain or bounds out of order.
pub fn check_text(text: &str, domain: Domain) -> Result<Option<f64>, ValueProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ValueProblem::Empty);
    }
    if let Some(x) = plain_number(t) {
        return check_number(x, domain).map(Some);
    }
    if let Some((a, b)) = t.split_once(" to ") {
        if let (Some(a), Some(b)) = (plain_number(a), plain_number(b)) {
            check_bounds(&[a, b], domain)?;
            if a >= b {
                return Err(ValueProblem::BadRange(
                    "`a to b` needs a < b (5th and 95th percentiles)".into(),
                ));
            }
        }
        return Ok(None);
    }
    if let Some((name, args)) = call(t) {
        let nums: Option<Vec<f64>> = args.iter().map(|a| plain_number(a)).collect();
        if let Some(nums) = nums {
            check_call(name, &nums, domain)?;
        }
    }
    Ok(None)
}

/// Checks a number against `domain`.
///
/// # Errors
/// [`ValueProblem::OutOfDomain`] when the domain does not allow `x`.
pub fn check_number(x: f64, domain: Domain) -> Result<f64, ValueProblem> {
    if domain.allows(x) {
        Ok(x)
    } else {
        Err(ValueProblem::OutOfDomain(x))
    }
}

fn check_bounds(xs: &[f64], domain: Domain) -> Result<(), ValueProblem> {
    xs.iter()
        .try_for_each(|&x| check_number(x, domain).map(|_| ()))
}

fn call(t: &str) -> Option<(&str, Vec<&str>)> {
    let open = t.find('(')?;
    let inner = t[open + 1..].strip_suffix(')')?;
    if inner.contains(['(', ')']) {
        return None;
    }
    Some((t[..open].trim(), inner.split(',').map(str::trim).collect()))
}

fn check_call(name: &str, a: &[f64], domain: Domain) -> Result<(), ValueProblem> {
    let ordered = match (name, a) {
        ("uniform", [lo, hi]) => {
            check_bounds(&[*lo, *hi], domain)?;
            lo < hi
        }
        ("pert" | "triangular", [lo, mode, hi]) => {
            check_bounds(&[*lo, *mode, *hi], domain)?;
            lo <= mode && mode <= hi && lo < hi
        }
        _ => return Ok(()),
    };
    if ordered {
        Ok(())
    } else {
        Err(ValueProblem::BadRange(format!(
            "{name} needs lo < hi{}",
            if a.len() == 3 {
                " and lo <= mode <= hi"
            } else {
                ""
            }
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Domain::*;

    #[test]
    fn numbers() {
        assert_eq!(check_text("33.2", Positive), Ok(Some(33.2)));
        assert_eq!(check_text(" 28_180 ", Positive), Ok(Some(28180.0)));
        assert_eq!(
            check_text("0", Positive),
            Err(ValueProblem::OutOfDomain(0.0))
        );
        assert_eq!(
            check_text("-4", Positive),
            Err(ValueProblem::OutOfDomain(-4.0))
        );
        assert_eq!(
            check_text("1.2", Share),
            Err(ValueProblem::OutOfDomain(1.2))
        );
        assert_eq!(check_text("", Positive), Err(ValueProblem::Empty));
        assert_eq!(plain_number("3M"), None);
        assert_eq!(plain_number("inf"), None);
    }

    #[test]
    fn ranges() {
        let ok = [
            "8 to 20",
            "uniform(17000, 19000)",
            "pert(55, 67, 90)",
            "triangular(1, 1, 2)",
            "normal(43.56, 0.5)",
            "x to y",
            "uniform(a, 3)",
        ];
        for t in ok {
            assert_eq!(check_text(t, Positive), Ok(None), "{t}");
        }
        let bad = [
            ("20 to 8", true),
            ("-1 to 8", false),
            ("uniform(19000, 17000)", true),
            ("uniform(0, 1)", false),
            ("pert(55, 95, 90)", true),
            ("triangular(-1, 0, 1)", false),
        ];
        for (t, is_range) in bad {
            let e = check_text(t, Positive).unwrap_err();
            assert_eq!(
                matches!(e, ValueProblem::BadRange(_)),
                is_range,
                "{t}: {e:?}"
            );
        }
        assert!(check_text("pert(0.6, 0.8, 1.2)", Share).is_err());
    }
}
