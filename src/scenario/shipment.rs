//! `[shipment]` in a scenario: per-container simulation of containers, cargo types and lots.
//!
//! ```toml
//! [shipment]
//! containers = "containers"          # expression: containers this draw (rounded)
//! assign = "container"               # each container from one lot (default), or "shell"
//! [[shipment.cargo]]
//! id = "s152"
//! share = "share_152"                # shares of all cargo types must add up to 1 on every draw
//! load = "normal(mean_load_152, 25)" # per-container load distribution (each container draws)
//! [[shipment.cargo]]
//! id = "other"
//! share = "1 - share_152"            # no load: other cargo
//! [[shipment.lot]]
//! id = "stock_1970s"
//! share = "0.5"
//! dud_rate = "dud_1970s"
//! ```
//!
//! The section generates model quantities (whole numbers): `containers_<cargo>` for every cargo
//! type; `delivered_<cargo>` and `working_<cargo>` for cargo with a load; `delivered_<lot>` and
//! `working_<lot>` for every lot; `delivered_total` and `working_total`. Their names may not clash
//! with the scenario's own quantities. Each depends on every parameter expression of the section;
//! the engine computes them together ([`crate::engine::shipment`]).

use super::error::Diagnostic;
use super::raw::{RawFile, RawQuantity};
use super::validate::expr_start;
use crate::engine::shipment::{CargoPlan, LoadPlan, LotPlan, Output, ShipmentPlan};
use crate::expr::compile::{compile, Names, Node, Ty};
use crate::expr::{nearest, parse};
use crate::shipment::{check_shares, Assign};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

/// `[shipment]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShipment {
    /// Containers in the shipment: an expression.
    pub containers: Spanned<ExprText>,
    /// `"container"` (default) or `"shell"`.
    pub assign: Option<Spanned<String>>,
    /// `[[shipment.cargo]]`.
    #[serde(default)]
    pub cargo: Vec<Spanned<RawCargo>>,
    /// `[[shipment.lot]]`.
    #[serde(default)]
    pub lot: Vec<Spanned<RawLot>>,
}

/// `[[shipment.cargo]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCargo {
    /// Identifier (part of generated names).
    pub id: Spanned<String>,
    /// Share of containers: an expression.
    pub share: Spanned<ExprText>,
    /// Rounds per container: a distribution or a value; absent for other cargo.
    pub load: Option<Spanned<ExprText>>,
    /// Free note.
    pub note: Option<String>,
}

/// `[[shipment.lot]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLot {
    /// Identifier (part of generated names).
    pub id: Spanned<String>,
    /// Share of the shipment: an expression.
    pub share: Spanned<ExprText>,
    /// Share of the lot's rounds that do not work: an expression (default 0).
    pub dud_rate: Option<Spanned<ExprText>>,
    /// Free note.
    pub note: Option<String>,
}

/// An expression written as a string or a number.
#[derive(Debug, Clone)]
pub struct ExprText(pub String);

