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

use super::{AnalysisError, RunFacts};
use crate::engine::Sampling;
use crate::engine::{self, chunk_rng, source_values, Draws, Resample, RunSpec};
use crate::model::{ClaimId, IdVec, Output, Program, QuantityId, QuantityKind, SourceId};
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
    let drivers = drivers(&scenario.program);
    let m = draws.samples.min(facts.sensitivity_draws);
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
    let given = analyse(&in_cols, &cols, weights);
    let constant: Vec<bool> = given
        .first()
        .map(|row| row.iter().map(|s| s.input_constant).collect())
        .unwrap_or_default();
    let (totals, bases) = totals(scenario, facts, draws, &drivers, &outs, &constant)?;
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
fn drivers(program: &Program) -> Vec<Driver> {
    program
        .inputs()
        .map(Driver::Input)
        .chain(program.sources().ids().map(Driver::Source))
        .collect()
}

/// Total-order indices: `out[k][j]` for output `k` of `outs` and driver `j`, from a Saltelli
/// design (`None` where the design was skipped or the model could not run on it).
type Totals = Vec<Vec<Option<Index>>>;

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
    let cheap: Vec<bool> = match program.delivery_reads() {
        Some(reads) => inputs
            .iter()
            .map(|d| match *d {
                Driver::Input(q) => !reads[q],
                Driver::Source(s) => !reads[program.sources()[s].quantity],
            })
            .collect(),
        None => vec![false; inputs.len()],
    };
    let chunk = engine::chunk_len(program);
    let bases = design_bases(facts.saltelli_base, draws.samples, &cheap, chunk);
    match bases {
        Some(mut bases) if facts.sampling == Sampling::Mc => {
            if program.draws_only_in_quantities() {
                free_source_bases(facts.saltelli_base, draws.samples, inputs, &mut bases);
            }
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
            let base = facts.saltelli_base.min(draws.samples / (inputs.len() + 2));
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

/// The design's A rows (`a`'s first rows, drawn with `seed`) and B rows (`b`'s from `b_at`,
/// drawn with `b_seed`).
struct Design<'a> {
    a: &'a Draws,
    b: &'a Draws,
    b_at: usize,
    seed: u64,
    b_seed: u64,
}

impl Design<'_> {
    /// `out[k][j]`: output k's total index for driver j, on the first `bases[j]` rows.
    fn totals(
        &self,
        program: &Program,
        inputs: &[Driver],
        bases: &[usize],
        outs: &[Output],
        constant: &[bool],
    ) -> Totals {
        let mut out: Totals = vec![vec![None; inputs.len()]; outs.len()];
        for (j, (&d, &base)) in inputs.iter().zip(bases).enumerate() {
            let mut overrides: IdVec<QuantityId, Option<&[f64]>> = self.a.columns.map(|_| None);
            let mut resample = None;
            match d {
                Driver::Input(i) => {
                    overrides[i] = Some(&self.b.columns[i][self.b_at..self.b_at + base]);
                }
                Driver::Source(source) => {
                    resample = Some(self.resample(source));
                    if program.draws_only_in_quantities() {
                        // Every input from A's rows: the run then repeats A's rows on any
                        // number of draws (sources are keyed by draw, not by chunk).
                        for q in program.inputs() {
                            overrides[q] = Some(&self.a.columns[q][..base]);
                        }
                    }
                }
            }
            let spec = RunSpec {
                overrides,
                reuse: Some(self.a),
                resample,
                ..plain(base, self.seed)
            };
            // A combination of A and B values the model cannot take: no index for this input.
            let Ok(ab) = engine::run_spec(program, &spec, &|_| {}) else {
                continue;
            };
            for (k, &o) in outs.iter().enumerate() {
                let (ya, yb, yab) = (
                    as_f64(rows_of(self.a, o, 0, base)),
                    as_f64(rows_of(self.b, o, self.b_at, base)),
                    as_f64(column(&ab, o, base)),
                );
                let state = design_state(o, &ya, &yb);
                let constant = constant.get(j).copied().unwrap_or(false);
                out[k][j] = Some(Index::judge(total_order(&ya, &yb, &yab), state, constant));
            }
        }
        out
    }
}

impl Design<'_> {
    /// Source `s` drawn from the B rows: row j of the AB run is row `b_at + j` of B's run.
    fn resample(&self, source: SourceId) -> Resample {
        Resample {
            source,
            seed: self.b_seed,
            offset: self.b_at as u64,
        }
    }
}

