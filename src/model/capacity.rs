//! Capacity arithmetic for one draw: how many packed rounds fit a container by mass and by
//! volume, which limit binds, and the mass and volume budgets per round implied by a claim.
//!
//! ```text
//! by_mass   = floor(payload_kg / packed_mass_kg)
//! by_volume = floor(volume_m3 · 1000 · packing_efficiency / packed_volume_l)
//! max       = min(by_mass, by_volume)        binding = the smaller (mass on a tie)
//! margin    = payload_kg / rounds            (kg available per round)
//! ```
//!
//! A quotient within 1e-9 (relative) of a whole number counts as that whole number, so a load
//! that fits exactly is not lost to rounding (448 × 51.745 kg in 23,181.76 kg is 448 rounds).
//! Inputs outside their domain (non-positive mass or volume per round, negative payload or
//! volume, efficiency outside (0, 1], non-finite numbers) give NaN, like the engine's other
//! arithmetic on impossible draws; the functions never panic.

/// Which limit sets a container's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Payload mass binds first (also reported when both bind equally).
    Mass,
    /// Usable volume binds first.
    Volume,
}

/// Rounds per container by mass and by volume, for one draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// Whole rounds that fit by payload mass.
    pub by_mass: f64,
    /// Whole rounds that fit by usable volume.
    pub by_volume: f64,
    /// The smaller of the two.
    pub max: f64,
    /// Which one is smaller.
    pub binding: Limit,
}

/// Whole rounds of `packed_mass_kg` that fit in `payload_kg`.
pub fn capacity_by_mass(payload_kg: f64, packed_mass_kg: f64) -> f64 {
    if !(payload_kg >= 0.0 && packed_mass_kg > 0.0 && payload_kg.is_finite()) {
        return f64::NAN;
    }
    whole(payload_kg / packed_mass_kg)
}

/// Whole rounds of `packed_volume_l` (litres) that fit in `volume_m3` used at `packing_efficiency`.
pub fn capacity_by_volume(volume_m3: f64, packed_volume_l: f64, packing_efficiency: f64) -> f64 {
    let ok = volume_m3 >= 0.0
        && volume_m3.is_finite()
        && packed_volume_l > 0.0
        && packing_efficiency > 0.0
        && packing_efficiency <= 1.0;
    if !ok {
        return f64::NAN;
    }
    whole(volume_m3 * 1000.0 * packing_efficiency / packed_volume_l)
}

/// Both capacities, the smaller one, and which limit binds.
pub fn capacity(
    payload_kg: f64,
    packed_mass_kg: f64,
    volume_m3: f64,
    packed_volume_l: f64,
    packing_efficiency: f64,
) -> Capacity {
    let by_mass = capacity_by_mass(payload_kg, packed_mass_kg);
    let by_volume = capacity_by_volume(volume_m3, packed_volume_l, packing_efficiency);
    let binding = if by_volume < by_mass {
        Limit::Volume
    } else {
        Limit::Mass
    };
    Capacity {
        by_mass,
        by_volume,
        max: by_mass.min(by_volume),
        binding,
    }
    .nan_if_either_nan()
}

impl Capacity {
    fn nan_if_either_nan(mut self) -> Capacity {
        if self.by_mass.is_nan() || self.by_volume.is_nan() {
            self.max = f64::NAN;
        }
        self
    }
}

/// Mass available per round when `rounds` share `payload_kg` (e.g. 28,180 / 448 = 62.9 kg).
pub fn mass_margin_per_round(payload_kg: f64, rounds: f64) -> f64 {
    if !(rounds > 0.0 && payload_kg >= 0.0) {
        return f64::NAN;
    }
    payload_kg / rounds
}

/// Volume available per round, in litres, when `rounds` share `volume_m3` (33.2 m³ / 448 = 74 L).
pub fn volume_per_round_l(volume_m3: f64, rounds: f64) -> f64 {
    if !(rounds > 0.0 && volume_m3 >= 0.0) {
        return f64::NAN;
    }
    volume_m3 * 1000.0 / rounds
}

