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
//! Indices assume independent inputs; with `[correlation]`, or inputs defined from other inputs,
//! they describe the model as sampled and should be read with care. Randomness inside model
//! formulas (e.g. binomial thinning) belongs to no input and can inflate total indices slightly.

use super::{AnalysisError, RunFacts};
use crate::engine::Sampling;
use crate::engine::{self, chunk_rng, Draws, RunSpec};
use crate::model::{IdVec, QuantityId};
use crate::results::{QuantityKind, SensitivityEntry, SensitivityMethod, Summary, VoiEntry};
use crate::scenario::Scenario;
use crate::sensitivity::{analyse, total_order, Estimate, Output};
use indexmap::IndexMap;
use rand::RngCore;

/// Names and columns of every output: model quantities, then claims as 0/1.
fn outputs<'a>(scenario: &'a Scenario, draws: &'a Draws, m: usize) -> Vec<(&'a str, Output<'a>)> {
    let mut out: Vec<(&str, Output)> = scenario
        .quantities
        .iter_enumerated()
        .filter(|(_, q)| q.kind == QuantityKind::Model)
        .map(|(i, q)| (q.name.as_str(), Output::Numeric(&draws.columns[i][..m])))
        .collect();
    out.extend(
        scenario
            .claims
            .iter()
            .zip(&draws.claims)
            .map(|(c, f)| (c.id.as_str(), Output::Flags(&f[..m]))),
    );
    out
}

/// Fills `summary.sensitivity`, `value_of_information*` and `sensitivity_method`.
pub(super) fn fill(
    scenario: &Scenario,
    draws: &Draws,
    facts: &RunFacts,
    summary: &mut Summary,
) -> Result<(), AnalysisError> {
    let inputs: Vec<QuantityId> = scenario.program.inputs().collect();
    let m = draws.samples.min(facts.sensitivity_draws);
    if inputs.is_empty() || m == 0 {
        return Ok(());
    }
    let in_cols: Vec<(&str, &[f64])> = inputs
        .iter()
        .map(|&q| (scenario.quantities[q].name.as_str(), &draws.columns[q][..m]))
        .collect();
    let outs = outputs(scenario, draws, m);
    let given = analyse(&in_cols, &outs);
    let (totals, base) = totals(scenario, facts, draws.samples)?;
    for (out_name, per_input) in &given {
        let mut row = IndexMap::new();
        for (input, s) in per_input {
            let t = totals
                .get(out_name)
                .and_then(|r| r.get(input))
                .copied()
                .unwrap_or(Estimate {
                    value: f64::NAN,
                    se: f64::NAN,
                });
            row.insert(
                input.clone(),
                SensitivityEntry {
                    spearman: s.spearman,
                    sobol_first: s.sobol_first,
                    sobol_first_se: s.sobol_first_se,
                    sobol_total: t.value,
                    sobol_total_se: t.se,
                    swing: s.swing,
                },
            );
            if let Some(v) = &s.voi {
                summary
                    .value_of_information
                    .entry(out_name.clone())
                    .or_default()
                    .insert(input.clone(), v.expected_abs_change);
                summary
                    .value_of_information_detail
                    .entry(out_name.clone())
                    .or_default()
                    .insert(
                        input.clone(),
                        VoiEntry {
                            expected_abs_change: v.expected_abs_change,
                            flip_probability: v.flip_probability,
                            noise_floor: v.noise_floor,
                        },
                    );
            }
        }
        summary.sensitivity.insert(out_name.clone(), row);
    }
    summary.sensitivity_method = SensitivityMethod {
        given_data_draws: m as u64,
        saltelli_base: base as u64,
        description: format!(
            "Spearman, first-order Sobol (binned given-data estimator; Plischke, Borgonovo & Smith 2013), swing and value of information from the first {m} draws of the run; total-order Sobol from a Saltelli design with base {base} (Jansen 1999; Saltelli et al. 2010). Indices assume independent inputs."
        ),
    };
    Ok(())
}

type Totals = IndexMap<String, IndexMap<String, Estimate>>;

/// Total-order indices of every output for every input, from a Saltelli design.
fn totals(
    scenario: &Scenario,
    facts: &RunFacts,
    samples: usize,
) -> Result<(Totals, usize), AnalysisError> {
    let program = &scenario.program;
    // The design costs (inputs + 2) × base evaluations: cap it at the main run's cost.
    let base = facts
        .saltelli_base
        .min(samples / (program.inputs().count() + 2));
    let mut out = Totals::new();
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
    for i in program.inputs() {
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
        let input = &scenario.quantities[i].name;
        let ya = outputs(scenario, &a, base);
        let yb = outputs(scenario, &b, base);
        let yab = outputs(scenario, &ab, base);
        for ((name, oa), ((_, ob), (_, oab))) in ya.iter().zip(yb.iter().zip(&yab)) {
            let total = total_order(&as_f64(oa), &as_f64(ob), &as_f64(oab));
            out.entry(name.to_string())
                .or_default()
                .insert(input.clone(), total);
        }
    }
    Ok((out, base))
}

fn as_f64(o: &Output) -> Vec<f64> {
    match o {
        Output::Numeric(x) => x.to_vec(),
        Output::Flags(f) => f.iter().map(|&v| f64::from(v)).collect(),
    }
}
