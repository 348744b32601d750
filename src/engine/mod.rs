//! Chunked, seeded, parallel evaluation of the model's [`Program`] into columns of draws.
//!
//! The draws are cut into chunks of [`CHUNK`] iterations ([`SHIPMENT_CHUNK`] for a model with
//! a `[shipment]`). Chunk `c` has its own random stream,
//! a xoshiro256++ generator seeded from `(seed, c)`, and evaluates every quantity in
//! topological order, then every claim. Chunks run in parallel (rayon) but neither their size
//! nor their streams depend on the number of threads, so the draws are identical on any thread
//! count (as in rand's `rayon-monte-carlo` example).

mod eval;
mod evidence;
mod inputs;
pub mod memory;
mod rng;
mod shipment;

use crate::model::{ClaimId, EvidenceId, Id, IdVec, Node, Program, QuantityId};
use eval::{eval, ChunkView};
use evidence::log_likelihood;
use inputs::{fill_correlated, fill_lhs, InputPlan};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use inputs::Sampling;
pub(crate) use rng::chunk_rng;

/// One chunk's slices of every column: quantities, claims, evidence log-likelihoods.
struct ChunkMut<'a> {
    qs: IdVec<QuantityId, &'a mut [f64]>,
    cs: IdVec<ClaimId, &'a mut [u8]>,
    ls: IdVec<EvidenceId, &'a mut [f64]>,
}

/// Cuts every column into its chunks: `out[c][id]` is chunk `c` of column `id`.
fn split_chunks<I: Id, T>(
    columns: &mut IdVec<I, Vec<T>>,
    n_chunks: usize,
    chunk: usize,
) -> Vec<IdVec<I, &mut [T]>> {
    let mut out: Vec<Vec<&mut [T]>> = (0..n_chunks).map(|_| Vec::new()).collect();
    for col in columns.iter_mut() {
        for (c, part) in col.chunks_mut(chunk).enumerate() {
            out[c].push(part);
        }
    }
    out.into_iter().map(IdVec::from).collect()
}

/// Iterations per chunk. Fixed: changing it changes the random streams.
pub const CHUNK: usize = 8_192;

/// Iterations per chunk of a model with a `[shipment]` (a divisor of [`CHUNK`]): each of its
/// draws simulates thousands of containers, so smaller chunks keep every core busy at the
/// usual 10⁴ draws. Fixed by the model, never by the thread count.
pub const SHIPMENT_CHUNK: usize = 256;

/// The chunk length `program` is drawn in: [`SHIPMENT_CHUNK`] with a `[shipment]`, else
/// [`CHUNK`].
pub fn chunk_len(program: &Program) -> usize {
    if program
        .quantities
        .iter()
        .any(|n| matches!(n, Node::Shipment(_)))
    {
        SHIPMENT_CHUNK
    } else {
        CHUNK
    }
}

/// How to draw: sample count, seed, method, and draws to substitute.
#[derive(Debug, Clone, Default)]
pub struct RunSpec<'a> {
    /// Number of draws.
    pub samples: usize,
    /// Seed.
    pub seed: u64,
    /// Sampling method.
    pub sampling: Sampling,
    /// For each quantity, draws that replace its own (used by sensitivity designs). The quantity
    /// is still evaluated first, so random streams stay aligned with a run without overrides.
    pub overrides: IdVec<QuantityId, Option<&'a [f64]>>,
    /// A run whose first rows this one repeats (same seed and chunking) with some inputs
    /// overridden: a `[shipment]` delivery stage whose parameters are unchanged on a chunk is
    /// read from it instead of redrawn (the same values, faster).
    pub reuse: Option<&'a Draws>,
}

/// Every draw of a run.
#[derive(Debug, Clone)]
pub struct Draws {
    /// Number of iterations.
    pub samples: usize,
    /// One column per quantity.
    pub columns: IdVec<QuantityId, Vec<f64>>,
    /// One column per claim: 1 where the claim holds on that draw, else 0.
    pub claims: IdVec<ClaimId, Vec<u8>>,
    /// One column per evidence entry: ln of its likelihood on that draw (−∞: impossible).
    pub log_likelihoods: IdVec<EvidenceId, Vec<f64>>,
}

/// A failure while drawing: the scenario allowed a value it cannot use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// Parameters computed from other quantities were invalid on some draw.
    #[error("quantity `{quantity}`, draw {draw}: {message}")]
    Draw {
        /// The quantity (or claim) being computed.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// What was wrong.
        message: String,
    },
    /// A quantity took a value that is not a finite number (e.g. `ln(0)`, `x / 0`).
    #[error("quantity `{quantity}` is {} on draw {draw}: check for division by zero, ln or sqrt of values ≤ 0, or overflow", crate::text::number::exact(*value))]
    NonFinite {
        /// The quantity.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// The value (NaN or ±inf).
        value: f64,
    },
    /// A quantity took a value outside its declared or unit-implied range.
    #[error("quantity `{quantity}` is {} on draw {draw}, outside its range {range}", crate::text::number::short(*value, 6))]
    OutOfRange {
        /// The quantity.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// The value.
        value: f64,
        /// The range and where it comes from, e.g. `[0, 1] (unit "share")`.
        range: String,
        /// What to write instead.
        hint: String,
    },
}

impl EngineError {
    /// What to change, for errors that know it (a quantity outside its range).
    pub fn hint(&self) -> Option<&str> {
        match self {
            EngineError::OutOfRange { hint, .. } => Some(hint),
            _ => None,
        }
    }
}

