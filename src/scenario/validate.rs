//! From raw structs to a [`Scenario`]: names, sources, expressions, types and the graph.
//!
//! Problems are collected rather than stopping at the first, so one `shellcount check` shows
//! everything wrong with a file.

use super::dependence;
use super::error::{expr_start, Diagnostic, ScenarioError};
use super::model::{Claim, Quantity, Scenario, Source};
use super::raw::{RawFile, RawQuantity};
use crate::expr::compile::{callable_names, compile, Names};
use crate::expr::{nearest, parse, parser::KEYWORDS, ExprError};
use crate::model::{BinOp, Node, Program, QuantityId, QuantityKind, Side, Ty};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::path::Path;

/// Most draws a scenario may ask for (memory is checked separately at run time).
pub const MAX_SAMPLES: u64 = 1_000_000_000;

struct Ctx<'a> {
    file: String,
    src: &'a str,
    errs: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn at(
        &mut self,
        span: &Range<usize>,
        key: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::at(&self.file, self.src, span.start, span.end, message).key(key);
        self.errs.push(d);
        self.errs.last_mut().expect("just pushed")
    }

    /// Maps an error inside an expression string to the file position.
    fn expr_error(&mut self, value: &Range<usize>, text: &str, key: &str, e: ExprError) {
        let d = match expr_start(self.src, value, text) {
            Some(base) => Diagnostic::at(
                &self.file,
                self.src,
                base + e.span.start,
                base + e.span.end,
                e.message,
            ),
            None => Diagnostic::at(&self.file, self.src, value.start, value.end, e.message),
        };
        self.errs.push(d.key(key).help(e.help));
    }
}

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|x| x.is_ascii_alphanumeric() || x == '-' || x == '_' || x == '.')
}

struct Entry<'a> {
    name: String,
    kind: QuantityKind,
    span: Range<usize>,
    raw: &'a RawQuantity,
}

