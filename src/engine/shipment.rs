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
use crate::dist::{Dist, Family};
use crate::model::{
    CargoPlan, IdVec, LoadPlan, Node, QuantityId, SampleNode, ShipmentOutput, ShipmentPlan,
};
use crate::shipment::{shipment_iteration, whole_rounds, Cargo, IterationResult, LoadModel, Lot};
use rand::Rng;

/// Per-draw parameter columns of one chunk.
struct Columns {
    containers: Vec<f64>,
    cargo_share: Vec<Vec<f64>>,
    load_args: Vec<Vec<Vec<f64>>>,
    lot_share: Vec<Vec<f64>>,
    dud_rate: Vec<Vec<f64>>,
}

/// Computes every generated column of the chunk, once (`done` is set on the first call).
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
    base: u64,
    done: &mut bool,
) -> Result<(), EngineError> {
    if *done {
        return Ok(());
    }
    *done = true;
    let len = plan.outputs.first().map_or(0, |(_, q)| qs[*q].len());
    let cols = evaluate(plan, qs, rng, len).map_err(|(i, m)| draw_error(base, i, m))?;
    let fixed: Vec<Option<LoadModel>> = plan.cargo.iter().map(fixed_load).collect();
    let mut scratch = (Vec::new(), Vec::new());
    for i in 0..len {
        let r = iteration(plan, &cols, &fixed, i, rng, &mut scratch)
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

/// One draw: that draw's parameters, then [`shipment_iteration`].
fn iteration<R: Rng>(
    plan: &ShipmentPlan,
    cols: &Columns,
    fixed: &[Option<LoadModel>],
    i: usize,
    rng: &mut R,
    (cargo, lots): &mut (Vec<Cargo>, Vec<Lot>),
) -> Result<IterationResult, String> {
    let n = cols.containers[i];
    if !(n >= 0.0 && n.is_finite()) {
        return Err(format!("containers = {n}; must be a finite number ≥ 0"));
    }
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
    lots.clear();
    lots.extend((0..plan.lots.len()).map(|l| Lot {
        share: cols.lot_share[l][i],
        dud_rate: cols.dud_rate[l][i],
    }));
    shipment_iteration(rng, n.round() as u64, cargo, lots, plan.assign).map_err(|e| e.to_string())
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
