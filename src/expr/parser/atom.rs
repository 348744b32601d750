//! Atoms of the grammar: numbers, labels, names, calls, parenthesised expressions and lists.

use super::{describe, fail, PResult, Parser, KEYWORDS};
use crate::expr::ast::{Call, Expr, ExprKind};
use crate::expr::lexer::Tok;
use crate::expr::ExprError;

impl Parser {
    pub(super) fn atom(&mut self) -> PResult<Expr> {
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
