//! Everything a run writes or prints: terminal table, summary.json, report.md, charts, CSV.
//!
//! Outputs read only the [`crate::results`] structs (and the draws, for the CSV); [`write`] is
//! the one place that decides output files, [`folder`] the one place that creates, replaces
//! and removes output folders (and never anything shellcount did not write).

pub mod charts;
#[cfg(test)]
mod fixtures;
pub mod folder;
pub(crate) mod format;
pub(crate) mod report;
pub(crate) mod samples_csv;
pub(crate) mod terminal;
pub(crate) mod verdict;
pub(crate) mod write;
