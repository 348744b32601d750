//! The Markdown renderer of the report's [`Document`]: escaping of user text, table rows, code
//! spans and links.
//!
//! User text (titles, descriptions, citations, units, notes, claim texts) is escaped where it is
//! rendered: `<` and `&` become entities, so raw HTML such as `<script>` shows as text;
//! Markdown punctuation (`\ ` * _ [ ] | #`) is backslash-escaped; line breaks become spaces in
//! one-line places (headings, table cells, list items), so a newline cannot break a heading or a
//! table. Names and ids are validated by the scenario (letters, digits, `_`, `-`, `.`) and need
//! no escaping.

use std::fmt::Write as _;

use super::doc::{Align, Block, Document, Line, Span, Table};

/// User text for a one-line place (heading, table cell, list item, inline prose).
pub(super) fn text(s: &str) -> String {
    escape(s.trim())
}

/// [`text`] without trimming (a span between other spans keeps its spaces).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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

/// `doc` as Markdown: charts are linked as `charts/{stem}.png`.
pub(crate) fn render(doc: &Document) -> String {
    let mut md = format!("# {}\n\n", text(&doc.title));
    for s in &doc.sections {
        if !s.heading.is_empty() {
            let _ = write!(md, "## {}\n\n", text(&s.heading));
        }
        for b in &s.blocks {
            block_md(&mut md, b);
        }
    }
    let end = md.trim_end().len();
    md.truncate(end);
    md.push('\n');
    md
}

fn block_md(md: &mut String, b: &Block) {
    match b {
        Block::Subheading { text: t, .. } => {
            let _ = write!(md, "### {}\n\n", line(t));
        }
        Block::Para(l) => {
            let _ = write!(md, "{}\n\n", line(l));
        }
        Block::UserText { text: t, quote } => {
            let _ = write!(md, "{}\n\n", block(t, if *quote { "> " } else { "" }));
        }
        Block::List(items) => {
            for item in items {
                let _ = writeln!(md, "- {}", line(item));
            }
            md.push('\n');
        }
        Block::Table(t) => table(md, t),
        Block::Figure(f) => {
            let alt = text(&f.title.replace(['[', ']'], ""));
            let _ = write!(md, "![{alt}](charts/{}.png)\n\n", f.stem);
        }
        Block::Warning(m) => {
            let _ = write!(md, "> ⚠ {}\n\n", text(m));
        }
    }
}

fn table(md: &mut String, t: &Table) {
    let head: Vec<String> = t.head.iter().map(line).collect();
    row(md, &head.iter().map(String::as_str).collect::<Vec<_>>());
    md.push('|');
    for a in &t.align {
        md.push_str(match a {
            Align::Left => "---|",
            Align::Right => "--:|",
        });
    }
    md.push('\n');
    for r in &t.rows {
        let cells: Vec<String> = r.iter().map(line).collect();
        row(md, &cells.iter().map(String::as_str).collect::<Vec<_>>());
    }
    md.push('\n');
}

/// A validated name (letters, digits, `_`, `-`, `.`) as written, other text escaped.
fn name_or_text(t: &str) -> String {
    let name = !t.is_empty()
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if name {
        t.to_string()
    } else {
        text(t)
    }
}

/// A line of spans as Markdown.
pub(super) fn line(l: &Line) -> String {
    let mut out = String::new();
    for s in &l.0 {
        match s {
            Span::Text(t) => out.push_str(&escape(t)),
            // Validated names: only a stray `<` or `|` could matter, and names hold neither.
            Span::Name(t) => out.push_str(&t.replace('<', "&lt;")),
            Span::Strong(t) => {
                let _ = write!(out, "**{}**", name_or_text(t));
            }
            Span::Emph(t) => {
                let _ = write!(out, "*{}*", text(t));
            }
            Span::Code(t) => out.push_str(&code(t)),
            Span::Url(u) => out.push_str(&link(u)),
            Span::Source(t) => out.push_str(&text(t)),
            Span::SourceAnchor(_) => {}
            Span::Ref(id, t) => {
                let _ = write!(out, "[{}](#{id})", text(t));
            }
        }
    }
    out
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
    fn code_spans_and_rows_survive_backticks_pipes_and_newlines() {
        assert_eq!(code("a `b` c"), "`` a `b` c ``");
        assert_eq!(code("a\nb"), "`a b`");
        let mut md = String::new();
        row(&mut md, &["a|b", "c\nd", "e\\|f"]);
        assert_eq!(md, "| a\\|b | c d | e\\|f |\n");
    }
}