/// Per-input bases of a design whose A and B rows are the run's own, or `None` when the run
/// has fewer than two whole chunks. Each base is a whole number of chunks (so a run of that
/// many draws repeats the run's first rows exactly), at least one chunk, and every base fits
/// twice in the run. Budget: the inputs that re-run everything (`cheap[j]` false) share a
/// quarter of the run's draws, base = the requested base rounded up to whole chunks if that
/// fits, else down; inputs that leave a `[shipment]`'s delivery unchanged cost only the
/// thinning and the formulas per draw, and get the requested base up to half the run.
fn design_bases(
    requested: usize,
    samples: usize,
    cheap: &[bool],
    chunk: usize,
) -> Option<Vec<usize>> {
    let half = samples / 2 / chunk * chunk;
    if requested == 0 || half < chunk {
        return None;
    }
    let full = cheap.iter().filter(|&&c| !c).count().max(1);
    let cap = (samples / 4 / full).min(half);
    let want = requested.min(cap);
    let up = want.div_ceil(chunk) * chunk;
    let full_base = if up <= cap { up } else { cap / chunk * chunk }.max(chunk);
    let cheap_base = (requested.min(half).div_ceil(chunk) * chunk)
        .min(half)
        .max(chunk);
    Some(
        cheap
            .iter()
            .map(|&c| if c { cheap_base } else { full_base })
            .collect(),
    )
}

/// Bases of the random sources when their design runs need not be whole chunks (a program
/// whose only random draws outside `[inputs]` are its sources: every input is then taken from
/// A's rows and every source is keyed by draw): the drivers share a quarter of the run's draws
/// as the budget says, `min(requested, samples / 4 / drivers)`, at least [`MIN_SOURCE_BASE`]
/// and never more than the chunked base.
fn free_source_bases(requested: usize, samples: usize, drivers: &[Driver], bases: &mut [usize]) {
    let share = requested.min(samples / 4 / drivers.len().max(1));
    for (d, b) in drivers.iter().zip(bases.iter_mut()) {
        if matches!(d, Driver::Source(_)) {
            *b = share.max(MIN_SOURCE_BASE).min(*b);
        }
    }
}

/// The smallest base a random source's design run is given.
const MIN_SOURCE_BASE: usize = 512;

/// The design's sizes in words: the inputs' base (and the larger one of inputs the
/// `[shipment]` delivery does not read), and the random sources' when it differs.
fn describe_bases(drivers: &[Driver], bases: &[usize]) -> String {
    let range = |source: bool| {
        let of: Vec<usize> = drivers
            .iter()
            .zip(bases)
            .filter(|(d, _)| matches!(d, Driver::Source(_)) == source)
            .map(|(_, &b)| b)
            .collect();
        Some((*of.iter().min()?, *of.iter().max()?))
    };
    let (inputs, sources) = (range(false), range(true));
    let mut out = match inputs.or(sources) {
        Some((lo, hi)) if hi > lo => format!("base {lo} ({hi} for drivers the [shipment] delivery does not read, whose runs redo only the rest)"),
        Some((lo, _)) => format!("base {lo}"),
        None => return "base 0".to_string(),
    };
    if let (Some(i), Some((lo, hi))) = (inputs, sources) {
        if (lo, hi) != i {
            let span = if hi > lo {
                format!("{lo}-{hi}")
            } else {
                lo.to_string()
            };
            out.push_str(&format!(" for inputs, {span} for random sources"));
        }
    }
    out
}

/// A plain Monte Carlo run of `samples` draws.
fn plain<'a>(samples: usize, seed: u64) -> RunSpec<'a> {
    RunSpec {
        samples,
        seed,
        sampling: Sampling::Mc,
        overrides: IdVec::new(),
        reuse: None,
        resample: None,
    }
}

/// Rows `at .. at + n` of an output.
fn rows_of<'a>(draws: &'a Draws, output: Output, at: usize, n: usize) -> Column<'a> {
    match output {
        Output::Quantity(q) => Column::Numeric(&draws.columns[q][at..at + n]),
        Output::Claim(c) => Column::Flags(&draws.claims[c][at..at + n]),
    }
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

#[cfg(test)]
mod tests {
    use super::design_bases;

    #[test]
    fn design_bases_fit_the_budget_in_whole_chunks() {
        // Three-input model: 10^7 draws, three full inputs: 20,000 rounded up to 3 chunks.
        assert_eq!(
            design_bases(20_000, 10_000_000, &[false; 3], 8_192),
            Some(vec![24_576; 3])
        );
        // Per-container model: two full inputs share 2,500 draws (1,024 each, whole chunks of
        // 256); the three dud rates get up to half the run.
        let b = design_bases(20_000, 10_000, &[false, false, true, true, true], 256).unwrap();
        assert_eq!(b, vec![1_024, 1_024, 4_864, 4_864, 4_864]);
        assert!(b[0] * 2 <= 10_000 / 4 && b[2] * 2 <= 10_000);
        // Fewer than two chunks, or no design asked for: none.
        assert_eq!(design_bases(20_000, 10_000, &[false], 8_192), None);
        assert_eq!(design_bases(0, 10_000_000, &[false], 8_192), None);
    }
}
