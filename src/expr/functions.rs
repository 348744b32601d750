//! The names the expression language gives to the model's deterministic functions, and every
//! callable name (functions, `if`, `mixture`, distribution families) for suggestions.

use crate::dist::Family;
use crate::model::Func;

/// The deterministic functions by name, with their arity (`None`: two or more).
pub const FUNCTIONS: [(&str, Func, Option<usize>); 15] = [
    ("min", Func::Min, None),
    ("max", Func::Max, None),
    ("floor", Func::Floor, Some(1)),
    ("ceil", Func::Ceil, Some(1)),
    ("round", Func::Round, Some(1)),
    ("abs", Func::Abs, Some(1)),
    ("sqrt", Func::Sqrt, Some(1)),
    ("ln", Func::Ln, Some(1)),
    ("exp", Func::Exp, Some(1)),
    ("clamp", Func::Clamp, Some(3)),
    ("sin", Func::Sin, Some(1)),
    ("cos", Func::Cos, Some(1)),
    ("capacity_by_mass", Func::CapacityByMass, Some(2)),
    ("capacity_by_volume", Func::CapacityByVolume, Some(3)),
    ("mass_per_round", Func::MassPerRound, Some(2)),
];

/// Every callable name: functions, `if`, `mixture`, and distribution families.
pub fn callable_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = FUNCTIONS.iter().map(|f| f.0).collect();
    v.extend(["if", "mixture"]);
    v.extend(super::indexed::INDEX_FUNCTIONS);
    v.extend(
        Family::all()
            .iter()
            .filter(|f| **f != Family::To)
            .map(|f| f.name()),
    );
    v
}
