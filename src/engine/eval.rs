//! Evaluates a compiled [`Node`] over one chunk of draws.
//!
//! Every node writes a whole column at once. References to quantities read the columns already
//! computed for this chunk, so every reference within one draw sees the same value (`x - x` is 0).
//! Distribution calls with constant parameters fill the column from one checked [`Dist`]; with
//! uncertain parameters a distribution is built per draw.
//!
//! `if(test, a, b)` evaluates the test over the chunk, then `a` on the draws where it holds and
//! `b` on the others (in that order, so the random stream is fixed by the seed). A branch is
//! never evaluated on a draw that does not take it, so `if(p <= 1, binomial(10, p), 0)` is
//! valid for every `p`. Branches that draw nothing are evaluated over the whole chunk and
//! selected, which gives the same values without gathering. A test that is unknown on a draw
//! (it compared a value that is not a number: see [`crate::model::ops`]) takes neither branch:
//! the result on that draw is the unknown value, which the engine then reports.
//!
//! A random node of `[model]` (one with a [`Stream`](crate::model::Stream)) draws from its
//! source's own streams ([`SourceKeys`]) instead of the chunk's generator: draw `i` is the
//! inverse CDF of the uniform of (source, part, row `i`), a mixture's choice is that uniform
//! against the cumulative weights. It therefore does not matter in which order, or on which
//! subset of draws (an `if` branch), the node is evaluated.
//!
//! A chain `a + b - c + …` is evaluated into `out` from left to right, one in-place step per
//! term, so it recurses no deeper than `a + b` and gives the bits of the left-nested tree.

use super::rng::{DrawStream, SourceKeys};
use crate::dist::{Dist, Family};
use crate::model::ops::{binary_assign, binary_column, func_scalar, not, Operand};
use crate::model::{IdVec, Node, QuantityId, SampleNode, Stream, SumOfNode};
use rand::Rng;

/// A draw on which a distribution's parameters were invalid.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawError {
    /// Index of the draw within the chunk.
    pub index: usize,
    /// The call as written and what was wrong.
    pub message: String,
}

/// The columns already computed for this chunk.
pub struct ChunkView<'a> {
    /// One slice per quantity (empty for those not yet computed).
    pub columns: &'a IdVec<QuantityId, &'a mut [f64]>,
    /// The run's draw number of each row.
    pub rows: Rows<'a>,
    /// The streams of the random sources.
    pub keys: &'a SourceKeys,
}

/// The run's draw number of each row of a view.
#[derive(Debug, Clone, Copy)]
pub enum Rows<'a> {
    /// Rows `start, start + 1, …`.
    From(u64),
    /// The listed rows (the draws an `if` branch takes).
    List(&'a [u64]),
}

impl Rows<'_> {
    #[inline]
    fn at(&self, i: usize) -> u64 {
        match self {
            Rows::From(start) => start + i as u64,
            Rows::List(rows) => rows[i],
        }
    }
}

impl<'a> ChunkView<'a> {
    /// A view for nodes that draw nothing from a source (claims, evidence, `[shipment]`).
    pub fn plain(columns: &'a IdVec<QuantityId, &'a mut [f64]>, keys: &'a SourceKeys) -> Self {
        ChunkView {
            columns,
            rows: Rows::From(0),
            keys,
        }
    }

    #[inline]
    fn draw(&self, stream: Stream, i: usize) -> DrawStream {
        self.keys.draw(stream, self.rows.at(i))
    }
}

/// The uniform a draw is made from: the source's, or the chunk generator's.
#[inline]
fn uniform<R: Rng>(view: &ChunkView, stream: Option<Stream>, rng: &mut R, i: usize) -> f64 {
    match stream {
        Some(s) => view.draw(s, i).uniform(),
        None => rng.random(),
    }
}

