//! `[inputs]`, `[model]` and the quantities `[shipment]` generates: names, expressions and
//! ranges (declared `range = [lo, hi]`, or implied by the unit: [`crate::model::unit_range`]).

use super::context::Ctx;
use super::raw::{RawFile, RawQuantity, RawRange};
use crate::dist::Family;
use crate::expr::compile::{callable_names, Names};
use crate::expr::parser::KEYWORDS;
use crate::model::{unit_range, Node, QuantityKind, ValueRange};
use crate::text::number::{exact, short};
use crate::text::Scalar;
use std::collections::HashMap;
use std::ops::Range;

/// A distribution with constant parameters may leave its quantity's range with at most this
/// probability; above it, `check` reports it (a run of a million draws would likely stop).
pub const MAX_OUTSIDE: f64 = 1e-6;

/// One quantity as written.
pub(super) struct Entry {
    pub name: String,
    pub kind: QuantityKind,
    /// Where it is defined.
    pub span: Range<usize>,
    /// `inputs.a`, `model.b`, or `shipment` for generated quantities.
    pub key: String,
    pub raw: RawQuantity,
    /// True for quantities `[shipment]` generates (compiled with the plan).
    pub generated: bool,
}

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Every quantity, inputs then model then generated, with name problems recorded.
pub(super) fn entries(cx: &mut Ctx, raw: &RawFile) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let reserved = callable_names();
    let user = raw
        .inputs
        .iter()
        .map(|(k, v)| (QuantityKind::Input, "inputs", k, v.span(), &v.get_ref().0))
        .chain(
            raw.model
                .iter()
                .map(|(k, v)| (QuantityKind::Model, "model", k, v.span(), &v.get_ref().0)),
        );
    for (kind, table, name, span, q) in user {
        let key = format!("{table}.{name}");
        if !is_name(name) {
            cx.at(&span, &key, format!("`{name}` is not a valid quantity name: use letters, digits and _, starting with a letter"));
        } else if KEYWORDS.contains(&name.as_str()) || reserved.contains(&name.as_str()) {
            cx.at(&span, &key, format!("`{name}` is a reserved word (a keyword, function or distribution name); choose another name"));
        } else if let Some(&prev) = seen.get(name) {
            let line = cx.line(out[prev].span.start);
            cx.at(&span, &key, format!("`{name}` is defined twice (first on line {line}); each quantity needs one definition"));
        }
        seen.entry(name.clone()).or_insert(out.len());
        out.push(Entry {
            name: name.clone(),
            kind,
            span,
            key,
            raw: q.clone(),
            generated: false,
        });
    }
    for (name, span, q) in super::shipment::generated(raw) {
        if seen.contains_key(&name) {
            cx.at(&span, "shipment", format!("[shipment] generates `{name}`, which is already defined; rename the quantity or the cargo/lot id"));
        }
        out.push(Entry {
            name,
            kind: QuantityKind::Model,
            span,
            key: "shipment".into(),
            raw: q,
            generated: true,
        });
    }
    out
}

/// Compiles a user quantity (generated ones come from the shipment plan).
pub(super) fn compile(
    cx: &mut Ctx,
    e: &Entry,
    names: &Names,
    env: &[(crate::model::IndexId, usize)],
) -> Option<Node> {
    if !e.raw.readable {
        return None;
    }
    cx.number_at(&e.raw.expr, &e.key, names, env)
}

/// The range of quantity `e` (declared, else implied by its unit), with constant and fixed
/// distributions checked against it.
pub(super) fn range(cx: &mut Ctx, e: &Entry, node: Option<&Node>) -> Option<ValueRange> {
    if e.generated {
        return None;
    }
    let (lo, hi, origin) = match &e.raw.range {
        Some(r) => {
            let (lo, hi) = declared(cx, r.get_ref(), &r.span(), &format!("{}.range", e.key))?;
            (lo, hi, "declared".to_string())
        }
        None => {
            let unit = e.raw.unit.as_ref()?.get_ref();
            let (lo, hi) = unit_range(unit)?;
            (lo, hi, format!("implied by unit \"{unit}\""))
        }
    };
    let range = ValueRange {
        lo,
        hi,
        origin,
        hint: hint(lo, hi, node),
    };
    let at = e.raw.expr.span();
    match node {
        Some(Node::Const(x)) if !range.contains(*x) => {
            let text = e.raw.expr.get_ref().text();
            cx.at(
                &at,
                &e.key,
                format!(
                    "`{text}` is {} on every draw, outside its range {} ({})",
                    exact(*x),
                    range.describe(),
                    range.origin
                ),
            )
            .help = Some(range.hint.clone());
        }
        Some(Node::Sample(s)) => {
            if let Some(d) = &s.fixed {
                let p = range.outside_probability(d);
                if p > MAX_OUTSIDE {
                    cx.at(&at, &e.key, format!("`{}` gives values outside {} ({}) with probability {}; a run stops at the first such draw", s.text, range.describe(), range.origin, percent(p)))
                        .help = Some(range.hint.clone());
                }
            }
        }
        _ => {}
    }
    Some(range)
}

