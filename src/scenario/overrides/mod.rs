//! Definitions replaced for one run: `--set NAME=EXPR`, and the points of sweeps and of
//! `--solve`.
//!
//! An override replaces the *text* of one definition before anything is compiled, so it is
//! checked exactly like the file (names, syntax, distributions, ranges), and a sweep point and
//! the `--set` run with the same value compile to the same program: their draws are equal bit
//! for bit by construction. Problems in the override's text are located in it (`--set (applied
//! to s.toml):1:12`, with the text and a caret).
//!
//! What NAME may be:
//!
//! ```text
//! an input or model quantity        its expression is replaced; unit, range and kind are kept;
//!                                   its source is dropped and its note says what the file had
//! a catalogue field the model uses  the same (`shell_152_he_packed_mass_kg`); a field nothing
//!                                   uses is refused: setting it would change nothing
//! a [shipment] parameter, by key    shipment.containers, shipment.cargo.<id>.share,
//!                                   shipment.cargo.<id>.load (cargo that has a load),
//!                                   shipment.lot.<id>.share, shipment.lot.<id>.dud_rate
//! a quantity [shipment] generates   refused: it is an output of the simulation; set its inputs
//! ```
//!
//! A user quantity is replaced before the catalogue is imported, so the catalogue fields it no
//! longer uses are not imported; a catalogue field is replaced after. An input in
//! `[correlation]` replaced by anything but one distribution with constant arguments (a
//! constant, a formula) loses its correlations: a constant has no ranks.

use super::context::Ctx;
use super::model::CatalogueField;
use super::raw::{RawFile, RawQuantity};
use crate::expr::compile::{compile, Names};
use crate::model::Node;
use crate::text::{nearest, Located, Scalar};

mod shipment;

use shipment::{shipment_keys, shipment_slot};

/// One replacement: `NAME=EXPR`, and where it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// What is replaced (a quantity name or a `[shipment]` key).
    pub name: String,
    /// The new definition, in the expression language.
    pub expr: String,
    /// Where it comes from.
    pub origin: Origin,
}

/// Where an override was given.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// `--set NAME=EXPR`.
    Set,
    /// A point of `--sweep` (must be a constant).
    Sweep,
    /// A value `--solve` tries (a constant).
    Solve,
    /// A value of the file's `[sweep]`, as written there (a constant).
    File(Located<Scalar>),
}

impl Override {
    /// `--set NAME=EXPR` (split at the first `=`).
    ///
    /// # Errors
    /// What is wrong, for a usage message.
    pub fn parse_set(arg: &str) -> Result<Override, String> {
        let (name, expr) = arg
            .split_once('=')
            .ok_or_else(|| format!("`{arg}` is not NAME=EXPR (e.g. --set dud_rate=0.3)"))?;
        let (name, expr) = (name.trim(), expr.trim());
        if name.is_empty() || expr.is_empty() {
            return Err(format!(
                "`{arg}` needs a name and an expression: NAME=EXPR (e.g. --set dud_rate=0.3)"
            ));
        }
        Ok(Override {
            name: name.to_string(),
            expr: expr.to_string(),
            origin: Origin::Set,
        })
    }

    /// The option or table it was given with, for messages and records.
    pub fn flag(&self) -> &'static str {
        match self.origin {
            Origin::Set => "--set",
            Origin::Sweep => "--sweep",
            Origin::Solve => "--solve",
            Origin::File(_) => "[sweep]",
        }
    }

    /// Whether the value must be a constant (a point of a sweep or of `--solve`).
    fn constant(&self) -> bool {
        !matches!(self.origin, Origin::Set)
    }
}

/// Where an override's NAME is written: in `--set NAME=EXPR` (and `--sweep`, `--solve`), just
/// before its expression; a `[sweep]` value has no name of its own, so its value.
fn name_span(o: &Override, at: &Located<Scalar>) -> std::ops::Range<usize> {
    let span = at.span();
    match o.origin {
        Origin::File(_) => span,
        _ => span.start - o.name.len() - 1..span.start - 1,
    }
}

/// One definition a run replaced, as recorded in the results.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The name as given.
    pub name: String,
    /// Its key in the file: `inputs.x`, `model.y`, `shipment.lot.old.dud_rate`.
    pub key: String,
    /// The definition used.
    pub expr: String,
    /// The definition in the file (for a catalogue field, the catalogue's).
    pub was: String,
    /// `--set`, `--sweep`, `--solve` or `[sweep]`.
    pub flag: &'static str,
    /// What else changed (correlations that no longer apply).
    pub note: Option<String>,
}

