//! Summary statistics of sample columns: a self-contained library (it imports nothing else of
//! the crate).
//!
//! - [`select`]: exact order statistics without a full sort (bucket selection);
//! - [`quantile`]: R-7 sample quantiles (Hyndman & Fan 1996), numpy's default;
//! - [`moments`]: mean / variance / min / max of a slice (Chan, Golub & LeVeque);
//! - [`summary`]: everything reported for one column, plus histogram and exceedance curve
//!   ([`Histogram`], [`QuantityCurves`]);
//! - [`claims`]: probabilities of claims and their Monte Carlo standard errors;
//! - `rank`: [`average_ranks`], the one rank function (ties share their mean rank), and its
//!   weighted form [`weighted_midranks`];
//! - [`weighted`]: weighted quantiles (the weighted midpoint rule; R-7 for equal weights).

mod bins;
mod bucket;
mod claims;
mod curves;
mod moments;
mod quantile;
mod rank;
mod select;
mod summary;
mod weighted;

pub use claims::{proportion, zero_event_bound};
pub use curves::{Histogram, QuantityCurves};
pub use quantile::{quantiles_r7, SUMMARY_PROBS};
pub use rank::{average_ranks, weighted_midranks};
pub use summary::{summarize, summarize_with_curves, ColumnStats};
pub use weighted::{ess, weighted_quantiles};