/// Validates a parsed file.
///
/// # Errors
/// A [`ScenarioError`] with every problem found.
pub fn validate(path: &Path, src: &str, mut raw: RawFile) -> Result<Scenario, ScenarioError> {
    let mut cx = Ctx {
        file: path.display().to_string(),
        src,
        errs: Vec::new(),
    };
    cx.errs = super::catalogue_use::import(&cx.file, src, &mut raw);
    let (title, description, samples, seed) = header(&mut cx, &raw);
    let sources = sources(&mut cx, &raw);
    let source_ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let generated = super::shipment::generated(&raw);
    let mut entries: Vec<Entry> = Vec::new();
    for (kind, table) in [
        (QuantityKind::Input, "inputs"),
        (QuantityKind::Model, "model"),
    ] {
        let items: Vec<(&String, Range<usize>, &RawQuantity)> = match kind {
            QuantityKind::Input => raw
                .inputs
                .iter()
                .map(|(k, v)| (k, v.span(), &v.get_ref().0))
                .collect(),
            QuantityKind::Model => raw
                .model
                .iter()
                .map(|(k, v)| (k, v.span(), &v.get_ref().0))
                .collect(),
        };
        for (name, span, q) in items {
            let key = format!("{table}.{name}");
            if !is_name(name) {
                cx.at(&span, &key, format!("`{name}` is not a valid quantity name: use letters, digits and _, starting with a letter"));
            } else if KEYWORDS.contains(&name.as_str()) || callable_names().contains(&name.as_str())
            {
                cx.at(&span, &key, format!("`{name}` is a reserved word (a keyword, function or distribution name); choose another name"));
            } else if let Some(prev) = entries.iter().find(|e| &e.name == name) {
                let line = Diagnostic::at("", src, prev.span.start, prev.span.end, "")
                    .line
                    .unwrap_or(0);
                cx.at(&span, &key, format!("`{name}` is defined twice (first on line {line}); each quantity needs one definition"));
            }
            check_source(&mut cx, &q.source, &source_ids, &key);
            entries.push(Entry {
                name: name.clone(),
                kind,
                span,
                raw: q,
            });
        }
    }
    let n_user = entries.len();
    for (name, span, q) in &generated {
        if entries.iter().any(|e| &e.name == name) {
            cx.at(span, "shipment", format!("[shipment] generates `{name}`, which is already defined; rename the quantity or the cargo/lot id"));
        }
        let kind = QuantityKind::Model;
        entries.push(Entry {
            name: name.clone(),
            kind,
            span: span.clone(),
            raw: q,
        });
    }
    let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    let mut nodes: Vec<Option<Node>> = Vec::new();
    for e in &entries[..n_user] {
        let table = if e.kind == QuantityKind::Input {
            "inputs"
        } else {
            "model"
        };
        let key = format!("{table}.{}", e.name);
        let vspan = e.raw.expr_span.clone().unwrap_or(e.span.clone());
        nodes.push(compile_text(
            &mut cx,
            &e.raw.expr,
            &vspan,
            &key,
            &names,
            Ty::Num,
        ));
    }
    let (file, errs) = (cx.file.clone(), &mut cx.errs);
    nodes.extend(super::shipment::compile_plan(
        errs, &file, src, &raw, &names, n_user,
    ));
    let claims = claims(&mut cx, &raw, &names, &source_ids);
    let order = graph_order(&mut cx, &entries, &nodes);
    let fixed: Vec<Option<crate::dist::Dist>> = nodes
        .iter()
        .zip(&entries)
        .map(|(n, e)| match n {
            Some(Node::Sample(s)) if e.kind == QuantityKind::Input => s.fixed.clone(),
            _ => None,
        })
        .collect();
    let correlated = dependence::correlation(&cx.file, src, &raw, &names, &fixed, &mut cx.errs);
    let evidence = dependence::evidence(&cx.file, src, &raw, &names, &source_ids, &mut cx.errs);
    if !cx.errs.is_empty() {
        return Err(ScenarioError(cx.errs));
    }
    let quantities: Vec<Quantity> = entries
        .iter()
        .map(|e| Quantity {
            name: e.name.clone(),
            kind: e.kind,
            expr: e.raw.expr.clone(),
            unit: e.raw.unit.clone(),
            source: e.raw.source.as_ref().map(|s| s.get_ref().clone()),
            note: e.raw.note.clone(),
            label: non_empty(&e.raw.display.label),
            log: e.raw.display.log.unwrap_or(false),
            line: src[..e.span.start.min(src.len())].matches('\n').count() + 1,
        })
        .collect();
    let (claims, claim_nodes): (Vec<Claim>, Vec<Node>) = claims
        .into_iter()
        .map(|(c, n)| (c, n.expect("no errors")))
        .unzip();
    let program = Program {
        names: names.clone().into(),
        kinds: quantities.iter().map(|q| q.kind).collect(),
        quantities: nodes.into_iter().map(|n| n.expect("no errors")).collect(),
        order: order.into_iter().map(QuantityId::new).collect(),
        claim_ids: claims.iter().map(|c| c.id.clone()).collect(),
        claims: claim_nodes.into(),
        correlated: correlated.as_ref().map(|c| c.0.clone()),
        evidence_ids: evidence.iter().map(|e| e.0.id.clone()).collect(),
        evidence: evidence.iter().map(|e| e.1.clone()).collect(),
    };
    let file_name = path
        .file_name()
        .map_or_else(|| cx.file.clone(), |f| f.to_string_lossy().into_owned());
    let stem = path.file_stem().map_or_else(
        || "scenario".to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    Ok(Scenario {
        path: cx.file.clone(),
        file_name,
        stem,
        sha256: format!("{:x}", Sha256::digest(src.as_bytes())),
        title,
        description,
        samples,
        seed,
        sources,
        quantities: quantities.into(),
        claims: claims.into(),
        program,
        correlation: correlated.map(|c| c.1),
        evidence: evidence.into_iter().map(|e| e.0).collect(),
    })
}

fn header(cx: &mut Ctx, raw: &RawFile) -> (String, Option<String>, Option<u64>, Option<u64>) {
    let Some(h) = &raw.scenario else {
        cx.errs.push(
            Diagnostic::file(&cx.file, "missing the [scenario] table")
                .key("scenario")
                .help(Some(
                    "start the file with:\n[scenario]\ntitle = \"What this scenario tests\"".into(),
                )),
        );
        return (String::new(), None, None, None);
    };
    let hs = h.span();
    let h = h.get_ref();
    let title = match &h.title {
        None => {
            cx.at(
                &(hs.start..hs.start + 10),
                "scenario.title",
                "missing required key `title` in [scenario]",
            )
            .help =
                Some("add `title = \"...\"`: it heads the report and the terminal output".into());
            String::new()
        }
        Some(t) if t.get_ref().trim().is_empty() => {
            cx.at(
                &t.span(),
                "scenario.title",
                "the title is empty; say what the scenario tests",
            );
            String::new()
        }
        Some(t) => t.get_ref().clone(),
    };
    let samples = h.samples.as_ref().and_then(|s| {
        let v = *s.get_ref();
        if v < 1 || v as u64 > MAX_SAMPLES {
            cx.at(
                &s.span(),
                "scenario.samples",
                format!("samples must be between 1 and {MAX_SAMPLES}, got {v}"),
            );
            None
        } else {
            Some(v as u64)
        }
    });
    let seed = h.seed.as_ref().and_then(|s| {
        let v = *s.get_ref();
        if v < 0 {
            cx.at(
                &s.span(),
                "scenario.seed",
                format!("seed must be a whole number ≥ 0, got {v}"),
            );
            None
        } else {
            Some(v as u64)
        }
    });
    (title, h.description.clone(), samples, seed)
}

fn sources(cx: &mut Ctx, raw: &RawFile) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for s in &raw.source {
        let r = s.get_ref();
        let id = r.id.get_ref();
        if !is_id(id) {
            cx.at(
                &r.id.span(),
                "source.id",
                format!("`{id}` is not a valid source id: use letters, digits, `-`, `_` or `.`"),
            );
        } else if out.iter().any(|o| &o.id == id) {
            cx.at(
                &r.id.span(),
                "source.id",
                format!("source id `{id}` is used twice"),
            );
        }
        if r.cite.get_ref().trim().is_empty() {
            cx.at(
                &r.cite.span(),
                "source.cite",
                "the citation is empty: say who said it, where and when",
            );
        }
        out.push(Source {
            id: id.clone(),
            cite: r.cite.get_ref().clone(),
            url: r.url.clone(),
            date: r.date.clone(),
        });
    }
    out
}

