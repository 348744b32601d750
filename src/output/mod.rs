//! Everything a run writes or prints: terminal table, summary.json, report.md, charts, CSV.
//!
//! Outputs read only the [`crate::results`] structs (and the draws, for the CSV); [`write`] is
//! the one place that decides output paths.

pub mod charts;
#[cfg(test)]
mod fixtures;
pub mod format;
pub mod report;
pub mod samples_csv;
pub mod terminal;
pub mod verdict;
pub mod write;
