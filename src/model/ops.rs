//! Element-wise arithmetic, comparisons and functions, on scalars and on columns.
//!
//! True/false values are stored as 1.0 and 0.0 in the same columns as numbers.
//!
//! ## Tests on values that are not numbers
//!
//! A comparison whose operand is not a finite number (NaN from `0 / 0`, ±∞ from `1 / 0`) has no
//! answer: instead of 1 or 0 it yields that operand itself, and so does `min`, `max` or `clamp`
//! of such a value (IEEE's `max(NaN, 3) = 3` would hide it). `not` passes the unknown value on;
//! `and` and `or` follow three-valued (Kleene) logic: `false and ?` is false and `true or ?` is
//! true, because the answer does not depend on the unknown side, which makes
//! `d > 0 and x / d < 1` a valid guard; otherwise the result is unknown. The engine refuses any
//! quantity, claim or evidence test that ends up not finite, naming its draw and value, so an
//! unknown test never counts silently as false (or true).
//!
//! ```text
//! x < y      1 or 0 when both are finite; else the first of x, y that is not
//! a and b    0 if either is 0; else the first unknown of a, b; else 1
//! a or b     1 if either is 1; else the first unknown of a, b; else 0
//! not a      a if unknown; else 1 − a
//! ```
//!
//! For finite operands every result is exactly what the plain IEEE operation gives.

use super::capacity;
use super::node::{BinOp, Func};

/// The result of a comparison whose outcome is `c`: 1 or 0 when `x` and `y` are finite, else
/// the first of them that is not.
#[inline(always)]
fn test(c: bool, x: f64, y: f64) -> f64 {
    let r = if c { 1.0 } else { 0.0 };
    let r = if y.is_finite() { r } else { y };
    if x.is_finite() {
        r
    } else {
        x
    }
}

/// True for a true/false value that is known and true.
#[inline(always)]
fn is_true(x: f64) -> bool {
    x.is_finite() && x != 0.0
}

/// Kleene `and`: 0 if either side is 0, else the first unknown side, else 1.
#[inline(always)]
fn and(x: f64, y: f64) -> f64 {
    if x == 0.0 || y == 0.0 {
        0.0
    } else {
        test(true, x, y)
    }
}

/// Kleene `or`: 1 if either side is true, else the first unknown side, else 0.
#[inline(always)]
fn or(x: f64, y: f64) -> f64 {
    if is_true(x) || is_true(y) {
        1.0
    } else {
        test(false, x, y)
    }
}

/// `not x`: the unknown value itself when `x` is not finite.
#[inline(always)]
pub fn not(x: f64) -> f64 {
    if x.is_finite() {
        if x == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        x
    }
}

/// `x op y` on two numbers.
#[inline(always)]
pub fn binary_scalar(op: BinOp, x: f64, y: f64) -> f64 {
    match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        BinOp::Pow => x.powf(y),
        BinOp::Lt => test(x < y, x, y),
        BinOp::Le => test(x <= y, x, y),
        BinOp::Gt => test(x > y, x, y),
        BinOp::Ge => test(x >= y, x, y),
        BinOp::Eq => test(x == y, x, y),
        BinOp::Ne => test(x != y, x, y),
        BinOp::And => and(x, y),
        BinOp::Or => or(x, y),
    }
}

/// A function applied to numbers. `args` has the arity the compiler checked.
///
/// `min`, `max` and `clamp` compare their arguments: an argument that is not finite is the
/// result (see the module docs).
pub fn func_scalar(f: Func, args: &[f64]) -> f64 {
    let x = args.first().copied().unwrap_or(f64::NAN);
    if matches!(f, Func::Min | Func::Max | Func::Clamp) {
        if let Some(&bad) = args.iter().find(|v| !v.is_finite()) {
            return bad;
        }
    }
    match f {
        Func::Min => args.iter().copied().fold(f64::INFINITY, f64::min),
        Func::Max => args.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        Func::Floor => x.floor(),
        Func::Ceil => x.ceil(),
        Func::Round => x.round(),
        Func::Abs => x.abs(),
        Func::Sqrt => x.sqrt(),
        Func::Ln => x.ln(),
        Func::Exp => x.exp(),
        Func::Sin => x.sin(),
        Func::Cos => x.cos(),
        Func::Clamp => {
            let (lo, hi) = (args[1], args[2]);
            if lo > hi {
                f64::NAN
            } else {
                x.max(lo).min(hi)
            }
        }
        Func::CapacityByMass => capacity::capacity_by_mass(x, args[1]),
        Func::CapacityByVolume => capacity::capacity_by_volume(x, args[1], args[2]),
        Func::MassPerRound => capacity::mass_margin_per_round(x, args[1]),
    }
}

