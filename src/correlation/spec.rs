//! The correlations an analyst asked for, checked, and their conversion to the normal scale.
//!
//! Analysts give Spearman rank correlations ρ_s. Under a Gaussian copula with normal-scale
//! (Pearson) correlation r the rank correlation is exactly
//!
//! ```text
//! ρ_s = (6/π) asin(r/2)      so      r = 2 sin(π ρ_s / 6)
//! ```
//!
//! (Pearson 1907, "On further methods of determining correlation", *Drapers' Company Research
//! Memoirs*, Biometric Series IV; Kruskal 1958, "Ordinal measures of association", *JASA* 53,
//! 814–861). Because every input is then passed through its own inverse CDF, which is
//! monotone, the rank correlation survives unchanged whatever the marginals are.

use nalgebra::DMatrix;

use super::error::CorrelationError;

/// Tolerance for the unit diagonal and for symmetry of a matrix typed by hand.
const MATRIX_TOL: f64 = 1e-9;

/// The normal-scale (Pearson) correlation a Gaussian copula needs for rank correlation `rho_s`:
/// `2 sin(π ρ_s / 6)`. Maps [−1, 1] onto itself, fixing −1, 0 and 1.
pub fn spearman_to_pearson(rho_s: f64) -> f64 {
    if rho_s.abs() == 1.0 {
        return rho_s; // exact, where sin(π/6) rounds to just below 1/2
    }
    (2.0 * (std::f64::consts::PI * rho_s / 6.0).sin()).clamp(-1.0, 1.0)
}

/// The rank correlation produced by a Gaussian copula with normal-scale correlation `r`:
/// `(6/π) asin(r/2)`, the inverse of [`spearman_to_pearson`].
pub fn pearson_to_spearman(r: f64) -> f64 {
    (6.0 / std::f64::consts::PI * (r.clamp(-1.0, 1.0) / 2.0).asin()).clamp(-1.0, 1.0)
}

/// Rank (Spearman) correlations among named inputs, checked: values in [−1, 1], no input with
/// itself, no pair given two different values, symmetric with a unit diagonal.
///
/// Pairs not mentioned are uncorrelated. Whether the correlations can hold *together* (positive
/// definiteness) is checked when the [`Copula`](super::Copula) is built, where the conflicting
/// inputs are named.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationSpec {
    names: Vec<String>,
    spearman: DMatrix<f64>,
}

impl CorrelationSpec {
    /// Correlations given as pairs `(i, j, ρ_s)` of positions in `names` (the correlated inputs,
    /// in the order the copula will use). A pair may be repeated, in either order, with the same
    /// value.
    ///
    /// # Errors
    /// [`DuplicateName`](CorrelationError::DuplicateName),
    /// [`UnknownInput`](CorrelationError::UnknownInput),
    /// [`OutOfRange`](CorrelationError::OutOfRange),
    /// [`SelfCorrelation`](CorrelationError::SelfCorrelation),
    /// [`ConflictingDuplicate`](CorrelationError::ConflictingDuplicate).
    pub fn from_pairs(
        names: &[String],
        pairs: &[(usize, usize, f64)],
    ) -> Result<Self, CorrelationError> {
        check_names(names)?;
        let k = names.len();
        let mut m = DMatrix::identity(k, k);
        let mut given = vec![false; k * k];
        for &(i, j, v) in pairs {
            for idx in [i, j] {
                if idx >= k {
                    return Err(CorrelationError::UnknownInput {
                        index: idx,
                        count: k,
                    });
                }
            }
            if i == j {
                return Err(CorrelationError::SelfCorrelation {
                    name: names[i].clone(),
                });
            }
            check_range(names, i, j, v)?;
            if given[i * k + j] && m[(i, j)] != v {
                return Err(CorrelationError::ConflictingDuplicate {
                    a: names[i].clone(),
                    b: names[j].clone(),
                    first: m[(i, j)],
                    second: v,
                });
            }
            given[i * k + j] = true;
            given[j * k + i] = true;
            m[(i, j)] = v;
            m[(j, i)] = v;
        }
        Ok(CorrelationSpec {
            names: names.to_vec(),
            spearman: m,
        })
    }

