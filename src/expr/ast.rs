//! The syntax tree of an expression, as parsed, before names are resolved.

pub(crate) use crate::model::BinOp;

/// Byte range within the expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `not c`
    Not,
}

/// A function or distribution call; the span of the name is kept for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Function name as written.
    pub name: String,
    /// Span of the name.
    pub name_span: Span,
    /// Arguments.
    pub args: Vec<Expr>,
}

/// An expression node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it stands in the text.
    pub span: Span,
}

/// The kinds of expression node.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal (suffixes already applied: `3M` is 3e6).
    Num(f64),
    /// A reference to a named quantity.
    Name(String),
    /// A unary operation.
    Unary(UnOp, Box<Expr>),
    /// A binary operation that does not chain: a comparison or `^`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// Two or more operands joined by operators of one precedence level, left to right:
    /// `a + b - c` (`+ -`), `a * b / c` (`* /`), `a and b` or `a or b`. Flat, so a sum of
    /// 100,000 terms is one node whose handling needs no deeper recursion than `a + b`.
    Chain(Box<Expr>, Vec<(BinOp, Expr)>),
    /// `a to b`: the lognormal with 5th and 95th percentiles a and b.
    To(Box<Expr>, Box<Expr>),
    /// A function or distribution call (boxed, so that every node stays small).
    Call(Box<Call>),
    /// A bracketed list, allowed only as the weights of `mixture`.
    List(Vec<Expr>),
}

impl Expr {
    /// Names referenced anywhere in the expression, in order of first appearance.
    pub fn names(&self) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        self.visit(&mut |e| {
            if let ExprKind::Name(n) = &e.kind {
                if !out.iter().any(|(m, _)| m == n) {
                    out.push((n.clone(), e.span));
                }
            }
        });
        out
    }

    fn visit(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Num(_) | ExprKind::Name(_) => {}
            ExprKind::Unary(_, a) => a.visit(f),
            ExprKind::Binary(_, a, b) | ExprKind::To(a, b) => {
                a.visit(f);
                b.visit(f);
            }
            ExprKind::Chain(first, rest) => {
                first.visit(f);
                for (_, a) in rest {
                    a.visit(f);
                }
            }
            ExprKind::Call(c) => c.args.iter().for_each(|a| a.visit(f)),
            ExprKind::List(args) => args.iter().for_each(|a| a.visit(f)),
        }
    }
}
