//! The indexed quantities of a run, from the compiled model: each one's elements and labels,
//! and the claims and evidence that test a single element (points on the fan chart).

use crate::model::{BinOp, ClaimId, EvidenceNode, IdVec, IndexKind, Node, Program, QuantityId};
use crate::results::{ClaimPoint, ClaimResult, EvidencePoint, IndexedResult};
use crate::scenario::Scenario;

/// Every indexed quantity of `scenario`, with the claim thresholds and evidence at its elements.
pub(super) fn indexed(
    scenario: &Scenario,
    claims: &IdVec<ClaimId, ClaimResult>,
) -> Vec<IndexedResult> {
    let p = &scenario.program;
    p.indexed()
        .iter()
        .map(|iq| {
            let index = &p.indexes()[iq.index];
            let at = |q: QuantityId| iq.elements.iter().position(|e| *e == q);
            let claim_points = claims
                .iter_enumerated()
                .filter_map(|(c, r)| {
                    let t = r.threshold?;
                    Some(ClaimPoint {
                        claim: c,
                        position: at(t.quantity)?,
                        value: t.value,
                    })
                })
                .collect();
            let evidence_points = evidence_points(p)
                .into_iter()
                .filter_map(|(e, q, value)| {
                    Some(EvidencePoint {
                        evidence: e,
                        position: at(q)?,
                        value,
                    })
                })
                .collect();
            IndexedResult {
                name: iq.name.clone(),
                index: index.name.clone(),
                months: matches!(index.kind, IndexKind::Months { .. }),
                labels: index.labels.clone(),
                elements: iq.elements.clone(),
                claim_points,
                evidence_points,
            }
        })
        .collect()
}

/// Evidence that observes one quantity: a likelihood whose first parameter is the quantity
/// (`normal(at(cum, "2024-02"), 500)` observed 6700), or a reported `quantity <op> number`.
fn evidence_points(p: &Program) -> Vec<(crate::model::EvidenceId, QuantityId, f64)> {
    p.evidence
        .iter_enumerated()
        .filter_map(|(id, e)| match e {
            EvidenceNode::Likelihood { args, observed, .. } => match args.first() {
                Some(Node::Ref(q)) => Some((id, *q, *observed)),
                _ => None,
            },
            EvidenceNode::Bound(Node::Bin(op, a, b)) if op.is_comparison() && *op != BinOp::Ne => {
                match (a.as_ref(), b.as_ref()) {
                    (Node::Ref(q), Node::Const(v)) | (Node::Const(v), Node::Ref(q)) => {
                        Some((id, *q, *v))
                    }
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}
