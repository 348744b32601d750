//! Unit tests: the built-in catalogue, and each kind of error with its exact variant and key.

use super::*;

fn builtin() -> Catalogue {
    Catalogue::builtin().unwrap_or_else(|e| panic!("built-in catalogue invalid:\n{e}"))
}

fn errors(text: &str) -> Vec<CatalogueError> {
    match Catalogue::parse(text, Origin::Override) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e.0,
    }
}

const SRC: &str = "[[source]]\nid = \"s\"\ncite = \"A source\"\n";

fn munition(fields: &str) -> String {
    format!(
        "{SRC}[munition.m]\nname = \"M\"\nprojectile_mass_kg = {{ value = 40, source = \"s\" }}\n\
         packed_mass_kg = {{ value = 60, source = \"s\" }}\npacked_volume_l = {{ value = \"40 to 110\", \
         assumption = true, note = \"n\" }}\n{fields}"
    )
}

#[test]
fn builtin_is_valid_and_complete() {
    let c = builtin();
    let ids: Vec<_> = c.containers().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["iso20", "iso40", "hc40"]);
    let ids: Vec<_> = c.munitions().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["shell_152_he", "shell_122_how_he", "rocket_122_grad"]);
    for s in c.sources() {
        assert!(
            s.url.is_some() && s.date.is_some() && s.confidence.is_some(),
            "{}",
            s.id
        );
    }
    let entries = c.containers().chain(c.munitions());
    for e in entries {
        for (field, v) in e.values() {
            assert!(v.note.is_some(), "{}.{field} has no note", e.key());
            let derived = !v.derived_from.is_empty();
            assert!(
                v.source.is_some() || v.assumption || derived,
                "{}.{field}",
                e.key()
            );
        }
    }
}

#[test]
fn builtin_sourced_figures() {
    let c = builtin();
    let num = |kind: &str, id: &str, f: &str| {
        let e = if kind == "c" {
            c.container(id)
        } else {
            c.munition(id)
        };
        e.unwrap().value(f).unwrap().number
    };
    assert_eq!(num("c", "iso20", "internal_volume_m3"), Some(33.2));
    // Payload = maximum gross − tare: 30,480 − 2,300 = 28,180 kg; 30,480 − 3,750 = 26,730 kg.
    assert_eq!(num("c", "iso20", "max_gross_kg"), Some(30_480.0));
    assert_eq!(num("c", "iso20", "tare_kg"), Some(2_300.0));
    assert_eq!(num("c", "iso40", "tare_kg"), Some(3_750.0));
    assert_eq!(num("c", "hc40", "max_payload_kg"), Some(26_540.0));
    assert_eq!(num("c", "hc40", "internal_volume_m3"), Some(76.3));
    assert_eq!(num("m", "shell_152_he", "projectile_mass_kg"), Some(43.56));
    assert_eq!(num("m", "shell_152_he", "propellant_kg"), Some(8.185));
    assert_eq!(
        num("m", "shell_122_how_he", "projectile_mass_kg"),
        Some(21.76)
    );
    assert_eq!(num("m", "shell_122_how_he", "propellant_kg"), Some(2.1));
    let grad = c.munition("rocket_122_grad").unwrap();
    assert_eq!(grad.text("kind"), Some("rocket"));
    let len = grad.value("length_m").unwrap();
    assert!(len.unconfirmed && len.assumption);
    // Unsourced packing figures are assumptions written as ranges, never bare numbers; packed
    // mass is derived from them and the sourced components.
    for m in c.munitions() {
        for f in [
            "packed_volume_l",
            "case_mass_kg",
            "packaging_mass_per_round_kg",
        ] {
            if let Some(v) = m.value(f) {
                assert!(v.assumption && v.number.is_none(), "{}.{f}", m.key());
            }
        }
        assert!(
            !m.value("packed_mass_kg").unwrap().derived_from.is_empty(),
            "{}",
            m.key()
        );
    }
}

#[test]
fn quantities_are_named_for_scenarios() {
    let c = builtin();
    let q = c.munition("shell_152_he").unwrap().quantities();
    let pm = q
        .iter()
        .find(|q| q.name == "shell_152_he_packed_volume_l")
        .unwrap();
    assert_eq!(pm.key, "munition.shell_152_he.packed_volume_l");
    assert_eq!(pm.unit, "L");
    assert!(pm.assumption && pm.source.is_none() && pm.note.is_some());
    let q = c.container("iso20").unwrap().quantities();
    let mp = q.iter().find(|q| q.name == "iso20_tare_kg").unwrap();
    assert_eq!((mp.expr.as_str(), mp.number), ("2300", Some(2300.0)));
    assert_eq!(mp.source.as_deref(), Some("freightutils-containers"));
}

