//! Sums of independent draws, `sum_of(n, dist)`: an exact shortcut where the sum of n draws
//! is itself a family shellcount has, one draw per term otherwise.
//!
//! ```text
//! normal(μ, σ)       n terms → normal(nμ, √n·σ)        (also normal_ci)
//! poisson(λ)         n terms → poisson(nλ)
//! binomial(m, p)     n terms → binomial(n·m, p)        (one p for every term)
//! gamma(k, θ)        n terms → gamma(n·k, θ)           (one scale for every term)
//! anything else      n draws, added one by one
//! ```
//! Each shortcut has exactly the distribution of the loop (closure of these families under
//! independent sums); `tests/it/statistical_sum_of.rs` checks each against the loop by KS.

use super::{Dist, Family, Kind};
use rand::Rng;

/// The distribution of the sum of `n ≥ 1` independent draws of `d`, when it is a family
/// shellcount has; `None` when the terms must be drawn one by one.
pub fn sum_shortcut(d: &Dist, n: u64) -> Option<Dist> {
    let k = n as f64;
    let made = match (&d.kind, d.family) {
        (Kind::Normal(_), _) => {
            Dist::new(Family::Normal, &[k * d.mean(), (k * d.variance()).sqrt()])
        }
        (Kind::Poisson(_), _) => Dist::new(Family::Poisson, &[k * d.mean()]),
        (Kind::Binomial(_), _) => Dist::new(Family::Binomial, &[k * d.params[0], d.params[1]]),
        (Kind::Gamma(_), Family::Gamma) => {
            Dist::new(Family::Gamma, &[k * d.params[0], d.params[1]])
        }
        _ => return None,
    };
    made.ok()
}

/// One draw of the sum of `n` independent draws of `d` (0 for `n = 0`): the shortcut when
/// there is one ([`sum_shortcut`]), else `n` draws.
pub fn sample_sum<R: Rng + ?Sized>(d: &Dist, n: u64, rng: &mut R) -> f64 {
    if n == 0 {
        return 0.0;
    }
    match sum_shortcut(d, n) {
        Some(s) => s.sample(rng),
        None => sample_sum_loop(d, n, rng),
    }
}

/// The sum of `n` draws of `d`, drawn one by one (what each shortcut must equal in law).
pub fn sample_sum_loop<R: Rng + ?Sized>(d: &Dist, n: u64, rng: &mut R) -> f64 {
    (0..n).map(|_| d.sample(rng)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_exist_for_the_closed_families_only() {
        let d = |f, p: &[f64]| Dist::new(f, p).unwrap();
        let s = sum_shortcut(&d(Family::Normal, &[2.0, 3.0]), 4).unwrap();
        assert_eq!((s.mean(), s.variance()), (8.0, 36.0));
        let s = sum_shortcut(&d(Family::Poisson, &[2.5]), 4).unwrap();
        assert_eq!(s.mean(), 10.0);
        let s = sum_shortcut(&d(Family::Binomial, &[10.0, 0.3]), 3).unwrap();
        assert_eq!(s.params(), &[30.0, 0.3]);
        let s = sum_shortcut(&d(Family::Gamma, &[2.0, 5.0]), 3).unwrap();
        assert_eq!(s.params(), &[6.0, 5.0]);
        assert!(sum_shortcut(&d(Family::Uniform, &[0.0, 1.0]), 3).is_none());
        assert!(sum_shortcut(&d(Family::To, &[1.0, 2.0]), 3).is_none());
    }
}
