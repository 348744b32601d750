//! Errors in scenario files, each located by file, line, column and key.

use std::fmt;
use std::ops::Range;

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file as given on the command line.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column (in characters), where known.
    pub col: Option<usize>,
    /// The key in dotted form (e.g. `inputs.containers`), where known.
    pub key: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
    /// A suggestion, such as the nearest valid name.
    pub help: Option<String>,
    /// For display: the source line (cut to a window around `col` when it is long), the
    /// 1-based column of the problem within that text, and the width to underline.
    pub excerpt: Option<(String, usize, usize)>,
}

impl Diagnostic {
    /// A problem with the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: None,
            col: None,
            key: None,
            message: message.into(),
            help: None,
            excerpt: None,
        }
    }

    /// A problem at byte range `start..end` of the file text `src`.
    pub fn at(
        file: &str,
        src: &str,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_char(src, start.min(src.len()));
        let end = floor_char(src, end.clamp(start, src.len()));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line = src[..start].matches('\n').count() + 1;
        let col = src[line_start..start].chars().count() + 1;
        let width = src[start..end.min(line_end)].chars().count().max(1);
        let text = src[line_start..line_end].trim_end_matches('\r');
        Diagnostic {
            file: file.to_string(),
            line: Some(line),
            col: Some(col),
            key: None,
            message: message.into(),
            help: None,
            excerpt: Some(window(text, col, width)),
        }
    }

    /// Sets the key.
    pub fn key(mut self, key: impl Into<String>) -> Diagnostic {
        self.key = Some(key.into());
        self
    }

    /// Sets the suggestion.
    pub fn help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }
}

/// Characters of a source line shown around the problem: a long line (a generated expression
/// can be megabytes) is cut to this many, with `…` marking the cuts.
const EXCERPT_CHARS: usize = 100;

/// `line` cut to at most [`EXCERPT_CHARS`] characters around 1-based column `col`, with the
/// column and underline width within the cut text.
///
/// Control characters are shown as their Unicode pictures (␛ for ESC), one character each, so
/// an excerpt never sends an escape sequence to the terminal and the underline still lines up.
fn window(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let len = line.chars().count();
    if len <= EXCERPT_CHARS {
        return (visible(line.chars()), col, width);
    }
    let from = col
        .saturating_sub(1 + EXCERPT_CHARS / 3)
        .min(len - EXCERPT_CHARS);
    let to = from + EXCERPT_CHARS;
    let mut text = visible(line.chars().skip(from).take(EXCERPT_CHARS));
    let mut col = col - from;
    if from > 0 {
        text.insert(0, '…');
        col += 1;
    }
    if to < len {
        text.push('…');
    }
    let width = width.min(EXCERPT_CHARS + 1 - (col - usize::from(from > 0)).min(EXCERPT_CHARS));
    (text, col, width.max(1))
}

/// The characters with C0 controls and DEL as Unicode control pictures (U+2400–U+2421), C1
/// controls as U+FFFD, tab as a space.
fn visible(chars: impl Iterator<Item = char>) -> String {
    chars
        .map(|c| match c {
            '\t' => ' ',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        match (self.line, self.col) {
            (Some(l), Some(c)) => write!(f, ":{l}:{c}")?,
            (Some(l), None) => write!(f, ":{l}")?,
            _ => {}
        }
        if let Some(k) = &self.key {
            write!(f, ": `{k}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some((text, col, width)), Some(line)) = (&self.excerpt, self.line) {
            let gutter = line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {text}\n{:gutter$} | {}{}",
                "",
                "",
                " ".repeat(col.saturating_sub(1)),
                "^".repeat(*width)
            )?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found in one or more scenario files (at least one).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError(pub Vec<Diagnostic>);

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} problems found", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

impl From<Diagnostic> for ScenarioError {
    fn from(d: Diagnostic) -> Self {
        ScenarioError(vec![d])
    }
}

/// Byte offset in the file where the expression text starts, when the TOML string holds it
/// verbatim (a one-line string without escapes).
pub(super) fn expr_start(src: &str, value: &Range<usize>, text: &str) -> Option<usize> {
    let raw = src.get(value.clone())?;
    let quote = raw.chars().next()?;
    if !(quote == '"' || quote == '\'') || raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        return None;
    }
    (raw.get(1..raw.len().checked_sub(1)?)? == text).then_some(value.start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_and_renders() {
        let src = "[a]\nx = \"1 + y\"\n";
        let d = Diagnostic::at("s.toml", src, 13, 14, "unknown name `y`").key("inputs.x");
        assert_eq!((d.line, d.col), (Some(2), Some(10)));
        let text = d.to_string();
        assert!(
            text.starts_with("error: s.toml:2:10: `inputs.x`: unknown name `y`"),
            "{text}"
        );
        assert!(text.contains("2 | x = \"1 + y\"\n  |          ^"), "{text}");
    }

    /// A problem deep in a very long line shows a window around it, not the whole line.
    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let expr = format!("{}zz{}", "a + ".repeat(100_000), " + b".repeat(100_000));
        let src = format!("[m]\nx = \"{expr}\"\n");
        let at = src.find("zz").unwrap();
        let d = Diagnostic::at("s.toml", &src, at, at + 2, "unknown name `zz`");
        assert_eq!(d.col, Some(at - 4 + 1));
        let text = d.to_string();
        assert!(text.len() < 500, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let (code, caret) = (lines[2], lines[3]);
        assert!(code.contains("… a + a + ") && code.ends_with('…'), "{code}");
        let chars: Vec<char> = code.chars().collect();
        let caret_col = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(
            &chars[caret_col..caret_col + 2],
            &['z', 'z'],
            "{code}\n{caret}"
        );
        assert_eq!(caret.matches('^').count(), 2);
        // Short lines are untouched; a problem at the start of a long line keeps its start.
        assert_eq!(window("abc", 2, 1), ("abc".to_string(), 2, 1));
        let (t, c, w) = window(&"x".repeat(500), 1, 500);
        assert_eq!((t.chars().count(), c, w), (101, 1, 100));
        assert!(t.ends_with('…'));
    }

    #[test]
    fn control_characters_in_excerpts_are_shown_not_sent() {
        let src = "[a]\ntitle = \"a\u{1b}[31mb\u{7f}\u{9b}\"\n";
        let d = Diagnostic::at("s.toml", src, 12, 13, "bad");
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("\"a␛[31mb␡\u{fffd}\""), "{text}");
    }
}
