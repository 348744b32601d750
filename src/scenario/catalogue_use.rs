//! `[catalogue]` in a scenario: import catalogue entries as quantities, with overrides.
//!
//! ```toml
//! [catalogue]
//! use = ["iso20", "shell_152_he"]      # each field becomes a quantity named <entry>_<field>
//! [catalogue.override.munition.shell_152_he]
//! propellant_kg = { value = "8 to 16", source = "my-source", note = "…" }
//! ```
//!
//! The import is a rewrite of the raw file, done before validation: each field of each listed
//! entry becomes an `[inputs]` entry (a *derived* field, a formula of other fields such as a
//! round's packed mass, becomes a `[model]` entry, so overriding a component moves it), with
//! its unit and note (`[assumption]` or `[unconfirmed]` prefixed where the catalogue flags it).
//! A name the scenario defines itself is not imported: **the scenario's definition wins**.
//!
//! **Only fields the model uses are imported**: a field nothing in the scenario refers to,
//! directly or through other quantities, is not a quantity (no row in the table, no
//! sensitivity); [`crate::scenario::Scenario::catalogue`] lists every field with `used`, so the
//! report can list the unused ones once. An override of a field that feeds nothing the
//! scenario uses is a warning.
//!
//! Sources: each catalogue source a used field cites is added to the scenario's sources under
//! its catalogue id (e.g. `freightutils-containers`), or as `catalogue.<id>` when the scenario
//! already declares that id. An override may cite a scenario source or one declared in
//! `[[catalogue.override.source]]`.

use super::context::Ctx;
use super::model::CatalogueField;
use super::raw::{RawFile, RawInput, RawModel, RawQuantity, RawSource};
use crate::catalogue::{Catalogue, CatalogueError, Entry, Origin, RawCatalogue};
use crate::expr::{nearest, parse};
use crate::text::{Located, Scalar};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One catalogue field on its way into the scenario.
struct Import {
    field: CatalogueField,
    quantity: RawQuantity,
    derived: bool,
    /// The catalogue source it cites, if any.
    cat_source: Option<String>,
}

/// Rewrites `raw` so that the used fields of the entries listed in `[catalogue] use` are
/// quantities and the catalogue sources they cite are `[[source]]`s. Returns every field of
/// the imported entries, used or not.
pub(super) fn import(cx: &mut Ctx, raw: &mut RawFile) -> Vec<CatalogueField> {
    let Some(section) = raw.catalogue.take() else {
        return Vec::new();
    };
    let builtin = match Catalogue::builtin() {
        Ok(c) => c,
        Err(e) => {
            let d = super::Diagnostic::file(&cx.file, format!("built-in catalogue: {e}"));
            cx.errs.push(d);
            return Vec::new();
        }
    };
    let scenario_sources: Vec<String> = raw
        .source
        .iter()
        .map(|s| s.get_ref().id.get_ref().clone())
        .collect();
    let mut override_spans: Vec<(String, Range<usize>)> = Vec::new();
    let cat = match section.overrides {
        Some(mut o) => {
            unknown_override_ids(cx, &builtin, &mut o);
            override_spans = spans_of(&o);
            match builtin.with_overrides(o, &scenario_sources) {
                Ok(c) => c,
                Err(es) => {
                    es.0.iter().for_each(|e| diagnostic(cx, e));
                    builtin
                }
            }
        }
        None => builtin,
    };
    let mut imports: Vec<Import> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for u in &section.uses {
        let id = u.get_ref().as_str();
        if seen.contains(&id) {
            cx.at(
                &u.span(),
                "catalogue.use",
                format!("`{id}` is listed twice"),
            );
            continue;
        }
        seen.push(id);
        match lookup(&cat, id) {
            Some(entry) => imports.extend(entry_imports(entry, &u.span(), &scenario_sources)),
            None => unknown_entry(cx, &cat, u),
        }
    }
    let own: HashSet<String> = raw.inputs.keys().chain(raw.model.keys()).cloned().collect();
    imports.retain(|i| !own.contains(&i.field.name));
    let used = used_names(raw, &imports);
    for i in &mut imports {
        i.field.used = used.contains(&i.field.name);
    }
    warn_unused_overrides(cx, &imports, &override_spans, &own);
    let mut inputs = indexmap::IndexMap::new();
    for i in imports.iter().filter(|i| i.field.used) {
        let mut q = i.quantity.clone();
        if let Some(id) = &i.cat_source {
            let own_source = i.field.overridden && scenario_sources.contains(id);
            let sid = if own_source {
                id.clone()
            } else {
                add_source(raw, id, &scenario_sources, &i.quantity.expr.span(), &cat)
            };
            q.source = Some(Located::new(q.expr.span(), sid));
        }
        let span = q.expr.span();
        if i.derived {
            raw.model
                .insert(i.field.name.clone(), Located::new(span, RawModel(q)));
        } else {
            inputs.insert(i.field.name.clone(), Located::new(span, RawInput(q)));
        }
    }
    inputs.extend(std::mem::take(&mut raw.inputs));
    raw.inputs = inputs;
    imports.into_iter().map(|i| i.field).collect()
}

