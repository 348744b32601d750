//! The what-if charts in order, sent to a sink like [`super::views::each`]: a sweep's
//! (`sweep_<claim>`, `sweep_<quantity>`, or for a grid `heatmap_<claim>`), a comparison's
//! (`compare_<quantity>`, `compare_claims`), and a run's `[[chart]]` entries (`custom_<id>`).
//!
//! A claim whose id is also a quantity's name gets `sweep_claim-<id>` (quantity names never
//! hold `-`); a shared quantity named `claims` gets `compare_quantity-claims`.

use super::compare::{GroupedBars, Overlay};
use super::heatmap::HeatMap;
use super::sweep::{SweepClaimChart, SweepQuantityChart};
use super::{custom, file, render, ChartError, ChartFile, ChartKind, Sink};
use crate::output::format;
use crate::results::RunResult;
use crate::whatif::break_even::Status;
use crate::whatif::compare::Comparison;
use crate::whatif::sweep::Sweep;

const SAME_SEED: &str = "same seed at every value (common random numbers)";

/// The sweep's charts.
pub(super) fn each_sweep(s: &Sweep, sink: &mut impl Sink) -> Result<(), ChartError> {
    let f = &s.file;
    let x_desc = f.name.clone();
    if let Some(by) = &f.by {
        for id in s.claims.keys() {
            let rows: Vec<&[crate::whatif::sweep::SweepPoint]> =
                f.points.chunks(f.values.len()).collect();
            let cells = rows
                .iter()
                .map(|r| r.iter().map(|p| p.claims[id].probability).collect())
                .collect();
            let crossings = by
                .values
                .iter()
                .map(|y| {
                    let at = f.break_even[id]
                        .iter()
                        .filter(|b| b.by == Some(*y) && b.target == 0.5);
                    at.filter_map(|b| b.value).collect()
                })
                .collect();
            let chart = HeatMap {
                title: format!("P({id}) over {} and {}", f.name, by.name),
                subtitle: format!(
                    "Cell: share of draws on which the claim holds (common random numbers) · 50% \
                     crossings: dots and line along {}, rings along {}",
                    f.name, by.name
                ),
                x_desc: x_desc.clone(),
                y_desc: by.name.clone(),
                xs: f.values.clone(),
                ys: by.values.clone(),
                cells,
                crossings,
            };
            sink.chart(
                file(&chart.title, format!("heatmap_{id}"), ChartKind::Sweep),
                &chart,
            )?;
        }
        return Ok(());
    }
    for id in s.claims.keys() {
        let points = f
            .points
            .iter()
            .map(|p| {
                let c = p.claims[id];
                let half = 2.0 * c.mcse;
                (
                    p.value,
                    c.probability,
                    (c.probability - half).max(0.0),
                    (c.probability + half).min(1.0),
                )
            })
            .collect();
        let crossings = f.break_even[id]
            .iter()
            .filter(|b| b.target == 0.5 && b.status == Status::Crossed)
            .filter_map(|b| b.value)
            .collect();
        let chart = SweepClaimChart {
            title: format!("P({id}) as {} varies", f.name),
            subtitle: format!("Band: ±2 Monte Carlo standard errors · dashed: 50% · {SAME_SEED}"),
            x_desc: x_desc.clone(),
            points,
            crossings,
        };
        let stem = if s.quantities.contains_key(id) {
            format!("sweep_claim-{id}")
        } else {
            format!("sweep_{id}")
        };
        sink.chart(file(&chart.title, stem, ChartKind::Sweep), &chart)?;
    }
    for (name, meta) in &s.quantities {
        let moves = f
            .points
            .windows(2)
            .any(|w| w[0].quantities[name] != w[1].quantities[name]);
        if !meta.charted || *name == f.name || !moves {
            continue;
        }
        let points = f
            .points
            .iter()
            .map(|p| {
                let q = p.quantities[name];
                (p.value, [q.p5, q.p25, q.p50, q.p75, q.p95])
            })
            .collect();
        let chart = SweepQuantityChart {
            title: format!("{name} as {} varies", f.name),
            subtitle: format!("Line: median · dark band: middle 50% · light band: middle 90% of the draws · {SAME_SEED}"),
            x_desc: x_desc.clone(),
            y_desc: meta.unit.clone().unwrap_or_else(|| name.clone()),
            points,
        };
        sink.chart(
            file(&chart.title, format!("sweep_{name}"), ChartKind::Sweep),
            &chart,
        )?;
    }
    Ok(())
}

