//! Per-container load models and the sum of `n` independent container loads.
//!
//! Each container's load is drawn on its own and rounded to a whole number of rounds
//! ([`whole_rounds`]: to nearest, ties to even). A drawn load below 0 is an error
//! ([`LoadError::Negative`], with the value drawn), never clamped to 0: clamping would bias
//! totals upwards by E[max(0, X)] − E[X] without a word. Totals are `u64` in checked
//! arithmetic: a total beyond 2⁶⁴ − 1 is [`LoadError::Overflow`], never a saturated number.
//! Shortcuts replace the loop only where the sum has exactly the same distribution:
//!
//! ```text
//! constant c          n·c
//! Poisson(λ)          Poisson(n·λ)
//! Binomial(m, p)      Binomial(n·m, p)
//! ```
//!
//! A sum of rounded continuous loads has no closed form. With parameters fixed for the draw
//! (or the run) the engine tabulates the rounded pmf ([`LoadModel::table`], one random word a
//! container); otherwise rounded normals and gammas loop (about 4 ns per
//! normal draw with xoshiro; 6,700 containers take ~30 µs). Every family but the normal is drawn
//! by its [`Dist`], so a gamma load and a gamma input use the same sampler (Marsaglia–Tsang);
//! the normal loop inlines `mean + sd·z`, the same formula and stream as `Dist`'s normal.

use super::split::binomial;
use super::table::RoundedTable;
use super::ShipmentError;

/// 2⁶⁴ as a float: the first whole number a `u64` cannot hold.
pub const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

/// Why a sum of container loads could not be formed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LoadError {
    /// A container drew a load below 0 (or not a number): the value drawn.
    Negative(f64),
    /// The total (or one container's load, or `containers × n` binomial slots) exceeds
    /// 2⁶⁴ − 1.
    Overflow,
}

#[cold]
#[inline(never)]
fn bad_load(x: f64) -> LoadError {
    if x >= TWO_POW_64 {
        LoadError::Overflow
    } else {
        LoadError::Negative(x)
    }
}

/// One drawn container load as whole rounds: rounded by [`whole_rounds`]; below 0, NaN, or
/// beyond 2⁶⁴ − 1 is an error.
#[inline(always)]
pub(super) fn container_rounds(x: f64) -> Result<u64, LoadError> {
    if (0.0..TWO_POW_64).contains(&x) {
        Ok(whole_rounds(x))
    } else {
        Err(bad_load(x))
    }
}

/// A whole, non-negative float (a Poisson draw) as a `u64`.
fn whole_count(x: f64) -> Result<u64, LoadError> {
    container_rounds(x)
}
use crate::dist::{Dist, Family};
use rand::Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};
use std::sync::Arc;

/// The distribution of one container's load, in rounds. Build it with a constructor.
#[derive(Debug, Clone)]
pub struct LoadModel(Kind);

impl LoadModel {
    /// True when every container draws its own load from the stream, in order (a table, a
    /// normal or another distribution's loop): the total of `a + b` containers then consumes
    /// the stream exactly as `a` containers followed by `b` do, so a lot's rounds are a
    /// difference of prefix sums of one sequence of loads ([`super::trace`]).
    pub fn per_container(&self) -> bool {
        matches!(self.0, Kind::Normal(..) | Kind::Dist(_) | Kind::Table(_))
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Constant(u64),
    Poisson(f64),
    Binomial(u64, f64),
    Normal(f64, f64),
    Dist(Dist),
    Table(Arc<RoundedTable>),
}

fn bad(
    model: &'static str,
    param: &'static str,
    value: f64,
    allowed: &'static str,
) -> ShipmentError {
    ShipmentError::BadParameter {
        model,
        param,
        value,
        allowed,
    }
}

impl LoadModel {
    /// Every container carries exactly `c` rounds. Sum: `n·c`.
    pub fn constant(c: u64) -> LoadModel {
        LoadModel(Kind::Constant(c))
    }

    /// No rounds (other cargo).
    pub fn none() -> LoadModel {
        LoadModel::constant(0)
    }

    /// Poisson(`mean`) rounds per container. Sum: Poisson(n·mean), exact.
    ///
    /// # Errors
    /// [`ShipmentError::BadParameter`] unless `mean` is finite and ≥ 0.
    pub fn poisson(mean: f64) -> Result<LoadModel, ShipmentError> {
        if !(mean >= 0.0 && mean.is_finite()) {
            return Err(bad("poisson", "mean", mean, "finite and >= 0"));
        }
        Ok(LoadModel(Kind::Poisson(mean)))
    }

