//! The one projection of a [`RunResult`] into [`Summary`].

use indexmap::IndexMap;

use super::{
    CapacitySummary, ClaimSummary, CorrelationSummary, DriverSensitivity, ElementSummary,
    EvidenceSummary, MemoryModeSummary, OutputSensitivitySummary, PrecisionSummary,
    QuantitySummary, SensitivitySummary, Summary, VoiSummary, WarningEntry, SCHEMA_VERSION,
};
use crate::output::verdict::Verdict;
use crate::output::warnings::message;
use crate::results::{
    IndexedResult, MemoryMode, OutputSensitivity, QuantityResult, QuantityStats, RunResult,
    SensitivityResult, PRECISION_RULE,
};

impl Summary {
    /// `summary.json` of a run.
    pub fn from_result(r: &RunResult) -> Summary {
        let run = &r.run;
        let has_evidence = r.posterior.is_some();
        Summary {
            schema_version: SCHEMA_VERSION,
            shellcount_version: run.shellcount_version.clone(),
            title: run.title.clone(),
            description: run.description.clone(),
            scenario_file: run.scenario_file.clone(),
            scenario_sha256: run.scenario_sha256.clone(),
            seed: run.seed,
            samples: run.samples,
            sampling: run.sampling.name().to_string(),
            memory_mode: match run.memory {
                MemoryMode::InMemory => None,
                MemoryMode::Streaming { passes, automatic } => Some(MemoryModeSummary {
                    mode: "streaming".to_string(),
                    passes,
                    automatic,
                }),
            },
            sources: r.sources.clone(),
            quantities: quantities(r, |q| *q.stats()),
            claims: claims(r),
            precision: r.precision.as_ref().map(|p| PrecisionSummary {
                target: p.target,
                reached: p.reached,
                worst_claim: r.claims[p.worst].id.clone(),
                met: p.met,
                samples_drawn: p.samples_drawn,
                max_samples: p.max_samples,
                rounds: p.rounds,
                rule: PRECISION_RULE.to_string(),
            }),
            sensitivity: r.sensitivity.as_ref().map(|s| sensitivity(r, s)),
            value_of_information: r.sensitivity.as_ref().map(|s| VoiSummary {
                basis: s.basis,
                claims: s
                    .voi
                    .iter_enumerated()
                    .map(|(c, row)| (r.claims[c].id.clone(), by_input(r, s, row)))
                    .collect(),
            }),
            correlation: r.correlation.as_ref().map(|c| CorrelationSummary {
                inputs: c
                    .inputs
                    .iter()
                    .map(|&q| r.quantities[q].name.clone())
                    .collect(),
                requested: c.requested.clone(),
                adjusted: c.adjusted.clone(),
                achieved: c.achieved.clone(),
            }),
            prior_quantities: has_evidence.then(|| quantities(r, |q| q.forward)),
            evidence: r.posterior.as_ref().map(|p| {
                p.entries
                    .iter()
                    .map(|e| {
                        let per_claim = |f: &dyn Fn(usize) -> f64| -> IndexMap<String, f64> {
                            r.claims
                                .iter()
                                .enumerate()
                                .map(|(k, c)| (c.id.clone(), f(k)))
                                .collect()
                        };
                        let after = e.probability_after.as_slice();
                        let before = e.probability_before.as_slice();
                        let summary = EvidenceSummary {
                            source: e.source.clone(),
                            kind: e.kind.clone(),
                            expr: e.expr.clone(),
                            observed: e.observed,
                            trust: e.trust,
                            ess: e.ess,
                            ess_cumulative: e.ess_cumulative,
                            effect: per_claim(&|k| after[k] - before[k]),
                            probability_after: per_claim(&|k| after[k]),
                            bayes_factor: r
                                .claims
                                .iter()
                                .zip(e.bayes_factors.iter())
                                .map(|(c, b)| (c.id.clone(), *b))
                                .collect(),
                        };
                        (e.id.clone(), summary)
                    })
                    .collect()
            }),
            ess: r.posterior.as_ref().map(|p| p.ess),
            overrides: r.run.overrides.clone(),
            warnings: r
                .named_warnings()
                .into_iter()
                .map(|w| WarningEntry {
                    message: message(&w),
                    warning: w,
                })
                .collect(),
            capacity: r
                .capacity
                .checks
                .iter()
                .map(|c| {
                    let name = |q| r.quantities[q].name.clone();
                    let summary = CapacitySummary {
                        by_mass: name(c.by_mass),
                        by_volume: name(c.by_volume),
                        mass_binds: c.mass_binds,
                    };
                    (name(c.limit), summary)
                })
                .collect(),
        }
    }
}

