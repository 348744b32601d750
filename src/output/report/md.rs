//! Markdown building blocks for the report: escaping of user text, table rows, code spans,
//! links, and the number formats the sections share.
//!
//! User text (titles, descriptions, citations, units, notes, claim texts) is escaped where it is
//! rendered: `<` and `&` become entities, so raw HTML such as `<script>` shows as text;
//! Markdown punctuation (`\ ` * _ [ ] | #`) is backslash-escaped; line breaks become spaces in
//! one-line places (headings, table cells, list items), so a newline cannot break a heading or a
//! table. Names and ids are validated by the scenario (letters, digits, `_`, `-`, `.`) and need
//! no escaping.

use std::fmt::Write as _;

use crate::output::format;
use crate::results::{Index, Status};

/// User text for a one-line place (heading, table cell, list item, inline prose).
pub(super) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// User text that may span lines (a description, a claim's text), each line escaped as
/// [`text`] and a leading list or heading marker neutralised; blank lines separate paragraphs.
/// With `prefix` (e.g. `"> "`) every line is prefixed, blank ones included.
pub(super) fn block(s: &str, prefix: &str) -> String {
    s.trim()
        .lines()
        .map(|line| {
            let mut t = text(line);
            let marker = t.starts_with(['-', '+', '=', '>'])
                || t.find(['.', ')'])
                    .is_some_and(|i| i > 0 && t[..i].chars().all(|c| c.is_ascii_digit()));
            if marker {
                t = match t.find(['.', ')']) {
                    Some(i) if t[..i].chars().all(|c| c.is_ascii_digit()) && i > 0 => {
                        format!("{}\\{}", &t[..i], &t[i..])
                    }
                    _ => format!("\\{t}"),
                };
            }
            format!("{prefix}{t}").trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A link to `url` when it is a plain web address, else the address as escaped text.
pub(super) fn link(url: &str) -> String {
    let url = url.trim();
    let plain = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>`|".contains(c));
    if plain {
        format!("<{url}>")
    } else {
        text(url)
    }
}

/// A Markdown table row, with `|` escaped and line breaks flattened in every cell.
pub(super) fn row(md: &mut String, cells: &[&str]) {
    md.push('|');
    for cell in cells {
        let cell = cell.replace("\\|", "|").replace('|', "\\|");
        let _ = write!(md, " {} |", cell.replace(['\r', '\n'], " "));
    }
    md.push('\n');
}

/// Inline code that survives backticks and line breaks in the text.
pub(super) fn code(text: &str) -> String {
    let text = text.trim().replace(['\r', '\n', '\t'], " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A warning as a blockquote starting with ⚠.
pub(super) fn warning(md: &mut String, message: &str) {
    let _ = write!(md, "> ⚠ {}\n\n", text(message));
}

/// A share (0 to 1) as a whole percentage, e.g. `0.62` → `"62%"`.
pub(super) fn share(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A number with two decimals, `–` if not finite.
pub(super) fn fixed2(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "–".to_string()
    }
}

/// An index and its standard error: `"0.55 ± 0.02"` (an error below 0.01 keeps one
/// significant digit).
pub(super) fn index_pm(x: f64, se: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if !(se.is_finite() && se > 0.0) {
        return format!("{x:.2}");
    }
    let se = if se >= 0.01 {
        format!("{se:.2}")
    } else {
        format::grouped(se, 1)
    };
    format!("{x:.2} ± {se}")
}

/// A table cell for an index: its value clamped to [0, 1] with its error when resolved, else
/// why not: `"0.55 ± 0.02"`, `"not resolved (too uncertain)"`, `"estimation problem"`.
pub(super) fn index_cell(i: &Index) -> String {
    match (i.resolved(), i.status) {
        (Some(v), _) => index_pm(v, i.se),
        (None, Status::OutOfRange) => "estimation problem".to_string(),
        (None, Status::TooUncertain) => "not resolved (too uncertain)".to_string(),
        (None, Status::TooFewEvents) => "not resolved (too few draws)".to_string(),
        (None, Status::ConstantInput) => "constant input".to_string(),
        (None, _) => "not resolved".to_string(),
    }
}

/// A change in probability in percentage points: `"+5.9 pp"`, `"−8.0 pp"`; a change too small
/// for one decimal keeps one significant figure (`"+0.004 pp"`), and below 10⁻⁹ (rounding
/// noise) it is `"0 pp"`.
pub(super) fn points(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if x.abs() < 1e-9 {
        return "0 pp".to_string();
    }
    let pp = x.abs() * 100.0;
    let mut text = format!("{pp:.1}");
    if text == "0.0" {
        text = format::grouped(pp, 1);
    }
    let sign = if x > 0.0 { "+" } else { "−" };
    format!("{sign}{text} pp")
}

/// A signed change in an output's unit: `"+900,000"`, `"−260,000"`.
pub(super) fn signed(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format::grouped(x.abs(), 3);
    let sign = match (text == "0", x > 0.0) {
        (true, _) => "",
        (false, true) => "+",
        (false, false) => "−",
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(
            text("<script>alert(1)</script>"),
            "&lt;script>alert(1)&lt;/script>"
        );
        assert_eq!(text("a\nb | c *d* [e]"), "a b \\| c \\*d\\* \\[e\\]");
        assert_eq!(
            block("- item\n2. two\nplain", "> "),
            "> \\- item\n> 2\\. two\n> plain"
        );
        assert_eq!(link("https://example.org/a"), "<https://example.org/a>");
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("https://x.org/<b>"), "https://x.org/&lt;b>");
    }

    #[test]
    fn helpers_format_changes() {
        assert_eq!(points(0.059), "+5.9 pp");
        assert_eq!(points(-0.08), "−8.0 pp");
        assert_eq!(points(0.00004), "+0.004 pp");
        assert_eq!(points(1e-17), "0 pp");
        assert_eq!(points(f64::NAN), "–");
        assert_eq!(signed(-260_000.0), "−260,000");
        assert_eq!(signed(0.0), "0");
        assert_eq!(index_pm(0.551, 0.004), "0.55 ± 0.004");
        assert_eq!(index_pm(0.551, f64::NAN), "0.55");
        assert_eq!(index_pm(f64::NAN, 0.1), "–");
        let index = |value, se, status| Index { value, se, status };
        assert_eq!(
            index_cell(&index(1.04, 0.03, Status::Resolved)),
            "1.00 ± 0.03"
        );
        assert_eq!(
            index_cell(&index(1.5, 0.2, Status::OutOfRange)),
            "estimation problem"
        );
        assert_eq!(
            index_cell(&index(0.5, 0.3, Status::TooUncertain)),
            "not resolved (too uncertain)"
        );
    }

    #[test]
    fn code_spans_and_rows_survive_backticks_pipes_and_newlines() {
        assert_eq!(code("a `b` c"), "`` a `b` c ``");
        assert_eq!(code("a\nb"), "`a b`");
        let mut md = String::new();
        row(&mut md, &["a|b", "c\nd", "e\\|f"]);
        assert_eq!(md, "| a\\|b | c d | e\\|f |\n");
    }
}
