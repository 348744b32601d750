//! `[[claim]]`: ids, sources and true/false tests.

use super::context::Ctx;
use super::header::check_source;
use super::model::Claim;
use super::raw::RawFile;
use crate::expr::compile::Names;
use crate::model::{BinOp, Node, Side, Ty};

/// Each claim with its compiled test (`None` where it has a problem).
pub(super) fn claims(
    cx: &mut Ctx,
    raw: &RawFile,
    names: &Names,
    source_ids: &[&str],
) -> Vec<(Claim, Option<Node>)> {
    let mut out: Vec<(Claim, Option<Node>)> = Vec::new();
    for c in &raw.claim {
        let r = c.get_ref();
        let id = r.id.get_ref().clone();
        let key = format!("claim.{id}");
        if !super::validate::is_id(&id) {
            cx.at(
                &r.id.span(),
                "claim.id",
                format!("`{id}` is not a valid claim id: use letters, digits, `-`, `_` or `.`"),
            );
        } else if out.iter().any(|(o, _)| o.id == id) {
            cx.at(
                &r.id.span(),
                "claim.id",
                format!("claim id `{id}` is used twice"),
            );
        }
        check_source(cx, r.source.as_ref(), source_ids, &key);
        let text = r.holds_if.get_ref();
        let node = cx.compile(
            &r.holds_if.span(),
            text,
            &format!("{key}.holds_if"),
            names,
            Ty::Bool,
        );
        // The quantities the compiled test reads: an indexed quantity is referenced through
        // the elements its reductions and lookups use (`cum[2024-02]`).
        let references = node.as_ref().map_or_else(Vec::new, |n| {
            n.refs()
                .into_iter()
                .map(|q| names.all[q.index()].clone())
                .collect()
        });
        let threshold = node.as_ref().and_then(|n| threshold(n, names.all));
        let claim = Claim {
            id,
            text: r.text.clone(),
            holds_if: text.clone(),
            source: r.source.as_ref().map(|s| s.get_ref().clone()),
            note: r.note.clone(),
            label: super::non_empty(&r.label),
            group: super::non_empty(&r.group),
            references,
            threshold,
        };
        out.push((claim, node));
    }
    out
}

/// Recognises `quantity <op> constant` (either way round).
fn threshold(node: &Node, names: &[String]) -> Option<(String, f64, Side)> {
    let Node::Bin(op, a, b) = node else {
        return None;
    };
    let (q, v, flipped) = match (a.as_ref(), b.as_ref()) {
        (Node::Ref(i), Node::Const(v)) => (i.index(), *v, false),
        (Node::Const(v), Node::Ref(i)) => (i.index(), *v, true),
        _ => return None,
    };
    let above = match op {
        BinOp::Ge | BinOp::Gt => true,
        BinOp::Le | BinOp::Lt => false,
        _ => return None,
    };
    let side = if above != flipped {
        Side::AtLeast
    } else {
        Side::AtMost
    };
    Some((names[q].clone(), v, side))
}
