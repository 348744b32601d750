//! Reading the raw structs from the tree: one function per table, each reading every key it
//! can and recording every problem, so one pass reports all of them.

use super::{
    RawCargo, RawCatalogueUse, RawClaim, RawCorrelation, RawEvidence, RawFile, RawHeader, RawInput,
    RawLot, RawModel, RawQuantity, RawRange, RawShipment, RawSource,
};
use crate::catalogue::RawCatalogue;
use crate::text::read::join;
use crate::text::{Fields, Located, Node, Reader, Scalar, Value};

/// Reads the whole tree; problems are left in `r`. Each entry with a problem is left out (an
/// input or model quantity with a broken expression is kept as unreadable, so the names that
/// refer to it are not reported again).
pub fn read(r: &mut Reader, root: &Node) -> RawFile {
    let mut out = RawFile::default();
    let Some(t) = r.table(root, "", RawFile::KEYS) else {
        return out;
    };
    if let Some(n) = t.get("scenario") {
        out.scenario = header(r, n).map(|h| Located::new(n.span.clone(), h));
    }
    out.source = list(r, t.get("source"), "source", source);
    for (table, key) in [("inputs", "dist"), ("model", "expr")] {
        let Some(n) = t.get(table) else { continue };
        let Some(entries) = r.entries(n, table) else {
            continue;
        };
        for (k, v) in entries {
            let q = quantity(r, v, &join(table, &k.name), key);
            let span = k.span.start.min(v.span.start)..v.span.end.max(k.span.end);
            if table == "inputs" {
                out.inputs
                    .insert(k.name.clone(), Located::new(span, RawInput(q)));
            } else {
                out.model
                    .insert(k.name.clone(), Located::new(span, RawModel(q)));
            }
        }
    }
    out.claim = list(r, t.get("claim"), "claim", claim);
    out.correlation = t
        .get("correlation")
        .and_then(|n| correlation(r, n).map(|c| Located::new(n.span.clone(), c)));
    out.evidence = list(r, t.get("evidence"), "evidence", evidence);
    out.catalogue = t.get("catalogue").and_then(|n| catalogue(r, n));
    out.shipment = t
        .get("shipment")
        .and_then(|n| shipment(r, n).map(|s| Located::new(n.span.clone(), s)));
    if let Some(n) = t.get("sweep") {
        out.sweep = super::whatif::read_sweeps(r, n);
    }
    if let Some(n) = t.get("chart") {
        out.chart = super::whatif::read_charts(r, n);
    }
    out
}

/// Reads an array of tables with `f`, leaving out the entries it cannot read.
pub(super) fn list<T>(
    r: &mut Reader,
    node: Option<&Node>,
    path: &str,
    f: fn(&mut Reader, &Node, &str) -> Option<T>,
) -> Vec<Located<T>> {
    let Some(items) = node.and_then(|n| r.array(n, path)) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let p = format!("{path}[{i}]");
            f(r, n, &p).map(|v| Located::new(n.span.clone(), v))
        })
        .collect()
}

pub(super) fn opt<T>(
    r: &mut Reader,
    t: Fields,
    path: &str,
    key: &str,
    f: fn(&mut Reader, &Node, &str) -> Option<T>,
) -> Option<T> {
    t.get(key).and_then(|n| f(r, n, &join(path, key)))
}

pub(super) fn req<T>(
    r: &mut Reader,
    t: Fields,
    path: &str,
    key: &str,
    f: fn(&mut Reader, &Node, &str) -> Option<T>,
) -> Option<T> {
    r.require(t, path, key)
        .and_then(|n| f(r, n, &join(path, key)))
}

pub(super) fn string(r: &mut Reader, n: &Node, p: &str) -> Option<Located<String>> {
    r.string(n, p)
}

fn plain(r: &mut Reader, n: &Node, p: &str) -> Option<String> {
    r.string(n, p).map(Located::into_inner)
}

fn note(r: &mut Reader, n: &Node, p: &str) -> Option<String> {
    r.multiline(n, p).map(Located::into_inner)
}

fn scalar(r: &mut Reader, n: &Node, p: &str) -> Option<Located<Scalar>> {
    r.scalar(n, p)
}

fn header(r: &mut Reader, n: &Node) -> Option<RawHeader> {
    let p = "scenario";
    let t = r.table(n, p, RawHeader::KEYS)?;
    Some(RawHeader {
        title: opt(r, t, p, "title", string),
        description: opt(r, t, p, "description", note),
        samples: opt(r, t, p, "samples", |r, n, p| r.whole_or_text(n, p)),
        seed: opt(r, t, p, "seed", |r, n, p| r.whole_or_text(n, p)),
    })
}