fn percent(p: f64) -> String {
    format!("{}%", short(100.0 * p, 2))
}

/// The bounds of a declared range.
fn declared(cx: &mut Ctx, r: &RawRange, span: &Range<usize>, key: &str) -> Option<(f64, f64)> {
    let bound = |s: &Scalar| -> Option<f64> {
        match s {
            Scalar::Int(i) => Some(*i as f64),
            Scalar::Float(f) if !f.is_nan() => Some(*f),
            Scalar::Float(_) => None,
            Scalar::Text(t) => match t.trim() {
                "inf" | "+inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                t => crate::expr::number(t),
            },
        }
    };
    let help = "write range = [lo, hi] with numbers, \"-inf\" or \"inf\" (e.g. [0, 1], [0, \"inf\"]), or range = \">= 0\" / \"<= 1\"";
    let (lo, hi) = match r {
        RawRange::Pair(a, b) => (bound(a), bound(b)),
        RawRange::OneSided(t) => {
            let t = t.trim();
            match (t.strip_prefix(">="), t.strip_prefix("<=")) {
                (Some(x), _) => (crate::expr::number(x.trim()), Some(f64::INFINITY)),
                (_, Some(x)) => (Some(f64::NEG_INFINITY), crate::expr::number(x.trim())),
                _ => (None, None),
            }
        }
    };
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo <= hi && lo < f64::INFINITY && hi > f64::NEG_INFINITY => {
            Some((lo, hi))
        }
        (Some(lo), Some(hi)) => {
            cx.at(
                span,
                key,
                format!(
                    "the range's low end {} is above its high end {}",
                    exact(lo),
                    exact(hi)
                ),
            )
            .help = Some(help.into());
            None
        }
        _ => {
            cx.at(span, key, "a range bound is not a number").help = Some(help.into());
            None
        }
    }
}

/// What to write instead when draws leave the range.
fn hint(lo: f64, hi: f64, node: Option<&Node>) -> String {
    let fixed = match node {
        Some(Node::Sample(s)) => s.fixed.as_ref().map(|d| (s.family, d.params().to_vec())),
        _ => None,
    };
    let share = lo == 0.0 && hi == 1.0;
    let count = lo == 0.0 && hi == f64::INFINITY;
    match (fixed, share, count) {
        (Some((Family::To | Family::NormalCi, p)), true, _) if p[0] > 0.0 && p[1] < 1.0 => format!(
            "for a share write beta_ci({}, {}): the beta with the same 5th and 95th percentiles stays within [0, 1]",
            exact(p[0]),
            exact(p[1])
        ),
        (Some(_), true, _) => "for a share use a distribution that stays within [0, 1]: beta_ci(p5, p95) from a 90% range, beta(a, b), or pert(lo, mode, hi) with 0 ≤ lo < hi ≤ 1".into(),
        (Some((Family::Normal, p)), _, true) if p[0] - 1.645 * p[1] > 0.0 => format!(
            "for a count or amount use a distribution that cannot go negative, e.g. `{} to {}` (the same 90% range), or bound it: max(0, normal({}, {}))",
            short(p[0] - 1.645 * p[1], 4),
            short(p[0] + 1.645 * p[1], 4),
            exact(p[0]),
            exact(p[1])
        ),
        (Some(_), _, true) => "for a count or amount use a distribution that cannot go negative (`lo to hi`, gamma, poisson, binomial, or uniform/pert/triangular with lo ≥ 0), or bound it with max(0, x) or clamp(x, 0, hi)".into(),
        (Some(_), _, _) => "use a distribution that stays within the range, or bound the value with clamp(x, lo, hi)".into(),
        (None, _, _) => "the formula leaves the range for some values of its inputs: bound it with clamp(x, lo, hi), max or min, or narrow the inputs it uses".into(),
    }
}
