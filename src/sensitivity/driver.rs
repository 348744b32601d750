//! Every sensitivity measure for every (input, output) pair of a run, in one call.
//!
//! Each input is ranked, binned and banded once, then measured against every output; each
//! output is ranked once. Work is spread over rayon's pool one input at a time, and every
//! number is computed by one thread in a fixed order, so the result is the same bit for bit
//! on any number of threads. Memory: the ranks of all outputs (8 bytes per draw each) plus,
//! per busy thread, one input's ranks, bins and bands (about 11 bytes per draw).

use std::borrow::Cow;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bins::Bins;
use super::rank::{pearson, Ranks};
use super::swing::SwingBands;
use super::voi::{self, Voi};
use super::{sobol, Estimate};

/// One output column: a numeric quantity or a claim's per-draw flags.
#[derive(Debug, Clone, Copy)]
pub enum Column<'a> {
    /// A quantity's draws (e.g. shells shipped).
    Numeric(&'a [f64]),
    /// A claim's draws: non-zero where the claim holds.
    Flags(&'a [u8]),
}

/// The sensitivity of one output (a quantity or a claim) to one input: the one type every
/// result, file and chart uses (`summary.json` → `sensitivity` → … → input is this struct).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sensitivity {
    /// Spearman's rank correlation, in [−1, 1]: +1 if the output always rises with the input,
    /// −1 if it always falls, near 0 if there is no monotone relation (the input may still
    /// matter non-monotonically: see `sobol_first`). Dimensionless.
    pub spearman: f64,
    /// First-order Sobol index from given data: the share of the output's variance (for a
    /// claim, of p(1 − p)) that knowing this input exactly would remove. Nominally in [0, 1];
    /// bias-corrected, so noise can take it slightly below 0. Dimensionless.
    pub sobol_first: f64,
    /// Standard error of `sobol_first` (≥ 0); values within 2 se of 0 show no detectable effect.
    pub sobol_first_se: f64,
    /// Total-order Sobol index (Jansen estimator on a Saltelli design): the share of variance
    /// involving this input, alone or with others. `null` when the design was skipped or the
    /// model could not be run on it.
    pub sobol_total: Option<f64>,
    /// Standard error of `sobol_total`.
    pub sobol_total_se: Option<f64>,
    /// Change in the output's median (for a claim: in its probability, in [−1, 1]) when the
    /// input goes from about its p10 to its p90; in the output's unit, positive when the
    /// output rises with the input.
    pub swing: f64,
}

impl Sensitivity {
    /// The first-order index with its standard error.
    pub fn first_order(&self) -> Estimate {
        Estimate {
            value: self.sobol_first,
            se: self.sobol_first_se,
        }
    }

    /// The total-order index with its standard error, when it was estimated.
    pub fn total_order(&self) -> Option<Estimate> {
        Some(Estimate {
            value: self.sobol_total?,
            se: self.sobol_total_se.unwrap_or(f64::NAN),
        })
    }

    /// Sets the total-order index.
    pub fn with_total(self, t: Option<Estimate>) -> Sensitivity {
        Sensitivity {
            sobol_total: t.map(|t| t.value),
            sobol_total_se: t.map(|t| t.se),
            ..self
        }
    }
}

/// Every given-data measure of one (input, output) pair: its sensitivity (total index not yet
/// set) and, for a claim, the value of information.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// Spearman, first-order index, swing.
    pub sensitivity: Sensitivity,
    /// Value of information; `None` for numeric outputs.
    pub voi: Option<Voi>,
}

/// Sensitivity of every output to every input: `result[k][j]` is output `k` against input
/// `j`, both in the order given (positions, not names: two columns never share a slot).
///
/// All columns should hold the same n draws; a column of another length, n below
/// [`MIN_DRAWS`](super::MIN_DRAWS), or a constant column gives zeros for the pairs it is in
/// (see the [module docs](super) on degenerate input).
/// Cost: O(n log n) per input and per output for ranking, then O(n) per pair.
pub fn analyse(inputs: &[&[f64]], outputs: &[Column<'_>]) -> Vec<Vec<Measured>> {
    let prepared: Vec<Prepared> = outputs.par_iter().map(|o| Prepared::new(*o)).collect();
    let by_input: Vec<Vec<Measured>> = inputs
        .par_iter()
        .map(|x| measure_input(x, &prepared))
        .collect();
    (0..outputs.len())
        .map(|k| by_input.iter().map(|s| s[k]).collect())
        .collect()
}

/// An output ready for measuring: its values as f64 (flags as 0/1), ranks, and flags if a claim.
struct Prepared<'a> {
    values: Cow<'a, [f64]>,
    ranks: Ranks,
    flags: Option<&'a [u8]>,
}

impl<'a> Prepared<'a> {
    fn new(output: Column<'a>) -> Self {
        let (values, flags) = match output {
            Column::Numeric(y) => (Cow::Borrowed(y), None),
            Column::Flags(f) => (
                Cow::Owned(f.iter().map(|&b| f64::from(u8::from(b != 0))).collect()),
                Some(f),
            ),
        };
        let ranks = Ranks::new(&values);
        Prepared {
            values,
            ranks,
            flags,
        }
    }
}

/// Every measure of one input against every prepared output, in output order.
fn measure_input(x: &[f64], outputs: &[Prepared<'_>]) -> Vec<Measured> {
    let ranks = Ranks::new(x);
    let bins = Bins::new(&ranks);
    let bands = SwingBands::new(x);
    outputs
        .iter()
        .map(|o| {
            let n = x.len();
            let same_len = o.values.len() == n;
            let first = match &bins {
                Some(b) if same_len => sobol::from_bins(b, &o.values),
                _ => Estimate::ZERO,
            };
            let swing = match (&bands, o.flags) {
                (Some(b), Some(f)) => b.swing_flags(f),
                (Some(b), None) => b.swing(&o.values),
                (None, _) => 0.0,
            };
            let voi = o.flags.map(|f| match &bins {
                Some(b) if same_len => voi::from_bins(b, f),
                _ => Voi::ZERO,
            });
            Measured {
                sensitivity: Sensitivity {
                    spearman: pearson(ranks.as_slice(), o.ranks.as_slice()),
                    sobol_first: first.value,
                    sobol_first_se: first.se,
                    sobol_total: None,
                    sobol_total_se: None,
                    swing,
                },
                voi,
            }
        })
        .collect()
}