fn source(r: &mut Reader, n: &Node, p: &str) -> Option<RawSource> {
    let t = r.table(n, p, RawSource::KEYS)?;
    let before = r.problems.len();
    let id = req(r, t, p, "id", string);
    let s = RawSource {
        id: Located::new(0..0, String::new()),
        cite: opt(r, t, p, "cite", string),
        publisher: opt(r, t, p, "publisher", plain),
        author: opt(r, t, p, "author", plain),
        title: opt(r, t, p, "title", plain),
        date: opt(r, t, p, "date", |r, n, p| match &n.value {
            Value::Datetime(d) => Some(d.clone()),
            _ => plain(r, n, p),
        }),
        url: opt(r, t, p, "url", plain),
    };
    let id = id?;
    (r.problems.len() == before).then_some(RawSource { id, ..s })
}

fn claim(r: &mut Reader, n: &Node, p: &str) -> Option<RawClaim> {
    let t = r.table(n, p, RawClaim::KEYS)?;
    let before = r.problems.len();
    let id = req(r, t, p, "id", string);
    let text = req(r, t, p, "text", plain);
    let holds_if = req(r, t, p, "holds_if", string);
    let source = opt(r, t, p, "source", string);
    let note = opt(r, t, p, "note", note);
    (r.problems.len() == before).then_some(RawClaim {
        id: id?,
        text: text?,
        holds_if: holds_if?,
        source,
        note,
    })
}

/// An input or model entry: a number, a string, or a table with `key` (`dist` or `expr`).
/// Unreadable parts are reported; the quantity comes back with what could be read (an
/// unreadable expression as an empty string, which validation skips).
fn quantity(r: &mut Reader, n: &Node, p: &str, key: &str) -> RawQuantity {
    let broken = || RawQuantity {
        readable: false,
        ..RawQuantity::plain(Located::new(n.span.clone(), Scalar::Text(String::new())))
    };
    if !matches!(n.value, Value::Table(_)) {
        return r.scalar(n, p).map_or_else(broken, RawQuantity::plain);
    }
    let keys: [&str; 7] = [key, "unit", "source", "note", "range", "chart", "report"];
    let Some(t) = r.table(n, p, &keys) else {
        return broken();
    };
    let expr = req(r, t, p, key, scalar);
    let q = RawQuantity {
        unit: opt(r, t, p, "unit", string),
        source: opt(r, t, p, "source", string),
        note: opt(r, t, p, "note", note),
        range: opt(r, t, p, "range", range),
        chart: opt(r, t, p, "chart", |r, n, p| r.boolean(n, p)),
        report: opt(r, t, p, "report", |r, n, p| r.boolean(n, p)),
        ..broken()
    };
    match expr {
        Some(expr) => RawQuantity {
            expr,
            readable: true,
            ..q
        },
        None => q,
    }
}

fn range(r: &mut Reader, n: &Node, p: &str) -> Option<Located<RawRange>> {
    let v = match &n.value {
        Value::Str(_) => RawRange::OneSided(r.string(n, p)?.into_inner()),
        Value::Array(items) if items.len() == 2 => {
            let lo = r.scalar(&items[0], &format!("{p}[0]"));
            let hi = r.scalar(&items[1], &format!("{p}[1]"));
            RawRange::Pair(lo?.into_inner(), hi?.into_inner())
        }
        _ => {
            r.problem(
                n.span.clone(),
                p,
                format!(
                    "expected [lo, hi], \">= lo\" or \"<= hi\", got {}",
                    n.value.kind()
                ),
            )
            .help = Some("e.g. range = [0, 1], range = [0, \"inf\"] or range = \">= 0\"".into());
            return None;
        }
    };
    Some(Located::new(n.span.clone(), v))
}

