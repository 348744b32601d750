//! A recursive-descent parser for the expression language.
//!
//! Precedence, loosest first:
//! ```text
//! or  <  and  <  not  <  comparison (non-chaining)  <  `to`  <  + -  <  * /  <  unary -  <  ^ (right)
//! ```
//! So `a to b` takes whole sums on each side, `-2^2` is −4, and `x > 1 and y < 2` needs no
//! parentheses.

use super::ast::{BinOp, Expr, ExprKind, Span, UnOp};
use super::lexer::{lex, Tok, Token};
use super::ExprError;

/// Words that cannot be used as quantity names.
pub const KEYWORDS: [&str; 4] = ["to", "and", "or", "not"];

/// Parses one expression.
///
/// # Errors
/// An [`ExprError`] pointing at the offending token.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    if src.trim().is_empty() {
        return Err(ExprError::new(
            Span::new(0, src.len()),
            "the expression is empty".into(),
        ));
    }
    let tokens = lex(src)?;
    let mut p = Parser { tokens, pos: 0 };
    let e = p.or_expr()?;
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

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
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

    fn expect_sym(&mut self, s: &str, context: &str) -> Result<Token, ExprError> {
        if self.at_sym(s) {
            return Ok(self.bump());
        }
        let t = self.peek();
        Err(ExprError::new(
            t.span,
            format!("expected `{s}` {context}, found {}", describe(&t.kind)),
        ))
    }

    fn or_expr(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.and_expr()?;
        while self.at_word("or") {
            self.bump();
            let r = self.and_expr()?;
            e = binary(BinOp::Or, e, r);
        }
        Ok(e)
    }

    fn and_expr(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.not_expr()?;
        while self.at_word("and") {
            self.bump();
            let r = self.not_expr()?;
            e = binary(BinOp::And, e, r);
        }
        Ok(e)
    }

    fn not_expr(&mut self) -> Result<Expr, ExprError> {
        if self.at_word("not") {
            let t = self.bump();
            let inner = self.not_expr()?;
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

    fn cmp_expr(&mut self) -> Result<Expr, ExprError> {
        let e = self.range_expr()?;
        if let Some(op) = self.cmp_op() {
            self.bump();
            let r = self.range_expr()?;
            if self.cmp_op().is_some() {
                let t = self.peek();
                return Err(ExprError::new(
                    t.span,
                    "comparisons cannot be chained: write `a < b and b < c`".to_string(),
                ));
            }
            return Ok(binary(op, e, r));
        }
        Ok(e)
    }

    fn range_expr(&mut self) -> Result<Expr, ExprError> {
        let a = self.add_expr()?;
        if self.at_word("to") {
            self.bump();
            let b = self.add_expr()?;
            if self.at_word("to") {
                return Err(ExprError::new(
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

    fn add_expr(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.mul_expr()?;
        loop {
            let op = match &self.peek().kind {
                Tok::Sym("+") => BinOp::Add,
                Tok::Sym("-") => BinOp::Sub,
                _ => return Ok(e),
            };
            self.bump();
            let r = self.mul_expr()?;
            e = binary(op, e, r);
        }
    }

    fn mul_expr(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.unary()?;
        loop {
            let op = match &self.peek().kind {
                Tok::Sym("*") => BinOp::Mul,
                Tok::Sym("/") => BinOp::Div,
                _ => return Ok(e),
            };
            self.bump();
            let r = self.unary()?;
            e = binary(op, e, r);
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.at_sym("-") {
            let t = self.bump();
            let inner = self.unary()?;
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
            self.bump();
            return self.unary();
        }
        self.power()
    }

    fn power(&mut self) -> Result<Expr, ExprError> {
        let base = self.atom()?;
        if self.at_sym("^") {
            self.bump();
            let exp = self.unary()?;
            return Ok(binary(BinOp::Pow, base, exp));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        let t = self.bump();
        match t.kind {
            Tok::Num(v) => Ok(Expr {
                kind: ExprKind::Num(v),
                span: t.span,
            }),
            Tok::Str(label) => Ok(Expr {
                kind: ExprKind::Str(label),
                span: t.span,
            }),
            Tok::Ident(name) if KEYWORDS.contains(&name.as_str()) => Err(ExprError::new(
                t.span,
                format!("expected a number, name or `(`, found the keyword `{name}`"),
            )),
            Tok::Ident(name) => {
                if self.at_sym("(") {
                    self.bump();
                    let args = self.list_items(")", "to close the argument list")?;
                    let close = self.expect_sym(")", "to close the argument list")?;
                    return Ok(Expr {
                        kind: ExprKind::Call {
                            name,
                            name_span: t.span,
                            args,
                        },
                        span: t.span.to(close.span),
                    });
                }
                Ok(Expr {
                    kind: ExprKind::Name(name),
                    span: t.span,
                })
            }
            Tok::Sym("(") => {
                let inner = self.or_expr()?;
                let close = self.expect_sym(")", "to close `(`")?;
                Ok(Expr {
                    kind: inner.kind,
                    span: t.span.to(close.span),
                })
            }
            Tok::Sym("[") => {
                let items = self.list_items("]", "to close the list")?;
                let close = self.expect_sym("]", "to close the list")?;
                Ok(Expr {
                    kind: ExprKind::List(items),
                    span: t.span.to(close.span),
                })
            }
            other => Err(ExprError::new(
                t.span,
                format!("expected a number, name or `(`, found {}", describe(&other)),
            )),
        }
    }

    fn list_items(&mut self, close: &str, context: &str) -> Result<Vec<Expr>, ExprError> {
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
            return Err(ExprError::new(
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
            ExprKind::Str(s) => format!("\"{s}\""),
            ExprKind::Unary(UnOp::Neg, a) => format!("(-{})", show(a)),
            ExprKind::Unary(UnOp::Not, a) => format!("(not {})", show(a)),
            ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
            ExprKind::To(a, b) => format!("({} to {})", show(a), show(b)),
            ExprKind::Call { name, args, .. } => {
                format!(
                    "{name}({})",
                    args.iter().map(show).collect::<Vec<_>>().join(", ")
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