fn check_source(cx: &mut Ctx, source: &Option<toml::Spanned<String>>, ids: &[&str], key: &str) {
    let Some(s) = source else { return };
    let id = s.get_ref();
    if !ids.contains(&id.as_str()) {
        let help = match nearest(id, ids.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if ids.is_empty() => {
                "declare it in a [[source]] entry with id and cite".to_string()
            }
            None => format!("declared sources: {}", ids.join(", ")),
        };
        cx.at(
            &s.span(),
            &format!("{key}.source"),
            format!("unknown source `{id}`: no [[source]] has this id"),
        )
        .help = Some(help);
    }
}

fn compile_text(
    cx: &mut Ctx,
    text: &str,
    vspan: &Range<usize>,
    key: &str,
    names: &[String],
    want: Ty,
) -> Option<Node> {
    let result = parse(text).and_then(|ast| {
        let (node, ty) = compile(&ast, text, &Names { all: names })?;
        if ty != want {
            let msg = match want {
                Ty::Bool => "a claim must be a true/false test, such as `shipped >= 3M`; this is a number".to_string(),
                Ty::Num => "a quantity must be a number; this is a true/false test (use if(test, a, b) to turn it into one)".to_string(),
            };
            return Err(ExprError::new(ast.span, msg));
        }
        Ok(node)
    });
    match result {
        Ok(n) => Some(n),
        Err(e) => {
            cx.expr_error(vspan, text, key, e);
            None
        }
    }
}

