//! Indexes (`[index]`) and the indexed quantities built on them.
//!
//! An index is an ordered list of elements, each with a label and a value: a range of calendar
//! months (labels `"2023-08"` …, values 1, 2, … counting from the first month) or a list of
//! numbers (labels are the numbers as written, values the numbers). An indexed quantity is one
//! quantity of the scenario that holds a value per element: the scenario lays it out as one
//! model quantity per element ([`IndexedQuantity::elements`]), so the engine draws and
//! evaluates elements like any other quantity, and outputs group them back through this table
//! (typed ids, never names).

use super::ids::{IndexId, IndexedId, QuantityId};

/// One `[index]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Name, as written under `[index]`.
    pub name: String,
    /// What the elements are.
    pub kind: IndexKind,
    /// Label of each element (`"2024-02"`, or the number as written).
    pub labels: Vec<String>,
    /// Value of each element in formulas (a month's position from 1, or the number).
    pub values: Vec<f64>,
}

/// What an index's elements are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// Calendar months from `first` (months since year 0, see [`month_number`]).
    Months {
        /// The first month.
        first: i64,
    },
    /// A list of numbers.
    Numbers,
}

impl Index {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when the index has no elements (validation rules this out).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The element with label `label` (for a month range, any spelling [`month_number`] reads).
    pub fn position_of_label(&self, label: &str) -> Option<usize> {
        match self.kind {
            IndexKind::Months { first } => {
                let m = month_number(label)?;
                let pos = m - first;
                (0..self.len() as i64)
                    .contains(&pos)
                    .then_some(pos as usize)
            }
            IndexKind::Numbers => self.labels.iter().position(|l| l == label),
        }
    }

    /// The element whose value is `value`.
    pub fn position_of_value(&self, value: f64) -> Option<usize> {
        self.values.iter().position(|v| *v == value)
    }

    /// What `first_where` returns when its test holds on no element: one past the last value
    /// (for a month range, the position of the month after the last; for a list, the largest
    /// number + 1).
    pub fn after_last(&self) -> f64 {
        self.values
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
            + 1.0
    }
}

/// An indexed quantity: one value per element of its index on every draw.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedQuantity {
    /// The quantity's name, as written.
    pub name: String,
    /// Its index.
    pub index: IndexId,
    /// The model quantity holding each element, in index order.
    pub elements: Vec<QuantityId>,
}

/// Where a model quantity sits in an indexed quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// The indexed quantity.
    pub of: IndexedId,
    /// The element's position in the index (from 0).
    pub position: usize,
}

/// `"2024-02"` → months since year 0 (year × 12 + month − 1); `None` unless the text is
/// `YYYY-MM` with a month from 01 to 12.
pub fn month_number(text: &str) -> Option<i64> {
    let (y, m) = text.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !y.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// The label (`"2024-02"`) of month number `n` ([`month_number`]'s inverse).
pub fn month_label(n: i64) -> String {
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

/// The index named `name` among `indexes`.
pub fn find<'a>(indexes: &'a [Index], name: &str) -> Option<(IndexId, &'a Index)> {
    indexes
        .iter()
        .enumerate()
        .find(|(_, i)| i.name == name)
        .map(|(k, i)| (IndexId::new(k), i))
}

/// The element of `q`, if `q` belongs to an indexed quantity.
pub fn element_of(indexed: &[IndexedQuantity], q: QuantityId) -> Option<Element> {
    indexed.iter().enumerate().find_map(|(k, iq)| {
        iq.elements
            .iter()
            .position(|e| *e == q)
            .map(|position| Element {
                of: IndexedId::new(k),
                position,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months() -> Index {
        Index {
            name: "month".into(),
            kind: IndexKind::Months {
                first: month_number("2023-11").unwrap(),
            },
            labels: ["2023-11", "2023-12", "2024-01"].map(String::from).to_vec(),
            values: vec![1.0, 2.0, 3.0],
        }
    }

    #[test]
    fn months_and_labels() {
        assert_eq!(month_label(month_number("2023-12").unwrap() + 1), "2024-01");
        assert_eq!(month_number("2024-13"), None);
        assert_eq!(month_number("24-01"), None);
        let m = months();
        assert_eq!(m.position_of_label("2024-01"), Some(2));
        assert_eq!(m.position_of_label("2024-02"), None);
        assert_eq!(m.position_of_value(2.0), Some(1));
        assert_eq!(m.after_last(), 4.0);
    }
}
