//! The fields each kind of catalogue entry may have: name, unit, allowed values, whether required.
//!
//! The unit of a field is fixed by its name (the suffix `_kg`, `_m`, `_m3`, `_l` or `_share`), so
//! a catalogue file never states units and scenario quantities built from it carry the right one.

/// The kinds of entry in a catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A shipping container type (`[container.<id>]`).
    Container,
    /// A munition type (`[munition.<id>]`).
    Munition,
}

impl EntryKind {
    /// The table name in the file: `container` or `munition`.
    pub fn table(self) -> &'static str {
        match self {
            EntryKind::Container => "container",
            EntryKind::Munition => "munition",
        }
    }

    /// The kind whose table is named `table` (`container` or `munition`).
    pub fn from_table(table: &str) -> Option<EntryKind> {
        [EntryKind::Container, EntryKind::Munition]
            .into_iter()
            .find(|k| k.table() == table)
    }

    /// The value fields an entry of this kind may have.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            EntryKind::Container => CONTAINER_FIELDS,
            EntryKind::Munition => MUNITION_FIELDS,
        }
    }

    /// The text fields (plain strings, not values) an entry of this kind may have.
    pub fn text_fields(self) -> &'static [TextSpec] {
        match self {
            EntryKind::Container => CONTAINER_TEXT,
            EntryKind::Munition => MUNITION_TEXT,
        }
    }

    /// The spec of value field `name`, if it exists for this kind.
    pub fn field(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// Which numbers a field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Strictly positive (masses, volumes, lengths).
    Positive,
    /// A share in (0, 1].
    Share,
}

impl Domain {
    /// Whether `x` is allowed.
    pub fn allows(self, x: f64) -> bool {
        match self {
            Domain::Positive => x > 0.0 && x.is_finite(),
            Domain::Share => x > 0.0 && x <= 1.0,
        }
    }

    /// The probability that a draw of `d` is not allowed.
    pub fn outside_probability(self, d: &crate::dist::Dist) -> f64 {
        match self {
            Domain::Positive => d.cdf(0.0),
            Domain::Share => d.cdf(0.0) + (1.0 - d.cdf(1.0)),
        }
    }

    /// What is allowed, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Domain::Positive => "a number > 0",
            Domain::Share => "a share in (0, 1]",
        }
    }
}

/// One value field of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Field name, as written in the file and used in quantity names.
    pub name: &'static str,
    /// Unit of the value.
    pub unit: &'static str,
    /// Allowed values.
    pub domain: Domain,
    /// Whether every entry of this kind must give it.
    pub required: bool,
    /// What the field means.
    pub about: &'static str,
}

/// One plain-text field of an entry (e.g. `name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpec {
    /// Field name.
    pub name: &'static str,
    /// Whether every entry of this kind must give it.
    pub required: bool,
    /// The allowed values, when the field is a choice.
    pub choices: Option<&'static [&'static str]>,
}

const fn f(
    name: &'static str,
    unit: &'static str,
    domain: Domain,
    required: bool,
    about: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        unit,
        domain,
        required,
        about,
    }
}

use Domain::{Positive, Share};

const CONTAINER_FIELDS: &[FieldSpec] = &[
    f("internal_length_m", "m", Positive, false, "internal length"),
    f("internal_width_m", "m", Positive, false, "internal width"),
    f("internal_height_m", "m", Positive, false, "internal height"),
    f(
        "internal_volume_m3",
        "m3",
        Positive,
        true,
        "internal volume",
    ),
    f("tare_kg", "kg", Positive, false, "empty container mass"),
    f(
        "max_gross_kg",
        "kg",
        Positive,
        false,
        "ISO maximum gross mass (container and cargo)",
    ),
    f(
        "max_payload_kg",
        "kg",
        Positive,
        true,
        "ISO maximum payload (maximum gross minus tare)",
    ),
    f(
        "road_payload_kg",
        "kg",
        Positive,
        true,
        "practical road-legal payload",
    ),
    f(
        "usable_volume_share",
        "share",
        Share,
        false,
        "share of internal volume that packed cargo can fill",
    ),
];

const MUNITION_FIELDS: &[FieldSpec] = &[
    f(
        "projectile_mass_kg",
        "kg",
        Positive,
        true,
        "mass of what flies (for a rocket, the complete rocket)",
    ),
    f(
        "propellant_kg",
        "kg",
        Positive,
        false,
        "separately loaded gun propellant charge",
    ),
    f(
        "warhead_mass_kg",
        "kg",
        Positive,
        false,
        "warhead mass (part of the projectile)",
    ),
    f(
        "motor_propellant_kg",
        "kg",
        Positive,
        false,
        "rocket-motor propellant (part of the projectile)",
    ),
    f("length_m", "m", Positive, false, "overall length"),
    f("case_mass_kg", "kg", Positive, false, "cartridge-case mass"),
    f(
        "packaging_mass_per_round_kg",
        "kg",
        Positive,
        false,
        "per-round share of crate and packing mass",
    ),
    f(
        "packed_mass_kg",
        "kg",
        Positive,
        true,
        "mass per round as packed for shipping (projectile, charge, case and packaging)",
    ),
    f(
        "packed_volume_l",
        "L",
        Positive,
        true,
        "volume per round as packed for shipping",
    ),
];

const CONTAINER_TEXT: &[TextSpec] = &[TextSpec {
    name: "name",
    required: true,
    choices: None,
}];

const MUNITION_TEXT: &[TextSpec] = &[
    TextSpec {
        name: "name",
        required: true,
        choices: None,
    },
    TextSpec {
        name: "kind",
        required: false,
        choices: Some(&["shell", "rocket"]),
    },
];

/// Every field name (text and value) an entry of `kind` may have, for suggestions.
pub fn all_field_names(kind: EntryKind) -> impl Iterator<Item = &'static str> {
    kind.text_fields()
        .iter()
        .map(|t| t.name)
        .chain(kind.fields().iter().map(|f| f.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_follow_suffixes() {
        for kind in [EntryKind::Container, EntryKind::Munition] {
            for spec in kind.fields() {
                let expected = match spec.name.rsplit('_').next() {
                    Some("kg") => "kg",
                    Some("m") => "m",
                    Some("m3") => "m3",
                    Some("l") => "L",
                    Some("share") => "share",
                    other => panic!("unexpected suffix {other:?}"),
                };
                assert_eq!(spec.unit, expected, "{}", spec.name);
            }
        }
    }

    #[test]
    fn domains() {
        assert!(Domain::Positive.allows(1e-9));
        assert!(!Domain::Positive.allows(0.0));
        assert!(!Domain::Positive.allows(f64::NAN));
        assert!(Domain::Share.allows(1.0));
        assert!(!Domain::Share.allows(1.01));
    }
}