/// Evaluates `node` into `out` (one value per draw of the chunk).
///
/// # Errors
/// A [`DrawError`] when uncertain parameters make a distribution invalid on some draw.
pub fn eval<R: Rng>(
    node: &Node,
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), DrawError> {
    match node {
        Node::Const(v) => out.fill(*v),
        Node::Ref(i) => out.copy_from_slice(&view.columns[*i][..out.len()]),
        Node::Neg(a) => {
            eval(a, view, rng, out)?;
            out.iter_mut().for_each(|x| *x = -*x);
        }
        Node::Not(a) => {
            eval(a, view, rng, out)?;
            out.iter_mut().for_each(|x| *x = not(*x));
        }
        Node::Bin(op, a, b) => {
            let (mut ta, mut tb) = (Vec::new(), Vec::new());
            let x = operand(a, view, rng, &mut ta, out.len())?;
            let y = operand(b, view, rng, &mut tb, out.len())?;
            binary_column(*op, x, y, out);
        }
        Node::Chain(first, terms) => {
            eval(first, view, rng, out)?;
            let mut temp = Vec::new();
            for (op, t) in terms {
                let y = operand(t, view, rng, &mut temp, out.len())?;
                binary_assign(*op, out, y);
            }
        }
        Node::Func(f, args) => {
            let mut temps: Vec<Vec<f64>> = vec![Vec::new(); args.len()];
            let ops = operands(args, view, rng, &mut temps, out.len())?;
            let mut vals = vec![0.0; ops.len()];
            for (i, o) in out.iter_mut().enumerate() {
                for (v, op) in vals.iter_mut().zip(&ops) {
                    *v = op.at(i);
                }
                *o = func_scalar(*f, &vals);
            }
        }
        Node::If(c, a, b) => if_else(c, a, b, view, rng, out)?,
        Node::Sample(s) => sample(s, view, rng, out)?,
        Node::SumOf(s) => sum_of(s, view, rng, out)?,
        Node::Shipment(..) => {
            // Validation rules this out: the shipment step computes these columns itself.
            return Err(DrawError {
                index: 0,
                message: "a [shipment] quantity can only be computed by the shipment step"
                    .to_string(),
            });
        }
        Node::Mixture {
            components,
            cumulative,
            stream,
        } => {
            let mut temps: Vec<Vec<f64>> = vec![Vec::new(); components.len()];
            let ops = operands(components, view, rng, &mut temps, out.len())?;
            for (i, o) in out.iter_mut().enumerate() {
                let u = uniform(view, *stream, rng, i);
                let k = cumulative
                    .iter()
                    .position(|&c| u < c)
                    .unwrap_or(cumulative.len() - 1);
                *o = ops[k].at(i);
            }
        }
    }
    Ok(())
}

/// `if(c, a, b)`: the test on every draw, then each branch on the draws that take it.
fn if_else<R: Rng>(
    c: &Node,
    a: &Node,
    b: &Node,
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), DrawError> {
    let mut tc = Vec::new();
    let test = operand(c, view, rng, &mut tc, out.len())?;
    if !a.draws() && !b.draws() {
        // Nothing random and nothing that can fail per draw: evaluate both, select.
        let mut t = [Vec::new(), Vec::new()];
        let [ta, tb] = &mut t;
        let a = operand(a, view, rng, ta, out.len())?;
        let b = operand(b, view, rng, tb, out.len())?;
        for (i, o) in out.iter_mut().enumerate() {
            let t = test.at(i);
            *o = if !t.is_finite() {
                t
            } else if t != 0.0 {
                a.at(i)
            } else {
                b.at(i)
            };
        }
        return Ok(());
    }
    let (mut taken, mut other) = (Vec::new(), Vec::new());
    for (i, o) in out.iter_mut().enumerate() {
        let t = test.at(i);
        if !t.is_finite() {
            *o = t;
        } else if t != 0.0 {
            taken.push(i);
        } else {
            other.push(i);
        }
    }
    on_draws(a, &taken, view, rng, out)?;
    on_draws(b, &other, view, rng, out)
}

/// Evaluates `node` on the draws `idx` of the chunk only, writing `out[idx[j]]`.
fn on_draws<R: Rng>(
    node: &Node,
    idx: &[usize],
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), DrawError> {
    if idx.is_empty() {
        return Ok(());
    }
    if idx.len() == out.len() {
        return eval(node, view, rng, out);
    }
    let mut gathered: IdVec<QuantityId, Vec<f64>> = view.columns.map(|_| Vec::new());
    for q in node.refs() {
        let col = &view.columns[q];
        gathered[q] = idx.iter().map(|&i| col[i]).collect();
    }
    let columns: IdVec<QuantityId, &mut [f64]> =
        gathered.iter_mut().map(|c| c.as_mut_slice()).collect();
    let rows: Vec<u64> = idx.iter().map(|&i| view.rows.at(i)).collect();
    let sub = ChunkView {
        columns: &columns,
        rows: Rows::List(&rows),
        keys: view.keys,
    };
    let mut part = vec![0.0; idx.len()];
    eval(node, &sub, rng, &mut part).map_err(|e| DrawError {
        index: idx[e.index],
        message: e.message,
    })?;
    for (&i, v) in idx.iter().zip(part) {
        out[i] = v;
    }
    Ok(())
}

/// Evaluates `node` as an operand: constants and references need no copy.
fn operand<'a, R: Rng>(
    node: &Node,
    view: &'a ChunkView,
    rng: &mut R,
    temp: &'a mut Vec<f64>,
    len: usize,
) -> Result<Operand<'a>, DrawError> {
    match node {
        Node::Const(v) => Ok(Operand::Scalar(*v)),
        Node::Ref(i) => Ok(Operand::Column(&view.columns[*i][..len])),
        _ => {
            temp.resize(len, 0.0);
            eval(node, view, rng, temp)?;
            Ok(Operand::Column(temp))
        }
    }
}