    /// Binomial(`n`, `p`) rounds per container (`n` slots, each filled with probability `p`).
    /// Sum: Binomial(containers·n, p), exact.
    ///
    /// # Errors
    /// [`ShipmentError::BadParameter`] unless `p` is in [0, 1].
    pub fn binomial(n: u64, p: f64) -> Result<LoadModel, ShipmentError> {
        if !(0.0..=1.0).contains(&p) {
            return Err(bad("binomial", "p", p, "in [0, 1]"));
        }
        Ok(LoadModel(Kind::Binomial(n, p)))
    }

    /// Normal(`mean`, `sd`) rounded to whole rounds ≥ 0, per container (explicit loop).
    ///
    /// # Errors
    /// [`ShipmentError::BadParameter`] unless `mean` is finite and `sd` finite and ≥ 0.
    pub fn normal(mean: f64, sd: f64) -> Result<LoadModel, ShipmentError> {
        check_normal("normal", mean, sd)?;
        Ok(LoadModel(Kind::Normal(mean, sd)))
    }

    /// Gamma(`shape`, `scale`) rounded to whole rounds, per container (explicit loop over the
    /// same [`Dist`] sampler as a `gamma(...)` input).
    ///
    /// # Errors
    /// [`ShipmentError::BadParameter`] unless both are finite and > 0.
    pub fn gamma(shape: f64, scale: f64) -> Result<LoadModel, ShipmentError> {
        check_gamma("gamma", shape, scale)?;
        // The checks above are `Dist`'s own, so this cannot fail; map it anyway.
        let dist = Dist::new(Family::Gamma, &[shape, scale])
            .map_err(|_| bad("gamma", "shape", shape, "finite and > 0"))?;
        Ok(LoadModel(Kind::Dist(dist)))
    }

    /// Any distribution from [`crate::dist`], rounded to whole rounds ≥ 0 (explicit loop).
    pub fn from_dist(dist: Dist) -> LoadModel {
        LoadModel(Kind::Dist(dist))
    }

    /// A continuous distribution rounded to whole rounds ≥ 0, drawn from the exact alias table
    /// of its rounded pmf (one random word a container; see [`super::table`]). `None` for a
    /// discrete family or one too wide to tabulate (use [`LoadModel::from_dist`]).
    pub fn table(dist: &Dist) -> Option<LoadModel> {
        RoundedTable::new(dist).map(|t| LoadModel(Kind::Table(Arc::new(t))))
    }

