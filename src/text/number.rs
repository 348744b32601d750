//! The one number formatter for messages and outputs: plain digits for everyday magnitudes,
//! scientific notation beyond them, so 2.97e302 never prints as a 303-character string.
//!
//! ```text
//! exact(x)      shortest text that reads back as x:  43.56, -250, 1e300, 2.5e-7
//! short(x, sig) sig significant digits:               68.82, 412.6, 2.97e302
//! ```
//! Both switch to scientific notation at |x| ≥ [`SCI_ABOVE`] and below 1e-6.

/// Magnitudes from here up are written in scientific notation.
pub const SCI_ABOVE: f64 = 1e15;

fn scientific(x: f64) -> bool {
    let a = x.abs();
    x.is_finite() && a != 0.0 && !(1e-6..SCI_ABOVE).contains(&a)
}

/// The shortest text that reads back as `x` (Rust's round-trip formatting), in scientific
/// notation for very large and very small magnitudes; `inf`, `-inf`, `nan` as TOML writes them.
pub fn exact(x: f64) -> String {
    if !x.is_finite() {
        return super::tree::non_finite(x).to_string();
    }
    if scientific(x) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// `x` to `sig` significant digits without trailing zeros (`68.8235` → `68.82` with 4), in
/// scientific notation for very large and very small magnitudes (`2.97e302`).
pub fn short(x: f64, sig: usize) -> String {
    if !x.is_finite() {
        return super::tree::non_finite(x).to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let sig = sig.max(1);
    if scientific(x) {
        let s = format!("{x:.*e}", sig - 1);
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = trim_zeros(m);
        return format!("{m}e{e}");
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    trim_zeros(&format!("{x:.decimals$}")).to_string()
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// A whole number with the largest exact suffix of the number syntax: 1000000 → `1M`,
/// 450000 → `450k`, 1234 → `1234`.
pub fn suffixed(x: f64) -> String {
    for (scale, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] {
        let q = x / scale;
        if x.abs() >= scale && q.fract() == 0.0 && q.abs() < 1e15 {
            return format!("{q}{suffix}");
        }
    }
    exact(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(exact(43.56), "43.56");
        assert_eq!(exact(-250.0), "-250");
        assert_eq!(exact(1e300), "1e300");
        assert_eq!(exact(2.97e302), "2.97e302");
        assert_eq!(exact(f64::NEG_INFINITY), "-inf");
        assert_eq!(exact(123_456_789_012_345.0), "123456789012345");
        assert_eq!(short(68.823_5, 4), "68.82");
        assert_eq!(short(2.97e302, 4), "2.97e302");
        assert_eq!(short(-2_866_343.0, 4), "-2866343");
        assert_eq!(short(0.0, 4), "0");
        assert_eq!(suffixed(1e6), "1M");
        assert_eq!(suffixed(450_000.0), "450k");
        assert_eq!(suffixed(1234.0), "1234");
        for x in [43.56, 1e300, 2.5e-7, -0.1, 1e15, 6.02e23] {
            assert_eq!(exact(x).parse::<f64>().unwrap(), x);
        }
    }
}
