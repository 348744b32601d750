//! Where a run-time failure points: at the scenario file's line of the quantity that failed or,
//! when a definition replaced for this run (`--set NAME=EXPR`) feeds it, at that option.
//!
//! An override is checked like the file, but a value that passes every check can still fail
//! on some draw (a share of 1.5 that makes `1 - share` a negative probability downstream). The
//! file's formula is then fine as written: what changed is the option, so the message points
//! into the option's text, names its value, and keeps the key of what failed.

use super::error::Diagnostic;
use super::model::Scenario;
use super::Applied;
use crate::model::{EvidenceNode, IdVec, Node, QuantityId};

impl Scenario {
    /// The located diagnostic of a failure while running, for the key the engine names (a
    /// quantity name, `claim <id>`, `claim.<id>.holds_if`, `evidence <id>`, `evidence.<id>.…`
    /// or `shipment`), its message and what to do about it.
    pub fn run_diagnostic(&self, key: &str, message: String, help: Option<String>) -> Diagnostic {
        let line = self
            .quantities
            .iter()
            .find(|q| q.name == key)
            .map(|q| q.line);
        let upstream = self.upstream(key);
        let mut blamed = self.overrides.iter().filter(|a| upstream.feeds(self, a));
        let Some(first) = blamed.next() else {
            let mut d = Diagnostic::file(&self.path, message);
            d.line = line;
            return d.key(key).help(help);
        };
        let rest: Vec<&Applied> = blamed.collect();
        let option = |a: &Applied| format!("`{} {}={}`", a.flag, a.name, a.expr);
        let mut origin = if first.name == key {
            format!("`{key}` is set for this run by {}", option(first))
        } else {
            let at = line.map_or(String::new(), |l| format!(" ({}:{l})", self.path));
            format!(
                "`{key}`{at} is computed from `{}`, set for this run by {}",
                first.name,
                option(first)
            )
        };
        if !rest.is_empty() {
            let others: Vec<String> = rest.iter().map(|a| option(a)).collect();
            origin.push_str(&format!(", and from {}", others.join(", ")));
        }
        let text = format!("{}={}", first.name, first.expr);
        let label = format!("{} (applied to {})", first.flag, self.path);
        let from = first.name.len() + 1;
        Diagnostic::at(
            &label,
            &text,
            from,
            text.len(),
            format!("{message} ({origin})"),
        )
        .key(key)
        .help(help)
    }

    /// The quantities `key` reads, directly or through others (itself included), and whether
    /// a `[shipment]` simulation is among them.
    fn upstream(&self, key: &str) -> Upstream {
        let p = &self.program;
        let mut reads = p.quantities.map(|_| false);
        let mut stack: Vec<QuantityId> = Vec::new();
        let id = |prefix: &str| {
            [" ", "."].iter().find_map(|sep| {
                let rest = key.strip_prefix(&format!("{prefix}{sep}"))?;
                Some(rest.split('.').next().unwrap_or(rest).to_string())
            })
        };
        if let Some(q) = p.quantity(key) {
            stack.push(q);
        } else if let Some(c) = id("claim").and_then(|c| p.claim(&c)) {
            stack.extend(p.claims[c].refs());
        } else if let Some(e) = id("evidence").and_then(|e| p.evidence_ids.position(|i| *i == e)) {
            match &p.evidence[e] {
                EvidenceNode::Likelihood { args, .. } => {
                    stack.extend(args.iter().flat_map(Node::refs))
                }
                EvidenceNode::Bound(n) => stack.extend(n.refs()),
            }
        }
        let mut shipment = key == "shipment";
        if shipment {
            stack.extend(p.quantities.iter().flat_map(|n| match n {
                Node::Shipment(_) => n.refs(),
                _ => Vec::new(),
            }));
        }
        while let Some(q) = stack.pop() {
            if std::mem::replace(&mut reads[q], true) {
                continue;
            }
            shipment |= matches!(p.quantities[q], Node::Shipment(_));
            stack.extend(p.quantities[q].refs());
        }
        Upstream { reads, shipment }
    }
}

/// What a failing key reads.
struct Upstream {
    /// Per quantity: read by the key, directly or through others, or the key itself.
    reads: IdVec<QuantityId, bool>,
    /// Whether a `[shipment]` simulation is among them (or is the key).
    shipment: bool,
}

impl Upstream {
    /// Whether the override `a` feeds what failed.
    fn feeds(&self, s: &Scenario, a: &Applied) -> bool {
        if a.key.starts_with("shipment.") {
            return self.shipment;
        }
        s.program.quantity(&a.name).is_some_and(|q| self.reads[q])
    }
}
