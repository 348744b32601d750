//! A recursive-descent parser for the expression language.
//!
//! Precedence, loosest first:
//! ```text
//! or  <  and  <  not  <  comparison (non-chaining)  <  `to`  <  + -  <  * /  <  unary -  <  ^ (right)
//! ```
//! So `a to b` takes whole sums on each side, `-2^2` is −4, and `x > 1 and y < 2` needs no
//! parentheses.
//!
//! ## Limits
//!
//! Operators of one level that follow each other (`a + b - c + …`, `a * b / c`, `a and b and
//! c`, `a or b or c`) are parsed in a loop into one flat [`ExprKind::Chain`], so a sum of any
//! length needs no deeper recursion than `a + b`. Genuine nesting recurses, and is limited to
//! [`MAX_DEPTH`] levels, where each pair of parentheses, each call's or list's brackets, each
//! unary minus (or plus), each `not` and each `^` is one level: deeper expressions are refused
//! with the position of the first token beyond the limit. Expression text is limited to
//! [`MAX_LEN`] bytes, which bounds the memory a single expression can take (about 100 bytes per
//! byte of text at worst).

use super::ast::{BinOp, Expr, ExprKind, Span, UnOp};
use super::lexer::{lex, Tok, Token};
use super::ExprError;

mod atom;

/// Words that cannot be used as quantity names.
pub const KEYWORDS: [&str; 4] = ["to", "and", "or", "not"];

use crate::model::limits::{MAX_DEPTH, MAX_EXPR_LEN as MAX_LEN};

/// Parses one expression.
///
/// # Errors
/// An [`ExprError`] pointing at the offending token; text longer than [`MAX_LEN`] or nested
/// deeper than [`MAX_DEPTH`] is refused.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    if src.trim().is_empty() {
        return Err(ExprError::new(
            Span::new(0, src.len()),
            "the expression is empty".into(),
        ));
    }
    if src.len() > MAX_LEN {
        return Err(ExprError::new(
            Span::new(0, 1),
            format!(
                "the expression is {:.1} MB long; at most 1 MiB ({MAX_LEN} bytes) is allowed",
                src.len() as f64 / 1e6
            ),
        )
        .with_help("compute parts of it as separate [model] quantities and combine those"));
    }
    let tokens = lex(src)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let e = p.or_expr().map_err(|e| *e)?;
    let t = p.peek().clone();
    if t.kind != Tok::Eof {
        return Err(ExprError::new(
            t.span,
            format!(
                "unexpected {} after a complete expression",
                describe(&t.kind)
            ),
        ));
    }
    Ok(e)
}

/// The parser's own result: the error is boxed so that every recursive frame stays small.
type PResult<T> = Result<T, Box<ExprError>>;

fn fail<T>(e: ExprError) -> PResult<T> {
    Err(Box::new(e))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Current nesting depth (see [`MAX_DEPTH`]).
    depth: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(v) => format!("number `{v}`"),
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Str(s) => format!("label \"{s}\""),
        Tok::Sym(s) => format!("`{s}`"),
        Tok::Eof => "end of expression".to_string(),
    }
}

fn binary(op: BinOp, a: Expr, b: Expr) -> Expr {
    let span = a.span.to(b.span);
    Expr {
        kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
        span,
    }
}

/// `first` alone, or a [`ExprKind::Chain`] of `first` and `rest`.
fn chain(first: Expr, rest: Vec<(BinOp, Expr)>) -> Expr {
    match rest.last() {
        None => first,
        Some((_, last)) => {
            let span = first.span.to(last.span);
            Expr {
                kind: ExprKind::Chain(Box::new(first), rest),
                span,
            }
        }
    }
}

fn additive(t: &Tok) -> Option<BinOp> {
    match t {
        Tok::Sym("+") => Some(BinOp::Add),
        Tok::Sym("-") => Some(BinOp::Sub),
        _ => None,
    }
}

