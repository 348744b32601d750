//! Which input moves each output: Spearman, first-order Sobol indices from the run's own draws,
//! total-order indices from a Saltelli design, swing, and the value of information of claims.
//!
//! - Given-data measures (`crate::sensitivity::analyse`) use the first
//!   `RunFacts::sensitivity_draws` draws of the run: Spearman rank correlation, the binned
//!   first-order estimator (Plischke, Borgonovo & Smith 2013), the p10→p90 swing of the median,
//!   and for claims the expected change in probability from knowing the input.
//! - Total-order indices use a Saltelli design (Saltelli et al. 2010): input matrices A and B,
//!   and one run AB_i per input with input i taken from B, everything else from A's random
//!   streams; Jansen's (1999) estimator. With plain Monte Carlo, A and B are the run's own
//!   draws (its first rows, and the rows after the largest base), so only the AB_i runs are
//!   extra: the inputs that re-run everything share a quarter of the run's draws, and inputs
//!   that a `[shipment]`'s delivery stage does not read (dud rates) get a larger base, since
//!   their runs read the delivery back from the run and redo only the thinning and formulas
//!   (`design_bases`). Otherwise (Latin hypercube, runs shorter than two chunks) A and B are
//!   separate runs of base = min(`saltelli_base`, samples / (inputs + 2)).
//!
//! With `[[evidence]]` the given-data measures are computed on the weighted draws (after the
//! evidence, [`Basis::AfterEvidence`](crate::results::Basis)): each draw carries its importance
//! weight (`crate::sensitivity::Weights`). The total-order indices stay *before* the evidence
//! (`total_basis`): the Saltelli design resamples one input independently of the others, but
//! the posterior makes the inputs dependent, and weighting the design's rows would need the
//! posterior of each input given all the others, row by row. Every output labels them so, and
//! the inputs are then ordered by the first-order index after the evidence.
//!
//! Every index is judged resolved or not (`crate::sensitivity::Index::judge`): claims need at
//! least 100 (effective) draws on their rarer side, counted on the draws each index uses (the
//! given-data draws, or the 2 × base rows of A and B for totals).
//!
//! Random sources written in `[model]` (a distribution inside a formula, a mixture's choice, a
//! binomial draw: `crate::model::sources`) are drivers like the inputs. Their per-draw value
//! for the given-data measures (`engine::source_values`) is a uniform that orders its draws as
//! their values would but, unlike the value, does not carry the inputs its parameters read: the
//! uniform a draw by inverse CDF is made from, or the probability integral transform of a draw
//! made by the family's own sampler; a mixture's uniform picks its component, so its first-order
//! index is the share the choice of component explains. In the Saltelli design the run AB_s draws
//! source s from B's rows and everything else from A's, row for row (its streams are keyed by
//! draw: `engine::Resample`).
//!
//! Indices assume independent inputs; with `[correlation]`, or inputs defined from other inputs,
//! they describe the model as sampled and should be read with care. Randomness that is neither an
//! input nor a `[model]` source (the `[shipment]` simulation, draws inside claims) belongs to no
//! driver: it shows as the share no driver explains alone (`unexplained`).

use super::design::{describe_bases, design_bases, free_source_bases, plain, Design};
use super::{AnalysisError, RunFacts};
use crate::engine::Sampling;
use crate::engine::{self, chunk_rng, source_values, Draws};
use crate::model::{ClaimId, IdVec, Output, Program, QuantityId, QuantityKind};
use crate::results::{
    Basis, Driver, Index, OutputSensitivity, OutputState, SensitivityMethod, SensitivityResult,
};
use crate::scenario::Scenario;
use crate::sensitivity::{analyse, constant, Column, Weights};
use rand::RngCore;

/// Every output: model quantities, then claims, by typed id.
fn outputs(scenario: &Scenario) -> Vec<Output> {
    let quantities = scenario
        .quantities
        .iter_enumerated()
        // Elements of indexed quantities are reached through their reductions and claims.
        .filter(|(id, q)| q.kind == QuantityKind::Model && scenario.program.element(*id).is_none())
        .map(|(q, _)| Output::Quantity(q));
    quantities
        .chain(scenario.claims.ids().map(Output::Claim))
        .collect()
}

/// The first `m` draws of an output.
pub(super) fn column<'a>(draws: &'a Draws, output: Output, m: usize) -> Column<'a> {
    match output {
        Output::Quantity(q) => Column::Numeric(&draws.columns[q][..m]),
        Output::Claim(c) => Column::Flags(&draws.claims[c][..m]),
    }
}

