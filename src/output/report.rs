#![allow(missing_docs)]
//! TEMP stub
use crate::results::Summary;
pub enum ChartKind {
    Histogram { quantity: String },
    Exceedance { quantity: String },
    Claims,
}
pub struct ChartRef {
    pub title: String,
    pub path: String,
    pub kind: ChartKind,
}
pub fn report_markdown(s: &Summary, _c: &[ChartRef]) -> String {
    format!("# {}\n", s.title)
}
