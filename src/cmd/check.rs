//! `shellcount check`: parse and validate without sampling.

use super::{load_all, terminal_safe};
use crate::error::AppError;
use crate::results::QuantityKind;
use std::path::PathBuf;

/// Validates every scenario, prints its warnings, and prints one line per valid file.
///
/// # Errors
/// [`AppError::Scenario`] listing every problem in every file.
pub fn check(paths: &[PathBuf]) -> Result<(), AppError> {
    for s in load_all(paths)? {
        for w in &s.warnings {
            eprintln!("{}", terminal_safe(&w.to_string()));
        }
        let inputs = s
            .quantities
            .iter()
            .filter(|q| q.kind == QuantityKind::Input)
            .count();
        let unused = s.catalogue_unused().count();
        let catalogue = if s.catalogue.is_empty() {
            String::new()
        } else {
            format!(
                ", {} catalogue fields used ({unused} not used, so not quantities)",
                s.catalogue.len() - unused
            )
        };
        let line = format!(
            "ok: {} — \"{}\": {} inputs, {} model quantities, {} claims, {} sources{catalogue}",
            s.path,
            s.title,
            inputs,
            s.quantities.len() - inputs,
            s.claims.len(),
            s.sources.len()
        );
        println!("{}", terminal_safe(&line));
    }
    Ok(())
}
