//! Traces of `[shipment]` deliveries, shared by runs that repeat the same rows (same seed and
//! chunking) with other lot shares: a Saltelli design's AB runs for inputs the delivery reads.
//! A run with [`Tracing::Record`] keeps each row's trace ([`crate::shipment::trace`]); a run
//! with [`Tracing::Replay`] reads a row's lot rounds back from the trace when the loads' stream
//! is in the recorded state at the start of the draw and the containers and the load's
//! parameters are the recorded ones, and records the rows that have no trace yet. Results are exactly those of drawing every load;
//! only the time differs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use super::rng::ChunkRng;
use super::{run_traced, Draws, EngineError, RunSpec};
use crate::model::{Node, Program};
use crate::shipment::trace::{record, replay, traceable, Trace};
use crate::shipment::{deliver, Assign, Cargo, Grid, Lot, ShipmentError};

/// What a run does with delivery traces.
#[derive(Debug, Clone, Copy, Default)]
pub enum Tracing<'a> {
    /// Nothing.
    #[default]
    Off,
    /// Keeps the traces of the rows the store has room for.
    Record(&'a LoadTraces),
    /// Reads deliveries back from the store where it can; keeps the traces of rows it has
    /// none for.
    Replay(&'a LoadTraces),
}

/// One row's trace with the load parameters it was drawn with (their bits).
type Row = (Vec<u64>, Trace<ChunkRng>);

/// The traces of a run's first rows.
#[derive(Debug)]
pub struct LoadTraces {
    rows: Vec<OnceLock<Option<Row>>>,
    read: AtomicU64,
}

impl LoadTraces {
    /// Room for the traces of the first `rows` rows.
    pub fn new(rows: usize) -> LoadTraces {
        LoadTraces {
            rows: (0..rows).map(|_| OnceLock::new()).collect(),
            read: AtomicU64::new(0),
        }
    }

    /// Rows whose delivery a replaying run read back instead of drawing (all runs together).
    pub fn rows_read(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }

    /// Keeps row `row`'s trace, if there is room.
    fn keep(&self, row: usize, key: Vec<u64>, trace: Option<Trace<ChunkRng>>) {
        if let Some(slot) = self.rows.get(row) {
            let _ = slot.set(trace.map(|t| (key, t)));
        }
    }

    /// Row `row`'s trace, when it was drawn with load parameters `key`.
    fn get(&self, row: usize, key: &[u64]) -> Option<&Trace<ChunkRng>> {
        match self.rows.get(row)?.get()? {
            Some((k, t)) if k == key => Some(t),
            _ => None,
        }
    }

    /// Whether row `row` has room for a trace.
    fn holds(&self, row: usize) -> bool {
        row < self.rows.len()
    }
}

/// [`run_spec`](super::run_spec), keeping the delivery traces of the first `rows` rows in the
/// draws ([`Draws::traces`]) when `program`'s deliveries can be traced and `rows > 0` (about
/// 1.3 KB a row for thousands of containers): the same draws either way.
///
/// # Errors
/// As `run_spec`.
pub fn run_recording(
    program: &Program,
    spec: &RunSpec,
    rows: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Draws, EngineError> {
    if rows == 0 || !traceable_program(program) {
        return super::run_spec(program, spec, progress);
    }
    let store = LoadTraces::new(rows.min(spec.samples));
    let mut draws = run_traced(program, spec, Tracing::Record(&store), progress)?;
    draws.traces = Some(Arc::new(store));
    Ok(draws)
}

/// Whether `program`'s deliveries can be traced: a `[shipment]` with one cargo type whose
/// load is drawn container by container, each container from one lot.
pub fn traceable_program(program: &Program) -> bool {
    program.quantities.iter().any(|n| match n {
        Node::Shipment(p) => {
            p.assign == Assign::Container
                && p.cargo.len() == 1
                && super::shipment::cargo_loops(&p.cargo[0])
        }
        _ => false,
    })
}

/// The delivery of draw `row` (`n` containers; the split on `split`, the loads on `rng`),
/// drawn as [`deliver`] draws it,
/// recorded or read back from `tracing`'s store where the draw can be traced; `key` gives the
/// bits of the draw's load parameters.
///
/// # Errors
/// As [`deliver`].
pub(super) fn deliver_traced(
    tracing: Tracing,
    row: usize,
    key: impl Fn() -> Vec<u64>,
    (split, rng, n): (&mut ChunkRng, &mut ChunkRng, u64),
    cargo: &[Cargo],
    lots: &[Lot],
    assign: Assign,
) -> Result<(Vec<u64>, Grid), ShipmentError> {
    let t = match tracing {
        Tracing::Record(t) | Tracing::Replay(t) if traceable(cargo, assign) => t,
        _ => return deliver((split, rng), n, cargo, lots, assign),
    };
    if let (Tracing::Replay(_), Some(trace)) = (tracing, t.get(row, &key())) {
        let (d, read) = replay((split, rng), n, &cargo[0], lots, trace)?;
        if read {
            t.read.fetch_add(1, Ordering::Relaxed);
        }
        return Ok(d);
    }
    if !t.holds(row) {
        return deliver((split, rng), n, cargo, lots, assign);
    }
    let (d, trace) = record((split, rng), n, &cargo[0], lots)?;
    t.keep(row, key(), trace);
    Ok(d)
}