fn operands<'a, R: Rng>(
    nodes: &[Node],
    view: &'a ChunkView,
    rng: &mut R,
    temps: &'a mut [Vec<f64>],
    len: usize,
) -> Result<Vec<Operand<'a>>, DrawError> {
    nodes
        .iter()
        .zip(temps.iter_mut())
        .map(|(n, t)| operand(n, view, rng, t, len))
        .collect()
}

/// Most terms `sum_of` draws one by one on a single draw (families with an exact shortcut
/// have no limit).
pub const MAX_SUM_TERMS: f64 = 1e7;

/// `sum_of(n, dist)`: per draw, `n` rounded; the sum by the family's shortcut or term by term.
fn sum_of<R: Rng>(
    s: &SumOfNode,
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), DrawError> {
    let mut tc = Vec::new();
    let count = operand(&s.count, view, rng, &mut tc, out.len())?;
    let mut temps: Vec<Vec<f64>> = vec![Vec::new(); s.term.args.len()];
    let ops = operands(&s.term.args, view, rng, &mut temps, out.len())?;
    let mut params = vec![0.0; ops.len()];
    for (i, o) in out.iter_mut().enumerate() {
        let n = count.at(i).round();
        let fail = |message: String| DrawError { index: i, message };
        if !(n >= 0.0) || n.is_infinite() {
            return Err(fail(format!(
                "`{}`: the number of draws is {}; it must be a whole number ≥ 0",
                s.text,
                crate::text::number::short(count.at(i), 6)
            )));
        }
        let d = match &s.term.fixed {
            Some(d) => std::borrow::Cow::Borrowed(d),
            None => {
                for (p, op) in params.iter_mut().zip(&ops) {
                    *p = op.at(i);
                }
                let d = Dist::new(s.term.family, &params)
                    .map_err(|e| fail(format!("`{}`: {e}", s.text)))?;
                std::borrow::Cow::Owned(d)
            }
        };
        if n > MAX_SUM_TERMS && crate::dist::sum_shortcut(&d, n as u64).is_none() {
            return Err(fail(format!(
                "`{}`: {} draws of `{}` on one draw is more than the {} shellcount adds one by one (normal, poisson, binomial and gamma terms have no limit)",
                s.text,
                crate::text::number::short(n, 6),
                s.term.text,
                crate::text::number::short(MAX_SUM_TERMS, 3)
            )));
        }
        *o = match s.term.stream {
            Some(st) => sum_from(&d, n as u64, &mut view.draw(st, i)),
            None => crate::dist::sample_sum(&d, n as u64, rng),
        };
    }
    Ok(())
}

/// A source's draw: the family's own sampler on the stream when the source is `native`, else
/// the inverse CDF at the stream's first uniform.
#[inline]
fn from_stream(d: &Dist, st: Stream, stream: &mut DrawStream) -> f64 {
    if st.native {
        d.sample(stream)
    } else {
        d.inverse_cdf(stream.uniform())
    }
}

/// A source's `sum_of` draw: the exact shortcut's inverse CDF at the stream's first uniform,
/// else the terms' inverse CDFs at its next `n` uniforms.
fn sum_from(d: &Dist, n: u64, stream: &mut DrawStream) -> f64 {
    if n == 0 {
        return 0.0;
    }
    match crate::dist::sum_shortcut(d, n) {
        Some(s) => s.inverse_cdf(stream.uniform()),
        None => (0..n).map(|_| d.inverse_cdf(stream.uniform())).sum(),
    }
}

fn sample<R: Rng>(
    s: &SampleNode,
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), DrawError> {
    match (&s.fixed, s.stream) {
        (Some(d), None) => {
            d.fill(rng, out);
            return Ok(());
        }
        (Some(d), Some(st)) => {
            for (i, o) in out.iter_mut().enumerate() {
                *o = from_stream(d, st, &mut view.draw(st, i));
            }
            return Ok(());
        }
        (None, _) => {}
    }
    let mut temps: Vec<Vec<f64>> = vec![Vec::new(); s.args.len()];
    let ops = operands(&s.args, view, rng, &mut temps, out.len())?;
    let mut params = vec![0.0; ops.len()];
    for (i, o) in out.iter_mut().enumerate() {
        for (p, op) in params.iter_mut().zip(&ops) {
            *p = op.at(i);
        }
        if s.family == Family::Binomial {
            // A count computed from other quantities (e.g. containers × rounds) is rarely a
            // whole number; it is rounded to the nearest one.
            params[0] = params[0].round();
        }
        let d = Dist::new(s.family, &params).map_err(|e| DrawError {
            index: i,
            message: format!("`{}`: {e}", s.text),
        })?;
        *o = match s.stream {
            Some(st) => from_stream(&d, st, &mut view.draw(st, i)),
            None => d.sample(rng),
        };
    }
    Ok(())
}
