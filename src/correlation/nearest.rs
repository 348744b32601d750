//! The nearest correlation matrix, by alternating projections with Dykstra's correction
//! (Higham 2002, "Computing the nearest correlation matrix — a problem from finance",
//! *IMA Journal of Numerical Analysis* 22(3), 329–343, Algorithm 3.3, unweighted Frobenius norm).
//!
//! ```text
//! ΔS₀ = 0,  Y₀ = A
//! repeat:  R = Y − ΔS
//!          X = P_S(R)       eigenvalues of R raised to at least δ
//!          ΔS = X − R
//!          Y = P_U(X)       diagonal set to 1
//! until ‖X − Y‖_F ≤ tol · ‖Y‖_F
//! ```
//!
//! P_S uses the floor δ = 1e-6 rather than 0 (Higham §3.2 remarks that any closed convex set
//! of positive semi-definite matrices can be used), so the result is strictly positive definite
//! and has a Cholesky factor. The returned matrix is X rescaled to a unit diagonal,
//! D^{-1/2} X D^{-1/2}, which keeps it positive definite.

use nalgebra::DMatrix;

/// Smallest eigenvalue allowed in the result.
const EIGEN_FLOOR: f64 = 1e-6;
/// Relative convergence tolerance.
const TOL: f64 = 1e-12;
/// Iteration limit (k is small; convergence takes tens to hundreds of steps).
const MAX_ITER: usize = 100_000;

/// The nearest (Frobenius norm) correlation matrix to symmetric `a` whose eigenvalues are at
/// least 1e-6, or `None` if the iteration does not converge.
pub(super) fn nearest_correlation(a: &DMatrix<f64>) -> Option<DMatrix<f64>> {
    let k = a.nrows();
    let mut y = a.clone();
    let mut ds = DMatrix::zeros(k, k);
    for _ in 0..MAX_ITER {
        let r = &y - &ds;
        let x = project_psd(&r);
        ds = &x - &r;
        y = x.clone();
        y.fill_diagonal(1.0);
        if (&x - &y).norm() <= TOL * y.norm() {
            let d = x.diagonal().map(|v| 1.0 / v.sqrt());
            let mut out = DMatrix::from_fn(k, k, |i, j| x[(i, j)] * d[i] * d[j]);
            out.fill_diagonal(1.0);
            out = (&out + out.transpose()) * 0.5;
            return Some(out);
        }
    }
    None
}

/// Symmetric `r` with eigenvalues raised to at least [`EIGEN_FLOOR`].
fn project_psd(r: &DMatrix<f64>) -> DMatrix<f64> {
    let eig = r.clone().symmetric_eigen();
    let vals = eig.eigenvalues.map(|v| v.max(EIGEN_FLOOR));
    let q = &eig.eigenvectors;
    let m = q * DMatrix::from_diagonal(&vals) * q.transpose();
    (&m + m.transpose()) * 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_matrix_is_left_alone() {
        let a = DMatrix::from_row_slice(3, 3, &[1.0, 0.3, 0.1, 0.3, 1.0, -0.2, 0.1, -0.2, 1.0]);
        let n = nearest_correlation(&a).unwrap();
        assert!((n - a).norm() < 1e-9);
    }

    #[test]
    fn higham_example() {
        // Higham (2002) §4: A = [[1,1,0],[1,1,1],[0,1,1]] has nearest correlation matrix
        // [[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]].
        let a = DMatrix::from_row_slice(3, 3, &[1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
        let n = nearest_correlation(&a).unwrap();
        assert!((n[(0, 1)] - 0.7607).abs() < 2e-4, "{n}");
        assert!((n[(0, 2)] - 0.1573).abs() < 2e-4, "{n}");
        assert!((n[(1, 2)] - 0.7607).abs() < 2e-4, "{n}");
        assert!(n.clone().cholesky().is_some());
        for i in 0..3 {
            assert_eq!(n[(i, i)], 1.0);
        }
    }
}
