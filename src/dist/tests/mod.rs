//! Unit tests for `Dist`: parameter checks (exact error variants and messages), arity,
//! the `a to b` and percentile mappings, closed-form moments, quantile round trips,
//! `describe` and mixture weights.
//!
//! ```text
//! params   every bad parameter maps to its exact error variant
//! checks   arity, messages that say what is allowed, edge values accepted
//! values   percentile mappings, moments, quantile round trips, fill, describe, mixtures
//! ```

mod checks;
mod params;
mod values;

use super::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;
const Z95: f64 = 1.644_853_626_951_472_2;

fn err(family: Family, params: &[f64]) -> DistError {
    match Dist::new(family, params) {
        Ok(d) => panic!("{family:?}{params:?} should fail, got {}", d.describe()),
        Err(e) => e,
    }
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}
