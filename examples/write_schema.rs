//! Writes the JSON Schema of `summary.json`, generated from the `Summary` types, to
//! `schema/summary.schema.json` (run `cargo run --example write_schema` after changing them;
//! `tests/it/schema.rs` fails while the committed file and the types differ).

fn main() -> std::io::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/summary.schema.json");
    std::fs::write(&path, shellcount::output::summary::json_schema())?;
    println!("wrote {}", path.display());
    Ok(())
}
