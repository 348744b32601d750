//! Command-line definitions (clap).

use crate::scenario::{Override, SweepSpec};
use crate::whatif::compare::Pairing;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  shellcount run scenarios/rok-mnd-2024-02.toml
  shellcount run scenarios/*.toml --samples 1000000 --seed 7 --out results
  shellcount run scenarios/hur-2024-02.toml --sweep non_function=0.1..0.6:6
  shellcount run scenarios/rok-mnd-2024-02.toml --set share_152=0.5
  shellcount compare scenarios/rok-mnd-2024-02.toml scenarios/ship-tracking-2024-02.toml
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
    /// Run several scenarios with the same samples and seed and put them side by side:
    /// comparison.json, overlaid charts and a report in OUT/compare-<stems>/.
    #[command(after_help = EXAMPLES)]
    Compare(CompareArgs),
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
    /// Stream the draws through memory instead of keeping them (same results, from two or
    /// three passes over the draws, seven with [[evidence]]); chosen automatically when they do
    /// not fit.
    #[arg(long)]
    pub low_memory: bool,
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
    /// What if: --set, --sweep, --solve, --columns.
    #[command(flatten)]
    pub whatif: WhatIfArgs,
}

/// What-if options of `shellcount run` (issue 12).
#[derive(Debug, Args, Default)]
pub struct WhatIfArgs {
    /// Replace a definition for this run, checked like the file: NAME=EXPR (repeatable), e.g.
    /// --set dud_rate=0.3 or --set "share_152=uniform(0.5, 1)". NAME is an input or model
    /// quantity, a catalogue field the model uses, or a [shipment] key such as
    /// shipment.lot.old.dud_rate.
    #[arg(long = "set", value_name = "NAME=EXPR", value_parser = Override::parse_set)]
    pub set: Vec<Override>,
    /// Run again with NAME fixed to each value and the same seed: NAME=V1,V2,… or
    /// NAME=LO..HI:N (N values, ends included). Twice: a grid. Replaces the file's [sweep].
    #[arg(long, value_name = "NAME=VALUES", value_parser = SweepSpec::parse)]
    pub sweep: Vec<SweepSpec>,
    /// Ignore the file's [sweep].
    #[arg(long, conflicts_with = "sweep")]
    pub no_sweep: bool,
    /// Full sensitivity analysis at every sweep point too (default: the base case only); each
    /// point's summary.json is written to sweep/.
    #[arg(long)]
    pub sweep_sensitivity: bool,
    /// Find the value of NAME at which --claim's probability reaches --target, by bisection
    /// over LO..HI (default: NAME's 1st to 99th percentile in the base case).
    #[arg(long, value_name = "NAME[=LO..HI]", requires = "claim")]
    pub solve: Option<String>,
    /// The claim --solve works on.
    #[arg(long, value_name = "ID", requires = "solve")]
    pub claim: Option<String>,
    /// The probability --solve looks for (default 0.5).
    #[arg(long, value_name = "P", requires = "solve", value_parser = parse_probability)]
    pub target: Option<f64>,
    /// Only these quantities in samples.csv, in this order: --columns a,b,c.
    #[arg(
        long,
        value_name = "A,B,C",
        value_delimiter = ',',
        requires = "samples_csv"
    )]
    pub columns: Vec<String>,
}

/// Options of `shellcount compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more scenario files (TOML).
    #[arg(required = true, num_args = 2.., value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
    /// Draws for every file (default: each file's `samples`, else 100000).
    #[arg(long, value_name = "N", value_parser = parse_samples)]
    pub samples: Option<u64>,
    /// Seed for every file (default: each file's `seed`, else 20240226).
    #[arg(long, value_name = "S", value_parser = parse_count)]
    pub seed: Option<u64>,
    /// Folder for results: OUT/compare-<stemA>-<stemB>[-…]/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Pair names that differ between files: A:x=B:y (A and B: file stems; repeatable).
    #[arg(long = "match", value_name = "A:x=B:y", value_parser = Pairing::parse)]
    pub matches: Vec<Pairing>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Print nothing but errors; no progress bar.
    #[arg(long, short)]
    pub quiet: bool,
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

fn parse_probability(s: &str) -> Result<f64, String> {
    match crate::expr::number(s) {
        Some(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!(
            "the target must be a probability between 0 and 1 (e.g. 0.5 or 50%), got {s}"
        )),
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