/// The comparison's charts.
pub(super) fn each_compare(c: &Comparison, sink: &mut impl Sink) -> Result<(), ChartError> {
    let f = &c.file;
    let stems: Vec<String> = f.scenarios.keys().cloned().collect();
    if !f.claims.is_empty() {
        let groups = f
            .claims
            .iter()
            .map(|(id, row)| {
                (
                    id.clone(),
                    stems
                        .iter()
                        .map(|s| row.get(s).map(|c| (c.probability, c.mcse)))
                        .collect(),
                )
            })
            .collect();
        let chart = GroupedBars {
            title: "Probability that each claim holds, by scenario".into(),
            subtitle: format!("Claims present in at least two files · {}", same_runs(c)),
            series: stems.clone(),
            groups,
        };
        sink.chart(
            file(&chart.title, "compare_claims".into(), ChartKind::Compare),
            &chart,
        )?;
    }
    for (name, (unit, lines)) in &c.curves {
        let chart = Overlay {
            title: format!("P({name} ≥ x) in each scenario"),
            subtitle: format!("Share of draws at or above x · {}", same_runs(c)),
            x_desc: unit
                .as_ref()
                .map_or_else(|| "x".to_string(), |u| format!("x ({u})")),
            y_desc: "share of draws ≥ x".into(),
            lines: lines.clone(),
            share: true,
            log: false,
            x_range: None,
        };
        let stem = if name == "claims" {
            "compare_quantity-claims".to_string()
        } else {
            format!("compare_{name}")
        };
        sink.chart(file(&chart.title, stem, ChartKind::Compare), &chart)?;
    }
    Ok(())
}

/// "same seed (S) and samples (N) in every file", or what differs.
fn same_runs(c: &Comparison) -> String {
    let first = c.file.scenarios.values().next();
    let same = |f: &dyn Fn(&crate::whatif::compare::ScenarioInfo) -> u64| {
        first.is_some_and(|a| c.file.scenarios.values().all(|s| f(s) == f(a)))
    };
    match first {
        Some(a) if same(&|s| s.seed) && same(&|s| s.samples) => format!(
            "seed {} and {} draws in every file",
            a.seed,
            format::grouped(a.samples as f64, 20)
        ),
        _ => "the files fix different seeds or sample counts".to_string(),
    }
}

/// The run's `[[chart]]` entries.
pub(super) fn each_custom(r: &RunResult, sink: &mut impl Sink) -> Result<(), ChartError> {
    for spec in &r.custom_charts {
        let chart = custom::chart(r, spec);
        sink.chart(
            file(&chart.title, spec.stem.clone(), ChartKind::Custom),
            &chart,
        )?;
    }
    Ok(())
}

/// Collects the charts a producer sends: their files, or the files drawn.
struct Draw(Vec<(ChartFile, Vec<u8>, String)>, bool);

impl Sink for Draw {
    fn chart(&mut self, file: ChartFile, chart: &impl render::Chart) -> Result<(), ChartError> {
        let (png, svg) = if self.1 {
            render::render_bytes(chart, &file.stem)?
        } else {
            (Vec::new(), String::new())
        };
        self.0.push((file, png, svg));
        Ok(())
    }
}

/// Every chart of a sweep, drawn (`draw`) or only listed (empty bytes).
pub(crate) fn sweep_charts(
    s: &Sweep,
    draw: bool,
) -> Result<Vec<(ChartFile, Vec<u8>, String)>, ChartError> {
    let mut d = Draw(Vec::new(), draw);
    each_sweep(s, &mut d)?;
    Ok(d.0)
}

/// Every chart of a comparison, drawn (`draw`) or only listed (empty bytes).
pub(crate) fn compare_charts(
    c: &Comparison,
    draw: bool,
) -> Result<Vec<(ChartFile, Vec<u8>, String)>, ChartError> {
    let mut d = Draw(Vec::new(), draw);
    each_compare(c, &mut d)?;
    Ok(d.0)
}
