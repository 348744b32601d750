//! Why a run stopped: a value the scenario allowed on some draw that the engine cannot use, or
//! more work than the limits allow. Each error names the quantity (or claim, or evidence) and
//! the draw, and says what to change. A `[shipment]` draw's failures (the engine's checks and
//! the kernel's errors) become [`EngineError::Shipment`] here.

use crate::model::limits::MAX_CONTAINER_LOADS;
use crate::model::{IdVec, QuantityId, ShipmentOutput, ShipmentPlan};
use crate::shipment::ShipmentError;

/// A failure while drawing: the scenario allowed a value it cannot use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// Parameters computed from other quantities were invalid on some draw.
    #[error("quantity `{quantity}`, draw {draw}: {message}")]
    Draw {
        /// The quantity (or claim) being computed.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// What was wrong.
        message: String,
    },
    /// A `[shipment]` draw failed: its parameters, a container's load, or a count too large.
    #[error("quantity `{quantity}`, draw {draw}: {message}")]
    Shipment {
        /// The generated quantity that cannot hold the count, or `shipment`.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// What was wrong.
        message: String,
        /// Why, for the help line.
        cause: ShipmentCause,
    },
    /// A quantity took a value that is not a finite number (e.g. `ln(0)`, `x / 0`).
    #[error("quantity `{quantity}` is {} on draw {draw}: check for division by zero, ln or sqrt of values ≤ 0, overflow, or an if(...) test, min, max or clamp on such a value", crate::text::number::exact(*value))]
    NonFinite {
        /// The quantity.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// The value (NaN or ±inf).
        value: f64,
    },
    /// A quantity took a value outside its declared or unit-implied range.
    #[error("quantity `{quantity}` is {} on draw {draw}, outside its range {range}", crate::text::number::short(*value, 6))]
    OutOfRange {
        /// The quantity.
        quantity: String,
        /// Zero-based draw index.
        draw: u64,
        /// The value.
        value: f64,
        /// The range and where it comes from, e.g. `[0, 1] (unit "share")`.
        range: String,
        /// What to write instead.
        hint: String,
    },
    /// `[shipment]` would draw more per-container loads one by one than
    /// [`MAX_CONTAINER_LOADS`] allows: estimated before sampling from the first chunk
    /// (`first_draw` 0), or found while running in a chunk that needs more than its share.
    #[error("{}", work_message(.per_draw, .samples, .first_draw, .draws))]
    TooMuchWork {
        /// Per-container loads per draw, on the draws counted.
        per_draw: f64,
        /// Draws in the run.
        samples: u64,
        /// First draw counted.
        first_draw: u64,
        /// Draws counted.
        draws: u64,
    },
    /// A claim's or an evidence entry's test compared a value that is not a finite number, so
    /// whether it holds on that draw is unknown (see [`crate::model::ops`]).
    #[error("{subject} cannot be decided on draw {draw}: its test compares a value that is {}, not a finite number (division by zero, ln or sqrt of values ≤ 0, or overflow)", crate::text::number::exact(*value))]
    UnknownTest {
        /// `claim `id`` or `evidence `id``.
        subject: String,
        /// The scenario key of the test, e.g. `claim.low.holds_if`.
        key: String,
        /// Zero-based draw index.
        draw: u64,
        /// The value compared (NaN or ±inf).
        value: f64,
    },
}

impl EngineError {
    /// The scenario key the error concerns (a quantity name, or a claim's or evidence's key).
    pub fn key(&self) -> String {
        match self {
            EngineError::Draw { quantity, .. }
            | EngineError::Shipment { quantity, .. }
            | EngineError::NonFinite { quantity, .. }
            | EngineError::OutOfRange { quantity, .. } => quantity.clone(),
            EngineError::UnknownTest { key, .. } => key.clone(),
            EngineError::TooMuchWork { .. } => "shipment".to_string(),
        }
    }

    /// What to do about it, where the message does not already say it.
    pub fn help(&self) -> Option<String> {
        let text = match self {
            EngineError::Draw { .. } => "parameters computed from other quantities must be valid on every draw: bound them with clamp(x, lo, hi), max or min".into(),
            EngineError::Shipment { cause, .. } => return cause.help().map(str::to_string),
            EngineError::NonFinite { .. } => "make sure the formula is defined for every value its inputs can take, or guard it: if(d > 0, x / d, 0)".into(),
            EngineError::OutOfRange { hint, .. } => hint.clone(),
            EngineError::UnknownTest { .. } => "guard the formula so the test is defined on every draw: `if(d > 0, x / d, 0) <= 0.5`, or `d > 0 and x / d <= 0.5` (false when d is 0)".into(),
            EngineError::TooMuchWork { per_draw, .. } => {
                let fits = (MAX_CONTAINER_LOADS / per_draw).floor();
                let fewer = if fits >= 1.0 {
                    format!("use fewer samples (--samples {fits:.0} or fewer), ")
                } else {
                    "use fewer containers, ".to_string()
                };
                format!("{fewer}or a poisson(mean) or binomial(n, p) load: their totals over all containers are drawn exactly, at no cost per container")
            }
        };
        Some(text)
    }
}