fn lookup<'a>(cat: &'a Catalogue, id: &str) -> Option<&'a Entry> {
    cat.container(id).or_else(|_| cat.munition(id)).ok()
}

fn unknown_entry(cx: &mut Ctx, cat: &Catalogue, u: &Located<String>) {
    let id = u.get_ref();
    let all: Vec<&str> = cat
        .containers()
        .chain(cat.munitions())
        .map(|e| e.id.as_str())
        .collect();
    let help = match nearest(id, all.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("catalogue entries: {}", all.join(", ")),
    };
    cx.at(
        &u.span(),
        "catalogue.use",
        format!("unknown catalogue entry `{id}`: no container or munition has this id"),
    )
    .help = Some(help);
}

/// The quantities of one entry.
fn entry_imports(
    entry: &Entry,
    use_span: &Range<usize>,
    scenario_sources: &[String],
) -> Vec<Import> {
    entry
        .quantities()
        .into_iter()
        .zip(entry.values().map(|(_, v)| v.clone()))
        .map(|(q, v)| {
            let overridden = v.origin == Origin::Override;
            let span = match (&v.span, overridden) {
                (Some(s), true) => s.clone(),
                _ => use_span.clone(),
            };
            let flag = match (q.assumption, q.unconfirmed) {
                (_, true) => "[unconfirmed] ",
                (true, false) => "[assumption] ",
                _ => "",
            };
            let note = format!(
                "{flag}catalogue {}: {}",
                q.key,
                q.note.clone().unwrap_or_default()
            );
            let derived = !q.derived_from.is_empty();
            let quantity = RawQuantity {
                unit: Some(Located::new(span.clone(), q.unit.to_string())),
                note: Some(note.clone()),
                ..RawQuantity::plain(Located::new(span.clone(), Scalar::Text(q.expr.clone())))
            };
            let source = q.source.clone().map(|s| {
                if overridden && scenario_sources.contains(&s) {
                    s
                } else if scenario_sources.contains(&s) {
                    format!("catalogue.{s}")
                } else {
                    s
                }
            });
            Import {
                field: CatalogueField {
                    name: q.name,
                    key: q.key,
                    expr: q.expr,
                    unit: q.unit.to_string(),
                    source,
                    note,
                    overridden,
                    used: false,
                },
                quantity,
                derived,
                cat_source: q.source,
            }
        })
        .collect()
}

/// The imported names the model uses: those referred to by the scenario's own quantities,
/// claims, evidence, correlation and shipment, and, through them, by other imported ones.
fn used_names(raw: &RawFile, imports: &[Import]) -> HashSet<String> {
    let by_name: HashMap<&str, &Import> =
        imports.iter().map(|i| (i.field.name.as_str(), i)).collect();
    let mut texts: Vec<String> = Vec::new();
    for q in raw
        .inputs
        .values()
        .map(|v| &v.get_ref().0)
        .chain(raw.model.values().map(|v| &v.get_ref().0))
    {
        texts.push(q.expr.get_ref().text());
    }
    for c in &raw.claim {
        texts.push(c.get_ref().holds_if.get_ref().clone());
    }
    for e in &raw.evidence {
        let e = e.get_ref();
        texts.extend(
            e.likelihood
                .iter()
                .chain(&e.holds_if)
                .map(|t| t.get_ref().clone()),
        );
    }
    if let Some(s) = &raw.shipment {
        let s = s.get_ref();
        texts.push(s.containers.get_ref().text());
        for c in &s.cargo {
            let c = c.get_ref();
            texts.extend(
                std::iter::once(&c.share)
                    .chain(&c.load)
                    .map(|x| x.get_ref().text()),
            );
        }
        for l in &s.lot {
            let l = l.get_ref();
            texts.extend(
                std::iter::once(&l.share)
                    .chain(&l.dud_rate)
                    .map(|x| x.get_ref().text()),
            );
        }
    }
    let mut stack: Vec<String> = texts
        .iter()
        .filter_map(|t| parse(t).ok())
        .flat_map(|a| a.names().into_iter().map(|(n, _)| n))
        .collect();
    if let Some(c) = &raw.correlation {
        let c = c.get_ref();
        stack.extend(c.inputs.iter().flat_map(|i| i.get_ref().iter().cloned()));
        stack.extend(c.pairs.iter().flat_map(|p| {
            p.get_ref()
                .iter()
                .flat_map(|(a, b, _)| [a.clone(), b.clone()])
        }));
    }
    let mut used: HashSet<String> = HashSet::new();
    while let Some(n) = stack.pop() {
        let Some(i) = by_name.get(n.as_str()) else {
            continue;
        };
        if used.insert(i.field.name.clone()) {
            if let Ok(a) = parse(&i.field.expr) {
                stack.extend(a.names().into_iter().map(|(n, _)| n));
            }
        }
    }
    used
}

