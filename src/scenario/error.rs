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
    /// The source line and the width to underline from `col`, for display.
    pub excerpt: Option<(String, usize)>,
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
        Diagnostic {
            file: file.to_string(),
            line: Some(line),
            col: Some(col),
            key: None,
            message: message.into(),
            help: None,
            excerpt: Some((
                src[line_start..line_end].trim_end_matches('\r').to_string(),
                width,
            )),
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
        if let (Some((text, width)), Some(line), Some(col)) = (&self.excerpt, self.line, self.col) {
            let gutter = line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {text}\n{:gutter$} | {}{}",
                "",
                "",
                " ".repeat(col - 1),
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
}
