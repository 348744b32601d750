//! Reading a scenario file from disk and parsing its TOML, with located errors.

use super::error::Diagnostic;
use super::raw::RawFile;
use crate::text::{Problem, Reader};
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

/// Reads a scenario from standard input (`shellcount run -`).
///
/// # Errors
/// A [`Diagnostic`] for unreadable, empty or non-UTF-8 input.
pub fn read_stdin() -> Result<String, Diagnostic> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file(super::STDIN, format!("cannot read standard input: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::file(
            super::STDIN,
            "is not UTF-8 text; scenario files must be UTF-8 TOML",
        )
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::file(
            super::STDIN,
            "is empty: pipe a scenario into `shellcount run -`",
        ));
    }
    Ok(text)
}

/// Parses the TOML text and reads it into the raw structs, collecting every problem of shape
/// (unknown keys with the nearest valid key, missing keys, values of the wrong type, control
/// characters) instead of stopping at the first.
///
/// # Errors
/// A [`Diagnostic`] for a TOML syntax error (nothing more can be read from such a file).
pub fn parse_raw(name: &str, src: &str) -> Result<(RawFile, Vec<Problem>), Diagnostic> {
    let root = crate::text::tree::parse(src).map_err(|e| match e.span {
        Some(span) => Diagnostic::at(name, src, span.start, span.end, e.message),
        None => Diagnostic::file(name, e.message),
    })?;
    let mut r = Reader::default();
    let raw = super::raw::read(&mut r, &root);
    Ok((raw, r.problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<Problem> {
        parse_raw("s.toml", src).unwrap().1
    }

    #[test]
    fn unknown_key_suggests() {
        let p = problems("[scenario]\ntitle = \"t\"\nsampels = 3\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "scenario.sampels");
        assert!(p[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `samples`?"));
    }

    #[test]
    fn syntax_error_located() {
        let d = parse_raw("s.toml", "[scenario]\ntitle = \"t\n").unwrap_err();
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn wrong_type_located() {
        let p = problems("[scenario]\ntitle = \"t\"\nsamples = true\n");
        assert_eq!(p[0].path, "scenario.samples");
        assert!(p[0].message.contains("got true/false"), "{}", p[0].message);
    }

    #[test]
    fn quantity_forms() {
        let src = "[scenario]\ntitle=\"t\"\n[inputs]\na = \"1 to 2\"\nb = 3\nc = { dist = \"beta(1,2)\", unit = \"share\" }\nd = { dist = 43.56 }\n[model]\ne = { expr = \"a*b\" }\n";
        let (raw, p) = parse_raw("s.toml", src).unwrap();
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(raw.inputs["b"].get_ref().0.expr.get_ref().text(), "3");
        assert_eq!(raw.inputs["d"].get_ref().0.expr.get_ref().text(), "43.56");
        assert_eq!(
            raw.inputs["c"].get_ref().0.unit.as_ref().unwrap().get_ref(),
            "share"
        );
        let p = problems("[scenario]\ntitle=\"t\"\n[inputs]\nc = { dits = \"beta(1,2)\" }\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].path, "inputs.c.dits");
        assert!(p[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `dist`?"));
        assert_eq!(p[1].message, "missing required key `dist`");
    }
}