fn quantities(
    r: &RunResult,
    stats: impl Fn(&QuantityResult) -> QuantityStats,
) -> IndexMap<String, QuantitySummary> {
    let mut out = IndexMap::new();
    for (id, q) in r.quantities.iter_enumerated() {
        let (name, summary) = match r.element(id) {
            // An indexed quantity is one entry, written where its first element stands.
            Some((x, 0)) => (x.name.clone(), indexed(r, x, q, &stats)),
            Some(_) => continue,
            None => (
                q.name.clone(),
                QuantitySummary {
                    kind: q.kind,
                    expr: q.expr.clone(),
                    unit: q.unit.clone(),
                    source: q.source.clone(),
                    note: q.note.clone(),
                    label: q.label.clone(),
                    stats: Some(stats(q)),
                    index: None,
                    by_index: None,
                },
            ),
        };
        out.insert(name, summary);
    }
    out
}

/// The entry of indexed quantity `x` (`first` is its first element).
fn indexed(
    r: &RunResult,
    x: &IndexedResult,
    first: &QuantityResult,
    stats: &impl Fn(&QuantityResult) -> QuantityStats,
) -> QuantitySummary {
    let by_index = x
        .elements
        .iter()
        .zip(&x.labels)
        .map(|(&e, label)| {
            let s = stats(&r.quantities[e]);
            let p = s.percentiles;
            ElementSummary {
                label: label.clone(),
                mean: s.mean,
                sd: s.sd,
                p5: p.p5,
                p25: p.p25,
                p50: p.p50,
                p75: p.p75,
                p95: p.p95,
            }
        })
        .collect();
    QuantitySummary {
        kind: first.kind,
        expr: first.expr.clone(),
        unit: first.unit.clone(),
        source: first.source.clone(),
        note: first.note.clone(),
        label: first.label.clone(),
        stats: None,
        index: Some(x.index.clone()),
        by_index: Some(by_index),
    }
}

fn claims(r: &RunResult) -> Vec<ClaimSummary> {
    r.claims
        .iter()
        .map(|c| {
            let e = c.estimate();
            let prior = c.posterior.map(|_| c.forward);
            ClaimSummary {
                id: c.id.clone(),
                text: c.text.clone(),
                holds_if: c.holds_if.clone(),
                source: c.source.clone(),
                label: c.label.clone(),
                group: c.group.clone(),
                references: c
                    .references
                    .iter()
                    .map(|&q| r.quantities[q].name.clone())
                    .collect(),
                probability: e.probability,
                mcse: e.mcse,
                interval: e.interval(),
                draws: e.draws,
                verdict: Verdict::of(e).words().map(str::to_string),
                prior_probability: prior.map(|p| p.probability),
                prior_mcse: prior.map(|p| p.mcse),
            }
        })
        .collect()
}

/// One row keyed by input name.
fn by_input<T: Copy>(r: &RunResult, s: &SensitivityResult, row: &[T]) -> IndexMap<String, T> {
    s.row(row)
        .map(|(q, e)| (r.driver_name(q).to_string(), *e))
        .collect()
}

fn sensitivity(r: &RunResult, s: &SensitivityResult) -> SensitivitySummary {
    SensitivitySummary {
        basis: s.basis,
        total_basis: s.total_basis,
        method: s.method.clone(),
        quantities: s
            .quantities
            .iter_enumerated()
            .filter_map(|(q, row)| {
                Some((r.quantities[q].name.clone(), output(r, s, row.as_ref()?)))
            })
            .collect(),
        claims: s
            .claims
            .iter_enumerated()
            .map(|(c, row)| (r.claims[c].id.clone(), output(r, s, row)))
            .collect(),
    }
}

/// One output's row, its inputs in the one order.
fn output(
    r: &RunResult,
    s: &SensitivityResult,
    row: &OutputSensitivity,
) -> OutputSensitivitySummary {
    OutputSensitivitySummary {
        status: row.status,
        events: row.events,
        unexplained: row.unexplained,
        inputs: s
            .ranked(row)
            .map(|(d, e)| {
                let entry = DriverSensitivity {
                    kind: d.kind(),
                    sensitivity: *e,
                };
                (r.driver_name(d).to_string(), entry)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ClaimId, QuantityId};
    use crate::output::fixtures;
    use crate::output::summary::Summary;

    #[test]
    fn labels_and_groups_reach_summary_json_only_when_given() {
        let mut r = fixtures::example();
        r.quantities[QuantityId::new(1)].label = Some("Shells shipped".into());
        r.claims[ClaimId::new(0)].label = Some("3 million or more".into());
        r.claims[ClaimId::new(0)].group = Some("count".into());
        let json: serde_json::Value =
            serde_json::from_slice(&Summary::from_result(&r).to_json()).unwrap();
        let name = &r.quantities[QuantityId::new(1)].name;
        assert_eq!(json["quantities"][name]["label"], "Shells shipped");
        let other = &r.quantities[QuantityId::new(0)].name;
        assert!(json["quantities"][other].get("label").is_none());
        assert_eq!(json["claims"][0]["label"], "3 million or more");
        assert_eq!(json["claims"][0]["group"], "count");
        assert!(r.claims.len() < 2 || json["claims"][1].get("group").is_none());
    }
}
