//! One column's state across the passes of the streaming mode: its moments (the lanes of
//! `stats::Moments`, fed in chunk order), its order statistics (`stats::streaming`) and, once
//! both are known, its histogram counts.

use crate::stats::streaming::StreamSelect;
use crate::stats::{
    finish_summary, summary_ranks, ColumnStats, CurvesPlan, FirstPass, Histogram, Moments,
    OrderStat, QuantityCurves, SecondPass, Tally,
};

/// Where a column's moments stand.
enum MomentsStage {
    /// Σ x, min, max (pass 1).
    First(FirstPass),
    /// Σ x / 2ᵉ again, for huge or tiny values (see `stats::moments`).
    Scaled {
        pass: FirstPass,
        scale: f64,
        min_max: (f64, f64),
    },
    /// Deviations from the mean.
    Second {
        pass: SecondPass,
        scale: f64,
        min_max: (f64, f64),
    },
    Done(Moments),
}

/// One column's state across passes.
pub(super) struct Column {
    n: u64,
    moments: MomentsStage,
    pub(super) select: StreamSelect,
    curves: bool,
    log: bool,
    /// Summary and curve plan, once moments and order statistics are known.
    summary: Option<(ColumnStats, Option<CurvesPlan>)>,
    tally: Option<Tally>,
    histogram: Option<Histogram>,
}

impl Column {
    pub(super) fn new(n: u64, curves: bool, log: bool) -> Column {
        Column {
            n,
            moments: MomentsStage::First(FirstPass::default()),
            select: StreamSelect::new(n, &summary_ranks(n as usize, curves)),
            curves,
            log,
            summary: None,
            tally: None,
            histogram: None,
        }
    }

    pub(super) fn feed_first(&mut self, xs: &[f64]) {
        if let MomentsStage::First(p) = &mut self.moments {
            p.feed(xs, |x| x);
        }
        self.select.feed_first(xs);
    }

    pub(super) fn end_first(&mut self) {
        self.select.end_first();
        if let MomentsStage::First(p) = &self.moments {
            let (sum, min, max) = p.finish();
            self.moments = match Moments::scale_for(min, max) {
                Some(scale) => MomentsStage::Scaled {
                    pass: FirstPass::default(),
                    scale,
                    min_max: (min, max),
                },
                None => MomentsStage::Second {
                    pass: SecondPass::new(sum / self.n as f64),
                    scale: 1.0,
                    min_max: (min, max),
                },
            };
        }
        self.settle();
    }

    pub(super) fn needs_pass(&self) -> bool {
        !matches!(self.moments, MomentsStage::Done(_))
            || self.select.needs_pass()
            || (self.curves && self.histogram.is_none())
    }

    pub(super) fn begin_pass(&mut self, gather: u64) {
        if self.select.needs_pass() {
            self.select.begin_pass(gather);
        }
        if let Some((_, Some(plan))) = &self.summary {
            if self.histogram.is_none() {
                if let Some((edges, _)) = &plan.bins {
                    self.tally = Some(Tally::new(edges.clone()));
                }
            }
        }
    }

    pub(super) fn feed(&mut self, xs: &[f64]) {
        match &mut self.moments {
            MomentsStage::Scaled { pass, scale, .. } => {
                let inv = 1.0 / *scale;
                pass.feed(xs, |x| x * inv);
            }
            MomentsStage::Second { pass, scale, .. } if *scale == 1.0 => pass.feed(xs, |x| x),
            MomentsStage::Second { pass, scale, .. } => {
                let inv = 1.0 / *scale;
                pass.feed(xs, |x| x * inv);
            }
            MomentsStage::First(_) | MomentsStage::Done(_) => {}
        }
        if self.select.needs_pass() {
            self.select.feed(xs);
        }
        if let Some(t) = &mut self.tally {
            t.feed(xs);
        }
    }

    pub(super) fn end_pass(&mut self) {
        if self.select.needs_pass() {
            self.select.end_pass();
        }
        self.moments =
            match std::mem::replace(&mut self.moments, MomentsStage::Done(Moments::new())) {
                MomentsStage::Scaled {
                    pass,
                    scale,
                    min_max,
                } => MomentsStage::Second {
                    pass: SecondPass::new(pass.finish().0 / self.n as f64),
                    scale,
                    min_max,
                },
                MomentsStage::Second {
                    pass,
                    scale,
                    min_max,
                } => {
                    let (s, ss) = pass.finish();
                    MomentsStage::Done(Moments::from_sums(
                        self.n,
                        (pass.mean(), s, ss, scale),
                        min_max,
                    ))
                }
                other => other,
            };
        if let Some(t) = self.tally.take() {
            let plan = self.summary.as_ref().and_then(|s| s.1.as_ref());
            let (log, integer) = plan
                .and_then(|p| p.bins.as_ref().map(|b| (b.1, p.integer)))
                .unwrap_or((false, false));
            self.histogram = Some(t.histogram(log, integer));
        }
        self.settle();
    }

    /// Computes the summary once moments and order statistics are known; a column without
    /// a histogram to count is then done.
    fn settle(&mut self) {
        if self.summary.is_some() || self.select.needs_pass() {
            return;
        }
        let MomentsStage::Done(m) = &self.moments else {
            return;
        };
        let found: Vec<OrderStat> = self.select.results();
        let (stats, plan) = finish_summary(m, self.n as usize, &found, self.curves, self.log);
        if self.curves && plan.as_ref().is_none_or(|p| p.bins.is_none()) {
            self.histogram = Some(Histogram::empty());
        }
        self.summary = Some((stats, plan));
    }

    /// Once done: whether the column has an exceedance curve, and its histogram's `integer`.
    pub(super) fn curve_facts(&self) -> Option<(bool, bool)> {
        if self.needs_pass() {
            return None;
        }
        let (_, plan) = self.summary.as_ref()?;
        let has = plan.as_ref().is_some_and(|p| !p.exceedance.is_empty());
        Some((has, self.histogram.as_ref().is_some_and(|h| h.integer)))
    }

    pub(super) fn finish(self) -> (ColumnStats, QuantityCurves) {
        let (stats, plan) = self.summary.expect("every pass done");
        let curves = match plan {
            Some(p) => QuantityCurves {
                histogram: self.histogram.unwrap_or_else(Histogram::empty),
                exceedance: p.exceedance,
            },
            None => QuantityCurves::empty(),
        };
        (stats, curves)
    }
}
