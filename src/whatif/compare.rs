//! Several scenarios side by side: every quantity name and claim id present in at least two
//! files (names that differ are paired with `--match A:x=B:y`), the differences from the first
//! file with their Monte Carlo errors, and the definitions that differ. [`ComparisonFile`] *is*
//! `comparison.json`.
//!
//! **Differences and their error.** Each file is run with the same samples and seed (unless a
//! file fixes its own), so draw i of every run comes from the same random stream. When two runs
//! have the same sample count and no evidence, the draws pair up: the difference of means (or
//! probabilities) is the mean of the per-draw differences d_i and its error is `sd(d) / √n`
//! (`method = "paired"`), which is valid whatever the correlation between the runs. Otherwise
//! the error is the sum of the two errors (`method = "bound"`), an upper bound on the standard
//! error of a difference whatever the correlation.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::engine::Draws;
use crate::model::QuantityKind;
use crate::results::RunResult;
use crate::scenario::Scenario;
use crate::text::nearest;

/// `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComparisonFile {
    /// Each file, by stem (file name without `.toml`), in the order given.
    pub scenarios: IndexMap<String, ScenarioInfo>,
    /// Each quantity present in at least two files: stem → its summary (after the evidence, if
    /// the file has evidence).
    pub quantities: IndexMap<String, IndexMap<String, QuantityCell>>,
    /// Each claim present in at least two files: stem → its probability.
    pub claims: IndexMap<String, IndexMap<String, ClaimCell>>,
    /// Each file's differences from the first.
    pub differences: Differences,
    /// Inputs, formulas and claim tests whose definitions differ between the files (or that
    /// some files lack), with their sources.
    pub definitions: Vec<DefinitionDiff>,
}

/// What was run for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScenarioInfo {
    /// The file as given.
    pub file: String,
    /// Its title.
    pub title: String,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
    /// Seed used.
    pub seed: u64,
    /// Draws taken.
    pub samples: u64,
}

/// One quantity in one file, in its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuantityCell {
    /// Its name in that file, when `--match` paired a different name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One claim in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClaimCell {
    /// Its id in that file, when `--match` paired a different id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Share of draws on which it holds.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub mcse: f64,
}

/// Differences from the first file (`baseline`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Differences {
    /// The stem of the first file.
    pub baseline: String,
    /// Quantity → stem → mean minus the baseline's mean.
    pub quantities: IndexMap<String, IndexMap<String, Difference>>,
    /// Claim → stem → probability minus the baseline's.
    pub claims: IndexMap<String, IndexMap<String, Difference>>,
}

/// A difference and its Monte Carlo standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Difference {
    /// This file's value minus the baseline's.
    pub difference: f64,
    /// Its Monte Carlo standard error (see `method`).
    pub mcse: f64,
    /// `paired`: from the per-draw differences; `bound`: the sum of the two errors.
    pub method: DiffMethod,
}

/// How a difference's error was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffMethod {
    /// `sd(d) / √n` of the per-draw differences (same samples, no evidence).
    Paired,
    /// The sum of the two standard errors (an upper bound).
    Bound,
}

/// A name whose definition differs between files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DefinitionDiff {
    /// `quantity` or `claim`.
    pub what: What,
    /// The name (the first file's, for names paired with `--match`).
    pub name: String,
    /// Stem → its definition there (files without it are absent).
    pub definitions: IndexMap<String, Definition>,
}

/// A quantity or a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// An input or model quantity.
    Quantity,
    /// A claim (its test).
    Claim,
}

/// One definition in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Definition {
    /// Input or model (quantities only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<QuantityKind>,
    /// The expression, or the claim's test.
    pub expr: String,
    /// Unit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Source id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The source's citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
}

/// One file of a comparison: its scenario, results and draws.
pub struct Member<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its results (with curves for every quantity).
    pub result: &'a RunResult,
    /// Its draws.
    pub draws: &'a Draws,
}

/// `--match A:x=B:y`: quantity (or claim) `x` of file A is `y` of file B.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// File A (stem or file name) and name.
    pub a: (String, String),
    /// File B and name.
    pub b: (String, String),
}

