//! Sweeps: every point prepared (validated) before any sampling, then run with the base case's
//! seed and sample count, summarised into [`SweepFile`], which *is* `sweep.json`.
//!
//! A point is the scenario validated with its override `NAME=V` after the run's own `--set`s
//! ([`Scenario::with_overrides`]), the same validation `--set NAME=V` does, so its draws equal
//! that run's bit for bit. Points are analysed without sensitivity (the base case has it)
//! unless asked, and without curves. Two axes make a grid: points run for each value of the
//! second axis (`by`), every value of the first.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::break_even::{break_even, BreakEven, TARGETS};
use super::{run_point, Settings, WhatIfError};
use crate::model::QuantityKind;
use crate::results::RunResult;
use crate::scenario::{Scenario, ScenarioError, SweepSpec};
use crate::text::number::exact;

/// `sweep.json`: the swept assumption, its values, every point's results and the break-even
/// values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SweepFile {
    /// The swept assumption (a quantity name or a `[shipment]` key).
    pub name: String,
    /// Its values, increasing.
    pub values: Vec<f64>,
    /// In a grid: the second swept assumption and its values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Axis>,
    /// One per point (a grid: every value of `name` for the first value of `by`, then the next).
    pub points: Vec<SweepPoint>,
    /// For each claim id: where its probability crosses 10%, 50% and 90% along `name` (in a
    /// grid, for each value of `by`).
    pub break_even: IndexMap<String, Vec<BreakEven>>,
}

/// The second axis of a grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Axis {
    /// The swept assumption.
    pub name: String,
    /// Its values, increasing.
    pub values: Vec<f64>,
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SweepPoint {
    /// The value of the swept assumption.
    pub value: f64,
    /// In a grid: the value of the second one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<f64>,
    /// Each claim's probability (after the evidence, when there is evidence).
    pub claims: IndexMap<String, ClaimPoint>,
    /// Each quantity's mean and percentiles (after the evidence, when there is evidence).
    pub quantities: IndexMap<String, QuantityPoint>,
}

/// A claim at one point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClaimPoint {
    /// Share of draws on which the claim holds.
    pub probability: f64,
    /// Its Monte Carlo standard error.
    pub mcse: f64,
}

/// A quantity at one point, in its unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuantityPoint {
    /// Mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// What the charts and the report need to know about a quantity of the sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityMeta {
    /// Unit, if any.
    pub unit: Option<String>,
    /// Whether it gets charts (a model quantity or one a claim uses, without `chart = false`).
    pub charted: bool,
}

/// A sweep's results: the file, and what its charts and report need.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// `sweep.json`.
    pub file: SweepFile,
    /// Each quantity of the points, by name.
    pub quantities: IndexMap<String, QuantityMeta>,
    /// Each claim's text, by id.
    pub claims: IndexMap<String, String>,
    /// Each point's full result, when every point was analysed in full (sensitivity and all).
    pub details: Vec<RunResult>,
}

/// The points of a sweep, validated.
#[derive(Debug)]
pub struct SweepPlan {
    axes: Vec<SweepSpec>,
    points: Vec<(Vec<f64>, Scenario)>,
}

