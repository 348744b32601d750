//! The bounds a claim states on one quantity, read from its compiled test: an interval
//! `a <= q and q <= b` (in either order, with `<` or `<=`, `>` or `>=`, either side of the
//! comparison), so charts can shade the band the claim asks for.

use super::node::{BinOp, Node};
use super::QuantityId;

/// `(quantity, lower, upper)` when `node` is the conjunction of a lower and an upper bound on
/// the same quantity, both constants.
pub fn interval(node: &Node) -> Option<(QuantityId, f64, f64)> {
    let Node::Bin(BinOp::And, a, b) = node else {
        return None;
    };
    let (qa, va, above_a) = bound(a)?;
    let (qb, vb, above_b) = bound(b)?;
    if qa != qb || above_a == above_b {
        return None;
    }
    let (lo, hi) = if above_a { (va, vb) } else { (vb, va) };
    (lo <= hi).then_some((qa, lo, hi))
}

/// `(quantity, value, holds above)` for `q op c` or `c op q` with an order comparison.
fn bound(node: &Node) -> Option<(QuantityId, f64, bool)> {
    let Node::Bin(op, a, b) = node else {
        return None;
    };
    let (q, v, flipped) = match (a.as_ref(), b.as_ref()) {
        (Node::Ref(q), Node::Const(v)) => (*q, *v, false),
        (Node::Const(v), Node::Ref(q)) => (*q, *v, true),
        _ => return None,
    };
    let above = match op {
        BinOp::Ge | BinOp::Gt => true,
        BinOp::Le | BinOp::Lt => false,
        _ => return None,
    };
    v.is_finite().then_some((q, v, above != flipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(op: BinOp, q: usize, v: f64, flip: bool) -> Node {
        let (r, c) = (Node::Ref(QuantityId::new(q)), Node::Const(v));
        if flip {
            Node::Bin(op, Box::new(c), Box::new(r))
        } else {
            Node::Bin(op, Box::new(r), Box::new(c))
        }
    }

    fn and(a: Node, b: Node) -> Node {
        Node::Bin(BinOp::And, Box::new(a), Box::new(b))
    }

    #[test]
    fn intervals_in_any_order() {
        let q = QuantityId::new(2);
        let i = and(
            cmp(BinOp::Ge, 2, 45.0, false),
            cmp(BinOp::Le, 2, 75.0, false),
        );
        assert_eq!(interval(&i), Some((q, 45.0, 75.0)));
        let i = and(cmp(BinOp::Lt, 2, 1.5, false), cmp(BinOp::Le, 2, 0.5, true));
        assert_eq!(interval(&i), Some((q, 0.5, 1.5)));
        let two_lower = and(cmp(BinOp::Ge, 2, 1.0, false), cmp(BinOp::Gt, 2, 2.0, false));
        assert_eq!(interval(&two_lower), None);
        let two_quantities = and(cmp(BinOp::Ge, 1, 1.0, false), cmp(BinOp::Le, 2, 2.0, false));
        assert_eq!(interval(&two_quantities), None);
        let empty = and(cmp(BinOp::Ge, 2, 5.0, false), cmp(BinOp::Le, 2, 2.0, false));
        assert_eq!(interval(&empty), None);
        assert_eq!(interval(&cmp(BinOp::Ge, 2, 1.0, false)), None);
    }
}
