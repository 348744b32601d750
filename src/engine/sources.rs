//! The per-draw value of every random source of `[model]`, for the given-data sensitivity
//! measures: a number that orders the source's draws as their values would, and is independent
//! of the inputs its parameters read.
//!
//! - A source drawn by inverse CDF (and a mixture's choice): the uniform its draw is made from
//!   ([`source_uniform`]).
//! - A source drawn by its family's own sampler (`native`: the whole expression of its
//!   quantity, e.g. `working = binomial(n, p)`): the value itself when it is continuous and its
//!   parameters are the same on every row (every given-data measure depends on a driver only
//!   through the order of its values: ranks, rank bins, quantile bands); else the probability
//!   integral transform of the quantity's value under that draw's parameters, `F(x; θ)`; for a
//!   discrete family the randomised transform `F(x − 1) + v · P(x)` with `v` uniform from the
//!   source's own stream, which is exactly uniform too (Brockwell 2007, "Universal
//!   residuals"); above a variance of 10⁴ the normal approximation of `F` with the same jitter
//!   (see [`NORMAL_ABOVE`]).

use super::eval::{eval, ChunkView};
use super::rng::{source_uniform, SourceKeys};
use crate::dist::{Dist, Family};
use crate::model::{IdVec, Node, Program, QuantityId, SourceId, Stream};

/// Variance of a discrete draw above which its transform uses the normal approximation with
/// the jitter as continuity correction (its error in `u` is of order 1/sd, below 1%; the exact
/// CDF of a binomial or Poisson with a large count costs microseconds per draw).
const NORMAL_ABOVE: f64 = 1e4;

fn libm_erfc(x: f64) -> f64 {
    statrs::function::erf::erfc(x)
}

/// The part of a source's streams the randomised transform's `v` comes from (no draw uses it).
const TRANSFORM_PART: u32 = u32::MAX;

/// The per-draw value of every source on the first `m` rows of a run seeded `seed` whose
/// quantities are `columns`, in source order.
pub fn source_values(
    program: &Program,
    columns: &IdVec<QuantityId, Vec<f64>>,
    seed: u64,
    m: usize,
) -> IdVec<SourceId, Vec<f64>> {
    program
        .sources()
        .iter_enumerated()
        .map(|(s, src)| {
            let uniforms = || (0..m as u64).map(|j| source_uniform(seed, s, j)).collect();
            match &program.quantities[src.quantity] {
                Node::Sample(node) if src.native => {
                    transformed(node, &columns[src.quantity][..m], columns, seed, s)
                        .unwrap_or_else(uniforms)
                }
                _ => uniforms(),
            }
        })
        .collect()
}

/// `F(x; θ)` of every row (randomised for discrete families); `None` when the parameters
/// cannot be evaluated again (they always can after a successful run).
fn transformed(
    node: &crate::model::SampleNode,
    x: &[f64],
    columns: &IdVec<QuantityId, Vec<f64>>,
    seed: u64,
    s: SourceId,
) -> Option<Vec<f64>> {
    let m = x.len();
    let mut own: IdVec<QuantityId, Vec<f64>> = columns.map(|_| Vec::new());
    for a in &node.args {
        for q in a.refs() {
            own[q] = columns[q][..m].to_vec();
        }
    }
    let view_cols: IdVec<QuantityId, &mut [f64]> =
        own.iter_mut().map(|c| c.as_mut_slice()).collect();
    let none = SourceKeys::default();
    let view = ChunkView::plain(&view_cols, &none);
    let mut rng = super::chunk_rng(seed, 0);
    let mut params: Vec<Vec<f64>> = Vec::with_capacity(node.args.len());
    for a in &node.args {
        let mut out = vec![0.0; m];
        eval(a, &view, &mut rng, &mut out).ok()?;
        params.push(out);
    }
    let discrete = matches!(node.family, Family::Poisson | Family::Binomial);
    if !discrete && params.iter().all(|col| col.iter().all(|&v| v == col[0])) {
        // One continuous distribution on every row: the value itself orders the draws as F(x)
        // does, and every given-data measure depends on the driver only through that order.
        return Some(x.to_vec());
    }
    let keys = SourceKeys::new(seed, s.index() + 1, None);
    let stream = Stream {
        source: s,
        part: TRANSFORM_PART,
        native: false,
    };
    let mut row = vec![0.0; params.len()];
    let mut out = Vec::with_capacity(m);
    for (j, &xj) in x.iter().enumerate() {
        let d = match &node.fixed {
            Some(d) => std::borrow::Cow::Borrowed(d),
            None => {
                for (p, col) in row.iter_mut().zip(&params) {
                    *p = col[j];
                }
                if node.family == Family::Binomial {
                    row[0] = row[0].round();
                }
                std::borrow::Cow::Owned(Dist::new(node.family, &row).ok()?)
            }
        };
        let u = if d.is_discrete() {
            let v = keys.draw(stream, j as u64).uniform();
            let variance = d.variance();
            if variance > NORMAL_ABOVE {
                let z = (xj - 0.5 + v - d.mean()) / variance.sqrt();
                0.5 * libm_erfc(-z / std::f64::consts::SQRT_2)
            } else {
                let mass = d.ln_pdf(xj).exp();
                d.cdf(xj) - (1.0 - v) * mass
            }
        } else {
            d.cdf(xj)
        };
        out.push(u.clamp(0.0, 1.0));
    }
    Some(out)
}
