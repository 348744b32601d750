//! Summary statistics of sample columns: a self-contained library (it imports nothing else of
//! the crate).
//!
//! - [`select`]: exact order statistics without a full sort (bucket selection);
//! - [`quantile`]: R-7 sample quantiles (Hyndman & Fan 1996), numpy's default;
//! - [`moments`]: mergeable mean / variance / min / max (Chan, Golub & LeVeque);
//! - [`summary`]: everything reported for one column, plus histogram and exceedance curve
//!   ([`Histogram`], [`QuantityCurves`]);
//! - [`claims`]: probabilities of claims and their Monte Carlo standard errors.

mod bins;
mod bucket;
pub mod claims;
mod curves;
pub mod moments;
pub mod quantile;
pub mod select;
pub mod summary;

pub use claims::proportion;
pub use curves::{Histogram, QuantityCurves};
pub use moments::Moments;
pub use quantile::{quantiles_r7, SUMMARY_PROBS};
pub use summary::{curves, summarize, summarize_with_curves, ColumnStats};
