//! `shellcount check`: parse and validate without sampling.

use super::{load_all, terminal_safe};
use crate::error::AppError;
use crate::model::QuantityKind;
use crate::scenario::Scenario;
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
        let line = format!(
            "ok: {} — \"{}\": {}, {} claims, {} sources{}",
            s.path,
            s.title,
            counts(&s),
            s.claims.len(),
            s.sources.len(),
            catalogue(&s)
        );
        println!("{}", terminal_safe(&line));
    }
    Ok(())
}

/// Inputs and model quantities as written: an indexed quantity counts once, its elements
/// (one model quantity each, inside the model) are counted apart.
fn counts(s: &Scenario) -> String {
    let indexed = s.program.indexed();
    let written: Vec<QuantityKind> = s
        .quantities
        .iter_enumerated()
        .filter_map(|(q, quantity)| match s.program.element(q) {
            None => Some(quantity.kind),
            // An indexed quantity once, with the table its first element was written in.
            Some(e) if e.position == 0 => Some(quantity.kind),
            Some(_) => None,
        })
        .collect();
    let inputs = written
        .iter()
        .filter(|k| **k == QuantityKind::Input)
        .count();
    let model = written.len() - inputs;
    let mut text = format!("{inputs} inputs, {model} model quantities");
    if !indexed.is_empty() {
        let elements: usize = indexed.iter().map(|i| i.elements.len()).sum();
        text.push_str(&format!(
            " ({} of these {} indexed: {elements} elements in all)",
            indexed.len(),
            written.len()
        ));
    }
    text
}

/// The catalogue fields used and not used, when the scenario imports any.
fn catalogue(s: &Scenario) -> String {
    if s.catalogue.is_empty() {
        return String::new();
    }
    let unused = s.catalogue_unused().count();
    format!(
        ", {} catalogue fields used ({unused} not used, so not quantities)",
        s.catalogue.len() - unused
    )
}
