//! `shellcount run`: validate → plan → draw (to a precision, if asked) → analyse → write every
//! file → print.

use super::load_all;
use crate::analysis::{
    analyse, draw_to_precision, stats_scratch_bytes, AnalysisError, PrecisionGoal, RunFacts,
};
use crate::cli::{RunArgs, SamplingArg, DEFAULT_MAX_SAMPLES};
use crate::engine::Sampling;
use crate::engine::{self, column_bytes, Draws, EngineError, RunSpec};
use crate::error::AppError;
use crate::output::terminal::{progress_bar, Terminal};
use crate::output::write::{write_all, OutputPaths};
use crate::output::{self, Exporter, Target};
use crate::scenario::{Diagnostic, Scenario, ScenarioError, DEFAULT_SAMPLES, DEFAULT_SEED};
use anyhow::Context;
use std::io::Write;

/// What one scenario's run will do, decided before any sampling.
struct Plan {
    samples: u64,
    seed: u64,
    paths: OutputPaths,
}

/// Runs every scenario given.
///
/// # Errors
/// [`AppError::Scenario`] for invalid files or parameters invalid on some draw,
/// [`AppError::Usage`] for impossible options, [`AppError::Other`] for I/O failures.
pub fn run(args: &RunArgs) -> Result<(), AppError> {
    if args.max_samples.is_some() && args.precision.is_none() {
        return Err(AppError::Usage(
            "--max-samples caps the draws of --precision; without --precision, set the number of draws with --samples".into(),
        ));
    }
    let scenarios = load_all(&args.scenarios)?;
    let threads = args.threads.map_or(0, |t| t as usize);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("Could not start worker threads")?;
    let plans = pool.install(|| plan_all(&scenarios, args))?;
    for (s, plan) in scenarios.iter().zip(plans) {
        pool.install(|| run_one(s, &plan, args))?;
    }
    Ok(())
}

fn plan_all(scenarios: &[Scenario], args: &RunArgs) -> Result<Vec<Plan>, AppError> {
    if args.out.exists() && !args.out.is_dir() {
        return Err(AppError::Usage(format!(
            "--out {} is a file; give a folder",
            args.out.display()
        )));
    }
    let mut plans: Vec<Plan> = Vec::new();
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(prev) = scenarios[..i].iter().find(|p| p.stem == s.stem) {
            return Err(AppError::Usage(format!(
                "{} and {} would both write to {}; rename one",
                prev.path,
                s.path,
                args.out.join(&s.stem).display()
            )));
        }
        let samples = args.samples.or(s.samples).unwrap_or(DEFAULT_SAMPLES);
        check_memory(
            s,
            if args.precision.is_some() {
                args.max_samples.unwrap_or(DEFAULT_MAX_SAMPLES).max(samples)
            } else {
                samples
            },
        )?;
        plans.push(Plan {
            samples,
            seed: args.seed.or(s.seed).unwrap_or(DEFAULT_SEED),
            paths: OutputPaths::new(&args.out, &s.stem),
        });
    }
    Ok(plans)
}

/// Refuses a run whose columns (plus summary scratch) would not fit in available memory.
fn check_memory(s: &Scenario, samples: u64) -> Result<(), AppError> {
    let q = s.quantities.len() + s.evidence.len();
    let scratch = stats_scratch_bytes(samples, rayon::current_num_threads());
    let need = column_bytes(q, s.claims.len(), samples).saturating_add(scratch);
    let Some(avail) = available_memory() else {
        return Ok(());
    };
    if need as f64 > 0.9 * avail as f64 || usize::try_from(samples).is_err() {
        let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
        let fit = (0.9 * avail as f64 / (need as f64 / samples as f64)) as u64;
        return Err(ScenarioError::from(Diagnostic::file(
            &s.path,
            format!(
                "{samples} samples need about {:.1} GiB ({q} quantities × 8 bytes + {} claims × 1 byte per draw, plus scratch for summaries), but only {:.1} GiB is available",
                gib(need),
                s.claims.len(),
                gib(avail)
            ),
        )
        .key("samples")
        .help(Some(format!("use --samples {} or fewer", fit.max(1)))))
        .into());
    }
    Ok(())
}

/// `MemAvailable` from /proc/meminfo, in bytes, where the system reports it.
fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// One scenario: draw (to a precision, if asked), analyse, write every file, then print.
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
        Some(target) => {
            precision_allowed(s, args)?;
            let goal = PrecisionGoal {
                target,
                max_samples: args.max_samples.unwrap_or(DEFAULT_MAX_SAMPLES),
            };
            let mut draw_n = |n| draw(s, n, plan.seed, Sampling::Mc, args.quiet);
            let to_app = |e| analysis_error(s, e);
            let (draws, reached) = draw_to_precision(s, plan.samples, goal, &mut draw_n, &to_app)?;
            (draws, Some(reached))
        }
    };
    let facts = RunFacts {
        seed: plan.seed,
        samples: draws.samples as u64,
        sampling,
        sensitivity_draws: args.sensitivity_draws as usize,
        saltelli_base: args.saltelli_base as usize,
        precision,
    };
    let result = analyse(s, &draws, &facts).map_err(|e| analysis_error(s, e))?;
    let files = output::files(&result, args.samples_csv.then_some(&draws))?;
    write_all(&plan.paths, &files)?;
    if !args.quiet {
        for a in Terminal.export(&result)? {
            match a.target {
                Target::Stdout => std::io::stdout().write_all(&a.bytes),
                _ => std::io::stderr().write_all(&a.bytes),
            }
            .context("Could not print the summary")?;
        }
        println!("results: {}/", plan.paths.dir.display());
    }
    Ok(())
}

/// `--precision` needs plain Monte Carlo and at least one claim.
fn precision_allowed(s: &Scenario, args: &RunArgs) -> Result<(), AppError> {
    if args.sampling == SamplingArg::Lhs {
        return Err(AppError::Usage("--precision adds draws in rounds, which Latin hypercube sampling cannot do (its strata are fixed by the sample count); use --sampling mc with --precision".into()));
    }
    if s.claims.is_empty() {
        return Err(AppError::Usage(format!(
            "--precision targets claim probabilities, but {} has no claims",
            s.path
        )));
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

fn analysis_error(s: &Scenario, e: AnalysisError) -> AppError {
    match e {
        AnalysisError::Evidence(m) => {
            ScenarioError::from(Diagnostic::file(&s.path, m).key("evidence")).into()
        }
        AnalysisError::Engine(e) => engine_error(s, e),
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
