//! Raw catalogue → validated [`Catalogue`]: every problem is collected with its key and span.
//!
//! Rules: entry ids are identifiers (`[a-z][a-z0-9_]*`, so `<id>_<field>` is a quantity name);
//! field names come from [`super::schema`]; every value has `source` (a declared id) or
//! `assumption = true`; assumptions and unconfirmed figures have a `note`; numbers and the
//! bounds of recognised ranges are inside the field's domain. Overrides may give some fields
//! of an existing entry; a new entry must give every required field.

use super::error::{nearest, CatalogueError as E};
use super::raw::{RawCatalogue, RawEntry, RawField, RawScalar, RawSource, RawValue, VALUE_KEYS};
use super::schema::{all_field_names, EntryKind, FieldSpec, TextSpec};
use super::value::{check_number, check_text, Origin, Value, ValueProblem};
use super::{Catalogue, Entry, Source};
use indexmap::IndexMap;
use std::ops::Range;
use toml::Spanned;

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
    raw: Vec<Spanned<RawSource>>,
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
        if s.cite.get_ref().trim().is_empty() {
            errs.push(bad(
                "`cite` must say who said it, where and when",
                s.cite.span(),
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
            cite: s.cite.into_inner(),
            url: s.url,
            date: s.date,
            confidence: s.confidence.map(Spanned::into_inner),
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
        raw: IndexMap<String, Spanned<RawEntry>>,
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
        for (field, value) in raw.0 {
            let key = format!("{}.{field}", e.key());
            let span = value.span();
            if let Some(spec) = e.kind.text_fields().iter().find(|t| t.name == field) {
                if let Some(text) = text_field(spec, &key, value.into_inner(), span, errs) {
                    e.text.insert(spec.name, text);
                }
            } else if let Some(spec) = e.kind.field(&field) {
                if let Some(v) = self.value(spec, &key, value.into_inner(), span, errs) {
                    e.values.insert(spec.name, v);
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
        (errs.len() == before).then(|| e.sorted())
    }

    fn value(
        &self,
        spec: &FieldSpec,
        key: &str,
        raw: RawField,
        span: Range<usize>,
        errs: &mut Vec<E>,
    ) -> Option<Value> {
        let key = key.to_string();
        let table = match raw {
            RawField::Table(t) => t,
            _ => {
                errs.push(E::Unsourced {
                    key,
                    span: Some(span),
                });
                return None;
            }
        };
        let before = errs.len();
        for name in &table.unknown {
            errs.push(E::UnknownValueKey {
                key: key.clone(),
                name: name.clone(),
                suggestion: nearest(name, VALUE_KEYS.iter().copied()),
                span: Some(span.clone()),
            });
        }
        let RawValue {
            value,
            source,
            note,
            assumption,
            unconfirmed,
            ..
        } = table;
        let assumption = assumption.unwrap_or(false);
        let unconfirmed = unconfirmed.unwrap_or(false);
        let note = note.filter(|n| !n.trim().is_empty());
        if let Some(s) = &source {
            if !self.known.contains(&s.get_ref().as_str()) {
                errs.push(E::UnknownSource {
                    key: key.clone(),
                    source_id: s.get_ref().clone(),
                    suggestion: nearest(s.get_ref(), self.known.iter().copied()).map(String::from),
                    span: Some(s.span()),
                });
            }
        } else if !assumption {
            errs.push(E::Unsourced {
                key: key.clone(),
                span: Some(span.clone()),
            });
        }
        if (assumption || unconfirmed) && note.is_none() {
            errs.push(E::MissingNote {
                key: key.clone(),
                span: Some(span.clone()),
            });
        }
        let Some(value) = value else {
            errs.push(E::MissingValue {
                key,
                span: Some(span),
            });
            return None;
        };
        let vspan = value.span();
        let (expr, number) = match checked(spec, value.into_inner()) {
            Ok(x) => x,
            Err((expr, p)) => {
                errs.push(problem(key, expr, p, vspan, spec));
                return None;
            }
        };
        (errs.len() == before).then(|| Value {
            expr,
            number,
            unit: spec.unit,
            source: source.map(Spanned::into_inner),
            note,
            assumption,
            unconfirmed,
            span: Some(vspan),
            origin: self.origin,
        })
    }
}

type Checked = Result<(String, Option<f64>), (String, ValueProblem)>;

fn checked(spec: &FieldSpec, raw: RawScalar) -> Checked {
    match raw {
        RawScalar::Number(x) => {
            let expr = format!("{x}");
            match check_number(x, spec.domain) {
                Ok(x) => Ok((expr, Some(x))),
                Err(p) => Err((expr, p)),
            }
        }
        RawScalar::Text(t) => match check_text(&t, spec.domain) {
            Ok(n) => Ok((t.trim().to_string(), n)),
            Err(p) => Err((t, p)),
        },
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
        ValueProblem::BadRange(problem) => E::BadRange {
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
    let RawField::Text(t) = raw else {
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
