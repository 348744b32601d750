//! Chunked, seeded, parallel evaluation of the model's [`Program`] into columns of draws.
//!
//! The draws are cut into chunks of [`CHUNK`] iterations ([`SHIPMENT_CHUNK`] for a model with
//! a `[shipment]`). Chunk `c` has its own random stream,
//! a xoshiro256++ generator seeded from `(seed, c)`, and evaluates every quantity in
//! topological order, then every claim. Chunks run in parallel (rayon) but neither their size
//! nor their streams depend on the number of threads, so the draws are identical on any thread
//! count (as in rand's `rayon-monte-carlo` example).

mod error;
mod eval;
mod evidence;
mod inputs;
mod loads;
pub mod memory;
mod permute;
mod reuse;
mod rng;
mod shipment;
mod sources;
pub mod stream;
pub mod trace;
mod work;

use crate::model::{ClaimId, EvidenceId, Id, IdVec, Node, Program, QuantityId};
use eval::{eval, ChunkView};
use evidence::{log_likelihood, EvidenceError};
use inputs::{fill_correlated, fill_lhs, InputPlan};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub use error::{EngineError, ShipmentCause};
pub use inputs::Sampling;
pub(crate) use rng::chunk_rng;
pub use rng::{source_uniform, Resample};
use rng::{ChunkRng, SourceKeys};
pub use sources::source_values;
pub use trace::{run_recording, traceable_program, LoadTraces, Tracing};
use work::check_work;
pub use work::container_loads;

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
    /// One random source drawn from another run's rows (a Saltelli design's AB run for it).
    pub resample: Option<Resample>,
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
    /// The `[shipment]` delivery traces of the first rows, when the run kept them
    /// ([`run_recording`]): a Saltelli design's runs for the lot shares read them back.
    pub traces: Option<Arc<LoadTraces>>,
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
    run_traced(program, spec, Tracing::Off, progress)
}

/// [`run_spec`], keeping or reading the `[shipment]` delivery traces of [`trace`] (the same
/// draws either way).
///
/// # Errors
/// As [`run_spec`].
pub fn run_traced(
    program: &Program,
    spec: &RunSpec,
    tracing: Tracing,
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
    check_work(program, spec, &plan)?;
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
            let len = (samples - c * chunk).min(chunk) as u64;
            match run_chunk_traced(
                program,
                (spec, tracing),
                &plan,
                (c, chunk),
                &mut cols,
                progress,
            ) {
                Ok(reported) => {
                    progress(len - reported);
                    Ok(())
                }
                Err(e) => {
                    first_failure.fetch_min(c, Ordering::Relaxed);
                    Err(e)
                }
            }
        })
        .collect();
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(Draws {
        samples,
        columns,
        claims,
        log_likelihoods,
        traces: None,
    })
}

/// How far [`quantities`] goes.
enum Until<'a> {
    /// Every quantity; `progress` hears of long `[shipment]` steps as they go; deliveries
    /// traced as the run says.
    End(&'a (dyn Fn(u64) + Sync), Tracing<'a>),
    /// Up to the `[shipment]` step, whose per-container work is returned instead of drawn.
    ShipmentWork,
}

/// What [`quantities`] did.
enum Done {
    /// Every quantity, with the draws already reported to `progress`.
    All { reported: u64 },
    /// Stopped at the `[shipment]` step, with its per-container work.
    ShipmentWork(f64),
    /// Found no `[shipment]` step to stop at.
    NoShipment,
}