#[test]
fn unknown_munition_suggests_nearest() {
    let c = builtin();
    let e = c.munition("shell_152").unwrap_err();
    let CatalogueError::UnknownEntry {
        suggestion,
        available,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(suggestion.as_deref(), Some("shell_152_he"));
    assert_eq!(available.len(), 3);
    assert!(e.to_string().contains("did you mean `shell_152_he`"), "{e}");
    assert!(matches!(
        c.container("iso 20"),
        Err(CatalogueError::UnknownEntry { .. })
    ));
}

#[test]
fn non_positive_values_are_rejected() {
    let cases = [
        (
            "case_mass_kg = { value = -3, assumption = true, note = \"n\" }",
            -3.0,
        ),
        (
            "case_mass_kg = { value = \"0\", assumption = true, note = \"n\" }",
            0.0,
        ),
        (
            "case_mass_kg = { value = \"-5k\", assumption = true, note = \"n\" }",
            -5000.0,
        ),
    ];
    for (line, bad) in cases {
        let e = errors(&munition(line));
        assert_eq!(e.len(), 1, "{e:?}");
        let CatalogueError::OutOfDomain { key, value, .. } = &e[0] else {
            panic!("{e:?}")
        };
        assert_eq!(key, "munition.m.case_mass_kg");
        assert_eq!(*value, bad);
    }
}

/// Distributions with constant parameters are checked against the field's domain: a mass
/// drawn from uniform(-5k, 60) would be negative 99% of the time.
#[test]
fn distributions_that_leave_the_domain_are_rejected() {
    let e = errors(&munition(
        "case_mass_kg = { value = \"uniform(-5k, 60)\", assumption = true, note = \"n\" }",
    ));
    assert!(
        matches!(&e[..], [CatalogueError::MayLeaveDomain { probability, .. }] if *probability > 0.98),
        "{e:?}"
    );
}

#[test]
fn derived_fields_are_formulas_of_their_components() {
    let c = builtin();
    let m = c.munition("shell_152_he").unwrap();
    let pm = m.value("packed_mass_kg").unwrap();
    assert_eq!(
        pm.derived_from,
        [
            "projectile_mass_kg",
            "propellant_kg",
            "case_mass_kg",
            "packaging_mass_per_round_kg"
        ]
    );
    let q = m.quantities();
    let pm = q
        .iter()
        .find(|q| q.name == "shell_152_he_packed_mass_kg")
        .unwrap();
    assert!(
        pm.expr
            .starts_with("shell_152_he_projectile_mass_kg + shell_152_he_propellant_kg"),
        "{}",
        pm.expr
    );
    let iso = c
        .container("iso20")
        .unwrap()
        .value("max_payload_kg")
        .unwrap();
    assert_eq!(iso.derived_from, ["max_gross_kg", "tare_kg"]);
    // A formula naming a field the entry does not have, or itself, is an error.
    let e = errors(&munition(
        "case_mass_kg = { value = \"case_mass_kg + 1\", note = \"n\" }",
    ));
    assert!(
        matches!(&e[..], [CatalogueError::BadRange { problem, .. }] if problem.contains("itself")),
        "{e:?}"
    );
    let e = errors(&munition(
        "case_mass_kg = { value = \"fuze_kg + 1\", note = \"n\" }",
    ));
    assert!(
        matches!(&e[..], [CatalogueError::BadRange { problem, .. }] if problem.contains("fuze_kg")),
        "{e:?}"
    );
}

#[test]
fn ranges_out_of_order_are_rejected() {
    let e = errors(&munition(
        "case_mass_kg = { value = \"9 to 3\", assumption = true, note = \"n\" }",
    ));
    assert!(
        matches!(&e[..], [CatalogueError::BadRange { key, .. }] if key == "munition.m.case_mass_kg")
    );
}

#[test]
fn unknown_fields_suggest_nearest() {
    let e = errors(&munition("packed_mas_kg = { value = 3, source = \"s\" }"));
    let [CatalogueError::UnknownField {
        key,
        field,
        suggestion,
        ..
    }] = &e[..]
    else {
        panic!("{e:?}")
    };
    assert_eq!(
        (key.as_str(), field.as_str()),
        ("munition.m", "packed_mas_kg")
    );
    assert_eq!(*suggestion, Some("packed_mass_kg"));
    let e = errors(&munition("case_mass_kg = { value = 3, sauce = \"s\" }"));
    assert!(
        matches!(&e[..], [CatalogueError::Toml { message, .. }] if message.contains("did you mean `source`?")),
        "{e:?}"
    );
}

#[test]
fn sources_are_checked() {
    let e = errors(&munition("case_mass_kg = { value = 3, source = \"t\" }"));
    assert!(
        matches!(&e[..], [CatalogueError::UnknownSource { source_id, .. }] if source_id == "t")
    );
    let e = errors(&munition("case_mass_kg = 3"));
    assert!(
        matches!(&e[..], [CatalogueError::Unsourced { key, .. }] if key == "munition.m.case_mass_kg")
    );
    let e = errors(&munition("case_mass_kg = { value = 3, assumption = true }"));
    assert!(matches!(&e[..], [CatalogueError::MissingNote { .. }]));
    let dup = format!("{SRC}{SRC}");
    assert!(matches!(
        &errors(&dup)[..],
        [CatalogueError::BadSource { .. }]
    ));
    let bad = "[[source]]\nid = \"s\"\ncite = \"c\"\nconfidence = \"high\"\n";
    assert!(
        matches!(&errors(bad)[..], [CatalogueError::BadSource { key, .. }] if key == "source.s")
    );
}

#[test]
fn missing_fields_ids_and_types() {
    let text = format!("{SRC}[munition.m]\nname = \"M\"\n");
    let e = errors(&text);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e
        .iter()
        .all(|e| matches!(e, CatalogueError::MissingField { .. })));
    let e = errors(&format!("{SRC}[munition.M1]\nname = \"x\"\n"));
    assert!(matches!(&e[..], [CatalogueError::BadId { .. }]));
    let e = errors(&munition("kind = \"bomb\""));
    assert!(matches!(&e[..], [CatalogueError::BadChoice { .. }]));
    let e = errors(&munition("case_mass_kg = { source = \"s\" }"));
    assert!(matches!(&e[..], [CatalogueError::MissingValue { .. }]));
}

