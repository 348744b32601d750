//! Capacity arithmetic for one draw, behind the expression language's `capacity_by_mass`,
//! `capacity_by_volume` and `mass_per_round`: how many packed rounds fit a container by mass
//! and by volume, and the mass budget per round implied by a claimed load.
//!
//! ```text
//! by_mass   = floor(payload_kg / packed_mass_kg)
//! by_volume = floor(volume_m3 · 1000 · packing_efficiency / packed_volume_l)
//! margin    = payload_kg / rounds            (kg available per round)
//! ```
//!
//! A quotient within 1e-9 (relative) of a whole number counts as that whole number, so a load
//! that fits exactly is not lost to rounding (448 × 51.745 kg in 23,181.76 kg is 448 rounds).
//! Inputs outside their domain (non-positive mass or volume per round, negative payload or
//! volume, efficiency outside (0, 1], non-finite numbers) give NaN, like the engine's other
//! arithmetic on impossible draws; the functions never panic.

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

/// Mass available per round when `rounds` share `payload_kg` (e.g. 28,180 / 448 = 62.9 kg).
pub fn mass_margin_per_round(payload_kg: f64, rounds: f64) -> f64 {
    if !(rounds > 0.0 && payload_kg >= 0.0) {
        return f64::NAN;
    }
    payload_kg / rounds
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

    /// Per-round mass budgets worked by hand: payload (28,180 kg ISO 20 ft maximum, 26,730 kg,
    /// 17–19 t road-legal) divided by 448 or 500 rounds.
    #[test]
    fn mass_budgets() {
        assert!(close(mass_margin_per_round(28_180.0, 448.0), 62.9, 0.05));
        assert!(close(mass_margin_per_round(26_730.0, 448.0), 59.7, 0.05));
        assert!(close(mass_margin_per_round(28_180.0, 500.0), 56.4, 0.05));
        assert!(close(mass_margin_per_round(26_730.0, 500.0), 53.5, 0.05));
        assert!(close(mass_margin_per_round(17_000.0, 448.0), 37.9, 0.05));
        assert!(close(mass_margin_per_round(19_000.0, 448.0), 42.4, 0.05));
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
        assert_eq!(capacity_by_volume(33.2, 40.0, 0.8), 664.0);
        assert_eq!(capacity_by_mass(17_000.0, 62.9), 270.0);
        // 122 mm rounds of 66 kg: mass allows far more than the 74.6 per container seen.
        assert!(capacity_by_mass(28_180.0, 66.0) > 74.6 * 5.0);
    }

    #[test]
    fn bad_inputs_give_nan() {
        assert!(capacity_by_mass(28_180.0, 0.0).is_nan());
        assert!(capacity_by_mass(-1.0, 50.0).is_nan());
        assert!(capacity_by_mass(f64::NAN, 50.0).is_nan());
        assert!(capacity_by_volume(33.2, 74.0, 1.5).is_nan());
        assert!(capacity_by_volume(33.2, -1.0, 0.8).is_nan());
        assert!(capacity_by_volume(33.2, 74.0, 0.0).is_nan());
        assert!(mass_margin_per_round(28_180.0, 0.0).is_nan());
    }
}
