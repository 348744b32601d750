//! The one context every validation step shares: the file, its text and line index, and the
//! problems found so far (errors and warnings), with the helpers that locate them.

use super::error::{expr_start, Diagnostic, LineIndex};
use crate::expr::compile::{compile, Names};
use crate::expr::{hints, parse, ExprError};
use crate::model::{Node, Ty};
use crate::text::{Located, Problem, Scalar};
use std::ops::Range;

/// The file being validated and what was found wrong with it.
pub(super) struct Ctx<'a> {
    /// The file as given.
    pub file: String,
    /// Its text.
    pub src: &'a str,
    lines: LineIndex,
    /// Errors so far.
    pub errs: Vec<Diagnostic>,
    /// Warnings so far.
    pub warnings: Vec<Diagnostic>,
    /// Text given outside the file (`--set NAME=EXPR`), placed after its end: a span there is
    /// located in that text and named by its label.
    virtuals: Vec<Virtual>,
}

/// Text from outside the file, addressed by spans at `start..start + text.len()`.
struct Virtual {
    start: usize,
    label: String,
    text: String,
}

impl<'a> Ctx<'a> {
    pub fn new(file: String, src: &'a str) -> Ctx<'a> {
        Ctx {
            file,
            src,
            lines: LineIndex::new(src),
            errs: Vec::new(),
            warnings: Vec::new(),
            virtuals: Vec::new(),
        }
    }

    /// Adds `text` from outside the file (named `label` in messages) and returns the offset at
    /// which spans into it start.
    pub fn add_virtual(&mut self, label: String, text: String) -> usize {
        let start = self
            .virtuals
            .last()
            .map_or(self.src.len() + 1, |v| v.start + v.text.len() + 1);
        self.virtuals.push(Virtual { start, label, text });
        start
    }

    fn virtual_at(&self, offset: usize) -> Option<&Virtual> {
        self.virtuals
            .iter()
            .rev()
            .find(|v| offset >= v.start && offset <= v.start + v.text.len())
    }

    /// A diagnostic at `span` (not recorded).
    pub fn diagnostic(
        &self,
        span: &Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        if let Some(v) = self.virtual_at(span.start) {
            let end = span.end.clamp(span.start, v.start + v.text.len());
            return Diagnostic::at(
                &v.label,
                &v.text,
                span.start - v.start,
                end - v.start,
                message,
            )
            .key(key);
        }
        Diagnostic::indexed(
            &self.file,
            self.src,
            &self.lines,
            span.start,
            span.end,
            message,
        )
        .key(key)
    }

    /// Records an error at `span` and returns it for a suggestion to be added.
    pub fn at(
        &mut self,
        span: &Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = self.diagnostic(span, key, message);
        self.errs.push(d);
        self.errs.last_mut().expect("just pushed")
    }

    /// Records a warning at `span`.
    pub fn warn(
        &mut self,
        span: &Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = self.diagnostic(span, key, message).warning();
        self.warnings.push(d);
        self.warnings.last_mut().expect("just pushed")
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// Records the problems the reader found.
    pub fn absorb(&mut self, problems: Vec<Problem>) {
        for p in problems {
            let d = self.diagnostic(&p.span, &p.path, p.message).help(p.help);
            self.errs.push(d);
        }
    }

    /// Maps an error inside an expression string to the file position.
    pub fn expr_error(&mut self, value: &Range<usize>, text: &str, key: &str, e: ExprError) {
        let start = match self.virtual_at(value.start) {
            Some(_) => Some(value.start),
            None => expr_start(self.src, value, text),
        };
        let (a, b) = match start {
            Some(base) => (base + e.span.start, base + e.span.end),
            None => (value.start, value.end),
        };
        let d = self.diagnostic(&(a..b), key, e.message).help(e.help);
        self.errs.push(d);
    }

    /// Compiles a value written as a number or a string, which must be a number: the `A-B`
    /// rule ([`hints::dash_range`]) applies to the whole value.
    pub fn number(&mut self, value: &Located<Scalar>, key: &str, names: &Names) -> Option<Node> {
        let text = value.get_ref().text();
        if let Some(e) = hints::dash_range(&text) {
            self.expr_error(&value.span(), &text, key, e);
            return None;
        }
        self.compile(&value.span(), &text, key, names, Ty::Num)
    }

    /// Compiles `text` (written at `span`) to an expression of type `want`.
    pub fn compile(
        &mut self,
        span: &Range<usize>,
        text: &str,
        key: &str,
        names: &Names,
        want: Ty,
    ) -> Option<Node> {
        let result = parse(text)
            .map_err(|mut e| {
                if e.help.is_none() {
                    e.help = hints::thousands(text);
                }
                e
            })
            .and_then(|ast| {
                let (node, ty) = compile(&ast, text, names)?;
                if ty != want {
                    let msg = match want {
                        Ty::Bool => "a claim must be a true/false test, such as `shipped >= 3M`; this is a number",
                        Ty::Num => "this must be a number; this is a true/false test (use if(test, a, b) to turn it into one)",
                    };
                    return Err(ExprError::new(ast.span, msg.to_string()));
                }
                Ok(node)
            });
        match result {
            Ok(n) => Some(n),
            Err(e) => {
                self.expr_error(span, text, key, e);
                None
            }
        }
    }

    /// Everything found, errors first then warnings, each group in file order.
    pub fn finish(mut self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        self.errs.sort_by_key(Diagnostic::position);
        self.warnings.sort_by_key(Diagnostic::position);
        (self.errs, self.warnings)
    }
}
