//! The `[shipment]` step: per-container simulation of a whole shipment, once per draw.
//!
//! Every quantity the `[shipment]` section generates is a `Node::Shipment` of the model
//! ([`ShipmentPlan`]) that depends on all of the section's parameter expressions, so in
//! topological order they all come after those parameters. When the engine reaches the first of them in a chunk, [`fill`] evaluates the
//! parameters over the chunk, calls [`shipment_iteration`] once per draw with that draw's values
//! and the chunk's random stream, and writes every generated column; the others are then
//! skipped. Results are therefore reproducible by seed and independent of the thread count.
//!
//! ```text
//! per draw i:  n = round(containers[i])
//!              cargo c: share_c[i], load_c = LoadModel(family, args[i])  (each container draws)
//!              lot l:   share_l[i], dud_rate_l[i]
//!              shipment_iteration(rng, n, cargo, lots, assign) → whole-number counts
//! ```
//!
//! Loads map onto [`LoadModel`]: `poisson` and `binomial` use its exact O(1) sums; continuous
//! families the exact alias table of the rounded pmf (built once per run when the load's
//! arguments are constants, once per draw when there are enough containers to pay for it),
//! otherwise a per-container loop (`normal` inlined, others over the checked distribution); a
//! load without a distribution is the same whole number for every container.

use super::eval::{eval, ChunkView};
use super::EngineError;
use super::{chunk_rng, Draws};
use crate::dist::{Dist, Family};
use crate::model::{
    CargoPlan, IdVec, LoadPlan, Node, QuantityId, SampleNode, ShipmentOutput, ShipmentPlan,
};
use crate::shipment::{
    check_lots, deliver, whole_rounds, work, Cargo, Grid, IterationResult, LoadModel, Lot,
};
use rand::Rng;

/// Per-draw parameter columns of one chunk.
struct Columns {
    containers: Vec<f64>,
    cargo_share: Vec<Vec<f64>>,
    load_args: Vec<Vec<Vec<f64>>>,
    lot_share: Vec<Vec<f64>>,
    dud_rate: Vec<Vec<f64>>,
}

/// Where a chunk is and what it may reuse: the run's seed, the chunk's index and first draw,
/// and the draws of the run it repeats (a Saltelli design's A rows), if any.
pub struct ChunkAt<'a> {
    /// The run's seed.
    pub seed: u64,
    /// The chunk's index.
    pub chunk: u64,
    /// The chunk's first draw.
    pub start: usize,
    /// Draws whose first rows this run repeats with some inputs replaced ([`super::RunSpec`]).
    pub reuse: Option<&'a super::Draws>,
}

/// Stream tags of the shipment's two stages (any fixed odd constants).
const DELIVER_TAG: u64 = 0x5D1F_0C3A_77E1_9B25;
const WORK_TAG: u64 = 0xA3C9_4E17_2B6D_8F01;

/// Computes every generated column of the chunk, once (`done` is set on the first call).
///
/// The parameters are evaluated on the chunk's stream; the two stages then draw from their own
/// streams, seeded from `(seed, chunk)` and a stage tag, so a stage's draws depend only on its
/// own parameters. When `at.reuse` holds a run whose chunk had the same delivery parameters
/// (every quantity they read equal, none drawing), the delivery stage is read from that run
/// instead of redrawn: the same values, at the cost of the thinning only.
///
/// # Errors
/// [`EngineError::Draw`] naming `shipment` and the first draw whose parameters are invalid
/// (shares not adding up to 1, a dud rate outside [0, 1], a negative container count, an
/// invalid load distribution).
// The draw index addresses the parameter columns and every output column at once.
#[allow(clippy::needless_range_loop)]
pub fn fill<R: Rng>(
    plan: &ShipmentPlan,
    qs: &mut IdVec<QuantityId, &mut [f64]>,
    rng: &mut R,
    at: &ChunkAt,
    done: &mut bool,
) -> Result<(), EngineError> {
    if *done {
        return Ok(());
    }
    *done = true;
    let base = at.start as u64;
    let len = plan.outputs.first().map_or(0, |(_, q)| qs[*q].len());
    let cols = evaluate(plan, qs, rng, len).map_err(|(i, m)| draw_error(base, i, m))?;
    let fixed: Vec<Option<LoadModel>> = plan.cargo.iter().map(fixed_load).collect();
    let mut deliver_rng = chunk_rng(at.seed ^ DELIVER_TAG, at.chunk);
    let mut work_rng = chunk_rng(at.seed ^ WORK_TAG, at.chunk);
    let reused = at
        .reuse
        .filter(|a| delivery_unchanged(plan, qs, a, at.start, len));
    let mut scratch = (Vec::new(), Vec::new());
    for i in 0..len {
        let r = iteration(
            plan,
            &cols,
            &fixed,
            i,
            (&mut deliver_rng, &mut work_rng),
            reused.map(|a| (a, at.start + i)),
            &mut scratch,
        )
        .map_err(|m| draw_error(base, i, m))?;
        let (by_cargo_d, by_cargo_w) = (r.delivered.by_cargo(), r.working.by_cargo());
        let (by_lot_d, by_lot_w) = (r.delivered.by_lot(), r.working.by_lot());
        for &(out, q) in &plan.outputs {
            qs[q][i] = match out {
                ShipmentOutput::Containers(c) => r.containers[c],
                ShipmentOutput::DeliveredCargo(c) => by_cargo_d[c],
                ShipmentOutput::WorkingCargo(c) => by_cargo_w[c],
                ShipmentOutput::DeliveredLot(l) => by_lot_d[l],
                ShipmentOutput::WorkingLot(l) => by_lot_w[l],
                ShipmentOutput::DeliveredTotal => r.delivered.total(),
                ShipmentOutput::WorkingTotal => r.working.total(),
            } as f64;
        }
    }
    Ok(())
}

