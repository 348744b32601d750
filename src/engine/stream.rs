//! The streaming mode's engine: a run's chunks drawn batch by batch into buffers reused from
//! batch to batch, each batch handed to the caller in chunk order, so memory does not grow with
//! the number of draws. Chunk `c` is drawn exactly as [`super::run_spec`] draws it (its own
//! stream seeded from `(seed, c)`), so a second pass regenerates the same values, and a caller
//! that folds the batches in order gets the same bits on any thread count.

use super::inputs::InputPlan;
use super::{check_work, chunk_len, run_chunk, ChunkMut, EngineError, RunSpec};
use crate::model::{ClaimId, EvidenceId, IdVec, Program, QuantityId};
use rayon::prelude::*;

/// Draws per batch (rounded to whole chunks): about 10 MiB of buffers for a model of five
/// quantities.
pub const BATCH_DRAWS: usize = 1 << 18;

/// One chunk of a run, drawn.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// Index of the chunk (its first draw is `index × chunk length`).
    pub index: usize,
    /// Index of its first draw.
    pub start: usize,
    /// Draws in the chunk.
    pub len: usize,
    /// One column per quantity.
    pub columns: IdVec<QuantityId, Vec<f64>>,
    /// One column per claim: 1 where the claim holds.
    pub claims: IdVec<ClaimId, Vec<u8>>,
    /// One column per evidence entry: ln of its likelihood.
    pub log_likelihoods: IdVec<EvidenceId, Vec<f64>>,
}

impl Chunk {
    fn empty(program: &Program, len: usize) -> Chunk {
        Chunk {
            index: 0,
            start: 0,
            len,
            columns: program.quantities.map(|_| vec![0.0; len]),
            claims: program.claims.map(|_| vec![0; len]),
            log_likelihoods: program.evidence.map(|_| vec![0.0; len]),
        }
    }

    fn resize(&mut self, len: usize) {
        self.len = len;
        self.columns.iter_mut().for_each(|c| c.resize(len, 0.0));
        self.claims.iter_mut().for_each(|c| c.resize(len, 0));
        self.log_likelihoods
            .iter_mut()
            .for_each(|c| c.resize(len, 0.0));
    }
}

/// Bytes the batch buffers of `program` take.
pub fn batch_bytes(program: &Program) -> u64 {
    let chunk = chunk_len(program);
    let draws = BATCH_DRAWS.div_ceil(chunk) * chunk;
    let per_draw = 8 * (program.quantities.len() + program.evidence.len()) + program.claims.len();
    (draws * per_draw) as u64
}

/// Draws the `spec.samples` draws of `program` (no overrides) batch by
/// batch, calling `each` with every batch's chunks in chunk order and `progress` with the draws
/// of every chunk drawn.
///
/// # Errors
/// The [`EngineError`] of the lowest-numbered failing draw (as [`super::run_spec`]), or the
/// first error of `each`, converted.
pub fn for_each_batch<E: From<EngineError>>(
    program: &Program,
    spec: &RunSpec,
    progress: &(dyn Fn(u64) + Sync),
    each: impl FnMut(&[Chunk]) -> Result<(), E>,
) -> Result<(), E> {
    for_each_batch_from(program, spec, 0, progress, each)
}

/// [`for_each_batch`] from draw `from` on (a whole number of chunks): the chunks a run of
/// `spec.samples` draws has after those of a shorter run, as `--precision`'s rounds continue.
///
/// # Errors
/// As [`for_each_batch`].
pub fn for_each_batch_from<E: From<EngineError>>(
    program: &Program,
    spec: &RunSpec,
    from: usize,
    progress: &(dyn Fn(u64) + Sync),
    mut each: impl FnMut(&[Chunk]) -> Result<(), E>,
) -> Result<(), E> {
    debug_assert!(spec.reuse.is_none());
    let samples = spec.samples;
    let plan = InputPlan::new(
        spec.sampling,
        samples,
        spec.seed,
        &program.fixed_inputs(),
        program.correlated.as_ref(),
    );
    check_work(program, spec, &plan)?;
    let chunk = chunk_len(program);
    let n_chunks = samples.div_ceil(chunk);
    let per_batch = BATCH_DRAWS.div_ceil(chunk).max(1);
    debug_assert!(from % chunk == 0 || from >= samples);
    let mut buffers: Vec<Chunk> = Vec::new();
    let mut first = from.div_ceil(chunk);
    while first < n_chunks {
        let count = per_batch.min(n_chunks - first);
        while buffers.len() < count {
            buffers.push(Chunk::empty(program, chunk));
        }
        let batch = &mut buffers[..count];
        let results: Vec<Result<(), EngineError>> = batch
            .par_iter_mut()
            .enumerate()
            .map(|(i, buf)| {
                let c = first + i;
                let len = (samples - c * chunk).min(chunk);
                buf.resize(len);
                buf.index = c;
                buf.start = c * chunk;
                let mut cols = ChunkMut {
                    qs: buf.columns.iter_mut().map(|v| v.as_mut_slice()).collect(),
                    cs: buf.claims.iter_mut().map(|v| v.as_mut_slice()).collect(),
                    ls: buf
                        .log_likelihoods
                        .iter_mut()
                        .map(|v| v.as_mut_slice())
                        .collect(),
                };
                let reported = run_chunk(program, spec, &plan, (c, chunk), &mut cols, progress)?;
                progress(len as u64 - reported);
                Ok(())
            })
            .collect();
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        each(&buffers[..count])?;
        first += count;
    }
    Ok(())
}