impl SweepPlan {
    /// Prepares every point of `axes` (one, or two for a grid) on `base`, before any sampling.
    ///
    /// # Errors
    /// Every problem of every point (each distinct message once).
    pub fn prepare(base: &Scenario, axes: &[SweepSpec]) -> Result<SweepPlan, ScenarioError> {
        let by: Vec<Option<usize>> = match axes.get(1) {
            Some(b) => (0..b.values.len()).map(Some).collect(),
            None => vec![None],
        };
        let mut points = Vec::new();
        let mut errors: Vec<crate::scenario::Diagnostic> = Vec::new();
        for j in by {
            for i in 0..axes[0].values.len() {
                let mut ov = vec![axes[0].point(i)];
                let mut values = vec![axes[0].values[i].value];
                if let Some(j) = j {
                    ov.push(axes[1].point(j));
                    values.push(axes[1].values[j].value);
                }
                match base.with_overrides(&ov) {
                    Ok(s) => points.push((values, s)),
                    Err(e) => {
                        let first = points.is_empty() && errors.is_empty();
                        for d in e.0 {
                            if !errors
                                .iter()
                                .any(|x| x.message == d.message && x.key == d.key)
                            {
                                errors.push(d);
                            }
                        }
                        if first {
                            return Err(ScenarioError(errors)); // the same for every point
                        }
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(ScenarioError(errors));
        }
        Ok(SweepPlan {
            axes: axes.to_vec(),
            points,
        })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Runs every point. With `detail` (sensitivity draws, Saltelli base), every point is
    /// analysed in full and kept in [`Sweep::details`].
    ///
    /// # Errors
    /// The first point whose draws or analysis fail.
    pub fn run(
        &self,
        settings: &Settings,
        detail: Option<(usize, usize)>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Sweep, WhatIfError> {
        let mut points = Vec::new();
        let mut details = Vec::new();
        for (values, s) in &self.points {
            let label = self.label(values);
            let r = run_point(s, settings, detail.unwrap_or((0, 0)), &label, progress)?;
            points.push(point(&r, values));
            if detail.is_some() {
                details.push(r);
            }
        }
        let s0 = &self.points[0].1;
        let file = SweepFile {
            name: self.axes[0].name.clone(),
            values: self.axes[0].numbers(),
            by: self.axes.get(1).map(|b| Axis {
                name: b.name.clone(),
                values: b.numbers(),
            }),
            break_even: break_evens(&self.axes[0].numbers(), self.axes.get(1), &points, s0),
            points,
        };
        Ok(Sweep {
            file,
            quantities: meta(s0),
            claims: s0
                .claims
                .iter()
                .map(|c| (c.id.clone(), c.text.clone()))
                .collect(),
            details,
        })
    }

    /// `name = value` of every axis, for messages.
    fn label(&self, values: &[f64]) -> String {
        self.axes
            .iter()
            .zip(values)
            .map(|(a, v)| format!("{} = {}", a.name, exact(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn point(r: &RunResult, values: &[f64]) -> SweepPoint {
    SweepPoint {
        value: values[0],
        by: values.get(1).copied(),
        claims: r
            .claims
            .iter()
            .map(|c| {
                let e = c.estimate();
                (
                    c.id.clone(),
                    ClaimPoint {
                        probability: e.probability,
                        mcse: e.mcse,
                    },
                )
            })
            .collect(),
        quantities: r
            .quantities
            .iter()
            .map(|q| {
                let s = q.stats();
                let p = &s.percentiles;
                let v = QuantityPoint {
                    mean: s.mean,
                    p5: p.p5,
                    p25: p.p25,
                    p50: p.p50,
                    p75: p.p75,
                    p95: p.p95,
                };
                (q.name.clone(), v)
            })
            .collect(),
    }
}

/// Break-even values of every claim along the first axis (for each value of the second).
fn break_evens(
    xs: &[f64],
    by: Option<&SweepSpec>,
    points: &[SweepPoint],
    s: &Scenario,
) -> IndexMap<String, Vec<BreakEven>> {
    let rows: Vec<(Option<f64>, &[SweepPoint])> = match by {
        Some(b) => b
            .numbers()
            .into_iter()
            .map(Some)
            .zip(points.chunks(xs.len()))
            .collect(),
        None => vec![(None, points)],
    };
    s.claims
        .iter()
        .map(|c| {
            let mut all = Vec::new();
            for (y, row) in &rows {
                let p: Vec<f64> = row.iter().map(|pt| pt.claims[&c.id].probability).collect();
                let se: Vec<f64> = row.iter().map(|pt| pt.claims[&c.id].mcse).collect();
                for t in TARGETS {
                    all.extend(break_even(xs, &p, &se, t).into_iter().map(|mut b| {
                        b.by = *y;
                        b
                    }));
                }
            }
            (c.id.clone(), all)
        })
        .collect()
}

fn meta(s: &Scenario) -> IndexMap<String, QuantityMeta> {
    s.quantities
        .iter()
        .map(|q| {
            let used = s.claims.iter().any(|c| c.references.contains(&q.name));
            let charted = q.chart && (q.kind == QuantityKind::Model || used);
            (
                q.name.clone(),
                QuantityMeta {
                    unit: q.unit.clone(),
                    charted,
                },
            )
        })
        .collect()
}