/// Sensitivity of every output to every input and the value of information of every input for
/// every claim; `None` when there are no inputs or no draws to use. With evidence (`weights`,
/// the posterior weights of every draw) the given-data measures are after it and the totals
/// before it.
pub(super) fn sensitivity(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
    weights: Option<&[f64]>,
) -> Result<Option<SensitivityResult>, AnalysisError> {
    let drivers = drivers(&scenario.program);
    let m = (facts.samples as usize).min(facts.sensitivity_draws);
    if drivers.is_empty() || m == 0 {
        return Ok(None);
    }
    let weights = match weights {
        Some(w) if w[..m].iter().any(|&v| v > 0.0) => Weights::Importance(&w[..m]),
        _ => Weights::Equal,
    };
    let values = source_values(&scenario.program, &draws.columns, facts.seed, m);
    let in_cols: Vec<&[f64]> = drivers
        .iter()
        .map(|d| match *d {
            Driver::Input(q) => &draws.columns[q][..m],
            Driver::Source(s) => values[s].as_slice(),
        })
        .collect();
    let outs = outputs(scenario);
    let cols: Vec<Column> = outs.iter().map(|&o| column(draws, o, m)).collect();
    // Each input's `input_constant`, as the given-data measures find it.
    let constant: Vec<bool> = match outs.is_empty() {
        true => Vec::new(),
        false => in_cols.iter().map(|x| constant(x, weights)).collect(),
    };
    // The given-data measures and the design share the cores (neither reads the other).
    let (given, totals) = rayon::join(
        || analyse(&in_cols, &cols, weights),
        || totals(scenario, facts, draws, &drivers, &outs, &constant),
    );
    let (totals, bases) = totals?;
    let base = bases.iter().copied().min().unwrap_or(0);
    let design = describe_bases(&drivers, &bases);
    let basis = match (scenario.evidence.is_empty(), weights) {
        (true, _) => Basis::NoEvidence,
        (false, Weights::Importance(_)) => Basis::AfterEvidence,
        (false, Weights::Equal) => Basis::BeforeEvidence,
    };
    let total_basis = (base > 0).then_some(if scenario.evidence.is_empty() {
        Basis::NoEvidence
    } else {
        Basis::BeforeEvidence
    });
    let on_basis = total_basis == Some(basis);
    let mut quantities: IdVec<QuantityId, Option<OutputSensitivity>> =
        scenario.quantities.map(|_| None);
    let mut claims: IdVec<ClaimId, Option<OutputSensitivity>> = scenario.claims.map(|_| None);
    let mut voi: IdVec<ClaimId, Vec<_>> = scenario.claims.map(|_| Vec::new());
    for (k, (output, row)) in outs.iter().zip(given).enumerate() {
        let state = row.first().map_or(OutputState::Constant, |s| s.output);
        let entries = row
            .iter()
            .enumerate()
            .map(|(j, s)| s.sensitivity.with_total(totals.get(k).and_then(|t| t[j])))
            .collect();
        let sensitivity = OutputSensitivity::new(state, entries, on_basis);
        match *output {
            Output::Quantity(q) => quantities[q] = Some(sensitivity),
            Output::Claim(c) => {
                claims[c] = Some(sensitivity);
                voi[c] = row.iter().filter_map(|s| s.voi).collect();
            }
        }
    }
    let effective = weights.ess(m);
    let after = if basis == Basis::AfterEvidence {
        format!(
            " after the evidence (each draw weighted; worth about {effective:.0} draws), total-order indices before it"
        )
    } else {
        String::new()
    };
    let method = SensitivityMethod {
        given_data_draws: m as u64,
        given_data_effective_draws: effective,
        saltelli_base: base as u64,
        description: format!(
            "Spearman, first-order Sobol (binned given-data estimator; Plischke, Borgonovo & Smith 2013), swing and value of information from the first {m} draws of the run{after}; total-order Sobol from a Saltelli design with {design} (Jansen 1999; Saltelli et al. 2010). Drivers are the inputs and the random sources written in [model] (each measured by the uniform its draw is made from, or the draw's integral transform). Indices assume independent inputs."
        ),
    };
    let claims: IdVec<ClaimId, OutputSensitivity> = claims
        .into_vec()
        .into_iter()
        .map(|c| {
            c.unwrap_or_else(|| OutputSensitivity::new(OutputState::Constant, Vec::new(), false))
        })
        .collect::<Vec<_>>()
        .into();
    Ok(Some(SensitivityResult {
        basis,
        total_basis,
        method,
        inputs: drivers,
        sources: scenario.program.sources().clone(),
        quantities,
        claims,
        voi,
    }))
}

