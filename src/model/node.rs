//! Compiled expressions: the [`Node`] tree the expression compiler produces and the engine
//! evaluates over columns of draws.
//!
//! Names are already resolved to [`QuantityId`]s, types checked ([`Ty`]) and constant
//! sub-expressions folded; a distribution call whose arguments are all constant carries its
//! checked [`Dist`].
//!
//! The compiled `[shipment]` section ([`ShipmentPlan`]) lives here too: its parameters are
//! nodes, and every quantity it generates is a [`Node::Shipment`] holding the shared plan (whose
//! `outputs` say which [`ShipmentOutput`] each quantity is); the engine's shipment step computes
//! all of them at once.

use super::ids::{QuantityId, SourceId};
use crate::dist::{Dist, Family};
use crate::shipment::Assign;
use std::sync::Arc;

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A number.
    Num,
    /// True or false (stored as 1 or 0).
    Bool,
}

/// Binary operators, arithmetic, comparison and logical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^`
    Pow,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinOp {
    /// True for `< <= > >= == !=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne
        )
    }

    /// True for `and`, `or`.
    pub fn is_logical(self) -> bool {
        matches!(self, BinOp::And | BinOp::Or)
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Pow => "^",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// Deterministic functions (their names are the expression language's, in `expr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// Smallest argument.
    Min,
    /// Largest argument.
    Max,
    /// Round down.
    Floor,
    /// Round up.
    Ceil,
    /// Round half away from zero.
    Round,
    /// Absolute value.
    Abs,
    /// Square root.
    Sqrt,
    /// Natural logarithm.
    Ln,
    /// Exponential.
    Exp,
    /// `clamp(x, lo, hi)`.
    Clamp,
    /// Sine (radians).
    Sin,
    /// Cosine (radians).
    Cos,
    /// `capacity_by_mass(payload_kg, packed_mass_kg)`: whole rounds that fit by mass.
    CapacityByMass,
    /// `capacity_by_volume(volume_m3, packed_volume_l, usable_share)`: whole rounds by volume.
    CapacityByVolume,
    /// `mass_per_round(payload_kg, rounds)`: kg available per round.
    MassPerRound,
    /// The sum of the arguments (the elements of `sum_over`, `mean_over`, `cumsum`).
    Sum,
    /// 1 when every argument is true (non-zero), else 0 (`all_over`).
    All,
    /// 1 when some argument is true (non-zero), else 0 (`any_over`).
    Any,
    /// `first_where`: arguments are k tests, then the k element values, then the value when no
    /// test holds; the value of the first element whose test holds.
    FirstWhere,
}

/// A compiled expression, evaluated by the engine over columns.
#[derive(Debug, Clone)]
pub enum Node {
    /// A constant.
    Const(f64),
    /// The value of a quantity in the same draw.
    Ref(QuantityId),
    /// Negation.
    Neg(Box<Node>),
    /// Logical not.
    Not(Box<Node>),
    /// A binary operation.
    Bin(BinOp, Box<Node>, Box<Node>),
    /// Three or more operands joined left to right by operators of one precedence level
    /// (`a + b - c + …`, `a * b / c`, `a and b and c`, `a or b or c`): the value of
    /// `((first op₁ t₁) op₂ t₂) …`, computed in that order, so bit for bit what the left-nested
    /// [`Node::Bin`] tree gives, without recursing along the chain. Build with [`Node::chain`].
    Chain(Box<Node>, Vec<(BinOp, Node)>),
    /// A deterministic function.
    Func(Func, Vec<Node>),
    /// `if(cond, a, b)`: on each draw only the branch the condition selects is evaluated.
    If(Box<Node>, Box<Node>, Box<Node>),
    /// A fresh draw from a distribution on every iteration.
    Sample(Box<SampleNode>),
    /// A weighted mixture: each draw comes from one component, chosen by weight.
    Mixture {
        /// The components.
        components: Vec<Node>,
        /// Cumulative normalised weights (last is 1).
        cumulative: Vec<f64>,
        /// The random source the choice draws from (`None`: the chunk's stream).
        stream: Option<Stream>,
    },
    /// An output of the scenario's `[shipment]`: the engine computes all outputs at once.
    Shipment(Arc<ShipmentPlan>),
    /// `sum_of(n, dist)`: the sum of `n` (rounded, per draw) independent draws of `dist`.
    SumOf(Box<SumOfNode>),
}

