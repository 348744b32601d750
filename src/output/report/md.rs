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

/// A change in probability in percentage points: `"+5.9 pp"`, `"−8.0 pp"`.
pub(super) fn points(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.1}", x.abs() * 100.0);
    let sign = match (text == "0.0", x > 0.0) {
        (true, _) => "",
        (false, true) => "+",
        (false, false) => "−",
    };
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

/// A standard error of a probability as a percentage, keeping two significant digits below
/// 0.1% (as the terminal's `probability_pm` does).
pub(super) fn se_percent(se: f64) -> String {
    if se > 0.0 && se < 0.001 {
        format!("{}%", format::grouped(se * 100.0, 2))
    } else {
        format::percent(se)
    }
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
        assert_eq!(points(0.0001), "0.0 pp");
        assert_eq!(points(f64::NAN), "–");
        assert_eq!(signed(-260_000.0), "−260,000");
        assert_eq!(signed(0.0), "0");
        assert_eq!(index_pm(0.551, 0.004), "0.55 ± 0.004");
        assert_eq!(index_pm(0.551, f64::NAN), "0.55");
        assert_eq!(index_pm(f64::NAN, 0.1), "–");
        assert_eq!(se_percent(0.00049), "0.049%");
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
