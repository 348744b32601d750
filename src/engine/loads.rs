//! Load models of `[shipment]` cargo: a load written as a distribution or a whole number,
//! mapped onto the kernel's [`LoadModel`] with its exact shortcuts (used by [`super::shipment`]).

use crate::dist::{Dist, Family};
use crate::model::{CargoPlan, LoadPlan, SampleNode};
use crate::shipment::{whole_rounds, LoadModel, ShipmentError, TWO_POW_64};

/// The load model of a cargo type whose load distribution has constant parameters.
pub(super) fn fixed_load(c: &CargoPlan) -> Option<LoadModel> {
    match &c.load {
        Some(LoadPlan::Dist(SampleNode {
            family,
            fixed: Some(d),
            ..
        })) => to_model(*family, d.params(), Some(d), None).ok(),
        _ => None,
    }
}

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
