#![allow(missing_docs)]
//! TEMP stub
use crate::results::{ChartData, Summary};
pub enum ChartFileKind {
    Histogram { quantity: String },
    Exceedance { quantity: String },
    Claims,
}
pub struct ChartFile {
    pub title: String,
    pub stem: String,
    pub kind: ChartFileKind,
}
#[derive(Debug, thiserror::Error)]
#[error("chart")]
pub struct ChartError;
pub fn render_all(
    _s: &Summary,
    _d: &ChartData,
    _dir: &std::path::Path,
) -> Result<Vec<ChartFile>, ChartError> {
    Ok(vec![])
}