/// The overrides of one validation, applied in two steps around the catalogue import.
pub(super) struct Pending {
    items: Vec<(Override, Located<Scalar>)>,
    applied: Vec<Option<Applied>>,
}

impl Pending {
    /// Registers each override's text with `cx` (so problems in it are located there) and
    /// refuses a name given twice.
    pub fn new(cx: &mut Ctx, overrides: &[Override]) -> Pending {
        let mut items: Vec<(Override, Located<Scalar>)> = Vec::new();
        for o in overrides {
            let at = match &o.origin {
                Origin::File(v) => v.clone(),
                _ => {
                    let label = format!("{} (applied to {})", o.flag(), cx.file);
                    let start = cx.add_virtual(label, format!("{}={}", o.name, o.expr));
                    let from = start + o.name.len() + 1;
                    Located::new(from..from + o.expr.len(), Scalar::Text(o.expr.clone()))
                }
            };
            if let Some((first, _)) = items.iter().find(|(p, _)| p.name == o.name) {
                let msg = format!(
                    "`{}` is set twice ({} and {}); give each name one value",
                    o.name,
                    first.flag(),
                    o.flag()
                );
                cx.at(&at.span(), &o.name, msg);
            }
            items.push((o.clone(), at));
        }
        let applied = items.iter().map(|_| None).collect();
        Pending { items, applied }
    }

    /// Replaces the scenario's own quantities and `[shipment]` parameters (before the catalogue
    /// is imported); refuses quantities `[shipment]` generates.
    pub fn apply_file(&mut self, cx: &mut Ctx, raw: &mut RawFile) {
        let generated: Vec<String> = super::shipment::generated(raw)
            .into_iter()
            .map(|g| g.0)
            .collect();
        for (k, (o, at)) in self.items.iter().enumerate() {
            let name = o.name.as_str();
            if let Some(q) = raw.inputs.get_mut(name) {
                self.applied[k] = Some(replace(
                    &mut q.get_mut().0,
                    o,
                    at,
                    &format!("inputs.{name}"),
                ));
            } else if let Some(q) = raw.model.get_mut(name) {
                self.applied[k] =
                    Some(replace(&mut q.get_mut().0, o, at, &format!("model.{name}")));
            } else if let Some(record) = shipment_slot(cx, raw, o, at) {
                self.applied[k] = Some(record);
            } else if generated.iter().any(|g| g == name) {
                cx.at(&at.span(), name, format!("`{name}` is computed by the [shipment] simulation, so it cannot be set; set what it is computed from instead"))
                    .help = Some("set an input the shipment uses, or a parameter by its key: shipment.containers, shipment.cargo.<id>.share or .load, shipment.lot.<id>.share or .dud_rate".into());
                self.applied[k] = Some(refused(o));
            }
        }
    }

    /// Replaces catalogue fields (after the import); every name still not found is an error
    /// with the nearest name.
    pub fn apply_catalogue(
        &mut self,
        cx: &mut Ctx,
        raw: &mut RawFile,
        catalogue: &[CatalogueField],
    ) {
        for (k, (o, at)) in self.items.iter().enumerate() {
            if self.applied[k].is_some() {
                continue;
            }
            let name = o.name.as_str();
            let field = catalogue.iter().find(|f| f.name == name);
            let slot = match field {
                Some(f) if !f.used => None,
                _ => raw
                    .inputs
                    .get_mut(name)
                    .map(|q| (&mut q.get_mut().0, "inputs"))
                    .or_else(|| {
                        raw.model
                            .get_mut(name)
                            .map(|q| (&mut q.get_mut().0, "model"))
                    }),
            };
            if let Some((q, table)) = slot {
                self.applied[k] = Some(replace(q, o, at, &format!("{table}.{name}")));
                continue;
            }
            let candidates = known_names(raw, catalogue);
            let help = nearest(name, candidates.iter().map(String::as_str))
                .map(|n| format!("did you mean `{n}`?"))
                .or(Some("NAME is an input or model quantity, a catalogue field the model uses, or a [shipment] parameter such as shipment.lot.<id>.dud_rate".into()));
            let msg = match field {
                Some(f) => format!("the catalogue field `{name}` ({}) is not used by anything in the model, so setting it would change nothing", f.key),
                None => format!("`{name}` is not an input, model quantity or [shipment] parameter of {}", cx.file),
            };
            cx.at(&name_span(o, at), name, msg).help = help;
            self.applied[k] = Some(refused(o));
        }
    }

