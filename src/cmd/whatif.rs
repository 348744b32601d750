//! The what-if steps of `shellcount run` (issue 12). Sweeps, `--solve` and `--columns` are
//! planned with the run, before any sampling (every sweep point validated, the claim, range and
//! column names checked); sweeps and `--solve` run after the base case, with its seed and
//! number of draws.

use super::run::analysis_error;
use crate::cli::RunArgs;
use crate::error::AppError;
use crate::model::QuantityId;
use crate::output::terminal::progress_bar;
use crate::results::RunResult;
use crate::scenario::{Scenario, SweepSpec};
use crate::text::nearest;
use crate::whatif::solve::{self, SolveFile, SolveSpec};
use crate::whatif::sweep::{Sweep, SweepPlan};
use crate::whatif::{Settings, WhatIfError};

/// What a run does besides its base case, decided before sampling.
#[derive(Debug, Default)]
pub(super) struct Extras {
    sweep: Option<SweepPlan>,
    solve: Option<SolveAsk>,
    /// `--columns`, as ids (empty: every quantity).
    pub columns: Vec<QuantityId>,
}

/// `--solve` as asked: the range is `None` when it is to be the base case's 1st to 99th
/// percentile.
#[derive(Debug)]
struct SolveAsk {
    name: String,
    range: Option<(f64, f64)>,
    claim: String,
    target: f64,
}

