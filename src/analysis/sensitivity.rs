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
//! Everything is computed on the forward draws, so with `[[evidence]]` the result says
//! [`Basis::BeforeEvidence`](crate::results::Basis) and every output labels it so (computing
//! them on the weighted draws is issue 10).
//!
//! Indices assume independent inputs; with `[correlation]`, or inputs defined from other inputs,
//! they describe the model as sampled and should be read with care. Randomness inside model
//! formulas (e.g. binomial thinning) belongs to no input and can inflate total indices slightly.

use super::{AnalysisError, RunFacts};
use crate::engine::Sampling;
use crate::engine::{self, chunk_rng, Draws, RunSpec};
use crate::model::{ClaimId, IdVec, Output, QuantityId, QuantityKind};
use crate::results::{Basis, Estimate, SensitivityMethod, SensitivityResult};
use crate::scenario::Scenario;
use crate::sensitivity::{analyse, total_order, Column};
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
/// every claim; `None` when there are no inputs or no draws to use. The basis is the forward
/// draws: with evidence, [`Basis::BeforeEvidence`].
pub(super) fn sensitivity(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
) -> Result<Option<SensitivityResult>, AnalysisError> {
    let inputs: Vec<QuantityId> = scenario.program.inputs().collect();
    let m = draws.samples.min(facts.sensitivity_draws);
    if inputs.is_empty() || m == 0 {
        return Ok(None);
    }
    let in_cols: Vec<&[f64]> = inputs.iter().map(|&q| &draws.columns[q][..m]).collect();
    let outs = outputs(scenario);
    let cols: Vec<Column> = outs.iter().map(|&o| column(draws, o, m)).collect();
    let given = analyse(&in_cols, &cols);
    let (totals, base) = totals(scenario, facts, draws.samples, &outs)?;
    let mut quantities: IdVec<QuantityId, Option<Vec<_>>> = scenario.quantities.map(|_| None);
    let mut claims: IdVec<ClaimId, Vec<_>> = scenario.claims.map(|_| Vec::new());
    let mut voi: IdVec<ClaimId, Vec<_>> = scenario.claims.map(|_| Vec::new());
    for (k, (output, row)) in outs.iter().zip(given).enumerate() {
        let entries = row
            .iter()
            .enumerate()
            .map(|(j, s)| s.sensitivity.with_total(totals.get(k).and_then(|t| t[j])))
            .collect();
        match *output {
            Output::Quantity(q) => quantities[q] = Some(entries),
            Output::Claim(c) => {
                claims[c] = entries;
                voi[c] = row.iter().filter_map(|s| s.voi).collect();
            }
        }
    }
    let method = SensitivityMethod {
        given_data_draws: m as u64,
        saltelli_base: base as u64,
        description: format!(
            "Spearman, first-order Sobol (binned given-data estimator; Plischke, Borgonovo & Smith 2013), swing and value of information from the first {m} draws of the run; total-order Sobol from a Saltelli design with base {base} (Jansen 1999; Saltelli et al. 2010). Indices assume independent inputs."
        ),
    };
    let basis = if scenario.evidence.is_empty() {
        Basis::NoEvidence
    } else {
        Basis::BeforeEvidence
    };
    Ok(Some(SensitivityResult {
        basis,
        method,
        inputs,
        quantities,
        claims,
        voi,
    }))
}

/// Total-order indices: `out[k][j]` for output `k` of `outs` and input `j`, from a Saltelli
/// design (`None` where the design was skipped or the model could not run on it).
type Totals = Vec<Vec<Option<Estimate>>>;

/// Total-order indices of every output for every input, from a Saltelli design.
fn totals(
    scenario: &Scenario,
    facts: &RunFacts,
    samples: usize,
    outs: &[Output],
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
            out[k][j] = Some(total_order(&ya, &yb, &yab));
        }
    }
    Ok((out, base))
}

fn as_f64(o: Column) -> Vec<f64> {
    match o {
        Column::Numeric(x) => x.to_vec(),
        Column::Flags(f) => f.iter().map(|&v| f64::from(v)).collect(),
    }
}
