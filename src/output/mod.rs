//! Everything a run writes or prints. (Being written.)
pub mod charts;
