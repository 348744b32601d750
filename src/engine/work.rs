//! How many per-container loads a `[shipment]` run would draw, estimated from the first chunk
//! before sampling, and the refusal of a run beyond [`MAX_CONTAINER_LOADS`].

use super::inputs::InputPlan;
use super::{chunk_len, chunk_rng, quantities, shipment, Done, EngineError, RunSpec, Until};
use crate::model::limits::MAX_CONTAINER_LOADS;
use crate::model::{IdVec, Node, Program, QuantityId};

/// Refuses, before sampling, a run whose `[shipment]` would draw more per-container loads than
/// [`MAX_CONTAINER_LOADS`] (see [`container_loads`]).
pub(super) fn check_work(
    program: &Program,
    spec: &RunSpec,
    plan: &InputPlan,
) -> Result<(), EngineError> {
    let Some(work) = first_chunk_loads(program, spec, plan)? else {
        return Ok(());
    };
    if !(work.per_draw * spec.samples as f64 <= MAX_CONTAINER_LOADS) {
        return Err(EngineError::TooMuchWork {
            per_draw: work.per_draw,
            samples: spec.samples as u64,
            first_draw: 0,
            draws: work.draws,
        });
    }
    Ok(())
}

/// Per-container loads of the first chunk, per draw.
struct Work {
    per_draw: f64,
    draws: u64,
}

/// The per-container loads a run would draw one by one (`[shipment]` cargo whose load has no
/// exact sum), estimated before sampling: the first chunk's quantities are computed up to the
/// shipment step, exactly as the run will compute them, and its loads are scaled to the run.
/// 0 when the program has no such cargo.
///
/// # Errors
/// An [`EngineError`] of the first chunk's quantities before the shipment step.
pub fn container_loads(program: &Program, spec: &RunSpec) -> Result<f64, EngineError> {
    let plan = InputPlan::new(
        spec.sampling,
        spec.samples,
        spec.seed,
        &program.fixed_inputs(),
        program.correlated.as_ref(),
    );
    Ok(first_chunk_loads(program, spec, &plan)?.map_or(0.0, |w| w.per_draw * spec.samples as f64))
}

fn first_chunk_loads(
    program: &Program,
    spec: &RunSpec,
    plan: &InputPlan,
) -> Result<Option<Work>, EngineError> {
    let looping = program
        .quantities
        .iter()
        .any(|n| matches!(n, Node::Shipment(p) if shipment::loops(p)));
    if !looping || spec.samples == 0 {
        return Ok(None);
    }
    let len = spec.samples.min(chunk_len(program));
    let mut columns = program.quantities.map(|_| vec![0.0; len]);
    let mut qs: IdVec<QuantityId, &mut [f64]> =
        columns.iter_mut().map(|c| c.as_mut_slice()).collect();
    let mut rng = chunk_rng(spec.seed, 0);
    let until = Until::ShipmentWork;
    Ok(
        match quantities(program, spec, plan, (0, len), &mut qs, &mut rng, until)? {
            Done::ShipmentWork(loads) => Some(Work {
                per_draw: loads / len as f64,
                draws: len as u64,
            }),
            Done::All { .. } | Done::NoShipment => None,
        },
    )
}
