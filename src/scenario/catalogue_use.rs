//! `[catalogue]` in a scenario: import catalogue entries as input quantities, with overrides.
//!
//! ```toml
//! [catalogue]
//! use = ["iso20", "shell_152_he"]      # each value becomes an input named <entry>_<field>
//! [catalogue.override.munition.shell_152_he]
//! packed_mass_kg = { value = "pert(55, 60, 70)", source = "my-source", note = "…" }
//! ```
//!
//! The import is a rewrite of the raw file, done before validation: every value of every listed
//! entry becomes an `[inputs]` entry (expression, unit, note; `[assumption]` or `[unconfirmed]`
//! prefixed to the note where the catalogue flags it), placed before the scenario's own inputs.
//! A name the scenario defines itself in `[inputs]` or `[model]` is not imported: **the
//! scenario's definition wins**.
//!
//! Sources: each catalogue source an imported value cites is added to the scenario's sources
//! under its catalogue id (e.g. `freightutils-containers`), so the scenario's own quantities may
//! cite it too. If the scenario already declares a source with that id, the catalogue's is added
//! as `catalogue.<id>` instead and the imported values cite that. An override value may cite a
//! scenario source or a source declared in `[[catalogue.override.source]]`.

use super::error::Diagnostic;
use super::raw::{RawFile, RawInput, RawQuantity, RawSource};
use crate::catalogue::{Catalogue, CatalogueError, Entry, Origin, RawCatalogue};
use crate::expr::nearest;
use indexmap::IndexMap;
use std::ops::Range;
use toml::Spanned;

/// Rewrites `raw` so that the entries listed in `[catalogue] use` are `[inputs]` and the
/// catalogue sources they cite are `[[source]]`s. Returns every problem found.
pub(super) fn import(file: &str, src: &str, raw: &mut RawFile) -> Vec<Diagnostic> {
    let Some(section) = raw.catalogue.take() else {
        return Vec::new();
    };
    let mut errs = Vec::new();
    let builtin = match Catalogue::builtin() {
        Ok(c) => c,
        Err(e) => return vec![Diagnostic::file(file, format!("built-in catalogue: {e}"))],
    };
    let scenario_sources: Vec<String> = raw
        .source
        .iter()
        .map(|s| s.get_ref().id.get_ref().clone())
        .collect();
    let cat = match section.overrides {
        Some(mut o) => {
            unknown_override_ids(file, src, &builtin, &mut o, &mut errs);
            match builtin.with_overrides(o, &scenario_sources) {
                Ok(c) => c,
                Err(es) => {
                    errs.extend(es.0.iter().map(|e| diagnostic(file, src, e)));
                    builtin
                }
            }
        }
        None => builtin,
    };
    let mut imported: IndexMap<String, Spanned<RawInput>> = IndexMap::new();
    let mut seen: Vec<&str> = Vec::new();
    for u in &section.uses {
        let id = u.get_ref().as_str();
        if seen.contains(&id) {
            errs.push(at(file, src, &u.span(), format!("`{id}` is listed twice")));
            continue;
        }
        seen.push(id);
        let Some(entry) = lookup(&cat, id) else {
            let all: Vec<&str> = cat
                .containers()
                .chain(cat.munitions())
                .map(|e| e.id.as_str())
                .collect();
            let help = match nearest(id, all.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("catalogue entries: {}", all.join(", ")),
            };
            errs.push(
                at(
                    file,
                    src,
                    &u.span(),
                    format!("unknown catalogue entry `{id}`: no container or munition has this id"),
                )
                .help(Some(help)),
            );
            continue;
        };
        for (name, q) in entry_inputs(entry, &cat, &u.span(), &scenario_sources, raw) {
            if !raw.inputs.contains_key(&name) && !raw.model.contains_key(&name) {
                imported.insert(name, q);
            }
        }
    }
    imported.extend(std::mem::take(&mut raw.inputs));
    raw.inputs = imported;
    errs
}

fn lookup<'a>(cat: &'a Catalogue, id: &str) -> Option<&'a Entry> {
    cat.container(id).or_else(|_| cat.munition(id)).ok()
}

/// The inputs of one entry; adds the catalogue sources they cite to `raw.source`.
fn entry_inputs(
    entry: &Entry,
    cat: &Catalogue,
    use_span: &Range<usize>,
    scenario_sources: &[String],
    raw: &mut RawFile,
) -> Vec<(String, Spanned<RawInput>)> {
    entry
        .quantities()
        .into_iter()
        .zip(entry.values().map(|(_, v)| v.clone()))
        .map(|(q, v)| {
            let span = match (&v.origin, &v.span) {
                (Origin::Override, Some(s)) => s.clone(),
                _ => use_span.clone(),
            };
            let source = q.source.as_ref().map(|id| {
                let own = v.origin == Origin::Override && scenario_sources.contains(id);
                let id = if own {
                    id.clone()
                } else {
                    add_source(raw, id, scenario_sources, &span, cat)
                };
                Spanned::new(span.clone(), id)
            });
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
            let rq = RawQuantity {
                expr: q.expr.clone(),
                expr_span: (v.origin == Origin::Override).then(|| span.clone()),
                unit: Some(q.unit.to_string()),
                source,
                note: Some(note),
                display: Default::default(),
            };
            (q.name, Spanned::new(span, RawInput(rq)))
        })
        .collect()
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
    raw.source.push(Spanned::new(
        span.clone(),
        RawSource {
            id: Spanned::new(span.clone(), new_id.clone()),
            cite: Spanned::new(span.clone(), cite),
            url: s.url.clone(),
            date: s.date.clone(),
        },
    ));
    new_id
}

/// An override of an entry the catalogue does not have, whose id is close to one it does, is a
/// typo rather than a new entry: report it with the suggestion and drop it.
fn unknown_override_ids(
    file: &str,
    src: &str,
    base: &Catalogue,
    o: &mut RawCatalogue,
    errs: &mut Vec<Diagnostic>,
) {
    let ids = |it: &mut dyn Iterator<Item = &Entry>| -> Vec<String> {
        it.map(|e| e.id.clone()).collect()
    };
    let kinds = [
        ("container", &mut o.container, ids(&mut base.containers())),
        ("munition", &mut o.munition, ids(&mut base.munitions())),
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
            errs.push(
                at(
                    file,
                    src,
                    &e.span(),
                    format!("unknown {table} `{id}` in [catalogue.override.{table}]"),
                )
                .key(format!("catalogue.override.{table}.{id}"))
                .help(Some(format!(
                    "did you mean `{n}`? (a new entry must give every required field)"
                ))),
            );
            false
        });
    }
}

fn at(file: &str, src: &str, span: &Range<usize>, message: String) -> Diagnostic {
    Diagnostic::at(file, src, span.start, span.end, message).key("catalogue.use")
}

/// A catalogue error (spans are in the scenario file) as a scenario diagnostic.
fn diagnostic(file: &str, src: &str, e: &CatalogueError) -> Diagnostic {
    let text = e.to_string();
    let prefix = e.key().map(|k| format!("{k}: ")).unwrap_or_default();
    let message = text.strip_prefix(&prefix).unwrap_or(&text).to_string();
    let d = match e.span() {
        Some(s) => Diagnostic::at(file, src, s.start, s.end, message),
        None => Diagnostic::file(file, message),
    };
    match e.key() {
        Some(k) => d.key(format!("catalogue.override.{k}")),
        None => d.key("catalogue.override"),
    }
}
