//! Every sensitivity measure for every (input, output) pair of a run, in one call.
//!
//! Each input is ranked, binned and banded once, then measured against every output; each
//! output is ranked once. Work is spread over rayon's pool one input at a time, and every
//! number is computed by one thread in a fixed order, so the result is the same bit for bit
//! on any number of threads. Memory: the ranks of all outputs (8 bytes per draw each) plus,
//! per busy thread, one input's ranks, bins and bands (about 11 bytes per draw).

use std::borrow::Cow;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use super::bins::Bins;
use super::rank::{pearson, Ranks};
use super::swing::SwingBands;
use super::voi::{self, Voi};
use super::{sobol, Estimate};

/// One output column: a numeric quantity or a claim's per-draw flags.
#[derive(Debug, Clone, Copy)]
pub enum Output<'a> {
    /// A quantity's draws (e.g. shells shipped).
    Numeric(&'a [f64]),
    /// A claim's draws: non-zero where the claim holds.
    Flags(&'a [u8]),
}

/// The sensitivity of one output to one input.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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
    /// Change in the output's median (for a claim: in its probability, in [−1, 1]) when the
    /// input goes from about its p10 to its p90; in the output's unit, positive when the
    /// output rises with the input.
    pub swing: f64,
    /// Value of information of the input for a claim; absent for numeric outputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voi: Option<Voi>,
}

/// Sensitivity of every output to every input, keyed by output name, then input name, both in
/// the order given.
///
/// All columns should hold the same n draws; a column of another length, n below
/// [`MIN_DRAWS`](super::MIN_DRAWS), or a constant column gives zeros for the pairs it is in
/// (see the [module docs](super) on degenerate input). A repeated name keeps the last column.
/// Cost: O(n log n) per input and per output for ranking, then O(n) per pair.
pub fn analyse(
    inputs: &[(&str, &[f64])],
    outputs: &[(&str, Output<'_>)],
) -> IndexMap<String, IndexMap<String, Sensitivity>> {
    let prepared: Vec<Prepared> = outputs.par_iter().map(|(_, o)| Prepared::new(*o)).collect();
    let by_input: Vec<Vec<Sensitivity>> = inputs
        .par_iter()
        .map(|(_, x)| measure_input(x, &prepared))
        .collect();
    let mut table = IndexMap::new();
    for (k, (out_name, _)) in outputs.iter().enumerate() {
        let row: IndexMap<String, Sensitivity> = inputs
            .iter()
            .zip(&by_input)
            .map(|((in_name, _), s)| (in_name.to_string(), s[k]))
            .collect();
        table.insert(out_name.to_string(), row);
    }
    table
}

/// An output ready for measuring: its values as f64 (flags as 0/1), ranks, and flags if a claim.
struct Prepared<'a> {
    values: Cow<'a, [f64]>,
    ranks: Ranks,
    flags: Option<&'a [u8]>,
}

impl<'a> Prepared<'a> {
    fn new(output: Output<'a>) -> Self {
        let (values, flags) = match output {
            Output::Numeric(y) => (Cow::Borrowed(y), None),
            Output::Flags(f) => (
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
fn measure_input(x: &[f64], outputs: &[Prepared<'_>]) -> Vec<Sensitivity> {
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
            Sensitivity {
                spearman: pearson(ranks.as_slice(), o.ranks.as_slice()),
                sobol_first: first.value,
                sobol_first_se: first.se,
                swing,
                voi,
            }
        })
        .collect()
}
