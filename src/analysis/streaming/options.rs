//! How a streamed run is analysed besides its draws: the gather budget, the curves, the
//! callbacks of its passes and what else reads pass 1's batches (`samples.csv`).

use super::super::{AnalysisError, Curves};
use crate::engine::stream::Chunk;

/// What else reads the batches of pass 1, in chunk (draw) order; an error stops the run.
pub type FirstPass<'a> = &'a mut dyn FnMut(&[Chunk]) -> Result<(), AnalysisError>;

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
    /// Reads every batch of pass 1 after the analysis has, e.g. to write `samples.csv`.
    pub first_pass: Option<FirstPass<'a>>,
}
