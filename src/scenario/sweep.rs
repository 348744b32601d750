//! Sweeps: one assumption fixed to each of several values in turn. The values come from
//! `--sweep NAME=V1,V2,…` / `--sweep NAME=LO..HI:N` ([`SweepSpec::parse`]) or from the file's
//! `[sweep]` (validated here with located errors); each point is then the scenario with the
//! override `NAME=V` ([`SweepSpec::point`]), checked like `--set`.
//!
//! `LO..HI:N` gives N evenly spaced values, ends included, each rounded to 12 significant
//! digits so that `0.1..0.6:6` is 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 exactly as typed (and a point
//! equals `--set NAME=0.3`, not `--set NAME=0.30000000000000004`).

use super::context::Ctx;
use super::overrides::{Origin, Override};
use super::raw::{RawFile, RawSweepValues};
use crate::expr::compile::{compile, Names};
use crate::model::Node;
use crate::text::number::exact;
use crate::text::{nearest, Located, Scalar};

/// Most points of one sweep axis.
pub const MAX_POINTS: usize = 200;

/// One swept assumption and its values, in increasing order.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// What is swept (an override name).
    pub name: String,
    /// The values.
    pub values: Vec<SweepValue>,
}

/// One value of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepValue {
    /// The number.
    pub value: f64,
    /// As written in the file's `[sweep]` (`None` for `--sweep`).
    pub written: Option<Located<Scalar>>,
}

impl SweepSpec {
    /// `NAME=V1,V2,…` (constant expressions, split at commas outside parentheses) or
    /// `NAME=LO..HI:N`.
    ///
    /// # Errors
    /// What is wrong, for a usage message.
    pub fn parse(arg: &str) -> Result<SweepSpec, String> {
        let (name, values) = arg.split_once('=').ok_or_else(|| {
            format!(
                "`{arg}` is not NAME=V1,V2,… or NAME=LO..HI:N (e.g. --sweep dud_rate=0.1..0.6:6)"
            )
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("`{arg}` has no name before `=`"));
        }
        let numbers = match range(values)? {
            Some(v) => v,
            None => split(values)
                .into_iter()
                .map(|t| constant(t.trim()))
                .collect::<Result<Vec<f64>, String>>()?,
        };
        let spec = SweepSpec {
            name: name.to_string(),
            values: numbers
                .into_iter()
                .map(|value| SweepValue {
                    value,
                    written: None,
                })
                .collect(),
        };
        spec.sorted()
    }

    /// Values in increasing order, each once, at least two and at most [`MAX_POINTS`].
    fn sorted(mut self) -> Result<SweepSpec, String> {
        self.values.sort_by(|a, b| a.value.total_cmp(&b.value));
        if let Some(w) = self.values.windows(2).find(|w| w[0].value == w[1].value) {
            return Err(format!(
                "the sweep of `{}` gives {} twice; give each value once",
                self.name,
                exact(w[0].value)
            ));
        }
        match self.values.len() {
            0 | 1 => Err(format!(
                "a sweep of `{}` needs at least two values",
                self.name
            )),
            n if n > MAX_POINTS => Err(format!(
                "a sweep of `{}` has {n} values; at most {MAX_POINTS} (each is a full run)",
                self.name
            )),
            _ => Ok(self),
        }
    }

    /// The override that makes value `k` a point: `NAME=V`, written as in the file or, from
    /// `--sweep`, as the shortest text that reads back to the same number.
    pub fn point(&self, k: usize) -> Override {
        let v = &self.values[k];
        match &v.written {
            Some(at) => Override {
                name: self.name.clone(),
                expr: at.get_ref().text(),
                origin: Origin::File(at.clone()),
            },
            None => Override {
                name: self.name.clone(),
                expr: exact(v.value),
                origin: Origin::Sweep,
            },
        }
    }

    /// The numbers.
    pub fn numbers(&self) -> Vec<f64> {
        self.values.iter().map(|v| v.value).collect()
    }
}

/// The value of a constant expression (`0.3`, `30%`, `6700 * 1.1`).
///
/// # Errors
/// Why it is not one.
pub fn constant(text: &str) -> Result<f64, String> {
    let ast = crate::expr::parse(text).map_err(|e| format!("`{text}`: {e}"))?;
    match compile(&ast, text, &Names::new(&[])) {
        Ok((Node::Const(x), _)) if x.is_finite() => Ok(x),
        Ok(_) => Err(format!("`{text}` is not a number: a sweep value must be a constant such as 0.3, 30% or 6700 * 1.1")),
        Err(e) => Err(format!("`{text}`: {e} (a sweep value must be a constant such as 0.3, 30% or 6700 * 1.1)")),
    }
}

