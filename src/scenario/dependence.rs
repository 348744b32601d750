//! Validation of `[correlation]` and `[[evidence]]`: which inputs are correlated and how, and
//! what each report observed.

use super::context::Ctx;
use super::error::Diagnostic;
use super::raw::RawFile;
use crate::correlation::{Copula, CorrelationSpec};
use crate::expr::compile::{compile, Names};
use crate::expr::{nearest, parse};
use crate::model::{CorrelatedInputs, EvidenceNode, Node, QuantityId, Ty};
use crate::text::{Located, Scalar};
use std::ops::Range;

/// What the scenario says about correlated inputs.
#[derive(Debug, Clone)]
pub struct CorrelationInfo {
    /// The correlated inputs, in matrix order.
    pub inputs: Vec<String>,
    /// Rank correlations used (the request, or its adjustment).
    pub requested: Vec<Vec<f64>>,
    /// What was changed, when the nearest valid matrix was used.
    pub adjusted: Option<crate::correlation::Adjustment>,
}

/// One `[[evidence]]` entry as validated.
#[derive(Debug, Clone)]
pub struct EvidenceInfo {
    /// Identifier.
    pub id: String,
    /// Source id.
    pub source: Option<String>,
    /// `"likelihood"` or `"bound"`.
    pub kind: &'static str,
    /// The likelihood or the test, as written.
    pub expr: String,
    /// Observed value (likelihood evidence).
    pub observed: Option<f64>,
    /// Chance the report is right.
    pub trust: f64,
    /// Note.
    pub note: Option<String>,
}

/// Problems found, each with its location.
pub type Problems = Vec<Diagnostic>;

fn at(file: &str, src: &str, span: &Range<usize>, key: &str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::at(file, src, span.start, span.end, msg).key(key)
}

/// Builds the copula from `[correlation]`. `fixed[q]` is quantity q's distribution when it is an
/// input with one fixed distribution (the only kind that can be correlated).
pub(super) fn correlation(
    cx: &mut Ctx,
    raw: &RawFile,
    nm: &Names,
    fixed: &[Option<crate::dist::Dist>],
) -> Option<(CorrelatedInputs, CorrelationInfo)> {
    let (file, src, names) = (cx.file.clone(), cx.src, nm.all);
    let (file, errs) = (file.as_str(), &mut cx.errs);
    let c = raw.correlation.as_ref()?;
    let span = c.span();
    let c = c.get_ref();
    let mut members: Vec<String> = Vec::new();
    let mut index = |name: &str,
                     span: &Range<usize>,
                     key: &str,
                     errs: &mut Problems|
     -> Option<usize> {
        let Some(q) = nm.find(name) else {
            errs.push(
                at(
                    file,
                    src,
                    span,
                    key,
                    format!("unknown input `{name}` in [correlation]"),
                )
                .help(
                    nearest(name, names.iter().map(String::as_str))
                        .map(|n| format!("did you mean `{n}`?")),
                ),
            );
            return None;
        };
        if fixed[q].is_none() {
            errs.push(at(file, src, span, key, format!("`{name}` cannot be correlated: only inputs written as one distribution with constant arguments can (e.g. \"400 to 500\" or \"beta(2, 5)\")")));
            return None;
        }
        if !members.iter().any(|m| m == name) {
            members.push(name.to_string());
        }
        members.iter().position(|m| m == name)
    };
    let spec = match (&c.pairs, &c.inputs, &c.matrix) {
        (Some(pairs), None, None) => {
            let mut idx = Vec::new();
            for (a, b, r) in pairs.get_ref() {
                let (ia, ib) = (index(a, &pairs.span(), "correlation.pairs", errs), index(b, &pairs.span(), "correlation.pairs", errs));
                if let (Some(ia), Some(ib)) = (ia, ib) {
                    idx.push((ia, ib, *r));
                }
            }
            if !errs.is_empty() {
                return None;
            }
            CorrelationSpec::from_pairs(&members, &idx).map_err(|e| errs.push(at(file, src, &pairs.span(), "correlation.pairs", e.to_string())))
        }
        (None, Some(inputs), Some(matrix)) => {
            for n in inputs.get_ref() {
                index(n, &inputs.span(), "correlation.inputs", errs);
            }
            if !errs.is_empty() {
                return None;
            }
            CorrelationSpec::from_matrix(&members, matrix.get_ref()).map_err(|e| errs.push(at(file, src, &matrix.span(), "correlation.matrix", e.to_string())))
        }
        _ => {
            errs.push(at(file, src, &span, "correlation", "write either `pairs = [[\"a\", \"b\", 0.5], ...]` or both `inputs = [...]` and `matrix = [[...], ...]`"));
            return None;
        }
    }
    .ok()?;
    let (copula, adjustment) = Copula::new(&spec, c.allow_adjust)
        .map_err(|e| errs.push(at(file, src, &span, "correlation", e.to_string())))
        .ok()?;
    let requested = copula.target_spearman().to_vec();
    let member_q: Vec<(QuantityId, crate::dist::Dist)> = members
        .iter()
        .map(|m| {
            let q = nm.find(m).expect("checked above");
            (QuantityId::new(q), fixed[q].clone().expect("checked above"))
        })
        .collect();
    let info = CorrelationInfo {
        inputs: members,
        requested,
        adjusted: adjustment,
    };
    Some((
        CorrelatedInputs {
            copula,
            members: member_q,
        },
        info,
    ))
}

