//! Load models of `[shipment]` cargo: a load written as a distribution or a whole number,
//! mapped onto the kernel's [`LoadModel`] with its exact shortcuts (used by [`super::shipment`]).

use std::sync::{Mutex, PoisonError};

use crate::dist::{Dist, Family};
use crate::model::{CargoPlan, LoadPlan, SampleNode};
use crate::shipment::{whole_rounds, LoadModel, ShipmentError, TWO_POW_64};

/// The load model of a cargo type whose load distribution has constant parameters.
///
/// Built once per family and parameters and then copied from [`FIXED`]: every chunk of every
/// run (the design's runs, each streamed pass) needs it, and the exact alias table of a
/// rounded `300 to 600` load costs ~80 µs to build (an erf per whole number of its range)
/// against ~1 µs to copy. The model is a function of the family and the parameters' bits
/// alone, so a copy is the model a fresh build gives.
pub(super) fn fixed_load(c: &CargoPlan) -> Option<LoadModel> {
    let Some(LoadPlan::Dist(SampleNode {
        family,
        fixed: Some(d),
        ..
    })) = &c.load
    else {
        return None;
    };
    let key = (*family, d.params().iter().map(|p| p.to_bits()).collect());
    // Built under the lock: a thread that finds it building waits for the copy.
    let mut cache = FIXED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, m)) = cache.iter().find(|(k, _)| *k == key) {
        return m.clone();
    }
    let model = to_model(*family, d.params(), Some(d), None).ok();
    if cache.len() >= FIXED_ENTRIES {
        cache.remove(0);
    }
    cache.push((key, model.clone()));
    model
}

/// A fixed load's family and parameter bits, and its model (`None`: invalid).
type FixedEntry = ((Family, Vec<u64>), Option<LoadModel>);

/// The fixed load models built so far, oldest first, at most [`FIXED_ENTRIES`].
static FIXED: Mutex<Vec<FixedEntry>> = Mutex::new(Vec::new());

/// How many fixed load models [`FIXED`] keeps (a sweep over a load's parameters builds a new
/// one per point; the oldest goes).
const FIXED_ENTRIES: usize = 16;

/// The load model of draw `i` of a cargo type whose load's arguments vary by draw.
pub(super) fn load_model(
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
            if v.round() >= TWO_POW_64 {
                return Err(format!(
                    "{v} rounds per container; more than 2^64 − 1, the largest count shellcount can hold"
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
    let s = |e: ShipmentError| e.to_string();
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
