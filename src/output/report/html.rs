//! The HTML renderer of the report's [`Document`]: one self-contained page.
//!
//! Styles are inline (`<style>`), charts are inline SVG, and there is no script, no font file and
//! no reference to another host, so the page opens from disk, reads the same with scripts off and
//! prints on its own. A table of contents links every section; on a phone, wide tables scroll in
//! their own box; in print every section after the summary starts a new page and no chart or
//! table row is split. All text is escaped (`& < > " '`); only plain `http(s)` addresses become
//! links.

use std::fmt::Write as _;

use super::doc::{Align, Block, Document, Line, Section, Span, Table};
use crate::output::charts::ChartFile;

/// The page's style sheet.
const CSS: &str = include_str!("report.css");

/// Sections that stay on the first printed page with the title.
const FRONT: [&str; 2] = ["the-question", "summary"];

/// `doc` as an HTML page, with `charts` (each file with its SVG document) inline.
pub(crate) fn render(doc: &Document, charts: &[(ChartFile, String)]) -> String {
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>{}</title>", esc(&doc.title));
    let _ = writeln!(h, "<style>\n{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(h, "<header>\n<h1>{}</h1>\n</header>", esc(&doc.title));
    toc(&mut h, doc);
    h.push_str("<main>\n");
    for s in &doc.sections {
        section(&mut h, s, charts);
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn toc(h: &mut String, doc: &Document) {
    h.push_str("<nav class=\"toc\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
    for s in &doc.sections {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            anchor(&s.id),
            esc(&s.heading)
        );
    }
    h.push_str("</ol>\n</nav>\n");
}

fn section(h: &mut String, s: &Section, charts: &[(ChartFile, String)]) {
    let class = if FRONT.contains(&s.id.as_str()) {
        "front"
    } else {
        "page"
    };
    let _ = writeln!(
        h,
        "<section id=\"{}\" class=\"{class}\">\n<h2>{}</h2>",
        anchor(&s.id),
        esc(&s.heading)
    );
    for b in &s.blocks {
        block(h, b, charts);
    }
    h.push_str("</section>\n");
}

fn block(h: &mut String, b: &Block, charts: &[(ChartFile, String)]) {
    match b {
        Block::Subheading { text, id } => match id {
            Some(id) => {
                let _ = writeln!(h, "<h3 id=\"{}\">{}</h3>", anchor(id), line(text));
            }
            None => {
                let _ = writeln!(h, "<h3>{}</h3>", line(text));
            }
        },
        Block::Para(l) => {
            let _ = writeln!(h, "<p>{}</p>", line(l));
        }
        Block::UserText { text, quote } => {
            if *quote {
                h.push_str("<blockquote>\n");
            }
            for para in paragraphs(text) {
                let lines: Vec<String> = para.iter().map(|l| esc(l)).collect();
                let _ = writeln!(h, "<p>{}</p>", lines.join("<br>\n"));
            }
            if *quote {
                h.push_str("</blockquote>\n");
            }
        }
        Block::List(items) => {
            h.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(h, "<li>{}</li>", line(item));
            }
            h.push_str("</ul>\n");
        }
        Block::Table(t) => table(h, t),
        Block::Figure(f) => figure(h, f, charts),
        Block::Warning(m) => {
            let _ = writeln!(
                h,
                "<p class=\"warning\" role=\"note\"><span aria-hidden=\"true\">⚠</span> {}</p>",
                esc(m)
            );
        }
    }
}

/// The lines of each paragraph of user text (blank lines separate paragraphs).
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for l in text.trim().lines() {
        let l = l.trim();
        if l.is_empty() {
            if out.last().is_some_and(|p| !p.is_empty()) {
                out.push(Vec::new());
            }
        } else if let Some(p) = out.last_mut() {
            p.push(l);
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

fn table(h: &mut String, t: &Table) {
    let class = |i: usize| match t.align.get(i) {
        Some(Align::Right) => " class=\"num\"",
        _ => "",
    };
    h.push_str("<div class=\"table\">\n<table>\n<thead>\n<tr>");
    for (i, c) in t.head.iter().enumerate() {
        let _ = write!(h, "<th scope=\"col\"{}>{}</th>", class(i), line(c));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for r in &t.rows {
        h.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(h, "<td{}>{}</td>", class(i), line(c));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
}

fn figure(h: &mut String, f: &ChartFile, charts: &[(ChartFile, String)]) {
    let Some((_, svg)) = charts.iter().find(|(c, _)| c.stem == f.stem) else {
        return;
    };
    let _ = writeln!(
        h,
        "<figure id=\"chart-{}\">\n<div class=\"chart\">{}</div>\n<figcaption>{}</figcaption>\n</figure>",
        anchor(&f.stem),
        inline_svg(svg, &f.title),
        esc(&f.title)
    );
}

/// An SVG document as an inline element: no XML declaration, no fixed size (the style sheet
/// scales it to the column), labelled with the chart's title for screen readers.
fn inline_svg(svg: &str, title: &str) -> String {
    let body = svg.trim();
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(rest, |(_, r)| r).trim_start(),
        None => body,
    };
    let Some(rest) = body.strip_prefix("<svg") else {
        return String::new();
    };
    let (attrs, content) = rest.split_once('>').unwrap_or((rest, ""));
    let kept: Vec<&str> = split_attributes(attrs)
        .into_iter()
        .filter(|a| !a.starts_with("width=") && !a.starts_with("height="))
        .collect();
    format!(
        "<svg {} role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\">{content}",
        kept.join(" "),
        esc(title)
    )
}

/// The `name="value"` attributes of a start tag, in order.
fn split_attributes(attrs: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = attrs.trim();
    while let Some(eq) = rest.find("=\"") {
        let Some(end) = rest[eq + 2..].find('"') else {
            break;
        };
        let stop = eq + 2 + end + 1;
        out.push(rest[..stop].trim());
        rest = rest[stop..].trim_start();
    }
    out
}

/// A line of spans as HTML.
fn line(l: &Line) -> String {
    let mut out = String::new();
    for s in &l.0 {
        match s {
            Span::Text(t) => out.push_str(&esc(t)),
            // A long name may break after an underscore, not inside a word.
            Span::Name(t) => out.push_str(&esc(t).replace('_', "_<wbr>")),
            Span::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", esc(t));
            }
            Span::Emph(t) => {
                let _ = write!(out, "<em>{}</em>", esc(t));
            }
            Span::Code(t) => {
                let _ = write!(out, "<code>{}</code>", esc(t.trim()));
            }
            Span::Url(u) => match web_address(u) {
                Some(u) => {
                    let _ = write!(
                        out,
                        "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                        esc(u)
                    );
                }
                None => out.push_str(&esc(u)),
            },
            Span::Ref(id, t) => {
                let _ = write!(out, "<a href=\"#{}\">{}</a>", anchor(id), esc(t));
            }
            Span::Source(id) => {
                let _ = write!(out, "<a href=\"#source-{}\">{}</a>", anchor(id), esc(id));
            }
            Span::SourceAnchor(id) => {
                let _ = write!(out, "<span id=\"source-{}\"></span>", anchor(id));
            }
        }
    }
    out
}

/// `url` when it is a plain web address (no spaces, quotes or angle brackets).
fn web_address(url: &str) -> Option<&str> {
    let url = url.trim();
    let plain = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c));
    plain.then_some(url)
}

/// Text escaped for HTML content and attribute values; control characters other than line
/// breaks and tabs become U+FFFD.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An id usable in `id` and `href="#…"`: letters, digits, `-` and `_` kept, anything else `-`.
fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_addresses_are_escaped() {
        assert_eq!(esc("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(
            web_address("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(web_address("javascript:alert(1)"), None);
        assert_eq!(web_address("https://x.org/\"onmouseover=alert(1)"), None);
        assert_eq!(anchor("claim-a.b c"), "claim-a-b-c");
    }

    #[test]
    fn svg_documents_become_scalable_inline_elements() {
        let svg = "<svg width=\"1200\" height=\"700\" viewBox=\"0 0 1200 700\" \
                   xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let inline = inline_svg(svg, "P(a < b)");
        assert!(
            inline.starts_with(
                "<svg viewBox=\"0 0 1200 700\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
                 aria-label=\"P(a &lt; b)\""
            ),
            "{inline}"
        );
        assert!(inline.ends_with("<rect/>\n</svg>"), "{inline}");
    }

    #[test]
    fn user_text_keeps_its_paragraphs() {
        assert_eq!(paragraphs("a\nb\n\n\nc\n"), vec![vec!["a", "b"], vec!["c"]]);
    }
}
