//! What this run changed from the file: the definitions `--set` (or a sweep point) replaced.

use super::doc::{Line, Section, Table};
use crate::results::RunResult;

/// The overrides section, right after the question; nothing when the file ran as written.
pub(super) fn section(r: &RunResult) -> Option<Section> {
    let o = &r.run.overrides;
    if o.is_empty() {
        return None;
    }
    let mut out = Section::new("overrides", "Overrides");
    out.para(
        Line::from(format!(
            "This run does not use the file as written: {} replaced for this run only. Every \
             result below is for the definitions used here; the SHA-256 under Reproducibility \
             is of the unchanged file, and ",
            if o.len() == 1 {
                "one definition was".to_string()
            } else {
                format!("{} definitions were", o.len())
            }
        ))
        .code("summary.json")
        .text(" → ")
        .code("overrides")
        .text(" records the changes."),
    );
    let mut t = Table::new(&["name", "used in this run", "in the file", "set by"]);
    for x in o {
        t.row(vec![
            Line::new().name(&x.name),
            Line::new().code(&x.expr),
            Line::new().code(&x.was),
            Line::new().code(&x.set_by),
        ]);
    }
    out.table(t);
    let notes: Vec<Line> = o
        .iter()
        .filter_map(|x| {
            let note = x.note.as_deref()?;
            Some(Line::new().code(&x.name).text(": ").text(note))
        })
        .collect();
    if !notes.is_empty() {
        out.list(notes);
    }
    Some(out)
}
