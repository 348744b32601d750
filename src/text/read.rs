//! Typed reads from a [`Node`] tree that collect every problem instead of stopping at the first.
//!
//! Each read takes the node and its key path (`inputs.a.unit`) and returns the value, or `None`
//! after recording a [`Problem`] naming the path, the span, what was found and what is allowed.
//! Tables are read with the list of keys they allow: every unknown key is a problem, with the
//! nearest allowed key as a suggestion. Strings are checked for control characters here, so
//! nothing read from a file can carry an escape sequence to a terminal or a report.

use super::tree::{Key, Located, Node, Value};
use super::{control_char, nearest};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;
use std::ops::Range;

/// One problem found while reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where.
    pub span: Range<usize>,
    /// The key path, e.g. `inputs.a.unti`.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// A suggestion.
    pub help: Option<String>,
}

/// A number or a string, as a value that may be written either way (`dist = 43.56` or
/// `dist = "43.56"`; `samples = 1000000` or `samples = "1M"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A TOML integer.
    Int(i64),
    /// A TOML float (possibly `inf` or `nan`).
    Float(f64),
    /// A string.
    Text(String),
}

impl Scalar {
    /// The value as expression text: numbers written so that they read back exactly.
    pub fn text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => super::number::exact(*f),
            Scalar::Text(t) => t.clone(),
        }
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "NumberOrString".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["number", "string"],
            "description": "a number, or a string in shellcount's expression language"
        })
    }
}

/// The entries of a table read with [`Reader::table`].
#[derive(Debug, Clone, Copy)]
pub struct Fields<'n> {
    /// The table's node.
    pub node: &'n Node,
    entries: &'n [(Key, Node)],
}

impl<'n> Fields<'n> {
    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|e| &e.1)
    }
}

/// Collects problems while reading a tree.
#[derive(Debug, Default)]
pub struct Reader {
    /// Every problem so far.
    pub problems: Vec<Problem>,
}

