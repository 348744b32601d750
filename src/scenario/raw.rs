//! Raw serde structs: the scenario exactly as the user wrote it, with byte spans.
//!
//! Unknown keys are rejected here (`deny_unknown_fields`); everything else is checked in
//! [`super::validate`].

use crate::catalogue::RawCatalogue;
use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// `[scenario]`.
    pub scenario: Option<Spanned<RawHeader>>,
    /// `[[source]]` entries.
    #[serde(default)]
    pub source: Vec<Spanned<RawSource>>,
    /// `[inputs]`.
    #[serde(default)]
    pub inputs: IndexMap<String, Spanned<RawInput>>,
    /// `[model]`.
    #[serde(default)]
    pub model: IndexMap<String, Spanned<RawModel>>,
    /// `[[claim]]` entries.
    #[serde(default)]
    pub claim: Vec<Spanned<RawClaim>>,
    /// `[correlation]`.
    pub correlation: Option<Spanned<RawCorrelation>>,
    /// `[[evidence]]` entries.
    #[serde(default)]
    pub evidence: Vec<Spanned<RawEvidence>>,
    /// `[catalogue]`: entries imported as inputs ([`super::catalogue_use`]).
    pub catalogue: Option<RawCatalogueUse>,
    /// `[shipment]`: per-container simulation ([`super::shipment`]).
    pub shipment: Option<Spanned<RawShipment>>,
}

/// `[correlation]`: rank correlations between inputs, as pairs or a matrix.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrelation {
    /// `[["a", "b", 0.5], ...]`.
    pub pairs: Option<Spanned<Vec<(String, String, f64)>>>,
    /// Input names of `matrix`, in order.
    pub inputs: Option<Spanned<Vec<String>>>,
    /// Full matrix of rank correlations.
    pub matrix: Option<Spanned<Vec<Vec<f64>>>>,
    /// Use the nearest valid matrix (with a warning) when the request is not valid.
    #[serde(default)]
    pub allow_adjust: bool,
}

/// `[[evidence]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// Identifier.
    pub id: Spanned<String>,
    /// Source id.
    pub source: Option<Spanned<String>>,
    /// A distribution whose parameters use model quantities: how the observation arises.
    pub likelihood: Option<Spanned<String>>,
    /// The observed value.
    pub observed: Option<Spanned<f64>>,
    /// A true/false test the report says holds (instead of likelihood and observed).
    pub holds_if: Option<Spanned<String>>,
    /// Chance the report is right, 0 to 1 (default 1).
    pub trust: Option<Spanned<f64>>,
    /// Free note.
    pub note: Option<String>,
}

/// `[scenario]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    /// Required.
    pub title: Option<Spanned<String>>,
    /// Optional.
    pub description: Option<String>,
    /// Optional.
    pub samples: Option<Spanned<i64>>,
    /// Optional.
    pub seed: Option<Spanned<i64>>,
}

/// `[[source]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Identifier.
    pub id: Spanned<String>,
    /// Citation.
    pub cite: Spanned<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
}

/// `[[claim]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    /// Identifier.
    pub id: Spanned<String>,
    /// The claim in words.
    pub text: String,
    /// The true/false test.
    pub holds_if: Spanned<String>,
    /// Source id.
    pub source: Option<Spanned<String>>,
    /// Free note.
    pub note: Option<String>,
    /// How charts name the claim (default: its text).
    pub label: Option<String>,
    /// What kind of claim it is, e.g. "capacity conversion", "count", "consistency".
    pub group: Option<String>,
}

/// How charts show a quantity (`label`, `log`), as written.
#[derive(Debug, Default, Clone)]
pub struct RawDisplay {
    /// Display name in chart titles and axes (default: the name, `_` as spaces, and the unit).
    pub label: Option<String>,
    /// Draw its axes on a log scale.
    pub log: Option<bool>,
}

/// An input or model quantity: a string, a number, or a table.
#[derive(Debug)]
pub struct RawQuantity {
    /// The expression text.
    pub expr: String,
    /// Span of the expression value, when written in a table (else the outer span applies).
    pub expr_span: Option<Range<usize>>,
    /// Unit.
    pub unit: Option<String>,
    /// Source id and its span.
    pub source: Option<Spanned<String>>,
    /// Free note.
    pub note: Option<String>,
    /// Chart label and scale.
    pub display: RawDisplay,
}

