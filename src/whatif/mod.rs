//! What if: a scenario run again with one assumption changed, and several scenarios side by
//! side. Each run is an ordinary run (the engine, then the analysis); this layer decides which
//! runs to make and puts their results together.
//!
//! ```text
//! sweep.rs       the points of a sweep (each the scenario with NAME=V, exactly as --set makes
//!                it), prepared before sampling, run with one seed → Sweep (sweep.json)
//! break_even.rs  where a claim's probability crosses 10%, 50%, 90% along a sweep, and the
//!                values within ±2 Monte Carlo standard errors of it
//! solve.rs       --solve: the value at which a claim reaches a target probability, by bisection
//! compare.rs     several scenarios, same samples and seed → Comparison (comparison.json):
//!                shared quantities and claims, paired differences, definitions that differ
//! ```
//!
//! **Common random numbers.** Every run here uses the same seed and sample count, so chunk `c`
//! of every run draws from the same stream. Fixing an input to a constant removes its draws from
//! the stream, so a sweep point is not the base case with one column replaced; it is exactly the
//! run `--set NAME=V` makes (both validate the file with that override), and every point of a
//! sweep consumes the streams alike up to the first sampler whose number of draws depends on
//! the swept value (a binomial or gamma whose parameter moves). Quantities drawn before it are
//! identical at every point, so differences between points come from the assumption, not from
//! noise; what is drawn after it is fresh noise, still within each point's Monte Carlo error.

pub mod break_even;
pub mod compare;
mod compare_defs;
pub mod solve;
pub mod sweep;

use crate::analysis::{
    analyse_streaming_with, analyse_with, AnalysisError, Curves, RunFacts, Streaming,
};
use crate::engine::{self, Draws, RunSpec, Sampling};
use crate::results::{MemoryMode, RunResult};
use crate::scenario::{Scenario, ScenarioError};
use std::sync::atomic::{AtomicBool, Ordering};

/// How every run of a what-if is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Draws per run.
    pub samples: u64,
    /// Seed of every run.
    pub seed: u64,
    /// Sampling method.
    pub sampling: Sampling,
    /// Whether every run is streamed, and how; `None`: each run keeps its draws.
    pub stream: Option<Streamed>,
}

/// How the runs of a what-if are streamed (as the base case: `--low-memory`, or because the
/// draws of one run do not fit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streamed {
    /// The values a run's percentiles may gather at once.
    pub gather: u64,
    /// Chosen because the draws do not fit (else asked for with `--low-memory`).
    pub automatic: bool,
}

/// Why a what-if could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum WhatIfError {
    /// A point's scenario is invalid (e.g. a sweep value outside the quantity's range).
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A point's draws or their analysis failed.
    #[error("at {point}: {source}")]
    Run {
        /// Which point, e.g. `non_function = 0.3`.
        point: String,
        /// What failed.
        source: AnalysisError,
    },
}

/// One point of a sweep or `--solve`: [`run_one`], or, with `settings.stream`, the streaming
/// mode's analysis of the same draws (the same results).
///
/// # Errors
/// [`WhatIfError::Run`], naming `point`.
pub(crate) fn run_point(
    s: &Scenario,
    settings: &Settings,
    sensitivity: (usize, usize),
    point: &str,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunResult, WhatIfError> {
    let Some(Streamed { gather, automatic }) = settings.stream else {
        return Ok(run_one(s, settings, sensitivity, Curves::None, point, progress)?.0);
    };
    // The bar counts each point's draws once: those of its first pass.
    let first = AtomicBool::new(true);
    let how = Streaming {
        gather,
        curves: Curves::None,
        pass: &|k| first.store(k == 1, Ordering::Relaxed),
        progress: &|n| {
            if first.load(Ordering::Relaxed) {
                progress(n)
            }
        },
        rows: None,
    };
    let mut result =
        analyse_streaming_with(s, &facts(settings, sensitivity), how).map_err(|source| {
            WhatIfError::Run {
                point: point.to_string(),
                source,
            }
        })?;
    if let MemoryMode::Streaming { automatic: a, .. } = &mut result.run.memory {
        *a = automatic;
    }
    Ok(result)
}

fn facts(settings: &Settings, sensitivity: (usize, usize)) -> RunFacts {
    RunFacts {
        seed: settings.seed,
        samples: settings.samples,
        sampling: settings.sampling,
        sensitivity_draws: sensitivity.0,
        saltelli_base: sensitivity.1,
        precision: None,
    }
}

/// One run of `s` as every what-if makes it: the engine, then the analysis with the given
/// sensitivity draws and Saltelli base (0 and 0: none) and curves.
///
/// # Errors
/// [`WhatIfError::Run`], naming `point`.
pub(crate) fn run_one(
    s: &Scenario,
    settings: &Settings,
    sensitivity: (usize, usize),
    curves: Curves,
    point: &str,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(RunResult, Draws), WhatIfError> {
    let fail = |source| WhatIfError::Run {
        point: point.to_string(),
        source,
    };
    let spec = RunSpec {
        samples: settings.samples as usize,
        seed: settings.seed,
        sampling: settings.sampling,
        overrides: Default::default(),
        reuse: None,
        resample: None,
    };
    let draws = engine::run_spec(&s.program, &spec, progress)
        .map_err(|e| fail(AnalysisError::Engine(e)))?;
    let result = analyse_with(s, &draws, &facts(settings, sensitivity), curves).map_err(fail)?;
    Ok((result, draws))
}
