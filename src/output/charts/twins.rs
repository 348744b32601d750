//! Quantities that are the same in every draw as an earlier one (with one cargo type, a
//! shipment's `delivered_shells` and `delivered_total`): their histograms, and their tornados
//! when the sensitivity rows are equal too, would be exact copies, so each is drawn once and
//! the report says "X: same as Y in every draw" where the copy would have been. Found by
//! comparing the kept columns bit for bit, never from names or summaries.

use crate::model::{IdVec, QuantityId};

/// For each quantity, the first earlier quantity whose draws are bit-identical to its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Twins(Vec<Option<QuantityId>>);

impl Twins {
    /// Compares every column with the earlier ones (bit for bit; a comparison stops at the
    /// first draw that differs, so unrelated columns cost a draw or two each).
    pub fn of(columns: &IdVec<QuantityId, Vec<f64>>) -> Twins {
        let same = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        let cols = columns.as_slice();
        let twins = cols
            .iter()
            .enumerate()
            .map(|(j, b)| (0..j).find(|&i| same(&cols[i], b)).map(QuantityId::new))
            .collect();
        Twins(twins)
    }

    /// The first earlier quantity with the same draws as `q`, if any.
    pub(crate) fn of_quantity(&self, q: QuantityId) -> Option<QuantityId> {
        self.0.get(q.index()).copied().flatten()
    }
}

/// A chart left out because it would be a copy of another quantity's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameAs {
    /// The quantity whose chart is left out.
    pub output: QuantityId,
    /// The earlier quantity with the same draws, whose chart is drawn.
    pub twin: QuantityId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_identical_columns_point_at_the_first_earlier_one() {
        let cols: IdVec<QuantityId, Vec<f64>> = vec![
            vec![1.0, 2.0, 3.0],
            vec![1.0, 2.0, 3.5],
            vec![1.0, 2.0, 3.0],
            vec![1.0, 2.0, 3.0],
            vec![3.0, 2.0, 1.0], // the same values in another order are not the same draws
            vec![0.0, 2.0, 3.0],
            vec![-0.0, 2.0, 3.0], // -0 and 0 differ in their bits
        ]
        .into();
        let t = Twins::of(&cols);
        let id = |i| cols.ids().nth(i).unwrap();
        let got: Vec<Option<QuantityId>> = cols.ids().map(|q| t.of_quantity(q)).collect();
        assert_eq!(
            got,
            vec![None, None, Some(id(0)), Some(id(0)), None, None, None]
        );
        assert_eq!(Twins::default().of_quantity(id(2)), None);
    }
}
