//! shellcount: Monte Carlo testing of public claims about munitions shipments.
//!
//! A run flows through stages you can see in the folder tree:
//!
//! ```text
//! scenario (parse + validate, assembles the model) → model (what to compute)
//!     → engine (seeded chunks of draws) → analysis (results) → output (terminal, JSON, CSV,
//!     report, charts)
//! ```
//!
//! `expr` compiles expression text *to* the [`model`]; [`engine`] evaluates the model; neither
//! imports the other. [`analysis`] turns the draws into one typed [`results::RunResult`]; every
//! output (terminal, `summary.json`, report, charts, CSV) is a projection of it behind the
//! [`output::Exporter`] trait (the CSV of draws also reads the engine's columns).
//!
//! ## Layers
//!
//! A module imports only modules on lower layers; modules on the same layer never import each
//! other. `tests/it/layers.rs` reads this table and checks every `crate::` path under `src/`.
//!
//! ```text
//! layer  modules (bottom → top)                      what
//!  0     test_stats                                  (tests only) seeded streams, moments, KS
//!  1     dist, stats, text                           distributions; column statistics; user text
//!  2     correlation, sensitivity, evidence, shipment  copula; sensitivity; evidence weights; kernels
//!  3     model                                       compiled program, typed ids, ops, capacity
//!  4     expr, engine                                text → model; model → draws
//!  5     catalogue                                   sourced container and munition data
//!  6     scenario                                    files → validated Scenario (assembles the model)
//!  7     results                                     the results schema (summary.json)
//!  8     analysis                                    draws → results
//!  9     whatif                                      sweeps, break-even, solve, comparisons
//! 10     output                                      terminal, summary.json, report, charts, CSV
//! 11     cli, error                                  clap definitions; application errors
//! 12     cmd                                         one file per subcommand
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// `if !(x > 0.0)` is deliberate: it rejects NaN as well as out-of-range values (as rand_distr does).
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// Scenario diagnostics carry a source excerpt; they are built once per error, off the hot path.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub(crate) mod catalogue;
pub mod cli;
pub mod cmd;
pub(crate) mod correlation;
pub mod dist;
pub mod engine;
pub mod error;
pub(crate) mod evidence;
pub(crate) mod expr;
pub mod model;
pub mod output;
pub mod results;
pub mod scenario;
pub(crate) mod sensitivity;
pub(crate) mod shipment;
pub(crate) mod stats;
#[cfg(test)]
mod test_stats;
pub(crate) mod text;
pub mod whatif;
