//! The expression language shared by distributions, model formulas and claims.
//!
//! Text is lexed ([`lexer`]), parsed into a syntax tree ([`ast`], [`parser`]), then compiled
//! ([`compile`]) against the scenario's quantity names into a typed [`crate::model::Node`] tree
//! that the engine evaluates over columns of draws. `expr` compiles *to* the model core and
//! never imports the engine.

pub mod ast;
pub mod compile;
mod constants;
mod functions;
pub mod hints;
pub mod indexed;
pub mod lexer;
pub mod parser;

pub use ast::Span;
pub use parser::parse;

/// A problem in one expression, located by a byte span within its text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    /// Where the problem is, in bytes within the expression text.
    pub span: Span,
    /// What is wrong and what is allowed.
    pub message: String,
    /// A suggestion, such as the nearest valid name.
    pub help: Option<String>,
}

impl ExprError {
    /// An error without a suggestion.
    pub fn new(span: Span, message: String) -> ExprError {
        ExprError {
            span,
            message,
            help: None,
        }
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> ExprError {
        self.help = Some(help.into());
        self
    }
}

pub use crate::text::nearest;

/// A number written in the file's number syntax (`3e6`, `3_000_000`, `3M`, `450k`, `20%`,
/// with an optional sign), or `None`.
pub fn number(text: &str) -> Option<f64> {
    let tokens = lexer::lex(text).ok()?;
    match &tokens[..] {
        [lexer::Token {
            kind: lexer::Tok::Num(x),
            ..
        }, _eof] => Some(*x),
        [sign, lexer::Token {
            kind: lexer::Tok::Num(x),
            ..
        }, _eof] => match sign.kind {
            lexer::Tok::Sym("-") => Some(-x),
            lexer::Tok::Sym("+") => Some(*x),
            _ => None,
        },
        _ => None,
    }
}

/// A whole number ≥ 0 written in the file's number syntax (`1000000`, `1M`, `1e6`), exact up to
/// 2^64 − 1 (for seeds).
///
/// # Errors
/// What is wrong, in words.
pub fn count(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits: String = t.chars().filter(|&c| c != '_').collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return digits
            .parse::<u64>()
            .map_err(|_| format!("`{t}` is larger than {}", u64::MAX));
    }
    let x = number(t).ok_or_else(|| {
        format!("`{t}` is not a number: write digits with an optional k, M or B suffix, e.g. 1M")
    })?;
    if x < 0.0 || x.fract() != 0.0 {
        return Err(format!("`{t}` is not a whole number ≥ 0"));
    }
    if x >= 18_446_744_073_709_551_616.0 {
        return Err(format!("`{t}` is larger than {}", u64::MAX));
    }
    Ok(x as u64)
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn numbers_and_counts() {
        assert_eq!(number("-5k"), Some(-5000.0));
        assert_eq!(number("20%"), Some(0.2));
        assert_eq!(number("a"), None);
        assert_eq!(count("1M"), Ok(1_000_000));
        assert_eq!(count("1e6"), Ok(1_000_000));
        assert_eq!(count("18446744073709551615"), Ok(u64::MAX));
        assert!(count("1.5").is_err());
        assert!(count("-3").is_err());
        assert!(count("18446744073709551616").is_err());
    }
}