/// An entry of `[inputs]` (table key `dist`).
#[derive(Debug)]
pub struct RawInput(pub RawQuantity);

/// An entry of `[model]` (table key `expr`).
#[derive(Debug)]
pub struct RawModel(pub RawQuantity);

impl<'de> Deserialize<'de> for RawInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor { key: "dist" })
            .map(RawInput)
    }
}

impl<'de> Deserialize<'de> for RawModel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor { key: "expr" })
            .map(RawModel)
    }
}

struct QuantityVisitor {
    key: &'static str,
}

impl QuantityVisitor {
    fn plain(expr: String) -> RawQuantity {
        RawQuantity {
            expr,
            expr_span: None,
            unit: None,
            source: None,
            note: None,
            display: RawDisplay::default(),
        }
    }
}

impl<'de> Visitor<'de> for QuantityVisitor {
    type Value = RawQuantity;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a string such as \"400 to 500\", a number, or a table with `{}`",
            self.key
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawQuantity, E> {
        Ok(Self::plain(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawQuantity, E> {
        Ok(Self::plain(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawQuantity, E> {
        Ok(Self::plain(format!("{v}")))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawQuantity, A::Error> {
        let mut q = Self::plain(String::new());
        let mut seen = false;
        while let Some(k) = map.next_key::<String>()? {
            match k.as_str() {
                k if k == self.key => {
                    let v: Spanned<String> = map.next_value()?;
                    q.expr_span = Some(v.span());
                    q.expr = v.into_inner();
                    seen = true;
                }
                "unit" => q.unit = Some(map.next_value()?),
                "source" => q.source = Some(map.next_value()?),
                "note" => q.note = Some(map.next_value()?),
                "label" => q.display.label = Some(map.next_value()?),
                "log" => q.display.log = Some(map.next_value()?),
                other => {
                    let fields: &'static [&'static str] = if self.key == "dist" {
                        &["dist", "unit", "source", "note", "label", "log"]
                    } else {
                        &["expr", "unit", "source", "note", "label", "log"]
                    };
                    return Err(de::Error::unknown_field(other, fields));
                }
            }
        }
        if !seen {
            return Err(de::Error::missing_field(self.key));
        }
        Ok(q)
    }
}

/// `[catalogue]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogueUse {
    /// Entry ids to import (containers or munitions).
    #[serde(rename = "use", default)]
    pub uses: Vec<Spanned<String>>,
    /// `[catalogue.override.*]`: a table of the catalogue's own shape.
    #[serde(rename = "override", default)]
    pub overrides: Option<RawCatalogue>,
}

/// `[shipment]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShipment {
    /// Containers in the shipment: an expression.
    pub containers: Spanned<ExprText>,
    /// `"container"` (default) or `"shell"`.
    pub assign: Option<Spanned<String>>,
    /// `[[shipment.cargo]]`.
    #[serde(default)]
    pub cargo: Vec<Spanned<RawCargo>>,
    /// `[[shipment.lot]]`.
    #[serde(default)]
    pub lot: Vec<Spanned<RawLot>>,
}

/// `[[shipment.cargo]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCargo {
    /// Identifier (part of generated names).
    pub id: Spanned<String>,
    /// Share of containers: an expression.
    pub share: Spanned<ExprText>,
    /// Rounds per container: a distribution or a value; absent for other cargo.
    pub load: Option<Spanned<ExprText>>,
    /// Free note, for people reading the file (the program does not use it).
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// `[[shipment.lot]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLot {
    /// Identifier (part of generated names).
    pub id: Spanned<String>,
    /// Share of the shipment: an expression.
    pub share: Spanned<ExprText>,
    /// Share of the lot's rounds that do not work: an expression (default 0).
    pub dud_rate: Option<Spanned<ExprText>>,
    /// Free note, for people reading the file (the program does not use it).
    #[allow(dead_code)]
    pub note: Option<String>,
}

/// An expression written as a string or a number.
#[derive(Debug, Clone)]
pub struct ExprText(pub String);

impl<'de> Deserialize<'de> for ExprText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ExprText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "an expression as a string, or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ExprText, E> {
                Ok(ExprText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ExprText, E> {
                Ok(ExprText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ExprText, E> {
                Ok(ExprText(format!("{v}")))
            }
        }
        d.deserialize_any(V)
    }
}