/// The drivers of a program: its inputs, then its random sources.
pub(super) fn drivers(program: &Program) -> Vec<Driver> {
    program
        .inputs()
        .map(Driver::Input)
        .chain(program.sources().ids().map(Driver::Source))
        .collect()
}

/// Total-order indices: `out[k][j]` for output `k` of `outs` and driver `j`, from a Saltelli
/// design (`None` where the design was skipped or the model could not run on it).
pub(super) type Totals = Vec<Vec<Option<Index>>>;

/// Total-order indices of every output for every input, from a Saltelli design, each judged
/// resolved or not (`constant[j]`: input j does not vary), and each input's base (empty when
/// the design was skipped).
///
/// With plain Monte Carlo and at least two whole chunks of draws, A and B are the run's own
/// draws (A its first rows, B the rows after the largest base), so only the runs AB_i are
/// extra, each of base_i draws ([`design_bases`]); AB_i repeats A's rows with the run's seed,
/// and a `[shipment]` delivery stage that input i does not reach is read back from the run.
/// Otherwise (Latin hypercube, short runs) A and B are separate runs of one base.
fn totals(
    scenario: &Scenario,
    facts: &RunFacts,
    draws: &Draws,
    inputs: &[Driver],
    outs: &[Output],
    constant: &[bool],
) -> Result<(Totals, Vec<usize>), AnalysisError> {
    let program = &scenario.program;
    let bases = run_bases(program, facts, inputs);
    match bases {
        Some(bases) => {
            let b_at = bases.iter().copied().max().unwrap_or(0);
            let rows = Design {
                a: draws,
                b: draws,
                b_at,
                seed: facts.seed,
                b_seed: facts.seed,
            };
            let out = rows.totals(program, inputs, &bases, outs, constant);
            Ok((out, bases))
        }
        _ => {
            let base = facts
                .saltelli_base
                .min(facts.samples as usize / (inputs.len() + 2));
            if base < 64 {
                return Ok((vec![vec![None; inputs.len()]; outs.len()], Vec::new()));
            }
            let mut seeds = chunk_rng(facts.seed, u64::MAX - 7);
            let (seed_a, seed_b) = (seeds.next_u64(), seeds.next_u64());
            let a = engine::run_spec(program, &plain(base, seed_a), &|_| {})?;
            let b = engine::run_spec(program, &plain(base, seed_b), &|_| {})?;
            let rows = Design {
                a: &a,
                b: &b,
                b_at: 0,
                seed: seed_a,
                b_seed: seed_b,
            };
            let bases = vec![base; inputs.len()];
            Ok((rows.totals(program, inputs, &bases, outs, constant), bases))
        }
    }
}

/// Per-driver bases of a design on the run's own rows (plain Monte Carlo with at least two
/// whole chunks; [`design_bases`], and [`free_source_bases`] when only quantities draw), or
/// `None` when A and B must be separate runs.
pub(super) fn run_bases(
    program: &Program,
    facts: &RunFacts,
    drivers: &[Driver],
) -> Option<Vec<usize>> {
    if facts.sampling != Sampling::Mc {
        return None;
    }
    let samples = facts.samples as usize;
    let cheap: Vec<bool> = match program.delivery_reads() {
        Some(reads) => drivers
            .iter()
            .map(|d| match *d {
                Driver::Input(q) => !reads[q],
                Driver::Source(s) => !reads[program.sources()[s].quantity],
            })
            .collect(),
        None => vec![false; drivers.len()],
    };
    let chunk = engine::chunk_len(program);
    let mut bases = design_bases(facts.saltelli_base, samples, &cheap, chunk)?;
    if program.draws_only_in_quantities() {
        free_source_bases(facts.saltelli_base, samples, drivers, &mut bases);
    }
    Some(bases)
}

/// How many of a run's first rows the sensitivity analysis reads (the given-data draws, and A
/// and B of a design on the run's own rows): what the streaming mode keeps.
pub(super) fn rows_read(scenario: &Scenario, facts: &RunFacts) -> usize {
    let program = &scenario.program;
    let samples = facts.samples as usize;
    let drivers = drivers(program);
    if drivers.is_empty() {
        return 0;
    }
    let given = samples.min(facts.sensitivity_draws);
    let design = run_bases(program, facts, &drivers)
        .map_or(0, |bases| 2 * bases.iter().copied().max().unwrap_or(0));
    given.max(design).min(samples)
}
