//! Raw catalogue → validated [`Catalogue`]: every problem is collected with its key and span.
//!
//! Rules: entry ids are identifiers (`[a-z][a-z0-9_]*`, so `<id>_<field>` is a quantity name);
//! field names come from [`super::schema`]; every value has `source` (a declared id) or
//! `assumption = true`; assumptions and unconfirmed figures have a `note`; numbers and the
//! bounds of recognised ranges are inside the field's domain. Overrides may give some fields
//! of an existing entry; a new entry must give every required field.

use super::error::{nearest, CatalogueError as E};
use super::raw::{RawCatalogue, RawEntry, RawField, RawSource, RawValue};
use super::schema::{all_field_names, EntryKind, FieldSpec, TextSpec};
use super::value::{check_text, Origin, Value, ValueProblem};
use super::{Catalogue, Entry, Source};
use crate::text::{Located, Scalar};
use indexmap::IndexMap;
use std::ops::Range;

/// Validates `raw` on top of `base` (an empty catalogue for a full file).
pub(super) fn merge(
    base: &Catalogue,
    raw: RawCatalogue,
    origin: Origin,
    external_sources: &[String],
) -> Result<Catalogue, Vec<E>> {
    let mut errs = Vec::new();
    let mut out = base.clone();
    add_sources(&mut out.sources, raw.source, &mut errs);
    let mut known: Vec<&str> = out.sources.keys().map(String::as_str).collect();
    known.extend(external_sources.iter().map(String::as_str));
    let ctx = Ctx {
        known: &known,
        origin,
    };
    let containers = ctx.entries(
        EntryKind::Container,
        &base.containers,
        raw.container,
        &mut errs,
    );
    let munitions = ctx.entries(
        EntryKind::Munition,
        &base.munitions,
        raw.munition,
        &mut errs,
    );
    out.containers = containers;
    out.munitions = munitions;
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

fn add_sources(
    into: &mut IndexMap<String, Source>,
    raw: Vec<Located<RawSource>>,
    errs: &mut Vec<E>,
) {
    let mut seen: Vec<String> = Vec::new();
    for (i, s) in raw.into_iter().enumerate() {
        let span = s.span();
        let s = s.into_inner();
        let id = s.id.get_ref().trim().to_string();
        let key = if id.is_empty() {
            format!("source[{i}]")
        } else {
            format!("source.{id}")
        };
        let bad = |problem: &str, span: Range<usize>| E::BadSource {
            key: key.clone(),
            problem: problem.to_string(),
            span: Some(span),
        };
        if id.is_empty() {
            errs.push(bad("`id` must not be empty", s.id.span()));
            continue;
        }
        if seen.contains(&id) {
            errs.push(bad(
                "declared twice in this file; ids must be unique",
                s.id.span(),
            ));
            continue;
        }
        let cite = super::citation(
            s.cite.as_ref().map(|c| c.get_ref().as_str()),
            s.publisher.as_deref(),
            s.author.as_deref(),
            s.title.as_deref(),
            s.date.as_deref(),
        );
        if cite.is_none() {
            errs.push(bad(
                "give `cite`, or `title` with `publisher` or `author`: who said it, where and when",
                s.cite.as_ref().map_or(span.clone(), Located::span),
            ));
        }
        if let Some(c) = &s.confidence {
            if !confidence_ok(c.get_ref()) {
                errs.push(bad(
                    "`confidence` must be H, M or L, or a combination such as M/L",
                    c.span(),
                ));
            }
        }
        seen.push(id.clone());
        let source = Source {
            id: id.clone(),
            cite: cite.unwrap_or_default(),
            publisher: s.publisher,
            author: s.author,
            title: s.title,
            url: s.url,
            date: s.date,
            confidence: s.confidence.map(Located::into_inner),
            span: Some(span),
        };
        into.insert(id, source);
    }
}

fn confidence_ok(c: &str) -> bool {
    !c.trim().is_empty() && c.split('/').all(|g| matches!(g.trim(), "H" | "M" | "L"))
}

fn id_ok(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

struct Ctx<'a> {
    known: &'a [&'a str],
    origin: Origin,
}