/// Plans the sweep (`--sweep`, else the file's `[sweep]` unless `--no-sweep`), `--solve` and
/// `--columns` of `s`.
///
/// # Errors
/// [`AppError::Usage`] for impossible combinations and unknown names; [`AppError::Scenario`]
/// for a point that is not a valid scenario.
pub(super) fn plan(s: &Scenario, args: &RunArgs) -> Result<Extras, AppError> {
    let w = &args.whatif;
    let axes: Vec<SweepSpec> = match (w.sweep.is_empty(), w.no_sweep) {
        (false, _) => w.sweep.clone(),
        (true, true) => Vec::new(),
        (true, false) => s.sweeps.clone(),
    };
    if axes.len() > 2 {
        return Err(AppError::Usage(
            "at most two --sweep (a grid); run other combinations separately".into(),
        ));
    }
    if axes.len() == 2 && axes[0].name == axes[1].name {
        return Err(AppError::Usage(format!(
            "both sweeps vary `{}`; a grid needs two different assumptions",
            axes[0].name
        )));
    }
    if args.precision.is_some() && (!axes.is_empty() || w.solve.is_some()) {
        return Err(AppError::Usage("--precision draws a different number of samples per run, so it cannot be combined with a sweep or --solve (their points share one seed and sample count): use --samples".into()));
    }
    let sweep = match axes.is_empty() {
        true => None,
        false => Some(SweepPlan::prepare(s, &axes)?),
    };
    let solve = w
        .solve
        .as_ref()
        .map(|arg| solve_spec(s, arg, args))
        .transpose()?;
    if let Some(SolveAsk {
        name,
        range: Some(range),
        claim,
        target,
    }) = &solve
    {
        let spec = SolveSpec {
            name: name.clone(),
            range: *range,
            claim: claim.clone(),
            target: *target,
        };
        solve::check(s, &spec)?;
    }
    let columns = w
        .columns
        .iter()
        .map(|c| {
            s.program.quantity(c.trim()).ok_or_else(|| {
                let hint = nearest(c, s.program.names().iter().map(String::as_str))
                    .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
                AppError::Usage(format!(
                    "--columns: `{c}` is not a quantity of {}{hint}",
                    s.path
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Extras {
        sweep,
        solve,
        columns,
    })
}

/// `NAME` or `NAME=LO..HI`, with `--claim` and `--target`, checked against `s`.
fn solve_spec(s: &Scenario, arg: &str, args: &RunArgs) -> Result<SolveAsk, AppError> {
    let usage = |m: String| AppError::Usage(m);
    let (name, range) = match arg.split_once('=') {
        None => (arg.trim().to_string(), None),
        Some((n, r)) => {
            let (lo, hi) = r.split_once("..").ok_or_else(|| {
                usage(format!(
                    "--solve {arg}: write NAME=LO..HI, e.g. --solve share_152=0..1"
                ))
            })?;
            let num = |t: &str| {
                crate::expr::number(t.trim())
                    .ok_or_else(|| usage(format!("--solve {arg}: `{}` is not a number", t.trim())))
            };
            let (lo, hi) = (num(lo)?, num(hi)?);
            if !(lo < hi) {
                return Err(usage(format!("--solve {arg}: LO must be below HI")));
            }
            (n.trim().to_string(), Some((lo, hi)))
        }
    };
    if range.is_none() && s.program.quantity(&name).is_none() {
        return Err(usage(format!("--solve {name}: give the range to search, --solve {name}=LO..HI (without it, {name} must be a quantity, whose 1st to 99th percentile is searched)")));
    }
    let claim = args.whatif.claim.clone().unwrap_or_default();
    if s.program.claim(&claim).is_none() {
        let hint = nearest(&claim, s.program.claim_ids().iter().map(String::as_str))
            .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
        return Err(usage(format!(
            "--claim: `{claim}` is not a claim of {}{hint}",
            s.path
        )));
    }
    Ok(SolveAsk {
        name,
        range,
        claim,
        target: args.whatif.target.unwrap_or(0.5),
    })
}

/// Runs the planned sweep and solve after the base case `base`.
///
/// # Errors
/// A point that fails, named.
pub(super) fn run(
    s: &Scenario,
    extras: &Extras,
    base: &RunResult,
    settings: &Settings,
    args: &RunArgs,
) -> Result<(Option<Sweep>, Option<SolveFile>), AppError> {
    let fail = |e: WhatIfError| match e {
        WhatIfError::Scenario(e) => AppError::from(e),
        WhatIfError::Run { point, source } => match analysis_error(s, source) {
            AppError::Scenario(mut e) => {
                for d in &mut e.0 {
                    d.message = format!("at the point {point}: {}", d.message);
                }
                AppError::Scenario(e)
            }
            other => other,
        },
    };
    let sweep = match &extras.sweep {
        Some(plan) => {
            let bar = progress_bar(plan.len() as u64 * settings.samples, args.quiet);
            let progress = |n: u64| bar.inc(n);
            let detail = args
                .whatif
                .sweep_sensitivity
                .then_some((args.sensitivity_draws as usize, args.saltelli_base as usize));
            let sweep = plan.run(settings, detail, &progress).map_err(fail)?;
            bar.finish_and_clear();
            Some(sweep)
        }
        None => None,
    };
    let solve = match &extras.solve {
        Some(SolveAsk {
            name,
            range,
            claim,
            target,
        }) => {
            let range = match range {
                Some(r) => *r,
                None => default_range(base, name)?,
            };
            let spec = SolveSpec {
                name: name.clone(),
                range,
                claim: claim.clone(),
                target: *target,
            };
            solve::check(s, &spec)?;
            let bar = progress_bar(32 * settings.samples, args.quiet);
            let progress = |n: u64| bar.inc(n);
            let found = solve::solve(s, &spec, settings, &progress).map_err(fail)?;
            bar.finish_and_clear();
            Some(found)
        }
        None => None,
    };
    Ok((sweep, solve))
}

/// The 1st to 99th percentile of quantity `name` in the base case (before any evidence: the
/// assumption's own spread).
fn default_range(base: &RunResult, name: &str) -> Result<(f64, f64), AppError> {
    let q = base
        .quantities
        .iter()
        .find(|q| q.name == name)
        .expect("checked in plan");
    let (lo, hi) = (q.forward.percentiles.p1, q.forward.percentiles.p99);
    if lo < hi {
        Ok((lo, hi))
    } else {
        Err(AppError::Usage(format!(
            "--solve {name}: `{name}` is {} on (almost) every draw, so there is no range to search; give one: --solve {name}=LO..HI",
            crate::output::format::grouped(lo, 4)
        )))
    }
}
