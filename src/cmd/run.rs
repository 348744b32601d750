//! `shellcount run`: validate → plan → draw → summarise → print and write.

use super::{load_each, terminal_safe};
use crate::analysis::{analyse, stats_scratch_bytes, AnalysisError, RunFacts};
use crate::cli::{RunArgs, SamplingArg};
use crate::engine::memory::{self, Footprint, Shortfall};
use crate::engine::Sampling;
use crate::engine::{self, Draws, EngineError, RunSpec, CHUNK};
use crate::error::{AppError, RunReport, EXIT_BAD_INPUT};
use crate::output::folder::{check_stem, OutFolder};
use crate::output::terminal::{progress_bar, summary_table, warnings};
use crate::output::write::{write_all, OutputPaths, SamplesCsv};
use crate::results::PrecisionSummary;
use crate::scenario::{Diagnostic, Scenario, ScenarioError, DEFAULT_SAMPLES, DEFAULT_SEED};
use anyhow::Context;

/// What one scenario's run will do, decided before any sampling; its output folder is already
/// staged (and removed again if the plan is dropped before its results are written).
struct Plan {
    samples: u64,
    seed: u64,
    paths: OutputPaths,
}

/// Runs every scenario given, each file on its own.
///
/// Every file is validated first and the problems of all invalid files are printed at once;
/// then each valid file is planned (memory, output folder: all before any sampling) and run in
/// turn. A file that fails is reported when it fails and the others still run; at the end a
/// multi-file run that had any failure lists which files failed and which succeeded. With one
/// file, its error is returned as it is.
///
/// # Errors
/// [`AppError::Scenario`] for invalid files or parameters invalid on some draw,
/// [`AppError::Usage`] for impossible options or output folders shellcount may not replace,
/// [`AppError::Other`] for I/O failures, [`AppError::Incomplete`] when some of several files
/// failed.
pub fn run(args: &RunArgs) -> Result<(), AppError> {
    let (scenarios, invalid) = load_each(&args.scenarios);
    if scenarios.is_empty() {
        let all = invalid.into_iter().flat_map(|(_, e)| e.0).collect();
        return Err(ScenarioError(all).into());
    }
    let mut report = RunReport::default();
    for (file, e) in invalid {
        eprintln!("{}", terminal_safe(&e.to_string()));
        report.failed.push((file, EXIT_BAD_INPUT));
    }
    let threads = args.threads.map_or(0, |t| t as usize);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("Could not start worker threads")?;
    let mut out = OutFolder::open(&args.out)?;
    let plans = pool.install(|| plan_all(&scenarios, args, &mut out));
    let single = args.scenarios.len() == 1;
    for (s, plan) in scenarios.iter().zip(plans) {
        let result = plan.and_then(|plan| {
            pool.install(|| run_one(s, &plan, args))?;
            Ok(plan.paths.dir.display().to_string())
        });
        match result {
            Ok(dir) => report.succeeded.push((s.path.clone(), dir)),
            Err(e) if single => {
                out.finish();
                return Err(e);
            }
            Err(e) => {
                eprintln!("{}", terminal_safe(&e.to_string()));
                report.failed.push((s.path.clone(), e.exit_code()));
            }
        }
    }
    out.finish();
    // In command-line order, whatever the order in which files failed.
    let position = |file: &String| {
        args.scenarios
            .iter()
            .position(|p| p.display().to_string() == *file)
    };
    report.failed.sort_by_key(|f| position(&f.0));
    report.succeeded.sort_by_key(|f| position(&f.0));
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(AppError::Incomplete(report))
    }
}

/// Plans every scenario: a plan, or why that file cannot run.
fn plan_all(
    scenarios: &[Scenario],
    args: &RunArgs,
    out: &mut OutFolder,
) -> Vec<Result<Plan, AppError>> {
    let mut plans = Vec::new();
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(prev) = scenarios[..i].iter().find(|p| p.stem == s.stem) {
            plans.push(Err(AppError::Usage(format!(
                "{} and {} would both write to {}; rename one ({} was not run)",
                prev.path,
                s.path,
                args.out.join(&s.stem).display(),
                s.path
            ))));
            continue;
        }
        plans.push(plan_one(s, args, out));
    }
    plans
}

fn plan_one(s: &Scenario, args: &RunArgs, out: &mut OutFolder) -> Result<Plan, AppError> {
    check_stem(&s.stem, &s.path)?;
    let (samples, knob) = match (args.samples, s.samples) {
        (Some(n), _) => (n, Knob::Samples),
        (None, Some(n)) => (n, Knob::File),
        (None, None) => (DEFAULT_SAMPLES, Knob::Samples),
    };
    // `--precision` redraws in rounds of at most `--max-samples` draws: that is the peak.
    match args.precision {
        Some(_) => check_memory(s, args.max_samples, Knob::MaxSamples)?,
        None => check_memory(s, samples, knob)?,
    }
    Ok(Plan {
        samples,
        seed: args.seed.or(s.seed).unwrap_or(DEFAULT_SEED),
        paths: out.stage(&s.stem, &s.path)?,
    })
}

/// The setting that decides a run's peak number of draws.
#[derive(Debug, Clone, Copy)]
enum Knob {
    /// `--samples` (or the default, which it overrides).
    Samples,
    /// `samples` in the scenario file.
    File,
    /// `--max-samples`, with `--precision`.
    MaxSamples,
}