/// Draws `samples` iterations of `program` with `seed`, calling `progress` with the number of
/// iterations each finished chunk contributed.
///
/// # Errors
/// The [`EngineError`] of the lowest-numbered failing draw (the same on any thread count).
pub fn run(
    program: &Program,
    samples: usize,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Draws, EngineError> {
    run_spec(
        program,
        &RunSpec {
            samples,
            seed,
            ..Default::default()
        },
        progress,
    )
}

/// Like [`run`], with a sampling method and overrides.
///
/// # Errors
/// The [`EngineError`] of the lowest-numbered failing draw (the same on any thread count).
pub fn run_spec(
    program: &Program,
    spec: &RunSpec,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Draws, EngineError> {
    let (samples, seed) = (spec.samples, spec.seed);
    let plan = InputPlan::new(
        spec.sampling,
        samples,
        seed,
        &program.fixed_inputs(),
        program.correlated.as_ref(),
    );
    let mut log_likelihoods = program.evidence.map(|_| vec![0.0; samples]);
    let mut columns = program.quantities.map(|_| vec![0.0; samples]);
    let mut claims = program.claims.map(|_| vec![0u8; samples]);
    let chunk = chunk_len(program);
    let n_chunks = samples.div_ceil(chunk);
    let per_chunk: Vec<ChunkMut> = split_chunks(&mut columns, n_chunks, chunk)
        .into_iter()
        .zip(split_chunks(&mut claims, n_chunks, chunk))
        .zip(split_chunks(&mut log_likelihoods, n_chunks, chunk))
        .map(|((qs, cs), ls)| ChunkMut { qs, cs, ls })
        .collect();
    let first_failure = AtomicUsize::new(usize::MAX);
    let results: Vec<Result<(), EngineError>> = per_chunk
        .into_par_iter()
        .enumerate()
        .map(|(c, mut cols)| {
            if c > first_failure.load(Ordering::Relaxed) {
                return Ok(());
            }
            let r = run_chunk(program, spec, &plan, (c, chunk), &mut cols);
            if r.is_err() {
                first_failure.fetch_min(c, Ordering::Relaxed);
            } else {
                progress(cols.qs.iter().next().map_or(0, |q| q.len()) as u64);
            }
            r
        })
        .collect();
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(Draws {
        samples,
        columns,
        claims,
        log_likelihoods,
    })
}

fn run_chunk(
    program: &Program,
    spec: &RunSpec,
    plan: &InputPlan,
    (chunk, chunk_len): (usize, usize),
    cols: &mut ChunkMut,
) -> Result<(), EngineError> {
    let mut rng = chunk_rng(spec.seed, chunk as u64);
    let qs = &mut cols.qs;
    let len = qs
        .iter()
        .next()
        .map(|q| q.len())
        .or_else(|| cols.cs.iter().next().map(|c| c.len()))
        .unwrap_or(0);
    let start = chunk * chunk_len;
    let base = start as u64;
    let mut done: IdVec<QuantityId, bool> = qs.map(|_| false);
    if let Some(c) = &program.correlated {
        fill_correlated(c, plan, start, &mut rng, qs, len);
        c.members.iter().for_each(|m| done[m.0] = true);
    }
    let mut shipment_done = false;
    for &q in &program.order {
        if let Node::Shipment(plan) = &program.quantities[q] {
            let at = shipment::ChunkAt {
                seed: spec.seed,
                chunk: chunk as u64,
                start,
                reuse: spec.reuse,
            };
            shipment::fill(plan, qs, &mut rng, &at, &mut shipment_done)?;
            continue;
        }
        let out = std::mem::take(&mut qs[q]);
        if let Some(Some((perm, dist))) = plan.lhs.get(q) {
            fill_lhs(perm, dist, plan.strata, start, &mut rng, out);
        } else if !done[q] {
            if let Err(e) = eval(
                &program.quantities[q],
                &ChunkView { columns: qs },
                &mut rng,
                out,
            ) {
                return Err(EngineError::Draw {
                    quantity: program.names[q].clone(),
                    draw: base + e.index as u64,
                    message: e.message,
                });
            }
        }
        if let Some(Some(o)) = spec.overrides.get(q) {
            out.copy_from_slice(&o[start..start + out.len()]);
        }
        if let Some(i) = out.iter().position(|x| !x.is_finite()) {
            return Err(EngineError::NonFinite {
                quantity: program.names[q].clone(),
                draw: base + i as u64,
                value: out[i],
            });
        }
        if let Some(r) = program.range(q) {
            if let Some(i) = r.first_outside(out) {
                return Err(EngineError::OutOfRange {
                    quantity: program.names[q].clone(),
                    draw: base + i as u64,
                    value: out[i],
                    range: format!("{} ({})", r.describe(), r.origin),
                    hint: r.hint.clone(),
                });
            }
        }
        qs[q] = out;
    }
    let mut temp = vec![0.0; len];
    for (k, node) in program.claims.iter_enumerated() {
        eval(node, &ChunkView { columns: qs }, &mut rng, &mut temp).map_err(|e| {
            EngineError::Draw {
                quantity: format!("claim {}", program.claim_ids[k]),
                draw: base + e.index as u64,
                message: e.message,
            }
        })?;
        for (o, &v) in cols.cs[k].iter_mut().zip(&temp) {
            *o = u8::from(v != 0.0);
        }
    }
    for (k, e) in program.evidence.iter_enumerated() {
        log_likelihood(e, &ChunkView { columns: qs }, &mut rng, cols.ls[k]).map_err(|e| {
            EngineError::Draw {
                quantity: format!("evidence {}", program.evidence_ids[k]),
                draw: base + e.index as u64,
                message: e.message,
            }
        })?;
    }
    Ok(())
}
