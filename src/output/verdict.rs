//! Words for probabilities: the calibrated likelihood scale of the IPCC (Mastrandrea et al.
//! 2010, *Guidance Note for Lead Authors of the IPCC Fifth Assessment Report on Consistent
//! Treatment of Uncertainties*, table 1), used by the terminal summary and the report.
//!
//! ```text
//! P ≥ 0.99          virtually certain
//! 0.90 ≤ P < 0.99   very likely
//! 0.66 ≤ P < 0.90   likely
//! 0.33 < P < 0.66   about as likely as not
//! 0.10 < P ≤ 0.33   unlikely
//! 0.01 < P ≤ 0.10   very unlikely
//! P ≤ 0.01          exceptionally unlikely
//! ```
//!
//! The IPCC ranges overlap ("likely" is 66–100 %); here each probability gets the narrowest.

/// The calibrated words for probability `p` (see the module docs); `"undetermined"` for NaN.
pub fn verdict(p: f64) -> &'static str {
    if p.is_nan() {
        "undetermined"
    } else if p >= 0.99 {
        "virtually certain"
    } else if p >= 0.90 {
        "very likely"
    } else if p >= 0.66 {
        "likely"
    } else if p > 0.33 {
        "about as likely as not"
    } else if p > 0.10 {
        "unlikely"
    } else if p > 0.01 {
        "very unlikely"
    } else {
        "exceptionally unlikely"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_verdict() {
        assert_eq!(verdict(0.413), "about as likely as not");
        assert_eq!(verdict(0.95), "very likely");
    }

    #[test]
    fn scale_boundaries() {
        let table = [
            (1.0, "virtually certain"),
            (0.99, "virtually certain"),
            (0.989, "very likely"),
            (0.90, "very likely"),
            (0.66, "likely"),
            (0.659, "about as likely as not"),
            (0.331, "about as likely as not"),
            (0.33, "unlikely"),
            (0.101, "unlikely"),
            (0.10, "very unlikely"),
            (0.011, "very unlikely"),
            (0.01, "exceptionally unlikely"),
            (0.0, "exceptionally unlikely"),
            (f64::NAN, "undetermined"),
        ];
        for (p, words) in table {
            assert_eq!(verdict(p), words, "p = {p}");
        }
    }
}