impl Pairing {
    /// `A:x=B:y`.
    ///
    /// # Errors
    /// What is wrong, for a usage message.
    pub fn parse(arg: &str) -> Result<Pairing, String> {
        let side = |s: &str| {
            s.trim()
                .rsplit_once(':')
                .map(|(f, n)| (f.trim().to_string(), n.trim().to_string()))
                .filter(|(f, n)| !f.is_empty() && !n.is_empty())
        };
        let bad = || {
            format!("`{arg}` is not A:x=B:y (e.g. --match rok-mnd-2024-02:containers=ship-tracking-2024-02:containers)")
        };
        let (a, b) = arg.split_once('=').ok_or_else(bad)?;
        Ok(Pairing {
            a: side(a).ok_or_else(bad)?,
            b: side(b).ok_or_else(bad)?,
        })
    }
}

/// A comparison: the file, and what its charts and report need.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// `comparison.json`.
    pub file: ComparisonFile,
    /// Each shared quantity: its unit (the first file's) and, per stem, its exceedance curve.
    pub curves: IndexMap<String, SharedCurves>,
    /// Each shared claim's text (the first file's that has it).
    pub claim_texts: IndexMap<String, String>,
}

/// A shared quantity's unit (the first file's) and, per stem, its exceedance curve as
/// (value, share of draws above it) points.
pub type SharedCurves = (Option<String>, Vec<(String, Vec<(f64, f64)>)>);

/// Compares `members` (at least two, distinct stems).
///
/// # Errors
/// A `--match` that names an unknown file or name, or that would give one file two quantities
/// of one name.
pub fn compare(members: &[Member], pairings: &[Pairing]) -> Result<Comparison, String> {
    let scenarios: Vec<&Scenario> = members.iter().map(|m| m.scenario).collect();
    let stems: Vec<&str> = members.iter().map(|m| m.scenario.stem.as_str()).collect();
    let (qkeys, ckeys) = keys(&scenarios, pairings)?;
    let qnames = |m: usize| -> Vec<(String, usize)> {
        let r = members[m].result;
        r.quantities
            .iter()
            .enumerate()
            .map(|(i, q)| (key(&qkeys[m], &q.name), i))
            .collect()
    };
    let cnames = |m: usize| -> Vec<(String, usize)> {
        let r = members[m].result;
        r.claims
            .iter()
            .enumerate()
            .map(|(i, c)| (key(&ckeys[m], &c.id), i))
            .collect()
    };
    let shared_q = shared(members.len(), qnames);
    let shared_c = shared(members.len(), cnames);
    let mut file = ComparisonFile {
        scenarios: members
            .iter()
            .map(|m| {
                let (s, r) = (m.scenario, m.result);
                let info = ScenarioInfo {
                    file: s.path.clone(),
                    title: s.title.clone(),
                    sha256: s.sha256.clone(),
                    seed: r.run.seed,
                    samples: r.run.samples,
                };
                (s.stem.clone(), info)
            })
            .collect(),
        quantities: IndexMap::new(),
        claims: IndexMap::new(),
        differences: Differences {
            baseline: stems[0].to_string(),
            quantities: IndexMap::new(),
            claims: IndexMap::new(),
        },
        definitions: super::compare_defs::definitions(members, &qkeys, &ckeys),
    };
    let mut curves = IndexMap::new();
    for (k, at) in &shared_q {
        let mut row = IndexMap::new();
        let mut lines = Vec::new();
        for &(m, i) in at {
            let q = &members[m].result.quantities.as_slice()[i];
            let s = q.stats();
            let name = (q.name != *k).then(|| q.name.clone());
            let cell = QuantityCell {
                name,
                mean: s.mean,
                p5: s.percentiles.p5,
                p50: s.percentiles.p50,
                p95: s.percentiles.p95,
            };
            row.insert(stems[m].to_string(), cell);
            if q.chart {
                lines.push((stems[m].to_string(), q.answer_curves().exceedance.clone()));
            }
        }
        let unit = members[at[0].0].result.quantities.as_slice()[at[0].1]
            .unit
            .clone();
        if lines.len() >= 2 {
            curves.insert(k.clone(), (unit, lines));
        }
        let diffs = super::compare_defs::differences(members, at, |m, i| {
            let q = &members[m].result.quantities.as_slice()[i];
            (
                q.stats().mean,
                q.stats().mcse_mean,
                Some(members[m].draws.columns.as_slice()[i].as_slice()),
            )
        });
        if !diffs.is_empty() {
            file.differences.quantities.insert(
                k.clone(),
                diffs
                    .into_iter()
                    .map(|(m, d)| (stems[m].to_string(), d))
                    .collect(),
            );
        }
        file.quantities.insert(k.clone(), row);
    }
    let mut claim_texts = IndexMap::new();
    for (k, at) in &shared_c {
        let mut row = IndexMap::new();
        for &(m, i) in at {
            let c = &members[m].result.claims.as_slice()[i];
            let e = c.estimate();
            let id = (c.id != *k).then(|| c.id.clone());
            row.insert(
                stems[m].to_string(),
                ClaimCell {
                    id,
                    probability: e.probability,
                    mcse: e.mcse,
                },
            );
        }
        claim_texts.insert(
            k.clone(),
            members[at[0].0].result.claims.as_slice()[at[0].1]
                .text
                .clone(),
        );
        let diffs = super::compare_defs::flag_differences(members, at);
        if !diffs.is_empty() {
            file.differences.claims.insert(
                k.clone(),
                diffs
                    .into_iter()
                    .map(|(m, d)| (stems[m].to_string(), d))
                    .collect(),
            );
        }
        file.claims.insert(k.clone(), row);
    }
    Ok(Comparison {
        file,
        curves,
        claim_texts,
    })
}

