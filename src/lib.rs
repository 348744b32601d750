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

pub mod analysis;
pub mod catalogue;
pub mod cli;
pub mod cmd;
pub mod dist;
pub mod engine;
pub mod error;
pub mod expr;
pub mod output;
pub mod results;
pub mod scenario;
pub mod shipment;
pub mod stats;
