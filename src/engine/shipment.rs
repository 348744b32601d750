//! The `[shipment]` step: per-container simulation of a whole shipment, once per draw.
//!
//! Every quantity the `[shipment]` section generates is a `Node::Shipment` of the model
//! ([`ShipmentPlan`]) that depends on all of the section's parameter expressions, so in
//! topological order they all come after those parameters. When the engine reaches the first of
//! them in a chunk, [`fill`] evaluates the parameters over the chunk on the chunk's random
//! stream, then per draw runs the delivery stage ([`deliver`](crate::shipment::deliver): its
//! split, then its loads) on two streams of its own, seeded from (seed, chunk, stage), and the
//! thinning ([`thin_cells`]) with one stream per cell (cargo, lot), seeded from (seed, chunk,
//! work tag, cell), each advancing draw by draw through the chunk; then it writes every
//! generated column and the others are skipped. Results are therefore reproducible by seed and
//! independent of the thread count, and a stage's (or a cell's) draws depend only on its own
//! parameters: a Saltelli design run that changes only dud rates reads the delivery back from
//! the run it repeats ([`Context::reuse`]) instead of redrawing it, and the working counts of
//! the cells whose dud rates it leaves unchanged too ([`super::reuse`]); one that changes only
//! lot shares reads the loads' prefix sums back from the delivery traces ([`super::trace`]).
//! The values are the same as drawing.
//!
//! ```text
//! per draw i:  n = round(containers[i])
//!              cargo c: share_c[i], load_c = LoadModel(family, args[i])  (each container draws)
//!              lot l:   share_l[i], dud_rate_l[i]
//!              deliver((split_rng, deliver_rng), n, cargo, lots, assign) → containers, delivered
//!              thin_cells(cell_rngs, delivered, lots) → working cells (whole numbers)
//! ```
//!
//! Loads map onto [`LoadModel`]: `poisson` and `binomial` use its exact O(1) sums; continuous
//! families the exact alias table of the rounded pmf (built once per chunk when the load's
//! arguments are constants, once per draw when there are enough containers to pay for it),
//! otherwise a per-container loop (`normal` inlined, others over the checked distribution); a
//! load without a distribution is the same whole number for every container.
//!
//! ## Work and progress
//!
//! Loads that loop cost one draw per container. Before the draws of a chunk, [`work`] counts
//! them from the parameter columns (`Σᵢ round(nᵢ) · Σ_{looping c} share_c[i]`, the expected
//! number); the engine estimates a run's total from the first chunk before sampling, and a chunk
//! that needs more than its share (times [`CHUNK_SHARE_SLACK`]) of [`MAX_CONTAINER_LOADS`]
//! stops the run. Long chunks report progress every [`PROGRESS_STEP`] draws.
//!
//! Counts are whole numbers in checked `u64` arithmetic: a count beyond 2⁶⁴ − 1 stops the run
//! naming the quantity that cannot hold it and the draw, never a saturated number.

use super::error::{draw_error, iteration_error, Failure};
use super::eval::{eval, ChunkView};
use super::loads::{fixed_load, load_model};
use super::reuse::{delivery_from, working_given, DeliveryColumns};
use super::rng::{part_rng, ChunkRng, SourceKeys};
use super::trace::{deliver_traced, Tracing};
use super::{chunk_rng, Draws};
use super::{EngineError, ShipmentCause};
use crate::dist::Family;
use crate::model::limits::{CHUNK_SHARE_SLACK, MAX_CONTAINER_LOADS};
use crate::model::{CargoPlan, IdVec, LoadPlan, Node, QuantityId, ShipmentOutput, ShipmentPlan};
use crate::shipment::{
    check_lots, work as thin_cells, Cargo, IterationResult, LoadModel, Lot, ShipmentError,
    TWO_POW_64,
};
use rand::Rng;

/// Draws between progress reports within a chunk.
pub const PROGRESS_STEP: usize = 256;

/// Per-draw parameter columns of one chunk.
struct Columns {
    containers: Vec<f64>,
    cargo_share: Vec<Vec<f64>>,
    load_args: Vec<Vec<Vec<f64>>>,
    lot_share: Vec<Vec<f64>>,
    dud_rate: Vec<Vec<f64>>,
}