/// `path.key`, or `key` at the root.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Reader {
    /// Records a problem and returns it for a suggestion to be added.
    pub fn problem(
        &mut self,
        span: Range<usize>,
        path: &str,
        message: impl Into<String>,
    ) -> &mut Problem {
        self.problems.push(Problem {
            span,
            path: path.to_string(),
            message: message.into(),
            help: None,
        });
        self.problems.last_mut().expect("just pushed")
    }

    fn wrong(&mut self, node: &Node, path: &str, expected: &str) {
        let got = match &node.value {
            Value::Float(f) if f.is_finite() => format!("{f:?}"),
            v => v.kind().to_string(),
        };
        let help = match &node.value {
            Value::Float(f) if expected.starts_with("a whole number") && f.fract() == 0.0 => {
                Some(format!(
                    "write {} or \"{}\" (in TOML a number with a decimal point or an exponent is a decimal number)",
                    *f as i64,
                    super::number::suffixed(*f)
                ))
            }
            _ => None,
        };
        self.problem(
            node.span.clone(),
            path,
            format!("expected {expected}, got {got}"),
        )
        .help = help;
    }

    /// A table whose keys must be among `allowed`; every other key is a problem.
    pub fn table<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let entries = self.entries(node, path)?;
        for (k, _) in entries {
            if !allowed.contains(&k.name.as_str()) {
                let p = join(path, &k.name);
                let where_ = if path.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in `{path}`")
                };
                let help = match nearest(&k.name, allowed.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`? allowed keys: {}", allowed.join(", ")),
                    None => format!("allowed keys: {}", allowed.join(", ")),
                };
                let shown = super::escape(&k.name);
                self.problem(
                    k.span.clone(),
                    &p,
                    format!("unknown key `{shown}` {where_}"),
                )
                .help = Some(help);
            }
        }
        Some(Fields { node, entries })
    }

    /// A table of user-named entries (any key), each key checked for control characters.
    pub fn entries<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [(Key, Node)]> {
        let Value::Table(entries) = &node.value else {
            self.wrong(node, path, "a table");
            return None;
        };
        for (k, _) in entries {
            if let Some(m) = control_char(&k.name, false) {
                self.problem(k.span.clone(), &join(path, &k.name), format!("the key {m}"));
            }
        }
        Some(entries)
    }

    /// An array.
    pub fn array<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Array(a) => Some(a),
            _ => {
                self.wrong(node, path, "an array");
                None
            }
        }
    }

    /// A one-line string (no control characters at all).
    pub fn string(&mut self, node: &Node, path: &str) -> Option<Located<String>> {
        self.text(node, path, false)
    }

    /// A string that may hold line breaks and tabs (descriptions and notes).
    pub fn multiline(&mut self, node: &Node, path: &str) -> Option<Located<String>> {
        self.text(node, path, true)
    }

    fn text(&mut self, node: &Node, path: &str, multiline: bool) -> Option<Located<String>> {
        let Value::Str(s) = &node.value else {
            self.wrong(node, path, "a string");
            return None;
        };
        // Multi-line strings of a file with Windows line endings keep their `\r\n`.
        let s = if multiline {
            s.replace("\r\n", "\n")
        } else {
            s.clone()
        };
        self.clean(node, path, &s, multiline)
            .then(|| Located::new(node.span.clone(), s))
    }

    fn clean(&mut self, node: &Node, path: &str, s: &str, multiline: bool) -> bool {
        match control_char(s, multiline) {
            None => true,
            Some(m) => {
                let help = if multiline {
                    "remove it; only line breaks and tabs are allowed here".to_string()
                } else {
                    "remove it; line breaks are allowed only in `description` and `note`"
                        .to_string()
                };
                self.problem(node.span.clone(), path, format!("the text {m}"))
                    .help = Some(help);
                false
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, node: &Node, path: &str) -> Option<Located<bool>> {
        match node.value {
            Value::Bool(b) => Some(Located::new(node.span.clone(), b)),
            _ => {
                self.wrong(node, path, "true or false");
                None
            }
        }
    }

    /// A number or a one-line string.
    pub fn scalar(&mut self, node: &Node, path: &str) -> Option<Located<Scalar>> {
        let v = match &node.value {
            Value::Int(i) => Scalar::Int(*i),
            Value::Float(f) => Scalar::Float(*f),
            Value::Str(s) => {
                if !self.clean(node, path, s, false) {
                    return None;
                }
                Scalar::Text(s.clone())
            }
            _ => {
                self.wrong(node, path, "a number or a string");
                return None;
            }
        };
        Some(Located::new(node.span.clone(), v))
    }

    /// A whole number or a string (e.g. `samples = "1M"`), checked by the caller.
    pub fn whole_or_text(&mut self, node: &Node, path: &str) -> Option<Located<Scalar>> {
        match node.value {
            Value::Float(_) => {
                self.wrong(node, path, "a whole number");
                None
            }
            _ => self.scalar(node, path),
        }
    }

    /// A required key of `t`: missing is a problem located at the table.
    pub fn require<'n>(&mut self, t: Fields<'n>, path: &str, key: &str) -> Option<&'n Node> {
        let v = t.get(key);
        if v.is_none() {
            let span = t.node.span.start..t.node.span.start.saturating_add(1).min(t.node.span.end);
            self.problem(
                span,
                &join(path, key),
                format!("missing required key `{key}`"),
            );
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;

    #[test]
    fn every_unknown_key_is_reported() {
        let root = parse("a = 1\nunti = 2\nsampels = 3\n").unwrap();
        let mut r = Reader::default();
        let t = r.table(&root, "", &["a", "unit", "samples"]).unwrap();
        assert_eq!(t.get("a").map(|n| &n.value), Some(&Value::Int(1)));
        let paths: Vec<&str> = r.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["unti", "sampels"]);
        assert!(r.problems[1]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `samples`?"));
    }

    #[test]
    fn whole_numbers_name_the_fix() {
        let root = parse("samples = 1e6\n").unwrap();
        let mut r = Reader::default();
        let t = r.table(&root, "scenario", &["samples"]).unwrap();
        assert!(r
            .whole_or_text(t.get("samples").unwrap(), "scenario.samples")
            .is_none());
        let p = &r.problems[0];
        assert_eq!(p.message, "expected a whole number, got 1000000.0");
        assert!(
            p.help
                .as_deref()
                .unwrap()
                .starts_with("write 1000000 or \"1M\""),
            "{p:?}"
        );
    }

    #[test]
    fn control_characters_are_refused() {
        let root = parse("t = \"red \\u001b[31m\"\nn = \"two\\nlines\"\n").unwrap();
        let mut r = Reader::default();
        let t = r.table(&root, "", &["t", "n"]).unwrap();
        assert!(r.string(t.get("t").unwrap(), "t").is_none());
        assert!(r.string(t.get("n").unwrap(), "n").is_none());
        assert!(r.multiline(t.get("n").unwrap(), "n").is_some());
        assert!(r.problems[0].message.contains("U+001B"), "{:?}", r.problems);
    }
}
