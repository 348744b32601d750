//! Sensitivity and value of information in the results, with the basis they were computed on,
//! which indices are findings, and the one order of the inputs every output uses.
//!
//! Rows are kept by typed id: a claim's rows and a quantity's rows live in different tables,
//! so a claim whose id equals a quantity's name can never take its place.
//!
//! # The order of the inputs
//! Every output (terminal, summary.json, report, tornado) lists an output's inputs in one order,
//! [`OutputSensitivity::order`]: by the total index when it is resolved and on the same basis
//! as the rest of the row, else by the first-order index (a lower bound of the total) when that
//! is resolved; inputs with neither resolved come next, constant inputs last (ties keep the
//! input order). With evidence the total indices are before the evidence and everything else
//! after it, so the order is by the first-order index after the evidence.
//!
//! # What single inputs leave unexplained
//! [`OutputSensitivity::unexplained`] is 1 − Σ S1 over the drivers (inputs and random
//! sources), with standard error √(Σ se²) (the first-order estimates treated as independent):
//! the share of the output's variance that no driver explains on its own, i.e. interactions and
//! randomness that belongs to no driver (the `[shipment]` simulation). With dependent inputs (correlation, or after
//! evidence) first-order indices overlap and the sum can pass 1; the value is then flagged
//! `out_of_range`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::sensitivity::{Estimate, Index, OutputState, Sensitivity, Status, Swing, Voi};

use crate::model::{ClaimId, IdVec, QuantityId, RandomSource, SourceId};
use crate::sensitivity::range_status;

/// Which draws a number was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The scenario has no evidence: the draws are the only basis there is.
    NoEvidence,
    /// The forward draws, before the evidence was applied (unweighted).
    BeforeEvidence,
    /// The draws weighted by the evidence.
    AfterEvidence,
}

impl Basis {
    /// The words every output prints next to a number of this basis (`None`: nothing to say).
    pub fn words(self) -> Option<&'static str> {
        match self {
            Basis::NoEvidence => None,
            Basis::BeforeEvidence => Some("before evidence"),
            Basis::AfterEvidence => Some("after evidence"),
        }
    }
}

/// What an index is attributed to: a *driver* of the outputs. Every output names a driver
/// through [`crate::results::RunResult::driver_name`] and finds its source through
/// [`crate::results::RunResult::driver_source`], never by looking at names.
///
/// The drivers are the `[inputs]` entries and the random sources written in `[model]` (a
/// distribution inside a formula, a mixture's choice, a binomial draw: see
/// [`crate::model::sources`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Driver {
    /// An `[inputs]` entry.
    Input(QuantityId),
    /// A random source of `[model]`.
    Source(SourceId),
}

impl Driver {
    /// Which kind of driver it is.
    pub fn kind(self) -> DriverKind {
        match self {
            Driver::Input(_) => DriverKind::Input,
            Driver::Source(_) => DriverKind::Source,
        }
    }
}

/// What a driver is, as `summary.json` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DriverKind {
    /// An `[inputs]` entry.
    Input,
    /// A random source written in `[model]` (a distribution call in a formula, a mixture, a
    /// `sum_of`), named after its quantity.
    Source,
}

/// Which index a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// The total-order Sobol index (ST).
    Total,
    /// The first-order Sobol index (S1).
    FirstOrder,
}

impl IndexKind {
    /// The short label printed before the number: `"ST"` or `"S1"`.
    pub fn label(self) -> &'static str {
        match self {
            IndexKind::Total => "ST",
            IndexKind::FirstOrder => "S1",
        }
    }
}

/// How sensitivity was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivityMethod {
    /// Draws of the run used for Spearman, given-data first-order indices, swing and value of
    /// information (the first draws of the run).
    pub given_data_draws: u64,
    /// What those draws are worth after the evidence (Kish effective sample size of their
    /// weights); equal to `given_data_draws` without evidence.
    pub given_data_effective_draws: f64,
    /// Base sample size of the Saltelli/Jansen design used for total-order indices (the model
    /// is evaluated `(inputs + 2) ×` this many times); 0 when the design was skipped.
    pub saltelli_base: u64,
    /// One-line description with references.
    pub description: String,
}

