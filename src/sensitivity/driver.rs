//! Every sensitivity measure for every (input, output) pair of a run, in one call.
//!
//! Each input is ranked, binned and banded once, then measured against every output; each
//! output is ranked once, and an output equal to an earlier one bit for bit (the total of a
//! shipment's one cargo type, say) takes that one's measures. With equal weights the ranking
//! also keeps each column's order by value, from which the swing reads its bands already sorted ([`super::ordered`]). With
//! importance weights (after evidence) every measure is its weighted form (see each
//! measure's module); every index is judged resolved or not ([`Index::judge`]). Work is
//! spread over rayon's pool: the outputs are ranked in parallel, then the inputs, each
//! measured against its outputs in parallel; every number is computed by one thread in a
//! fixed order, so the result is the same bit for bit on any number of threads. Memory: the
//! ranks, order and positions of all outputs (16 bytes per draw each) plus, per input being
//! measured, its ranks, order, bins and bands (about 15 bytes per draw).

use std::borrow::Cow;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bins::Bins;
use super::ordered::{positions, sorts_uniquely};
use super::rank::Ranks;
use super::resolve::{Index, OutputState};
use super::swing::{Swing, SwingBands};
use super::voi::{self, Voi};
use super::{sobol, Estimate, Weights};

/// One output column: a numeric quantity or a claim's per-draw flags.
#[derive(Debug, Clone, Copy)]
pub enum Column<'a> {
    /// A quantity's draws (e.g. shells shipped).
    Numeric(&'a [f64]),
    /// A claim's draws: non-zero where the claim holds.
    Flags(&'a [u8]),
}

/// The sensitivity of one output (a quantity or a claim) to one input: the one type every
/// result, file and chart uses (`summary.json` → `sensitivity` → … → `inputs` → input is this
/// struct).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sensitivity {
    /// Spearman's rank correlation, in [−1, 1]: +1 if the output always rises with the input,
    /// −1 if it always falls, near 0 if there is no monotone relation (the input may still
    /// matter non-monotonically: see `sobol_first`). Dimensionless.
    pub spearman: f64,
    /// First-order Sobol index from given data: the share of the output's variance (for a
    /// claim, of p(1 − p)) that knowing this input exactly would remove, with its standard
    /// error and whether it is resolved. Bias-corrected, so noise can take the estimate
    /// slightly outside [0, 1]. Dimensionless.
    pub sobol_first: Index,
    /// Total-order Sobol index (Jansen estimator on a Saltelli design): the share of variance
    /// involving this input, alone or with others, with its standard error and status. `null`
    /// when the design was skipped or the model could not be run on it.
    pub sobol_total: Option<Index>,
    /// Change in the output's median (for a claim: in its probability, in [−1, 1]) when the
    /// input goes from about its p10 to its p90, with its standard error and whether it is a
    /// finding (`within_noise` when its 95% interval holds 0); in the output's unit, positive
    /// when the output rises with the input.
    pub swing: Swing,
}

impl Sensitivity {
    /// The first-order index with its standard error.
    pub fn first_order(&self) -> Estimate {
        self.sobol_first.estimate()
    }

    /// The total-order index with its standard error, when it was estimated.
    pub fn total_order(&self) -> Option<Estimate> {
        self.sobol_total.map(|t| t.estimate())
    }

