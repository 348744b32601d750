//! `[scenario]` (title, samples, seed) and `[[source]]`.

use super::context::Ctx;
use super::model::Source;
use super::raw::RawFile;
use crate::text::{Located, Scalar};

/// Most draws a scenario may ask for (memory is checked separately at run time).
pub const MAX_SAMPLES: u64 = 1_000_000_000;

/// What `[scenario]` sets.
#[derive(Default)]
pub(super) struct Header {
    pub title: String,
    pub description: Option<String>,
    pub samples: Option<u64>,
    pub seed: Option<u64>,
}

pub(super) fn header(cx: &mut Ctx, raw: &RawFile) -> Header {
    let Some(h) = &raw.scenario else {
        let d = super::error::Diagnostic::file(&cx.file, "missing the [scenario] table")
            .key("scenario")
            .help(Some(
                "start the file with:\n[scenario]\ntitle = \"What this scenario tests\"".into(),
            ));
        cx.errs.push(d);
        return Header::default();
    };
    let hs = h.span();
    let h = h.get_ref();
    let title = match &h.title {
        None => {
            cx.at(
                &(hs.start..hs.start + 10),
                "scenario.title",
                "missing required key `title` in [scenario]",
            )
            .help =
                Some("add `title = \"...\"`: it heads the report and the terminal output".into());
            String::new()
        }
        Some(t) if t.get_ref().trim().is_empty() => {
            cx.at(
                &t.span(),
                "scenario.title",
                "the title is empty; say what the scenario tests",
            );
            String::new()
        }
        Some(t) => t.get_ref().clone(),
    };
    let samples = h.samples.as_ref().and_then(|s| {
        let v = whole(cx, s, "scenario.samples")?;
        if !(1..=MAX_SAMPLES).contains(&v) {
            cx.at(
                &s.span(),
                "scenario.samples",
                format!("samples must be between 1 and {MAX_SAMPLES}, got {v}"),
            );
            return None;
        }
        Some(v)
    });
    let seed = h.seed.as_ref().and_then(|s| whole(cx, s, "scenario.seed"));
    Header {
        title,
        description: h.description.clone(),
        samples,
        seed,
    }
}

/// A whole number ≥ 0 written as an integer or a string in the number syntax (`"1M"`).
fn whole(cx: &mut Ctx, s: &Located<Scalar>, key: &str) -> Option<u64> {
    let r = match s.get_ref() {
        Scalar::Int(i) => {
            u64::try_from(*i).map_err(|_| format!("expected a whole number ≥ 0, got {i}"))
        }
        Scalar::Text(t) => crate::expr::count(t),
        Scalar::Float(f) => Err(format!("expected a whole number, got {f:?}")),
    };
    r.map_err(|m| {
        cx.at(&s.span(), key, m).help = Some(
            "write a whole number such as 200000, or a string such as \"200k\" or \"1M\"".into(),
        );
    })
    .ok()
}

/// Every `[[source]]`: ids unique, and a citation (`cite`, or `title` with `publisher` or
/// `author`).
pub(super) fn sources(cx: &mut Ctx, raw: &RawFile) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for s in &raw.source {
        let r = s.get_ref();
        let id = r.id.get_ref();
        if !super::validate::is_id(id) {
            cx.at(
                &r.id.span(),
                "source.id",
                format!("`{id}` is not a valid source id: use letters, digits, `-`, `_` or `.`"),
            );
        } else if out.iter().any(|o| &o.id == id) {
            cx.at(
                &r.id.span(),
                "source.id",
                format!("source id `{id}` is used twice"),
            );
        }
        let cite = crate::catalogue::citation(
            r.cite.as_ref().map(|c| c.get_ref().as_str()),
            r.publisher.as_deref(),
            r.author.as_deref(),
            r.title.as_deref(),
            r.date.as_deref(),
        );
        if cite.is_none() {
            let span = r.cite.as_ref().map_or(s.span(), Located::span);
            cx.at(&span, &format!("source.{id}"), "the source has no citation: give `cite`, or `title` with `publisher` or `author`: who said it, where and when");
        }
        out.push(Source {
            id: id.clone(),
            cite: cite.unwrap_or_default(),
            publisher: r.publisher.clone(),
            author: r.author.clone(),
            title: r.title.clone(),
            url: r.url.clone(),
            date: r.date.clone(),
        });
    }
    out
}

/// `source = "<id>"` must name a declared source.
pub(super) fn check_source(
    cx: &mut Ctx,
    source: Option<&Located<String>>,
    ids: &[&str],
    key: &str,
) {
    let Some(s) = source else { return };
    let id = s.get_ref();
    if !ids.contains(&id.as_str()) {
        let help = match crate::text::nearest(id, ids.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if ids.is_empty() => {
                "declare it in a [[source]] entry with id and cite".to_string()
            }
            None => format!("declared sources: {}", ids.join(", ")),
        };
        cx.at(
            &s.span(),
            &format!("{key}.source"),
            format!("unknown source `{id}`: no [[source]] has this id"),
        )
        .help = Some(help);
    }
}
