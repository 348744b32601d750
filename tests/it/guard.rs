//! Issue 11, guard rails on assumptions: each mistake in its "Why" gives a located error or a
//! correct result. One test per example, named for what it guards.

use crate::support::{assert_bad, assert_bad_when_run, bin, column, run, scenario, write};
use predicates::prelude::*;
use shellcount::scenario::from_text;
use std::path::Path;
use tempfile::TempDir;

const HEAD: &str = "[scenario]\ntitle = \"t\"\nsamples = 2000\n";

fn errors(text: &str) -> String {
    match from_text(Path::new("bad.toml"), text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_dash_between_numbers_is_not_taken_as_a_subtraction() {
    assert_bad(
        &format!("{HEAD}[inputs]\nper_trip = \"150-400\"\n"),
        &[
            "bad.toml:5:13",
            "`inputs.per_trip`",
            "= -250",
            "write `150 to 400`",
        ],
    );
    // With spaces it is a subtraction: a constant −250 rounds, which the unit refuses.
    assert_bad(
        &format!("{HEAD}[inputs]\nper_trip = {{ dist = \"150 - 400\", unit = \"rounds\" }}\n"),
        &["is -250 on every draw, outside its range ≥ 0 (implied by unit \"rounds\")"],
    );
}

#[test]
fn a_share_drawn_above_one_is_refused_with_beta_ci() {
    // 10% to 60% is a lognormal: 0.49% of its draws are above 1.
    assert_bad(
        &format!("{HEAD}[inputs]\ndud = {{ dist = \"10% to 60%\", unit = \"share\" }}\n"),
        &[
            "bad.toml:5:16",
            "outside [0, 1]",
            "0.49%",
            "beta_ci(0.1, 0.6)",
        ],
    );
    let ok = scenario("[inputs]\ndud = { dist = \"beta_ci(0.1, 0.6)\", unit = \"share\" }\n");
    let d = run(&ok, 20_000, 1);
    assert!(column(&ok, &d, "dud")
        .iter()
        .all(|x| (0.0..=1.0).contains(x)));
}

#[test]
fn a_draw_outside_a_range_stops_the_run_with_the_draw_and_a_hint() {
    // Nothing about the formula is constant: only the draws find it.
    assert_bad_when_run(
        &format!(
            "{HEAD}[inputs]\nshipped = \"1000 to 2000\"\nduds = \"500 to 1500\"\n[model]\n\
             working = {{ expr = \"shipped - duds\", unit = \"shells\" }}\n"
        ),
        &[
            "bad.toml:8",
            "`working`",
            "on draw",
            "outside its range ≥ 0 (implied by unit \"shells\")",
            "clamp",
        ],
    );
    // A declared range works the same way, in either form; a fixed distribution that leaves
    // it often is found at `check` already.
    assert_bad_when_run(
        &format!("{HEAD}[inputs]\nx = \"normal(0, 1)\"\n[model]\ny = {{ expr = \"2 * x\", range = \">= -1\" }}\n"),
        &["`y`", "outside its range ≥ -1 (declared)"],
    );
    assert_bad(
        &format!("{HEAD}[inputs]\nx = {{ dist = \"normal(0, 1)\", range = [-1, \"inf\"] }}\n"),
        &[
            "bad.toml:5:14",
            "gives values outside ≥ -1 (declared) with probability 16%",
        ],
    );
    let s = scenario("[inputs]\nx = { dist = \"uniform(0, 2)\", range = [0, \"inf\"] }\ny = { dist = \"1\", range = [0, inf] }\n");
    assert_eq!(
        s.quantities[s.program.quantity("x").unwrap()]
            .range
            .as_ref()
            .unwrap()
            .describe(),
        "≥ 0"
    );
}

#[test]
fn overriding_a_component_moves_what_is_derived_from_it() {
    let base = "[catalogue]\nuse = [\"iso20\", \"shell_152_he\"]\n[model]\n\
                cap = \"capacity_by_mass(iso20_max_payload_kg, shell_152_he_packed_mass_kg)\"\n";
    let briefed = format!(
        "[[source]]\nid = \"brief\"\ncite = \"a briefing\"\n{base}\
         [catalogue.override.munition.shell_152_he]\n\
         propellant_kg = {{ value = \"8 to 16\", source = \"brief\" }}\n"
    );
    let (a, b) = (scenario(base), scenario(&briefed));
    let mean = |s: &shellcount::scenario::Scenario, n: &str| {
        let d = run(s, 20_000, 7);
        let c = column(s, &d, n);
        c.iter().sum::<f64>() / c.len() as f64
    };
    let (ma, mb) = (
        mean(&a, "shell_152_he_packed_mass_kg"),
        mean(&b, "shell_152_he_packed_mass_kg"),
    );
    // The mean of `8 to 16` is about 11.5 kg, 3.3 kg more than the catalogue's 8.185 kg.
    assert!((mb - ma - 3.3).abs() < 0.5, "packed mass {ma} → {mb}");
    assert!(mean(&b, "cap") < mean(&a, "cap"));
    // An override that feeds nothing the model uses is a warning at the override.
    let idle = format!(
        "{base}[catalogue.override.munition.shell_152_he]\nlength_m = {{ value = 1.2, source = \"freightutils-containers\" }}\n"
    );
    let s = scenario(&idle);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    let w = s.warnings[0].to_string();
    assert!(w.starts_with("warning: t.toml:8:12"), "{w}");
    assert!(w.contains("changes nothing"), "{w}");
    // It reaches summary.json (typed) and the report's assumptions, not only the terminal.
    let d = run(&s, 2_000, 7);
    let facts = shellcount::analysis::RunFacts {
        seed: 7,
        samples: 2_000,
        sampling: shellcount::engine::Sampling::Mc,
        sensitivity_draws: 0,
        saltelli_base: 0,
        precision: None,
    };
    let r = shellcount::analysis::analyse(&s, &d, &facts).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&shellcount::output::summary::Summary::from_result(&r).to_json())
            .unwrap();
    let warning = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "scenario")
        .expect("the scenario warning in summary.json");
    assert_eq!(warning["line"], 8);
    assert!(
        warning["key"].as_str().unwrap().contains("length_m"),
        "{warning}"
    );
    assert!(warning["message"]
        .as_str()
        .unwrap()
        .contains("changes nothing"));
    let md = shellcount::output::report::report_markdown(&r, &[]);
    let assumptions = &md[md.find("## Assumptions").expect("assumptions")..];
    let assumptions = &assumptions[..assumptions[3..]
        .find("\n## ")
        .map_or(assumptions.len(), |i| i + 3)];
    assert!(assumptions.contains("changes nothing"), "{assumptions}");
}

