//! The layer order stated in `src/lib.rs` holds: every `crate::<module>` path in `src/` names
//! a module on a lower layer than the file's own module (or the module itself).
//!
//! The table is read from the crate docs, so the docs and this check cannot drift apart. Files
//! are read as text: comments are skipped, `use crate::{a, b::c}` groups are expanded.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Upward imports that cannot be removed yet, as (from, to, why). Empty: none are allowed.
const KNOWN_UPWARD: &[(&str, &str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Module → layer, from the `layer  modules  what` table in `src/lib.rs`.
fn layers() -> BTreeMap<String, usize> {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.strip_prefix("//!")) {
        let line = line.trim();
        let Some((num, rest)) = line.split_once(' ') else {
            continue;
        };
        let Ok(layer) = num.parse::<usize>() else {
            continue;
        };
        let modules = rest.trim_start().split("  ").next().unwrap_or("");
        for m in modules.split(", ") {
            out.insert(m.trim().to_string(), layer);
        }
    }
    out
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The line without its `//` comment (a `//` inside a string literal is kept).
fn code(line: &str) -> &str {
    let mut quotes = 0;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'"' => quotes += 1,
            b'/' if quotes % 2 == 0 && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The top-level modules named by `crate::` paths in `text`.
fn crate_refs(text: &str) -> Vec<String> {
    let text: String = text.lines().map(code).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `shellcount_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            // The first name of every item at depth 0 of the group.
            let (mut depth, mut item_start) = (0, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        item_start = false;
                        let name: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if name != "self" {
                            out.push(name);
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

#[test]
fn every_module_has_a_layer() {
    let layers = layers();
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            ["pub mod ", "pub(crate) mod ", "mod "]
                .iter()
                .find_map(|p| l.strip_prefix(p))
        })
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(declared.len() > 10, "modules not found in lib.rs");
    for m in &declared {
        assert!(
            layers.contains_key(*m),
            "module `{m}` has no layer in the lib.rs table"
        );
    }
    for m in layers.keys() {
        assert!(
            declared.contains(&m.as_str()),
            "layer table names `{m}`, which lib.rs does not declare"
        );
    }
}

#[test]
fn modules_import_only_lower_layers() {
    let layers = layers();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(src()).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let Some(&own) = layers.get(&module) else {
            continue; // lib.rs, main.rs
        };
        let text = fs::read_to_string(f).unwrap();
        for to in crate_refs(&text) {
            if to == module {
                continue;
            }
            let Some(&theirs) = layers.get(&to) else {
                problems.push(format!(
                    "{}: `crate::{to}` is not a module in the table",
                    rel.display()
                ));
                continue;
            };
            let known = KNOWN_UPWARD
                .iter()
                .any(|(a, b, _)| *a == module && *b == to);
            if theirs >= own && !known {
                problems.push(format!(
                    "{}: `{module}` (layer {own}) imports `{to}` (layer {theirs})",
                    rel.display()
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "imports against the layer order:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scanner_sees_grouped_and_plain_paths() {
    let text = "use crate::{dist::Dist, model::{Node, Ty}, self};\n// crate::output in a comment\nlet x = crate::stats::mean(&v); let u = \"http://x\"; crate::engine::run();";
    assert_eq!(crate_refs(text), ["dist", "model", "stats", "engine"]);
}
