//! From raw structs to a [`Scenario`]: the order of the checks, each in its own module, all
//! sharing one [`Ctx`] so that every problem in the file is reported at once.
//!
//! ```text
//! catalogue_use   import [catalogue] entries as inputs; drop the fields nothing uses
//! header          [scenario], [[source]]
//! quantities      names, expressions (the A-B rule), ranges
//! shipment        the [shipment] plan and the quantities it generates
//! claims          [[claim]] tests
//! graph           evaluation order, or the cycle
//! dependence      [correlation], [[evidence]]
//! ```

use super::context::Ctx;
use super::error::{Diagnostic, ScenarioError};
use super::header::check_source;
use super::indexes::Slot;
use super::model::{Claim, Quantity, Scenario};
use super::overrides::{Override, Pending};
use super::raw::RawFile;
use super::{
    catalogue_use, claims, dependence, display, graph, header, indexes, quantities, sweep,
};
use crate::expr::compile::Names;
use crate::expr::indexed::Indexing;
use crate::model::{
    IdVec, IndexedId, IndexedQuantity, Node, Program, QuantityId, QuantityKind, ValueRange,
};
use crate::text::Problem;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Source, claim and evidence ids: letters, digits, `-`, `_`, `.`.
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|x| x.is_ascii_alphanumeric() || x == '-' || x == '_' || x == '.')
}

/// Validates a read file with `overrides` applied; `problems` are those the reader found.
///
/// # Errors
/// A [`ScenarioError`] with every problem found (and the warnings, after them).
pub fn validate(
    path: &Path,
    src: &str,
    mut raw: RawFile,
    problems: Vec<Problem>,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let mut cx = Ctx::new(path.display().to_string(), src);
    cx.absorb(problems);
    let stem = stem(&mut cx, path);
    let mut pending = Pending::new(&mut cx, overrides);
    pending.apply_file(&mut cx, &mut raw);
    let catalogue = catalogue_use::import(&mut cx, &mut raw);
    pending.apply_catalogue(&mut cx, &mut raw, &catalogue);
    let head = header::header(&mut cx, &raw);
    let sources = header::sources(&mut cx, &raw);
    let source_ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let entries = quantities::entries(&mut cx, &raw);
    for e in entries.iter().filter(|e| !e.generated) {
        check_source(&mut cx, e.raw.source.as_ref(), &source_ids, &e.key);
    }
    let mut ix = Indexing {
        indexes: indexes::indexes(&mut cx, &raw),
        ..Indexing::default()
    };
    let indexes::Layout {
        slots,
        names,
        mixed,
    } = indexes::layout(&mut cx, &entries, &mut ix);
    let claim_ids: Vec<String> = raw
        .claim
        .iter()
        .map(|c| c.get_ref().id.get_ref().clone())
        .collect();
    let nm = Names::new(&names)
        .with_claims(&claim_ids)
        .with_indexing(&ix);
    pending.check_constants(&mut cx, &nm);
    let n_user = slots.iter().filter(|s| !entries[s.entry].generated).count();
    let mut nodes = compile_user(&mut cx, &entries, &slots[..n_user], &nm, &mixed);
    nodes.extend(super::shipment::compile_plan(&mut cx, &raw, &nm, n_user));
    let owners: Vec<&quantities::Entry> = slots.iter().map(|s| &entries[s.entry]).collect();
    let ranges = slot_ranges(&mut cx, &owners, &slots, &nodes);
    let claims = claims::claims(&mut cx, &raw, &nm, &source_ids);
    let order = graph::order(&mut cx, &names, &owners, &nodes);
    let fixed: Vec<Option<crate::dist::Dist>> = nodes
        .iter()
        .zip(&owners)
        .map(|(n, e)| match n {
            Some(Node::Sample(s)) if e.kind == QuantityKind::Input => s.fixed.clone(),
            _ => None,
        })
        .collect();
    pending.trim_correlation(&mut raw, |name| {
        nm.find(name).is_some_and(|i| fixed[i].is_some())
    });
    let correlated = dependence::correlation(&mut cx, &raw, &nm, &fixed);
    let evidence = dependence::evidence(&mut cx, &raw, &nm, &source_ids);
    let sweeps = sweep::sweeps(&mut cx, &raw, &nm);
    let charts = display::charts(&mut cx, &raw.chart, &nm);
    let shown: Vec<(bool, bool)> = entries
        .iter()
        .map(|e| display::flags(&mut cx, &e.raw, &e.key))
        .collect();
    let (mut errs, warnings) = cx.finish();
    if !errs.is_empty() {
        errs.extend(warnings);
        return Err(ScenarioError(errs));
    }
    let lines = super::error::LineIndex::new(src);
    let quantities: Vec<Quantity> = owners
        .iter()
        .zip(&ranges)
        .zip(&names)
        .zip(&slots)
        .map(|(((e, r), name), slot)| (e, r, name, shown[slot.entry]))
        .map(|(e, r, name, (chart, report))| Quantity {
            name: name.clone(),
            kind: e.kind,
            expr: e.raw.expr.get_ref().text(),
            unit: e.raw.unit.as_ref().map(|u| u.get_ref().clone()),
            source: e.raw.source.as_ref().map(|s| s.get_ref().clone()),
            note: e.raw.note.clone(),
            label: super::non_empty(&e.raw.label),
            log: e.raw.log.unwrap_or(false),
            range: r.clone(),
            line: lines.line(e.span.start.min(src.len())),
            chart,
            report,
        })
        .collect();
    let (claims, claim_nodes): (Vec<Claim>, Vec<Node>) = claims
        .into_iter()
        .map(|(c, n)| (c, n.expect("no errors")))
        .unzip();
    let indexed = indexed_quantities(&entries, &ix);
    let mut program = Program {
        names: names.clone().into(),
        kinds: quantities.iter().map(|q| q.kind).collect(),
        quantities: nodes.into_iter().map(|n| n.expect("no errors")).collect(),
        ranges: ranges.into(),
        order: order.into_iter().map(QuantityId::new).collect(),
        claim_ids: claims.iter().map(|c| c.id.clone()).collect(),
        claims: claim_nodes.into(),
        correlated: correlated.as_ref().map(|c| c.0.clone()),
        evidence_ids: evidence.iter().map(|e| e.0.id.clone()).collect(),
        evidence: evidence.iter().map(|e| e.1.clone()).collect(),
        indexes: ix.indexes.clone().into(),
        indexed,
        sources: Default::default(),
    };
    program.assign_sources();
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    Ok(Scenario {
        path: path.display().to_string(),
        file_name,
        stem,
        sha256: format!("{:x}", Sha256::digest(src.as_bytes())),
        title: head.title,
        description: head.description,
        samples: head.samples,
        seed: head.seed,
        sources,
        quantities: quantities.into(),
        claims: claims.into(),
        program,
        correlation: correlated.map(|c| c.1),
        evidence: evidence.into_iter().map(|e| e.0).collect(),
        catalogue,
        warnings,
        text: src.into(),
        requested: overrides.to_vec(),
        overrides: pending.finish(),
        sweeps,
        charts,
    })
}

