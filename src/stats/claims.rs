//! Probabilities of claims: the share of draws on which a claim holds, with its Monte Carlo
//! standard error (the binomial standard error, e.g. Robert & Casella 2004, *Monte Carlo
//! Statistical Methods*, §3.2):
//!
//! ```text
//! p = (1/n) Σ 1[claim holds on draw i],   mcse = √(p (1 − p) / n)
//! ```

/// `1 − 0.05^(1/n)`: the exact one-sided 95% upper bound on a probability when none of `n`
/// draws showed the event (1 when n < 1).
pub fn zero_event_bound(n: f64) -> f64 {
    if !(n >= 1.0) {
        return 1.0;
    }
    -(0.05f64.ln() / n).exp_m1()
}

/// Share of non-zero `flags` and its Monte Carlo standard error, `(p, mcse)`.
///
/// Both are NaN when `flags` is empty. When p is 0 or 1 the standard error is 0: the true
/// probability is then only known to be within about 1/n of p.
pub fn proportion(flags: &[u8]) -> (f64, f64) {
    proportion_of_count(
        flags.iter().filter(|&&f| f != 0).count() as u64,
        flags.len() as u64,
    )
}

/// `(p, mcse)` from a count of draws on which the claim held, out of `n` (NaNs when `n` is 0).
/// Counts from chunks can be summed first, so this gives the same bits on any thread count.
pub fn proportion_of_count(held: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let nf = n as f64;
    let p = held.min(n) as f64 / nf;
    (p, (p * (1.0 - p) / nf).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_proportion() {
        assert_eq!(proportion(&[1, 0, 0, 1]), (0.5, 0.25));
    }

    #[test]
    fn cases() {
        assert_eq!(proportion(&[1, 0, 0, 1]), (0.5, 0.25));
        assert_eq!(proportion(&[0, 0, 0]), (0.0, 0.0));
        assert_eq!(proportion(&[1, 7, 255]), (1.0, 0.0));
        let (p, se) = proportion(&[]);
        assert!(p.is_nan() && se.is_nan());
        let flags: Vec<u8> = (0..10_000).map(|i| u8::from(i % 4 == 0)).collect();
        let (p, se) = proportion(&flags);
        assert_eq!(p, 0.25);
        assert!((se - (0.25f64 * 0.75 / 10_000.0).sqrt()).abs() < 1e-15);
        assert_eq!(
            proportion_of_count(3, 4),
            (0.75, (0.75f64 * 0.25 / 4.0).sqrt())
        );
    }
}