/// Total mass of `rounds` rounds of `per_round_kg` each (448 × 43.56 kg = 19,515 kg).
pub fn load_mass_kg(rounds: f64, per_round_kg: f64) -> f64 {
    rounds * per_round_kg
}

fn whole(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() <= 1e-9 * r.abs().max(1.0) {
        r
    } else {
        x.floor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// DOMAIN.md "Derived arithmetic": per-round mass budgets.
    #[test]
    fn mass_budgets() {
        assert!(close(mass_margin_per_round(28_180.0, 448.0), 62.9, 0.05));
        assert!(close(mass_margin_per_round(26_730.0, 448.0), 59.7, 0.05));
        assert!(close(mass_margin_per_round(28_180.0, 500.0), 56.4, 0.05));
        assert!(close(mass_margin_per_round(26_730.0, 500.0), 53.5, 0.05));
        assert!(close(mass_margin_per_round(17_000.0, 448.0), 37.9, 0.05));
        assert!(close(mass_margin_per_round(19_000.0, 448.0), 42.4, 0.05));
    }

    /// DOMAIN.md "Derived arithmetic": load masses and volume per round.
    #[test]
    fn load_masses_and_volume() {
        assert!(close(load_mass_kg(448.0, 43.56), 19_515.0, 0.5));
        assert!(close(load_mass_kg(448.0, 43.56 + 8.185), 23_182.0, 0.5));
        assert!(close(volume_per_round_l(33.2, 448.0), 74.0, 0.2));
        assert!(close(volume_per_round_l(67.7, 448.0), 151.0, 0.2));
        // 122 mm at 74.6 per container: howitzer projectiles vs Grad rockets.
        assert!(close(load_mass_kg(74.6, 21.76), 1_623.0, 0.5));
        assert!(close(load_mass_kg(74.6, 66.0), 4_924.0, 0.5));
        // Both far below the 20 ft payload: mass cannot be what limits 74.6 per container.
        assert!(capacity_by_mass(28_180.0, 66.0) > 74.6 * 5.0);
    }

    #[test]
    fn capacities() {
        // Exactly 448 rounds of projectile + charge fit in 448 × 51.745 kg.
        assert_eq!(capacity_by_mass(448.0 * 51.745, 51.745), 448.0);
        assert_eq!(capacity_by_mass(28_180.0, 62.9), 448.0);
        assert_eq!(capacity_by_mass(28_180.0, 51.745), 544.0);
        // 33.2 m³ at 74 L per round, full use: 448 rounds.
        assert_eq!(capacity_by_volume(33.2, 74.0, 1.0), 448.0);
        assert_eq!(capacity_by_volume(33.2, 74.0, 0.8), 358.0);
        let c = capacity(28_180.0, 62.9, 33.2, 74.0, 0.8);
        assert_eq!((c.by_mass, c.by_volume, c.max), (448.0, 358.0, 358.0));
        assert_eq!(c.binding, Limit::Volume);
        let c = capacity(17_000.0, 62.9, 33.2, 40.0, 0.8);
        assert_eq!((c.max, c.binding), (270.0, Limit::Mass));
    }

    #[test]
    fn bad_inputs_give_nan() {
        assert!(capacity_by_mass(28_180.0, 0.0).is_nan());
        assert!(capacity_by_mass(-1.0, 50.0).is_nan());
        assert!(capacity_by_mass(f64::NAN, 50.0).is_nan());
        assert!(capacity_by_volume(33.2, 74.0, 1.5).is_nan());
        assert!(capacity_by_volume(33.2, -1.0, 0.8).is_nan());
        assert!(capacity(28_180.0, 60.0, 33.2, 74.0, 0.0).max.is_nan());
        assert!(mass_margin_per_round(28_180.0, 0.0).is_nan());
        assert!(volume_per_round_l(33.2, 0.0).is_nan());
    }
}
