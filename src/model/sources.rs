//! Random sources: every distribution call, mixture and `sum_of` written in `[model]` is a
//! named source of randomness with its own id ([`SourceId`]) and its own random streams, so the
//! sensitivity analysis can treat it like an input.
//!
//! # Naming
//! A source is named after the quantity it is written in: the quantity's own name when the
//! quantity has one source and that source is the whole expression (`fire = pert(a, b, c)` is
//! source `fire`); otherwise `name.1`, `name.2`, … in order of appearance in the expression
//! (`monthly = pace * (1 + normal(0, v))` has source `monthly.1`).
//!
//! # What one source is
//! - A distribution call (`normal(…)`, `binomial(n, p)`, `a to b`, …) is one source; a random
//!   call inside its arguments is a source of its own.
//! - A `mixture(…)` is ONE source: its choice of component and every draw inside its
//!   components (parts 1, 2, … of the source, each with its own stream), since which reading
//!   is drawn and what it draws are one assumption.
//! - A `sum_of(n, dist)` is one source (its terms); randomness in `n` is a source of its own.
//!
//! Inputs (`[inputs]`), claims, evidence and the `[shipment]` section are not sources: inputs are
//! drivers already, the others draw from their chunk's stream as before.

use super::ids::{IdVec, QuantityId, SourceId};
use super::node::{Node, Stream};
use super::program::QuantityKind;

/// One random source of `[model]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomSource {
    /// Its name (see the module docs).
    pub name: String,
    /// The quantity it is written in.
    pub quantity: QuantityId,
    /// The call as written (shortened), e.g. `pert(0.8 * c, c, h)`.
    pub text: String,
    /// True for a `mixture(…)`: its per-draw value is the choice of component.
    pub mixture: bool,
    /// True when it is drawn by its family's own sampler (see [`Stream::native`]): it is then
    /// the whole expression of its quantity.
    pub native: bool,
}

/// Gives every random node of the `[model]` quantities a [`Stream`] and returns the sources,
/// in quantity order and, within one quantity, in order of appearance.
pub(crate) fn assign(
    names: &IdVec<QuantityId, String>,
    kinds: &IdVec<QuantityId, QuantityKind>,
    nodes: &mut IdVec<QuantityId, Node>,
) -> IdVec<SourceId, RandomSource> {
    let mut out: Vec<RandomSource> = Vec::new();
    for (i, node) in nodes.iter_mut().enumerate() {
        let q = QuantityId::new(i);
        if kinds[q] != QuantityKind::Model || matches!(node, Node::Shipment(_)) {
            continue;
        }
        let first = out.len();
        let whole = matches!(
            node,
            Node::Sample(_) | Node::Mixture { .. } | Node::SumOf(_)
        );
        if let Node::Sample(s) = node {
            // The whole expression: drawn by the family's own sampler when inverting its CDF
            // would cost more, since its value (the quantity's column) is then kept.
            s.stream = Some(Stream {
                source: SourceId::new(out.len()),
                part: 0,
                native: !s.family.closed_quantile() && !s.args.iter().any(Node::draws),
            });
        }
        walk(node, &mut |text, mixture, native| {
            out.push(RandomSource {
                name: String::new(),
                quantity: q,
                text,
                mixture,
                native,
            });
            SourceId::new(out.len() - 1)
        });
        let found = &mut out[first..];
        if found.len() == 1 && whole {
            found[0].name = names[q].clone();
        } else {
            for (k, s) in found.iter_mut().enumerate() {
                s.name = format!("{}.{}", names[q], k + 1);
            }
        }
    }
    out.into()
}

/// Visits `node` in order of appearance; `new(text, mixture, native)` hands out the next
/// source id. A node that already has a stream keeps its `native` flag.
fn walk(node: &mut Node, new: &mut dyn FnMut(String, bool, bool) -> SourceId) {
    match node {
        Node::Const(_) | Node::Ref(_) | Node::Shipment(_) => {}
        Node::Neg(a) | Node::Not(a) => walk(a, new),
        Node::Bin(_, a, b) => {
            walk(a, new);
            walk(b, new);
        }
        Node::Chain(a, terms) => {
            walk(a, new);
            terms.iter_mut().for_each(|t| walk(&mut t.1, new));
        }
        Node::Func(_, args) => args.iter_mut().for_each(|a| walk(a, new)),
        Node::If(c, a, b) => {
            walk(c, new);
            walk(a, new);
            walk(b, new);
        }
        Node::Sample(s) => {
            let native = s.stream.is_some_and(|st| st.native);
            let source = new(s.text.clone(), false, native);
            s.stream = Some(Stream {
                source,
                part: 0,
                native,
            });
            s.args.iter_mut().for_each(|a| walk(a, new));
        }
        Node::SumOf(s) => {
            let source = new(s.text.clone(), false, false);
            s.term.stream = Some(Stream {
                source,
                part: 0,
                native: false,
            });
            walk(&mut s.count, new);
            s.term.args.iter_mut().for_each(|a| walk(a, new));
        }
        Node::Mixture {
            components, stream, ..
        } => {
            let source = new(mixture_text(components.len()), true, false);
            *stream = Some(Stream {
                source,
                part: 0,
                native: false,
            });
            let mut part = 1;
            components
                .iter_mut()
                .for_each(|c| parts(c, source, &mut part));
        }
    }
}

