//! `shellcount compare A.toml B.toml [C.toml …]`: validate every file, check `--match`, the
//! memory and the output folder (all before sampling), run each file with the same samples and
//! seed unless a file fixes its own, then write `OUT/compare-<stemA>-<stemB>[-…]/`.

use super::memory::{check_memory, Knob};
use super::run::analysis_error;
use super::{load_all, terminal_safe};
use crate::analysis::Curves;
use crate::cli::CompareArgs;
use crate::error::AppError;
use crate::output::folder::OutFolder;
use crate::output::terminal::progress_bar;
use crate::output::whatif::{compare_files, compare_text};
use crate::output::write::write_all;
use crate::scenario::{Scenario, DEFAULT_SAMPLES, DEFAULT_SEED};
use crate::whatif::compare::{self, Member};
use crate::whatif::{run_one, Settings, WhatIfError};
use anyhow::Context;

/// Compares the scenarios of `args`.
///
/// # Errors
/// [`AppError::Scenario`] for invalid files or a run that fails; [`AppError::Usage`] for two
/// files with one stem, a bad `--match` or an output folder shellcount may not replace.
pub fn compare(args: &CompareArgs) -> Result<(), AppError> {
    let scenarios = load_all(&args.scenarios)?;
    for w in scenarios
        .iter()
        .flat_map(|s| &s.warnings)
        .filter(|_| !args.quiet)
    {
        eprintln!("{}", terminal_safe(&w.to_string()));
    }
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(prev) = scenarios[..i].iter().find(|p| p.stem == s.stem) {
            return Err(AppError::Usage(format!(
                "{} and {} have the same name `{}`, which a comparison uses to tell them apart; rename one",
                prev.path, s.path, s.stem
            )));
        }
    }
    let refs: Vec<&Scenario> = scenarios.iter().collect();
    compare::check(&refs, &args.matches).map_err(AppError::Usage)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |t| t as usize))
        .stack_size(crate::model::limits::STACK_BYTES)
        .build()
        .context("Could not start worker threads")?;
    let settings: Vec<Settings> = scenarios
        .iter()
        .map(|s| Settings {
            samples: args.samples.or(s.samples).unwrap_or(DEFAULT_SAMPLES),
            seed: args.seed.or(s.seed).unwrap_or(DEFAULT_SEED),
            sampling: crate::engine::Sampling::Mc,
            stream: None,
        })
        .collect();
    for (s, set) in scenarios.iter().zip(&settings) {
        let knob = if args.samples.is_none() && s.samples.is_some() {
            Knob::File
        } else {
            Knob::Samples
        };
        pool.install(|| check_memory(s, set.samples, knob))?;
    }
    let stems: Vec<&str> = scenarios.iter().map(|s| s.stem.as_str()).collect();
    let name = format!("compare-{}", stems.join("-"));
    let files: Vec<&str> = scenarios.iter().map(|s| s.path.as_str()).collect();
    let mut out = OutFolder::open(&args.out)?;
    let result = pool.install(|| -> Result<String, AppError> {
        let paths = out.stage(&name, &files.join(", "))?;
        let total = settings.iter().map(|s| s.samples).sum();
        let bar = progress_bar(total, args.quiet);
        let progress = |n: u64| bar.inc(n);
        let mut runs = Vec::new();
        for (s, set) in scenarios.iter().zip(&settings) {
            let run =
                run_one(s, set, (0, 0), Curves::All, &s.path, &progress).map_err(|e| match e {
                    WhatIfError::Scenario(e) => e.into(),
                    WhatIfError::Run { source, .. } => analysis_error(s, source),
                })?;
            runs.push(run);
        }
        bar.finish_and_clear();
        let members: Vec<Member> = scenarios
            .iter()
            .zip(&runs)
            .map(|(scenario, (result, draws))| Member {
                scenario,
                result,
                draws,
            })
            .collect();
        let comparison = compare::compare(&members, &args.matches).map_err(AppError::Usage)?;
        write_all(&paths, &compare_files(&comparison)?)?;
        if !args.quiet {
            print!("{}", terminal_safe(&compare_text(&comparison)));
        }
        Ok(paths.dir.display().to_string())
    });
    out.finish();
    let dir = result?;
    if !args.quiet {
        println!("results: {}/", terminal_safe(&dir));
    }
    Ok(())
}
