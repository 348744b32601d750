//! Indexed quantities in text: the terminal's compact line (first, middle and last element)
//! and the report's table (one row per element).

use super::format::grouped;
use crate::results::{IndexedResult, RunResult};

/// The positions the compact line shows: first, middle and last (fewer for short indexes).
fn shown(len: usize) -> Vec<usize> {
    let mut v = vec![0, len / 2, len.saturating_sub(1)];
    v.dedup();
    v
}

/// `2024-01: 3,622 (2,302–5,447)`: median and 5–95% range of element `p`.
fn element(r: &RunResult, x: &IndexedResult, p: usize) -> String {
    let s = r.quantities[x.elements[p]].stats().percentiles;
    format!(
        "{}: {} ({}–{})",
        x.labels[p],
        grouped(s.p50, 4),
        grouped(s.p5, 4),
        grouped(s.p95, 4)
    )
}

/// The terminal's lines for indexed quantities (empty when there are none).
pub fn terminal_lines(r: &RunResult) -> String {
    if r.indexed.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("\nindexed quantities (median, 5–95% range; first, middle, last):\n");
    for x in &r.indexed {
        let unit = r.quantities[x.elements[0]].unit.clone().unwrap_or_default();
        let cells: Vec<String> = shown(x.labels.len())
            .into_iter()
            .map(|p| element(r, x, p))
            .collect();
        let name = crate::text::escape_for_terminal(&x.name);
        out.push_str(&format!(
            "  {name} by {}  {}  {}\n",
            x.index,
            cells.join(" … "),
            crate::text::escape_for_terminal(&unit)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn first_middle_last() {
        assert_eq!(shown(24), [0, 12, 23]);
        assert_eq!(shown(2), [0, 1]);
        assert_eq!(shown(1), [0]);
    }
}