/// Whether the delivery stage of this chunk is the same as in `a`: its parameters draw nothing
/// themselves, every quantity they read has the same values as in `a`'s rows, and `a`'s
/// columns hold the whole delivered grid (one cargo type with a load, or one lot).
fn delivery_unchanged(
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

/// The outputs from which the delivered grid and the containers per cargo type can be read
/// back: `(containers[c], cells[(c, l)])` columns, when the plan generates them all.
#[allow(clippy::type_complexity)]
fn grid_outputs(
    plan: &ShipmentPlan,
) -> Option<(Vec<QuantityId>, Vec<(usize, usize, Option<QuantityId>)>)> {
    let find = |o: ShipmentOutput| plan.outputs.iter().find(|(x, _)| *x == o).map(|(_, q)| *q);
    let containers: Vec<QuantityId> = (0..plan.cargo.len())
        .map(|c| find(ShipmentOutput::Containers(c)))
        .collect::<Option<_>>()?;
    let loaded: Vec<usize> = (0..plan.cargo.len())
        .filter(|&c| plan.cargo[c].load.is_some())
        .collect();
    let mut cells = Vec::new();
    for c in 0..plan.cargo.len() {
        for l in 0..plan.lots.len() {
            let q = if plan.cargo[c].load.is_none() {
                None
            } else if loaded.len() == 1 {
                Some(find(ShipmentOutput::DeliveredLot(l)).or_else(|| {
                    (plan.lots.len() == 1).then(|| find(ShipmentOutput::DeliveredCargo(c)))?
                })?)
            } else if plan.lots.len() == 1 {
                Some(find(ShipmentOutput::DeliveredCargo(c))?)
            } else {
                return None;
            };
            cells.push((c, l, q));
        }
    }
    Some((containers, cells))
}

/// The delivery stage of draw `i` of `a`, read back from its columns.
fn delivered_from(plan: &ShipmentPlan, a: &Draws, i: usize) -> Option<(Vec<u64>, Grid)> {
    let (containers, cells) = grid_outputs(plan)?;
    let containers = containers.iter().map(|&q| a.columns[q][i] as u64).collect();
    let mut grid = Grid::zeros(plan.cargo.len(), plan.lots.len());
    for (c, l, q) in cells {
        grid.set(c, l, q.map_or(0, |q| a.columns[q][i] as u64));
    }
    Some((containers, grid))
}

/// One draw: that draw's parameters, then the delivery stage (drawn, or read from `reuse`) and
/// the thinning.
fn iteration<R: Rng>(
    plan: &ShipmentPlan,
    cols: &Columns,
    fixed: &[Option<LoadModel>],
    i: usize,
    (deliver_rng, work_rng): (&mut R, &mut R),
    reuse: Option<(&Draws, usize)>,
    (cargo, lots): &mut (Vec<Cargo>, Vec<Lot>),
) -> Result<IterationResult, String> {
    let n = cols.containers[i];
    if !(n >= 0.0 && n.is_finite()) {
        return Err(format!("containers = {n}; must be a finite number ≥ 0"));
    }
    lots.clear();
    lots.extend((0..plan.lots.len()).map(|l| Lot {
        share: cols.lot_share[l][i],
        dud_rate: cols.dud_rate[l][i],
    }));
    check_lots(lots).map_err(|e| e.to_string())?;
    let read = reuse.and_then(|(a, row)| delivered_from(plan, a, row));
    let (containers, delivered) = match read {
        Some(d) => d,
        None => {
            cargo.clear();
            for (c, cp) in plan.cargo.iter().enumerate() {
                let load = match (&fixed[c], &cp.load) {
                    (Some(m), _) => m.clone(),
                    (None, Some(l)) => load_model(l, &cols.load_args[c], i, n)
                        .map_err(|m| format!("cargo `{}` load: {m}", cp.id))?,
                    (None, None) => LoadModel::none(),
                };
                cargo.push(Cargo {
                    share: cols.cargo_share[c][i],
                    load,
                });
            }
            deliver(deliver_rng, n.round() as u64, cargo, lots, plan.assign)
                .map_err(|e| e.to_string())?
        }
    };
    let working = work(work_rng, &delivered, lots).map_err(|e| e.to_string())?;
    Ok(IterationResult {
        containers,
        delivered,
        working,
    })
}

fn draw_error(base: u64, i: usize, message: String) -> EngineError {
    EngineError::Draw {
        quantity: "shipment".to_string(),
        draw: base + i as u64,
        message,
    }
}

/// Evaluates every parameter over the chunk, in a fixed order (so the random stream is too).
fn evaluate<R: Rng>(
    plan: &ShipmentPlan,
    qs: &IdVec<QuantityId, &mut [f64]>,
    rng: &mut R,
    len: usize,
) -> Result<Columns, (usize, String)> {
    let view = ChunkView { columns: qs };
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

/// The load model of a cargo type whose load distribution has constant parameters.
fn fixed_load(c: &CargoPlan) -> Option<LoadModel> {
    match &c.load {
        Some(LoadPlan::Dist(SampleNode {
            family,
            fixed: Some(d),
            ..
        })) => to_model(*family, d.params(), Some(d), None).ok(),
        _ => None,
    }
}

fn load_model(
    l: &LoadPlan,
    args: &[Vec<f64>],
    i: usize,
    containers: f64,
) -> Result<LoadModel, String> {
    let params: Vec<f64> = args.iter().map(|a| a[i]).collect();
    match l {
        LoadPlan::Value(_) => {
            let v = params[0];
            if !(v >= 0.0 && v.is_finite()) {
                return Err(format!(
                    "{v} rounds per container; must be a finite number ≥ 0"
                ));
            }
            Ok(LoadModel::constant(whole_rounds(v)))
        }
        LoadPlan::Dist(s) => to_model(s.family, &params, None, Some(containers.round() as u64))
            .map_err(|e| format!("`{}`: {e}", s.text)),
    }
}

/// Maps a distribution onto a [`LoadModel`], using its exact shortcuts where it has them:
/// Poisson and binomial sums in one draw, and for continuous families the exact alias table
/// of the rounded pmf when it pays ([`LoadModel::table_pays`]: always for a run's `fixed`
/// load, per draw when `containers` is large enough), else the per-container loop.
pub fn to_model(
    family: Family,
    p: &[f64],
    fixed: Option<&Dist>,
    containers: Option<u64>,
) -> Result<LoadModel, String> {
    let s = |e: crate::shipment::ShipmentError| e.to_string();
    match family {
        Family::Poisson => LoadModel::poisson(p[0]).map_err(s),
        Family::Binomial => {
            let n = p[0].round();
            if !(0.0..9.0e15).contains(&n) {
                return Err(format!("n = {} must be a whole number ≥ 0", p[0]));
            }
            LoadModel::binomial(n as u64, p[1]).map_err(s)
        }
        Family::Normal if !(p[1] > 0.0) || containers.is_some_and(|n| n < 64) => {
            LoadModel::normal(p[0], p[1]).map_err(s)
        }
        Family::Gamma if containers.is_some_and(|n| n < 64) => {
            LoadModel::gamma(p[0], p[1]).map_err(s)
        }
        _ => {
            let d = match fixed {
                Some(d) => d.clone(),
                None => Dist::new(family, p).map_err(|e| e.to_string())?,
            };
            if LoadModel::table_pays(&d, containers) {
                if let Some(t) = LoadModel::table(&d) {
                    return Ok(t);
                }
            }
            Ok(match family {
                Family::Normal => LoadModel::normal(p[0], p[1]).map_err(s)?,
                _ => LoadModel::from_dist(d),
            })
        }
    }
}