/// Why a `[shipment]` draw failed, which decides what the help line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipmentCause {
    /// `containers` was not a finite number ≥ 0 on the draw.
    Containers,
    /// A count of containers or rounds beyond 2⁶⁴ − 1.
    TooLarge,
    /// A container drew a load below 0 (the message says what load to use).
    NegativeLoad,
    /// A share outside [0, 1], or shares that do not add up to 1.
    Shares,
    /// A dud rate outside [0, 1].
    DudRate,
    /// A load model's parameter out of its range (e.g. a negative Poisson mean).
    LoadParameter,
}

impl ShipmentCause {
    /// The help line for this cause; `None` when the message already says what to change.
    pub fn help(self) -> Option<&'static str> {
        match self {
            ShipmentCause::Containers => Some("`containers` must be a number ≥ 0 on every draw: use a distribution that cannot go negative (`lo to hi`, gamma, poisson), or bound it with max(0, x)"),
            ShipmentCause::TooLarge => Some("no shipment holds this many: check `containers` and the loads for a slip of units or of powers of ten (a load counts rounds per container)"),
            ShipmentCause::NegativeLoad => None,
            ShipmentCause::Shares => Some("shares computed from other quantities must each stay within [0, 1] and add up to 1 on every draw: write the last share as 1 minus the others, and bound them with clamp(x, 0, 1)"),
            ShipmentCause::DudRate => Some("a dud rate computed from other quantities must stay within [0, 1] on every draw: bound it with clamp(x, 0, 1), or draw it from a distribution on [0, 1] such as beta_ci(lo, hi)"),
            ShipmentCause::LoadParameter => Some("load parameters computed from other quantities must be valid on every draw: bound them with clamp(x, lo, hi), max or min"),
        }
    }
}

fn work_message(per_draw: &f64, samples: &u64, first_draw: &u64, draws: &u64) -> String {
    let range = if *draws <= 1 {
        format!("draw {first_draw}")
    } else {
        format!("draws {first_draw}–{}", first_draw + draws - 1)
    };
    format!(
        "[shipment] would draw about {:.1e} container loads one by one ({samples} samples × about {per_draw:.3e} containers per draw with a per-container load, counted on {range}), more than the limit of {MAX_CONTAINER_LOADS:.0e} (roughly 7 minutes of one core at 4 ns a load)",
        per_draw * *samples as f64
    )
}

/// Why one draw failed: a message of the engine's own (and its cause), or the kernel's error.
pub(super) enum Failure {
    /// The engine's message and its cause.
    Message(String, ShipmentCause),
    /// The kernel's error.
    Kernel(ShipmentError),
}

/// The error of a `[shipment]`'s draw `i` of the chunk whose first draw is `base`: a cargo
/// type's load errors name its `delivered_<cargo>` quantity (`names`).
pub(super) fn iteration_error(
    plan: &ShipmentPlan,
    (names, base): (&IdVec<QuantityId, String>, u64),
    i: usize,
    f: Failure,
) -> EngineError {
    let cargo = match &f {
        Failure::Kernel(ShipmentError::NegativeLoad { cargo, .. })
        | Failure::Kernel(ShipmentError::Overflow {
            cargo: Some(cargo), ..
        }) => Some(*cargo),
        _ => None,
    };
    let (message, cause) = match f {
        Failure::Message(m, cause) => (m, cause),
        Failure::Kernel(e) => {
            let cause = kernel_cause(&e);
            match cargo.and_then(|c| plan.cargo.get(c)) {
                Some(c) => (format!("cargo `{}`: {e}", c.id), cause),
                None => (e.to_string(), cause),
            }
        }
    };
    let quantity = cargo.and_then(|c| {
        plan.outputs
            .iter()
            .find(|(o, _)| *o == ShipmentOutput::DeliveredCargo(c))
            .map(|(_, q)| names[*q].clone())
    });
    EngineError::Shipment {
        quantity: quantity.unwrap_or_else(|| "shipment".to_string()),
        draw: base + i as u64,
        message,
        cause,
    }
}

/// What kind of problem a kernel error is, for its help line.
fn kernel_cause(e: &ShipmentError) -> ShipmentCause {
    match e {
        ShipmentError::BadParameter { .. } => ShipmentCause::LoadParameter,
        ShipmentError::NoShares { .. }
        | ShipmentError::ShareOutOfRange { .. }
        | ShipmentError::SharesDontSumToOne { .. } => ShipmentCause::Shares,
        ShipmentError::BadProbability { .. } => ShipmentCause::DudRate,
        ShipmentError::NegativeLoad { .. } => ShipmentCause::NegativeLoad,
        ShipmentError::Overflow { .. } => ShipmentCause::TooLarge,
    }
}

/// The error of a `[shipment]` parameter on the chunk's draw `i`.
pub(super) fn draw_error(base: u64, i: usize, message: String) -> EngineError {
    EngineError::Draw {
        quantity: "shipment".to_string(),
        draw: base + i as u64,
        message,
    }
}
