//! `shellcount run`: validate → plan → draw (to a precision, if asked) → analyse → write every
//! file → print.

use super::memory::{choose_memory, Knob, Memory};
use super::stream_csv::{self, StreamCsv};
use super::{load_each_with, terminal_safe};
use crate::analysis::{
    analyse_beside, analyse_streaming_with, draw_to_precision, stream_to_precision, trace_rows,
    AnalysisError, Curves, PrecisionGoal, RunFacts, Streaming,
};
use crate::cli::{RunArgs, SamplingArg, DEFAULT_MAX_SAMPLES};
use crate::engine::stream::Chunk;
use crate::engine::Sampling;
use crate::engine::{self, Draws, EngineError, RunSpec};
use crate::error::{AppError, RunReport, EXIT_BAD_INPUT};
use crate::model::limits::STACK_BYTES;
use crate::output::charts::{render_all_with, Twins};
use crate::output::folder::{check_stem, OutFolder};
use crate::output::samples_csv::SamplesCsv;
use crate::output::terminal::{progress_bar, Terminal};
use crate::output::whatif::{run_files, solve_text, sweep_text, WhatIf};
use crate::output::write::{write_all, OutputPaths};
use crate::output::{Exporter, Target};
use crate::scenario::{Diagnostic, Scenario, ScenarioError, DEFAULT_SAMPLES, DEFAULT_SEED};
use crate::whatif::Streamed;
use anyhow::Context;

/// What one scenario's run will do, decided before any sampling; its output folder is already
/// staged (and removed again if the plan is dropped before its results are written).
struct Plan {
    /// Whether the draws are kept or streamed.
    memory: Memory,
    samples: u64,
    seed: u64,
    paths: OutputPaths,
    /// Sweep, `--solve` and `--columns`, checked.
    extras: super::whatif::Extras,
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
    if args.max_samples.is_some() && args.precision.is_none() {
        return Err(AppError::Usage(
            "--max-samples caps the draws of --precision; without --precision, set the number of draws with --samples".into(),
        ));
    }
    let (scenarios, invalid) = load_each_with(&args.scenarios, &args.whatif.set);
    if scenarios.is_empty() {
        let all = invalid.into_iter().flat_map(|(_, e)| e.0).collect();
        return Err(ScenarioError(all).into());
    }
    let mut report = RunReport::default();
    for (file, e) in invalid {
        eprintln!("{}", terminal_safe(&e.to_string()));
        report.failed.push((file, EXIT_BAD_INPUT));
    }
    for w in scenarios.iter().flat_map(|s| &s.warnings) {
        if !args.quiet {
            eprintln!("{}", terminal_safe(&w.to_string()));
        }
    }
    for s in scenarios.iter().filter(|_| !args.quiet) {
        for o in &s.overrides {
            let line = format!(
                "note: {}: {} {}={} replaces `{}`",
                s.path, o.flag, o.name, o.expr, o.was
            );
            eprintln!("{}", terminal_safe(&line));
        }
    }
    let threads = args.threads.map_or(0, |t| t as usize);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(STACK_BYTES)
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
    let seed = args.seed.or(s.seed).unwrap_or(DEFAULT_SEED);
    // `--precision` draws in rounds of at most `--max-samples` draws: that is the peak.
    let (peak, peak_knob) = match args.precision {
        Some(_) => (
            args.max_samples.unwrap_or(DEFAULT_MAX_SAMPLES),
            Knob::MaxSamples,
        ),
        None => (samples, knob),
    };
    let memory = choose_memory(s, args, (peak, seed), peak_knob)?;
    let extras = super::whatif::plan(s, args)?;
    if let Memory::Streaming {
        automatic: true, ..
    } = memory
    {
        if !args.quiet {
            let draws = match args.precision {
                Some(_) => format!("the {peak} draws --precision may take (--max-samples)"),
                None => format!("{samples} draws"),
            };
            let line = format!(
                "note: {}: {draws} do not fit in memory; streaming them instead (as --low-memory: the same results, from extra passes over the draws)",
                s.path
            );
            eprintln!("{}", terminal_safe(&line));
        }
    }
    let paths = out.stage(&s.stem, &s.path)?;
    if let (Memory::Streaming { .. }, true) = (memory, args.samples_csv) {
        let rows = (peak, args.precision.is_some());
        let note = stream_csv::size_note(s, rows, &extras.columns, &paths);
        stream_csv::announce(&note, args.quiet);
    }
    Ok(Plan {
        memory,
        samples,
        seed,
        paths,
        extras,
    })
}

