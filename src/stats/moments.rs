//! Count, mean, variance, minimum and maximum of a slice, by the corrected two-pass algorithm
//! (Chan, Golub & LeVeque 1983, *The American Statistician* 37(3), eq. 1.7), which is both
//! faster and more accurate than one pass:
//!
//! ```text
//! mean = (Σ x_i) / n            M2 = Σ (x_i − mean)² − (Σ (x_i − mean))² / n
//! ```
//!
//! The sums run in fixed lanes, so the same slice always gives the same bits.

/// Moments of a slice of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Default for Moments {
    fn default() -> Self {
        Self::new()
    }
}

/// Lanes of the vectorisable sums in [`Moments::from_slice`].
const LANES: usize = 8;

impl Moments {
    /// No values yet.
    pub fn new() -> Self {
        Moments {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// The moments of a whole slice, by the corrected two-pass algorithm.
    pub fn from_slice(xs: &[f64]) -> Self {
        if xs.is_empty() {
            return Self::new();
        }
        let n = xs.len() as f64;
        let mut sum = [0.0; LANES];
        let mut lo = [f64::INFINITY; LANES];
        let mut hi = [f64::NEG_INFINITY; LANES];
        let chunks = xs.chunks_exact(LANES);
        let tail = chunks.remainder();
        for c in chunks {
            for l in 0..LANES {
                sum[l] += c[l];
                lo[l] = lo[l].min(c[l]);
                hi[l] = hi[l].max(c[l]);
            }
        }
        for (l, &x) in tail.iter().enumerate() {
            sum[l] += x;
            lo[l] = lo[l].min(x);
            hi[l] = hi[l].max(x);
        }
        let mean = sum.iter().sum::<f64>() / n;
        let (mut ss, mut s) = ([0.0; LANES], [0.0; LANES]);
        let chunks = xs.chunks_exact(LANES);
        let tail = chunks.remainder();
        for c in chunks {
            for l in 0..LANES {
                let d = c[l] - mean;
                s[l] += d;
                ss[l] += d * d;
            }
        }
        for (l, &x) in tail.iter().enumerate() {
            let d = x - mean;
            s[l] += d;
            ss[l] += d * d;
        }
        let s: f64 = s.iter().sum();
        let m2 = (ss.iter().sum::<f64>() - s * s / n).max(0.0);
        Moments {
            n: xs.len() as u64,
            mean: mean + s / n,
            m2,
            min: lo.iter().copied().fold(f64::INFINITY, f64::min),
            max: hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    /// Arithmetic mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.mean
        }
    }

    /// Sample variance with the n − 1 denominator (NaN for fewer than two values).
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }

    /// Sample standard deviation with the n − 1 denominator (NaN for fewer than two values).
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Smallest value (+∞ when empty).
    pub fn min(&self) -> f64 {
        self.min
    }

    /// Largest value (−∞ when empty).
    pub fn max(&self) -> f64 {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * a.abs().max(b.abs())
    }

    fn data() -> Vec<f64> {
        (0..101u64)
            .map(|i| ((i * 7919) % 1009) as f64 / 7.0)
            .map(|v| v * v / 100.0)
            .collect()
    }

    #[test]
    fn matches_numpy() {
        // numpy: x.mean(), x.std(ddof=1) for the column of quantile::tests::matches_numpy.
        let m = Moments::from_slice(&data());
        assert!(close(m.mean(), 71.19488179430189, 1e-14));
        assert!(close(m.sd(), 63.47970439058932, 1e-14));
        assert_eq!(m.n, 101);
    }

    #[test]
    fn small_cases() {
        let e = Moments::new();
        assert!(e.mean().is_nan() && e.sd().is_nan());
        let one = Moments::from_slice(&[3.0]);
        assert_eq!((one.mean(), one.min(), one.max()), (3.0, 3.0, 3.0));
        assert!(one.sd().is_nan());
        let m = Moments::from_slice(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!((m.mean(), m.variance()), (2.5, 5.0 / 3.0));
        let big = Moments::from_slice(&[1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0]);
        assert_eq!(big.variance(), 1.0);
    }
}
