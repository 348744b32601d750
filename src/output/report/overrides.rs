//! What this run changed from the file: the definitions `--set` (or a sweep point) replaced.

use std::fmt::Write as _;

use super::md::{code, row, text};
use crate::results::RunResult;

/// The overrides section, right under the run facts; nothing when the file ran as written.
pub(super) fn section(out: &mut String, r: &RunResult) {
    let o = &r.run.overrides;
    if o.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "## Overrides\n\nThis run does not use the file as written: {} replaced for this run only. \
         Every result below is for the definitions used here; the SHA-256 above is of the \
         unchanged file, and `summary.json` → `overrides` records the changes.\n\n",
        if o.len() == 1 { "one definition was".to_string() } else { format!("{} definitions were", o.len()) }
    );
    out.push_str("| name | used in this run | in the file | set by |\n|---|---|---|---|\n");
    for x in o {
        row(
            out,
            &[&x.name, &code(&x.expr), &code(&x.was), &code(&x.set_by)],
        );
    }
    out.push('\n');
    for x in o.iter().filter(|x| x.note.is_some()) {
        let _ = writeln!(
            out,
            "- `{}`: {}",
            x.name,
            text(x.note.as_deref().unwrap_or_default())
        );
    }
    if o.iter().any(|x| x.note.is_some()) {
        out.push('\n');
    }
}
