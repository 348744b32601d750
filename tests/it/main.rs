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
//! sensitivity*       the sensitivity measures against models with known answers
//! correlation        the Gaussian copula
//! evidence           importance weighting by evidence
//! shipment           the per-container shipment kernels
//! charts*            charts rendered from hand-built results
//! robustness         arbitrary text never panics
//! layers             modules import only lower layers (the table in src/lib.rs)
//! ```
//!
//! Run one module with `cargo test --test it <module>::`.

mod analysis;
mod charts;
mod charts_extras;
mod cli;
mod cli_errors;
mod correlation;
mod density;
mod evidence;
mod layers;
mod robustness;
mod sensitivity;
mod sensitivity_measures;
mod shipment;
mod shipment_cli;
mod statistical;
mod statistical_dist;
mod support;
