//! Compiling the index functions element by element: names bound to an element, the
//! reductions (`sum_over` … `first_where`), `cumsum`, `at`, `months_between` and `sum_of`
//! (see the parent module's table).

use super::super::ast::{Expr, ExprKind, Span};
use super::super::compile::Compiler;
use super::super::ExprError;
use super::{free, INDEX_FUNCTIONS, MAX_ELEMENT_WORK};
use crate::model::index::{month_number, Index};
use crate::model::{BinOp, Func, IndexId, Node, SumOfNode, Ty};

impl Compiler<'_> {
    /// The element of index `i` the environment binds, if any (innermost first).
    fn bound(&self, i: IndexId) -> Option<usize> {
        self.env
            .iter()
            .rev()
            .find(|(j, _)| *j == i)
            .map(|(_, p)| *p)
    }

    /// This compiler with element `pos` of index `i` bound as well.
    fn with(&self, i: IndexId, pos: usize) -> Compiler<'_> {
        let mut env = self.env.clone();
        env.push((i, pos));
        Compiler {
            src: self.src,
            names: self.names,
            env,
        }
    }

    /// A name that is an index or an indexed quantity, at the bound element; `None` for other
    /// names.
    pub(in crate::expr) fn indexed_name(
        &self,
        n: &str,
        span: Span,
    ) -> Option<Result<(Node, Ty), ExprError>> {
        let ix = self.names.indexing?;
        if let Some(i) = ix.index_named(n) {
            let index = ix.index(i);
            return Some(match self.bound(i) {
                Some(p) => Ok((Node::Const(index.values[p]), Ty::Num)),
                None => Err(not_bound(n, index, span, true)),
            });
        }
        let (i, elements) = ix.quantities.get(n)?;
        let index = ix.index(*i);
        Some(match self.bound(*i) {
            Some(p) => Ok((Node::Ref(elements[p]), Ty::Num)),
            None => Err(not_bound(n, index, span, false)),
        })
    }

    /// The index functions; `None` for other names.
    pub(in crate::expr) fn index_call(
        &self,
        name: &str,
        args: &[Expr],
        span: Span,
    ) -> Option<Result<(Node, Ty), ExprError>> {
        if !INDEX_FUNCTIONS.contains(&name) {
            return None;
        }
        let arity = |k: usize, form: &str| {
            if args.len() == k {
                Ok(())
            } else {
                Err(ExprError::new(
                    span,
                    format!("{name} takes {k} arguments, got {}", args.len()),
                )
                .with_help(format!("write {form}")))
            }
        };
        Some(match name {
            "sum_of" => arity(2, "sum_of(n, dist), e.g. sum_of(trips, 150 to 400)")
                .and_then(|_| self.sum_of(args, span)),
            "months_between" => arity(2, "months_between(\"2023-08\", \"2024-02\")")
                .and_then(|_| self.months_between(args)),
            "at" => arity(2, "at(x, \"2024-02\") or at(x, 3)").and_then(|_| self.at(args, span)),
            "cumsum" => arity(2, "cumsum(x, month)").and_then(|_| self.cumsum(args, span)),
            _ => arity(2, &format!("{name}(x, index)")).and_then(|_| self.reduce(name, args)),
        })
    }

    /// The index named by argument `a` (a reduction's second argument).
    fn index_arg(&self, name: &str, a: &Expr) -> Result<IndexId, ExprError> {
        let ix = self.names.indexing;
        let found = match &a.kind {
            ExprKind::Name(n) => ix.and_then(|ix| ix.index_named(n)),
            _ => None,
        };
        found.ok_or_else(|| {
            let known = ix.map_or_else(String::new, |ix| {
                ix.indexes
                    .iter()
                    .map(|i| format!("`{}`", i.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            ExprError::new(
                a.span,
                format!("the second argument of {name}(...) must be the name of an index"),
            )
            .with_help(if known.is_empty() {
                "declare indexes under [index], e.g. month = { from = \"2023-08\", to = \"2025-07\" }".to_string()
            } else {
                format!("indexes of this scenario: {known}")
            })
        })
    }

    /// Refuses a reduction over `k` elements whose nesting makes the compiled model too large.
    fn check_work(&self, k: usize, span: Span) -> Result<(), ExprError> {
        let work = (k as f64).powi(self.env.len() as i32 + 1);
        if work > MAX_ELEMENT_WORK {
            return Err(ExprError::new(
                span,
                format!(
                    "this reduction over {k} elements, inside {} other index binding(s), would compile its argument {} times (at most {} allowed)",
                    self.env.len(),
                    crate::text::number::short(work, 3),
                    crate::text::number::short(MAX_ELEMENT_WORK, 3)
                ),
            )
            .with_help("reduce in a quantity of its own (total = sum_over(x, month)) and use that quantity here"));
        }
        Ok(())
    }

    fn reduce(&self, name: &str, args: &[Expr]) -> Result<(Node, Ty), ExprError> {
        let i = self.index_arg(name, &args[1])?;
        let index = self
            .names
            .indexing
            .map(|ix| ix.index(i).clone())
            .expect("index_arg found it");
        self.check_work(index.len(), args[0].span)?;
        let test = matches!(name, "all_over" | "any_over" | "first_where");
        let (want, context) = if test {
            (Ty::Bool, format!("{name}(test, index)"))
        } else {
            (Ty::Num, format!("{name}(x, index)"))
        };
        let nodes: Vec<Node> = (0..index.len())
            .map(|p| self.with(i, p).want(&args[0], want, &context))
            .collect::<Result<_, _>>()?;
        let k = nodes.len() as f64;
        let (node, ty) = match name {
            "sum_over" => (Node::Func(Func::Sum, nodes), Ty::Num),
            "mean_over" => (
                Node::Bin(
                    BinOp::Div,
                    Box::new(Node::Func(Func::Sum, nodes)),
                    Box::new(Node::Const(k)),
                ),
                Ty::Num,
            ),
            "min_over" => (Node::Func(Func::Min, nodes), Ty::Num),
            "max_over" => (Node::Func(Func::Max, nodes), Ty::Num),
            "all_over" => (Node::Func(Func::All, nodes), Ty::Bool),
            "any_over" => (Node::Func(Func::Any, nodes), Ty::Bool),
            _ => {
                let mut a = nodes;
                a.extend(index.values.iter().map(|v| Node::Const(*v)));
                a.push(Node::Const(index.after_last()));
                (Node::Func(Func::FirstWhere, a), Ty::Num)
            }
        };
        Ok((fold_all(node), ty))
    }

    fn cumsum(&self, args: &[Expr], span: Span) -> Result<(Node, Ty), ExprError> {
        let i = self.index_arg("cumsum", &args[1])?;
        let ix = self.names.indexing.expect("index_arg found it");
        let Some(pos) = self.bound(i) else {
            let name = &ix.index(i).name;
            return Err(ExprError::new(
                span,
                format!("cumsum(...) has one value per element of `{name}`, but this formula needs one number"),
            )
            .with_help(format!(
                "define it as its own quantity (cum = \"cumsum(x, {name})\") and use at(cum, ...), first_where(...) or another reduction here"
            )));
        };
        self.check_work(ix.index(i).len(), args[0].span)?;
        let nodes: Vec<Node> = (0..=pos)
            .map(|p| self.with(i, p).want(&args[0], Ty::Num, "cumsum(x, index)"))
            .collect::<Result<_, _>>()?;
        if nodes.iter().any(Node::draws) {
            return Err(ExprError::new(
                args[0].span,
                "the first argument of cumsum(...) draws random values itself, so each running total would draw them anew".to_string(),
            )
            .with_help(format!(
                "define the per-element values as their own indexed quantity (e.g. step = \"{}\") and write cumsum(step, {})",
                self.text(args[0].span),
                ix.index(i).name
            )));
        }
        Ok((fold_all(Node::Func(Func::Sum, nodes)), Ty::Num))
    }

    fn at(&self, args: &[Expr], span: Span) -> Result<(Node, Ty), ExprError> {
        let ix = self.names.indexing.filter(|ix| !ix.indexes.is_empty());
        let Some(i) = ix.and_then(|ix| free(&args[0], ix)) else {
            return Err(ExprError::new(
                args[0].span,
                format!(
                    "at(...) picks one element of an indexed value, and `{}` is not indexed",
                    self.text(args[0].span)
                ),
            ));
        };
        let index = ix.expect("found an index").index(i);
        let pos = match &args[1].kind {
            ExprKind::Str(label) => index.position_of_label(label),
            _ => match self.node(&args[1])? {
                (Node::Const(v), Ty::Num) => index.position_of_value(v),
                _ => return Err(ExprError::new(
                    args[1].span,
                    "the element of at(x, element) must be a label in quotes or a constant number"
                        .to_string(),
                )),
            },
        };
        let Some(pos) = pos else {
            return Err(ExprError::new(
                args[1].span,
                format!(
                    "`{}` is not an element of the index `{}`",
                    self.text(args[1].span),
                    index.name
                ),
            )
            .with_help(format!(
                "its elements run from \"{}\" to \"{}\" ({} elements; values {} to {})",
                index.labels[0],
                index.labels[index.len() - 1],
                index.len(),
                index.values[0],
                index.values[index.len() - 1]
            )));
        };
        let _ = span;
        self.with(i, pos).node(&args[0])
    }

    fn months_between(&self, args: &[Expr]) -> Result<(Node, Ty), ExprError> {
        let month = |a: &Expr| {
            match &a.kind {
            ExprKind::Str(s) => month_number(s).ok_or_else(|| {
                ExprError::new(a.span, format!("\"{s}\" is not a month: write \"YYYY-MM\""))
            }),
            _ => Err(ExprError::new(
                a.span,
                "months_between takes two months in quotes, e.g. months_between(\"2023-08\", \"2024-02\")".to_string(),
            )),
        }
        };
        let (a, b) = (month(&args[0])?, month(&args[1])?);
        Ok((Node::Const((b - a) as f64), Ty::Num))
    }

    fn sum_of(&self, args: &[Expr], span: Span) -> Result<(Node, Ty), ExprError> {
        let count = self.want(&args[0], Ty::Num, "the count of sum_of(n, dist)")?;
        if let Some(n) = count.as_const() {
            if !(n.round() >= 0.0) {
                return Err(ExprError::new(
                    args[0].span,
                    format!("sum_of adds {} draws: the count must be ≥ 0", n.round()),
                ));
            }
        }
        let term = match self.node(&args[1])? {
            (Node::Sample(s), _) => *s,
            _ => {
                return Err(ExprError::new(
                    args[1].span,
                    "the second argument of sum_of(n, dist) must be one distribution, e.g. 150 to 400 or poisson(3)".to_string(),
                ))
            }
        };
        Ok((
            Node::SumOf(Box::new(SumOfNode {
                count,
                term,
                text: self.text(span).to_string(),
            })),
            Ty::Num,
        ))
    }
}

/// Folds a reduction whose elements are all constants.
fn fold_all(node: Node) -> Node {
    use crate::model::ops::{binary_scalar, func_scalar};
    let value = match &node {
        Node::Func(f, args) => args
            .iter()
            .map(Node::as_const)
            .collect::<Option<Vec<f64>>>()
            .map(|c| func_scalar(*f, &c)),
        Node::Bin(op, a, b) => match (fold_ref(a), b.as_const()) {
            (Some(x), Some(y)) => Some(binary_scalar(*op, x, y)),
            _ => None,
        },
        _ => None,
    };
    match value {
        Some(v) if v.is_finite() => Node::Const(v),
        _ => node,
    }
}

fn fold_ref(n: &Node) -> Option<f64> {
    match n {
        Node::Func(..) => fold_all(n.clone()).as_const(),
        _ => n.as_const(),
    }
}

/// The error for an index or indexed quantity used where one number is needed.
fn not_bound(n: &str, index: &Index, span: Span, is_index: bool) -> ExprError {
    let i = &index.name;
    let first = &index.labels[0];
    let what = if is_index {
        format!("`{n}` is an index: it has a value only in a formula that is indexed by it, or inside a reduction over it")
    } else {
        format!("`{n}` has one value per element of `{i}`, but this formula needs one number")
    };
    ExprError::new(span, what).with_help(format!(
        "reduce it over the index, e.g. sum_over({n}, {i}), max_over({n}, {i}), at({n}, \"{first}\") or first_where({n} > 0, {i})"
    ))
}
