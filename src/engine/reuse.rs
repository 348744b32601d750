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

/// The columns of `a` holding a chunk's delivery stage (its rows `start..start + len`).
pub struct DeliveryColumns<'a> {
    /// Containers per cargo type.
    containers: Vec<&'a [f64]>,
    /// Each cell (cargo, lot), row-major, and its column (`None`: a cargo without a load, 0).
    cells: Vec<(usize, usize, Option<&'a [f64]>)>,
    /// Cargo types and lots.
    shape: (usize, usize),
}

impl DeliveryColumns<'_> {
    /// The delivery stage of the chunk's draw `i`, read back (whole numbers below 2⁵³, as the
    /// stage wrote them).
    pub fn row(&self, i: usize) -> (Vec<u64>, Grid) {
        let containers = self.containers.iter().map(|c| c[i] as u64).collect();
        let mut grid = Grid::zeros(self.shape.0, self.shape.1);
        for &(c, l, col) in &self.cells {
            grid.set(c, l, col.map_or(0, |col| col[i] as u64));
        }
        (containers, grid)
    }
}

/// Where this chunk's delivery stage is kept in `a`, when it is the same as in `a`: its
/// parameters draw nothing themselves, every quantity they read has the same values as in
/// `a`'s rows, and `a`'s columns hold the whole delivered grid (one cargo type with a load, or
/// one lot) exactly.
pub fn delivery_from<'a>(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    a: &'a Draws,
    start: usize,
    len: usize,
) -> Option<DeliveryColumns<'a>> {
    if !unchanged(&plan.delivery_nodes(), qs, a, start, len) {
        return None;
    }
    let rows = |q: QuantityId| exact(a, q, start, len);
    let containers = (0..plan.cargo.len())
        .map(|c| rows(find(plan, ShipmentOutput::Containers(c))?))
        .collect::<Option<_>>()?;
    let cells = cell_columns(plan, Stage::Delivered)?
        .into_iter()
        .map(|(c, l, q)| match q {
            Some(q) => Some((c, l, Some(rows(q)?))),
            None => Some((c, l, None)),
        })
        .collect::<Option<_>>()?;
    let shape = (plan.cargo.len(), plan.lots.len());
    Some(DeliveryColumns {
        containers,
        cells,
        shape,
    })
}

/// Per thinning cell (index `c · lots + l`): the column of `a` holding its working counts on
/// this chunk's rows, read instead of drawn, or `None` (drawn). Call only when the chunk's
/// delivery is `a`'s ([`delivery_from`]). A cell is read when lot l's dud rate is unchanged (as
/// the delivery parameters are in [`delivery_from`]), its cargo type has a load, and `a`'s
/// columns hold the cell exactly (one cargo type with a load: `working_<lot>`; one lot:
/// `working_<cargo>`).
pub fn working_given<'a>(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    a: &'a Draws,
    start: usize,
    len: usize,
) -> Vec<Option<&'a [f64]>> {
    let cells = cell_columns(plan, Stage::Working);
    let same: Vec<bool> = plan
        .lots
        .iter()
        .map(|l| unchanged(&[&l.dud_rate], qs, a, start, len))
        .collect();
    (0..plan.cargo.len() * plan.lots.len())
        .map(|k| {
            let (_, l, q) = cells.as_ref()?[k];
            q.filter(|_| same[l]).and_then(|q| exact(a, q, start, len))
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

/// `a`'s column `q` on rows `start..start + len`, when it holds them all, each a count below
/// 2⁵³.
fn exact(a: &Draws, q: QuantityId, start: usize, len: usize) -> Option<&[f64]> {
    a.columns[q]
        .get(start..start + len)
        .filter(|c| c.iter().all(|&x| x < EXACT))
}

/// A generated output of cargo type or lot `i`.
type ByIndex = fn(usize) -> ShipmentOutput;

/// Which counts of a stage.
#[derive(Debug, Clone, Copy)]
enum Stage {
    Delivered,
    Working,
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
    let (by_cargo, by_lot): (ByIndex, ByIndex) = match stage {
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
