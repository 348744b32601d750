//! What the analyst chooses to show: `chart = false` / `report = false` on a quantity, and
//! `[[chart]]` entries (exceedance curves or histograms of several quantities on one axis).

use super::context::Ctx;
use super::raw::{RawChart, RawQuantity};
use crate::expr::compile::Names;
use crate::model::QuantityId;
use crate::text::nearest;

/// Most quantities one chart overlays (one colour each).
pub const MAX_OVERLAID: usize = 6;

/// A chart asked for with `[[chart]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// File name without extension: `custom_<id>` or `custom_<position>`.
    pub stem: String,
    /// What it draws.
    pub kind: CustomKind,
    /// The quantities, overlaid on one axis.
    pub quantities: Vec<QuantityId>,
    /// A logarithmic x axis.
    pub log: bool,
    /// The x axis range, if given.
    pub x: Option<(f64, f64)>,
    /// The title, if given.
    pub title: Option<String>,
}

/// The kinds of `[[chart]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomKind {
    /// P(X ≥ x).
    Exceedance,
    /// Share of draws per bin.
    Histogram,
}

/// `(chart, report)` for a quantity: `report = false` also means no chart; `chart = true`
/// with `report = false` is refused as contradictory.
pub(super) fn flags(cx: &mut Ctx, q: &RawQuantity, key: &str) -> (bool, bool) {
    let chart = q.chart.as_ref().map(|c| *c.get_ref());
    let report = q.report.as_ref().is_none_or(|r| *r.get_ref());
    if let (Some(true), false, Some(c)) = (chart, report, &q.chart) {
        cx.at(&c.span(), &format!("{key}.chart"), "chart = true contradicts report = false, which leaves the quantity out of the report and its charts")
            .help = Some("remove `chart = true`, or set report = true".into());
    }
    (chart.unwrap_or(true) && report, report)
}

/// The `[[chart]]` entries, with every problem located.
pub(super) fn charts(
    cx: &mut Ctx,
    raw: &[crate::text::Located<RawChart>],
    names: &Names,
) -> Vec<ChartSpec> {
    let mut out: Vec<ChartSpec> = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let c = c.get_ref();
        let key = format!("chart[{i}]");
        let kind = match c.kind.get_ref().as_str() {
            "exceedance" => Some(CustomKind::Exceedance),
            "histogram" => Some(CustomKind::Histogram),
            other => {
                let help = nearest(other, ["exceedance", "histogram"])
                    .map(|n| format!("did you mean `{n}`?"));
                cx.at(
                    &c.kind.span(),
                    &format!("{key}.kind"),
                    format!("kind must be \"exceedance\" or \"histogram\", got \"{other}\""),
                )
                .help = help;
                None
            }
        };
        let mut quantities = Vec::new();
        for q in c.quantities.get_ref() {
            match names.find(q.get_ref()) {
                Some(id) if !quantities.contains(&QuantityId::new(id)) => {
                    quantities.push(QuantityId::new(id))
                }
                Some(_) => {
                    cx.at(
                        &q.span(),
                        &format!("{key}.quantities"),
                        format!("`{}` is listed twice", q.get_ref()),
                    );
                }
                None => {
                    let help = nearest(q.get_ref(), names.all.iter().map(String::as_str))
                        .map(|n| format!("did you mean `{n}`?"));
                    cx.at(
                        &q.span(),
                        &format!("{key}.quantities"),
                        format!("unknown quantity `{}`", q.get_ref()),
                    )
                    .help = help;
                }
            }
        }
        let qspan = c.quantities.span();
        if c.quantities.get_ref().is_empty() || c.quantities.get_ref().len() > MAX_OVERLAID {
            cx.at(
                &qspan,
                &format!("{key}.quantities"),
                format!(
                    "a chart draws 1 to {MAX_OVERLAID} quantities, got {}",
                    c.quantities.get_ref().len()
                ),
            );
        }
        let log = c.log.as_ref().is_some_and(|l| *l.get_ref());
        let x = c.x.as_ref().map(|x| {
            let (lo, hi) = *x.get_ref();
            if !(lo < hi) {
                cx.at(
                    &x.span(),
                    &format!("{key}.x"),
                    "x = [lo, hi] needs lo below hi",
                );
            } else if log && !(lo > 0.0) {
                cx.at(&x.span(), &format!("{key}.x"), "a log axis needs lo > 0");
            }
            (lo, hi)
        });
        let stem = match &c.id {
            Some(id) => {
                let ok = !id.get_ref().is_empty()
                    && id
                        .get_ref()
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
                if !ok {
                    cx.at(
                        &id.span(),
                        &format!("{key}.id"),
                        "a chart id uses letters, digits, `-` and `_`",
                    );
                }
                format!("custom_{}", id.get_ref())
            }
            None => format!("custom_{}", i + 1),
        };
        if out.iter().any(|o| o.stem == stem) {
            let at = c.id.as_ref().map_or(c.kind.span(), |id| id.span());
            cx.at(
                &at,
                &format!("{key}.id"),
                format!("two charts would be written as {stem}; give each its own id"),
            );
        }
        if let Some(kind) = kind {
            out.push(ChartSpec {
                stem,
                kind,
                quantities,
                log,
                x,
                title: c.title.as_ref().map(|t| t.get_ref().clone()),
            });
        }
    }
    out
}
