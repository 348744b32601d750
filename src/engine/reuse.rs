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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Node;
    use std::path::Path;

    #[test]
    fn delivery_is_read_back_only_when_what_it_reads_is_unchanged() {
        let text = "[scenario]\ntitle = \"t\"\n[inputs]\ns = \"uniform(0.3, 0.6)\"\n\
                    d = \"beta(4, 12)\"\n[shipment]\ncontainers = 50\n\
                    [[shipment.cargo]]\nid = \"c\"\nshare = 1\nload = \"300 to 600\"\n\
                    [[shipment.lot]]\nid = \"a\"\nshare = \"s\"\ndud_rate = \"d\"\n\
                    [[shipment.lot]]\nid = \"b\"\nshare = \"1 - s\"\n";
        let sc = crate::scenario::from_text(Path::new("t.toml"), text).unwrap();
        let p = &sc.program;
        let plan = p
            .quantities
            .iter()
            .find_map(|n| match n {
                Node::Shipment(plan) => Some(plan),
                _ => None,
            })
            .unwrap();
        let a = super::super::run(p, 300, 1, &|_| {}).unwrap();
        let (s, d) = (p.quantity("s").unwrap(), p.quantity("d").unwrap());
        // The first chunk with one value of `changed` moved: is the delivery still A's?
        let unchanged_after = |changed: QuantityId| {
            let mut cols = a.columns.clone();
            cols[changed][5] += 0.01;
            let qs: IdVec<QuantityId, &mut [f64]> =
                cols.iter_mut().map(|c| &mut c[..256]).collect();
            delivery_unchanged(plan, &qs, &a, 0, 256)
        };
        assert!(unchanged_after(d), "a dud rate is not read by the delivery");
        assert!(!unchanged_after(s), "a lot share is");
        let (containers, grid) = delivered_from(plan, &a, 7).unwrap();
        let col = |name: &str| a.columns[p.quantity(name).unwrap()][7] as u64;
        assert_eq!(containers, vec![50]);
        assert_eq!(
            (grid.get(0, 0), grid.get(0, 1)),
            (col("delivered_a"), col("delivered_b"))
        );
    }
}