/// What [`fill`] needs besides the plan and the columns.
pub struct Context<'a> {
    /// Quantity names, for errors.
    pub names: &'a IdVec<QuantityId, String>,
    /// Index of the chunk's first draw.
    pub base: u64,
    /// Draws in the whole run (the chunk's share of the work limit depends on it).
    pub samples: u64,
    /// Called with the number of draws done, every [`PROGRESS_STEP`] draws.
    pub progress: &'a (dyn Fn(u64) + Sync),
    /// The run's seed (the stages' streams are seeded from it and the chunk).
    pub seed: u64,
    /// The chunk's index.
    pub chunk: u64,
    /// Draws whose first rows this run repeats with some inputs replaced
    /// ([`super::RunSpec::reuse`]), if any.
    pub reuse: Option<&'a Draws>,
    /// Delivery traces to keep or read ([`super::trace`]).
    pub tracing: Tracing<'a>,
}

/// Stream tags of the delivery's split and loads and of the thinning cells (any fixed
/// constants).
const SPLIT_TAG: u64 = 0x3B7E_91C4_D05A_6F29;
const DELIVER_TAG: u64 = 0x5D1F_0C3A_77E1_9B25;
const WORK_TAG: u64 = 0xA3C9_4E17_2B6D_8F01;

/// Computes every generated column of the chunk, once (`done` is set on the first call).
/// Returns the number of draws reported to `progress`.
///
/// # Errors
/// [`EngineError::Shipment`] naming `shipment` (or the generated quantity that cannot hold a
/// count) and the first draw whose parameters are invalid (shares not adding up to 1, a dud
/// rate outside [0, 1], a negative container count, an invalid load distribution), on which a
/// container drew a load below 0, or on which a count exceeds 2⁶⁴ − 1;
/// [`EngineError::TooMuchWork`] when the chunk's per-container loads exceed its share of the
/// limit.
pub fn fill<R: Rng>(
    plan: &ShipmentPlan,
    cx: &Context,
    qs: &mut IdVec<QuantityId, &mut [f64]>,
    rng: &mut R,
    done: &mut bool,
) -> Result<u64, EngineError> {
    if *done {
        return Ok(0);
    }
    *done = true;
    let len = plan.outputs.first().map_or(0, |(_, q)| qs[*q].len());
    let cols = evaluate(plan, qs, rng, len).map_err(|(i, m)| draw_error(cx.base, i, m))?;
    let fixed: Vec<Option<LoadModel>> = plan.cargo.iter().map(fixed_load).collect();
    let loads = work(plan, &cols);
    let budget = CHUNK_SHARE_SLACK * MAX_CONTAINER_LOADS * len as f64 / cx.samples.max(1) as f64;
    if !(loads <= budget) {
        return Err(EngineError::TooMuchWork {
            per_draw: loads / len.max(1) as f64,
            samples: cx.samples,
            first_draw: cx.base,
            draws: len as u64,
        });
    }
    let mut split_rng = chunk_rng(cx.seed ^ SPLIT_TAG, cx.chunk);
    let mut deliver_rng = chunk_rng(cx.seed ^ DELIVER_TAG, cx.chunk);
    let start = cx.base as usize;
    let reused = cx.reuse.and_then(|a| {
        let d = delivery_from(plan, qs, a, start, len)?;
        Some((d, working_given(plan, qs, a, start, len)))
    });
    let (reused, given) = match reused {
        Some((d, given)) => (Some(d), given),
        None => (None, vec![None; plan.cargo.len() * plan.lots.len()]),
    };
    let mut thinning = Thinning {
        cells: (0..given.len() as u64)
            .map(|k| part_rng(cx.seed, WORK_TAG, k, cx.chunk))
            .collect(),
        given,
    };
    let mut scratch = (Vec::new(), Vec::new());
    let mut reported = 0;
    for i in 0..len {
        let r = iteration(
            plan,
            &cols,
            &fixed,
            i,
            (&mut split_rng, &mut deliver_rng, &mut thinning),
            (reused.as_ref(), (cx.tracing, start + i)),
            &mut scratch,
        )
        .map_err(|e| iteration_error(plan, (cx.names, cx.base), i, e))?;
        for &(out, q) in &plan.outputs {
            let Some(v) = output(&r, out) else {
                return Err(EngineError::Shipment {
                    quantity: cx.names[q].clone(),
                    draw: cx.base + i as u64,
                    message: ShipmentError::Overflow { cargo: None }.to_string(),
                    cause: ShipmentCause::TooLarge,
                });
            };
            qs[q][i] = v as f64;
        }
        if (i + 1) % PROGRESS_STEP == 0 {
            (cx.progress)(PROGRESS_STEP as u64);
            reported += PROGRESS_STEP as u64;
        }
    }
    Ok(reported)
}