#[test]
fn only_catalogue_fields_the_model_uses_are_quantities() {
    let s = scenario("[catalogue]\nuse = [\"iso20\", \"shell_152_he\"]\n[model]\ncap = \"capacity_by_mass(iso20_max_payload_kg, shell_152_he_packed_mass_kg)\"\n");
    let names: Vec<&str> = s.quantities.iter().map(|q| q.name.as_str()).collect();
    assert!(
        names.contains(&"shell_152_he_case_mass_kg"),
        "components of the packed mass are used"
    );
    assert!(
        names.contains(&"iso20_tare_kg"),
        "the payload is gross − tare"
    );
    for unused in [
        "iso20_internal_length_m",
        "iso20_road_payload_kg",
        "shell_152_he_packed_volume_l",
    ] {
        assert!(!names.contains(&unused), "{unused} is not used");
        assert!(
            s.catalogue_unused().any(|f| f.name == unused),
            "{unused} is listed as unused"
        );
    }
    assert!(s.catalogue_used().all(|f| names.contains(&f.name.as_str())));
}

#[test]
fn every_problem_is_reported_at_once_with_its_key_path() {
    let text = format!(
        "{HEAD}[inputs]\na = {{ dist = \"1 to 2\", unti = \"kg\" }}\n[[claim]]\nid = \"c\"\ntext = \"t\"\n\
         hold_if = \"a > 1\"\n[[claims]]\nid = \"d\"\n[catalogue]\nuse = [\"iso2O\"]\n\
         [catalogue.override.munition.shell_152_he]\npacked_mas_kg = {{ value = 60, source = \"x\" }}\n\
         [model]\nb = \"contaners * 2\"\n"
    );
    let e = errors(&text);
    for want in [
        "bad.toml:5:24: `inputs.a.unti`: unknown key `unti`",
        "did you mean `unit`?",
        "`claim[0].holds_if`: missing required key `holds_if`",
        "`claim[0].hold_if`: unknown key `hold_if`",
        "`claims`: unknown key `claims` at the top level",
        "did you mean `claim`?",
        "unknown catalogue entry `iso2O`",
        "did you mean `iso20`?",
        "unknown field `packed_mas_kg`",
        "unknown name `contaners`",
    ] {
        assert!(e.contains(want), "missing {want:?} in:\n{e}");
    }
}

#[test]
fn numbers_where_expressions_are_expected_and_the_reverse() {
    let s = scenario(
        "[inputs]\na = { dist = 43.56, unit = \"kg\" }\nb = 7\n[model]\nc = { expr = 2.5 }\n",
    );
    assert_eq!(s.quantities[s.program.quantity("a").unwrap()].expr, "43.56");
    let e = errors("[scenario]\ntitle = \"t\"\nsamples = 1e6\n");
    assert!(
        e.contains("bad.toml:3:11: `scenario.samples`: expected a whole number, got 1000000.0"),
        "{e}"
    );
    assert!(e.contains("write 1000000 or \"1M\""), "{e}");
    let s = scenario("[inputs]\na = 1\n").samples;
    assert_eq!(s, None);
    let t = from_text(
        Path::new("t.toml"),
        "[scenario]\ntitle = \"t\"\nsamples = \"1M\"\nseed = \"18446744073709551615\"\n",
    )
    .unwrap();
    assert_eq!((t.samples, t.seed), (Some(1_000_000), Some(u64::MAX)));
}