/// Runs chunk `chunk` into `cols`; returns the draws already reported to `progress`.
fn run_chunk(
    program: &Program,
    spec: &RunSpec,
    plan: &InputPlan,
    at: (usize, usize),
    cols: &mut ChunkMut,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<u64, EngineError> {
    run_chunk_traced(program, (spec, Tracing::Off), plan, at, cols, progress)
}

/// [`run_chunk`], tracing deliveries as `tracing` says.
fn run_chunk_traced(
    program: &Program,
    (spec, tracing): (&RunSpec, Tracing),
    plan: &InputPlan,
    (chunk, chunk_len): (usize, usize),
    cols: &mut ChunkMut,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<u64, EngineError> {
    let mut rng = chunk_rng(spec.seed, chunk as u64);
    let len = cols
        .qs
        .iter()
        .next()
        .map(|q| q.len())
        .or_else(|| cols.cs.iter().next().map(|c| c.len()))
        .unwrap_or(0);
    let base = (chunk * chunk_len) as u64;
    let until = Until::End(progress, tracing);
    let at = (chunk, chunk_len);
    let reported = match quantities(program, spec, plan, at, &mut cols.qs, &mut rng, until)? {
        Done::All { reported } => reported,
        Done::ShipmentWork(_) | Done::NoShipment => 0,
    };
    let qs = &cols.qs;
    let none = SourceKeys::default();
    let mut temp = vec![0.0; len];
    for (k, node) in program.claims.iter_enumerated() {
        let id = &program.claim_ids[k];
        eval(node, &ChunkView::plain(qs, &none), &mut rng, &mut temp).map_err(|e| {
            EngineError::Draw {
                quantity: format!("claim {id}"),
                draw: base + e.index as u64,
                message: e.message,
            }
        })?;
        if let Some(i) = temp.iter().position(|v| !v.is_finite()) {
            return Err(EngineError::UnknownTest {
                subject: format!("claim `{id}`"),
                key: format!("claim.{id}.holds_if"),
                draw: base + i as u64,
                value: temp[i],
            });
        }
        for (o, &v) in cols.cs[k].iter_mut().zip(&temp) {
            *o = u8::from(v != 0.0);
        }
    }
    for (k, e) in program.evidence.iter_enumerated() {
        let id = &program.evidence_ids[k];
        log_likelihood(e, &ChunkView::plain(qs, &none), &mut rng, cols.ls[k]).map_err(
            |e| match e {
                EvidenceError::Draw(e) => EngineError::Draw {
                    quantity: format!("evidence {id}"),
                    draw: base + e.index as u64,
                    message: e.message,
                },
                EvidenceError::Unknown { index, value } => EngineError::UnknownTest {
                    subject: format!("evidence `{id}`"),
                    key: format!("evidence.{id}.holds_if"),
                    draw: base + index as u64,
                    value,
                },
            },
        )?;
    }
    Ok(reported)
}

/// Computes the chunk's quantities in topological order, or (with [`Until::ShipmentWork`])
/// those before the `[shipment]` step.
fn quantities(
    program: &Program,
    spec: &RunSpec,
    plan: &InputPlan,
    (chunk, chunk_len): (usize, usize),
    qs: &mut IdVec<QuantityId, &mut [f64]>,
    rng: &mut ChunkRng,
    until: Until,
) -> Result<Done, EngineError> {
    let len = qs.iter().next().map_or(0, |q| q.len());
    let start = chunk * chunk_len;
    let base = start as u64;
    let mut done: IdVec<QuantityId, bool> = qs.map(|_| false);
    if let Some(c) = &program.correlated {
        fill_correlated(c, plan, start, rng, qs, len);
        c.members.iter().for_each(|m| done[m.0] = true);
    }
    let keys = SourceKeys::new(spec.seed, program.sources.len(), spec.resample);
    let mut shipment_done = false;
    let mut reported = 0;
    for &q in &program.order {
        if let Node::Shipment(ship) = &program.quantities[q] {
            match until {
                Until::ShipmentWork => {
                    let work = shipment::probe(ship, qs, rng, len).map_err(|(i, message)| {
                        EngineError::Draw {
                            quantity: "shipment".to_string(),
                            draw: base + i as u64,
                            message,
                        }
                    })?;
                    return Ok(Done::ShipmentWork(work));
                }
                Until::End(progress, tracing) => {
                    let cx = shipment::Context {
                        names: &program.names,
                        base,
                        samples: spec.samples as u64,
                        progress,
                        seed: spec.seed,
                        chunk: chunk as u64,
                        reuse: spec.reuse,
                        tracing,
                    };
                    reported += shipment::fill(ship, &cx, qs, rng, &mut shipment_done)?;
                }
            }
            continue;
        }
        let out = std::mem::take(&mut qs[q]);
        if let Some(Some((perm, dist))) = plan.lhs.get(q) {
            fill_lhs(perm, dist, plan.strata, start, rng, out);
        } else if !done[q] {
            let view = ChunkView {
                columns: qs,
                rows: eval::Rows::From(base),
                keys: &keys,
            };
            if let Err(e) = eval(&program.quantities[q], &view, rng, out) {
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
    Ok(match until {
        Until::End(..) => Done::All { reported },
        Until::ShipmentWork => Done::NoShipment,
    })
}