    /// Correlations given as a full k × k matrix of rank correlations, rows in the order of
    /// `names`.
    ///
    /// # Errors
    /// [`DuplicateName`](CorrelationError::DuplicateName),
    /// [`WrongShape`](CorrelationError::WrongShape),
    /// [`OutOfRange`](CorrelationError::OutOfRange),
    /// [`NotUnitDiagonal`](CorrelationError::NotUnitDiagonal),
    /// [`NotSymmetric`](CorrelationError::NotSymmetric) (entries may differ by at most 1e-9;
    /// the two are then averaged).
    pub fn from_matrix(names: &[String], rows: &[Vec<f64>]) -> Result<Self, CorrelationError> {
        check_names(names)?;
        let k = names.len();
        if rows.len() != k {
            return Err(CorrelationError::WrongShape {
                expected: k,
                what: format!("found {} rows", rows.len()),
            });
        }
        if let Some((r, row)) = rows.iter().enumerate().find(|(_, row)| row.len() != k) {
            return Err(CorrelationError::WrongShape {
                expected: k,
                what: format!("row {} ('{}') has {} values", r + 1, names[r], row.len()),
            });
        }
        let mut m = DMatrix::identity(k, k);
        for i in 0..k {
            let d = rows[i][i];
            let unit = (d - 1.0).abs() <= MATRIX_TOL; // false for NaN
            if !unit {
                return Err(CorrelationError::NotUnitDiagonal {
                    name: names[i].clone(),
                    value: d,
                });
            }
            for j in 0..i {
                let (upper, lower) = (rows[j][i], rows[i][j]);
                check_range(names, j, i, upper)?;
                check_range(names, i, j, lower)?;
                let symmetric = (upper - lower).abs() <= MATRIX_TOL;
                if !symmetric {
                    return Err(CorrelationError::NotSymmetric {
                        a: names[j].clone(),
                        b: names[i].clone(),
                        upper,
                        lower,
                    });
                }
                let v = 0.5 * (upper + lower);
                m[(i, j)] = v;
                m[(j, i)] = v;
            }
        }
        Ok(CorrelationSpec {
            names: names.to_vec(),
            spearman: m,
        })
    }

    /// The correlated inputs, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The number of correlated inputs, k.
    pub fn dim(&self) -> usize {
        self.names.len()
    }

    /// The requested rank correlations as a k × k matrix (rows in the order of `names`).
    pub fn spearman_matrix(&self) -> Vec<Vec<f64>> {
        to_rows(&self.spearman)
    }

    /// The normal-scale correlation matrix R = 2 sin(π ρ_s / 6), element by element.
    pub(super) fn normal_scale(&self) -> DMatrix<f64> {
        let k = self.dim();
        DMatrix::from_fn(k, k, |i, j| {
            if i == j {
                1.0
            } else {
                spearman_to_pearson(self.spearman[(i, j)])
            }
        })
    }

    pub(super) fn spearman_dmatrix(&self) -> &DMatrix<f64> {
        &self.spearman
    }
}

/// A k × k `DMatrix` as rows.
pub(super) fn to_rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    m.row_iter().map(|r| r.iter().copied().collect()).collect()
}

fn check_names(names: &[String]) -> Result<(), CorrelationError> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(CorrelationError::DuplicateName { name: n.clone() });
        }
    }
    Ok(())
}