/// The sensitivity of one output to every input.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSensitivity {
    /// Whether the output allows indices at all: `resolved`, `constant_output` (a claim that
    /// never or always held) or `too_few_events`.
    pub status: Status,
    /// For a claim: its (effective) draws on the rarer side, min(p, 1 − p) × draws.
    pub events: Option<f64>,
    /// One entry per input, in the order of [`SensitivityResult::inputs`].
    pub inputs: Vec<Sensitivity>,
    /// Positions into `inputs`, most important first (see the module docs).
    pub order: Vec<usize>,
    /// 1 − Σ S1: the share of variance no input explains alone (see the module docs).
    pub unexplained: Index,
}

impl OutputSensitivity {
    /// The row of an output in `state` with `inputs` (one entry per input); `totals` says
    /// whether the total indices are on the same basis as the first-order ones (no evidence).
    pub fn new(state: OutputState, inputs: Vec<Sensitivity>, totals: bool) -> OutputSensitivity {
        let status = state.status();
        let sum = inputs.iter().fold(Estimate::ZERO, |acc, e| Estimate {
            value: acc.value + e.sobol_first.value,
            se: (acc.se * acc.se + e.sobol_first.se * e.sobol_first.se).sqrt(),
        });
        let left = Estimate {
            value: 1.0 - sum.value,
            se: sum.se,
        };
        let unexplained = Index {
            value: left.value,
            se: left.se,
            status: if status.is_resolved() {
                range_status(left)
            } else {
                status
            },
        };
        let events = match state {
            OutputState::Events(e) => Some(e),
            _ => None,
        };
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        let rank = |e: &Sensitivity| -> (u8, f64) {
            if e.sobol_first.status == Status::ConstantInput {
                return (2, 0.0);
            }
            match key(e, totals) {
                Some((_, v)) => (0, -v),
                None => (1, 0.0),
            }
        };
        order.sort_by(|&a, &b| {
            let (ka, kb) = (rank(&inputs[a]), rank(&inputs[b]));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
        OutputSensitivity {
            status,
            events,
            inputs,
            order,
            unexplained,
        }
    }
}

/// The index an input is ranked by: its resolved total index when `totals` (on the row's
/// basis), else its resolved first-order index; `None` when neither is resolved.
pub fn key(e: &Sensitivity, totals: bool) -> Option<(IndexKind, f64)> {
    let total = e
        .sobol_total
        .filter(|_| totals)
        .and_then(|t| t.resolved())
        .map(|v| (IndexKind::Total, v));
    total.or_else(|| e.sobol_first.resolved().map(|v| (IndexKind::FirstOrder, v)))
}

/// Which input moves each output, and what learning each input would do to each claim.
#[derive(Debug, Clone)]
pub struct SensitivityResult {
    /// The draws Spearman, first-order indices, swing and value of information come from.
    pub basis: Basis,
    /// The draws the total-order indices come from (`None` when the design was skipped):
    /// before the evidence when there is evidence, since the posterior makes inputs dependent
    /// and the Saltelli design samples them independently.
    pub total_basis: Option<Basis>,
    /// Sizes and references.
    pub method: SensitivityMethod,
    /// The drivers, in order (inputs, then random sources): every row below has one entry per
    /// driver, in this order.
    pub inputs: Vec<Driver>,
    /// The random sources of `[model]`, by id (what [`Driver::Source`] points at).
    pub sources: IdVec<SourceId, RandomSource>,
    /// Rows of the model quantities (`None` for inputs).
    pub quantities: IdVec<QuantityId, Option<OutputSensitivity>>,
    /// Rows of the claims (whether each holds, as 0/1).
    pub claims: IdVec<ClaimId, OutputSensitivity>,
    /// Value of information of each input for each claim, in input order.
    pub voi: IdVec<ClaimId, Vec<Voi>>,
}

impl SensitivityResult {
    /// Whether total indices are on the same basis as the rest (they then order the inputs).
    pub fn totals_on_basis(&self) -> bool {
        self.total_basis == Some(self.basis)
    }

    /// (input, entry) pairs of a row of per-input values, in input order.
    pub fn row<'a, T>(&'a self, row: &'a [T]) -> impl Iterator<Item = (Driver, &'a T)> + 'a {
        self.inputs.iter().copied().zip(row)
    }