/// `sum_of(n, dist)`.
#[derive(Debug, Clone)]
pub struct SumOfNode {
    /// How many draws to add (rounded to a whole number on each draw; negative is an error).
    pub count: Node,
    /// The distribution each term is drawn from.
    pub term: SampleNode,
    /// The call as written, for run-time messages.
    pub text: String,
}

/// A distribution call.
#[derive(Debug, Clone)]
pub struct SampleNode {
    /// The family.
    pub family: Family,
    /// Parameter expressions.
    pub args: Vec<Node>,
    /// The checked distribution when every parameter is constant.
    pub fixed: Option<Dist>,
    /// The call as written, for run-time messages.
    pub text: String,
    /// The random source the draw belongs to (`None`: drawn from the chunk's stream).
    pub stream: Option<Stream>,
}

/// Where a random node of `[model]` draws from: its source and which part of it (a source's
/// own draw is part 0; the draws inside a mixture's components are parts 1, 2, …), so that
/// every part has a stream of its own and a Saltelli design can resample the whole source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stream {
    /// The source.
    pub source: SourceId,
    /// The part within it.
    pub part: u32,
    /// True: drawn by the family's own sampler from the stream (a family without a closed-form
    /// quantile, written as the whole expression of its quantity); its per-draw value is then
    /// the probability integral transform of the quantity's value. False: drawn as the inverse
    /// CDF of the stream's first uniform, which is its per-draw value.
    pub native: bool,
}

impl Node {
    /// The constant value, if the node is one.
    pub fn as_const(&self) -> Option<f64> {
        match self {
            Node::Const(v) => Some(*v),
            _ => None,
        }
    }

    /// `first` joined with `terms` left to right: `first` itself when there are no terms, a
    /// [`Node::Bin`] for one, a [`Node::Chain`] for more.
    pub fn chain(first: Node, mut terms: Vec<(BinOp, Node)>) -> Node {
        match terms.len() {
            0 => first,
            1 => {
                let (op, b) = terms.pop().expect("one term");
                Node::Bin(op, Box::new(first), Box::new(b))
            }
            _ => Node::Chain(Box::new(first), terms),
        }
    }

    /// True when evaluating the node draws random numbers (a distribution, a mixture, the
    /// shipment step) somewhere inside it.
    pub fn draws(&self) -> bool {
        match self {
            Node::Const(_) | Node::Ref(_) => false,
            Node::Neg(a) | Node::Not(a) => a.draws(),
            Node::Bin(_, a, b) => a.draws() || b.draws(),
            Node::Chain(a, terms) => a.draws() || terms.iter().any(|t| t.1.draws()),
            Node::If(c, a, b) => c.draws() || a.draws() || b.draws(),
            Node::Func(_, args) => args.iter().any(Node::draws),
            Node::Sample(_) | Node::Mixture { .. } | Node::Shipment(..) | Node::SumOf(_) => true,
        }
    }

    /// The quantities the node reads, in order of first appearance.
    pub fn refs(&self) -> Vec<QuantityId> {
        let mut out = Vec::new();
        self.visit_refs(&mut out);
        out
    }