    /// Sets the total-order index.
    pub fn with_total(self, t: Option<Index>) -> Sensitivity {
        Sensitivity {
            sobol_total: t,
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
    /// Whether the input is constant over the draws.
    pub input_constant: bool,
    /// What the draws say about the output as a whole (constant, a claim's events).
    pub output: OutputState,
}

/// Sensitivity of every output to every input, each draw weighted by `weights`:
/// `result[k][j]` is output `k` against input `j`, both in the order given (positions, not
/// names: two columns never share a slot).
///
/// All columns should hold the same n draws; a column of another length, n below
/// [`MIN_DRAWS`](super::MIN_DRAWS), or a constant column gives zeros for the pairs it is in
/// (see the [module docs](super) on degenerate input), and importance weights must hold one
/// weight per draw. Cost: a bucket or radix sort per input and per output for ranking
/// (O(n log n) with importance weights), then O(n) per pair.
pub fn analyse(
    inputs: &[&[f64]],
    outputs: &[Column<'_>],
    weights: Weights<'_>,
) -> Vec<Vec<Measured>> {
    // An output equal to an earlier one draw for draw, bit for bit (a total that is the one
    // cargo type's total, say), gets that one's measures: every measure is a function of the
    // column alone, so they are the same numbers.
    // Each output's place among the distinct outputs (its first twin's place).
    let mut unique: Vec<Column<'_>> = Vec::new();
    let mut place: Vec<usize> = Vec::with_capacity(outputs.len());
    for (k, &first) in twin_slots(outputs).iter().enumerate() {
        if first == k {
            place.push(unique.len());
            unique.push(outputs[k]);
        } else {
            place.push(place[first]);
        }
    }
    let prepared: Vec<Prepared> = unique
        .par_iter()
        .map(|o| Prepared::new(*o, weights))
        .collect();
    let by_input: Vec<Vec<Measured>> = inputs
        .par_iter()
        .map(|x| measure_input(x, &prepared, weights))
        .collect();
    place
        .iter()
        .map(|&p| by_input.iter().map(|s| s[p]).collect())
        .collect()
}

/// For each output, the first output equal to it (itself when none before it is): the same
/// kind, length and bits. Columns are first told apart by 64 evenly spaced draws, so a run
/// with no twins compares little more than that.
fn twin_slots(outputs: &[Column<'_>]) -> Vec<usize> {
    fn bits(c: &Column<'_>, i: usize) -> u64 {
        match c {
            Column::Numeric(y) => y[i].to_bits(),
            Column::Flags(f) => u64::from(f[i]),
        }
    }
    fn len(c: &Column<'_>) -> usize {
        match c {
            Column::Numeric(y) => y.len(),
            Column::Flags(f) => f.len(),
        }
    }
    let same_kind = |a: &Column<'_>, b: &Column<'_>| {
        matches!(
            (a, b),
            (Column::Numeric(_), Column::Numeric(_)) | (Column::Flags(_), Column::Flags(_))
        )
    };
    let equal = |a: &Column<'_>, b: &Column<'_>| {
        let n = len(a);
        same_kind(a, b)
            && n == len(b)
            && (0..64).all(|k| n == 0 || bits(a, k * n / 64) == bits(b, k * n / 64))
            && match (a, b) {
                (Column::Numeric(x), Column::Numeric(y)) => {
                    x.iter().zip(*y).all(|(u, v)| u.to_bits() == v.to_bits())
                }
                (Column::Flags(x), Column::Flags(y)) => x == y,
                _ => false,
            }
    };
    let mut slot: Vec<usize> = Vec::with_capacity(outputs.len());
    for (k, o) in outputs.iter().enumerate() {
        let first = (0..k).find(|&e| slot[e] == e && equal(&outputs[e], o));
        slot.push(first.unwrap_or(k));
    }
    slot
}

/// An output ready for measuring: its values as f64 (flags as 0/1), ranks, flags if a claim,
/// and what the draws say about it as a whole.
struct Prepared<'a> {
    values: Cow<'a, [f64]>,
    ranks: Ranks,
    /// For a numeric output whose order by value is unique (equal weights, no NaN or −0.0):
    /// each draw's place in that order, so the swing reads its bands' values already sorted.
    position: Option<Vec<u32>>,
    flags: Option<&'a [u8]>,
    state: OutputState,
}

impl<'a> Prepared<'a> {
    fn new(output: Column<'a>, weights: Weights<'_>) -> Self {
        let (values, flags) = match output {
            Column::Numeric(y) => (Cow::Borrowed(y), None),
            Column::Flags(f) => (
                Cow::Owned(f.iter().map(|&b| f64::from(u8::from(b != 0))).collect()),
                Some(f),
            ),
        };
        let n = values.len();
        let usable = weights.fits(n);
        let state = if !usable || constant(&values, weights) {
            OutputState::Constant
        } else if flags.is_some() {
            let (mut held, mut total) = (0.0, 0.0);
            for (i, &v) in values.iter().enumerate() {
                let w = weights.at(i);
                held += w * v;
                total += w;
            }
            OutputState::claim(held / total, weights.ess(n))
        } else {
            OutputState::Varies
        };
        let ranks = Ranks::weighted(&values, if usable { weights } else { Weights::Equal });
        let position = match ranks.order() {
            Some(order) if flags.is_none() && sorts_uniquely(&values) => Some(positions(order)),
            _ => None,
        };
        Prepared {
            values,
            ranks,
            position,
            flags,
            state,
        }
    }
}

/// Whether `x` takes one value on every draw of positive weight (or has none): what
/// [`Measured::input_constant`] says of an input.
pub fn constant(x: &[f64], weights: Weights<'_>) -> bool {
    let mut seen = x
        .iter()
        .enumerate()
        .filter(|&(i, _)| weights.at(i) > 0.0)
        .map(|(_, &v)| v);
    match seen.next() {
        None => true,
        Some(first) => seen.all(|v| v == first || (v.is_nan() && first.is_nan())),
    }
}

/// One input ready for measuring: its ranks, bins and swing bands.
struct Input {
    n: usize,
    ranks: Ranks,
    bins: Option<Bins>,
    bands: Option<SwingBands>,
    constant: bool,
}

impl Input {
    fn new(x: &[f64], weights: Weights<'_>) -> Self {
        let ranks = Ranks::weighted(x, weights);
        let bands = match ranks.order() {
            Some(order) if weights == Weights::Equal && sorts_uniquely(x) => {
                SwingBands::from_order(x, order)
            }
            _ => SwingBands::new(x, weights),
        };
        Input {
            n: x.len(),
            bins: Bins::new(&ranks, weights),
            bands,
            constant: constant(x, weights),
            ranks,
        }
    }

    /// Every measure of this input against one prepared output.
    fn measure(&self, o: &Prepared<'_>, weights: Weights<'_>) -> Measured {
        let same_len = o.values.len() == self.n;
        let input_constant = self.constant;
        let first = match &self.bins {
            Some(b) if same_len && o.flags.is_some() && weights == Weights::Equal => {
                sobol::from_flag_bins(b, &o.values)
            }
            Some(b) if same_len => sobol::from_bins(b, &o.values, weights),
            _ => Estimate::ZERO,
        };
        let (swing, band_draws) = match (&self.bands, o.flags) {
            (Some(b), Some(f)) => (b.swing_flags(f), b.band_draws()),
            (Some(b), None) => match (o.ranks.order(), &o.position) {
                (Some(order), Some(at)) => (b.swing_ordered(&o.values, order, at), b.band_draws()),
                _ => (b.swing(&o.values), b.band_draws()),
            },
            (None, _) => (Estimate::ZERO, 0.0),
        };
        let voi = o.flags.map(|f| match &self.bins {
            Some(b) if same_len => voi::from_bins(b, f, weights),
            _ => Voi::ZERO,
        });
        let spearman = if same_len {
            self.ranks.spearman(&o.ranks, weights)
        } else {
            0.0
        };
        Measured {
            sensitivity: Sensitivity {
                spearman,
                sobol_first: Index::judge(first, o.state, input_constant),
                sobol_total: None,
                swing: Swing::judge(swing, band_draws, o.state, input_constant),
            },
            voi,
            input_constant,
            output: o.state,
        }
    }
}

/// Every measure of one input against every prepared output, in output order (the outputs
/// spread over rayon's pool; each pair is measured by one thread).
fn measure_input(x: &[f64], outputs: &[Prepared<'_>], weights: Weights<'_>) -> Vec<Measured> {
    let weights = if weights.fits(x.len()) {
        weights
    } else {
        Weights::Equal
    };
    let input = Input::new(x, weights);
    outputs
        .par_iter()
        .map(|o| input.measure(o, weights))
        .collect()
}
