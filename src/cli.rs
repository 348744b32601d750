//! Command-line definitions (clap).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  shellcount run scenarios/rok-mnd-2024-02.toml
  shellcount run scenarios/*.toml --samples 1000000 --seed 7 --out results
  shellcount check my-scenario.toml
  shellcount new my-scenario

Exit codes: 0 success; 2 bad scenario or bad usage; 1 any other failure. With several
scenario files every file runs, and the exit code is the highest that any failure gives.";

/// Test public claims about munitions shipments with Monte Carlo simulation.
#[derive(Debug, Parser)]
#[command(name = "shellcount", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run scenarios: print a summary and write summary.json, report.md and charts.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Parse and validate scenarios without sampling.
    Check {
        /// Scenario files (TOML).
        #[arg(required = true, value_name = "SCENARIO")]
        scenarios: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the scenario format (for editor completion and validation).
    Schema,
    /// Write a commented template scenario to start from.
    New {
        /// Name of the new scenario (`NAME.toml` is written; an existing file is never overwritten).
        #[arg(value_name = "NAME")]
        name: PathBuf,
    },
}

/// Options of `shellcount run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files (TOML); `-` reads one from standard input (results in OUT/stdin/).
    #[arg(required = true, value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
    /// Number of draws (overrides the scenario's `samples`; default 100000); the file's number
    /// syntax: 200000, 200k, 1M, 1e6.
    #[arg(long, value_name = "N", value_parser = parse_samples)]
    pub samples: Option<u64>,
    /// Seed of the random streams (overrides the scenario's `seed`): 0 to 2^64 − 1.
    #[arg(long, value_name = "S", value_parser = parse_count)]
    pub seed: Option<u64>,
    /// Folder for results; each scenario writes to OUT/<scenario file stem>/ (replaced only if
    /// shellcount wrote it: it holds a `.shellcount-output` marker).
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Print nothing but errors; no progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also write every draw to samples.csv (one column per quantity).
    #[arg(long)]
    pub samples_csv: bool,
    /// Sampling method: plain Monte Carlo, or Latin hypercube over the inputs.
    #[arg(long, value_enum, default_value_t = SamplingArg::Mc)]
    pub sampling: SamplingArg,
    /// Keep drawing until every claim probability's error is at most P (e.g. 0.001; the Wilson
    /// interval's half-width / 1.96, which does not vanish at 0 or 1), or --max-samples is reached.
    #[arg(long, value_name = "P", value_parser = parse_precision)]
    pub precision: Option<f64>,
    /// Cap on the draws --precision may take (default 10000000); only with --precision.
    #[arg(long, value_name = "N", value_parser = parse_samples)]
    pub max_samples: Option<u64>,
    /// Draws used for Spearman, first-order indices, swing and value of information (the first
    /// draws of the run).
    #[arg(long, value_name = "N", default_value_t = 200_000, value_parser = parse_count)]
    pub sensitivity_draws: u64,
    /// Base size of the Saltelli design for total-order indices (0 skips them).
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = parse_count)]
    pub saltelli_base: u64,
}

/// The cap on the draws of `--precision` when `--max-samples` is not given.
pub const DEFAULT_MAX_SAMPLES: u64 = 10_000_000;

/// `--sampling` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplingArg {
    /// Plain Monte Carlo.
    Mc,
    /// Latin hypercube.
    Lhs,
}

// Number syntax shared with scenario files (issue 11): `--samples 1M`.
fn parse_count(s: &str) -> Result<u64, String> {
    crate::expr::count(s)
}

fn parse_samples(s: &str) -> Result<u64, String> {
    match parse_count(s)? {
        0 => Err("must be at least 1".into()),
        n => Ok(n),
    }
}

fn parse_precision(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if p > 0.0 && p < 0.5 {
        Ok(p)
    } else {
        Err(format!(
            "the target standard error must be between 0 and 0.5 (e.g. 0.001), got {s}"
        ))
    }
}
