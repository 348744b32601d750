//! The expression language shared by distributions, model formulas and claims.
//!
//! Text is lexed ([`lexer`]), parsed into a syntax tree ([`ast`], [`parser`]), then compiled
//! ([`compile`]) against the scenario's quantity names into a typed [`crate::model::Node`] tree
//! that the engine evaluates over columns of draws. `expr` compiles *to* the model core and
//! never imports the engine.

pub mod ast;
pub mod compile;
mod functions;
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

/// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
