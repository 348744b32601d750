//! Indexes in formulas: which index a formula is indexed by ([`free_index`]), and the
//! reductions and lookups that compile an indexed expression element by element.
//!
//! ```text
//! sum_over(x, i)  mean_over  min_over  max_over   x at every element of i, combined
//! all_over(t, i)  any_over(t, i)                  true/false over the elements
//! first_where(t, i)   the value of i at the first element where t holds (after_last if none)
//! cumsum(x, i)        stays indexed: element j is x summed over elements 1..=j
//! at(x, "2024-02")    x at one element, by label; at(x, 3) by value
//! months_between("2023-08", "2024-02")   6 (a constant)
//! sum_of(n, dist)     the sum of n independent draws of dist (n rounded per draw)
//! ```
//! An expression is compiled once per element it is needed at, with the element bound in an
//! environment; each compilation has its own distribution calls, so a distribution written in
//! an indexed formula draws independently for each element, while references to quantities
//! that are not indexed read one shared value per draw.

use super::ast::{Expr, ExprKind, Span};
use super::ExprError;
use crate::model::index::Index;
use crate::model::{IndexId, QuantityId};
use std::collections::HashMap;

mod calls;

/// The names of the index functions, for suggestions and reserved words. The first
/// [`REDUCTIONS`] take `(expression, index)` and are not indexed by that index.
pub const INDEX_FUNCTIONS: [&str; 11] = [
    "sum_over",
    "mean_over",
    "min_over",
    "max_over",
    "all_over",
    "any_over",
    "first_where",
    "cumsum",
    "at",
    "months_between",
    "sum_of",
];

/// How many of [`INDEX_FUNCTIONS`], from the first, are reductions.
const REDUCTIONS: usize = 7;

/// Most element compilations one reduction may cost: an index of k elements costs k inside a
/// formula that is not indexed, k² inside an indexed formula (each element reduces over all),
/// and so on for each enclosing reduction.
pub const MAX_ELEMENT_WORK: f64 = 2e6;

/// The scenario's indexes and its indexed quantities, as the compiler sees them.
#[derive(Debug, Clone, Default)]
pub struct Indexing {
    /// `[index]` entries, position = [`IndexId`].
    pub indexes: Vec<Index>,
    /// Each indexed quantity: its index and the model quantity of each element (empty while
    /// the scenario is still working out which quantities are indexed).
    pub quantities: HashMap<String, (IndexId, Vec<QuantityId>)>,
}

impl Indexing {
    /// The index called `name`.
    pub fn index_named(&self, name: &str) -> Option<IndexId> {
        crate::model::index::find(&self.indexes, name).map(|(id, _)| id)
    }

    /// The index a name stands for or is indexed by: an index, or an indexed quantity.
    fn index_of(&self, name: &str) -> Option<IndexId> {
        self.index_named(name)
            .or_else(|| self.quantities.get(name).map(|q| q.0))
    }

    fn index(&self, id: IndexId) -> &Index {
        &self.indexes[id.index()]
    }
}

/// The index `expr` is indexed by: the one index it uses outside a reduction over it (`None`:
/// a scalar formula).
///
/// # Errors
/// A formula that uses two different indexes, anywhere in it.
pub fn free_index(expr: &Expr, ix: &Indexing) -> Result<Option<IndexId>, ExprError> {
    let mut used: Option<(IndexId, String)> = None;
    let mut err = None;
    expr_names(expr, &mut |n, span| {
        if let Some(i) = ix.index_of(n) {
            match &used {
                Some((j, first)) if *j != i && err.is_none() => {
                    let desc = |name: &str, idx: IndexId| {
                        let index = &ix.index(idx).name;
                        if name == index {
                            format!("`{name}`")
                        } else {
                            format!("`{index}` (through `{name}`)")
                        }
                    };
                    err = Some(
                        ExprError::new(
                            span,
                            format!(
                                "this formula mixes two indexes, {} and {}; a formula may use one index",
                                desc(first, *j),
                                desc(n, i)
                            ),
                        )
                        .with_help(
                            "reduce one of them first in its own quantity, e.g. total = sum_over(x, month)",
                        ),
                    );
                }
                None => used = Some((i, n.to_string())),
                _ => {}
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    Ok(free(expr, ix))
}

/// Every name in `expr` with its span (also the index argument of reductions).
fn expr_names(expr: &Expr, f: &mut impl FnMut(&str, Span)) {
    for (n, span) in all_names(expr) {
        f(&n, span);
    }
}

fn all_names(expr: &Expr) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Name(n) => out.push((n.clone(), e.span)),
            ExprKind::Num(_) | ExprKind::Str(_) => {}
            ExprKind::Unary(_, a) => stack.push(a),
            ExprKind::Binary(_, a, b) | ExprKind::To(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            ExprKind::Chain(first, rest) => {
                stack.extend(rest.iter().rev().map(|(_, a)| a));
                stack.push(first);
            }
            ExprKind::Call(c) => stack.extend(c.args.iter().rev()),
            ExprKind::List(args) => stack.extend(args.iter().rev()),
        }
    }
    out
}

/// The free index of `e` (formulas with two indexes are rejected before this).
fn free(e: &Expr, ix: &Indexing) -> Option<IndexId> {
    match &e.kind {
        ExprKind::Name(n) => ix.index_of(n),
        ExprKind::Num(_) | ExprKind::Str(_) => None,
        ExprKind::Unary(_, a) => free(a, ix),
        ExprKind::Binary(_, a, b) | ExprKind::To(a, b) => free(a, ix).or_else(|| free(b, ix)),
        ExprKind::Chain(first, rest) => {
            free(first, ix).or_else(|| rest.iter().find_map(|(_, a)| free(a, ix)))
        }
        ExprKind::Call(c) => {
            let args = &c.args;
            let reduced = match (c.name.as_str(), args.get(1).map(|a| &a.kind)) {
                (r, Some(ExprKind::Name(i))) if INDEX_FUNCTIONS[..REDUCTIONS].contains(&r) => {
                    ix.index_named(i)
                }
                ("at", _) => args.first().and_then(|a| free(a, ix)),
                _ => None,
            };
            args.iter()
                .filter_map(|a| free(a, ix))
                .find(|i| Some(*i) != reduced)
        }
        ExprKind::List(items) => items.iter().find_map(|a| free(a, ix)),
    }
}