/// The sampling method asked for.
pub(super) fn sampling_of(args: &RunArgs) -> Sampling {
    match args.sampling {
        SamplingArg::Mc => Sampling::Mc,
        SamplingArg::Lhs => Sampling::Lhs,
    }
}

/// One scenario: draw (to a precision, if asked), analyse, write every file, then print.
fn run_one(s: &Scenario, plan: &Plan, args: &RunArgs) -> Result<(), AppError> {
    let sampling = sampling_of(args);
    if let Memory::Streaming { gather, automatic } = plan.memory {
        return run_streaming(s, plan, args, (gather, automatic));
    }
    let mut facts = RunFacts {
        seed: plan.seed,
        samples: plan.samples,
        sampling,
        sensitivity_draws: args.sensitivity_draws as usize,
        saltelli_base: args.saltelli_base as usize,
        precision: None,
    };
    let draws = match args.precision {
        None => {
            let traced = trace_rows(s, &facts);
            draw(s, (plan.samples, traced), plan.seed, sampling, args.quiet)?
        }
        Some(target) => {
            precision_allowed(s, args)?;
            let goal = PrecisionGoal {
                target,
                max_samples: args.max_samples.unwrap_or(DEFAULT_MAX_SAMPLES),
            };
            let mut draw_n = |n| draw(s, (n, 0), plan.seed, Sampling::Mc, args.quiet);
            let to_app = |e| analysis_error(s, e);
            let (draws, reached) = draw_to_precision(s, plan.samples, goal, &mut draw_n, &to_app)?;
            facts.precision = Some(reached);
            draws
        }
    };
    facts.samples = draws.samples as u64;
    // The charts that do not show the sensitivity analysis are drawn while it runs.
    let twins = Twins::of(&draws.columns);
    let (result, early) = analyse_beside(s, &draws, &facts, Curves::Charted, |partial| {
        render_all_with(partial, &twins)
    })
    .map_err(|e| analysis_error(s, e))?;
    let early = early.map_err(anyhow::Error::from)?;
    let settings = crate::whatif::Settings {
        samples: draws.samples as u64,
        seed: plan.seed,
        sampling,
        stream: None,
    };
    let (sweep, solve) = super::whatif::run(s, &plan.extras, &result, &settings, args)?;
    if args.samples_csv {
        let csv = SamplesCsv {
            draws: &draws,
            columns: plan.extras.columns.clone(),
        };
        stream_csv::write_kept(&csv, &result, &plan.paths)?;
    }
    // Nothing reads the draws again: they are freed on a thread of their own while the files
    // are built and written (returning 10^7 draws of five quantities, 400 MB, to the kernel
    // takes ~40 ms of one core, which would otherwise come after everything else). If no
    // thread can be started, the closure is dropped at once, and the draws with it.
    let freeing = std::thread::Builder::new()
        .name("free draws".into())
        .spawn(move || drop(draws))
        .ok();
    let whatif = WhatIf {
        sweep: sweep.as_ref(),
        solve: solve.as_ref(),
    };
    let files = run_files(&result, None, &whatif, &twins, early)?;
    write_all(&plan.paths, &files)?;
    // Joined so that a run of several scenarios holds one scenario's draws at a time.
    if let Some(f) = freeing {
        let _ = f.join();
    }
    print_result(&result, plan, args, &whatif)
}

/// Prints a run's results (and its sweep and solve) unless `--quiet`.
fn print_result(
    result: &crate::results::RunResult,
    plan: &Plan,
    args: &RunArgs,
    whatif: &WhatIf,
) -> Result<(), AppError> {
    if !args.quiet {
        let dir = plan.paths.dir.display().to_string();
        for a in Terminal.export(result)? {
            let text = String::from_utf8_lossy(&a.bytes);
            match a.target {
                Target::Stdout => {
                    print!("{}", terminal_safe(&text));
                    if let Some(sw) = whatif.sweep {
                        print!("{}", terminal_safe(&sweep_text(sw)));
                    }
                    if let Some(f) = whatif.solve {
                        print!("{}", terminal_safe(&solve_text(f)));
                    }
                    println!("results: {}/", terminal_safe(&dir));
                }
                _ => eprint!("{}", terminal_safe(&text)),
            }
        }
    }
    Ok(())
}