/// Every random node inside a mixture: a part of the mixture's source.
fn parts(node: &mut Node, source: SourceId, part: &mut u32) {
    let mut next = || {
        let s = Stream {
            source,
            part: *part,
            native: false,
        };
        *part += 1;
        Some(s)
    };
    match node {
        Node::Const(_) | Node::Ref(_) | Node::Shipment(_) => {}
        Node::Neg(a) | Node::Not(a) => parts(a, source, part),
        Node::Bin(_, a, b) => {
            parts(a, source, part);
            parts(b, source, part);
        }
        Node::Chain(a, terms) => {
            parts(a, source, part);
            terms.iter_mut().for_each(|t| parts(&mut t.1, source, part));
        }
        Node::Func(_, args) => args.iter_mut().for_each(|a| parts(a, source, part)),
        Node::If(c, a, b) => {
            parts(c, source, part);
            parts(a, source, part);
            parts(b, source, part);
        }
        Node::Sample(s) => {
            s.stream = next();
            s.args.iter_mut().for_each(|a| parts(a, source, part));
        }
        Node::SumOf(s) => {
            s.term.stream = next();
            parts(&mut s.count, source, part);
            s.term.args.iter_mut().for_each(|a| parts(a, source, part));
        }
        Node::Mixture {
            components, stream, ..
        } => {
            *stream = next();
            components.iter_mut().for_each(|c| parts(c, source, part));
        }
    }
}

fn mixture_text(n: usize) -> String {
    format!("mixture of {n} components")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Family;
    use crate::model::node::SampleNode;

    fn sample(text: &str) -> Node {
        Node::Sample(Box::new(SampleNode {
            family: Family::Normal,
            args: vec![Node::Const(0.0), Node::Const(1.0)],
            fixed: None,
            text: text.to_string(),
            stream: None,
        }))
    }

    fn stream(n: &Node) -> Option<Stream> {
        match n {
            Node::Sample(s) => s.stream,
            Node::Mixture { stream, .. } => *stream,
            _ => None,
        }
    }

    #[test]
    fn named_after_their_quantity_in_order_of_appearance() {
        let names: IdVec<QuantityId, String> =
            vec!["a".into(), "x".into(), "y".into(), "m".into()].into();
        let kinds: IdVec<QuantityId, QuantityKind> = vec![
            QuantityKind::Input,
            QuantityKind::Model,
            QuantityKind::Model,
            QuantityKind::Model,
        ]
        .into();
        let mix = Node::Mixture {
            components: vec![sample("normal(0, 1)"), Node::Ref(QuantityId::new(0))],
            cumulative: vec![0.5, 1.0],
            stream: None,
        };
        let mut nodes: IdVec<QuantityId, Node> = vec![
            sample("normal(0, 1)"),
            sample("normal(0, 1)"),
            Node::Bin(
                crate::model::BinOp::Add,
                Box::new(sample("b1")),
                Box::new(sample("b2")),
            ),
            mix,
        ]
        .into();
        let s = assign(&names, &kinds, &mut nodes);
        let got: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
        // The input draws from the chunk's stream; `m` is one source with two parts.
        assert_eq!(got, ["x", "y.1", "y.2", "m"]);
        assert_eq!(stream(&nodes[QuantityId::new(0)]), None);
        assert_eq!(
            stream(&nodes[QuantityId::new(1)]),
            Some(Stream {
                source: SourceId::new(0),
                part: 0,
                native: false,
            })
        );
        assert!(s[SourceId::new(3)].mixture);
        let Node::Mixture { components, .. } = &nodes[QuantityId::new(3)] else {
            panic!("a mixture")
        };
        assert_eq!(
            stream(&components[0]),
            Some(Stream {
                source: SourceId::new(3),
                part: 1,
                native: false,
            })
        );
    }
}