type ClaimOut = (Claim, Option<Node>);

fn claims(cx: &mut Ctx, raw: &RawFile, names: &[String], source_ids: &[&str]) -> Vec<ClaimOut> {
    let mut out: Vec<ClaimOut> = Vec::new();
    for c in &raw.claim {
        let r = c.get_ref();
        let id = r.id.get_ref().clone();
        let key = format!("claim.{id}");
        if !is_id(&id) {
            cx.at(
                &r.id.span(),
                "claim.id",
                format!("`{id}` is not a valid claim id: use letters, digits, `-`, `_` or `.`"),
            );
        } else if out.iter().any(|(o, _)| o.id == id) {
            cx.at(
                &r.id.span(),
                "claim.id",
                format!("claim id `{id}` is used twice"),
            );
        }
        check_source(cx, &r.source, source_ids, &key);
        let text = r.holds_if.get_ref();
        let node = compile_text(
            cx,
            text,
            &r.holds_if.span(),
            &format!("{key}.holds_if"),
            names,
            Ty::Bool,
        );
        let references = parse(text)
            .map(|a| a.names().into_iter().map(|(n, _)| n).collect())
            .unwrap_or_default();
        let threshold = node.as_ref().and_then(|n| threshold(n, names));
        let claim = Claim {
            id,
            text: r.text.clone(),
            holds_if: text.clone(),
            source: r.source.as_ref().map(|s| s.get_ref().clone()),
            note: r.note.clone(),
            label: non_empty(&r.label),
            group: non_empty(&r.group),
            references,
            threshold,
        };
        out.push((claim, node));
    }
    out
}

/// Recognises `quantity <op> constant` (either way round).
fn threshold(node: &Node, names: &[String]) -> Option<(String, f64, Side)> {
    let Node::Bin(op, a, b) = node else {
        return None;
    };
    let (q, v, flipped) = match (a.as_ref(), b.as_ref()) {
        (Node::Ref(i), Node::Const(v)) => (i.index(), *v, false),
        (Node::Const(v), Node::Ref(i)) => (i.index(), *v, true),
        _ => return None,
    };
    let above = match op {
        BinOp::Ge | BinOp::Gt => true,
        BinOp::Le | BinOp::Lt => false,
        _ => return None,
    };
    let side = if above != flipped {
        Side::AtLeast
    } else {
        Side::AtMost
    };
    Some((names[q].clone(), v, side))
}

/// A topological order of the quantities (depth-first, in file order), or a cycle error.
fn graph_order(cx: &mut Ctx, entries: &[Entry], nodes: &[Option<Node>]) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            n.as_ref().map_or_else(Vec::new, |n| {
                n.refs().into_iter().map(QuantityId::index).collect()
            })
        })
        .collect();
    // 0 = unvisited, 1 = on the stack, 2 = done
    let mut state = vec![0u8; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    for start in 0..nodes.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = edges[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        let pos = stack.iter().position(|(x, _)| *x == w).unwrap_or(0);
                        let mut path: Vec<&str> = stack[pos..]
                            .iter()
                            .map(|(x, _)| entries[*x].name.as_str())
                            .collect();
                        path.push(entries[w].name.as_str());
                        let e = &entries[w];
                        let table = if e.kind == QuantityKind::Input {
                            "inputs"
                        } else {
                            "model"
                        };
                        cx.at(
                            &e.span,
                            &format!("{table}.{}", e.name),
                            format!("the model has a cycle: {}", path.join(" → ")),
                        )
                        .help = Some(
                            "a quantity cannot depend on itself, directly or through others".into(),
                        );
                        return Vec::new();
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                order.push(v);
                stack.pop();
            }
        }
    }
    order
}

/// Display text as written, `None` when absent or blank.
fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
