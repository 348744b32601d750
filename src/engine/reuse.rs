//! Reading a `[shipment]`'s delivery stage back from a run it repeats (a Saltelli design's AB
//! runs for inputs the delivery does not read): when a chunk's delivery parameters read only
//! quantities equal to the prior run's and draw nothing themselves, the delivery stage, drawn
//! from its own (seed, chunk, stage) stream, would repeat the prior run's exactly; its
//! containers and delivered cells are then read from the prior run's generated columns.

use super::Draws;
use crate::model::{IdVec, QuantityId, ShipmentOutput, ShipmentPlan};
use crate::shipment::Grid;

/// Whether the delivery stage of this chunk is the same as in `a`: its parameters draw nothing
/// themselves, every quantity they read has the same values as in `a`'s rows, and `a`'s
/// columns hold the whole delivered grid (one cargo type with a load, or one lot).
pub fn delivery_unchanged(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    a: &Draws,
    start: usize,
    len: usize,
) -> bool {
    let nodes = plan.delivery_nodes();
    if nodes.iter().any(|n| n.draws()) || grid_outputs(plan).is_none() {
        return false;
    }
    nodes.iter().flat_map(|n| n.refs()).all(|q| {
        a.columns[q]
            .get(start..start + len)
            .is_some_and(|prior| prior == &qs[q][..len])
    })
}

/// Where the delivered grid is kept among the generated columns.
struct GridColumns {
    /// Containers per cargo type.
    containers: Vec<QuantityId>,
    /// Each cell (cargo, lot) and the column holding it (`None`: a cargo without a load, 0).
    cells: Vec<(usize, usize, Option<QuantityId>)>,
}

/// The columns the delivered grid and the containers per cargo type can be read back from,
/// when the plan generates them all: one cargo type with a load (cells = rounds per lot), or
/// one lot (cells = rounds per cargo type).
fn grid_outputs(plan: &ShipmentPlan) -> Option<GridColumns> {
    let find = |o: ShipmentOutput| plan.outputs.iter().find(|(x, _)| *x == o).map(|(_, q)| *q);
    let containers: Vec<QuantityId> = (0..plan.cargo.len())
        .map(|c| find(ShipmentOutput::Containers(c)))
        .collect::<Option<_>>()?;
    let loaded = plan.cargo.iter().filter(|c| c.load.is_some()).count();
    let mut cells = Vec::new();
    for (c, cargo) in plan.cargo.iter().enumerate() {
        for l in 0..plan.lots.len() {
            let q = if cargo.load.is_none() {
                None
            } else if plan.lots.len() == 1 {
                Some(find(ShipmentOutput::DeliveredCargo(c))?)
            } else if loaded == 1 {
                Some(find(ShipmentOutput::DeliveredLot(l))?)
            } else {
                return None;
            };
            cells.push((c, l, q));
        }
    }
    Some(GridColumns { containers, cells })
}

/// The delivery stage of draw `i` of `a`, read back from its columns (whole numbers below
/// 2⁶⁴, as the stage wrote them).
pub fn delivered_from(plan: &ShipmentPlan, a: &Draws, i: usize) -> Option<(Vec<u64>, Grid)> {
    let g = grid_outputs(plan)?;
    let containers = g
        .containers
        .iter()
        .map(|&q| a.columns[q][i] as u64)
        .collect();
    let mut grid = Grid::zeros(plan.cargo.len(), plan.lots.len());
    for (c, l, q) in g.cells {
        grid.set(c, l, q.map_or(0, |q| a.columns[q][i] as u64));
    }
    Some((containers, grid))
}
