//! How a streamed run is analysed besides its draws: the gather budget, the curves, the
//! callbacks of its passes and what else reads every batch once (`samples.csv`).

use super::super::{AnalysisError, Curves};
use crate::engine::stream::Chunk;

/// What else reads every batch once, in chunk (draw) order, with each chunk's final normalised
/// weights when the scenario has evidence: in pass 1 without evidence, else in the pass that
/// rebuilds the final weights (the evidence's fifth); an error stops the run.
pub type Rows<'a> = &'a mut dyn FnMut(&[Chunk], Option<&[Vec<f64>]>) -> Result<(), AnalysisError>;

/// The options of [`super::analyse_streaming_with`].
pub struct Streaming<'a> {
    /// Most values the order-statistics selection keeps at once.
    pub gather: u64,
    /// Which quantities get a histogram and an exceedance curve.
    pub curves: Curves,
    /// Called as pass k ≥ 1 starts.
    pub pass: &'a dyn Fn(u32),
    /// Called with the draws of each chunk drawn.
    pub progress: &'a (dyn Fn(u64) + Sync),
    /// Reads every batch once after the analysis has (see [`Rows`]), e.g. to write
    /// `samples.csv`.
    pub rows: Option<Rows<'a>>,
}
