//! The binned shape of one column: a histogram (see [`super::histogram`]) and the exceedance
//! curve, as the charts draw them.

pub use super::histogram::Histogram;

/// Histogram and exceedance curve of one quantity.
#[derive(Debug, Clone)]
pub struct QuantityCurves {
    /// Histogram over the middle 99% of the draws.
    pub histogram: Histogram,
    /// Points (x, P(X ≥ x)) with x increasing and P non-increasing, from the exact order statistics.
    pub exceedance: Vec<(f64, f64)>,
}

impl QuantityCurves {
    /// No histogram and no curve (for quantities that are not charted).
    pub fn empty() -> QuantityCurves {
        QuantityCurves {
            histogram: Histogram::empty(),
            exceedance: Vec::new(),
        }
    }
}
