//! The binned shape of one column: an equal-width histogram and the exceedance curve, as the
//! charts draw them.

/// Histogram and exceedance curve of one quantity.
#[derive(Debug, Clone)]
pub struct QuantityCurves {
    /// Equal-width histogram over [min, max].
    pub histogram: Histogram,
    /// Points (x, P(X ≥ x)) with x increasing and P non-increasing, from the exact order statistics.
    pub exceedance: Vec<(f64, f64)>,
}

impl QuantityCurves {
    /// No histogram and no curve (for quantities that are not charted).
    pub fn empty() -> QuantityCurves {
        QuantityCurves {
            histogram: Histogram {
                lo: f64::NAN,
                width: 0.0,
                counts: Vec::new(),
            },
            exceedance: Vec::new(),
        }
    }
}

/// An equal-width histogram.
#[derive(Debug, Clone)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f64,
    /// Width of each bin (0 when every draw is equal).
    pub width: f64,
    /// Number of draws in each bin; the last bin includes its right edge.
    pub counts: Vec<u64>,
}
