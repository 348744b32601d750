//! Which input moves each output: Spearman, first-order Sobol indices from the run's own draws,
//! total-order indices from a Saltelli design, swing, and the value of information of claims.
//!
//! - Given-data measures (`crate::sensitivity::analyse`) use the first
//!   `RunFacts::sensitivity_draws` draws of the run: Spearman rank correlation, the binned
//!   first-order estimator (Plischke, Borgonovo & Smith 2013), the p10→p90 swing of the median,
//!   and for claims the expected change in probability from knowing the input.
//! - Total-order indices use a Saltelli design (Saltelli et al. 2010): two independent runs A and
//!   B of `saltelli_base` draws, and one run AB_i per input with input i taken from B, everything
//!   else from A's random streams; Jansen's (1999) estimator. The design costs
//!   `(inputs + 2) × base` model evaluations, with base = min(`saltelli_base`,
//!   samples / (inputs + 2)), so it never costs more than the run itself.
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
//! Indices assume independent inputs; with `[correlation]`, or inputs defined from other inputs,
//! they describe the model as sampled and should be read with care. Randomness inside model
//! formulas (e.g. binomial thinning) belongs to no input: it shows as the share no input
//! explains alone (`unexplained`) and can inflate total indices slightly.

use super::{AnalysisError, RunFacts};
use crate::engine::Sampling;
use crate::engine::{self, chunk_rng, Draws, RunSpec};
use crate::model::{ClaimId, IdVec, Output, QuantityId, QuantityKind};
use crate::results::{
    Basis, Driver, Index, OutputSensitivity, OutputState, SensitivityMethod, SensitivityResult,
};
use crate::scenario::Scenario;
use crate::sensitivity::{analyse, total_order, Column, Weights};
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
fn column<'a>(draws: &'a Draws, output: Output, m: usize) -> Column<'a> {
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
    let inputs: Vec<QuantityId> = scenario.program.inputs().collect();
    let m = draws.samples.min(facts.sensitivity_draws);
    if inputs.is_empty() || m == 0 {
        return Ok(None);
    }
    let weights = match weights {
        Some(w) if w[..m].iter().any(|&v| v > 0.0) => Weights::Importance(&w[..m]),
        _ => Weights::Equal,
    };
    let in_cols: Vec<&[f64]> = inputs.iter().map(|&q| &draws.columns[q][..m]).collect();
    let outs = outputs(scenario);
    let cols: Vec<Column> = outs.iter().map(|&o| column(draws, o, m)).collect();
    let given = analyse(&in_cols, &cols, weights);
    let constant: Vec<bool> = given
        .first()
        .map(|row| row.iter().map(|s| s.input_constant).collect())
        .unwrap_or_default();
    let (totals, base) = totals(scenario, facts, draws.samples, &outs, &constant)?;
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
            "Spearman, first-order Sobol (binned given-data estimator; Plischke, Borgonovo & Smith 2013), swing and value of information from the first {m} draws of the run{after}; total-order Sobol from a Saltelli design with base {base} (Jansen 1999; Saltelli et al. 2010). Indices assume independent inputs."
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
        inputs: inputs.iter().map(|&q| Driver::Input(q)).collect(),
        quantities,
        claims,
        voi,
    }))
}

/// Total-order indices: `out[k][j]` for output `k` of `outs` and input `j`, from a Saltelli
/// design (`None` where the design was skipped or the model could not run on it).
type Totals = Vec<Vec<Option<Index>>>;

/// Total-order indices of every output for every input, from a Saltelli design, each judged
/// resolved or not (`constant[j]`: input j does not vary).
fn totals(
    scenario: &Scenario,
    facts: &RunFacts,
    samples: usize,
    outs: &[Output],
    constant: &[bool],
) -> Result<(Totals, usize), AnalysisError> {
    let program = &scenario.program;
    let inputs: Vec<QuantityId> = program.inputs().collect();
    // The design costs (inputs + 2) × base evaluations: cap it at the main run's cost.
    let base = facts.saltelli_base.min(samples / (inputs.len() + 2));
    let mut out: Totals = vec![vec![None; inputs.len()]; outs.len()];
    if base < 64 {
        return Ok((out, 0));
    }
    let mut seeds = chunk_rng(facts.seed, u64::MAX - 7);
    let (seed_a, seed_b) = (seeds.next_u64(), seeds.next_u64());
    let spec = |seed| RunSpec {
        samples: base,
        seed,
        sampling: Sampling::Mc,
        overrides: IdVec::new(),
    };
    let a = engine::run_spec(program, &spec(seed_a), &|_| {})?;
    let b = engine::run_spec(program, &spec(seed_b), &|_| {})?;
    for (j, &i) in inputs.iter().enumerate() {
        let mut overrides: IdVec<QuantityId, Option<&[f64]>> = program.quantities.map(|_| None);
        overrides[i] = Some(&b.columns[i]);
        let ab = match engine::run_spec(
            program,
            &RunSpec {
                overrides,
                ..spec(seed_a)
            },
            &|_| {},
        ) {
            Ok(ab) => ab,
            // A combination of A and B values the model cannot take: no total index for this input.
            Err(_) => continue,
        };
        for (k, &o) in outs.iter().enumerate() {
            let (ya, yb, yab) = (
                as_f64(column(&a, o, base)),
                as_f64(column(&b, o, base)),
                as_f64(column(&ab, o, base)),
            );
            let state = design_state(o, &ya, &yb);
            let constant = constant.get(j).copied().unwrap_or(false);
            out[k][j] = Some(Index::judge(total_order(&ya, &yb, &yab), state, constant));
        }
    }
    Ok((out, base))
}

/// What the design's A and B rows say about an output: a claim's events among the 2 × base
/// rows, or whether a quantity varies.
fn design_state(o: Output, ya: &[f64], yb: &[f64]) -> OutputState {
    let all = || ya.iter().chain(yb);
    match o {
        Output::Claim(_) => {
            let n = (ya.len() + yb.len()) as f64;
            let held = all().filter(|&&v| v != 0.0).count() as f64;
            OutputState::claim(held / n, n)
        }
        Output::Quantity(_) => {
            let first = ya.first().copied().unwrap_or(0.0);
            if all().all(|&v| v == first) {
                OutputState::Constant
            } else {
                OutputState::Varies
            }
        }
    }
}

fn as_f64(o: Column) -> Vec<f64> {
    match o {
        Column::Numeric(x) => x.to_vec(),
        Column::Flags(f) => f.iter().map(|&v| f64::from(v)).collect(),
    }
}
