//! The `[shipment]` lots, from the compiled shipment plan: each declared lot and the quantities
//! the plan generated for it (rounds delivered and working).

use crate::model::{Node, ShipmentOutput};
use crate::results::Lot;
use crate::scenario::Scenario;

/// The lots of the scenario's `[shipment]`, in file order; empty without `[shipment]` or lots.
pub(super) fn lots(scenario: &Scenario) -> Vec<Lot> {
    let Some(plan) = scenario.program.quantities.iter().find_map(|n| match n {
        Node::Shipment(plan) => Some(plan.clone()),
        _ => None,
    }) else {
        return Vec::new();
    };
    let output = |want: ShipmentOutput| {
        plan.outputs
            .iter()
            .find(|(o, _)| *o == want)
            .map(|&(_, q)| q)
    };
    plan.lots
        .iter()
        .enumerate()
        .filter_map(|(k, lot)| {
            Some(Lot {
                id: lot.id.clone()?,
                delivered: output(ShipmentOutput::DeliveredLot(k))?,
                working: output(ShipmentOutput::WorkingLot(k))?,
            })
        })
        .collect()
}
