//! Number formatting shared by the terminal table, the report and chart tick labels, and the
//! width of text in terminal columns.
//!
//! # Probabilities and their errors
//! One rule for every printed probability ([`percent`], [`probability_pm`]): an error is shown
//! with two significant figures, and the probability to the decimal of the error's first
//! significant figure (no digit the error does not support): `41.3% ± 0.12%`,
//! `0.013% ± 0.0025%`, `41% ± 3.1%`. A non-zero probability never prints as `0.0%` (it keeps
//! two significant figures), one below 1 never as `100%`, and only exactly 0 and 1 print as
//! `0%` and `100%`. Shares of variance (the report's index cells) are stated only when resolved and then
//! clamped to [0, 1], so no share prints above 100%.

use unicode_width::UnicodeWidthStr;

/// Formats `x` with at most `sig` significant digits and thousands separators, e.g.
/// `2_987_654.3` → `"2,988,000"` with `sig = 4`, `0.012345` → `"0.01235"`; magnitudes from
/// 1e15 up and below 1e-6 in scientific notation (`2.97e302`), never as hundreds of digits.
pub fn grouped(x: f64, sig: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if !(1e-6..1e15).contains(&x.abs()) {
        return crate::text::number::short(x, sig);
    }
    let sig = sig.max(1) as i32;
    let mag = x.abs().log10().floor() as i32;
    let decimals = (sig - 1 - mag).max(0) as usize;
    let factor = 10f64.powi(mag - sig + 1);
    let rounded = if mag >= sig {
        (x / factor).round() * factor
    } else {
        x
    };
    let text = format!("{:.*}", decimals, rounded);
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        let f = f.trim_end_matches('0');
        if !f.is_empty() {
            out.push('.');
            out.push_str(f);
        }
    }
    if out == "-0" {
        out = "0".to_string();
    }
    out
}

/// Short form for axis ticks and compact tables: `3_000_000` → `"3.0M"`, `450_000` → `"450k"`,
/// `1.2e9` → `"1.2B"`, `0.25` → `"0.25"`.
pub fn short(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let a = x.abs();
    let (value, suffix) = if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e4 {
        (x / 1e3, "k")
    } else {
        return trim_number(x);
    };
    let digits = if value.abs() >= 100.0 || (value.abs() >= 10.0 && suffix == "k") {
        0
    } else {
        1
    };
    format!("{:.*}{}", digits, value, suffix)
}

/// Numbers shown together (the bar labels of one chart) in one style: all with the suffix
/// (k, M, B) [`short`] gives the largest in magnitude, with the decimals [`short`] would use
/// and at least two significant digits (at most three decimals); below 10,000, all with the
/// decimals that give the largest three significant digits (`+69.9`, `+7.9`, `-5.3`).
pub fn short_all(xs: &[f64]) -> Vec<String> {
    let m = xs
        .iter()
        .filter(|x| x.is_finite())
        .fold(0.0_f64, |m, x| m.max(x.abs()));
    let (scale, suffix) = if m >= 1e9 {
        (1e9, "B")
    } else if m >= 1e6 {
        (1e6, "M")
    } else if m >= 1e4 {
        (1e3, "k")
    } else {
        // No suffix: one number of decimals, three significant digits for the largest.
        let digits = if m > 0.0 {
            (2.0 - m.log10().floor()).clamp(0.0, 6.0) as usize
        } else {
            0
        };
        return xs
            .iter()
            .map(|&x| match x {
                x if !x.is_finite() => format!("{x}"),
                0.0 => "0".to_string(),
                x if digits == 0 => grouped(x.round(), 15),
                x => format!("{x:.digits$}"),
            })
            .collect();
    };
    xs.iter()
        .map(|&x| {
            if !x.is_finite() {
                return format!("{x}");
            }
            if x == 0.0 {
                return "0".to_string();
            }
            let v = x / scale;
            let whole = if suffix == "k" { 10.0 } else { 100.0 };
            // As `short` writes it, and at least two significant digits (at most three decimals).
            let base = usize::from(v.abs() < whole);
            let needed = (1.0 - v.abs().log10().floor()).clamp(0.0, 3.0) as usize;
            let digits = base.max(needed);
            format!("{v:.digits$}{suffix}")
        })
        .collect()
}