    /// Whether tabulating `dist` pays for `containers` draws: building costs one CDF per whole
    /// value covered, drawing saves ~2–20 ns a container. Cheap CDFs (normal, lognormal,
    /// uniform, triangular) need 4 containers per value, the others (incomplete beta and gamma
    /// functions) 64. A table for a whole run (`containers` = `None`) always pays.
    pub fn table_pays(dist: &Dist, containers: Option<u64>) -> bool {
        let Some(n) = containers else {
            return true;
        };
        let per_value = match dist.family() {
            Family::Normal
            | Family::NormalCi
            | Family::LogNormal
            | Family::To
            | Family::Uniform
            | Family::Triangular => 4,
            _ => 64,
        };
        super::table::table_range(dist)
            .is_some_and(|(lo, hi)| (hi - lo + 1).saturating_mul(per_value) <= n)
    }
}

fn check_normal(model: &'static str, mean: f64, sd: f64) -> Result<(), ShipmentError> {
    if !mean.is_finite() {
        return Err(bad(model, "mean", mean, "finite"));
    }
    if !(sd >= 0.0 && sd.is_finite()) {
        return Err(bad(model, "sd", sd, "finite and >= 0"));
    }
    Ok(())
}

fn check_gamma(model: &'static str, shape: f64, scale: f64) -> Result<(), ShipmentError> {
    if !(shape > 0.0 && shape.is_finite()) {
        return Err(bad(model, "shape", shape, "finite and > 0"));
    }
    if !(scale > 0.0 && scale.is_finite()) {
        return Err(bad(model, "scale", scale, "finite and > 0"));
    }
    Ok(())
}

/// Rounds a drawn load to a whole number of rounds: to the nearest whole number with ties to
/// even (IEEE 754's default, numpy's `round`). Callers check the range first (loads must be
/// in [0, 2⁶⁴)); outside it, values ≤ 0 and NaN give 0 and values beyond `u64::MAX` saturate.
///
/// Below 2⁵¹ this adds 1.5·2⁵² and reads the integer from the bits (one addition, no libm
/// call), which is about 10% of the cost of a rounded normal draw.
#[inline]
pub fn whole_rounds(x: f64) -> u64 {
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    const LIMIT: f64 = 2_251_799_813_685_248.0; // 2^51
    if x.is_nan() || x <= 0.0 {
        0
    } else if x < LIMIT {
        (x + MAGIC).to_bits() - MAGIC.to_bits()
    } else {
        x.round_ties_even() as u64
    }
}

/// The total of `n` container loads, each from `draw` and rounded by [`whole_rounds`].
///
/// The generic kernel behind the explicit loops: `draw` is inlined, so a closure around a
/// normal draw costs what the draw costs (the range check and the checked addition are one
/// well-predicted branch each). O(n).
///
/// # Errors
/// [`LoadError::Negative`] at the first container whose drawn load is below 0;
/// [`LoadError::Overflow`] when the total exceeds 2⁶⁴ − 1.
pub fn sum_loads_with<R, F>(rng: &mut R, n: u64, mut draw: F) -> Result<u64, LoadError>
where
    R: Rng + ?Sized,
    F: FnMut(&mut R) -> f64,
{
    let mut total: u64 = 0;
    for _ in 0..n {
        let x = container_rounds(draw(rng))?;
        total = total.checked_add(x).ok_or(LoadError::Overflow)?;
    }
    Ok(total)
}

/// The total number of rounds in `n` containers whose loads follow `load`.
///
/// O(1) for constant, Poisson and binomial models (a Poisson total beyond 10¹⁸ is drawn in
/// parts, a handful at most before the total overflows); O(n) otherwise.
///
/// # Errors
/// As [`sum_loads_with`]; for a binomial load, also when `n × slots` exceeds 2⁶⁴ − 1.
pub fn sum_loads<R: Rng + ?Sized>(rng: &mut R, n: u64, load: &LoadModel) -> Result<u64, LoadError> {
    if n == 0 {
        return Ok(0);
    }
    match &load.0 {
        Kind::Constant(c) => n.checked_mul(*c).ok_or(LoadError::Overflow),
        Kind::Poisson(mean) => sum_poisson(rng, n, *mean),
        Kind::Binomial(m, p) => match n.checked_mul(*m) {
            Some(slots) => Ok(binomial(rng, slots, *p)),
            None => Err(LoadError::Overflow),
        },
        Kind::Normal(mean, sd) => {
            let (mean, sd) = (*mean, *sd);
            sum_loads_with(rng, n, |r| mean + sd * r.sample::<f64, _>(StandardNormal))
        }
        Kind::Dist(d) => sum_loads_with(rng, n, |r| d.sample(r)),
        Kind::Table(t) => t.sum(rng, n),
    }
}

/// Largest Poisson mean drawn at once (below rand_distr's `MAX_LAMBDA`); bigger totals are
/// split into independent parts, which is exact.
const POISSON_CHUNK: f64 = 1e18;

fn sum_poisson<R: Rng + ?Sized>(rng: &mut R, n: u64, mean: f64) -> Result<u64, LoadError> {
    if mean == 0.0 {
        return Ok(0);
    }
    let per_chunk = ((POISSON_CHUNK / mean).floor() as u64).max(1);
    let mut left = n;
    let mut total: u64 = 0;
    while left > 0 {
        let k = left.min(per_chunk);
        left -= k;
        let part = match Poisson::new(k as f64 * mean) {
            Ok(d) => whole_count(d.sample(rng))?,
            // Only a mean beyond rand_distr's range gets here, and that overflows.
            Err(_) => return Err(LoadError::Overflow),
        };
        total = total.checked_add(part).ok_or(LoadError::Overflow)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn rng() -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(1)
    }

    #[test]
    fn bad_parameters() {
        let cases = [
            (LoadModel::poisson(-1.0).err(), "mean"),
            (LoadModel::poisson(f64::NAN).err(), "mean"),
            (LoadModel::binomial(10, 1.5).err(), "p"),
            (LoadModel::normal(f64::INFINITY, 1.0).err(), "mean"),
            (LoadModel::normal(1.0, -1.0).err(), "sd"),
            (LoadModel::gamma(0.0, 1.0).err(), "shape"),
            (LoadModel::gamma(1.0, f64::NAN).err(), "scale"),
        ];
        for (e, param) in cases {
            assert!(
                matches!(e, Some(ShipmentError::BadParameter { param: p, .. }) if p == param),
                "{e:?}"
            );
        }
    }

    #[test]
    fn rounding() {
        assert_eq!(whole_rounds(-3.0), 0);
        assert_eq!(whole_rounds(0.49), 0);
        assert_eq!(whole_rounds(0.5), 0);
        assert_eq!(whole_rounds(0.51), 1);
        assert_eq!(whole_rounds(1.5), 2);
        assert_eq!(whole_rounds(447.5), 448);
        assert_eq!(whole_rounds(448.4999), 448);
        assert_eq!(whole_rounds(2_251_799_813_685_247.0), 2_251_799_813_685_247);
        assert_eq!(whole_rounds(4.5e15), 4_500_000_000_000_000);
        assert_eq!(whole_rounds(f64::NAN), 0);
        assert_eq!(whole_rounds(1e30), u64::MAX);
    }

    #[test]
    fn degenerate_cases() {
        let mut r = rng();
        let mut sum = |n, m: LoadModel| sum_loads(&mut r, n, &m);
        assert_eq!(sum(6700, LoadModel::constant(448)), Ok(3_001_600));
        assert_eq!(sum(6700, LoadModel::none()), Ok(0));
        assert_eq!(sum(0, LoadModel::normal(5.0, 1.0).unwrap()), Ok(0));
        assert_eq!(sum(10, LoadModel::poisson(0.0).unwrap()), Ok(0));
        assert_eq!(sum(10, LoadModel::binomial(5, 1.0).unwrap()), Ok(50));
        assert_eq!(sum(10, LoadModel::binomial(5, 0.0).unwrap()), Ok(0));
        assert_eq!(sum(10, LoadModel::normal(7.4, 0.0).unwrap()), Ok(70));
    }

    #[test]
    fn negative_loads_are_errors_with_the_value_drawn() {
        let mut r = rng();
        assert_eq!(
            sum_loads(&mut r, 10, &LoadModel::normal(-5.0, 0.0).unwrap()),
            Err(LoadError::Negative(-5.0))
        );
        // normal(0, 100): about half the containers draw below 0; the first one is reported.
        let e = sum_loads(&mut r, 10, &LoadModel::normal(0.0, 100.0).unwrap());
        assert!(matches!(e, Err(LoadError::Negative(v)) if v < 0.0), "{e:?}");
        // -0.4 would round to 0, but it was drawn below 0 all the same.
        assert_eq!(
            sum_loads_with(&mut r, 3, |_| -0.4),
            Err(LoadError::Negative(-0.4))
        );
        assert_eq!(sum_loads_with(&mut r, 3, |_| 0.0), Ok(0));
    }

    #[test]
    fn totals_beyond_u64_are_overflow_errors_not_saturated() {
        let mut r = rng();
        // 1e17 containers × Poisson(448): about 4.5e19 > 2^64 − 1 ≈ 1.8e19.
        let big = LoadModel::poisson(448.0).unwrap();
        assert_eq!(
            sum_loads(&mut r, 100_000_000_000_000_000, &big),
            Err(LoadError::Overflow)
        );
        assert_eq!(
            sum_loads(&mut r, u64::MAX, &LoadModel::constant(2)),
            Err(LoadError::Overflow)
        );
        assert_eq!(
            sum_loads(
                &mut r,
                100,
                &LoadModel::binomial(u64::MAX / 4, 0.5).unwrap()
            ),
            Err(LoadError::Overflow)
        );
        assert_eq!(
            sum_loads_with(&mut r, 1, |_| 1e30),
            Err(LoadError::Overflow)
        );
        assert_eq!(
            sum_loads_with(&mut r, 3, |_| 9e18),
            Err(LoadError::Overflow),
            "3 × 9e18 > 2^64 − 1"
        );
    }

    #[test]
    fn huge_totals_within_u64_are_split_not_panicked() {
        let mut r = rng();
        let t = sum_loads(&mut r, 100, &LoadModel::poisson(1e17).unwrap()).unwrap();
        assert!((t as f64 / 1e19 - 1.0).abs() < 1e-6, "{t}");
        let t = sum_loads(&mut r, 3, &LoadModel::binomial(u64::MAX / 4, 0.5).unwrap()).unwrap();
        assert!(
            (t as f64 / (0.375 * u64::MAX as f64) - 1.0).abs() < 1e-6,
            "{t}"
        );
    }
}
