//! shellcount's integration tests, in one binary (one link, one run).
//!
//! ```text
//! support            shared helpers: the binary, temp files, scenarios, seeded streams, KS, moments
//! cli, cli_errors    the command line (assert_cmd, temp dirs): outputs, exit codes, messages
//! shipment_cli       [catalogue], capacity functions and [shipment], end to end
//! statistical        the engine against known results (4 Monte Carlo standard errors)
//! statistical_dist   every distribution family against its CDF (KS, means)
//! density            ln_pdf against the CDF
//! indexes            issue 13: indexes, reductions, sum_of and their outputs
//! guard              issue 11: every mistake in its "Why" gives a located error or a right result
//! analysis           sensitivity, LHS, correlation and evidence as a run uses them
//! design             the Saltelli design's reuse of the run's rows and of shipment delivery
//! lot_split          the [shipment] lot split on its own stream: multinomial, independent of loads
//! interpret          issue 10: what the tool says about its numbers holds (resolved indices,
//!                    value of information, Bayes factors, precision, verdicts, warnings)
//! bundled            every bundled scenario run at small N; snapshots of two (insta)
//! schema             summary.json's committed JSON Schema and typed round trips
//! regressions        one test per fixed bug, named for what it guards
//! sources            issue 10 item 1: random sources of [model] as sensitivity drivers
//! charts             charts rendered from the results of small runs; features from the model
//! charts_beside      charts drawn while the sensitivity analysis runs equal those drawn after it
//! output_folders     only folders shellcount wrote are replaced; --out checked before sampling
//! interrupts         SIGINT/SIGTERM/SIGKILL mid-write, stale cleanup, 40 parallel runs (Unix)
//! multi_file         every file of a multi-file run runs; memory preflight and its limits
//! robustness         arbitrary text never panics
//! fuzz               generated scenarios and expressions: check and a tiny run never crash
//! limits             expression length and nesting limits; long chains; error excerpts
//! draw_errors        NaN/inf tests, counts beyond u64, negative loads, huge draws stop or work
//! work               per-container work refused before sampling; progress during long runs
//! readme             the README's "What a run prints" is what a run prints
//! scenario_schema    `shellcount schema` against every bundled scenario; bundled sources
//! layers             modules import only lower layers (the table in src/lib.rs)
//! whatif             issue 12: --set, sweeps, break-even, --solve, compare, chosen charts
//! set_errors         a --set value that fails at run time points at the option
//! streaming          issue 15: --low-memory gives the in-memory summary bit for bit; refusals
//! streaming_modes    issue 15: samples.csv, --precision, sweeps, --solve, LHS when streamed
//! ```
//!
//! Run one module with `cargo test --test it <module>::`. Statistical tests of crate-internal
//! libraries (the shipment kernels, sensitivity measures, copula, evidence weights) are unit
//! tests next to their code, sharing `src/test_stats.rs` with `support`.

mod analysis;
mod bundled;
mod charts;
mod charts_beside;
mod cli;
mod cli_errors;
mod density;
mod design;
mod draw_errors;
mod fuzz;
mod guard;
mod indexes;
mod interpret;
mod interrupts;
mod layers;
mod limits;
mod lot_split;
mod multi_file;
mod output_folders;
mod readme;
mod regressions;
mod robustness;
mod scenario_schema;
mod schema;
mod set_errors;
mod shipment_cli;
mod sources;
mod statistical;
mod statistical_dist;
mod streaming;
mod streaming_modes;
mod support;
mod whatif;
mod work;