/// One scenario in the streaming mode: draw and analyse in passes, write every file, print.
fn run_streaming(
    s: &Scenario,
    plan: &Plan,
    args: &RunArgs,
    (gather, automatic): (u64, bool),
) -> Result<(), AppError> {
    let precision = match args.precision {
        Some(target) => Some(stream_precision(s, plan, args, target)?),
        None => None,
    };
    let facts = RunFacts {
        seed: plan.seed,
        samples: precision.as_ref().map_or(plan.samples, |p| p.samples_drawn),
        sampling: sampling_of(args),
        sensitivity_draws: args.sensitivity_draws as usize,
        saltelli_base: args.saltelli_base as usize,
        precision,
    };
    let bar = progress_bar(facts.samples, args.quiet);
    let on_pass = |k: u32| {
        bar.reset();
        if k > 1 {
            bar.set_message(format!("pass {k}"));
        }
    };
    let progress = |n: u64| bar.inc(n);
    let mut csv = match args.samples_csv {
        true => Some(StreamCsv::create(s, &plan.extras.columns, &plan.paths)?),
        false => None,
    };
    let mut tap = csv
        .as_mut()
        .map(|c| move |batch: &[Chunk], w: Option<&[Vec<f64>]>| c.append(batch, w));
    let how = Streaming {
        gather,
        curves: Curves::Charted,
        pass: &on_pass,
        progress: &progress,
        rows: tap.as_mut().map(|t| t as _),
    };
    let mut result = analyse_streaming_with(s, &facts, how).map_err(|e| analysis_error(s, e))?;
    csv.map(StreamCsv::finish).transpose()?;
    bar.finish_and_clear();
    if let crate::results::MemoryMode::Streaming { automatic: a, .. } = &mut result.run.memory {
        *a = automatic;
    }
    // Each point of a sweep or --solve streams as the base case did.
    let settings = crate::whatif::Settings {
        samples: facts.samples,
        seed: plan.seed,
        sampling: facts.sampling,
        stream: Some(Streamed { gather, automatic }),
    };
    let (sweep, solve) = super::whatif::run(s, &plan.extras, &result, &settings, args)?;
    let whatif = WhatIf {
        sweep: sweep.as_ref(),
        solve: solve.as_ref(),
    };
    // The draws are not kept, so bit-identical quantities are not detected: every chart is drawn.
    let files = run_files(&result, None, &whatif, &Twins::default(), Vec::new())?;
    write_all(&plan.paths, &files)?;
    print_result(&result, plan, args, &whatif)
}

/// `--precision`'s rounds in the streaming mode, each continuing the draws of the last.
fn stream_precision(
    s: &Scenario,
    plan: &Plan,
    args: &RunArgs,
    target: f64,
) -> Result<crate::results::PrecisionResult, AppError> {
    precision_allowed(s, args)?;
    let goal = PrecisionGoal {
        target,
        max_samples: args.max_samples.unwrap_or(DEFAULT_MAX_SAMPLES),
    };
    let bar = progress_bar(plan.samples, args.quiet);
    let mut round = |k: u32, n: u64| {
        bar.set_length(n);
        if k > 1 {
            bar.set_message(format!("--precision: round {k}"));
        }
    };
    let progress = |n: u64| bar.inc(n);
    let found = stream_to_precision(s, (plan.seed, plan.samples), goal, &mut round, &progress)
        .map_err(|e| analysis_error(s, e))?;
    bar.finish_and_clear();
    Ok(found)
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

/// One engine run with a progress bar, keeping the delivery traces of its first `traced` rows
/// for the sensitivity design (`analysis::trace_rows`).
fn draw(
    s: &Scenario,
    (samples, traced): (u64, usize),
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
        reuse: None,
        resample: None,
    };
    let draws = engine::run_recording(&s.program, &spec, traced, &progress)
        .map_err(|e| engine_error(s, e))?;
    bar.finish_and_clear();
    Ok(draws)
}

pub(super) fn analysis_error(s: &Scenario, e: AnalysisError) -> AppError {
    match e {
        AnalysisError::Evidence(m) => {
            ScenarioError::from(Diagnostic::file(&s.path, m).key("evidence")).into()
        }
        AnalysisError::Engine(e) => engine_error(s, e),
        AnalysisError::Write(e) => AppError::Other(e),
    }
}

fn engine_error(s: &Scenario, e: EngineError) -> AppError {
    ScenarioError::from(s.run_diagnostic(&e.key(), e.to_string(), e.help())).into()
}
