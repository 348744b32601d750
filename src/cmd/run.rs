//! `shellcount run`: validate → plan → draw → summarise → print and write.

use super::load_all;
use crate::analysis::{analyse, stats_scratch_bytes, AnalysisError, RunFacts};
use crate::cli::{RunArgs, SamplingArg};
use crate::engine::Sampling;
use crate::engine::{self, column_bytes, Draws, EngineError, RunSpec, CHUNK};
use crate::error::AppError;
use crate::model::limits::STACK_BYTES;
use crate::output::terminal::{progress_bar, summary_table, warnings};
use crate::output::write::{write_all, OutputPaths, SamplesCsv};
use crate::results::PrecisionSummary;
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
        .stack_size(STACK_BYTES)
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
                args.max_samples.max(samples)
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
        println!("{}", summary_table(&summary));
        println!("results: {}/", plan.paths.dir.display());
        for w in warnings(&summary) {
            eprintln!("warning: {w}");
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
    let (key, help) = (e.key(), e.help());
    let mut d = Diagnostic::file(&s.path, e.to_string());
    d.line = s.quantities.iter().find(|q| q.name == key).map(|q| q.line);
    ScenarioError::from(d.key(key).help(Some(help))).into()
}
