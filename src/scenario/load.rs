//! Reading a scenario file from disk and parsing its TOML, with located errors.

use super::error::Diagnostic;
use super::raw::RawFile;
use std::path::Path;

/// The file's text, checked to be a readable, non-empty UTF-8 file.
///
/// # Errors
/// A [`Diagnostic`] for a missing file, a folder, an unreadable, empty or non-UTF-8 file.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Diagnostic::file(&name, format!("cannot read the scenario file: {why}")).help(Some(
            "give the path of a .toml scenario file; `shellcount new NAME` writes a template"
                .into(),
        ))
    })?;
    if meta.is_dir() {
        return Err(
            Diagnostic::file(&name, "is a folder, not a scenario file").help(Some(format!(
                "give a .toml file inside it, e.g. {}/NAME.toml",
                name.trim_end_matches('/')
            ))),
        );
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(&name, format!("cannot read the scenario file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let ok = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let line = ok.matches('\n').count() + 1;
        let mut d = Diagnostic::file(
            &name,
            format!("is not UTF-8 text (invalid byte at offset {at}, line {line}); scenario files must be UTF-8 TOML"),
        );
        d.line = Some(line);
        d
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::file(
            &name,
            "is empty: a scenario needs at least a [scenario] table with a title",
        )
        .help(Some(
            "`shellcount new NAME` writes a commented template".into(),
        )));
    }
    Ok(text)
}

/// Parses the TOML text into the raw structs.
///
/// # Errors
/// A [`Diagnostic`] for TOML syntax errors, unknown keys (with the nearest valid key), missing
/// keys and values of the wrong type.
pub fn parse_raw(name: &str, src: &str) -> Result<RawFile, Diagnostic> {
    toml::from_str::<RawFile>(src).map_err(|e| toml_diagnostic(name, src, &e))
}

fn toml_diagnostic(name: &str, src: &str, e: &toml::de::Error) -> Diagnostic {
    let mut message = e.message().trim().to_string();
    if message.is_empty() {
        // toml gives no message for some characters it refuses (a control character in a
        // comment, for one).
        message = "TOML syntax error: this character is not allowed here (control characters other than tab are not allowed, even in comments)".to_string();
    }
    let mut d = match e.span() {
        Some(span) => Diagnostic::at(name, src, span.start, span.end, message.clone()),
        None => Diagnostic::file(name, message.clone()),
    };
    if let Some(span) = e.span() {
        let key = src
            .get(span.clone())
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        if message.starts_with("unknown field") && !key.is_empty() {
            d = d.key(key.clone());
        }
    }
    d.help(suggest_field(&message))
}

/// For serde's "unknown field `x`, expected one of `a`, `b`", the nearest of the expected names.
fn suggest_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (bad, tail) = rest.split_once('`')?;
    let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    let near = crate::expr::nearest(bad, expected.iter().copied());
    match near {
        Some(n) => Some(format!("did you mean `{n}`?")),
        None if !expected.is_empty() => Some(format!("allowed keys here: {}", expected.join(", "))),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests() {
        let src = "[scenario]\ntitle = \"t\"\nsampels = 3\n";
        let d = parse_raw("s.toml", src).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert_eq!(d.help.as_deref(), Some("did you mean `samples`?"));
        assert_eq!(d.key.as_deref(), Some("sampels"));
    }

    #[test]
    fn syntax_error_located() {
        let d = parse_raw("s.toml", "[scenario]\ntitle = \"t\n").unwrap_err();
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn wrong_type_located() {
        let d = parse_raw("s.toml", "[scenario]\ntitle = \"t\"\nsamples = \"many\"\n").unwrap_err();
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn quantity_forms() {
        let src = "[scenario]\ntitle=\"t\"\n[inputs]\na = \"1 to 2\"\nb = 3\nc = { dist = \"beta(1,2)\", unit = \"share\" }\n[model]\nd = { expr = \"a*b\" }\n";
        let raw = parse_raw("s.toml", src).unwrap();
        assert_eq!(raw.inputs["b"].get_ref().0.expr, "3");
        assert_eq!(raw.inputs["c"].get_ref().0.unit.as_deref(), Some("share"));
        let bad = "[scenario]\ntitle=\"t\"\n[inputs]\nc = { dits = \"beta(1,2)\" }\n";
        let d = parse_raw("s.toml", bad).unwrap_err();
        assert_eq!(d.help.as_deref(), Some("did you mean `dist`?"));
    }
}