impl Ctx<'_> {
    fn entries(
        &self,
        kind: EntryKind,
        base: &IndexMap<String, Entry>,
        raw: IndexMap<String, Located<RawEntry>>,
        errs: &mut Vec<E>,
    ) -> IndexMap<String, Entry> {
        let mut out = base.clone();
        for (id, entry) in raw {
            let key = format!("{}.{id}", kind.table());
            let span = entry.span();
            if !id_ok(&id) {
                errs.push(E::BadId {
                    key,
                    span: Some(span),
                });
                continue;
            }
            let start = base
                .get(&id)
                .cloned()
                .unwrap_or_else(|| Entry::empty(kind, &id));
            let is_new = !base.contains_key(&id);
            if let Some(e) = self.entry(start, entry.into_inner(), errs) {
                if is_new {
                    check_required(&e, span, errs);
                }
                out.insert(id, e);
            }
        }
        out
    }

    fn entry(&self, mut e: Entry, raw: RawEntry, errs: &mut Vec<E>) -> Option<Entry> {
        let before = errs.len();
        let mut pending: Vec<(&'static FieldSpec, String, Pending)> = Vec::new();
        for (field, value) in raw.0 {
            let key = format!("{}.{field}", e.key());
            let span = value.span();
            if let Some(spec) = e.kind.text_fields().iter().find(|t| t.name == field) {
                if let Some(text) = text_field(spec, &key, value.into_inner(), span, errs) {
                    e.text.insert(spec.name, text);
                }
            } else if let Some(spec) = e.kind.field(&field) {
                if let Some(v) = self.value(&key, value.into_inner(), span, errs) {
                    pending.push((spec, key, v));
                }
            } else {
                errs.push(E::UnknownField {
                    key: e.key(),
                    suggestion: nearest(&field, all_field_names(e.kind)),
                    field,
                    allowed: all_field_names(e.kind).collect(),
                    span: Some(span),
                });
            }
        }
        // Formulas may name any value field the entry has once merged.
        let mut fields: Vec<String> = e.values.keys().map(|k| k.to_string()).collect();
        fields.extend(pending.iter().map(|(s, ..)| s.name.to_string()));
        for (spec, key, p) in pending {
            if let Some(v) = self.finish(spec, key, p, &fields, errs) {
                e.values.insert(spec.name, v);
            }
        }
        check_cycles(&e, errs);
        (errs.len() == before).then(|| e.sorted())
    }

    /// The metadata of a value table (source, note, flags); the text is checked in
    /// [`Ctx::finish`], once the entry's field names are known.
    fn value(
        &self,
        key: &str,
        raw: RawField,
        span: Range<usize>,
        errs: &mut Vec<E>,
    ) -> Option<Pending> {
        let key = key.to_string();
        let RawField::Table(table) = raw else {
            errs.push(E::Unsourced {
                key,
                span: Some(span),
            });
            return None;
        };
        let RawValue {
            value,
            source,
            note,
            assumption,
            unconfirmed,
        } = table;
        if let Some(s) = &source {
            if !self.known.contains(&s.get_ref().as_str()) {
                errs.push(E::UnknownSource {
                    key: key.clone(),
                    source_id: s.get_ref().clone(),
                    suggestion: nearest(s.get_ref(), self.known.iter().copied()).map(String::from),
                    span: Some(s.span()),
                });
            }
        }
        let Some(value) = value else {
            errs.push(E::MissingValue {
                key,
                span: Some(span),
            });
            return None;
        };
        Some(Pending {
            value,
            span,
            source: source.map(Located::into_inner),
            note: note.filter(|n| !n.trim().is_empty()),
            assumption: assumption.unwrap_or(false),
            unconfirmed: unconfirmed.unwrap_or(false),
        })
    }

    fn finish(
        &self,
        spec: &FieldSpec,
        key: String,
        p: Pending,
        fields: &[String],
        errs: &mut Vec<E>,
    ) -> Option<Value> {
        let vspan = p.value.span();
        let expr = p.value.get_ref().text().trim().to_string();
        let checked = match check_text(&expr, spec.domain, fields) {
            Ok(c) => c,
            Err(problem) => {
                errs.push(self::problem(key, expr, problem, vspan, spec));
                return None;
            }
        };
        let derived = !checked.refs.is_empty();
        if p.source.is_none() && !p.assumption && !derived {
            errs.push(E::Unsourced {
                key: key.clone(),
                span: Some(p.span.clone()),
            });
        }
        if (p.assumption || p.unconfirmed) && p.note.is_none() {
            errs.push(E::MissingNote {
                key,
                span: Some(p.span.clone()),
            });
            return None;
        }
        Some(Value {
            expr,
            number: checked.number,
            derived_from: checked.refs,
            unit: spec.unit,
            source: p.source,
            note: p.note,
            assumption: p.assumption,
            unconfirmed: p.unconfirmed,
            span: Some(vspan),
            origin: self.origin,
        })
    }
}