impl<'de> Deserialize<'de> for ExprText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ExprText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "an expression as a string, or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ExprText, E> {
                Ok(ExprText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ExprText, E> {
                Ok(ExprText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ExprText, E> {
                Ok(ExprText(format!("{v}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// One generated quantity: name, where it comes from, its description, and what it holds.
struct Gen {
    name: String,
    span: Range<usize>,
    text: String,
    unit: &'static str,
    output: Output,
}

fn gens(raw: &RawFile) -> Vec<Gen> {
    let Some(s) = &raw.shipment else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut g = |name: String, span: Range<usize>, text: String, unit, output| {
        out.push(Gen {
            name,
            span,
            text: format!("[shipment] {text}"),
            unit,
            output,
        })
    };
    for (c, cargo) in s.get_ref().cargo.iter().enumerate() {
        let (id, span) = (cargo.get_ref().id.get_ref(), cargo.get_ref().id.span());
        let what = format!("containers carrying {id}");
        g(
            format!("containers_{id}"),
            span.clone(),
            what,
            "containers",
            Output::Containers(c),
        );
        if cargo.get_ref().load.is_some() {
            let d = format!("rounds of {id} delivered");
            g(
                format!("delivered_{id}"),
                span.clone(),
                d,
                "rounds",
                Output::DeliveredCargo(c),
            );
            let w = format!("rounds of {id} that work");
            g(
                format!("working_{id}"),
                span,
                w,
                "rounds",
                Output::WorkingCargo(c),
            );
        }
    }
    for (l, lot) in s.get_ref().lot.iter().enumerate() {
        let (id, span) = (lot.get_ref().id.get_ref(), lot.get_ref().id.span());
        let d = format!("rounds from lot {id} delivered");
        g(
            format!("delivered_{id}"),
            span.clone(),
            d,
            "rounds",
            Output::DeliveredLot(l),
        );
        let w = format!("rounds from lot {id} that work");
        g(
            format!("working_{id}"),
            span,
            w,
            "rounds",
            Output::WorkingLot(l),
        );
    }
    let span = s.span();
    let span = span.start..span.start + 10;
    let d = "all rounds delivered".to_string();
    g(
        "delivered_total".into(),
        span.clone(),
        d,
        "rounds",
        Output::DeliveredTotal,
    );
    let w = "all rounds that work".to_string();
    g(
        "working_total".into(),
        span,
        w,
        "rounds",
        Output::WorkingTotal,
    );
    out
}

/// The model quantities `[shipment]` generates: (name, span, quantity as if written).
pub(super) fn generated(raw: &RawFile) -> Vec<(String, Range<usize>, RawQuantity)> {
    gens(raw)
        .into_iter()
        .map(|g| {
            let q = RawQuantity {
                expr: g.text,
                expr_span: None,
                unit: Some(g.unit.to_string()),
                source: None,
                note: Some(
                    "generated by [shipment]: a whole number, simulated container by container"
                        .to_string(),
                ),
            };
            (g.name, g.span, q)
        })
        .collect()
}

struct Cx<'a> {
    file: &'a str,
    src: &'a str,
    names: &'a [String],
    errs: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err(&mut self, span: &Range<usize>, key: &str, msg: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::at(self.file, self.src, span.start, span.end, msg).key(key);
        self.errs.push(d);
        self.errs.last_mut().expect("just pushed")
    }

    fn expr(&mut self, e: &Spanned<ExprText>, key: &str) -> Option<Node> {
        let text = &e.get_ref().0;
        let r = parse(text).and_then(|ast| {
            let (node, ty) = compile(&ast, text, &Names { all: self.names })?;
            if ty != Ty::Num {
                let m = "this must be a number, not a true/false test".to_string();
                return Err(crate::expr::ExprError::new(ast.span, m));
            }
            Ok(node)
        });
        match r {
            Ok(n) => Some(n),
            Err(x) => {
                let span = e.span();
                let (a, b) = match expr_start(self.src, &span, text) {
                    Some(base) => (base + x.span.start, base + x.span.end),
                    None => (span.start, span.end),
                };
                let d = Diagnostic::at(self.file, self.src, a, b, x.message);
                self.errs.push(d.key(key).help(x.help));
                None
            }
        }
    }
}

/// Compiles `[shipment]` into one [`Node::Shipment`] per generated quantity (the quantities
/// `first..` of `names`), or `None`s with the problems pushed onto `errs`.
pub(super) fn compile_plan(
    errs: &mut Vec<Diagnostic>,
    file: &str,
    src: &str,
    raw: &RawFile,
    names: &[String],
    first: usize,
) -> Vec<Option<Node>> {
    let gens = gens(raw);
    let Some(s) = &raw.shipment else {
        return Vec::new();
    };
    let before = errs.len();
    let mut cx = Cx {
        file,
        src,
        names,
        errs,
    };
    let plan = plan(&mut cx, s);
    match plan {
        Some(mut p) if cx.errs.len() == before => {
            p.outputs = gens
                .iter()
                .enumerate()
                .map(|(k, g)| (g.output, first + k))
                .collect();
            let p = Arc::new(p);
            (0..gens.len())
                .map(|k| Some(Node::Shipment(p.clone(), k)))
                .collect()
        }
        _ => gens.iter().map(|_| None).collect(),
    }
}

fn plan(cx: &mut Cx, s: &Spanned<RawShipment>) -> Option<ShipmentPlan> {
    let r = s.get_ref();
    let containers = cx.expr(&r.containers, "shipment.containers");
    let assign = match r.assign.as_ref().map(|a| (a.get_ref().as_str(), a.span())) {
        None | Some(("container", _)) => Assign::Container,
        Some(("shell", _)) => Assign::Shell,
        Some((other, span)) => {
            let help =
                nearest(other, ["container", "shell"]).map(|n| format!("did you mean `{n}`?"));
            cx.err(
                &span,
                "shipment.assign",
                format!("assign must be \"container\" or \"shell\", got \"{other}\""),
            )
            .help = help.or(Some(
                "\"container\": each container from one lot; \"shell\": lots mixed round by round"
                    .into(),
            ));
            Assign::Container
        }
    };
    if r.cargo.is_empty() {
        let span = s.span();
        cx.err(
            &(span.start..span.start + 10),
            "shipment.cargo",
            "[shipment] needs at least one [[shipment.cargo]] with id and share",
        )
        .help = Some(
            "add [[shipment.cargo]] with id = \"s152\", share = \"1\", load = \"normal(448, 25)\""
                .into(),
        );
    }
    let mut ids: Vec<String> = Vec::new();
    let mut cargo = Vec::new();
    for c in &r.cargo {
        let c = c.get_ref();
        check_id(cx, &c.id, "shipment.cargo", &mut ids);
        let key = format!("shipment.cargo.{}", c.id.get_ref());
        let share = cx.expr(&c.share, &format!("{key}.share"));
        let load = c
            .load
            .as_ref()
            .and_then(|l| load_plan(cx, l, &format!("{key}.load")));
        cargo.push(share.map(|share| CargoPlan {
            id: c.id.get_ref().clone(),
            share,
            load,
        }));
    }
    let mut lots = Vec::new();
    ids.clear();
    for l in &r.lot {
        let l = l.get_ref();
        check_id(cx, &l.id, "shipment.lot", &mut ids);
        let key = format!("shipment.lot.{}", l.id.get_ref());
        let share = cx.expr(&l.share, &format!("{key}.share"));
        let dud = match &l.dud_rate {
            Some(d) => cx.expr(d, &format!("{key}.dud_rate")),
            None => Some(Node::Const(0.0)),
        };
        if let Some(Node::Const(v)) = &dud {
            if !(0.0..=1.0).contains(v) {
                let span = l.dud_rate.as_ref().map_or(l.id.span(), Spanned::span);
                cx.err(
                    &span,
                    &format!("{key}.dud_rate"),
                    format!("dud_rate = {v} is not a share; must be in [0, 1]"),
                );
            }
        }
        lots.push(share.zip(dud).map(|(share, dud_rate)| LotPlan {
            id: l.id.get_ref().clone(),
            share,
            dud_rate,
        }));
    }
    if r.lot.is_empty() {
        lots.push(Some(LotPlan {
            id: String::new(),
            share: Node::Const(1.0),
            dud_rate: Node::Const(0.0),
        }));
    }
    let cargo: Vec<CargoPlan> = cargo.into_iter().collect::<Option<_>>()?;
    let lots: Vec<LotPlan> = lots.into_iter().collect::<Option<_>>()?;
    constant_shares(cx, s, "cargo", cargo.iter().map(|c| &c.share));
    if !r.lot.is_empty() {
        constant_shares(cx, s, "lot", lots.iter().map(|l| &l.share));
    }
    Some(ShipmentPlan {
        containers: containers?,
        assign,
        cargo,
        lots,
        outputs: Vec::new(),
    })
}

fn check_id(cx: &mut Cx, id: &Spanned<String>, key: &str, seen: &mut Vec<String>) {
    let v = id.get_ref();
    let ok = v.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        cx.err(&id.span(), &format!("{key}.id"), format!("`{v}` is not a valid id: use letters, digits and _, starting with a letter (it becomes part of quantity names)"));
    } else if seen.contains(v) {
        cx.err(
            &id.span(),
            &format!("{key}.id"),
            format!("id `{v}` is used twice"),
        );
    }
    seen.push(v.clone());
}

/// Shares that are all constants are checked before sampling.
fn constant_shares<'a>(
    cx: &mut Cx,
    s: &Spanned<RawShipment>,
    what: &'static str,
    shares: impl Iterator<Item = &'a Node>,
) {
    let consts: Option<Vec<f64>> = shares.map(Node::as_const).collect();
    if let Some(v) = consts {
        if let Err(e) = check_shares(what, &v) {
            let span = s.span();
            cx.err(
                &(span.start..span.start + 10),
                &format!("shipment.{what}"),
                e.to_string(),
            )
            .help = Some(format!(
                "the shares of [[shipment.{what}]] must add up to 1"
            ));
        }
    }
}

fn load_plan(cx: &mut Cx, l: &Spanned<ExprText>, key: &str) -> Option<LoadPlan> {
    let node = cx.expr(l, key)?;
    match node {
        Node::Sample(s) => Some(LoadPlan::Dist(*s)),
        n if has_draw(&n) => {
            cx.err(&l.span(), key, "a load must be one distribution call, such as normal(mean_load, 25), or a value without distributions")
                .help = Some("each container draws its own load from the distribution; put per-shipment uncertainty in its arguments (they may be other quantities)".into());
            None
        }
        n => Some(LoadPlan::Value(n)),
    }
}

fn has_draw(n: &Node) -> bool {
    match n {
        Node::Sample(_) | Node::Mixture { .. } => true,
        Node::Const(_) | Node::Ref(_) | Node::Shipment(..) => false,
        Node::Neg(a) | Node::Not(a) => has_draw(a),
        Node::Bin(_, a, b) => has_draw(a) || has_draw(b),
        Node::If(a, b, c) => has_draw(a) || has_draw(b) || has_draw(c),
        Node::Func(_, args) => args.iter().any(has_draw),
    }
}
