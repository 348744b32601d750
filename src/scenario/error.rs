//! Errors in scenario files, each located by file, line, column and key.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// The file cannot be run as written.
    #[default]
    Error,
    /// The file runs, but probably not as meant (e.g. an override that changes nothing).
    Warning,
}

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
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

/// Where each line of a text starts, for line numbers by binary search (so locating many
/// problems in a large file stays linear).
#[derive(Debug, Clone)]
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    /// The line starts of `src`.
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset)
    }

    /// Byte offset where the line holding `offset` starts.
    fn start(&self, offset: usize) -> usize {
        self.0[self.line(offset) - 1]
    }
}

impl Diagnostic {
    /// A problem with the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
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
        Diagnostic::indexed(file, src, &LineIndex::new(src), start, end, message)
    }

    /// Like [`Diagnostic::at`], with the line index of `src` already built.
    pub fn indexed(
        file: &str,
        src: &str,
        lines: &LineIndex,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_char(src, start.min(src.len()));
        let end = floor_char(src, end.clamp(start, src.len()));
        let line_start = lines.start(start);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let col = src[line_start..start].chars().count() + 1;
        let width = src[start..end.min(line_end)].chars().count().max(1);
        let text = src[line_start..line_end].trim_end_matches('\r');
        Diagnostic {
            line: Some(lines.line(start)),
            col: Some(col),
            excerpt: Some(window(text, col, width)),
            ..Diagnostic::file(file, message)
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

    /// Makes this a warning.
    pub fn warning(mut self) -> Diagnostic {
        self.level = Level::Warning;
        self
    }

    /// Position for sorting: line, then column.
    pub(crate) fn position(&self) -> (usize, usize) {
        (self.line.unwrap_or(0), self.col.unwrap_or(0))
    }
}

/// Characters of a source line shown around the problem: a long line (a generated expression
/// can be megabytes) is cut to this many, with `…` marking the cuts.
const EXCERPT_CHARS: usize = 100;

/// `line` cut to at most [`EXCERPT_CHARS`] characters around 1-based column `col`, with the
/// column and underline width within the cut text.
/// Control characters are escaped when the excerpt is shown ([`shown`]).
fn window(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let len = line.chars().count();
    if len <= EXCERPT_CHARS {
        return (line.to_string(), col, width);
    }
    let from = col
        .saturating_sub(1 + EXCERPT_CHARS / 3)
        .min(len - EXCERPT_CHARS);
    let to = from + EXCERPT_CHARS;
    let mut text: String = line.chars().skip(from).take(EXCERPT_CHARS).collect();
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

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A tab is shown as this many spaces in excerpts.
const TAB: usize = 4;

/// The text as shown in an excerpt (tabs expanded, unsafe characters escaped) and its width
/// in terminal columns.
fn shown(s: &str) -> (String, usize) {
    use unicode_width::UnicodeWidthStr;
    let text: String = s
        .chars()
        .map(|c| match c {
            '\t' => " ".repeat(TAB),
            c => crate::text::escape(&c.to_string()),
        })
        .collect();
    let width = UnicodeWidthStr::width(text.as_str());
    (text, width)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::escape;
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, "{level}: {}", escape(&self.file))?;
        match (self.line, self.col) {
            (Some(l), Some(c)) => write!(f, ":{l}:{c}")?,
            (Some(l), None) => write!(f, ":{l}")?,
            _ => {}
        }
        if let Some(k) = &self.key {
            write!(f, ": `{}`", escape(k))?;
        }
        write!(f, ": {}", escape(&self.message))?;
        if let (Some((text, col, width)), Some(line)) = (&self.excerpt, self.line) {
            let gutter = line.to_string().len();
            let before: String = text.chars().take(col - 1).collect();
            let marked: String = text.chars().skip(col - 1).take(*width).collect();
            let (line_text, _) = shown(text);
            let (_, pad) = shown(&before);
            let (_, carets) = shown(&marked);
            write!(
                f,
                "\n{:gutter$} |\n{line} | {line_text}\n{:gutter$} | {}{}",
                "",
                "",
                " ".repeat(pad),
                "^".repeat(carets.max(1))
            )?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  = help: {}", escape(h))?;
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
        let errors = self.0.iter().filter(|d| d.level == Level::Error).count();
        if errors > 1 {
            write!(f, "\n{errors} problems found")?;
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
        assert!(text.contains("a\\u{1b}[31mb\\u{7f}\\u{9b}"), "{text}");
    }

    /// Carets stay under the problem after a tab and after wide characters.
    #[test]
    fn carets_align_with_tabs_and_wide_characters() {
        let src = "[a]\n\tx = \"漢字 + y\"\n";
        let start = src.find('y').unwrap();
        let text = Diagnostic::at("s.toml", src, start, start + 1, "m").to_string();
        let lines: Vec<&str> = text.lines().collect();
        let code = lines[2].find("y\"").unwrap();
        let caret = lines[3].find('^').unwrap();
        // The code line shows the tab as spaces; the two CJK characters are two columns each.
        let display = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        assert_eq!(
            display(&lines[2][..code]),
            display(&lines[3][..caret]),
            "{text}"
        );
    }

    #[test]
    fn escape_sequences_are_never_printed() {
        let d = Diagnostic::file("s.toml", "bad `\u{1b}[31m`").key("inputs.\u{1b}]0;x\u{7}");
        assert!(!d.to_string().contains('\u{1b}'), "{d}");
    }
}
