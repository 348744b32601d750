//! `shellcount schema` is the scenario format (committed as `schema/scenario.schema.json`, which
//! `.taplo.toml` maps to the bundled scenarios for editors): every bundled scenario validates against it
//! (checked by an independent JSON Schema validator), its tables allow exactly the keys the
//! reader allows, and a mistake the reader refuses is refused by the schema too. Also: every
//! bundled source can be found (a URL or a date) and none cites the team's notes.

use crate::support::bin;
use std::fs;
use std::path::{Path, PathBuf};

fn schema() -> serde_json::Value {
    let out = bin()
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("schema is JSON")
}

fn bundled() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

fn as_json(text: &str) -> serde_json::Value {
    toml::from_str(text).expect("TOML")
}

#[test]
fn every_bundled_scenario_validates_against_the_schema() {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let files = bundled();
    assert!(files.len() >= 10);
    for p in files {
        let doc = as_json(&fs::read_to_string(&p).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.display());
    }
    // And the schema refuses what the reader refuses.
    for bad in [
        "[scenario]\ntitle = \"t\"\nsampels = 3\n",
        "[scenario]\ntitle = \"t\"\n[inputs]\na = { dist = \"1 to 2\", unti = \"kg\" }\n",
        "[scenario]\ntitle = \"t\"\n[[claims]]\nid = \"c\"\n",
        "[scenario]\ntitle = \"t\"\nsamples = 1.5\n",
        "[catalogue.override.munition.shell_152_he]\npacked_mas_kg = 3\n",
    ] {
        assert!(!validator.is_valid(&as_json(bad)), "schema accepts:\n{bad}");
    }
}

#[test]
fn the_committed_schema_is_the_one_shellcount_prints() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/scenario.schema.json");
    let committed: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        committed == schema(),
        "schema/scenario.schema.json differs from `shellcount schema`: run \
         `cargo run -- schema > schema/scenario.schema.json` and commit the file"
    );
}

#[test]
fn reader_and_schema_allow_the_same_keys() {
    let schema = shellcount::scenario::json_schema();
    for (def, keys) in shellcount::scenario::reader_keys() {
        let node = if def.is_empty() {
            &schema
        } else {
            &schema["$defs"][def]
        };
        let props: Vec<&str> = node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no properties for {def:?}"))
            .keys()
            .map(String::as_str)
            .collect();
        let mut a = props.clone();
        let mut b = keys.to_vec();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{def}");
        assert_eq!(node["additionalProperties"], false, "{def}");
    }
}

#[test]
fn bundled_sources_can_be_found_and_cite_no_internal_notes() {
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue/catalogue.toml");
    for p in bundled().into_iter().chain([catalogue]) {
        let text = fs::read_to_string(&p).unwrap();
        assert!(
            !text.contains("DOMAIN.md"),
            "{} mentions DOMAIN.md",
            p.display()
        );
        let doc = as_json(&text);
        for s in doc["source"].as_array().into_iter().flatten() {
            let has = |k: &str| s[k].as_str().is_some_and(|v| !v.trim().is_empty());
            assert!(
                has("url") || has("date"),
                "{}: source {} has neither url nor date",
                p.display(),
                s["id"]
            );
        }
    }
}