fn multiplicative(t: &Tok) -> Option<BinOp> {
    match t {
        Tok::Sym("*") => Some(BinOp::Mul),
        Tok::Sym("/") => Some(BinOp::Div),
        _ => None,
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn at_word(&self, w: &str) -> bool {
        matches!(&self.peek().kind, Tok::Ident(s) if s == w)
    }

    fn at_sym(&self, s: &str) -> bool {
        matches!(&self.peek().kind, Tok::Sym(x) if *x == s)
    }

    fn expect_sym(&mut self, s: &str, context: &str) -> PResult<Token> {
        if self.at_sym(s) {
            return Ok(self.bump());
        }
        let t = self.peek();
        fail(ExprError::new(
            t.span,
            format!("expected `{s}` {context}, found {}", describe(&t.kind)),
        ))
    }

    /// One more level of nesting, refused beyond [`MAX_DEPTH`]; `at` is the token that opens it.
    fn enter(&mut self, at: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return fail(ExprError::new(
                at,
                format!(
                    "the expression is nested too deeply: more than {MAX_DEPTH} levels of parentheses, calls, unary minus, `not` or `^`"
                ),
            )
            .with_help("sums, products, `and` and `or` of any length need no parentheses (a + b + c); compute deep parts as separate [model] quantities"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn or_expr(&mut self) -> PResult<Expr> {
        let first = self.and_expr()?;
        let mut rest = Vec::new();
        while self.at_word("or") {
            self.bump();
            rest.push((BinOp::Or, self.and_expr()?));
        }
        Ok(chain(first, rest))
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        let first = self.not_expr()?;
        let mut rest = Vec::new();
        while self.at_word("and") {
            self.bump();
            rest.push((BinOp::And, self.not_expr()?));
        }
        Ok(chain(first, rest))
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        if self.at_word("not") {
            let t = self.bump();
            self.enter(t.span)?;
            let inner = self.not_expr()?;
            self.leave();
            let span = t.span.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Not, Box::new(inner)),
                span,
            });
        }
        self.cmp_expr()
    }

    fn cmp_op(&self) -> Option<BinOp> {
        match &self.peek().kind {
            Tok::Sym("<") => Some(BinOp::Lt),
            Tok::Sym("<=") => Some(BinOp::Le),
            Tok::Sym(">") => Some(BinOp::Gt),
            Tok::Sym(">=") => Some(BinOp::Ge),
            Tok::Sym("==") => Some(BinOp::Eq),
            Tok::Sym("!=") => Some(BinOp::Ne),
            _ => None,
        }
    }

    fn cmp_expr(&mut self) -> PResult<Expr> {
        let e = self.range_expr()?;
        if let Some(op) = self.cmp_op() {
            self.bump();
            let r = self.range_expr()?;
            if self.cmp_op().is_some() {
                let t = self.peek();
                return fail(ExprError::new(
                    t.span,
                    "comparisons cannot be chained: write `a < b and b < c`".to_string(),
                ));
            }
            return Ok(binary(op, e, r));
        }
        Ok(e)
    }

    fn range_expr(&mut self) -> PResult<Expr> {
        let a = self.add_expr()?;
        if self.at_word("to") {
            self.bump();
            let b = self.add_expr()?;
            if self.at_word("to") {
                return fail(ExprError::new(
                    self.peek().span,
                    "`to` cannot be chained".to_string(),
                ));
            }
            let span = a.span.to(b.span);
            return Ok(Expr {
                kind: ExprKind::To(Box::new(a), Box::new(b)),
                span,
            });
        }
        Ok(a)
    }

    fn add_expr(&mut self) -> PResult<Expr> {
        let first = self.mul_expr()?;
        let mut rest = Vec::new();
        while let Some(op) = additive(&self.peek().kind) {
            self.bump();
            rest.push((op, self.mul_expr()?));
        }
        Ok(chain(first, rest))
    }

    fn mul_expr(&mut self) -> PResult<Expr> {
        let first = self.unary()?;
        let mut rest = Vec::new();
        while let Some(op) = multiplicative(&self.peek().kind) {
            self.bump();
            rest.push((op, self.unary()?));
        }
        Ok(chain(first, rest))
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.at_sym("-") {
            let t = self.bump();
            self.enter(t.span)?;
            let inner = self.unary()?;
            self.leave();
            let span = t.span.to(inner.span);
            if let ExprKind::Num(v) = inner.kind {
                return Ok(Expr {
                    kind: ExprKind::Num(-v),
                    span,
                });
            }
            return Ok(Expr {
                kind: ExprKind::Unary(UnOp::Neg, Box::new(inner)),
                span,
            });
        }
        if self.at_sym("+") {
            let t = self.bump();
            self.enter(t.span)?;
            let e = self.unary();
            self.leave();
            return e;
        }
        self.power()
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.atom()?;
        if self.at_sym("^") {
            let t = self.bump();
            self.enter(t.span)?;
            let exp = self.unary()?;
            self.leave();
            return Ok(binary(BinOp::Pow, base, exp));
        }
        Ok(base)
    }
}

#[cfg(test)]
mod tests;
