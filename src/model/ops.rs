//! Element-wise arithmetic, comparisons and functions, on scalars and on columns.
//!
//! True/false values are stored as 1.0 and 0.0 in the same columns as numbers.

use super::capacity;
use super::node::{BinOp, Func};

/// `x op y` on two numbers.
#[inline(always)]
pub fn binary_scalar(op: BinOp, x: f64, y: f64) -> f64 {
    let b = |c: bool| if c { 1.0 } else { 0.0 };
    match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        BinOp::Pow => x.powf(y),
        BinOp::Lt => b(x < y),
        BinOp::Le => b(x <= y),
        BinOp::Gt => b(x > y),
        BinOp::Ge => b(x >= y),
        BinOp::Eq => b(x == y),
        BinOp::Ne => b(x != y),
        BinOp::And => b(x != 0.0 && y != 0.0),
        BinOp::Or => b(x != 0.0 || y != 0.0),
    }
}

/// A function applied to numbers. `args` has the arity the compiler checked.
pub fn func_scalar(f: Func, args: &[f64]) -> f64 {
    let b = |c: bool| if c { 1.0 } else { 0.0 };
    let x = args.first().copied().unwrap_or(f64::NAN);
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
        Func::Sum => args.iter().sum(),
        Func::All => b(args.iter().all(|a| *a != 0.0)),
        Func::Any => b(args.iter().any(|a| *a != 0.0)),
        Func::FirstWhere => {
            let k = args.len() / 2;
            let (tests, rest) = args.split_at(k);
            match tests.iter().position(|t| *t != 0.0) {
                Some(i) => rest[i],
                None => rest[k],
            }
        }
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
    match op {
        BinOp::Add => each!(|x: f64, y: f64| x + y),
        BinOp::Sub => each!(|x: f64, y: f64| x - y),
        BinOp::Mul => each!(|x: f64, y: f64| x * y),
        BinOp::Div => each!(|x: f64, y: f64| x / y),
        BinOp::Ge => each!(|x: f64, y: f64| if x >= y { 1.0 } else { 0.0 }),
        BinOp::Le => each!(|x: f64, y: f64| if x <= y { 1.0 } else { 0.0 }),
        _ => each!(|x: f64, y: f64| binary_scalar(op, x, y)),
    }
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
        assert_eq!(func_scalar(Func::Sum, &[1.0, 7.0, 3.0]), 11.0);
        assert_eq!(func_scalar(Func::All, &[1.0, 0.0]), 0.0);
        assert_eq!(func_scalar(Func::Any, &[1.0, 0.0]), 1.0);
        // tests (0, 1, 1), values (10, 20, 30), never 40
        let fw = [0.0, 1.0, 1.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(func_scalar(Func::FirstWhere, &fw), 20.0);
        assert_eq!(
            func_scalar(Func::FirstWhere, &[0.0, 0.0, 1.0, 2.0, 3.0]),
            3.0
        );
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
        }
    }
}
