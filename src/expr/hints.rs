//! Hints for the mistakes people make when writing numbers and names the way they would in
//! prose: `150-400` for a range, `6,700` for a count, `nan`, a claim's id in a formula.
//!
//! The `A-B` rule: a whole value written as two number literals joined by `-` without spaces,
//! with A < B (`"150-400"`, `"10%-60%"`), is an error suggesting `A to B`; a subtraction is
//! written with spaces (`"400 - 150"`) or parentheses.

use super::ast::Span;
use super::compile::Names;
use super::lexer::{lex, Tok};
use super::{nearest, ExprError};
use crate::text::number::exact;

/// The `A-B` rule: `Some(error)` when the whole of `text` is `A-B` (number literals, no spaces
/// around `-`) with A < B.
pub fn dash_range(text: &str) -> Option<ExprError> {
    let tokens = lex(text).ok()?;
    let [a, dash, b, _eof] = &tokens[..] else {
        return None;
    };
    let (Tok::Num(x), Tok::Sym("-"), Tok::Num(y)) = (&a.kind, &dash.kind, &b.kind) else {
        return None;
    };
    let tight = a.span.end == dash.span.start && dash.span.end == b.span.start;
    if !tight || !(x < y) {
        return None;
    }
    let (sa, sb) = (
        &text[a.span.start..a.span.end],
        &text[b.span.start..b.span.end],
    );
    Some(
        ExprError::new(
            Span::new(a.span.start, b.span.end),
            format!(
                "`{sa}-{sb}` reads as {sa} minus {sb} = {}, which is probably not what you meant",
                exact(x - y)
            ),
        )
        .with_help(format!(
            "for a range write `{sa} to {sb}` (5th to 95th percentile), or uniform({sa}, {sb}); \
             for a subtraction put spaces around the minus: `{sa} - {sb}`"
        )),
    )
}

/// A help for a parse error in `text` that comes from thousands separators (`6,700`).
pub fn thousands(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let at = (1..b.len().saturating_sub(3)).find(|&i| {
        b[i] == b','
            && b[i - 1].is_ascii_digit()
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    })?;
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ','))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(text.len(), |i| at + i);
    let written = &text[start..end];
    let plain = written.replace(',', "");
    let grouped = written.replace(',', "_");
    Some(format!(
        "commas are not thousands separators here: write `{written}` as {plain} or {grouped}"
    ))
}

/// The error for a name that is not a quantity, with the most useful hint.
pub fn unknown_name(n: &str, span: Span, names: &Names) -> ExprError {
    let lower = n.to_ascii_lowercase();
    if matches!(lower.as_str(), "nan" | "inf" | "infinity") {
        return ExprError::new(
            span,
            format!("`{n}` is not allowed: every quantity must be a finite number"),
        )
        .with_help(
            "write a number (3, 2.5e6, 3M, 20%) or a distribution; to bound a value from one \
             side use a range, e.g. range = [0, \"inf\"]",
        );
    }
    if names.claims().iter().any(|c| c == n) {
        return ExprError::new(
            span,
            format!("`{n}` is a claim, and claims cannot be referenced in formulas"),
        )
        .with_help(format!(
            "to share a test, define it once as a model quantity, e.g. [model] {n}_holds = \
             \"if(<test>, 1, 0)\", and write holds_if = \"{n}_holds == 1\" in each claim that uses it"
        ));
    }
    let mut err = ExprError::new(
        span,
        format!("unknown name `{n}`: it is not an input or model quantity"),
    );
    if let Some(s) = nearest(n, names.all.iter().map(String::as_str)) {
        err = err.with_help(format!("did you mean `{s}`?"));
    } else if n == "true" || n == "false" {
        err = err.with_help("write a comparison such as `x > 0` instead of true/false");
    } else if super::compile::callable_names().contains(&n) {
        err = err.with_help(format!("`{n}` is a function: call it as `{n}(...)`"));
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_ranges() {
        let e = dash_range("150-400").unwrap();
        assert!(e.message.contains("= -250"), "{}", e.message);
        assert!(e.help.unwrap().contains("150 to 400"));
        assert!(dash_range("10%-60%").is_some());
        assert!(dash_range("400-150").is_none());
        assert!(dash_range("150 - 400").is_none());
        assert!(dash_range("(150)-400").is_none());
        assert!(dash_range("a-400").is_none());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(
            thousands("6,700").as_deref(),
            Some("commas are not thousands separators here: write `6,700` as 6700 or 6_700")
        );
        assert!(thousands("6,000 to 7,400").unwrap().contains("6,000"));
        assert!(thousands("max(1, 2)").is_none());
        assert!(thousands("max(1,20)").is_none());
        assert!(thousands("é6,700").unwrap().contains("6700"));
    }
}
