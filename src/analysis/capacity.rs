//! Which limit binds: for every `X` with quantities `capacity_by_mass_X` and
//! `capacity_by_volume_X` (the naming convention of the capacity chart), the share of draws on
//! which mass is the tighter limit, and, with `claimed_load_X`, the share on which the claimed
//! load fits within both.

use crate::engine::Draws;
use crate::results::CapacitySummary;
use crate::scenario::Scenario;
use indexmap::IndexMap;

/// Capacity checks found in the scenario, keyed by `X`. `weights` (normalised) when the run has
/// evidence.
pub(super) fn checks(
    scenario: &Scenario,
    draws: &Draws,
    weights: Option<&[f64]>,
) -> IndexMap<String, CapacitySummary> {
    let col = |name: &str| scenario.program.quantity(name).map(|q| &draws.columns[q]);
    let mut out = IndexMap::new();
    for q in &scenario.quantities {
        let Some(x) = q.name.strip_prefix("capacity_by_mass_") else {
            continue;
        };
        let (Some(mass), Some(volume)) = (col(&q.name), col(&format!("capacity_by_volume_{x}")))
        else {
            continue;
        };
        let claimed = col(&format!("claimed_load_{x}"));
        let w = |i: usize| weights.map_or(1.0 / draws.samples as f64, |w| w[i]);
        let (mut binds, mut fits) = (0.0, 0.0);
        for i in 0..draws.samples {
            if mass[i] <= volume[i] {
                binds += w(i);
            }
            if let Some(c) = claimed {
                if c[i] <= mass[i].min(volume[i]) {
                    fits += w(i);
                }
            }
        }
        out.insert(
            x.to_string(),
            CapacitySummary {
                mass_binds: binds,
                claimed_fits: claimed.map(|_| fits),
            },
        );
    }
    out
}