/// An operand: one value for the whole chunk, or a column.
#[derive(Clone, Copy)]
pub enum Operand<'a> {
    /// The same value on every draw.
    Scalar(f64),
    /// One value per draw.
    Column(&'a [f64]),
}

impl Operand<'_> {
    /// The value on draw `i`.
    #[inline(always)]
    pub fn at(&self, i: usize) -> f64 {
        match self {
            Operand::Scalar(v) => *v,
            Operand::Column(c) => c[i],
        }
    }
}

/// Applies `$f` element-wise, with the loop specialised for the common operators so it
/// vectorises; `$each` runs one specialised loop given the closure.
macro_rules! by_op {
    ($op:expr, $each:ident) => {
        match $op {
            BinOp::Add => $each!(|x: f64, y: f64| x + y),
            BinOp::Sub => $each!(|x: f64, y: f64| x - y),
            BinOp::Mul => $each!(|x: f64, y: f64| x * y),
            BinOp::Div => $each!(|x: f64, y: f64| x / y),
            BinOp::Ge => $each!(|x: f64, y: f64| test(x >= y, x, y)),
            BinOp::Le => $each!(|x: f64, y: f64| test(x <= y, x, y)),
            op => $each!(|x: f64, y: f64| binary_scalar(op, x, y)),
        }
    };
}

/// `out[i] = a[i] op b[i]`, with the loop specialised for the common operators so it vectorises.
pub fn binary_column(op: BinOp, a: Operand, b: Operand, out: &mut [f64]) {
    macro_rules! each {
        ($f:expr) => {
            match (a, b) {
                (Operand::Column(x), Operand::Column(y)) => {
                    for ((o, &x), &y) in out.iter_mut().zip(x).zip(y) {
                        *o = $f(x, y);
                    }
                }
                (Operand::Column(x), Operand::Scalar(y)) => {
                    for (o, &x) in out.iter_mut().zip(x) {
                        *o = $f(x, y);
                    }
                }
                (Operand::Scalar(x), Operand::Column(y)) => {
                    for (o, &y) in out.iter_mut().zip(y) {
                        *o = $f(x, y);
                    }
                }
                (Operand::Scalar(x), Operand::Scalar(y)) => out.fill($f(x, y)),
            }
        };
    }
    by_op!(op, each)
}

