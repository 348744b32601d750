//! The dependency graph of the quantities: an evaluation order, or the cycle that prevents one.

use super::context::Ctx;
use super::quantities::Entry;
use crate::model::{Node, QuantityId};

/// A topological order of the quantities (depth-first, in file order), or a cycle error.
/// `names` and `entries` are per model quantity (an indexed quantity's elements share their
/// entry).
pub(super) fn order(
    cx: &mut Ctx,
    names: &[String],
    entries: &[&Entry],
    nodes: &[Option<Node>],
) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            n.as_ref().map_or_else(Vec::new, |n| {
                n.refs().into_iter().map(QuantityId::index).collect()
            })
        })
        .collect();
    // 0 = unvisited, 1 = on the stack, 2 = done
    let mut state = vec![0u8; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    for start in 0..nodes.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = edges[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        let pos = stack.iter().position(|(x, _)| *x == w).unwrap_or(0);
                        let mut path: Vec<&str> = stack[pos..]
                            .iter()
                            .map(|(x, _)| names[*x].as_str())
                            .collect();
                        path.push(names[w].as_str());
                        let e = entries[w];
                        cx.at(
                            &e.span,
                            &e.key,
                            format!("the model has a cycle: {}", path.join(" → ")),
                        )
                        .help = Some(
                            "a quantity cannot depend on itself, directly or through others".into(),
                        );
                        return Vec::new();
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                order.push(v);
                stack.pop();
            }
        }
    }
    order
}
