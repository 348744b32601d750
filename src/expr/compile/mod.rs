//! Name resolution, type checking and constant folding: from a syntax tree to a compiled
//! [`Node`] of the model core.
//!
//! Every name must be a quantity of the scenario; every call a known function or distribution
//! family with the right number of arguments. Expressions are either numbers or true/false
//! values ([`Ty`]); claims must be true/false, quantities numbers. Distribution calls whose
//! arguments are all constant are checked here, so `beta(-1, 2)` fails before any sampling.

use super::ast::{BinOp, Expr, ExprKind, Span, UnOp};
pub use super::functions::callable_names;
use super::functions::FUNCTIONS;
use super::indexed::Indexing;
use super::{constants, hints, nearest, ExprError};
use crate::dist::{check_weights, Dist, Family};
use crate::model::limits::shorten;
use crate::model::{IndexId, Node, QuantityId, SampleNode, Ty};
use std::collections::HashMap;

/// What the compiler needs to know about the scenario: quantity names (looked up by hash, so
/// compiling a file is linear in its size) and claim ids (for the hint that claims cannot be
/// referenced).
pub struct Names<'a> {
    /// All quantity names, by index.
    pub all: &'a [String],
    index: HashMap<&'a str, usize>,
    claims: &'a [String],
    /// The scenario's indexes and indexed quantities, if it has any.
    pub indexing: Option<&'a Indexing>,
}