    /// Every input of an output with its entry, most important first (the one order).
    pub fn ranked<'a>(
        &'a self,
        out: &'a OutputSensitivity,
    ) -> impl Iterator<Item = (Driver, &'a Sensitivity)> + 'a {
        out.order.iter().map(|&j| (self.inputs[j], &out.inputs[j]))
    }

    /// The inputs of an output that vary, most important first: what "what moves" lists show.
    pub fn listed<'a>(
        &'a self,
        out: &'a OutputSensitivity,
    ) -> impl Iterator<Item = (Driver, &'a Sensitivity)> + 'a {
        self.ranked(out)
            .filter(|(_, e)| e.sobol_first.status != Status::ConstantInput)
    }

    /// The inputs of an output that do not vary, in input order.
    pub fn constant_inputs(&self, out: &OutputSensitivity) -> Vec<Driver> {
        self.row(&out.inputs)
            .filter(|(_, e)| e.sobol_first.status == Status::ConstantInput)
            .map(|(q, _)| q)
            .collect()
    }

    /// The index an entry is ranked by (see [`key`]).
    pub fn key(&self, e: &Sensitivity) -> Option<(IndexKind, f64)> {
        key(e, self.totals_on_basis())
    }

    /// The ranking index of an entry (see [`key`]) when it is a finding that the input moves
    /// the output: resolved, and above 0 by more than its error (value − 1.96 se > 0). An input
    /// whose resolved index is within its error of 0 is not named as moving anything.
    pub fn moves(&self, e: &Sensitivity) -> Option<(IndexKind, f64)> {
        let (kind, v) = self.key(e)?;
        let index = match kind {
            IndexKind::Total => e.sobol_total?,
            IndexKind::FirstOrder => e.sobol_first,
        };
        (index.value - crate::sensitivity::Z * index.se > 0.0).then_some((kind, v))
    }

    /// The most important input of an output that detectably moves it ([`Self::moves`]), with
    /// its ranking index.
    pub fn top(&self, out: &OutputSensitivity) -> Option<(Driver, IndexKind, f64)> {
        self.listed(out)
            .find_map(|(d, e)| self.moves(e).map(|(kind, v)| (d, kind, v)))
    }

    /// The basis of a number of this kind.
    pub fn basis_of(&self, kind: IndexKind) -> Basis {
        match kind {
            IndexKind::Total => self.total_basis.unwrap_or(self.basis),
            IndexKind::FirstOrder => self.basis,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(s1: f64, st: Option<f64>, status: Status) -> Sensitivity {
        let index = |v: f64| Index {
            value: v,
            se: 0.01,
            status,
        };
        Sensitivity {
            spearman: 0.0,
            sobol_first: index(s1),
            sobol_total: st.map(index),
            swing: Swing {
                value: 0.0,
                se: 0.0,
                status: Status::WithinNoise,
            },
        }
    }

    #[test]
    fn inputs_are_ordered_by_total_then_first_order_constants_last() {
        let mut uncertain = entry(0.3, Some(0.9), Status::TooUncertain);
        uncertain.sobol_first.status = Status::Resolved;
        let row = vec![
            entry(0.0, Some(0.0), Status::ConstantInput),
            entry(0.1, Some(0.2), Status::Resolved),
            uncertain,
            entry(0.5, Some(0.7), Status::TooUncertain),
            entry(0.05, Some(0.6), Status::Resolved),
        ];
        let out = OutputSensitivity::new(OutputState::Varies, row.clone(), true);
        // Totals: 0.6 (4), 0.2 (1); then S1 0.3 (2); then nothing resolved (3); constant (0).
        assert_eq!(out.order, [4, 2, 1, 3, 0]);
        // Without totals on the basis: by first order.
        let out = OutputSensitivity::new(OutputState::Varies, row, false);
        assert_eq!(out.order, [2, 1, 4, 3, 0]);
        assert!((out.unexplained.value - (1.0 - 0.95)).abs() < 1e-12);
        assert!((out.unexplained.se - (5.0f64).sqrt() * 0.01).abs() < 1e-12);
        assert_eq!(out.unexplained.status, Status::Resolved);
    }

    #[test]
    fn a_constant_claim_has_no_resolved_row() {
        let out = OutputSensitivity::new(
            OutputState::Constant,
            vec![entry(0.0, None, Status::ConstantOutput)],
            true,
        );
        assert_eq!(out.status, Status::ConstantOutput);
        assert_eq!(out.unexplained.status, Status::ConstantOutput);
        let rare = OutputSensitivity::new(OutputState::claim(0.001, 50_000.0), vec![], true);
        assert_eq!(
            (rare.status, rare.events),
            (Status::TooFewEvents, Some(50.0))
        );
    }
}