/// Overrides that change nothing the scenario uses, each a warning at the override.
fn warn_unused_overrides(
    cx: &mut Ctx,
    imports: &[Import],
    spans: &[(String, Range<usize>)],
    own: &HashSet<String>,
) {
    let imported: HashMap<&str, &Import> =
        imports.iter().map(|i| (i.field.key.as_str(), i)).collect();
    for (key, span) in spans {
        let why = match imported.get(key.as_str()) {
            Some(i) if i.field.used => continue,
            Some(_) => {
                "nothing in the scenario uses this field, directly or through other quantities"
            }
            None => {
                let name = key.splitn(3, '.').skip(1).collect::<Vec<_>>().join("_");
                if own.contains(&name) {
                    "the scenario defines this quantity itself, and its own definition wins"
                } else {
                    "its entry is not listed in `[catalogue] use`"
                }
            }
        };
        cx.warn(span, &format!("catalogue.override.{key}"), format!("this override changes nothing: {why}"))
            .help = Some("remove it, or use the field in a formula (results show only the catalogue fields the model uses)".into());
    }
}

/// `container.iso20.max_payload_kg` → span of the value, for every field an override gives.
fn spans_of(o: &RawCatalogue) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for (table, map) in [("container", &o.container), ("munition", &o.munition)] {
        for (id, e) in map {
            for (field, v) in &e.get_ref().0 {
                if crate::catalogue::EntryKind::from_table(table)
                    .is_some_and(|k| k.field(field).is_some())
                {
                    out.push((format!("{table}.{id}.{field}"), v.span()));
                }
            }
        }
    }
    out
}

/// Adds catalogue source `id` to the scenario's sources (once) and returns the id it has there.
fn add_source(
    raw: &mut RawFile,
    id: &str,
    scenario_sources: &[String],
    span: &Range<usize>,
    cat: &Catalogue,
) -> String {
    let new_id = if scenario_sources.iter().any(|s| s == id) {
        format!("catalogue.{id}")
    } else {
        id.to_string()
    };
    if raw
        .source
        .iter()
        .any(|s| s.get_ref().id.get_ref() == &new_id)
    {
        return new_id;
    }
    let Some(s) = cat.source(id) else {
        return new_id;
    };
    let cite = match &s.confidence {
        Some(c) => format!("{} [catalogue; confidence {c}]", s.cite),
        None => format!("{} [catalogue]", s.cite),
    };
    raw.source.push(Located::new(
        span.clone(),
        RawSource {
            id: Located::new(span.clone(), new_id.clone()),
            cite: Some(Located::new(span.clone(), cite)),
            publisher: s.publisher.clone(),
            author: s.author.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            date: s.date.clone(),
        },
    ));
    new_id
}

/// An override of an entry the catalogue does not have, whose id is close to one it does, is a
/// typo rather than a new entry: report it with the suggestion and drop it.
fn unknown_override_ids(cx: &mut Ctx, base: &Catalogue, o: &mut RawCatalogue) {
    let kinds = [
        (
            "container",
            &mut o.container,
            base.containers().map(|e| e.id.clone()).collect::<Vec<_>>(),
        ),
        (
            "munition",
            &mut o.munition,
            base.munitions().map(|e| e.id.clone()).collect(),
        ),
    ];
    for (table, entries, known) in kinds {
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        entries.retain(|id, e| {
            if known.contains(&id.as_str()) {
                return true;
            }
            let Some(n) = nearest(id, known.iter().copied()) else {
                return true;
            };
            cx.at(
                &e.span(),
                &format!("catalogue.override.{table}.{id}"),
                format!("unknown {table} `{id}` in [catalogue.override.{table}]"),
            )
            .help = Some(format!(
                "did you mean `{n}`? (a new entry must give every required field)"
            ));
            false
        });
    }
}

/// A catalogue error (spans are in the scenario file) as a scenario diagnostic.
fn diagnostic(cx: &mut Ctx, e: &CatalogueError) {
    let text = e.to_string();
    let prefix = e.key().map(|k| format!("{k}: ")).unwrap_or_default();
    let message = text.strip_prefix(&prefix).unwrap_or(&text).to_string();
    let key = match e.key() {
        Some(k) => format!("catalogue.override.{k}"),
        None => "catalogue.override".to_string(),
    };
    match e.span() {
        Some(s) => {
            cx.at(&s, &key, message);
        }
        None => cx
            .errs
            .push(super::Diagnostic::file(&cx.file, message).key(key)),
    }
}