/// Compiles the user quantities, one node per slot: an indexed quantity's first element is
/// compiled first and, when it has a problem, the others are left out (one message, not k).
fn compile_user(
    cx: &mut Ctx,
    entries: &[quantities::Entry],
    slots: &[Slot],
    nm: &Names,
    mixed: &[usize],
) -> Vec<Option<Node>> {
    let mut out: Vec<Option<Node>> = Vec::with_capacity(slots.len());
    for s in slots {
        let e = &entries[s.entry];
        let first_failed =
            matches!(s.element, Some((_, p)) if p > 0) && out.last().is_some_and(Option::is_none);
        let env: Vec<_> = s.element.into_iter().collect();
        out.push(if first_failed || mixed.contains(&s.entry) {
            None
        } else {
            quantities::compile(cx, e, nm, &env)
        });
    }
    out
}

/// Each slot's range: checked once per quantity (on its first element), shared by its elements.
fn slot_ranges(
    cx: &mut Ctx,
    owners: &[&quantities::Entry],
    slots: &[Slot],
    nodes: &[Option<Node>],
) -> Vec<Option<ValueRange>> {
    let mut out: Vec<Option<ValueRange>> = Vec::with_capacity(slots.len());
    for (k, s) in slots.iter().enumerate() {
        let r = match s.element {
            Some((_, p)) if p > 0 => out[k - 1].clone(),
            _ => quantities::range(cx, owners[k], nodes[k].as_ref()),
        };
        out.push(r);
    }
    out
}

/// The indexed quantities, in file order.
fn indexed_quantities(
    entries: &[quantities::Entry],
    ix: &Indexing,
) -> IdVec<IndexedId, IndexedQuantity> {
    entries
        .iter()
        .filter_map(|e| {
            let (index, elements) = ix.quantities.get(&e.name)?;
            Some(IndexedQuantity {
                name: e.name.clone(),
                index: *index,
                elements: elements.clone(),
            })
        })
        .collect()
}

/// The output folder's name: the file name without `.toml`. A name that is empty, `.` or
/// `..`, or holds a control character, would write outside `--out` or into its parent, and is
/// refused.
fn stem(cx: &mut Ctx, path: &Path) -> String {
    if path == Path::new(super::STDIN) {
        return "stdin".to_string();
    }
    let stem = path
        .file_stem()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let bad = matches!(stem.as_str(), "" | "." | "..")
        || stem
            .chars()
            .any(|c| crate::text::is_unsafe(c, false) || c == '/' || c == '\\');
    if bad {
        cx.errs.push(
            Diagnostic::file(&cx.file, format!("the file name gives the output folder name `{stem}`, which is not a usable folder name"))
                .help(Some("rename the file, e.g. scenario.toml (results go to OUT/<file name without .toml>/)".into())),
        );
    }
    stem
}
