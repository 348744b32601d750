//! Splitting a count over categories (multinomial) and thinning it (binomial).
//!
//! ```text
//! Multinomial(n; s_1..s_k) by conditional binomials (Devroye 1986, §XI.1):
//!     X_1 ~ Bin(n, s_1),  X_i ~ Bin(n − X_1 − … − X_{i−1}, s_i / (s_i + … + s_k)),
//!     the last category with a positive share takes the rest.
//! thin(k, p) = Bin(k, p): each of k rounds works with probability p, independently.
//! ```
//!
//! Both are exact, cost O(k) binomial draws, and return whole numbers that add up to `n`
//! (multinomial) or are at most `k` (thinning).

use super::ShipmentError;
use rand::Rng;
use rand_distr::{Binomial, Distribution};

/// Checks shares: at least one, each in [0, 1], adding up to 1 within 1e-9.
///
/// # Errors
/// [`ShipmentError::NoShares`], [`ShipmentError::ShareOutOfRange`] or
/// [`ShipmentError::SharesDontSumToOne`], naming `what` (e.g. `"lot"`).
pub fn check_shares(what: &'static str, shares: &[f64]) -> Result<(), ShipmentError> {
    if shares.is_empty() {
        return Err(ShipmentError::NoShares { what });
    }
    for (index, &value) in shares.iter().enumerate() {
        if !(0.0..=1.0).contains(&value) {
            return Err(ShipmentError::ShareOutOfRange { what, index, value });
        }
    }
    let sum: f64 = shares.iter().sum();
    let sums_to_one = (sum - 1.0).abs() <= 1e-9; // false for NaN
    if !sums_to_one {
        return Err(ShipmentError::SharesDontSumToOne { what, sum });
    }
    Ok(())
}

/// [`split_multinomial_into`] into a new vector (the tests' form).
#[cfg(test)]
pub(super) fn split_multinomial<R: Rng + ?Sized>(
    rng: &mut R,
    n: u64,
    shares: &[f64],
) -> Result<Vec<u64>, ShipmentError> {
    let mut out = vec![0; shares.len()];
    split_multinomial_into(rng, n, shares, &mut out)?;
    Ok(out)
}

/// Splits `n` items over categories with probabilities `shares`: one multinomial draw, written
/// into `out` (which must have one slot per share).
///
/// # Errors
/// As [`check_shares`]; [`ShipmentError::NoShares`] also when `out` has the wrong length.
pub fn split_multinomial_into<R: Rng + ?Sized>(
    rng: &mut R,
    n: u64,
    shares: &[f64],
    out: &mut [u64],
) -> Result<(), ShipmentError> {
    check_shares("multinomial", shares)?;
    if out.len() != shares.len() {
        return Err(ShipmentError::NoShares {
            what: "multinomial output (wrong length)",
        });
    }
    out.fill(0);
    let Some(last) = shares.iter().rposition(|&s| s > 0.0) else {
        return Ok(());
    };
    let mut left = n;
    let mut mass_left: f64 = shares[..=last].iter().sum();
    for i in 0..last {
        if left == 0 {
            return Ok(());
        }
        let p = if mass_left > 0.0 {
            (shares[i] / mass_left).min(1.0)
        } else {
            0.0
        };
        out[i] = binomial(rng, left, p);
        left -= out[i];
        mass_left -= shares[i];
    }
    out[last] = left;
    Ok(())
}

/// The working part of `count` rounds when each works with probability `p_work`, independently:
/// a Binomial(`count`, `p_work`) draw, so `0 ≤ result ≤ count`.
///
/// # Errors
/// [`ShipmentError::BadProbability`] unless `p_work` is in [0, 1].
pub fn thin<R: Rng + ?Sized>(rng: &mut R, count: u64, p_work: f64) -> Result<u64, ShipmentError> {
    if !(0.0..=1.0).contains(&p_work) {
        return Err(ShipmentError::BadProbability {
            what: "p_work".to_string(),
            value: p_work,
        });
    }
    Ok(binomial(rng, count, p_work))
}

/// Most trials drawn at once: rand_distr's BTPE setup needs `n·p` to fit an `i64`.
const BINOMIAL_CHUNK: u64 = 1 << 62;

/// Binomial(n, p) for p already known to be in [0, 1]. Counts beyond [`BINOMIAL_CHUNK`] are
/// split into independent parts with the same p, which is exact.
pub(super) fn binomial<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let mut left = n;
    let mut total: u64 = 0;
    while left > 0 {
        let k = left.min(BINOMIAL_CHUNK);
        left -= k;
        let x = match Binomial::new(k, p) {
            Ok(d) => d.sample(rng).min(k),
            Err(_) => 0,
        };
        total = total.saturating_add(x);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn share_errors() {
        use ShipmentError::*;
        assert_eq!(check_shares("lot", &[]), Err(NoShares { what: "lot" }));
        assert!(matches!(
            check_shares("lot", &[0.5, -0.1, 0.6]),
            Err(ShareOutOfRange { index: 1, .. })
        ));
        assert!(matches!(
            check_shares("lot", &[1.5]),
            Err(ShareOutOfRange { index: 0, .. })
        ));
        assert!(matches!(
            check_shares("lot", &[f64::NAN]),
            Err(ShareOutOfRange { .. })
        ));
        assert!(matches!(
            check_shares("lot", &[0.5, 0.4]),
            Err(SharesDontSumToOne { .. })
        ));
        assert!(check_shares("lot", &[0.1; 10]).is_ok());
        assert!(check_shares("lot", &[0.0, 1.0, 0.0]).is_ok());
    }

    #[test]
    fn zero_shares_get_nothing() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for _ in 0..100 {
            let x = split_multinomial(&mut rng, 1000, &[0.0, 0.7, 0.0, 0.3, 0.0]).unwrap();
            assert_eq!((x[0], x[2], x[4]), (0, 0, 0));
            assert_eq!(x.iter().sum::<u64>(), 1000);
        }
        assert_eq!(split_multinomial(&mut rng, 9, &[1.0]).unwrap(), vec![9]);
        let mut out = [0; 2];
        assert!(split_multinomial_into(&mut rng, 9, &[1.0], &mut out).is_err());
    }

    #[test]
    fn thinning() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        assert_eq!(thin(&mut rng, 100, 1.0), Ok(100));
        assert_eq!(thin(&mut rng, 100, 0.0), Ok(0));
        assert!(thin(&mut rng, 100, 0.5).unwrap() <= 100);
        assert!(matches!(
            thin(&mut rng, 100, 1.1),
            Err(ShipmentError::BadProbability { .. })
        ));
        assert!(thin(&mut rng, 100, f64::NAN).is_err());
        let x = thin(&mut rng, u64::MAX, 0.9).unwrap();
        assert!((x as f64 / u64::MAX as f64 - 0.9).abs() < 1e-6);
    }
}