/// Compiles every `[[evidence]]` entry.
pub(super) fn evidence(
    cx: &mut Ctx,
    raw: &RawFile,
    names: &Names,
    source_ids: &[&str],
) -> Vec<(EvidenceInfo, EvidenceNode)> {
    let (file, src) = (cx.file.clone(), cx.src);
    let (file, errs) = (file.as_str(), &mut cx.errs);
    let mut out: Vec<(EvidenceInfo, EvidenceNode)> = Vec::new();
    for e in &raw.evidence {
        let espan = e.span();
        let e = e.get_ref();
        let id = e.id.get_ref().clone();
        let key = format!("evidence.{id}");
        if out.iter().any(|(o, _)| o.id == id) {
            errs.push(at(
                file,
                src,
                &e.id.span(),
                "evidence.id",
                format!("evidence id `{id}` is used twice"),
            ));
        }
        if let Some(s) = &e.source {
            if !source_ids.contains(&s.get_ref().as_str()) {
                errs.push(
                    at(
                        file,
                        src,
                        &s.span(),
                        &format!("{key}.source"),
                        format!(
                            "unknown source `{}`: no [[source]] has this id",
                            s.get_ref()
                        ),
                    )
                    .help(
                        nearest(s.get_ref(), source_ids.iter().copied())
                            .map(|n| format!("did you mean `{n}`?")),
                    ),
                );
            }
        }
        let trust = match e.trust.as_ref().map(|t| (t, number(t))) {
            Some((t, v)) if !v.is_some_and(|v| (0.0..=1.0).contains(&v)) => {
                errs.push(at(
                    file,
                    src,
                    &t.span(),
                    &format!("{key}.trust"),
                    format!(
                        "trust is the chance the report is right: a number from 0 to 1, got {}",
                        t.get_ref().text()
                    ),
                ));
                1.0
            }
            Some((_, v)) => v.unwrap_or(1.0),
            None => 1.0,
        };
        let observed = e.observed.as_ref().and_then(|o| {
            let v = number(o);
            if v.is_none() {
                errs.push(at(
                    file,
                    src,
                    &o.span(),
                    &format!("{key}.observed"),
                    format!("observed must be a number, got `{}`", o.get_ref().text()),
                ));
            }
            v
        });
        let compiled = |text: &Located<String>, want: Ty, errs: &mut Problems| -> Option<Node> {
            let r = parse(text.get_ref()).and_then(|ast| {
                compile(&ast, text.get_ref(), names).map(|(n, t)| (n, t, ast.span))
            });
            match r {
                Ok((n, t, _)) if t == want => Some(n),
                Ok(_) => {
                    errs.push(at(
                        file,
                        src,
                        &text.span(),
                        &key,
                        "a bound must be a true/false test, e.g. `containers >= 10000`",
                    ));
                    None
                }
                Err(err) => {
                    errs.push(at(file, src, &text.span(), &key, err.message).help(err.help));
                    None
                }
            }
        };
        let entry = match (&e.likelihood, &e.observed, &e.holds_if) {
            (Some(_), Some(_), None) if observed.is_none() => None,
            (Some(l), Some(_), None) => match compiled(l, Ty::Num, errs) {
                Some(Node::Sample(s)) => Some((
                    EvidenceInfo {
                        id: id.clone(),
                        source: e.source.as_ref().map(|s| s.get_ref().clone()),
                        kind: "likelihood",
                        expr: l.get_ref().clone(),
                        observed,
                        trust,
                        note: e.note.clone(),
                    },
                    EvidenceNode::Likelihood {
                        family: s.family,
                        args: s.args.clone(),
                        observed: observed.unwrap_or_default(),
                        text: l.get_ref().clone(),
                    },
                )),
                Some(_) => {
                    errs.push(at(file, src, &l.span(), &format!("{key}.likelihood"), "the likelihood must be one distribution whose arguments use model quantities, e.g. \"binomial(100, dud_rate)\" or \"normal(containers, 0.1 * containers)\""));
                    None
                }
                None => None,
            },
            (None, None, Some(h)) => compiled(h, Ty::Bool, errs).map(|n| {
                (
                    EvidenceInfo {
                        id: id.clone(),
                        source: e.source.as_ref().map(|s| s.get_ref().clone()),
                        kind: "bound",
                        expr: h.get_ref().clone(),
                        observed: None,
                        trust,
                        note: e.note.clone(),
                    },
                    EvidenceNode::Bound(n),
                )
            }),
            _ => {
                errs.push(at(file, src, &(espan.start..espan.start + 12), &key, "evidence needs either `likelihood` and `observed` (a measurement or count with its noise model) or `holds_if` (a reported bound), not both"));
                None
            }
        };
        if let Some(x) = entry {
            out.push(x);
        }
    }
    out
}

/// A number written as a TOML number or in the number syntax (`"3M"`, `"90%"`).
fn number(v: &Located<Scalar>) -> Option<f64> {
    match v.get_ref() {
        Scalar::Int(i) => Some(*i as f64),
        Scalar::Float(f) => f.is_finite().then_some(*f),
        Scalar::Text(t) => crate::expr::number(t),
    }
}