impl<'a> Names<'a> {
    /// The quantity names `all`, by index.
    pub fn new(all: &'a [String]) -> Names<'a> {
        let mut index = HashMap::with_capacity(all.len());
        for (i, n) in all.iter().enumerate() {
            index.entry(n.as_str()).or_insert(i);
        }
        Names {
            all,
            index,
            claims: &[],
            indexing: None,
        }
    }

    /// Adds the indexes and indexed quantities.
    pub fn with_indexing(mut self, indexing: &'a Indexing) -> Names<'a> {
        self.indexing = Some(indexing);
        self
    }

    /// Adds the claim ids, for hints.
    pub fn with_claims(mut self, claims: &'a [String]) -> Names<'a> {
        self.claims = claims;
        self
    }

    /// The index of quantity `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The claim ids.
    pub fn claims(&self) -> &[String] {
        self.claims
    }
}

/// Compiles `expr` (whose text is `src`), resolving names against `names`.
///
/// # Errors
/// Unknown names or functions (with the nearest suggestion), wrong argument counts, type
/// mismatches, and invalid constant distribution parameters.
pub fn compile(expr: &Expr, src: &str, names: &Names) -> Result<(Node, Ty), ExprError> {
    compile_at(expr, src, names, &[])
}

/// Compiles `expr` at one element of each index in `env` (an element of an indexed quantity):
/// the index names take that element's value and indexed quantities that element's quantity.
///
/// # Errors
/// As [`compile`], and indexes or indexed quantities used where they are not bound.
pub fn compile_at(
    expr: &Expr,
    src: &str,
    names: &Names,
    env: &[(IndexId, usize)],
) -> Result<(Node, Ty), ExprError> {
    Compiler {
        src,
        names,
        env: env.to_vec(),
    }
    .node(expr)
}

/// Compiles one expression; `env` binds elements of indexes (innermost last).
pub(super) struct Compiler<'a> {
    pub(super) src: &'a str,
    pub(super) names: &'a Names<'a>,
    pub(super) env: Vec<(IndexId, usize)>,
}

fn type_name(t: Ty) -> &'static str {
    match t {
        Ty::Num => "a number",
        Ty::Bool => "a true/false value",
    }
}

impl Compiler<'_> {
    pub(super) fn text(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    pub(super) fn want(&self, e: &Expr, want: Ty, context: &str) -> Result<Node, ExprError> {
        let (n, t) = self.node(e)?;
        if t != want {
            return Err(self.mismatch(e, t, want, context));
        }
        Ok(n)
    }

    // Kept out of line, like the other arms below that build messages: the frames on the
    // recursive path (`want` → `node` → `chain`/`binary` → `want`) stay small, which is what
    // bounds the stack a deeply nested expression needs (see `parser::MAX_DEPTH`).
    #[cold]
    #[inline(never)]
    fn mismatch(&self, e: &Expr, t: Ty, want: Ty, context: &str) -> ExprError {
        ExprError::new(
            e.span,
            format!(
                "`{}` is {}, but {context} needs {}",
                shorten(self.text(e.span)),
                type_name(t),
                type_name(want)
            ),
        )
    }

    pub(super) fn node(&self, e: &Expr) -> Result<(Node, Ty), ExprError> {
        match &e.kind {
            ExprKind::Str(_) => Err(ExprError::new(
                e.span,
                "a label in quotes names an element: it is allowed only in at(x, \"2024-02\") and months_between(\"2023-08\", \"2024-02\")".to_string(),
            )),
            ExprKind::Num(v) => Ok((Node::Const(*v), Ty::Num)),
            ExprKind::Name(n) => self.name(n, e.span),
            ExprKind::Unary(UnOp::Neg, a) => {
                let a = self.want(a, Ty::Num, "`-`")?;
                Ok((self.fold(Node::Neg(Box::new(a)), e.span)?, Ty::Num))
            }
            ExprKind::Unary(UnOp::Not, a) => {
                let a = self.want(a, Ty::Bool, "`not`")?;
                Ok((Node::Not(Box::new(a)), Ty::Bool))
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b),
            ExprKind::Chain(first, rest) => self.chain(first, rest),
            ExprKind::To(a, b) => {
                let args = vec![
                    self.want(a, Ty::Num, "`to`")?,
                    self.want(b, Ty::Num, "`to`")?,
                ];
                self.sample(Family::To, args, e.span, e.span)
            }
            ExprKind::Call(c) => self.call(&c.name, c.name_span, &c.args, e.span),
            ExprKind::List(_) => Err(ExprError::new(
                e.span,
                "a `[...]` list is only allowed as the last argument of mixture(...), for weights"
                    .to_string(),
            )),
        }
    }

    #[inline(never)]
    fn name(&self, n: &str, span: Span) -> Result<(Node, Ty), ExprError> {
        match self.names.find(n) {
            Some(i) => Ok((Node::Ref(QuantityId::new(i)), Ty::Num)),
            None => match self.indexed_name(n, span) {
                Some(r) => r,
                None => Err(hints::unknown_name(n, span, self.names)),
            },
        }
    }

    /// Folds a numeric node with constant operands; a constant that is not a finite number is
    /// an error ([`constants`]).
    fn fold(&self, node: Node, span: Span) -> Result<Node, ExprError> {
        constants::fold(node, span, self.text(span))
    }

    fn binary(&self, op: BinOp, a: &Expr, b: &Expr) -> Result<(Node, Ty), ExprError> {
        let context = format!("`{}`", op.symbol());
        if op.is_logical() {
            let (x, y) = (
                self.want(a, Ty::Bool, &context)?,
                self.want(b, Ty::Bool, &context)?,
            );
            return Ok((Node::Bin(op, Box::new(x), Box::new(y)), Ty::Bool));
        }
        let (x, y) = (
            self.want(a, Ty::Num, &context)?,
            self.want(b, Ty::Num, &context)?,
        );
        let ty = if op.is_comparison() {
            Ty::Bool
        } else {
            Ty::Num
        };
        let span = a.span.to(b.span);
        constants::check_bin(op, &y, span, self.text(span))?;
        let node = Node::Bin(op, Box::new(x), Box::new(y));
        let node = if ty == Ty::Num {
            self.fold(node, span)?
        } else {
            node
        };
        Ok((node, ty))
    }

    /// A flat chain of one precedence level (`a + b - c`, `a and b and c`), compiled without
    /// recursing along it. Arithmetic chains fold their leading constants, exactly as the
    /// left-nested tree `((a op b) op c)` would, and a constant step that is not a finite
    /// number, or a division by a constant 0, is an error ([`constants`]), as in [`Self::binary`].
    fn chain(&self, first: &Expr, rest: &[(BinOp, Expr)]) -> Result<(Node, Ty), ExprError> {
        let ty = if rest.first().is_some_and(|(op, _)| op.is_logical()) {
            Ty::Bool
        } else {
            Ty::Num
        };
        let context = |op: BinOp| format!("`{}`", op.symbol());
        let head = self.want(
            first,
            ty,
            &context(rest.first().map_or(BinOp::Add, |r| r.0)),
        )?;
        let mut terms = Vec::with_capacity(rest.len());
        for (op, e) in rest {
            let y = self.want(e, ty, &context(*op))?;
            let span = first.span.to(e.span);
            constants::check_bin(*op, &y, span, self.text(span))?;
            terms.push((*op, y, e.span));
        }
        if ty == Ty::Bool {
            let terms = terms.into_iter().map(|(op, y, _)| (op, y)).collect();
            return Ok((Node::chain(head, terms), ty));
        }
        Ok((self.fold_chain(first.span, head, terms)?, ty))
    }

    /// Folds the leading constants of an arithmetic chain, as the left-nested tree would be
    /// folded node by node: `2 * 3 * x` becomes `6 * x`, while `x * 2 * 3` stays as written
    /// (floating-point `(x * 2) * 3` is not always `x * 6`).
    fn fold_chain(
        &self,
        start: Span,
        head: Node,
        terms: Vec<(BinOp, Node, Span)>,
    ) -> Result<Node, ExprError> {
        let mut head = head;
        let mut terms = terms.into_iter().peekable();
        while head.as_const().is_some() {
            let Some((op, y, end)) = terms.next_if(|t| t.1.as_const().is_some()) else {
                break;
            };
            head = self.fold(Node::Bin(op, Box::new(head), Box::new(y)), start.to(end))?;
        }
        Ok(Node::chain(head, terms.map(|(op, y, _)| (op, y)).collect()))
    }

    fn args_num(&self, args: &[Expr], context: &str) -> Result<Vec<Node>, ExprError> {
        args.iter()
            .map(|a| self.want(a, Ty::Num, context))
            .collect()
    }

    #[inline(never)]
    fn call(
        &self,
        name: &str,
        name_span: Span,
        args: &[Expr],
        span: Span,
    ) -> Result<(Node, Ty), ExprError> {
        if let Some(r) = self.index_call(name, args, span) {
            return r;
        }
        let arity_err =
            |want: String| ExprError::new(span, format!("{name} takes {want}, got {}", args.len()));
        if let Some((_, f, arity)) = FUNCTIONS.iter().find(|x| x.0 == name) {
            match arity {
                Some(k) if args.len() != *k => {
                    return Err(arity_err(format!(
                        "{k} argument{}",
                        if *k == 1 { "" } else { "s" }
                    )))
                }
                None if args.len() < 2 => return Err(arity_err("2 or more arguments".to_string())),
                _ => {}
            }
            let nodes = self.args_num(args, &format!("{name}(...)"))?;
            constants::check_args(*f, &nodes, span, self.text(span))?;
            return Ok((self.fold(Node::Func(*f, nodes), span)?, Ty::Num));
        }
        if name == "if" {
            if args.len() != 3 {
                return Err(arity_err(
                    "3 arguments (condition, value if true, value if false)".to_string(),
                ));
            }
            let c = self.want(&args[0], Ty::Bool, "the condition of if(...)")?;
            let (a, ta) = self.node(&args[1])?;
            let b = self.want(
                &args[2],
                ta,
                "the third argument of if(...), like the second,",
            )?;
            return Ok((Node::If(Box::new(c), Box::new(a), Box::new(b)), ta));
        }
        if name == "mixture" {
            return self.mixture(args, span);
        }
        if let Some(family) = Family::from_name(name) {
            if args.len() != family.param_names().len() {
                return Err(arity_err(format!(
                    "{} argument{} ({})",
                    family.param_names().len(),
                    if family.param_names().len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    family.param_names().join(", ")
                ))
                .with_help(format!("write {}", family.signature())));
            }
            let nodes = self.args_num(args, &format!("{name}(...)"))?;
            return self.sample(family, nodes, span, span);
        }
        let mut err = ExprError::new(name_span, format!("unknown function `{name}`"));
        if let Some(s) = nearest(name, callable_names()) {
            err = err.with_help(format!("did you mean `{s}`?"));
        } else {
            err = err.with_help(format!("known functions: {}", callable_names().join(", ")));
        }
        Err(err)
    }

    #[inline(never)]
    fn sample(
        &self,
        family: Family,
        args: Vec<Node>,
        span: Span,
        _call: Span,
    ) -> Result<(Node, Ty), ExprError> {
        let consts: Option<Vec<f64>> = args.iter().map(Node::as_const).collect();
        let fixed = match &consts {
            Some(params) => {
                let d =
                    Dist::new(family, params).map_err(|e| ExprError::new(span, e.to_string()))?;
                constants::check_dist(&d, span, self.text(span))?;
                Some(d)
            }
            None if family == Family::BetaCi => return Err(ExprError::new(
                span,
                "beta_ci(p5, p95) needs constant arguments (it is fitted once, before sampling)"
                    .to_string(),
            )),
            None => None,
        };
        let text = shorten(self.text(span));
        Ok((
            Node::Sample(Box::new(SampleNode {
                family,
                args,
                fixed,
                text,
                stream: None,
            })),
            Ty::Num,
        ))
    }

    #[inline(never)]
    fn mixture(&self, args: &[Expr], span: Span) -> Result<(Node, Ty), ExprError> {
        let (comps, weights) = match args.last() {
            Some(Expr {
                kind: ExprKind::List(items),
                span: lspan,
            }) => {
                let w: Result<Vec<f64>, ExprError> = items
                    .iter()
                    .map(|it| match self.node(it)? {
                        (Node::Const(v), Ty::Num) => Ok(v),
                        _ => Err(ExprError::new(
                            it.span,
                            "mixture weights must be constant numbers".to_string(),
                        )),
                    })
                    .collect();
                let w = w?;
                let comps = &args[..args.len() - 1];
                if w.len() != comps.len() {
                    return Err(ExprError::new(
                        *lspan,
                        format!(
                            "mixture has {} components but {} weights",
                            comps.len(),
                            w.len()
                        ),
                    ));
                }
                let w = check_weights(&w).map_err(|e| ExprError::new(*lspan, e.to_string()))?;
                (comps, w)
            }
            _ => (args, vec![1.0 / args.len().max(1) as f64; args.len()]),
        };
        if comps.is_empty() {
            return Err(ExprError::new(
                span,
                "mixture needs at least one component: mixture(d1, d2, ..., [w1, w2, ...])"
                    .to_string(),
            ));
        }
        let components = self.args_num(comps, "a mixture component")?;
        let mut acc = 0.0;
        let mut cumulative: Vec<f64> = weights
            .iter()
            .map(|w| {
                acc += w;
                acc
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Ok((
            Node::Mixture {
                components,
                cumulative,
                stream: None,
            },
            Ty::Num,
        ))
    }
}

#[cfg(test)]
mod tests;