/// `acc[i] = acc[i] op b[i]`: one step of a left-to-right chain, in place. The same operation
/// as [`binary_column`] with `acc` as its left operand, so the same bits.
pub fn binary_assign(op: BinOp, acc: &mut [f64], b: Operand) {
    macro_rules! each {
        ($f:expr) => {
            match b {
                Operand::Column(y) => {
                    for (o, &y) in acc.iter_mut().zip(y) {
                        *o = $f(*o, y);
                    }
                }
                Operand::Scalar(y) => {
                    for o in acc.iter_mut() {
                        *o = $f(*o, y);
                    }
                }
            }
        };
    }
    by_op!(op, each)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_ops() {
        assert_eq!(binary_scalar(BinOp::Pow, 2.0, 10.0), 1024.0);
        assert_eq!(binary_scalar(BinOp::Ge, 3.0, 3.0), 1.0);
        assert_eq!(binary_scalar(BinOp::And, 1.0, 0.0), 0.0);
        assert_eq!(func_scalar(Func::Clamp, &[5.0, 0.0, 1.0]), 1.0);
        assert_eq!(func_scalar(Func::Round, &[2.5]), 3.0);
        assert_eq!(func_scalar(Func::Max, &[1.0, 7.0, 3.0]), 7.0);
        assert_eq!(func_scalar(Func::CapacityByMass, &[28_180.0, 62.9]), 448.0);
        assert_eq!(
            func_scalar(Func::CapacityByVolume, &[33.2, 74.0, 0.8]),
            358.0
        );
        assert!((func_scalar(Func::MassPerRound, &[28_180.0, 448.0]) - 62.90).abs() < 0.01);
        assert!(func_scalar(Func::CapacityByMass, &[28_180.0, 0.0]).is_nan());
    }

    #[test]
    fn column_matches_scalar() {
        let x = [1.0, -2.0, 3.5];
        let y = [0.5, 4.0, 3.5];
        for op in [
            BinOp::Add,
            BinOp::Sub,
            BinOp::Mul,
            BinOp::Div,
            BinOp::Pow,
            BinOp::Ge,
            BinOp::Lt,
            BinOp::Ne,
        ] {
            let mut out = [0.0; 3];
            binary_column(op, Operand::Column(&x), Operand::Column(&y), &mut out);
            for i in 0..3 {
                let want = binary_scalar(op, x[i], y[i]);
                assert!(out[i] == want || (out[i].is_nan() && want.is_nan()));
            }
            binary_column(op, Operand::Column(&x), Operand::Scalar(2.0), &mut out);
            assert_eq!(out[1].to_bits(), binary_scalar(op, -2.0, 2.0).to_bits());
            let mut acc = x;
            binary_assign(op, &mut acc, Operand::Column(&y));
            for i in 0..3 {
                let want = binary_scalar(op, x[i], y[i]);
                assert!(acc[i].to_bits() == want.to_bits() || (acc[i].is_nan() && want.is_nan()));
            }
        }
    }

    #[test]
    fn tests_on_values_that_are_not_numbers_are_unknown() {
        let (nan, inf) = (f64::NAN, f64::INFINITY);
        for op in [
            BinOp::Lt,
            BinOp::Le,
            BinOp::Gt,
            BinOp::Ge,
            BinOp::Eq,
            BinOp::Ne,
        ] {
            assert!(binary_scalar(op, nan, 1.0).is_nan(), "{op:?}");
            assert!(binary_scalar(op, 1.0, nan).is_nan(), "{op:?}");
            assert_eq!(binary_scalar(op, inf, 0.0), inf, "{op:?}");
            assert_eq!(binary_scalar(op, 0.0, -inf), -inf, "{op:?}");
            let mut out = [0.0; 2];
            binary_column(
                op,
                Operand::Column(&[nan, 1.0]),
                Operand::Scalar(0.0),
                &mut out,
            );
            assert!(out[0].is_nan() && out[1].is_finite(), "{op:?}");
        }
        // Kleene logic: a known side decides when it can.
        assert_eq!(binary_scalar(BinOp::And, 0.0, nan), 0.0);
        assert_eq!(binary_scalar(BinOp::And, nan, 0.0), 0.0);
        assert!(binary_scalar(BinOp::And, 1.0, nan).is_nan());
        assert_eq!(binary_scalar(BinOp::Or, 1.0, nan), 1.0);
        assert_eq!(binary_scalar(BinOp::Or, nan, 1.0), 1.0);
        assert!(binary_scalar(BinOp::Or, 0.0, nan).is_nan());
        assert_eq!(binary_scalar(BinOp::Or, inf, 0.0), inf);
        assert!(not(nan).is_nan());
        assert_eq!((not(0.0), not(1.0)), (1.0, 0.0));
        for f in [Func::Min, Func::Max] {
            assert!(func_scalar(f, &[nan, 3.0]).is_nan());
            assert_eq!(func_scalar(f, &[3.0, -inf]), -inf);
        }
        assert!(func_scalar(Func::Clamp, &[nan, 0.0, 1.0]).is_nan());
        // Finite operands: plain IEEE results.
        assert_eq!(binary_scalar(BinOp::And, 1.0, 1.0), 1.0);
        assert_eq!(binary_scalar(BinOp::Or, 0.0, 0.0), 0.0);
        assert_eq!(func_scalar(Func::Min, &[3.0, -1.0]), -1.0);
    }
}
