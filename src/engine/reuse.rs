//! Reading a `[shipment]`'s stages back from a run it repeats (a Saltelli design's AB runs for
//! inputs a stage does not read). When a chunk's delivery parameters read only quantities equal
//! to the prior run's and draw nothing themselves, the delivery stage, drawn from its own
//! (seed, chunk, stage) streams, would repeat the prior run's exactly; its containers and
//! delivered cells are then read from the prior run's generated columns. With the delivery read
//! back, a thinning cell (cargo, lot) whose lot's dud rate is likewise unchanged over the chunk
//! would redraw the prior run's counts on its own (seed, chunk, cell) stream: they are read back
//! too, for the whole chunk, and that cell's stream draws nothing on it. Counts are read back
//! only where the prior run's columns hold them exactly (below 2⁵³).

use super::Draws;
use crate::model::{IdVec, Node, QuantityId, ShipmentOutput, ShipmentPlan};
use crate::shipment::Grid;

/// Counts below this are exact in an `f64` column.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Whether the delivery stage of this chunk is the same as in `a`: its parameters draw nothing
/// themselves, every quantity they read has the same values as in `a`'s rows, and `a`'s
/// columns hold the whole delivered grid (one cargo type with a load, or one lot) exactly.
pub fn delivery_unchanged(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    a: &Draws,
    start: usize,
    len: usize,
) -> bool {
    let Some(g) = grid_outputs(plan, Stage::Delivered) else {
        return false;
    };
    let columns = g
        .containers
        .iter()
        .chain(g.cells.iter().filter_map(|x| x.2.as_ref()));
    unchanged(&plan.delivery_nodes(), qs, a, start, len)
        && columns.into_iter().all(|&q| exact(a, q, start, len))
}

/// Per thinning cell (index `c · lots + l`): the column of `a` its working counts are read
/// from on this chunk, or `None` (drawn). Call only when the chunk's delivery is `a`'s
/// ([`delivery_unchanged`]). A cell is read when lot l's dud rate is unchanged (as the
/// delivery parameters are in [`delivery_unchanged`]), its cargo type has a load, and `a`'s
/// columns hold the cell exactly (one cargo type with a load: `working_<lot>`; one lot:
/// `working_<cargo>`).
pub fn working_given(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    a: &Draws,
    start: usize,
    len: usize,
) -> Vec<Option<QuantityId>> {
    let cells = cell_columns(plan, Stage::Working);
    let same: Vec<bool> = plan
        .lots
        .iter()
        .map(|l| unchanged(&[&l.dud_rate], qs, a, start, len))
        .collect();
    (0..plan.cargo.len() * plan.lots.len())
        .map(|k| {
            let (_, l, q) = cells.as_ref()?[k];
            q.filter(|&q| same[l] && exact(a, q, start, len))
        })
        .collect()
}

/// Whether `nodes` draw nothing themselves and every quantity they read has the same values
/// as in `a`'s rows `start..start + len`.
fn unchanged(
    nodes: &[&Node],
    qs: &IdVec<QuantityId, &mut [f64]>,
    a: &Draws,
    start: usize,
    len: usize,
) -> bool {
    !nodes.iter().any(|n| n.draws())
        && nodes.iter().flat_map(|n| n.refs()).all(|q| {
            a.columns[q]
                .get(start..start + len)
                .is_some_and(|prior| prior == &qs[q][..len])
        })
}

/// Whether `a`'s column `q` holds rows `start..start + len`, each a count below 2⁵³.
fn exact(a: &Draws, q: QuantityId, start: usize, len: usize) -> bool {
    a.columns[q]
        .get(start..start + len)
        .is_some_and(|c| c.iter().all(|&x| x < EXACT))
}

/// Which counts of a stage.
#[derive(Debug, Clone, Copy)]
enum Stage {
    Delivered,
    Working,
}

/// Where the delivered grid is kept among the generated columns.
struct GridColumns {
    /// Containers per cargo type.
    containers: Vec<QuantityId>,
    /// Each cell (cargo, lot) and the column holding it (`None`: a cargo without a load, 0).
    cells: Vec<(usize, usize, Option<QuantityId>)>,
}

/// The columns the delivered grid and the containers per cargo type can be read back from,
/// when the plan generates them all.
fn grid_outputs(plan: &ShipmentPlan, stage: Stage) -> Option<GridColumns> {
    let containers: Vec<QuantityId> = (0..plan.cargo.len())
        .map(|c| find(plan, ShipmentOutput::Containers(c)))
        .collect::<Option<_>>()?;
    let cells = cell_columns(plan, stage)?;
    Some(GridColumns { containers, cells })
}

/// The generated quantity holding `o`, if the plan generates it.
fn find(plan: &ShipmentPlan, o: ShipmentOutput) -> Option<QuantityId> {
    plan.outputs.iter().find(|(x, _)| *x == o).map(|(_, q)| *q)
}

/// Each cell (cargo, lot) of a stage's grid, row-major, and the column holding it (`None`: a
/// cargo type without a load, 0), when the generated columns hold them all: one cargo type with
/// a load (cells = the lot totals), or one lot (cells = the cargo totals).
fn cell_columns(
    plan: &ShipmentPlan,
    stage: Stage,
) -> Option<Vec<(usize, usize, Option<QuantityId>)>> {
    let (by_cargo, by_lot): (fn(usize) -> ShipmentOutput, fn(usize) -> ShipmentOutput) = match stage
    {
        Stage::Delivered => (ShipmentOutput::DeliveredCargo, ShipmentOutput::DeliveredLot),
        Stage::Working => (ShipmentOutput::WorkingCargo, ShipmentOutput::WorkingLot),
    };
    let loaded = plan.cargo.iter().filter(|c| c.load.is_some()).count();
    let mut cells = Vec::new();
    for (c, cargo) in plan.cargo.iter().enumerate() {
        for l in 0..plan.lots.len() {
            let q = if cargo.load.is_none() {
                None
            } else if plan.lots.len() == 1 {
                Some(find(plan, by_cargo(c))?)
            } else if loaded == 1 {
                Some(find(plan, by_lot(l))?)
            } else {
                return None;
            };
            cells.push((c, l, q));
        }
    }
    Some(cells)
}

/// The delivery stage of draw `i` of `a`, read back from its columns (whole numbers below
/// 2⁵³, as the stage wrote them).
pub fn delivered_from(plan: &ShipmentPlan, a: &Draws, i: usize) -> Option<(Vec<u64>, Grid)> {
    let g = grid_outputs(plan, Stage::Delivered)?;
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
