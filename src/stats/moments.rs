//! Count, mean, variance, minimum and maximum of a slice, by the corrected two-pass algorithm
//! (Chan, Golub & LeVeque 1983, *The American Statistician* 37(3), eq. 1.7), which is both
//! faster and more accurate than one pass:
//!
//! ```text
//! mean = (Σ x_i) / n            M2 = Σ (x_i − mean)² − (Σ (x_i − mean))² / n
//! ```
//!
//! The sums run in fixed lanes, so the same slice always gives the same bits.
//!
//! ## Huge and tiny values
//!
//! Σ x_i overflows once values pass about 1e308 / n, and (x_i − mean)² once they pass about
//! 1e154 (the variance became `inf − inf` = NaN, clamped to a wrong 0). When the largest |x| is
//! outside [2⁻⁴⁸⁰, 2⁴⁸⁰], the same two passes run on x_i · 2⁻ᵉ, with 2ᵉ ≤ max |x| < 2ᵉ⁺¹,
//! and the results are scaled back (`mean · 2ᵉ`, `sd = √(M2 / (n − 1)) · 2ᵉ`). Scaling by a
//! power of two is exact (values more than ~2⁹⁰⁰ below the largest may underflow, changing the
//! mean by less than 2⁻⁹⁰⁰ of it), so in range results are unchanged bit for bit, and out of
//! range only what cannot be represented is not: a variance above `f64::MAX` is `inf` while
//! its sd is finite. Minimum and maximum come from the unscaled values.

/// Moments of a slice of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    n: u64,
    /// Mean and sum of squared deviations of the values divided by `scale`.
    mean: f64,
    m2: f64,
    /// A power of two: 1 unless the values are huge or tiny (see the module docs).
    scale: f64,
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

/// Largest |x| handled without scaling: 2⁴⁸⁰. With n ≤ 2⁴⁰ values, Σ (x − mean)² stays below
/// n · (2 · 2⁴⁸⁰)² = 2⁹⁶² < `f64::MAX`.
const BIG: f64 = 3.121_748_550_315_992_2e144;
/// Smallest largest-|x| handled without scaling: 2⁻⁴⁸⁰ (squares stay far from underflow).
const TINY: f64 = 3.203_330_201_505_194e-145;

/// Σ x, min and max by lanes (the first pass), fed slice by slice: lane `i mod LANES` takes
/// value `i` of the whole sequence, so feeding a column in pieces (chunks of a run, in order)
/// gives the same bits as feeding it whole.
#[derive(Debug, Clone, Copy)]
pub struct FirstPass {
    sum: [f64; LANES],
    lo: [f64; LANES],
    hi: [f64; LANES],
    fed: u64,
}

impl Default for FirstPass {
    fn default() -> Self {
        FirstPass {
            sum: [0.0; LANES],
            lo: [f64::INFINITY; LANES],
            hi: [f64::NEG_INFINITY; LANES],
            fed: 0,
        }
    }
}

/// Sums kept in [`LANES`] lanes: value `i` of the whole sequence fed goes to lane
/// `i mod LANES`, whole groups of lanes at a time where aligned (which vectorises).
trait Lanes {
    /// Values fed so far.
    fn fed(&mut self) -> &mut u64;
    /// Adds `x` to lane `l`.
    fn add(&mut self, l: usize, x: f64);

    #[inline(always)]
    fn feed_lanes(&mut self, xs: &[f64], f: impl Fn(f64) -> f64) {
        let skew = (*self.fed() % LANES as u64) as usize;
        let head = ((LANES - skew) % LANES).min(xs.len());
        for (k, &x) in xs[..head].iter().enumerate() {
            self.add(skew + k, f(x));
        }
        let chunks = xs[head..].chunks_exact(LANES);
        let tail = chunks.remainder();
        for c in chunks {
            for (l, &x) in c.iter().enumerate() {
                self.add(l, f(x));
            }
        }
        for (l, &x) in tail.iter().enumerate() {
            self.add(l, f(x));
        }
        *self.fed() += xs.len() as u64;
    }
}