fn check_range(names: &[String], i: usize, j: usize, v: f64) -> Result<(), CorrelationError> {
    if !((-1.0..=1.0).contains(&v)) {
        return Err(CorrelationError::OutOfRange {
            a: names[i].clone(),
            b: names[j].clone(),
            value: v,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_spearman_to_pearson() {
        assert!((spearman_to_pearson(0.5) - 0.517638).abs() < 1e-6);
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn conversion_round_trips_and_fixes_ends() {
        for &r in &[-1.0, -0.7, -0.2, 0.0, 0.3, 0.9, 1.0] {
            assert!((pearson_to_spearman(spearman_to_pearson(r)) - r).abs() < 1e-12);
        }
        assert_eq!(spearman_to_pearson(0.0), 0.0);
        assert_eq!(spearman_to_pearson(1.0), 1.0);
        assert_eq!(spearman_to_pearson(-1.0), -1.0);
    }

    #[test]
    fn pairs_fill_a_symmetric_matrix() {
        let n = names(&["a", "b", "c"]);
        let s = CorrelationSpec::from_pairs(&n, &[(0, 1, 0.5), (2, 1, -0.3), (1, 0, 0.5)]).unwrap();
        assert_eq!(
            s.spearman_matrix(),
            vec![
                vec![1.0, 0.5, 0.0],
                vec![0.5, 1.0, -0.3],
                vec![0.0, -0.3, 1.0]
            ]
        );
        let r = to_rows(&s.normal_scale());
        assert_eq!(r[0][1], spearman_to_pearson(0.5));
        assert_eq!(r[2][2], 1.0);
    }

    #[test]
    fn bad_pairs_each_get_their_error() {
        let n = names(&["a", "b", "c"]);
        let err = |p: &[(usize, usize, f64)]| CorrelationSpec::from_pairs(&n, p).unwrap_err();
        assert!(matches!(
            err(&[(0, 3, 0.1)]),
            CorrelationError::UnknownInput { index: 3, count: 3 }
        ));
        assert!(
            matches!(err(&[(1, 1, 0.1)]), CorrelationError::SelfCorrelation { name } if name == "b")
        );
        assert!(matches!(
            err(&[(0, 1, 1.5)]),
            CorrelationError::OutOfRange { .. }
        ));
        assert!(matches!(
            err(&[(0, 1, f64::NAN)]),
            CorrelationError::OutOfRange { .. }
        ));
        let e = err(&[(0, 2, 0.4), (2, 0, 0.5)]);
        assert!(matches!(e, CorrelationError::ConflictingDuplicate { .. }));
        let msg = e.to_string();
        assert!(
            msg.contains("'c'") && msg.contains("'a'") && msg.contains("0.4"),
            "{msg}"
        );
        let dup = CorrelationSpec::from_pairs(&names(&["a", "a"]), &[]).unwrap_err();
        assert!(matches!(dup, CorrelationError::DuplicateName { name } if name == "a"));
    }

    #[test]
    fn bad_matrices_each_get_their_error() {
        let n = names(&["a", "b"]);
        let err = |m: &[Vec<f64>]| CorrelationSpec::from_matrix(&n, m).unwrap_err();
        assert!(matches!(
            err(&[vec![1.0, 0.2]]),
            CorrelationError::WrongShape { .. }
        ));
        assert!(matches!(
            err(&[vec![1.0, 0.2], vec![0.2]]),
            CorrelationError::WrongShape { .. }
        ));
        assert!(matches!(
            err(&[vec![1.0, 0.2], vec![0.2, 0.9]]),
            CorrelationError::NotUnitDiagonal { name, .. } if name == "b"
        ));
        assert!(matches!(
            err(&[vec![1.0, 0.2], vec![0.3, 1.0]]),
            CorrelationError::NotSymmetric { .. }
        ));
        assert!(matches!(
            err(&[vec![1.0, -1.2], vec![-1.2, 1.0]]),
            CorrelationError::OutOfRange { .. }
        ));
        let ok = CorrelationSpec::from_matrix(&n, &[vec![1.0, 0.2], vec![0.2, 1.0]]).unwrap();
        assert_eq!(ok.spearman[(0, 1)], 0.2);
        assert_eq!(ok.dim(), 2);
    }
}