    /// Refuses sweep and `--solve` values that are not constants (they are points on an axis).
    pub fn check_constants(&self, cx: &mut Ctx, names: &Names) {
        for (o, at) in self.items.iter().filter(|(o, _)| o.constant()) {
            let text = at.get_ref().text();
            let Ok(ast) = crate::expr::parse(&text) else {
                continue; // reported where the definition is compiled
            };
            if let Ok((node, _)) = compile(&ast, &text, names) {
                if !matches!(node, Node::Const(_)) {
                    cx.at(&at.span(), &o.name, format!("`{text}` is not a number: a {} value must be a constant such as 0.3, 30% or 6700 * 1.1", o.flag()))
                        .help = Some("to try a distribution, run it with --set NAME=EXPR or put it in a second file for `shellcount compare`".into());
                }
            }
        }
    }

    /// Removes the rank correlations of overridden inputs that are no longer one distribution
    /// with constant arguments (`fixed(name)` false), noting it in their records.
    pub fn trim_correlation(&mut self, raw: &mut RawFile, fixed: impl Fn(&str) -> bool) {
        let Some(c) = raw.correlation.as_mut() else {
            return;
        };
        let c = c.get_mut();
        for (k, (o, _)) in self.items.iter().enumerate() {
            let Some(applied) = self.applied[k].as_mut() else {
                continue;
            };
            if fixed(&o.name) {
                continue;
            }
            let mut dropped: Vec<String> = Vec::new();
            if let Some(pairs) = c.pairs.as_mut() {
                pairs.get_mut().retain(|(a, b, _)| {
                    let other = if *a == o.name {
                        b
                    } else if *b == o.name {
                        a
                    } else {
                        return true;
                    };
                    dropped.push(other.clone());
                    false
                });
            }
            if let (Some(inputs), Some(matrix)) = (c.inputs.as_mut(), c.matrix.as_mut()) {
                if let Some(i) = inputs.get_ref().iter().position(|n| *n == o.name) {
                    let names = inputs.get_mut();
                    names.remove(i);
                    dropped.extend(names.iter().cloned());
                    let m = matrix.get_mut();
                    if i < m.len() {
                        m.remove(i);
                    }
                    m.iter_mut().filter(|row| i < row.len()).for_each(|row| {
                        row.remove(i);
                    });
                }
            }
            if !dropped.is_empty() {
                applied.note = Some(format!(
                    "its rank correlations with {} in [correlation] no longer apply (it is not one distribution with constant arguments)",
                    dropped.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        let empty_pairs = c.pairs.as_ref().is_none_or(|p| p.get_ref().is_empty());
        let empty_matrix = c.inputs.as_ref().is_none_or(|i| i.get_ref().len() < 2);
        if empty_pairs && empty_matrix {
            raw.correlation = None;
        }
    }

    /// The replacements made, in the order given.
    pub fn finish(self) -> Vec<Applied> {
        self.applied
            .into_iter()
            .flatten()
            .filter(|a| !a.key.is_empty())
            .collect()
    }
}

/// Replaces `q`'s expression with the override's; its source goes and its note says what the
/// file had.
fn replace(q: &mut RawQuantity, o: &Override, at: &Located<Scalar>, key: &str) -> Applied {
    let was = q.expr.get_ref().text();
    let from = match &q.source {
        Some(s) => format!(", source {}", s.get_ref()),
        None => String::new(),
    };
    q.note = Some(format!(
        "set for this run by {} (the file has `{was}`{from})",
        o.flag()
    ));
    q.source = None;
    q.expr = at.clone();
    q.readable = true;
    Applied {
        name: o.name.clone(),
        key: key.to_string(),
        expr: at.get_ref().text(),
        was,
        flag: o.flag(),
        note: None,
    }
}

/// A record for an override already reported as an error (left out of the results).
fn refused(o: &Override) -> Applied {
    Applied {
        name: o.name.clone(),
        key: String::new(),
        expr: o.expr.clone(),
        was: String::new(),
        flag: o.flag(),
        note: None,
    }
}

/// Every name an override may give, for suggestions.
fn known_names(raw: &RawFile, catalogue: &[CatalogueField]) -> Vec<String> {
    raw.inputs
        .keys()
        .chain(raw.model.keys())
        .cloned()
        .chain(catalogue.iter().map(|f| f.name.clone()))
        .chain(shipment_keys(raw))
        .collect()
}
