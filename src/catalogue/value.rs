//! One catalogue value: a number, an expression in shellcount's distribution language, or a
//! formula of the entry's other fields, with its unit, source, note and flags.
//!
//! Values are checked by the expression language itself ([`crate::expr`]): the text is parsed
//! and compiled against the entry's field names, so the catalogue accepts and rejects exactly
//! what a scenario would (`-5k` is −5000, `uniform(-5k, 60)` a uniform). Then:
//! a constant must be inside the field's [`Domain`]; a distribution with constant parameters
//! may leave it with probability at most [`MAX_OUTSIDE`]; a formula (a *derived* field such
//! as a round's packed mass) is checked through its components.

use super::schema::Domain;
use crate::expr::compile::{compile, Names};
use crate::expr::parse;
use crate::model::Node;
use std::ops::Range;

/// Largest probability with which a distribution may give values outside the field's domain.
pub const MAX_OUTSIDE: f64 = 1e-6;

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
    /// The value as an expression; a formula names the entry's fields as written in the file.
    pub expr: String,
    /// The number, when the value is a constant.
    pub number: Option<f64>,
    /// The fields a formula is computed from (empty for a value given directly).
    pub derived_from: Vec<String>,
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
    /// A constant outside the domain.
    OutOfDomain(f64),
    /// A distribution that leaves the domain with this probability.
    MayLeave(f64),
    /// Not a valid expression, or invalid distribution parameters (the expression language's
    /// message).
    Invalid(String),
}

/// What a value's text compiles to.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The constant, if it is one.
    pub number: Option<f64>,
    /// Fields of the entry the text refers to.
    pub refs: Vec<String>,
}

/// Checks `text` against `domain`; `fields` are the entry's field names a formula may use.
///
/// # Errors
/// [`ValueProblem`] when the text is empty, not an expression, a constant outside the domain,
/// or a distribution that leaves it with probability above [`MAX_OUTSIDE`].
pub fn check_text(text: &str, domain: Domain, fields: &[String]) -> Result<Checked, ValueProblem> {
    if text.trim().is_empty() {
        return Err(ValueProblem::Empty);
    }
    let invalid = |e: crate::expr::ExprError| ValueProblem::Invalid(e.message);
    let ast = parse(text).map_err(invalid)?;
    let (node, ty) = compile(&ast, text, &Names::new(fields)).map_err(invalid)?;
    if ty != crate::model::Ty::Num {
        return Err(ValueProblem::Invalid(
            "a value must be a number, not a true/false test".into(),
        ));
    }
    let refs = node
        .refs()
        .into_iter()
        .map(|q| fields[q.index()].clone())
        .collect();
    match &node {
        Node::Const(x) => check_number(*x, domain).map(|x| Checked {
            number: Some(x),
            refs,
        }),
        Node::Sample(s) => {
            if let Some(d) = &s.fixed {
                let p = domain.outside_probability(d);
                if p > MAX_OUTSIDE {
                    return Err(ValueProblem::MayLeave(p));
                }
            }
            Ok(Checked { number: None, refs })
        }
        _ => Ok(Checked { number: None, refs }),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use Domain::*;

    fn check(t: &str, d: Domain) -> Result<Option<f64>, ValueProblem> {
        check_text(t, d, &[]).map(|c| c.number)
    }

    #[test]
    fn numbers_read_as_the_expression_language_reads_them() {
        assert_eq!(check("33.2", Positive), Ok(Some(33.2)));
        assert_eq!(check(" 28_180 ", Positive), Ok(Some(28180.0)));
        assert_eq!(check("5k", Positive), Ok(Some(5000.0)));
        assert_eq!(check("0", Positive), Err(ValueProblem::OutOfDomain(0.0)));
        assert_eq!(check("1.2", Share), Err(ValueProblem::OutOfDomain(1.2)));
        assert_eq!(check("", Positive), Err(ValueProblem::Empty));
        assert!(matches!(
            check("3x", Positive),
            Err(ValueProblem::Invalid(_))
        ));
    }

    /// Issue 9 bug 4: the catalogue's own parser rejected `-5` but accepted `-5k` and
    /// `uniform(-5k, 60)`; now all three are read by the expression language and refused.
    #[test]
    fn negative_values_refused_however_written() {
        assert_eq!(check("-5", Positive), Err(ValueProblem::OutOfDomain(-5.0)));
        assert_eq!(
            check("-5k", Positive),
            Err(ValueProblem::OutOfDomain(-5000.0))
        );
        assert!(
            matches!(check("uniform(-5k, 60)", Positive), Err(ValueProblem::MayLeave(p)) if p > 0.98)
        );
    }

    #[test]
    fn distributions() {
        for t in [
            "8 to 20",
            "uniform(17000, 19000)",
            "pert(55, 67, 90)",
            "normal(43.56, 0.5)",
        ] {
            assert_eq!(check(t, Positive), Ok(None), "{t}");
        }
        for t in [
            "20 to 8",
            "uniform(19000, 17000)",
            "pert(55, 95, 90)",
            "x to y",
        ] {
            assert!(
                matches!(check(t, Positive), Err(ValueProblem::Invalid(_))),
                "{t}"
            );
        }
        assert!(matches!(
            check("pert(0.6, 0.8, 1.2)", Share),
            Err(ValueProblem::MayLeave(_))
        ));
        assert!(matches!(
            check("normal(1, 5)", Positive),
            Err(ValueProblem::MayLeave(_))
        ));
    }

    #[test]
    fn formulas_name_their_components() {
        let fields = ["a_kg".to_string(), "b_kg".to_string()];
        let c = check_text("a_kg + b_kg", Positive, &fields).unwrap();
        assert_eq!(c.refs, ["a_kg", "b_kg"]);
        assert!(
            matches!(check_text("a_kg + c_kg", Positive, &fields), Err(ValueProblem::Invalid(m)) if m.contains("c_kg"))
        );
    }
}
