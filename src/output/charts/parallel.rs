//! Drawing a run's charts in parallel: each rayon worker walks the same list of charts
//! (building a chart's view is cheap) and draws those no other worker has taken yet, so the
//! work balances itself and the result does not depend on the number of threads. Charts
//! already drawn (from the same run's result before its sensitivity analysis) are taken as
//! they are, by file stem.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::render::{self, Chart};
use super::views::each;
use super::{plan_with, ChartError, ChartFile, Drawn, Sink, Twins};
use crate::results::RunResult;

/// Every chart of `r` (without `twins`' copies) in plan order, drawing those not in `early`.
///
/// # Errors
/// The first plotting error, in plan order.
pub(super) fn render_except(
    r: &RunResult,
    twins: &Twins,
    early: Vec<Drawn>,
) -> Result<Vec<Drawn>, ChartError> {
    let plan = plan_with(r, twins);
    let mut done: HashMap<String, Drawn> =
        early.into_iter().map(|d| (d.0.stem.clone(), d)).collect();
    // A chart already drawn is taken before any worker starts.
    let taken: Vec<AtomicBool> = plan
        .iter()
        .map(|f| AtomicBool::new(done.contains_key(&f.stem)))
        .collect();
    let left = taken.iter().filter(|t| !t.load(Ordering::Relaxed)).count();
    let workers = rayon::current_num_threads().clamp(1, left.max(1));
    let mut all: Vec<(usize, Result<Drawn, ChartError>)> = if left == 0 {
        Vec::new()
    } else {
        (0..workers)
            .into_par_iter()
            .flat_map_iter(|_| {
                let mut take = Take {
                    taken: &taken,
                    next: 0,
                    out: Vec::new(),
                };
                each(r, twins, &mut take).expect("the sink never fails");
                take.out
            })
            .collect()
    };
    for (i, f) in plan.iter().enumerate() {
        if let Some(d) = done.remove(&f.stem) {
            all.push((i, Ok(d)));
        }
    }
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, d)| d).collect()
}

/// A worker's share: the charts it took, by their place in the plan.
struct Take<'a> {
    taken: &'a [AtomicBool],
    next: usize,
    out: Vec<(usize, Result<Drawn, ChartError>)>,
}

impl Sink for Take<'_> {
    fn chart(&mut self, file: ChartFile, chart: &impl Chart) -> Result<(), ChartError> {
        let i = self.next;
        self.next += 1;
        let mine = self
            .taken
            .get(i)
            .is_some_and(|t| !t.swap(true, Ordering::Relaxed));
        if mine {
            let drawn = render::render_bytes(chart, &file.stem).map(|(p, s)| (file, p, s));
            self.out.push((i, drawn));
        }
        Ok(())
    }

    fn same(&mut self, _: ChartFile) {
        self.next += 1;
    }
}
