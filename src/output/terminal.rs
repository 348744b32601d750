#![allow(missing_docs)]
//! TEMP stub
use crate::results::Summary;
pub fn summary_table(s: &Summary) -> String {
    let mut o = String::new();
    for (n, q) in &s.quantities {
        o += &format!(
            "{n}: mean {} p5 {} p50 {} p95 {}\n",
            q.mean, q.p5, q.p50, q.p95
        );
    }
    for c in &s.claims {
        o += &format!("{}: {} ± {}\n", c.id, c.probability, c.mcse);
    }
    o
}
pub struct Warning;
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "w")
    }
}
pub fn warnings(_: &Summary) -> Vec<Warning> {
    vec![]
}
pub fn progress_bar(total: u64, _q: bool) -> indicatif::ProgressBar {
    {
        let _ = total;
        indicatif::ProgressBar::hidden()
    }
}
