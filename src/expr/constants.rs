//! Checks of what does not depend on a draw: a constant sub-expression must be a finite number
//! (no overflow, no division by zero, no `ln(0)`); a function's constant arguments must be in
//! its domain (`clamp` with lo > hi, a capacity of zero packed mass); a distribution with
//! constant parameters must give finite draws (`gamma(1e300, 1e300)` overflows).
//!
//! Every error points at the sub-expression, so `check` finds these before any sampling.

use super::ast::Span;
use super::ExprError;
use crate::dist::Dist;
use crate::model::ops::{binary_scalar, func_scalar};
use crate::model::{BinOp, Func, Node};
use crate::text::number::{exact, short};

/// Folds `node` into a constant when its operands are constants, or explains why the constant
/// is not a finite number. `text` is the sub-expression as written.
pub(super) fn fold(node: Node, span: Span, text: &str) -> Result<Node, ExprError> {
    let value = match &node {
        Node::Neg(a) => a.as_const().map(|v| -v),
        Node::Bin(op, a, b) => match (a.as_const(), b.as_const()) {
            (Some(x), Some(y)) => Some(binary_scalar(*op, x, y)),
            _ => None,
        },
        Node::Func(f, args) => {
            let c: Option<Vec<f64>> = args.iter().map(Node::as_const).collect();
            c.map(|c| func_scalar(*f, &c))
        }
        _ => None,
    };
    match value {
        Some(v) if v.is_finite() => Ok(Node::Const(v)),
        Some(v) => Err(ExprError::new(
            span,
            format!("`{text}` is {} on every draw: {}", exact(v), why(&node)),
        )),
        None => Ok(node),
    }
}

fn why(node: &Node) -> String {
    let c = |n: &Node| n.as_const().unwrap_or(f64::NAN);
    match node {
        Node::Bin(BinOp::Div, _, b) if c(b) == 0.0 => "division by zero".into(),
        Node::Bin(..) | Node::Neg(_) => {
            "the result overflows (beyond ±1.8e308) or is undefined".into()
        }
        Node::Func(Func::Ln, _) => "ln needs a number > 0".into(),
        Node::Func(Func::Sqrt, _) => "sqrt needs a number ≥ 0".into(),
        Node::Func(f, args) => domain(*f, args).unwrap_or_else(|| "the result overflows".into()),
        _ => "not a finite number".into(),
    }
}

/// What is wrong with the constant arguments of `f`, when they are outside its domain.
fn domain(f: Func, args: &[Node]) -> Option<String> {
    let c = |i: usize| args.get(i).and_then(Node::as_const);
    match f {
        Func::Clamp => match (c(1), c(2)) {
            (Some(lo), Some(hi)) if lo > hi => Some(format!(
                "clamp(x, lo, hi) needs lo ≤ hi, got lo = {} > hi = {}",
                exact(lo),
                exact(hi)
            )),
            _ => None,
        },
        Func::CapacityByMass => match (c(0), c(1)) {
            (_, Some(m)) if !(m > 0.0) => Some(format!(
                "capacity_by_mass(payload_kg, packed_mass_kg) needs a packed mass > 0, got {}",
                exact(m)
            )),
            (Some(p), _) if !(p >= 0.0) => Some(format!(
                "capacity_by_mass needs a payload ≥ 0, got {}",
                exact(p)
            )),
            _ => None,
        },
        Func::CapacityByVolume => match (c(0), c(1), c(2)) {
            (_, Some(l), _) if !(l > 0.0) => Some(format!(
                "capacity_by_volume(volume_m3, packed_volume_l, usable_share) needs a packed volume > 0, got {}",
                exact(l)
            )),
            (_, _, Some(s)) if !(s > 0.0 && s <= 1.0) => Some(format!(
                "capacity_by_volume needs a usable share in (0, 1], got {}",
                exact(s)
            )),
            (Some(v), _, _) if !(v >= 0.0) => Some(format!(
                "capacity_by_volume needs a volume ≥ 0, got {}",
                exact(v)
            )),
            _ => None,
        },
        Func::MassPerRound => match c(1) {
            Some(r) if !(r > 0.0) => Some(format!(
                "mass_per_round(payload_kg, rounds) needs rounds > 0, got {}",
                exact(r)
            )),
            _ => None,
        },
        _ => None,
    }
}

/// Constant arguments of a function call outside its domain, even when other arguments are
/// uncertain (`clamp(a, 5, 1)`, `capacity_by_mass(payload, 0)`).
pub(super) fn check_args(f: Func, args: &[Node], span: Span, text: &str) -> Result<(), ExprError> {
    match domain(f, args) {
        Some(m) => Err(ExprError::new(span, format!("`{text}`: {m}"))),
        None => Ok(()),
    }
}

/// A division by a constant zero, whatever the numerator (`a / (2 - 2)`).
pub(super) fn check_bin(
    op: BinOp,
    divisor: &Node,
    span: Span,
    text: &str,
) -> Result<(), ExprError> {
    if op == BinOp::Div && divisor.as_const() == Some(0.0) {
        return Err(ExprError::new(
            span,
            format!("`{text}` divides by zero on every draw: the divisor is the constant 0"),
        ));
    }
    Ok(())
}

/// Tail probability at which draws are required to be finite.
const TAIL: f64 = 1e-12;

/// A distribution with constant parameters whose draws can overflow to infinity.
pub(super) fn check_dist(d: &Dist, span: Span, text: &str) -> Result<(), ExprError> {
    let (lo, hi) = (d.inverse_cdf(TAIL), d.inverse_cdf(1.0 - TAIL));
    if lo.is_finite() && hi.is_finite() && d.mean().is_finite() {
        return Ok(());
    }
    let side = if lo.is_finite() { "highest" } else { "lowest" };
    Err(ExprError::new(
        span,
        format!(
            "`{text}` gives draws that overflow to infinity: its {side} draws are beyond ±1.8e308"
        ),
    )
    .with_help(format!(
        "its parameters are too extreme to sample; the largest finite draw is about {}: use \
         narrower parameters",
        short(f64::MAX, 2)
    )))
}

#[cfg(test)]
mod tests {
    use crate::expr::compile::{compile, Names};
    use crate::expr::parse;

    fn err(src: &str) -> String {
        let names = vec!["a".to_string()];
        let ast = parse(src).unwrap();
        match compile(&ast, src, &Names::new(&names)) {
            Ok(_) => panic!("`{src}` compiled"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn constants_that_are_not_numbers() {
        assert!(err("1e308 * 10").contains("overflows"));
        assert!(err("a + 1 / 0").contains("divides by zero"));
        assert!(err("a / (2 - 2)").contains("divides by zero"));
        assert!(err("ln(0)").contains("ln needs"));
        assert!(err("clamp(a, 5, 1)").contains("lo ≤ hi"));
        assert!(err("capacity_by_mass(0, 0)").contains("packed mass > 0"));
        assert!(err("capacity_by_mass(a, 0)").contains("packed mass > 0"));
        assert!(err("capacity_by_volume(33, a, 0)").contains("usable share"));
    }

    #[test]
    fn distributions_that_overflow() {
        for src in [
            "gamma(1e300, 1e300)",
            "lognormal(0, 1e300)",
            "1e-300 to 1e300",
        ] {
            let m = err(src);
            assert!(m.contains("infinity") || m.contains("finite"), "{src}: {m}");
        }
    }
}