#[test]
fn toml_errors_have_spans() {
    let e = errors("[munitions.m]\nname = 1\n");
    assert!(
        matches!(&e[..], [CatalogueError::Toml { span: Some(_), .. }]),
        "{e:?}"
    );
    let e = errors("[munition.m\n");
    assert!(
        matches!(&e[..], [CatalogueError::Toml { span: Some(_), .. }]),
        "{e:?}"
    );
}

#[test]
fn error_spans_point_at_the_value() {
    let text = munition("case_mass_kg = { value = -3, assumption = true, note = \"n\" }");
    let e = errors(&text);
    let span = e[0].span().unwrap();
    assert_eq!(&text[span], "-3");
    assert_eq!(e[0].key(), Some("munition.m.case_mass_kg"));
}

#[test]
fn overrides_replace_fields_and_add_entries() {
    let base = builtin();
    let raw = parse_raw(
        "[[source]]\nid = \"mine\"\ncite = \"my estimate\"\n\
         [munition.shell_152_he]\npacked_mass_kg = { value = \"60 to 70\", source = \"mine\" }\n\
         [container.iso20]\nroad_payload_kg = { value = 21000, source = \"scenario-src\" }\n",
    )
    .unwrap();
    let c = base
        .with_overrides(raw, &["scenario-src".to_string()])
        .unwrap();
    let pm = c
        .munition("shell_152_he")
        .unwrap()
        .value("packed_mass_kg")
        .unwrap();
    assert_eq!(
        (pm.expr.as_str(), pm.origin),
        ("60 to 70", Origin::Override)
    );
    assert!(!pm.assumption);
    let other = c
        .munition("shell_152_he")
        .unwrap()
        .value("projectile_mass_kg")
        .unwrap();
    assert_eq!(other.origin, Origin::Builtin);
    // A new entry must be complete.
    let raw = parse_raw("[container.box]\nname = \"Box\"\n").unwrap();
    let e = base.with_overrides(raw, &[]).unwrap_err().0;
    assert_eq!(e.len(), 3, "{e:?}");
}
