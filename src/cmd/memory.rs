//! How a run holds its draws, decided before sampling: kept in memory when the columns fit
//! ([`check_memory`], the preflight with the count that fits), else (or with `--low-memory`)
//! streamed, when the scenario and options allow it and the streaming mode's own memory fits.

use crate::analysis::{stats_scratch_bytes, streaming_bytes, RunFacts, GATHER_VALUES};
use crate::cli::RunArgs;
use crate::engine::memory::{self, Footprint, Shortfall};
use crate::error::AppError;
use crate::scenario::{Diagnostic, Scenario, ScenarioError};

/// The setting that decides a run's peak number of draws.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Knob {
    /// `--samples` (or the default, which it overrides).
    Samples,
    /// `samples` in the scenario file.
    File,
    /// `--max-samples`, with `--precision`.
    MaxSamples,
}

/// Whether a run keeps its draws or streams them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Memory {
    /// Every draw kept.
    InMemory,
    /// Streamed ([`crate::analysis::analyse_streaming`]), keeping at most `gather` values for
    /// the percentiles.
    Streaming { gather: u64, automatic: bool },
}

/// Keeps the draws when they fit and `--low-memory` is not given; else streams them, if the
/// scenario and options allow it and the streaming mode's own memory fits.
pub(super) fn choose_memory(
    s: &Scenario,
    args: &RunArgs,
    (samples, seed): (u64, u64),
    knob: Knob,
) -> Result<Memory, AppError> {
    let fits = check_memory(s, samples, knob);
    if samples == 0 || (!args.low_memory && fits.is_ok()) {
        return fits.map(|()| Memory::InMemory);
    }
    let sampling = super::run::sampling_of(args);
    let why_not = (samples > MAX_STREAMED)
        .then(|| {
            format!("the streaming mode takes at most {MAX_STREAMED} draws (its time grows with the draws: about three hours per 10^11 draws of a three-input model on two cores)")
        })
;
    if let Some(why) = why_not {
        return Err(match fits {
            // The draws do not fit, and streaming cannot help: say both.
            Err(AppError::Scenario(mut e)) => {
                for d in &mut e.0 {
                    d.message = format!("{}; and {why}", d.message);
                }
                AppError::Scenario(e)
            }
            _ => AppError::Usage(format!("{}: {why}", s.path)),
        });
    }
    let facts = RunFacts {
        seed,
        samples,
        sampling,
        sensitivity_draws: args.sensitivity_draws as usize,
        saltelli_base: args.saltelli_base as usize,
        precision: None,
    };
    let limit = memory::limit();
    let budget = limit.bytes / 100 * memory::USABLE_PERCENT;
    let fixed = streaming_bytes(s, &facts, 0);
    let gather = (budget.saturating_sub(fixed) / 2 / 8).min(GATHER_VALUES);
    if gather < MIN_GATHER {
        let need = streaming_bytes(s, &facts, MIN_GATHER);
        let message = format!(
            "even the streaming mode needs about {} for {samples} draws (batches, the first rows the sensitivity analysis reads, the percentiles' bins), but only {} is available (limit: {})",
            bytes_text(need),
            bytes_text(limit.bytes),
            limit.source
        );
        let help = "lower --sensitivity-draws and --saltelli-base, free memory or raise the limit";
        return Err(ScenarioError::from(
            Diagnostic::file(&s.path, message).help(Some(help.into())),
        )
        .into());
    }
    Ok(Memory::Streaming {
        gather,
        automatic: !args.low_memory,
    })
}

/// Most draws the streaming mode takes (10^12).
const MAX_STREAMED: u64 = 1_000_000_000_000;

/// Least gather budget of the streaming mode (8 MiB of values): below it, refused.
const MIN_GATHER: u64 = 1 << 20;

/// Refuses a run whose columns (plus summary scratch) would not fit in the memory this process
/// may use (see [`memory::limit`]), naming the setting to change and a count that fits.
pub(crate) fn check_memory(s: &Scenario, samples: u64, knob: Knob) -> Result<(), AppError> {
    let footprint = Footprint::new(
        s.quantities.len() + s.evidence.len(),
        s.claims.len(),
        stats_scratch_bytes(1_000_000, rayon::current_num_threads()),
    );
    let Err(short) = memory::check(&footprint, samples, &memory::limit()) else {
        return Ok(());
    };
    Err(ScenarioError::from(memory_diagnostic(s, samples, knob, &short)).into())
}

fn memory_diagnostic(s: &Scenario, samples: u64, knob: Knob, short: &Shortfall) -> Diagnostic {
    let what = match knob {
        Knob::Samples => format!("{samples} samples need"),
        Knob::File => format!("samples = {samples} (set in the file) needs"),
        Knob::MaxSamples => {
            format!("--precision may draw up to --max-samples {samples}, which needs")
        }
    };
    let need = short.need.map_or("more than 16 EiB".to_string(), |b| {
        format!("about {}", bytes_text(b))
    });
    let message = format!(
        "{what} {need} ({} quantities × 8 bytes + {} claims × 1 byte per draw, plus scratch \
         for summaries), but only {} is available (limit: {})",
        s.quantities.len() + s.evidence.len(),
        s.claims.len(),
        bytes_text(short.limit.bytes),
        short.limit.source
    );
    let fits = short.fits;
    let help = if fits == 0 {
        "not even one draw fits: free memory or raise the limit".to_string()
    } else {
        match knob {
            Knob::Samples => format!("use --samples {fits} or fewer"),
            Knob::File => format!("set samples = {fits} or fewer, or run with --samples {fits}"),
            Knob::MaxSamples => format!("use --max-samples {fits} or fewer"),
        }
    };
    let d = Diagnostic::file(&s.path, message).help(Some(help));
    match knob {
        Knob::File => d.key("scenario.samples"),
        _ => d,
    }
}

/// Bytes as GiB (one decimal) or, below 1 GiB, MiB.
pub(super) fn bytes_text(b: u64) -> String {
    const GIB: f64 = (1u64 << 30) as f64;
    if b as f64 >= GIB {
        format!("{:.1} GiB", b as f64 / GIB)
    } else {
        format!("{:.0} MiB", b as f64 / (1u64 << 20) as f64)
    }
}
