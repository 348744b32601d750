//! Declared and unit-implied ranges: the values a quantity's draws must stay within.
//!
//! A quantity may declare `range = [lo, hi]`; otherwise its unit may imply one ([`unit_range`]):
//!
//! ```text
//! unit                                                          range
//! exactly share, fraction, probability or proportion            [0, 1]
//! first word containers, rounds, shells, rockets, trips, days,  [0, inf)
//!   hours, ships, trains, wagons, crates, pallets, lots, kg, t,
//!   tonnes, g, m, km, m2, m3, l, litres, liters (or singular)
//! ```
//! So `rounds per container`, `kg per round` and `days of fire` are ≥ 0, while `ratio`, `%`,
//! `capacity / claimed load` and `share of containers` imply nothing: a computed "share of
//! containers needed" may exceed 1, which is the finding, not a mistake (declare
//! `range = [0, 1]` where a share must stay a share). A declared range replaces the implied one.
//! The engine checks every column against its quantity's range as it checks for non-finite
//! values (a min/max scan per chunk); a constant outside its range is an error at `check`.

use crate::dist::Dist;

/// Values a quantity's draws must stay within (closed at finite ends), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRange {
    /// Lowest allowed value (may be −∞).
    pub lo: f64,
    /// Highest allowed value (may be +∞).
    pub hi: f64,
    /// Where the range comes from, for messages: `declared` or `unit "share"`.
    pub origin: String,
    /// What to write instead when a draw falls outside.
    pub hint: String,
}

const SHARES: &[&str] = &["share", "fraction", "probability", "proportion"];
const AMOUNTS: &[&str] = &[
    "container",
    "round",
    "shell",
    "rocket",
    "trip",
    "day",
    "hour",
    "ship",
    "train",
    "wagon",
    "crate",
    "pallet",
    "lot",
    "kg",
    "t",
    "tonne",
    "ton",
    "g",
    "m",
    "km",
    "m2",
    "m3",
    "l",
    "litre",
    "liter",
];

/// The range a unit implies: `[0, 1]` for shares, `[0, inf)` for counts and physical amounts,
/// decided by the unit's first word (see the module docs).
pub fn unit_range(unit: &str) -> Option<(f64, f64)> {
    let first = unit
        .split(|c: char| c.is_whitespace() || c == '/')
        .find(|w| !w.is_empty())?
        .to_lowercase();
    if SHARES.contains(&unit.trim().to_lowercase().as_str()) {
        return Some((0.0, 1.0));
    }
    let singular = first
        .strip_suffix('s')
        .filter(|s| AMOUNTS.contains(s))
        .unwrap_or(&first);
    AMOUNTS.contains(&singular).then_some((0.0, f64::INFINITY))
}

impl ValueRange {
    /// True when `x` is allowed.
    #[inline]
    pub fn contains(&self, x: f64) -> bool {
        x >= self.lo && x <= self.hi
    }

    /// The first value of `xs` outside the range: a min/max scan, then a search only when one
    /// is out.
    pub fn first_outside(&self, xs: &[f64]) -> Option<usize> {
        let (mn, mx) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        if mn >= self.lo && mx <= self.hi {
            return None;
        }
        xs.iter().position(|&x| !self.contains(x))
    }

    /// `[0, 1]`, `≥ 0`, `≤ 5`.
    pub fn describe(&self) -> String {
        use crate::text::number::exact;
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!("[{}, {}]", exact(self.lo), exact(self.hi)),
            (true, false) => format!("≥ {}", exact(self.lo)),
            (false, true) => format!("≤ {}", exact(self.hi)),
            (false, false) => "any number".to_string(),
        }
    }

    /// The probability that a draw of `d` falls outside the range.
    pub fn outside_probability(&self, d: &Dist) -> f64 {
        let below = if !self.lo.is_finite() {
            0.0
        } else if d.is_discrete() {
            d.cdf(self.lo.ceil() - 1.0)
        } else {
            d.cdf(self.lo)
        };
        let above = if self.hi.is_finite() {
            1.0 - d.cdf(self.hi)
        } else {
            0.0
        };
        below + above
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Family;

    #[test]
    fn units() {
        assert_eq!(unit_range("share"), Some((0.0, 1.0)));
        assert_eq!(unit_range("share of containers"), None);
        assert_eq!(unit_range("Probability"), Some((0.0, 1.0)));
        for u in [
            "rounds per container",
            "kg",
            "containers",
            "days of fire",
            "m3",
            "L",
            "t",
        ] {
            assert_eq!(unit_range(u), Some((0.0, f64::INFINITY)), "{u}");
        }
        for u in [
            "ratio",
            "%",
            "capacity / claimed load",
            "1 = mass binds",
            "loaded trips",
            "",
        ] {
            assert_eq!(unit_range(u), None, "{u}");
        }
    }

    #[test]
    fn scans_and_probabilities() {
        let r = ValueRange {
            lo: 0.0,
            hi: 1.0,
            origin: "unit \"share\"".into(),
            hint: String::new(),
        };
        assert_eq!(r.first_outside(&[0.0, 0.5, 1.0]), None);
        assert_eq!(r.first_outside(&[0.5, 2.44, -1.0]), Some(1));
        assert_eq!(r.describe(), "[0, 1]");
        let ln = Dist::new(Family::To, &[0.1, 0.6]).unwrap();
        let p = r.outside_probability(&ln);
        assert!((p - 0.0049).abs() < 0.0005, "{p}");
        let pois = Dist::new(Family::Poisson, &[3.0]).unwrap();
        let count = ValueRange {
            hi: f64::INFINITY,
            ..r
        };
        assert_eq!(count.outside_probability(&pois), 0.0);
    }
}