/// A name under its key (its `--match` pairing, else itself).
pub(super) fn key(keys: &HashMap<String, String>, name: &str) -> String {
    keys.get(name).cloned().unwrap_or_else(|| name.to_string())
}

/// Keys present in at least two members, in first-seen order, with (member, index) of each.
fn shared(
    n: usize,
    names: impl Fn(usize) -> Vec<(String, usize)>,
) -> IndexMap<String, Vec<(usize, usize)>> {
    let mut all: IndexMap<String, Vec<(usize, usize)>> = IndexMap::new();
    for m in 0..n {
        for (k, i) in names(m) {
            all.entry(k).or_default().push((m, i));
        }
    }
    all.retain(|_, v| v.len() >= 2);
    all
}

type Keys = Vec<HashMap<String, String>>;

/// Checks the pairings against the files, before anything is run.
///
/// # Errors
/// As [`compare`].
pub fn check(scenarios: &[&Scenario], pairings: &[Pairing]) -> Result<(), String> {
    keys(scenarios, pairings).map(|_| ())
}

/// Per file, name → key for quantities and for claims, from the pairings.
fn keys(members: &[&Scenario], pairings: &[Pairing]) -> Result<(Keys, Keys), String> {
    let stems: Vec<&str> = members.iter().map(|s| s.stem.as_str()).collect();
    let mut q: Keys = vec![HashMap::new(); members.len()];
    let mut c: Keys = vec![HashMap::new(); members.len()];
    let find = |f: &str| -> Result<usize, String> {
        members
            .iter()
            .position(|m| m.stem == f || m.file_name == f || m.path == f)
            .ok_or_else(|| {
                let hint = nearest(f, stems.iter().copied())
                    .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
                format!(
                    "--match: `{f}` is not one of the files compared ({}){hint}",
                    stems.join(", ")
                )
            })
    };
    for p in pairings {
        let (ia, ib) = (find(&p.a.0)?, find(&p.b.0)?);
        if ia == ib {
            return Err(format!(
                "--match pairs names of two different files; both sides name {}",
                stems[ia]
            ));
        }
        let (x, y) = (&p.a.1, &p.b.1);
        let has_q = |m: usize, n: &str| members[m].program.quantity(n).is_some();
        let has_c = |m: usize, n: &str| members[m].program.claim(n).is_some();
        let mut done = false;
        for (is, keys) in [
            (&has_q as &dyn Fn(usize, &str) -> bool, &mut q),
            (&has_c, &mut c),
        ] {
            if is(ia, x) && is(ib, y) {
                let k = key(&keys[ia], x);
                if let Some(own) = (is(ib, &k) && k != *y).then_some(&k) {
                    return Err(format!("--match: {} already has its own `{own}`; pairing `{y}` with it would give two", stems[ib]));
                }
                keys[ia].insert(x.clone(), k.clone());
                keys[ib].insert(y.clone(), k);
                done = true;
            }
        }
        if !done {
            return Err(format!(
                "--match: `{x}` of {} and `{y}` of {} are not both quantities or both claims",
                stems[ia], stems[ib]
            ));
        }
    }
    Ok((q, c))
}
