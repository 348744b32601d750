//! Capacity quantities and which limit binds, found in the compiled model (never by name):
//!
//! - a quantity whose expression is a call of `capacity_by_mass(...)` or
//!   `capacity_by_volume(...)` is a capacity by mass or by volume;
//! - a quantity whose expression is `min(m, v)` of a by-mass and a by-volume quantity (either
//!   order) is a *limit*: the capacity, set by the tighter of the two. For each limit the share
//!   of draws on which mass is the tighter one (ties count as mass) is reported;
//! - a claim whose test compares a capacity quantity directly with another quantity
//!   (`capacity_152 >= claimed_load_152`) names a claimed load.

use crate::engine::Draws;
use crate::model::{BinOp, Func, Node, QuantityId};
use crate::results::{Capacity, CapacityCheck, CapacityKind, ClaimedLoad};
use crate::scenario::Scenario;

/// The capacity quantities, checks and claimed loads of the model; shares weighted by
/// `weights` (normalised) when the run has evidence.
pub(super) fn capacity(scenario: &Scenario, draws: &Draws, weights: Option<&[f64]>) -> Capacity {
    capacity_with(scenario, &|m, v| mass_binds(draws, m, v, weights))
}

/// The limits of the model whose share "mass binds" is asked of `mass_binds(by_mass,
/// by_volume)`: `(limit, by_mass, by_volume)` for each.
pub(super) fn limits(scenario: &Scenario) -> Vec<(QuantityId, QuantityId, QuantityId)> {
    capacity_with(scenario, &|_, _| 0.0)
        .checks
        .iter()
        .map(|c| (c.limit, c.by_mass, c.by_volume))
        .collect()
}

/// [`capacity`] with the share of draws on which the by-mass capacity binds given by
/// `mass_binds(by_mass, by_volume)`.
pub(super) fn capacity_with(
    scenario: &Scenario,
    mass_binds: &dyn Fn(QuantityId, QuantityId) -> f64,
) -> Capacity {
    let program = &scenario.program;
    let kind_of = |node: &Node| match node {
        Node::Func(Func::CapacityByMass, _) => Some(CapacityKind::ByMass),
        Node::Func(Func::CapacityByVolume, _) => Some(CapacityKind::ByVolume),
        _ => None,
    };
    let direct: Vec<Option<CapacityKind>> = program.quantities.iter().map(kind_of).collect();
    let mut out = Capacity::default();
    for (q, node) in program.quantities.iter_enumerated() {
        if let Some(k) = direct[q.index()] {
            out.quantities.push((q, k));
            continue;
        }
        let Node::Func(Func::Min, args) = node else {
            continue;
        };
        let [Node::Ref(a), Node::Ref(b)] = args.as_slice() else {
            continue;
        };
        let (by_mass, by_volume) = match (direct[a.index()], direct[b.index()]) {
            (Some(CapacityKind::ByMass), Some(CapacityKind::ByVolume)) => (*a, *b),
            (Some(CapacityKind::ByVolume), Some(CapacityKind::ByMass)) => (*b, *a),
            _ => continue,
        };
        out.quantities.push((q, CapacityKind::Limit));
        out.checks.push(CapacityCheck {
            limit: q,
            by_mass,
            by_volume,
            mass_binds: mass_binds(by_mass, by_volume),
        });
    }
    let is_capacity = |q: QuantityId| out.quantities.iter().any(|&(c, _)| c == q);
    for (c, node) in program.claims.iter_enumerated() {
        let Node::Bin(op, l, r) = node else { continue };
        let (Node::Ref(a), Node::Ref(b)) = (l.as_ref(), r.as_ref()) else {
            continue;
        };
        if !op.is_comparison() || matches!(op, BinOp::Eq | BinOp::Ne) {
            continue;
        }
        let pair = match (is_capacity(*a), is_capacity(*b)) {
            (true, false) => Some((*a, *b)),
            (false, true) => Some((*b, *a)),
            _ => None,
        };
        if let Some((capacity, load)) = pair {
            out.claimed.push(ClaimedLoad {
                claim: c,
                capacity,
                load,
            });
        }
    }
    out
}

/// Share of draws on which the by-mass capacity is at most the by-volume one.
fn mass_binds(draws: &Draws, mass: QuantityId, volume: QuantityId, w: Option<&[f64]>) -> f64 {
    let (m, v) = (&draws.columns[mass], &draws.columns[volume]);
    let weight = |i: usize| w.map_or(1.0 / draws.samples as f64, |w| w[i]);
    (0..draws.samples)
        .filter(|&i| m[i] <= v[i])
        .map(weight)
        .sum()
}
