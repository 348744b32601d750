//! The parts of a comparison computed across files: differences from the first file with their
//! Monte Carlo errors (paired where the draws pair up), and the definitions that differ.

use indexmap::IndexMap;
use std::collections::HashMap;

use super::compare::{key, Definition, DefinitionDiff, DiffMethod, Difference, Member, What};
use crate::scenario::Scenario;

/// Whether the draws of members `a` and `b` pair up: same count, no evidence weights.
fn paired(members: &[Member], a: usize, b: usize) -> bool {
    let (ra, rb) = (members[a].result, members[b].result);
    ra.run.samples == rb.run.samples && ra.posterior.is_none() && rb.posterior.is_none()
}

/// Mean and standard error of the mean of `b[i] − a[i]`.
fn paired_mean(a: impl Iterator<Item = f64>, b: impl Iterator<Item = f64>) -> (f64, f64) {
    let d: Vec<f64> = b.zip(a).map(|(b, a)| b - a).collect();
    let n = d.len() as f64;
    if n < 2.0 {
        return (d.first().copied().unwrap_or(f64::NAN), f64::NAN);
    }
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Differences of a shared quantity's mean from the first file's, for every other file that
/// has it (`get(member, index)` gives the mean, its error and the column of draws).
pub(super) fn differences<'a>(
    members: &[Member],
    at: &[(usize, usize)],
    get: impl Fn(usize, usize) -> (f64, f64, Option<&'a [f64]>),
) -> Vec<(usize, Difference)> {
    let Some(&(0, i0)) = at.first() else {
        return Vec::new();
    };
    let (v0, e0, c0) = get(0, i0);
    at[1..]
        .iter()
        .map(|&(m, i)| {
            let (v, e, c) = get(m, i);
            let d = match (c0, c) {
                (Some(c0), Some(c)) if paired(members, 0, m) => {
                    let (diff, se) = paired_mean(c0.iter().copied(), c.iter().copied());
                    Difference {
                        difference: diff,
                        mcse: se,
                        method: DiffMethod::Paired,
                    }
                }
                _ => Difference {
                    difference: v - v0,
                    mcse: e + e0,
                    method: DiffMethod::Bound,
                },
            };
            (m, d)
        })
        .collect()
}

/// Differences of a shared claim's probability from the first file's.
pub(super) fn flag_differences(
    members: &[Member],
    at: &[(usize, usize)],
) -> Vec<(usize, Difference)> {
    let Some(&(0, i0)) = at.first() else {
        return Vec::new();
    };
    let e0 = *members[0].result.claims.as_slice()[i0].estimate();
    at[1..]
        .iter()
        .map(|&(m, i)| {
            let e = *members[m].result.claims.as_slice()[i].estimate();
            let d = if paired(members, 0, m) {
                let f0 = members[0].draws.claims.as_slice()[i0]
                    .iter()
                    .map(|&f| f64::from(f));
                let f = members[m].draws.claims.as_slice()[i]
                    .iter()
                    .map(|&f| f64::from(f));
                let (diff, se) = paired_mean(f0, f);
                Difference {
                    difference: diff,
                    mcse: se,
                    method: DiffMethod::Paired,
                }
            } else {
                Difference {
                    difference: e.probability - e0.probability,
                    mcse: e.mcse + e0.mcse,
                    method: DiffMethod::Bound,
                }
            };
            (m, d)
        })
        .collect()
}

fn cite(s: &Scenario, id: Option<&String>) -> Option<String> {
    let id = id?;
    s.sources
        .iter()
        .find(|x| &x.id == id)
        .map(|x| match &x.url {
            Some(u) => format!("{} ({u})", x.cite),
            None => x.cite.clone(),
        })
}

/// The same text but for white space.
fn same(a: &str, b: &str) -> bool {
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    bare(a) == bare(b)
}

/// Every quantity and claim whose definition differs between the files, or that some files
/// lack (in the order first seen).
pub(super) fn definitions(
    members: &[Member],
    qkeys: &[HashMap<String, String>],
    ckeys: &[HashMap<String, String>],
) -> Vec<DefinitionDiff> {
    let stem = |m: usize| members[m].scenario.stem.clone();
    let mut quantities: IndexMap<String, IndexMap<String, Definition>> = IndexMap::new();
    for (m, member) in members.iter().enumerate() {
        let s = member.scenario;
        for q in &s.quantities {
            let def = Definition {
                kind: Some(q.kind),
                expr: q.expr.clone(),
                unit: q.unit.clone(),
                source: q.source.clone(),
                cite: cite(s, q.source.as_ref()),
            };
            quantities
                .entry(key(&qkeys[m], &q.name))
                .or_default()
                .insert(stem(m), def);
        }
    }
    let mut claims: IndexMap<String, IndexMap<String, Definition>> = IndexMap::new();
    for (m, member) in members.iter().enumerate() {
        let s = member.scenario;
        for c in &s.claims {
            let def = Definition {
                kind: None,
                expr: c.holds_if.clone(),
                unit: None,
                source: c.source.clone(),
                cite: cite(s, c.source.as_ref()),
            };
            claims
                .entry(key(&ckeys[m], &c.id))
                .or_default()
                .insert(stem(m), def);
        }
    }
    let unlike = |defs: &IndexMap<String, Definition>| {
        let first = defs.values().next().expect("at least one");
        defs.values()
            .any(|d| d.kind != first.kind || !same(&d.expr, &first.expr))
    };
    let differs = |defs: &IndexMap<String, Definition>| defs.len() < members.len() || unlike(defs);
    let diff = |what: What| {
        move |(name, definitions): (String, IndexMap<String, Definition>)| DefinitionDiff {
            what,
            name,
            definitions,
        }
    };
    let q = quantities
        .into_iter()
        .filter(|(_, d)| differs(d))
        .map(diff(What::Quantity));
    // A claim in one file only is not compared, and its test differs from nothing.
    let c = claims
        .into_iter()
        .filter(|(_, d)| d.len() >= 2 && unlike(d))
        .map(diff(What::Claim));
    q.chain(c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_errors_and_text_comparison() {
        let (d, se) = paired_mean([1.0, 2.0, 3.0].into_iter(), [2.0, 3.0, 4.0].into_iter());
        assert_eq!((d, se), (1.0, 0.0));
        let (d, se) = paired_mean([0.0, 0.0].into_iter(), [1.0, -1.0].into_iter());
        assert_eq!(d, 0.0);
        assert!((se - 1.0).abs() < 1e-12);
        assert!(same("a * b", "a*b"));
        assert!(!same("a * b", "a * c"));
    }
}