fn correlation(r: &mut Reader, n: &Node) -> Option<RawCorrelation> {
    let p = "correlation";
    let t = r.table(n, p, RawCorrelation::KEYS)?;
    let before = r.problems.len();
    let num = |r: &mut Reader, n: &Node, p: &str| -> Option<f64> {
        match n.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => {
                r.problem(
                    n.span.clone(),
                    p,
                    format!("expected a number, got {}", n.value.kind()),
                );
                None
            }
        }
    };
    let names = |r: &mut Reader, n: &Node, p: &str| -> Option<Located<Vec<String>>> {
        let items = r.array(n, p)?;
        let v: Vec<Option<String>> = items
            .iter()
            .enumerate()
            .map(|(i, x)| plain(r, x, &format!("{p}[{i}]")))
            .collect();
        Some(Located::new(
            n.span.clone(),
            v.into_iter().collect::<Option<_>>()?,
        ))
    };
    let pairs = t.get("pairs").and_then(|n| {
        let items = r.array(n, "correlation.pairs")?;
        let mut out = Vec::new();
        for (i, x) in items.iter().enumerate() {
            let xp = format!("correlation.pairs[{i}]");
            match &x.value {
                Value::Array(a) if a.len() == 3 => {
                    let (s1, s2, c) = (
                        plain(r, &a[0], &xp),
                        plain(r, &a[1], &xp),
                        num(r, &a[2], &xp),
                    );
                    out.push((s1?, s2?, c?));
                }
                _ => {
                    r.problem(x.span.clone(), &xp, "expected [\"a\", \"b\", correlation]");
                }
            }
        }
        Some(Located::new(n.span.clone(), out))
    });
    let inputs = t
        .get("inputs")
        .and_then(|n| names(r, n, "correlation.inputs"));
    let matrix = t.get("matrix").and_then(|n| {
        let rows = r.array(n, "correlation.matrix")?;
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let rp = format!("correlation.matrix[{i}]");
            let cells = r.array(row, &rp)?;
            let v: Vec<Option<f64>> = cells.iter().map(|c| num(r, c, &rp)).collect();
            out.push(v.into_iter().collect::<Option<Vec<f64>>>()?);
        }
        Some(Located::new(n.span.clone(), out))
    });
    let allow_adjust =
        opt(r, t, p, "allow_adjust", |r, n, p| r.boolean(n, p)).is_some_and(|b| *b.get_ref());
    (r.problems.len() == before).then_some(RawCorrelation {
        pairs,
        inputs,
        matrix,
        allow_adjust,
    })
}

fn evidence(r: &mut Reader, n: &Node, p: &str) -> Option<RawEvidence> {
    let t = r.table(n, p, RawEvidence::KEYS)?;
    let before = r.problems.len();
    let id = req(r, t, p, "id", string);
    let e = RawEvidence {
        id: Located::new(0..0, String::new()),
        source: opt(r, t, p, "source", string),
        likelihood: opt(r, t, p, "likelihood", string),
        observed: opt(r, t, p, "observed", scalar),
        holds_if: opt(r, t, p, "holds_if", string),
        trust: opt(r, t, p, "trust", scalar),
        note: opt(r, t, p, "note", note),
    };
    let id = id?;
    (r.problems.len() == before).then_some(RawEvidence { id, ..e })
}

fn catalogue(r: &mut Reader, n: &Node) -> Option<RawCatalogueUse> {
    let p = "catalogue";
    let t = r.table(n, p, RawCatalogueUse::KEYS)?;
    let uses = match t.get("use") {
        Some(u) => {
            let items = r.array(u, "catalogue.use").unwrap_or(&[]);
            items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| r.string(x, &format!("catalogue.use[{i}]")))
                .collect()
        }
        None => Vec::new(),
    };
    let overrides = t
        .get("override")
        .and_then(|o| RawCatalogue::read(r, o, "catalogue.override"));
    Some(RawCatalogueUse { uses, overrides })
}

fn shipment(r: &mut Reader, n: &Node) -> Option<RawShipment> {
    let p = "shipment";
    let t = r.table(n, p, RawShipment::KEYS)?;
    let before = r.problems.len();
    let containers = req(r, t, p, "containers", scalar);
    let assign = opt(r, t, p, "assign", string);
    let s = RawShipment {
        containers: Located::new(0..0, Scalar::Int(0)),
        assign,
        cargo: list(r, t.get("cargo"), "shipment.cargo", |r, n, p| {
            let t = r.table(n, p, RawCargo::KEYS)?;
            let (id, share) = (req(r, t, p, "id", string), req(r, t, p, "share", scalar));
            let (load, note) = (opt(r, t, p, "load", scalar), opt(r, t, p, "note", note));
            Some(RawCargo {
                id: id?,
                share: share?,
                load,
                note,
            })
        }),
        lot: list(r, t.get("lot"), "shipment.lot", |r, n, p| {
            let t = r.table(n, p, RawLot::KEYS)?;
            let (id, share) = (req(r, t, p, "id", string), req(r, t, p, "share", scalar));
            let dud_rate = opt(r, t, p, "dud_rate", scalar);
            let note = opt(r, t, p, "note", note);
            Some(RawLot {
                id: id?,
                share: share?,
                dud_rate,
                note,
            })
        }),
    };
    let containers = containers?;
    (r.problems.len() == before).then_some(RawShipment { containers, ..s })
}