/// Refuses a run whose columns (plus summary scratch) would not fit in the memory this process
/// may use (see [`memory::limit`]), naming the setting to change and a count that fits.
fn check_memory(s: &Scenario, samples: u64, knob: Knob) -> Result<(), AppError> {
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
fn bytes_text(b: u64) -> String {
    const GIB: f64 = (1u64 << 30) as f64;
    if b as f64 >= GIB {
        format!("{:.1} GiB", b as f64 / GIB)
    } else {
        format!("{:.0} MiB", b as f64 / (1u64 << 20) as f64)
    }
}

fn run_one(s: &Scenario, plan: &Plan, args: &RunArgs) -> Result<(), AppError> {
    let sampling = match args.sampling {
        SamplingArg::Mc => Sampling::Mc,
        SamplingArg::Lhs => Sampling::Lhs,
    };
    let (draws, precision) = match args.precision {
        None => (
            draw(s, plan.samples, plan.seed, sampling, args.quiet)?,
            None,
        ),
        Some(target) => draw_to_precision(s, plan, target, args)?,
    };
    let facts = RunFacts {
        seed: plan.seed,
        samples: draws.samples as u64,
        sampling,
        sensitivity_draws: args.sensitivity_draws as usize,
        saltelli_base: args.saltelli_base as usize,
        precision,
    };
    let (summary, data) = analyse(s, &draws, &facts).map_err(|e| match e {
        AnalysisError::Evidence(m) => {
            ScenarioError::from(Diagnostic::file(&s.path, m).key("evidence")).into()
        }
        AnalysisError::Engine(e) => engine_error(s, e),
    })?;
    let csv = args.samples_csv.then(|| SamplesCsv {
        names: s.quantities.iter().map(|q| q.name.as_str()).collect(),
        columns: draws.columns.iter().map(Vec::as_slice).collect(),
    });
    write_all(&plan.paths, &summary, &data, csv)?;
    if !args.quiet {
        println!("{}", terminal_safe(&summary_table(&summary)));
        let dir = plan.paths.dir.display().to_string();
        println!("results: {}/", terminal_safe(&dir));
        for w in warnings(&summary) {
            eprintln!("warning: {}", terminal_safe(&w.to_string()));
        }
    }
    Ok(())
}

/// One engine run with a progress bar.
fn draw(
    s: &Scenario,
    samples: u64,
    seed: u64,
    sampling: Sampling,
    quiet: bool,
) -> Result<Draws, AppError> {
    let bar = progress_bar(samples, quiet);
    let progress = |n: u64| bar.inc(n);
    let spec = RunSpec {
        samples: samples as usize,
        seed,
        sampling,
        overrides: Default::default(),
    };
    let draws = engine::run_spec(&s.program, &spec, &progress).map_err(|e| engine_error(s, e))?;
    bar.finish_and_clear();
    Ok(draws)
}

/// Draws in rounds until every claim's Monte Carlo standard error is at most `target` or
/// `--max-samples` is reached. Each round redraws from the start with more samples (a whole
/// number of chunks), so the result is exactly that of a plain run with the final count.
fn draw_to_precision(
    s: &Scenario,
    plan: &Plan,
    target: f64,
    args: &RunArgs,
) -> Result<(Draws, Option<PrecisionSummary>), AppError> {
    if args.sampling == SamplingArg::Lhs {
        return Err(AppError::Usage("--precision adds draws in rounds, which Latin hypercube sampling cannot do (its strata are fixed by the sample count); use --sampling mc with --precision".into()));
    }
    if s.claims.is_empty() {
        return Err(AppError::Usage(format!(
            "--precision targets claim probabilities, but {} has no claims",
            s.path
        )));
    }
    let cap = args.max_samples;
    let round_up = |n: u64| n.div_ceil(CHUNK as u64) * CHUNK as u64;
    let mut n = round_up(plan.samples.min(cap)).min(cap);
    let mut rounds = 0;
    loop {
        rounds += 1;
        let draws = draw(s, n, plan.seed, Sampling::Mc, args.quiet)?;
        let worst = worst_mcse(s, &draws);
        if worst.0 <= target || n >= cap {
            let p = PrecisionSummary {
                target,
                reached: worst.0,
                met: worst.0 <= target,
                samples_drawn: n,
                max_samples: cap,
                rounds,
            };
            return Ok((draws, Some(p)));
        }
        // p(1 − p)/n = target²  ⇒  n = p(1 − p)/target², with 10% to spare; at least double.
        let needed = (worst.1 * (1.0 - worst.1) / (target * target) * 1.1).ceil() as u64;
        n = round_up(needed.max(2 * n)).min(cap);
    }
}

/// The largest claim standard error, with that claim's probability (evidence weights included).
fn worst_mcse(s: &Scenario, draws: &Draws) -> (f64, f64) {
    let facts = RunFacts {
        seed: 0,
        samples: draws.samples as u64,
        sampling: Sampling::Mc,
        sensitivity_draws: 0,
        saltelli_base: 0,
        precision: None,
    };
    match analyse(s, draws, &facts) {
        Ok((summary, _)) => summary
            .claims
            .iter()
            .map(|c| (c.mcse, c.probability))
            .fold((0.0, 0.5), |a, b| if b.0 > a.0 { b } else { a }),
        Err(_) => (f64::INFINITY, 0.5),
    }
}

fn engine_error(s: &Scenario, e: EngineError) -> AppError {
    let (key, help) = match &e {
        EngineError::Draw { quantity, .. } => (quantity.clone(), "parameters computed from other quantities must be valid on every draw: bound them with clamp(x, lo, hi), max or min"),
        EngineError::NonFinite { quantity, .. } => (quantity.clone(), "make sure the formula is defined for every value its inputs can take"),
    };
    let mut d = Diagnostic::file(&s.path, e.to_string());
    d.line = s.quantities.iter().find(|q| q.name == key).map(|q| q.line);
    ScenarioError::from(d.key(key).help(Some(help.to_string()))).into()
}
