//! Reading what users write: TOML documents as trees with spans ([`tree`]), typed reads that
//! collect every problem ([`read`]), nearest-name suggestions, control-character checks, and the
//! one number formatter for messages and outputs ([`number`]).
//!
//! Every file shellcount reads (scenarios, the catalogue) goes through this module, so a
//! problem anywhere is located the same way and nothing read can carry a terminal escape
//! sequence into an output.

pub mod number;
pub mod read;
pub mod tree;

pub use read::{Fields, Problem, Reader, Scalar};
pub use tree::{Located, Node, Value};

/// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    let word = word.to_lowercase();
    for c in candidates {
        let score = strsim::jaro_winkler(&word, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// True for characters that can change what a terminal or a rendered report shows: control
/// characters (C0, DEL, C1: the ESC, CSI and OSC of escape sequences) and the bidirectional
/// overrides, isolates and marks. Line breaks (`\n`) and tabs pass when `multiline`; a carriage
/// return never does (it can overwrite a terminal line).
pub fn is_unsafe(c: char, multiline: bool) -> bool {
    if multiline && matches!(c, '\n' | '\t') {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// "contains a control character (U+001B) at character 5", for the first unsafe character.
pub fn control_char(s: &str, multiline: bool) -> Option<String> {
    let (i, c) = s
        .chars()
        .enumerate()
        .find(|(_, c)| is_unsafe(*c, multiline))?;
    let what = match c {
        '\n' | '\r' => "a line break",
        '\t' => "a tab",
        '\u{1b}' => "an escape character (ESC, which starts terminal escape sequences)",
        c if c.is_control() => "a control character",
        _ => "a bidirectional-text control",
    };
    Some(format!(
        "contains {what} (U+{:04X}) at character {}",
        c as u32,
        i + 1
    ))
}

/// `s` with every unsafe character written as `\u{..}`, for messages that quote user text.
pub fn escape(s: &str) -> String {
    escaped(s, false).into_owned()
}

/// `s` safe to print on a terminal: like [`escape`], but line breaks and tabs are kept.
pub fn escape_for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    escaped(s, true)
}

fn escaped(s: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, multiline)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c, multiline) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters() {
        assert!(is_unsafe('\u{1b}', true));
        assert!(is_unsafe('\u{9b}', false));
        assert!(is_unsafe('\u{202e}', false));
        assert!(is_unsafe('\n', false));
        assert!(!is_unsafe('\n', true));
        assert!(!is_unsafe('é', false));
        assert_eq!(escape("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(nearest("unti", ["dist", "unit"]), Some("unit"));
    }
}
