//! `shellcount run`: validate → plan → draw → summarise → print and write.

use super::load_all;
use crate::analysis::{analyse, stats_scratch_bytes, RunFacts};
use crate::cli::RunArgs;
use crate::engine::{self, column_bytes, EngineError};
use crate::error::AppError;
use crate::output::terminal::{progress_bar, summary_table, warnings};
use crate::output::write::{write_all, OutputPaths, SamplesCsv};
use crate::scenario::{Diagnostic, Scenario, ScenarioError, DEFAULT_SAMPLES, DEFAULT_SEED};
use anyhow::Context;

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
        check_memory(s, samples)?;
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
    let q = s.quantities.len();
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

fn run_one(s: &Scenario, plan: &Plan, args: &RunArgs) -> Result<(), AppError> {
    let bar = progress_bar(plan.samples, args.quiet);
    let progress = |n: u64| bar.inc(n);
    let draws = engine::run(&s.program, plan.samples as usize, plan.seed, &progress)
        .map_err(|e| engine_error(s, e))?;
    bar.finish_and_clear();
    let (summary, data) = analyse(
        s,
        &draws,
        RunFacts {
            seed: plan.seed,
            samples: plan.samples,
        },
    );
    let csv = args.samples_csv.then(|| SamplesCsv {
        names: s.quantities.iter().map(|q| q.name.as_str()).collect(),
        columns: draws.columns.iter().map(Vec::as_slice).collect(),
    });
    write_all(&plan.paths, &summary, &data, csv)?;
    if !args.quiet {
        println!("{}", summary_table(&summary));
        println!("results: {}/", plan.paths.dir.display());
    }
    for w in warnings(&summary) {
        if !args.quiet {
            eprintln!("warning: {w}");
        }
    }
    Ok(())
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
