//! shellcount's integration tests, in one binary (one link, one run).
//!
//! ```text
//! support            shared helpers: the binary, temp files, scenarios, seeded streams, KS, moments
//! cli, cli_errors    the command line (assert_cmd, temp dirs): outputs, exit codes, messages
//! shipment_cli       [catalogue], capacity functions and [shipment], end to end
//! statistical        the engine against known results (4 Monte Carlo standard errors)
//! statistical_dist   every distribution family against its CDF (KS, means)
//! density            ln_pdf against the CDF
//! analysis           sensitivity, LHS, correlation and evidence as a run uses them
//! charts*            charts rendered from hand-built results
//! robustness         arbitrary text never panics
//! fuzz               generated scenarios and expressions: check and a tiny run never crash
//! limits             expression length and nesting limits; long chains; error excerpts
//! draw_errors        NaN/inf tests, counts beyond u64, negative loads, huge draws stop or work
//! work               per-container work refused before sampling; progress during long runs
//! layers             modules import only lower layers (the table in src/lib.rs)
//! ```
//!
//! Run one module with `cargo test --test it <module>::`. Statistical tests of crate-internal
//! libraries (the shipment kernels, sensitivity measures, copula, evidence weights) are unit
//! tests next to their code, sharing `src/test_stats.rs` with `support`.

mod analysis;
mod charts;
mod charts_extras;
mod cli;
mod cli_errors;
mod density;
mod draw_errors;
mod fuzz;
mod layers;
mod limits;
mod robustness;
mod shipment_cli;
mod statistical;
mod statistical_dist;
mod support;
mod work;
