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

use super::ast::{BinOp, Call, Expr, ExprKind, Span, UnOp};
use super::lexer::{lex, Tok, Token};
use super::ExprError;

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

    fn atom(&mut self) -> PResult<Expr> {
        let t = self.bump();
        match t.kind {
            Tok::Num(v) => Ok(Expr {
                kind: ExprKind::Num(v),
                span: t.span,
            }),
            Tok::Ident(name) if KEYWORDS.contains(&name.as_str()) => fail(ExprError::new(
                t.span,
                format!("expected a number, name or `(`, found the keyword `{name}`"),
            )),
            Tok::Ident(name) => {
                if self.at_sym("(") {
                    let open = self.bump();
                    self.enter(open.span)?;
                    let args = self.list_items(")", "to close the argument list")?;
                    self.leave();
                    let close = self.expect_sym(")", "to close the argument list")?;
                    return Ok(Expr {
                        kind: ExprKind::Call(Box::new(Call {
                            name,
                            name_span: t.span,
                            args,
                        })),
                        span: t.span.to(close.span),
                    });
                }
                Ok(Expr {
                    kind: ExprKind::Name(name),
                    span: t.span,
                })
            }
            Tok::Sym("(") => {
                self.enter(t.span)?;
                let inner = self.or_expr()?;
                self.leave();
                let close = self.expect_sym(")", "to close `(`")?;
                Ok(Expr {
                    kind: inner.kind,
                    span: t.span.to(close.span),
                })
            }
            Tok::Sym("[") => {
                self.enter(t.span)?;
                let items = self.list_items("]", "to close the list")?;
                self.leave();
                let close = self.expect_sym("]", "to close the list")?;
                Ok(Expr {
                    kind: ExprKind::List(items),
                    span: t.span.to(close.span),
                })
            }
            other => fail(ExprError::new(
                t.span,
                format!("expected a number, name or `(`, found {}", describe(&other)),
            )),
        }
    }

    fn list_items(&mut self, close: &str, context: &str) -> PResult<Vec<Expr>> {
        let mut items = Vec::new();
        if self.at_sym(close) {
            return Ok(items);
        }
        loop {
            items.push(self.or_expr()?);
            if self.at_sym(",") {
                self.bump();
                continue;
            }
            if self.at_sym(close) {
                return Ok(items);
            }
            let t = self.peek();
            return fail(ExprError::new(
                t.span,
                format!(
                    "expected `,` or `{close}` {context}, found {}",
                    describe(&t.kind)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a tree fully parenthesised, to check precedence.
    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Num(v) => format!("{v}"),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Unary(UnOp::Neg, a) => format!("(-{})", show(a)),
            ExprKind::Unary(UnOp::Not, a) => format!("(not {})", show(a)),
            ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
            ExprKind::Chain(first, rest) => rest.iter().fold(show(first), |acc, (op, b)| {
                format!("({acc} {} {})", op.symbol(), show(b))
            }),
            ExprKind::To(a, b) => format!("({} to {})", show(a), show(b)),
            ExprKind::Call(c) => {
                format!(
                    "{}({})",
                    c.name,
                    c.args.iter().map(show).collect::<Vec<_>>().join(", ")
                )
            }
            ExprKind::List(items) => format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    #[test]
    fn precedence() {
        let cases = [
            ("1 + 2 * 3", "(1 + (2 * 3))"),
            ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
            ("-x ^ 2", "(-(x ^ 2))"),
            ("a * 2 to b + 1", "((a * 2) to (b + 1))"),
            (
                "x >= 3M and not y < 2 or z",
                "(((x >= 3000000) and (not (y < 2))) or z)",
            ),
            ("(1 + 2) * 3", "((1 + 2) * 3)"),
            ("max(a, b - 1, 3)", "max(a, (b - 1), 3)"),
            (
                "mixture(1 to 2, normal(0, 1), [0.3, 0.7])",
                "mixture((1 to 2), normal(0, 1), [0.3, 0.7])",
            ),
            ("a - b - c", "((a - b) - c)"),
            ("a / b * c", "((a / b) * c)"),
            ("-3", "-3"),
        ];
        for (src, want) in cases {
            assert_eq!(show(&parse(src).unwrap()), want, "{src}");
        }
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("1 +", 3, "expected a number"),
            ("(1 + 2", 6, "expected `)`"),
            ("a < b < c", 6, "chained"),
            ("f(1 2)", 4, "expected `,` or `)`"),
            ("1 2", 2, "unexpected number"),
            ("", 0, "empty"),
            ("1 to 2 to 3", 7, "chained"),
            ("x and", 5, "expected a number"),
            ("to", 0, "keyword"),
        ];
        for (src, col, msg) in cases {
            let e = parse(src).unwrap_err();
            assert_eq!(e.span.start, col, "{src}: {e:?}");
            assert!(e.message.contains(msg), "{src}: {}", e.message);
        }
    }

    #[test]
    fn spans_cover_source() {
        let e = parse("containers * rounds").unwrap();
        assert_eq!(e.span, Span::new(0, 19));
        let names = e.names();
        assert_eq!(names[1].1, Span::new(13, 19));
    }
}
