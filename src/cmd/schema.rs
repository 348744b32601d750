//! `shellcount schema`: print the JSON Schema of the scenario format, for editors that offer
//! completion and validation of TOML files from a JSON Schema (Taplo / Even Better TOML).

use crate::error::AppError;

/// Prints the schema (generated from the raw types that read scenario files) to stdout.
///
/// # Errors
/// Never in practice; serialising a JSON value cannot fail.
pub fn schema() -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(&crate::scenario::json_schema())
        .map_err(|e| AppError::Other(e.into()))?;
    println!("{text}");
    Ok(())
}
