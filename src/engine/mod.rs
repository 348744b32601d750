//! Chunked, seeded, parallel evaluation of the model graph into columns of draws.
//!
//! The draws are cut into chunks of [`CHUNK`] iterations. Chunk `c` has its own random stream,
//! a xoshiro256++ generator seeded from `(seed, c)`, and evaluates every quantity in
//! topological order, then every claim. Chunks run in parallel (rayon) but neither their size
//! nor their streams depend on the number of threads, so the draws are identical on any thread
//! count (as in rand's `rayon-monte-carlo` example).

pub mod eval;
pub mod ops;
mod rng;
pub mod shipment;

use crate::expr::compile::Node;
use eval::{eval, ChunkView};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use rng::chunk_rng;

/// One chunk's slices of every quantity column and every claim column.
type ChunkColumns<'a> = (Vec<&'a mut [f64]>, Vec<&'a mut [u8]>);

/// Iterations per chunk. Fixed: changing it changes the random streams.
pub const CHUNK: usize = 8_192;

/// What the engine evaluates: quantities (by index) in a dependency order, then claims.
#[derive(Debug, Clone)]
pub struct Program {
    /// Quantity names, by index.
    pub names: Vec<String>,
    /// Compiled expression of each quantity, by index.
    pub quantities: Vec<Node>,
    /// Quantity indices in an order where every quantity follows those it references.
    pub order: Vec<usize>,
    /// Claim ids, by index.
    pub claim_ids: Vec<String>,
    /// Compiled true/false expression of each claim.
    pub claims: Vec<Node>,
}

/// Every draw of a run.
#[derive(Debug, Clone)]
pub struct Draws {
    /// Number of iterations.
    pub samples: usize,
    /// One column per quantity, by index.
    pub columns: Vec<Vec<f64>>,
    /// One column per claim: 1 where the claim holds on that draw, else 0.
    pub claims: Vec<Vec<u8>>,
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
    #[error("quantity `{quantity}` is {value} on draw {draw}: check for division by zero, ln or sqrt of values ≤ 0, or overflow")]
    NonFinite {
        /// The quantity.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// The value (NaN or ±inf).
        value: f64,
    },
}

/// Bytes the kept columns of a run take: 8 per quantity per draw, 1 per claim per draw.
pub fn column_bytes(quantities: usize, claims: usize, samples: u64) -> u64 {
    samples.saturating_mul(quantities as u64 * 8 + claims as u64)
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
    let mut columns: Vec<Vec<f64>> = program
        .quantities
        .iter()
        .map(|_| vec![0.0; samples])
        .collect();
    let mut claims: Vec<Vec<u8>> = program.claims.iter().map(|_| vec![0u8; samples]).collect();
    let n_chunks = samples.div_ceil(CHUNK);
    let mut per_chunk: Vec<ChunkColumns> =
        (0..n_chunks).map(|_| (Vec::new(), Vec::new())).collect();
    for col in columns.iter_mut() {
        for (c, part) in col.chunks_mut(CHUNK).enumerate() {
            per_chunk[c].0.push(part);
        }
    }
    for col in claims.iter_mut() {
        for (c, part) in col.chunks_mut(CHUNK).enumerate() {
            per_chunk[c].1.push(part);
        }
    }
    let first_failure = AtomicUsize::new(usize::MAX);
    let results: Vec<Result<(), EngineError>> = per_chunk
        .into_par_iter()
        .enumerate()
        .map(|(c, (mut qs, mut cs))| {
            if c > first_failure.load(Ordering::Relaxed) {
                return Ok(());
            }
            let r = run_chunk(program, seed, c, &mut qs, &mut cs);
            if r.is_err() {
                first_failure.fetch_min(c, Ordering::Relaxed);
            } else {
                progress(qs.first().map_or(0, |q| q.len()) as u64);
            }
            r
        })
        .collect();
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(Draws {
        samples,
        columns,
        claims,
    })
}

fn run_chunk(
    program: &Program,
    seed: u64,
    chunk: usize,
    qs: &mut [&mut [f64]],
    cs: &mut [&mut [u8]],
) -> Result<(), EngineError> {
    let mut rng = chunk_rng(seed, chunk as u64);
    let len = qs
        .first()
        .map(|q| q.len())
        .or_else(|| cs.first().map(|c| c.len()))
        .unwrap_or(0);
    let base = (chunk * CHUNK) as u64;
    let mut shipment_done = false;
    for &q in &program.order {
        if let Node::Shipment(plan, _) = &program.quantities[q] {
            shipment::fill(plan, qs, &mut rng, base, &mut shipment_done)?;
            continue;
        }
        let out = std::mem::take(&mut qs[q]);
        let r = eval(
            &program.quantities[q],
            &ChunkView { columns: qs },
            &mut rng,
            out,
        );
        let draw_err = |e: eval::DrawError| EngineError::Draw {
            quantity: program.names[q].clone(),
            draw: base + e.index as u64,
            message: e.message,
        };
        if let Err(e) = r {
            return Err(draw_err(e));
        }
        if let Some(i) = out.iter().position(|x| !x.is_finite()) {
            return Err(EngineError::NonFinite {
                quantity: program.names[q].clone(),
                draw: base + i as u64,
                value: out[i],
            });
        }
        qs[q] = out;
    }
    let mut temp = vec![0.0; len];
    for (k, node) in program.claims.iter().enumerate() {
        eval(node, &ChunkView { columns: qs }, &mut rng, &mut temp).map_err(|e| {
            EngineError::Draw {
                quantity: format!("claim {}", program.claim_ids[k]),
                draw: base + e.index as u64,
                message: e.message,
            }
        })?;
        for (o, &v) in cs[k].iter_mut().zip(&temp) {
            *o = u8::from(v != 0.0);
        }
    }
    Ok(())
}
