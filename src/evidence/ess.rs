//! Effective sample size of importance weights (Kish 1965, *Survey Sampling*, §11.7):
//!
//! ```text
//! ESS = (Σ w_i)² / Σ w_i²
//! ```
//!
//! n for equal weights, 1 when one draw carries all the weight. Self-normalised estimates
//! behave roughly like plain averages of ESS independent draws (Owen 2013, *Monte Carlo theory,
//! methods and examples*, §9.3), so a small ESS means the evidence has left few draws that
//! matter and the weighted numbers are unreliable.

pub use crate::stats::ess;

/// The smallest ESS at which weighted results are reported without a warning (the analysis
/// warns below it; an ESS that is NaN is below it too):
/// max(100, 1 % of the draws).
pub fn ess_threshold(n: usize) -> f64 {
    (0.01 * n as f64).max(100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_ess() {
        assert_eq!(ess(&[2.0; 10]), 10.0);
        assert_eq!(ess(&[0.0, 5.0, 0.0]), 1.0);
    }

    #[test]
    fn ess_cases() {
        assert_eq!(ess(&[]), 0.0);
        assert_eq!(ess(&[0.0, 0.0]), 0.0);
        assert_eq!(ess(&[1.0; 1000]), 1000.0);
        assert_eq!(ess(&[1e-300; 8]), 8.0);
        assert_eq!(ess(&[1e300; 8]), 8.0);
        // Half the draws with weight 1: ESS = n/2.
        assert_eq!(ess(&[1.0, 0.0, 1.0, 0.0]), 2.0);
        // (1 + 3)² / (1 + 9) = 1.6
        assert!((ess(&[1.0, 3.0]) - 1.6).abs() < 1e-15);
    }

    #[test]
    fn warning_threshold() {
        assert_eq!(ess_threshold(1000), 100.0);
        assert_eq!(ess_threshold(1_000_000), 10_000.0);
        assert_eq!(ess_threshold(10), 100.0);
    }
}
