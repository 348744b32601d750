//! Summary statistics of sample columns: a self-contained library (it imports nothing else of
//! the crate).
//!
//! - [`select`]: exact order statistics without a full sort (bucket selection);
//! - [`quantile`]: R-7 sample quantiles (Hyndman & Fan 1996), numpy's default;
//! - [`moments`]: mean / variance / min / max of a slice (Chan, Golub & LeVeque);
//! - [`summary`]: everything reported for one column, plus histogram and exceedance curve
//!   ([`Histogram`], [`QuantityCurves`]);
//! - `histogram`: bins over the middle 99% of the draws, log bins for wide spreads, whole-number
//!   bins for integers;
//! - [`claims`]: probabilities of claims and their Monte Carlo standard errors;
//! - `rank`: [`average_ranks`], the one rank function (ties share their mean rank), its bucket/radix
//!   form with the draws' order [`ranks_and_order`], and its weighted form [`weighted_midranks`];
//! - [`weighted`]: weighted quantiles (the weighted midpoint rule; R-7 for equal weights);
//! - `weighted_rule`: the exact sums of the weighted rule, shared with
//!   [`weighted_stream`], its streamed form;
//! - [`streaming`]: the same order statistics of a column fed in pieces over several passes
//!   (the streaming mode, `--low-memory`).

mod bins;
mod bucket;
mod claims;
mod curves;
mod histogram;
mod moments;
mod quantile;
mod rank;
mod select;
pub mod streaming;
mod summary;
mod weighted;
mod weighted_rule;
pub mod weighted_stream;

pub use claims::{proportion, proportion_of_count, zero_event_bound};
pub use curves::{Histogram, QuantityCurves};
pub use histogram::Tally;
pub use histogram::WeightedTally;
pub use histogram::{count as count_histogram, layout as histogram_layout, Spread};
pub use moments::{FirstPass, Moments, SecondPass};
pub use quantile::{quantiles_r7, r7_interpolate, r7_of_sorted, r7_position, SUMMARY_PROBS};
pub use rank::{average_ranks, ranks_and_order, weighted_midranks};
pub use select::OrderStat;
pub use summary::{
    finish_summary, summarize, summarize_with_curves, summary_ranks, ColumnStats, CurvesPlan,
};
pub use weighted::{ess, weighted_quantiles};
pub use weighted_rule::{units as weight_units, Exceedance};