/// The count an output holds on this draw; `None` beyond 2⁶⁴ − 1.
fn output(r: &IterationResult, out: ShipmentOutput) -> Option<u64> {
    match out {
        ShipmentOutput::Containers(c) => r.containers.get(c).copied(),
        ShipmentOutput::DeliveredCargo(c) => r.delivered.cargo_total(c),
        ShipmentOutput::WorkingCargo(c) => r.working.cargo_total(c),
        ShipmentOutput::DeliveredLot(l) => r.delivered.lot_total(l),
        ShipmentOutput::WorkingLot(l) => r.working.lot_total(l),
        ShipmentOutput::DeliveredTotal => r.delivered.total(),
        ShipmentOutput::WorkingTotal => r.working.total(),
    }
}

/// True when cargo type `c`'s load draws container by container: a distribution other than
/// poisson and binomial, whose sums [`super::loads::to_model`] maps onto exact O(1) shortcuts.
pub(super) fn cargo_loops(c: &CargoPlan) -> bool {
    matches!(&c.load, Some(LoadPlan::Dist(s)) if !matches!(s.family, Family::Poisson | Family::Binomial))
}

/// True when some cargo type's load draws container by container.
pub fn loops(plan: &ShipmentPlan) -> bool {
    plan.cargo.iter().any(cargo_loops)
}

/// Per-container loads the chunk's draws will make one by one: for each draw, its containers
/// times the share of cargo whose load loops (the expected count; the multinomial split varies
/// around it). Draws with invalid parameters count 0 (they stop the run anyway); a container
/// count that is not finite makes the total infinite.
fn work(plan: &ShipmentPlan, cols: &Columns) -> f64 {
    let looping: Vec<usize> = (0..plan.cargo.len())
        .filter(|&c| cargo_loops(&plan.cargo[c]))
        .collect();
    if looping.is_empty() {
        return 0.0;
    }
    let mut total = 0.0;
    for (i, &n) in cols.containers.iter().enumerate() {
        let share: f64 = looping.iter().map(|&c| cols.cargo_share[c][i]).sum();
        let n = if n.is_nan() { 0.0 } else { n.round().max(0.0) };
        if share > 0.0 {
            total += n * share.min(1.0);
        }
    }
    total
}

/// The per-container work of the first chunk's draws, computed exactly as [`fill`] would (same
/// parameter columns, same random stream) but without drawing a container.
pub fn probe<R: Rng>(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    rng: &mut R,
    len: usize,
) -> Result<f64, (usize, String)> {
    let cols = evaluate(plan, qs, rng, len)?;
    Ok(work(plan, &cols))
}

/// A chunk's thinning, per cell (cargo c, lot l; index `c · lots + l`).
struct Thinning<'a> {
    /// The cell's stream, seeded from (seed, chunk, work tag, cell).
    cells: Vec<ChunkRng>,
    /// The column of the run this one repeats its working counts are read from on this chunk's
    /// rows ([`working_given`]), if any: its stream then draws nothing.
    given: Vec<Option<&'a [f64]>>,
}