/// `LO..HI:N` as its values, `None` if `text` is not in that form.
fn range(text: &str) -> Result<Option<Vec<f64>>, String> {
    let Some((ends, n)) = text.rsplit_once(':') else {
        return Ok(None);
    };
    let Some((lo, hi)) = ends.split_once("..") else {
        return Ok(None);
    };
    let form = "write LO..HI:N, e.g. 0.1..0.6:6";
    let lo = crate::expr::number(lo.trim())
        .ok_or_else(|| format!("`{}` is not a number; {form}", lo.trim()))?;
    let hi = crate::expr::number(hi.trim())
        .ok_or_else(|| format!("`{}` is not a number; {form}", hi.trim()))?;
    let n = crate::expr::count(n.trim()).map_err(|e| format!("{e}; {form}"))?;
    if !(lo < hi) || !lo.is_finite() || !hi.is_finite() {
        return Err(format!("`{}`: LO must be below HI; {form}", text.trim()));
    }
    if !(2..=MAX_POINTS as u64).contains(&n) {
        return Err(format!(
            "`{}`: N must be between 2 and {MAX_POINTS}",
            text.trim()
        ));
    }
    let last = (n - 1) as f64;
    Ok(Some(
        (0..n)
            .map(|i| match i {
                0 => lo,
                i if i == n - 1 => hi,
                i => round12(lo + (hi - lo) * i as f64 / last),
            })
            .collect(),
    ))
}

/// `x` rounded to 12 significant digits.
fn round12(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Splits at commas outside parentheses and brackets.
fn split(text: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// The file's `[sweep]` (at most two), with every problem located.
pub(super) fn sweeps(cx: &mut Ctx, raw: &RawFile, names: &Names) -> Vec<SweepSpec> {
    if raw.sweep.len() > 2 {
        cx.at(
            &raw.sweep[2].span(),
            "sweep",
            "at most two sweeps (a grid); run other combinations separately",
        );
    }
    let mut out: Vec<SweepSpec> = Vec::new();
    for s in raw.sweep.iter().take(2) {
        let s = s.get_ref();
        let name = s.name.get_ref();
        if out.iter().any(|o| &o.name == name) {
            cx.at(
                &s.name.span(),
                "sweep.name",
                format!("`{name}` is swept twice"),
            );
            continue;
        }
        if names.find(name).is_none() && !name.starts_with("shipment.") {
            let help = nearest(name, names.all.iter().map(String::as_str))
                .map(|n| format!("did you mean `{n}`?"));
            cx.at(
                &s.name.span(),
                "sweep.name",
                format!("`{name}` is not an input or model quantity (or a [shipment] parameter)"),
            )
            .help = help;
            continue;
        }
        let values = match s.values.get_ref() {
            RawSweepValues::Range(text) => match range(text) {
                Ok(Some(v)) => v
                    .into_iter()
                    .map(|value| SweepValue {
                        value,
                        written: None,
                    })
                    .collect(),
                Ok(None) => {
                    cx.at(
                        &s.values.span(),
                        "sweep.values",
                        format!("`{text}` is not LO..HI:N"),
                    )
                    .help = Some(
                        "write values = \"0.1..0.6:6\" or a list, values = [0.1, 0.2, 0.3]".into(),
                    );
                    continue;
                }
                Err(e) => {
                    cx.at(&s.values.span(), "sweep.values", e);
                    continue;
                }
            },
            RawSweepValues::List(items) => {
                let values: Vec<Option<SweepValue>> =
                    items.iter().map(|v| file_value(cx, v, names)).collect();
                match values.into_iter().collect() {
                    Some(v) => v,
                    None => continue,
                }
            }
        };
        let spec = SweepSpec {
            name: name.clone(),
            values,
        };
        match spec.sorted() {
            Ok(spec) => out.push(spec),
            Err(e) => {
                cx.at(&s.values.span(), "sweep.values", e);
            }
        }
    }
    out
}

/// A value of a `[sweep]` list: a constant expression.
fn file_value(cx: &mut Ctx, v: &Located<Scalar>, names: &Names) -> Option<SweepValue> {
    match cx.number(v, "sweep.values", names)? {
        Node::Const(x) if x.is_finite() => Some(SweepValue {
            value: x,
            written: Some(v.clone()),
        }),
        _ => {
            let text = v.get_ref().text();
            cx.at(&v.span(), "sweep.values", format!("`{text}` is not a number: a sweep value must be a constant such as 0.3, 30% or 6700 * 1.1"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_exact_as_typed() {
        let s = SweepSpec::parse("dud=0.1..0.6:6").unwrap();
        assert_eq!(s.numbers(), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
        assert_eq!(s.point(2).expr, "0.3");
        let s = SweepSpec::parse("x = 30%, 0.1, 6700*1.1 ").unwrap();
        assert_eq!(s.name, "x");
        assert_eq!(s.numbers(), [0.1, 0.3, 6700.0 * 1.1]);
        assert_eq!(
            SweepSpec::parse("x=1..3:3").unwrap().numbers(),
            [1.0, 2.0, 3.0]
        );
    }

    #[test]
    fn bad_sweeps_say_why() {
        for (arg, says) in [
            ("x", "NAME=V1"),
            ("x=1", "at least two"),
            ("x=1,1", "twice"),
            ("x=a,2", "`a`"),
            ("x=beta(2,3),1", "not a number"),
            ("x=3..1:4", "below HI"),
            ("x=0..1:1", "between 2"),
            ("x=0..1:1000", "between 2"),
        ] {
            let e = SweepSpec::parse(arg).unwrap_err();
            assert!(e.contains(says), "{arg}: {e}");
        }
    }
}
