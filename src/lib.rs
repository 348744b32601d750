//! shellcount: Monte Carlo testing of public claims about munitions shipments.
//!
//! A run flows through stages you can see in the folder tree:
//!
//! ```text
//! scenario (parse + validate) → expr (language) → engine (seeded chunks of draws)
//!     → stats (summaries) → analysis (results) → output (terminal, JSON, CSV, report, charts)
//! ```
//!
//! Data flows one way: `stats` never imports `output`; charts and exporters read only
//! [`results`] structs (and, for the CSV of draws, the engine's columns).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// `if !(x > 0.0)` is deliberate: it rejects NaN as well as out-of-range values (as rand_distr does).
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// Scenario diagnostics carry a source excerpt; they are built once per error, off the hot path.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod catalogue;
pub mod cli;
pub mod cmd;
pub mod correlation;
pub mod dist;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod expr;
pub mod output;
pub mod results;
pub mod scenario;
pub mod sensitivity;
pub mod shipment;
pub mod stats;