/// One draw: that draw's parameters, then the delivery stage (drawn, or read from `reuse`) and
/// the thinning (each cell drawn on its own stream, or read from its `given` column), each
/// stage on streams of its own.
fn iteration(
    plan: &ShipmentPlan,
    cols: &Columns,
    fixed: &[Option<LoadModel>],
    i: usize,
    (split_rng, deliver_rng, thinning): (&mut ChunkRng, &mut ChunkRng, &mut Thinning),
    (reuse, (tracing, row)): (Option<&DeliveryColumns>, (Tracing, usize)),
    (cargo, lots): &mut (Vec<Cargo>, Vec<Lot>),
) -> Result<IterationResult, Failure> {
    let n = cols.containers[i];
    if !(n >= 0.0 && n.is_finite()) {
        return Err(Failure::Message(
            format!("containers = {n}; must be a finite number ≥ 0"),
            ShipmentCause::Containers,
        ));
    }
    if n.round() >= TWO_POW_64 {
        return Err(Failure::Message(
            format!("containers = {n}; more than 18,446,744,073,709,551,615 (2^64 − 1), the largest count shellcount can hold"),
            ShipmentCause::TooLarge,
        ));
    }
    lots.clear();
    lots.extend((0..plan.lots.len()).map(|l| Lot {
        share: cols.lot_share[l][i],
        dud_rate: cols.dud_rate[l][i],
    }));
    check_lots(lots).map_err(Failure::Kernel)?;
    let (containers, delivered) = match reuse.map(|d| d.row(i)) {
        Some(d) => d,
        None => {
            cargo.clear();
            for (c, cp) in plan.cargo.iter().enumerate() {
                let load = match (&fixed[c], &cp.load) {
                    (Some(m), _) => m.clone(),
                    (None, Some(l)) => load_model(l, &cols.load_args[c], i, n).map_err(|m| {
                        let m = format!("cargo `{}` load: {m}", cp.id);
                        Failure::Message(m, ShipmentCause::LoadParameter)
                    })?,
                    (None, None) => LoadModel::none(),
                };
                cargo.push(Cargo {
                    share: cols.cargo_share[c][i],
                    load,
                });
            }
            let (n, key) = (n.round() as u64, || load_key(cols, i));
            deliver_traced(
                tracing,
                row,
                key,
                (split_rng, deliver_rng, n),
                cargo,
                lots,
                plan.assign,
            )
            .map_err(Failure::Kernel)?
        }
    };
    let n_lots = lots.len();
    let given = &thinning.given;
    let read = |c: usize, l: usize| given[c * n_lots + l].map(|col| col[i] as u64);
    let working = thin_cells(&mut thinning.cells, &delivered, lots, read);
    let working = working.map_err(Failure::Kernel)?;
    Ok(IterationResult {
        containers,
        delivered,
        working,
    })
}

/// The bits of draw `i`'s load parameters of the first cargo type (none for a fixed load):
/// a delivery trace is read back only with the parameters it was drawn with.
fn load_key(cols: &Columns, i: usize) -> Vec<u64> {
    cols.load_args.first().map_or(Vec::new(), |args| {
        args.iter().map(|a| a[i].to_bits()).collect()
    })
}

/// Evaluates every parameter over the chunk, in a fixed order (so the random stream is too).
fn evaluate<R: Rng>(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    rng: &mut R,
    len: usize,
) -> Result<Columns, (usize, String)> {
    let none = SourceKeys::default();
    let view = ChunkView::plain(qs, &none);
    let mut col = |node: &Node| -> Result<Vec<f64>, (usize, String)> {
        let mut out = vec![0.0; len];
        eval(node, &view, rng, &mut out).map_err(|e| (e.index, e.message))?;
        Ok(out)
    };
    let containers = col(&plan.containers)?;
    let mut cargo_share = Vec::new();
    let mut load_args = Vec::new();
    for c in &plan.cargo {
        cargo_share.push(col(&c.share)?);
        let args: Vec<Vec<f64>> = match &c.load {
            Some(LoadPlan::Dist(s)) if s.fixed.is_none() => {
                s.args.iter().map(&mut col).collect::<Result<_, _>>()?
            }
            Some(LoadPlan::Value(n)) => vec![col(n)?],
            _ => Vec::new(),
        };
        load_args.push(args);
    }
    let mut lot_share = Vec::new();
    let mut dud_rate = Vec::new();
    for l in &plan.lots {
        lot_share.push(col(&l.share)?);
        dud_rate.push(col(&l.dud_rate)?);
    }
    Ok(Columns {
        containers,
        cargo_share,
        load_args,
        lot_share,
        dud_rate,
    })
}