#[test]
fn prose_notation_gets_a_hint() {
    let e = errors(&format!("{HEAD}[inputs]\ncontainers = \"6,700\"\n"));
    assert!(e.contains("write `6,700` as 6700 or 6_700"), "{e}");
    let e = errors(&format!("{HEAD}[inputs]\na = nan\nb = \"inf\"\n"));
    assert!(
        e.contains("`nan` is not allowed: every quantity must be a finite number"),
        "{e}"
    );
    assert!(e.contains("`inf` is not allowed"), "{e}");
    let e = errors(&format!(
        "{HEAD}[inputs]\nx = \"1 to 2\"\n[[claim]]\nid = \"big\"\ntext = \"t\"\nholds_if = \"x > 1.5\"\n\
         [[claim]]\nid = \"c2\"\ntext = \"t\"\nholds_if = \"big and x < 1.8\"\n"
    ));
    assert!(
        e.contains("`big` is a claim, and claims cannot be referenced"),
        "{e}"
    );
    assert!(e.contains("define it once as a model quantity"), "{e}");
}

#[test]
fn check_finds_what_does_not_depend_on_a_draw() {
    for (body, want) in [
        ("[inputs]\na = \"1e308 * 10\"\n", "is inf on every draw"),
        ("[inputs]\na = \"gamma(1e300, 1e300)\"\n", "overflow"),
        ("[inputs]\na = \"lognormal(0, 1e300)\"\n", "overflow"),
        ("[inputs]\na = \"1e-300 to 1e300\"\n", "overflow"),
        (
            "[inputs]\na = \"capacity_by_mass(0, 0)\"\n",
            "packed mass > 0",
        ),
        (
            "[inputs]\na = \"1 to 2\"\n[model]\nb = \"clamp(a, 5, 1)\"\n",
            "lo ≤ hi",
        ),
        (
            "[inputs]\na = \"1 to 2\"\n[model]\nb = \"a / (2 - 2)\"\n",
            "divides by zero",
        ),
        (
            "[shipment]\ncontainers = -5\n[[shipment.cargo]]\nid = \"s\"\nshare = 1\nload = 10\n",
            "containers = -5 is negative",
        ),
    ] {
        assert_bad(&format!("{HEAD}{body}"), &[want, "bad.toml:"]);
    }
}

#[test]
fn huge_numbers_print_in_scientific_notation() {
    let e = errors(&format!(
        "{HEAD}[inputs]\na = {{ dist = \"-2.97e302\", unit = \"kg\" }}\n"
    ));
    assert!(e.contains("is -2.97e302 on every draw"), "{e}");
    assert!(!e.contains("00000000000000000"), "{e}");
}

#[test]
fn many_inputs_check_in_one_pass() {
    // 20,000 inputs each referenced by a model quantity: every name lookup is hashed and every
    // location found from a line index (benches/check.rs times 100,000).
    let mut text = String::from("[scenario]\ntitle = \"t\"\n[inputs]\n");
    for i in 0..20_000 {
        text.push_str(&format!("a{i} = \"{} to {}\"\n", i + 1, i + 2));
    }
    text.push_str("[model]\ntotal = \"a0 + a19999\"\n");
    let s = from_text(Path::new("big.toml"), &text).unwrap();
    assert_eq!(s.quantities.len(), 20_001);
    assert_eq!(
        s.quantities[s.program.quantity("a19999").unwrap()].line,
        20_003
    );
}

#[test]
fn control_characters_and_bad_file_names_are_refused() {
    let e = errors("[scenario]\ntitle = \"red \\u001b[31m alert\"\n");
    assert!(
        e.contains("`scenario.title`: the text contains an escape character"),
        "{e}"
    );
    assert!(!e.contains('\u{1b}'), "{e}");
    let e = errors("[scenario]\ntitle = \"two\\nlines\"\n");
    assert!(
        e.contains("line breaks are allowed only in `description` and `note`"),
        "{e}"
    );
    let ok = from_text(
        Path::new("t.toml"),
        "[scenario]\ntitle = \"t\"\ndescription = \"two\\nlines\"\n",
    );
    assert!(ok.is_ok());
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "..toml", "[scenario]\ntitle = \"t\"\n");
    bin()
        .arg("check")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a usable folder name"));
}

#[test]
fn the_command_line_reads_stdin_and_the_number_syntax() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    bin()
        .args([
            "run",
            "-",
            "--quiet",
            "--samples",
            "2k",
            "--seed",
            "18446744073709551615",
            "--out",
        ])
        .arg(&out)
        .write_stdin("[scenario]\ntitle = \"from a pipe\"\n[inputs]\na = \"1 to 2\"\n")
        .assert()
        .success();
    let json = crate::support::summary_json(&out.join("stdin"));
    assert_eq!(
        (json["samples"].as_u64(), json["seed"].as_u64()),
        (Some(2000), Some(u64::MAX))
    );
    bin()
        .args(["check", "-"])
        .write_stdin("[scenario]\ntitel = \"t\"\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>:2:1: `scenario.titel`"));
    bin()
        .args(["run", "--samples", "1.5"])
        .arg("x.toml")
        .assert()
        .code(2);
}