impl Lanes for FirstPass {
    fn fed(&mut self) -> &mut u64 {
        &mut self.fed
    }

    #[inline(always)]
    fn add(&mut self, l: usize, x: f64) {
        self.sum[l] += x;
        self.lo[l] = self.lo[l].min(x);
        self.hi[l] = self.hi[l].max(x);
    }
}

impl FirstPass {
    /// Adds the next values (`f` maps each first: identity, or a power-of-two scaling).
    pub fn feed(&mut self, xs: &[f64], f: impl Fn(f64) -> f64) {
        self.feed_lanes(xs, f);
    }

    /// `(Σ x, min, max)`.
    pub fn finish(&self) -> (f64, f64, f64) {
        (
            self.sum.iter().sum::<f64>(),
            self.lo.iter().copied().fold(f64::INFINITY, f64::min),
            self.hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

/// Σ (x − mean) and Σ (x − mean)² by lanes (the second pass), fed slice by slice like
/// [`FirstPass`].
#[derive(Debug, Clone, Copy)]
pub struct SecondPass {
    s: [f64; LANES],
    ss: [f64; LANES],
    mean: f64,
    fed: u64,
}

impl Lanes for SecondPass {
    fn fed(&mut self) -> &mut u64 {
        &mut self.fed
    }

    #[inline(always)]
    fn add(&mut self, l: usize, x: f64) {
        let d = x - self.mean;
        self.s[l] += d;
        self.ss[l] += d * d;
    }
}

impl SecondPass {
    /// Deviations from `mean`.
    pub fn new(mean: f64) -> Self {
        SecondPass {
            s: [0.0; LANES],
            ss: [0.0; LANES],
            mean,
            fed: 0,
        }
    }

    /// Adds the next values (`f` maps each first, as in [`FirstPass::feed`]).
    pub fn feed(&mut self, xs: &[f64], f: impl Fn(f64) -> f64) {
        self.feed_lanes(xs, f);
    }

    /// The mean the deviations are taken from.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// `(Σ (x − mean), Σ (x − mean)²)`.
    pub fn finish(&self) -> (f64, f64) {
        (self.s.iter().sum(), self.ss.iter().sum())
    }
}

/// Σ x, min and max of a whole slice.
fn first_pass(xs: &[f64], f: impl Fn(f64) -> f64) -> (f64, f64, f64) {
    let mut p = FirstPass::default();
    p.feed(xs, f);
    p.finish()
}

/// Σ (x − mean) and Σ (x − mean)² of a whole slice.
fn second_pass(xs: &[f64], mean: f64, f: impl Fn(f64) -> f64) -> (f64, f64) {
    let mut p = SecondPass::new(mean);
    p.feed(xs, f);
    p.finish()
}

/// 2ᵉ with 2ᵉ ≤ `x` < 2ᵉ⁺¹ for finite `x` > 0, the exponent kept within ±1000 so that 2⁻ᵉ is
/// representable too.
fn power_of_two_below(x: f64) -> f64 {
    let e = x.log2().floor().clamp(-1000.0, 1000.0);
    e.exp2()
}

impl Moments {
    /// No values yet.
    pub fn new() -> Self {
        Moments {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            scale: 1.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// The moments of a whole slice, by the corrected two-pass algorithm (scaled by a power of
    /// two when the values are huge or tiny; see the module docs).
    pub fn from_slice(xs: &[f64]) -> Self {
        if xs.is_empty() {
            return Self::new();
        }
        let n = xs.len() as f64;
        let (sum, min, max) = first_pass(xs, |x| x);
        match Self::scale_for(min, max) {
            Some(scale) => {
                let inv = 1.0 / scale;
                let (sum, _, _) = first_pass(xs, |x| x * inv);
                let mean = sum / n;
                let (s, ss) = second_pass(xs, mean, |x| x * inv);
                Self::from_sums(xs.len() as u64, (mean, s, ss, scale), (min, max))
            }
            None => {
                let mean = sum / n;
                let (s, ss) = second_pass(xs, mean, |x| x);
                Self::from_sums(xs.len() as u64, (mean, s, ss, 1.0), (min, max))
            }
        }
    }

    /// The power of two the values must be divided by (see the module docs), from their
    /// minimum and maximum; `None` when they are used as they are.
    pub fn scale_for(min: f64, max: f64) -> Option<f64> {
        let largest = min.abs().max(max.abs());
        (largest.is_finite() && largest > 0.0 && !(TINY..=BIG).contains(&largest))
            .then(|| power_of_two_below(largest))
    }

    /// The moments of `n` values from their passes: the (scaled) mean of the first pass, the
    /// sums of the second ([`SecondPass`] around that mean), the scale, and the unscaled
    /// minimum and maximum. [`Moments::from_slice`] is this on one slice.
    pub fn from_sums(
        n: u64,
        (mean, s, ss, scale): (f64, f64, f64, f64),
        (min, max): (f64, f64),
    ) -> Self {
        if n == 0 {
            return Self::new();
        }
        let nf = n as f64;
        Moments {
            n,
            mean: mean + s / nf,
            m2: (ss - s * s / nf).max(0.0),
            scale,
            min,
            max,
        }
    }

    /// Arithmetic mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.mean * self.scale
        }
    }

    /// The variance of the values divided by `scale`.
    fn scaled_variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }

    /// Sample variance with the n − 1 denominator (NaN for fewer than two values; `inf` when
    /// it exceeds `f64::MAX`). The summaries report the sd; the variance is for tests.
    #[cfg(test)]
    pub fn variance(&self) -> f64 {
        self.scaled_variance() * self.scale * self.scale
    }

    /// Sample standard deviation with the n − 1 denominator (NaN for fewer than two values).
    pub fn sd(&self) -> f64 {
        self.scaled_variance().sqrt() * self.scale
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

    /// Values beyond ~1e154 once overflowed (sd 0, mean NaN); scaled, they give the moments
    /// of the same data at an ordinary scale, times the scale.
    #[test]
    fn huge_and_tiny_values_do_not_overflow() {
        let base = data();
        for k in [1e200, 1e300, 1e155, 1e-200, 1e-310 / 1e3] {
            let xs: Vec<f64> = base.iter().map(|x| x * k).collect();
            let m = Moments::from_slice(&xs);
            assert!(
                close(m.mean(), 71.19488179430189 * k, 1e-13),
                "{k}: {}",
                m.mean()
            );
            assert!(
                close(m.sd(), 63.47970439058932 * k, 1e-13),
                "{k}: {}",
                m.sd()
            );
            assert_eq!(
                (m.min(), m.max()),
                (
                    xs.iter().copied().fold(f64::INFINITY, f64::min),
                    xs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                )
            );
        }
        // Values near f64::MAX: the mean and sd are finite, the variance is not representable.
        let xs = [f64::MAX, f64::MAX / 2.0, f64::MAX / 4.0];
        let m = Moments::from_slice(&xs);
        assert!(close(m.mean(), f64::MAX * 7.0 / 12.0, 1e-15));
        assert!(m.sd().is_finite() && m.sd() > 0.0);
        assert_eq!(m.variance(), f64::INFINITY);
        let neg: Vec<f64> = base.iter().map(|x| -x * 1e250).collect();
        let m = Moments::from_slice(&neg);
        assert!(close(m.mean(), -71.19488179430189e250, 1e-13));
    }

    /// In range, the unscaled path runs: the same bits as the plain two-pass formula.
    #[test]
    fn ordinary_values_are_not_rescaled() {
        for k in [1.0, 1e142, 1e-142, 3e6] {
            let xs: Vec<f64> = data().iter().map(|x| x * k).collect();
            let m = Moments::from_slice(&xs);
            assert_eq!(m.scale, 1.0, "{k}");
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            assert!(close(m.mean(), mean, 1e-14));
        }
    }
}
