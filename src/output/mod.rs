//! Everything a run writes or prints.
pub mod charts;
pub mod format;
pub mod report;
pub mod samples_csv;
pub mod terminal;
pub mod verdict;
