//! `summary.json` and its committed JSON Schema: the schema generated from the `Summary` types
//! equals `schema/summary.schema.json` (regenerate with `cargo run --example write_schema`), and
//! every bundled scenario's summary reads back as a typed `Summary` and writes back byte for byte.

use std::path::Path;

use shellcount::output::summary::{json_schema, Summary, SCHEMA_VERSION};

#[test]
fn committed_schema_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/summary.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == json_schema(),
        "schema/summary.schema.json differs from the Summary types: run `cargo run --example write_schema` and commit the file"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let required = schema["required"].as_array().unwrap();
    assert!(required.iter().any(|r| r == "schema_version"));
    assert_eq!(SCHEMA_VERSION, 5);
}

/// A summary reads back as the typed `Summary` and serialises to the same bytes.
pub fn round_trips(bytes: &[u8]) -> Summary {
    let s: Summary = serde_json::from_slice(bytes).expect("summary.json reads as a Summary");
    let back = s.to_json();
    if back != bytes {
        let (a, b) = (
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&back),
        );
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        let show = |t: &str| {
            line.and_then(|l| t.lines().nth(l))
                .unwrap_or("")
                .to_string()
        };
        panic!(
            "summary.json does not write back byte for byte at line {line:?}: {} vs {}",
            show(&a),
            show(&b)
        );
    }
    s
}