fn trim_number(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    if x.abs() >= 100.0 {
        return grouped(x.round(), 6);
    }
    let s = format!("{:.3}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A probability as a percentage with one decimal, e.g. `0.4132` → `"41.3%"`; more digits when
/// one decimal would show a non-zero probability as 0 (`0.00013` → `"0.013%"`) or one below 1
/// as 100 (`0.99996` → `"99.996%"`); exactly 0 and 1 are `"0%"` and `"100%"`; `"–"` if not
/// finite.
pub fn percent(p: f64) -> String {
    percent_at(p, 1)
}

/// A probability as a percentage with `decimals` decimals, extended as [`percent`] does.
fn percent_at(p: f64, decimals: usize) -> String {
    if !p.is_finite() {
        return "–".to_string();
    }
    if p == 0.0 {
        return "0%".to_string();
    }
    if p == 1.0 {
        return "100%".to_string();
    }
    let x = p * 100.0;
    let text = format!("{x:.decimals$}");
    let value: f64 = text.parse().unwrap_or(x);
    if value == 0.0 {
        return format!("{}%", grouped(x, 2));
    }
    if value >= 100.0 && p < 1.0 {
        for d in decimals + 1..=12 {
            let t = format!("{x:.d$}");
            if t.parse::<f64>().is_ok_and(|v| v < 100.0) {
                return format!("{t}%");
            }
        }
    }
    format!("{text}%")
}

/// Decimals that print a percentage to the place of the first significant figure of `se_pct`
/// (itself a percentage): 0.12 → 1, 0.0025 → 3, 3.1 → 0 (at most 10).
fn decimals_of(se_pct: f64) -> usize {
    if !(se_pct > 0.0 && se_pct.is_finite()) {
        return 1;
    }
    (-se_pct.log10().floor()).clamp(0.0, 10.0) as usize
}

/// A probability and its standard error as percentages, by the rule in the module docs:
/// `(0.4132, 0.0012)` → `"41.3% ± 0.12%"`, `(0.00013, 0.000025)` → `"0.013% ± 0.0025%"`.
pub fn probability_pm(p: f64, se: f64) -> String {
    let se_pct = se * 100.0;
    let se_text = if se_pct > 0.0 && se_pct.is_finite() {
        format!("{}%", grouped(se_pct, 2))
    } else {
        "–".to_string()
    };
    format!("{} ± {se_text}", percent_at(p, decimals_of(se_pct)))
}

/// A value and its standard error in the same unit, the value to the place of the error's
/// first significant figure and the error with two: `(12.345, 0.42)` → `"12.3 ± 0.42"`.
pub fn value_pm(x: f64, se: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if !(se > 0.0 && se.is_finite()) {
        return grouped(x, 3);
    }
    let d = decimals_of(se);
    let text = format!("{x:.d$}");
    let text = if text.parse::<f64>().is_ok_and(|v| v == 0.0) && x != 0.0 {
        grouped(x, 1)
    } else {
        text
    };
    format!("{text} ± {}", grouped(se, 2))
}

/// A probability as a percentage with at most `sig` significant digits, never rounded to 0
/// for a non-zero value: `0.0000029957` → `"0.0003%"`, `0.4132` → `"41%"` (with `sig = 2`).
pub fn percent_sig(p: f64, sig: usize) -> String {
    format!("{}%", grouped(p * 100.0, sig))
}

/// User text on one line, safe for a terminal: line breaks and tabs become spaces and other
/// control characters (escape sequences included) are shown as `\u{..}`, so a title can neither
/// break a table nor drive the terminal.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Columns `text` takes in a terminal: wide characters (Hangul, Han, kana, full-width forms)
/// count 2, combining marks and zero-width characters 0 (Unicode East Asian Width, as terminals
/// use it; characters of ambiguous width count 1).
pub fn display_width(text: &str) -> usize {
    text.width()
}

/// `text` trimmed and cut to at most `max` terminal columns, ending in "…" if cut.
pub fn truncate_columns(text: &str, max: usize) -> String {
    let text = text.trim();
    if display_width(text) <= max {
        return text.to_string();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > max.saturating_sub(1) {
            break;
        }
        used += w;
        cut.push(c);
    }
    format!("{}…", cut.trim_end())
}

/// `text` followed by spaces up to `columns` terminal columns (unchanged if already as wide).
pub fn pad_right(text: &str, columns: usize) -> String {
    format!(
        "{text}{}",
        " ".repeat(columns.saturating_sub(display_width(text)))
    )
}

/// Spaces up to `columns` terminal columns followed by `text`.
pub fn pad_left(text: &str, columns: usize) -> String {
    format!(
        "{}{text}",
        " ".repeat(columns.saturating_sub(display_width(text)))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_and_tiny_numbers_are_scientific() {
        assert_eq!(grouped(2.97e302, 3), "2.97e302");
        assert_eq!(grouped(-1.5e15, 4), "-1.5e15");
        assert_eq!(
            grouped(999_999_999_999_999.0 / 1.1, 4),
            "909,100,000,000,000"
        );
        assert!(!grouped(1e-300, 3).contains("000000"));
    }

    #[test]
    fn grouped_cases() {
        assert_eq!(grouped(2_987_654.3, 4), "2,988,000");
        assert_eq!(grouped(3_000_000.0, 4), "3,000,000");
        assert_eq!(grouped(448.0, 4), "448");
        assert_eq!(grouped(0.012345, 4), "0.01235");
        assert_eq!(grouped(-1234.6, 4), "-1,235");
        assert_eq!(grouped(0.5, 4), "0.5");
        assert_eq!(grouped(0.0, 4), "0");
        assert_eq!(grouped(999.96, 4), "1,000");
    }

    #[test]
    fn short_all_uses_one_suffix() {
        assert_eq!(
            short_all(&[530_000.0, 4_356.0, -12.0, 0.0]),
            ["530k", "4.4k", "-0.012k", "0"]
        );
        assert_eq!(short_all(&[2_500_000.0, 40_000.0]), ["2.5M", "0.040M"]);
        assert_eq!(short_all(&[448.0, 0.25]), ["448", "0"]);
        assert_eq!(
            short_all(&[69.935, -5.326, 4356.0 / 100.0]),
            ["69.9", "-5.3", "43.6"]
        );
        assert_eq!(short_all(&[4_356.0, 12.0]), ["4,356", "12"]);
        assert_eq!(short_all(&[0.25, 0.031]), ["0.250", "0.031"]);
    }

    #[test]
    fn short_cases() {
        assert_eq!(short(3_000_000.0), "3.0M");
        assert_eq!(short(450_000.0), "450k");
        assert_eq!(short(12_500.0), "12k");
        assert_eq!(short(1.2e9), "1.2B");
        assert_eq!(short(0.25), "0.25");
        assert_eq!(short(448.0), "448");
        assert_eq!(short(0.0), "0");
        assert_eq!(short(-2_500_000.0), "-2.5M");
    }

    #[test]
    fn terminal_columns_count_wide_characters_twice() {
        assert_eq!(display_width("shells"), 6);
        assert_eq!(display_width("포탄"), 4);
        assert_eq!(display_width("弹药 とう"), 9);
        assert_eq!(display_width("снаряды"), 7);
        assert_eq!(
            display_width("e\u{301}"),
            1,
            "a combining accent takes no column"
        );
        assert_eq!(pad_right("포탄", 6), "포탄  ");
        assert_eq!(pad_left("포탄", 6), "  포탄");
        assert_eq!(pad_right("toolong", 3), "toolong");
        assert_eq!(truncate_columns("short", 10), "short");
        assert_eq!(truncate_columns("  ééééééééééé ", 5), "éééé…");
        // Cut by columns, never through a wide character.
        assert_eq!(truncate_columns("대한민국 국방부", 8), "대한민…");
        assert_eq!(truncate_columns("대한민국 국방부", 7), "대한민…");
        assert_eq!(
            display_width(&truncate_columns("대한민국 국방부 포탄", 9)),
            9
        );
    }

    #[test]
    fn one_line_neutralises_control_characters() {
        assert_eq!(one_line("a\nb\tc"), "a b c");
        assert_eq!(one_line("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(percent_sig(2.9957e-6, 2), "0.0003%");
        assert_eq!(percent_sig(0.4132, 2), "41%");
    }

    #[test]
    fn percent_cases() {
        assert_eq!(percent(0.4132), "41.3%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.00013), "0.013%");
        assert_eq!(percent(0.99996), "99.996%");
        assert_eq!(percent(0.9996), "99.96%");
        assert_eq!(percent(f64::NAN), "–");
    }

    #[test]
    fn probabilities_keep_the_digits_their_error_supports() {
        assert_eq!(probability_pm(0.4132, 0.0012), "41.3% ± 0.12%");
        assert_eq!(probability_pm(0.00013, 0.000025), "0.013% ± 0.0025%");
        assert_eq!(probability_pm(0.41, 0.031), "41% ± 3.1%");
        assert_eq!(probability_pm(0.999, 0.00032), "99.90% ± 0.032%");
        // Never "0.0%" for a non-zero estimate, never "± 0.0%", never 100% below 1.
        assert_eq!(probability_pm(0.0, 9.8e-6), "0% ± 0.00098%");
        assert_eq!(probability_pm(1.0, 9.8e-6), "100% ± 0.00098%");
        assert_eq!(probability_pm(0.99999, 2.7e-5), "99.999% ± 0.0027%");
        assert_eq!(probability_pm(0.0004, 0.05), "0.04% ± 5%");
        assert_eq!(value_pm(12.345, 0.42), "12.3 ± 0.42");
        assert_eq!(value_pm(0.004, 0.3), "0.004 ± 0.3");
        assert_eq!(value_pm(0.0, 0.3), "0.0 ± 0.3");
    }
}
