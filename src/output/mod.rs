//! Everything a run writes or prints.
pub mod charts;
pub mod format;
