//! Turns expression text into tokens.
//!
//! Numbers accept `_` separators, exponents and the suffixes `k` (10^3), `M` (10^6), `B` (10^9)
//! and `%` (10^-2): `3_000_000`, `3e6`, `3M`, `450k`, `20%`.

use super::ast::Span;
use super::ExprError;

/// A token and its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: Tok,
    /// Where it stands.
    pub span: Span,
}

/// Token kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A number, suffix applied.
    Num(f64),
    /// A name or keyword.
    Ident(String),
    /// A quoted label, `"2024-02"` or `'2024-02'` (quotes removed).
    Str(String),
    /// An operator or punctuation: `+ - * / ^ ( ) [ ] , < <= > >= == !=`.
    Sym(&'static str),
    /// End of input.
    Eof,
}

const SYMBOLS: [&str; 15] = [
    "<=", ">=", "==", "!=", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "<",
];

/// Splits `src` into tokens, ending with [`Tok::Eof`].
///
/// # Errors
/// An [`ExprError`] for an unexpected character or a malformed number.
pub fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let (value, end) = number(src, i)?;
            out.push(Token {
                kind: Tok::Num(value),
                span: Span::new(i, end),
            });
            i = end;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push(Token {
                kind: Tok::Ident(src[start..i].to_string()),
                span: Span::new(start, i),
            });
        } else if c == b'"' || c == b'\'' {
            let start = i;
            let Some(len) = src[i + 1..].find(c as char) else {
                return Err(ExprError::new(
                    Span::new(start, src.len()),
                    format!("this label has no closing {}", c as char),
                ));
            };
            i += len + 2;
            out.push(Token {
                kind: Tok::Str(src[start + 1..i - 1].to_string()),
                span: Span::new(start, i),
            });
        } else if let Some(sym) = symbol_at(src, i) {
            out.push(Token {
                kind: Tok::Sym(sym),
                span: Span::new(i, i + sym.len()),
            });
            i += sym.len();
        } else {
            let ch = src[i..].chars().next().unwrap_or('?');
            let help = match ch {
                '=' => " (use `==` to compare, or `>=`/`<=`)",
                '&' => " (use `and`)",
                '|' => " (use `or`)",
                '!' => " (use `not` or `!=`)",
                '*' if src[i..].starts_with("**") => " (use `^` for powers)",
                _ => "",
            };
            return Err(ExprError::new(
                Span::new(i, i + ch.len_utf8()),
                format!("unexpected character `{ch}`{help}"),
            ));
        }
    }
    out.push(Token {
        kind: Tok::Eof,
        span: Span::new(src.len(), src.len()),
    });
    Ok(out)
}

fn symbol_at(src: &str, i: usize) -> Option<&'static str> {
    if src[i..].starts_with("**") {
        return None;
    }
    if src[i..].starts_with('>') && !src[i..].starts_with(">=") {
        return Some(">");
    }
    SYMBOLS.iter().copied().find(|s| src[i..].starts_with(s))
}

fn number(src: &str, start: usize) -> Result<(f64, usize), ExprError> {
    let bytes = src.as_bytes();
    let mut i = start;
    let digits = |i: &mut usize| {
        while *i < bytes.len() && (bytes[*i].is_ascii_digit() || bytes[*i] == b'_') {
            *i += 1;
        }
    };
    digits(&mut i);
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        digits(&mut i);
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            digits(&mut i);
        }
    }
    let text: String = src[start..i].chars().filter(|&c| c != '_').collect();
    let bad = |end: usize, why: &str| ExprError::new(Span::new(start, end), why.to_string());
    if src[start..i].ends_with('_') || src[start..i].contains("__") {
        return Err(bad(i, "misplaced `_` in number (write 3_000_000)"));
    }
    let mut value: f64 = text
        .parse()
        .map_err(|_| bad(i, &format!("`{}` is not a number", &src[start..i])))?;
    let scale = match bytes.get(i) {
        Some(b'k') => Some(1e3),
        Some(b'M') => Some(1e6),
        Some(b'B') => Some(1e9),
        Some(b'%') => Some(1e-2),
        _ => None,
    };
    if let Some(s) = scale {
        value *= s;
        i += 1;
    }
    if i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        return Err(bad(
            j,
            &format!(
                "`{}` is not a number: allowed suffixes are k (thousand), M (million), B (billion) and %",
                &src[start..j]
            ),
        ));
    }
    if !value.is_finite() {
        return Err(bad(i, "number is too large"));
    }
    Ok((value, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(src: &str) -> Vec<f64> {
        lex(src)
            .unwrap()
            .into_iter()
            .filter_map(|t| match t.kind {
                Tok::Num(v) => Some(v),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn number_forms() {
        assert_eq!(
            nums("3e6 3_000_000 3M 450k 1.5B 20% .5 2.5e-3"),
            vec![3e6, 3e6, 3e6, 450e3, 1.5e9, 0.2, 0.5, 2.5e-3]
        );
    }

    #[test]
    fn symbols_and_names() {
        let toks: Vec<Tok> = lex("a>=3 and b_2!=c")
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect();
        assert_eq!(
            toks,
            vec![
                Tok::Ident("a".into()),
                Tok::Sym(">="),
                Tok::Num(3.0),
                Tok::Ident("and".into()),
                Tok::Ident("b_2".into()),
                Tok::Sym("!="),
                Tok::Ident("c".into()),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn bad_tokens() {
        assert!(lex("3x").unwrap_err().message.contains("suffixes"));
        assert_eq!(lex("a = 3").unwrap_err().span, Span::new(2, 3));
        assert!(lex("a ** 2").unwrap_err().message.contains("`^`"));
        assert!(lex("3__0").is_err());
        assert!(lex("1e999").is_err());
        assert!(lex("a # b").is_err());
    }
}