/// A value table read, waiting for its text to be checked.
struct Pending {
    value: Located<Scalar>,
    span: Range<usize>,
    source: Option<String>,
    note: Option<String>,
    assumption: bool,
    unconfirmed: bool,
}

/// A formula that depends on itself, directly or through other formulas, is an error.
fn check_cycles(e: &Entry, errs: &mut Vec<E>) {
    for (start, v) in e.values() {
        let mut stack: Vec<&str> = v.derived_from.iter().map(String::as_str).collect();
        let mut seen: Vec<&str> = Vec::new();
        while let Some(f) = stack.pop() {
            if f == start {
                errs.push(E::BadRange {
                    key: format!("{}.{start}", e.key()),
                    expr: v.expr.clone(),
                    problem: "the formula depends on itself (through the fields it names)".into(),
                    span: v.span.clone(),
                });
                return;
            }
            if seen.contains(&f) {
                continue;
            }
            seen.push(f);
            if let Some(w) = e.values.get(f) {
                stack.extend(w.derived_from.iter().map(String::as_str));
            }
        }
    }
}

fn problem(key: String, expr: String, p: ValueProblem, span: Range<usize>, spec: &FieldSpec) -> E {
    let span = Some(span);
    match p {
        ValueProblem::Empty => E::MissingValue { key, span },
        ValueProblem::OutOfDomain(value) => E::OutOfDomain {
            key,
            value,
            allowed: spec.domain.describe(),
            span,
        },
        ValueProblem::MayLeave(probability) => E::MayLeaveDomain {
            key,
            expr,
            probability,
            allowed: spec.domain.describe(),
            span,
        },
        ValueProblem::Invalid(problem) => E::BadRange {
            key,
            expr,
            problem,
            span,
        },
    }
}

fn text_field(
    spec: &TextSpec,
    key: &str,
    raw: RawField,
    span: Range<usize>,
    errs: &mut Vec<E>,
) -> Option<String> {
    let RawField::Plain(Scalar::Text(t)) = raw else {
        errs.push(E::WrongType {
            key: key.to_string(),
            expected: "a string",
            span: Some(span),
        });
        return None;
    };
    if let Some(choices) = spec.choices {
        if !choices.contains(&t.as_str()) {
            errs.push(E::BadChoice {
                key: key.to_string(),
                value: t,
                choices,
                span: Some(span),
            });
            return None;
        }
    }
    Some(t)
}

fn check_required(e: &Entry, span: Range<usize>, errs: &mut Vec<E>) {
    for t in e.kind.text_fields().iter().filter(|t| t.required) {
        if !e.text.contains_key(t.name) {
            errs.push(E::MissingField {
                key: e.key(),
                field: t.name,
                about: "a readable name",
                span: Some(span.clone()),
            });
        }
    }
    for f in e.kind.fields().iter().filter(|f| f.required) {
        if !e.values.contains_key(f.name) {
            errs.push(E::MissingField {
                key: e.key(),
                field: f.name,
                about: f.about,
                span: Some(span.clone()),
            });
        }
    }
}