    fn visit_refs(&self, out: &mut Vec<QuantityId>) {
        match self {
            Node::Const(_) => {}
            Node::Ref(q) => {
                if !out.contains(q) {
                    out.push(*q)
                }
            }
            Node::Neg(a) | Node::Not(a) => a.visit_refs(out),
            Node::Bin(_, a, b) => {
                a.visit_refs(out);
                b.visit_refs(out);
            }
            Node::Chain(a, terms) => {
                a.visit_refs(out);
                terms.iter().for_each(|t| t.1.visit_refs(out));
            }
            Node::If(a, b, c) => {
                a.visit_refs(out);
                b.visit_refs(out);
                c.visit_refs(out);
            }
            Node::Func(_, args)
            | Node::Mixture {
                components: args, ..
            } => args.iter().for_each(|a| a.visit_refs(out)),
            Node::Sample(s) => s.args.iter().for_each(|a| a.visit_refs(out)),
            Node::Shipment(plan) => plan.params().for_each(|a| a.visit_refs(out)),
            Node::SumOf(s) => {
                s.count.visit_refs(out);
                s.term.args.iter().for_each(|a| a.visit_refs(out));
            }
        }
    }
}

/// A compiled `[shipment]` section.
#[derive(Debug, Clone)]
pub struct ShipmentPlan {
    /// Containers in the shipment (rounded per draw).
    pub containers: Node,
    /// How rounds are assigned to lots.
    pub assign: Assign,
    /// Cargo types, in file order.
    pub cargo: Vec<CargoPlan>,
    /// Lots, in file order (one lot with no duds when the section has none).
    pub lots: Vec<LotPlan>,
    /// Each generated quantity: what it holds and its id.
    pub outputs: Vec<(ShipmentOutput, QuantityId)>,
}

impl ShipmentPlan {
    /// The parameter expressions of the delivery stage (containers, cargo shares, loads, lot
    /// shares): everything but the dud rates.
    pub fn delivery_nodes(&self) -> Vec<&Node> {
        let mut nodes: Vec<&Node> = vec![&self.containers];
        for c in &self.cargo {
            nodes.push(&c.share);
            match &c.load {
                Some(LoadPlan::Dist(s)) => nodes.extend(&s.args),
                Some(LoadPlan::Value(n)) => nodes.push(n),
                None => {}
            }
        }
        nodes.extend(self.lots.iter().map(|l| &l.share));
        nodes
    }
}

/// One `[[shipment.cargo]]`.
#[derive(Debug, Clone)]
pub struct CargoPlan {
    /// Identifier.
    pub id: String,
    /// Share of containers.
    pub share: Node,
    /// Rounds per container; `None` for other cargo.
    pub load: Option<LoadPlan>,
}

/// A per-container load.
#[derive(Debug, Clone)]
pub enum LoadPlan {
    /// A distribution call: each container draws its own load; arguments are per draw.
    Dist(SampleNode),
    /// A value without a distribution: every container of the draw carries it (rounded).
    Value(Node),
}

/// One `[[shipment.lot]]`.
#[derive(Debug, Clone)]
pub struct LotPlan {
    /// Identifier (`None` for the one lot of a section without lots).
    pub id: Option<String>,
    /// Share of rounds (or containers, with `assign = "container"`).
    pub share: Node,
    /// Share of the lot's rounds that do not work.
    pub dud_rate: Node,
}

/// What a generated quantity holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipmentOutput {
    /// Containers of cargo type `.0`.
    Containers(usize),
    /// Rounds of cargo type `.0` delivered.
    DeliveredCargo(usize),
    /// Rounds of cargo type `.0` that work.
    WorkingCargo(usize),
    /// Rounds from lot `.0` delivered.
    DeliveredLot(usize),
    /// Rounds from lot `.0` that work.
    WorkingLot(usize),
    /// All rounds delivered.
    DeliveredTotal,
    /// All rounds that work.
    WorkingTotal,
}

impl ShipmentPlan {
    /// Every parameter expression (the generated quantities depend on all of them).
    pub fn params(&self) -> impl Iterator<Item = &Node> {
        let cargo = self.cargo.iter().flat_map(|c| {
            let load: Vec<&Node> = match &c.load {
                Some(LoadPlan::Dist(s)) => s.args.iter().collect(),
                Some(LoadPlan::Value(n)) => vec![n],
                None => Vec::new(),
            };
            std::iter::once(&c.share).chain(load)
        });
        let lots = self.lots.iter().flat_map(|l| [&l.share, &l.dud_rate]);
        std::iter::once(&self.containers).chain(cargo).chain(lots)
    }
}
