//! `[index]` and indexed quantities: which quantities are indexed, and the model quantities
//! they are laid out as.
//!
//! ```text
//! [index] entries          → model::Index (labels, values)
//! free index of formulas   → which quantities are indexed (to a fixed point: a quantity that
//!                            uses an indexed quantity outside a reduction is indexed too)
//! layout                   → one model quantity per element, named `cum[2024-02]`
//! ```
//! A quantity indexed by an index with k elements becomes k model quantities, each compiled
//! with its element bound ([`crate::expr::compile::compile_at`]), so each element has its own
//! distribution calls (independent draws) and shares every quantity that is not indexed.

use super::context::Ctx;
use super::quantities::Entry;
use super::raw::{RawFile, RawIndex};
use crate::expr::indexed::{free_index, Indexing};
use crate::expr::parse;
use crate::model::index::{month_label, month_number};
use crate::model::{Index, IndexId, IndexKind, QuantityId};
use crate::text::number::exact;

/// Most elements an index may have.
pub const MAX_ELEMENTS: usize = 1_000;

/// One model quantity: the entry it comes from and, for an element, its index and position.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// Position of the entry in the entry list.
    pub entry: usize,
    /// `(index, position)` for an element of an indexed quantity.
    pub element: Option<(IndexId, usize)>,
}

/// The validated `[index]` entries, in file order.
pub(super) fn indexes(cx: &mut Ctx, raw: &RawFile) -> Vec<Index> {
    let mut out = Vec::new();
    for (name, v) in &raw.index {
        let key = format!("index.{name}");
        let span = v.span();
        let (kind, labels, values) = match v.get_ref() {
            RawIndex::Months(m) => {
                let month = |cx: &mut Ctx, s: &crate::text::Located<String>, k: &str| {
                    let n = month_number(s.get_ref());
                    if n.is_none() {
                        cx.at(
                            &s.span(),
                            &format!("{key}.{k}"),
                            format!("\"{}\" is not a month", s.get_ref()),
                        )
                        .help = Some("write months as \"YYYY-MM\", e.g. \"2023-08\"".into());
                    }
                    n
                };
                let (Some(a), Some(b)) = (month(cx, &m.from, "from"), month(cx, &m.to, "to"))
                else {
                    continue;
                };
                if b < a || (b - a) as usize >= MAX_ELEMENTS {
                    let what = if b < a {
                        "is before `from`".to_string()
                    } else {
                        format!("makes more than {MAX_ELEMENTS} months")
                    };
                    cx.at(
                        &m.to.span(),
                        &format!("{key}.to"),
                        format!("`to` = \"{}\" {what}", m.to.get_ref()),
                    );
                    continue;
                }
                let labels: Vec<String> = (a..=b).map(month_label).collect();
                let values = (1..=labels.len()).map(|v| v as f64).collect();
                (IndexKind::Months { first: a }, labels, values)
            }
            RawIndex::Numbers(items) => {
                if items.is_empty() || items.len() > MAX_ELEMENTS {
                    cx.at(
                        &span,
                        &key,
                        format!(
                            "an index list needs 1 to {MAX_ELEMENTS} numbers, got {}",
                            items.len()
                        ),
                    );
                    continue;
                }
                let values: Vec<f64> = items.iter().map(|x| *x.get_ref()).collect();
                if let Some(dup) = items
                    .iter()
                    .enumerate()
                    .find(|(i, x)| values[..*i].contains(x.get_ref()))
                {
                    cx.at(
                        &dup.1.span(),
                        &key,
                        format!(
                            "{} is in the list twice; each element needs its own value",
                            exact(*dup.1.get_ref())
                        ),
                    );
                    continue;
                }
                let labels = values.iter().map(|v| exact(*v)).collect();
                (IndexKind::Numbers, labels, values)
            }
        };
        out.push(Index {
            name: name.clone(),
            kind,
            labels,
            values,
        });
    }
    out
}

/// The quantities laid out: one slot per model quantity, the slots' names, and the entries
/// whose formulas mix indexes (already reported; not compiled).
pub(super) struct Layout {
    pub slots: Vec<Slot>,
    pub names: Vec<String>,
    pub mixed: Vec<usize>,
}

/// Works out which user quantities are indexed, records formulas that mix indexes, and lays
/// the quantities out as model quantities; `ix` gains the indexed quantities with their
/// element ids.
pub(super) fn layout(cx: &mut Ctx, entries: &[Entry], ix: &mut Indexing) -> Layout {
    for e in entries {
        if ix.index_named(&e.name).is_some() {
            cx.at(
                &e.span,
                &e.key,
                format!(
                    "`{}` is the name of an index and of a quantity; rename one",
                    e.name
                ),
            );
        }
    }
    let asts: Vec<_> = entries
        .iter()
        .map(|e| {
            let text = e.raw.expr.get_ref().text();
            (!e.generated && e.raw.readable)
                .then(|| parse(&text).ok().map(|a| (a, text)))
                .flatten()
        })
        .collect();
    if !ix.indexes.is_empty() {
        for _ in 0..=entries.len() {
            let mut changed = false;
            for (e, ast) in entries.iter().zip(&asts) {
                let Some((ast, _)) = ast else { continue };
                if let Ok(Some(i)) = free_index(ast, ix) {
                    if !ix.quantities.contains_key(&e.name) {
                        ix.quantities.insert(e.name.clone(), (i, Vec::new()));
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }
    let mut slots = Vec::new();
    let mut names = Vec::new();
    let mut mixed = Vec::new();
    for (k, (e, ast)) in entries.iter().zip(&asts).enumerate() {
        if let Some((ast, text)) = ast {
            if let Err(err) = free_index(ast, ix) {
                cx.expr_error(&e.raw.expr.span(), text, &e.key, err);
                mixed.push(k);
            }
        }
        match ix.quantities.get_mut(&e.name) {
            Some((i, elements)) if elements.is_empty() => {
                let index = &ix.indexes[i.index()];
                for (p, label) in index.labels.iter().enumerate() {
                    elements.push(QuantityId::new(slots.len()));
                    slots.push(Slot {
                        entry: k,
                        element: Some((*i, p)),
                    });
                    names.push(format!("{}[{label}]", e.name));
                }
            }
            _ => {
                slots.push(Slot {
                    entry: k,
                    element: None,
                });
                names.push(e.name.clone());
            }
        }
    }
    Layout {
        slots,
        names,
        mixed,
    }
}
