//! Naming the inputs whose correlations cannot hold together.
//!
//! A correlation matrix is valid only if it is positive semi-definite (the sampler needs it
//! positive definite). When the Cholesky factorisation fails, the smallest group of inputs at
//! fault is looked for in three steps:
//!
//! 1. a pair with |ρ| = 1 (a singular 2 × 2 block: the Gaussian copula needs |ρ| < 1);
//! 2. the triple whose 3 × 3 block has the most negative determinant. With unit diagonal and
//!    off-diagonal a, b, c that determinant is `1 − a² − b² − c² + 2abc`, and it is negative
//!    exactly when one correlation lies outside the range the other two allow:
//!
//!    ```text
//!    r_xy ∈ [ r_xz r_yz − √((1 − r_xz²)(1 − r_yz²)),  r_xz r_yz + √((1 − r_xz²)(1 − r_yz²)) ]
//!    ```
//!
//!    (e.g. Yule & Kendall 1950, partial correlations; the bounds are converted back to the
//!    rank scale for the message);
//! 3. otherwise the inputs are ranked by their weight in the eigenvector of the most negative
//!    eigenvalue, and the shortest leading group whose block is not positive definite is named.

use nalgebra::DMatrix;

use super::spec::pearson_to_spearman;

/// A group of inputs (positions) and why their correlations conflict.
pub(super) struct Conflict {
    pub indices: Vec<usize>,
    pub explanation: String,
}

/// Locate a conflict in the normal-scale matrix `r` (which failed Cholesky); `rho` holds the
/// requested rank correlations, quoted in the explanation.
pub(super) fn locate(names: &[String], r: &DMatrix<f64>, rho: &DMatrix<f64>) -> Conflict {
    let k = r.nrows();
    let label = |i: usize, j: usize| format!("{}–{} {}", names[i], names[j], num(rho[(i, j)]));
    for i in 0..k {
        for j in 0..i {
            if r[(i, j)].abs() >= 1.0 {
                return Conflict {
                    indices: vec![j, i],
                    explanation: format!(
                        "a rank correlation of exactly {} ({}) leaves '{}' no variation of its own; \
                         the sampler needs |ρ| < 1 (use e.g. {})",
                        num(rho[(i, j)]),
                        label(j, i),
                        names[i],
                        num(0.99 * rho[(i, j)].signum())
                    ),
                };
            }
        }
    }
    if let Some(c) = worst_triple(names, r, rho) {
        return c;
    }
    leading_group(names, r, rho)
}

fn worst_triple(names: &[String], r: &DMatrix<f64>, rho: &DMatrix<f64>) -> Option<Conflict> {
    let k = r.nrows();
    let mut worst: Option<([usize; 3], f64)> = None;
    for a in 0..k {
        for b in a + 1..k {
            for c in b + 1..k {
                let (x, y, z) = (r[(a, b)], r[(b, c)], r[(a, c)]);
                let det = 1.0 - x * x - y * y - z * z + 2.0 * x * y * z;
                let better = match worst {
                    Some((_, d)) => det < d,
                    None => true,
                };
                if det <= 1e-12 && better {
                    worst = Some(([a, b, c], det));
                }
            }
        }
    }
    let ([a, b, c], _) = worst?;
    // Present the pair that needs the smallest change to fit the range the other two allow.
    let options = [(a, b, c), (b, c, a), (a, c, b)];
    let (x, y, z, lo, hi, _) = options
        .iter()
        .map(|&(x, y, z)| {
            let (rxz, ryz) = (r[(x, z)], r[(y, z)]);
            let half = ((1.0 - rxz * rxz) * (1.0 - ryz * ryz)).max(0.0).sqrt();
            let lo = pearson_to_spearman(rxz * ryz - half);
            let hi = pearson_to_spearman(rxz * ryz + half);
            let v = rho[(x, y)];
            let gap = (lo - v).max(v - hi).max(0.0);
            (x, y, z, lo, hi, gap)
        })
        .min_by(|p, q| p.5.total_cmp(&q.5))?;
    let explanation = format!(
        "given {}–{} {} and {}–{} {}, the rank correlation {}–{} must lie between {} and {} \
         (it is {})",
        names[x],
        names[z],
        num(rho[(x, z)]),
        names[y],
        names[z],
        num(rho[(y, z)]),
        names[x],
        names[y],
        num(lo),
        num(hi),
        num(rho[(x, y)])
    );
    Some(Conflict {
        indices: vec![a, b, c],
        explanation,
    })
}

fn leading_group(names: &[String], r: &DMatrix<f64>, rho: &DMatrix<f64>) -> Conflict {
    let k = r.nrows();
    let eig = r.clone().symmetric_eigen();
    let (imin, &lambda) = eig
        .eigenvalues
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .expect("k ≥ 2 when Cholesky fails");
    let v = eig.eigenvectors.column(imin);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&i, &j| v[j].abs().total_cmp(&v[i].abs()));
    let mut group = order.clone();
    for m in 4..=k {
        let mut idx = order[..m].to_vec();
        idx.sort_unstable();
        let sub = r.select_rows(&idx).select_columns(&idx);
        if cholesky(&sub).is_none() {
            group = idx;
            break;
        }
    }
    group.sort_unstable();
    // The pairs that push hardest toward the negative direction: large |v_i v_j ρ_ij|.
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for (p, &i) in group.iter().enumerate() {
        for &j in &group[p + 1..] {
            if rho[(i, j)] != 0.0 {
                pairs.push((i, j, (v[i] * v[j] * r[(i, j)]).abs()));
            }
        }
    }
    pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
    let listed: Vec<String> = pairs
        .iter()
        .take(6)
        .map(|&(i, j, _)| format!("{}–{} {}", names[i], names[j], num(rho[(i, j)])))
        .collect();
    Conflict {
        indices: group,
        explanation: format!(
            "no joint distribution has all these rank correlations at once (on the normal scale \
             the matrix has a negative eigenvalue, {lambda:.3}); the pairs weighing most are {}",
            listed.join(", ")
        ),
    }
}

/// Smallest pivot (squared diagonal of L) accepted: below it the matrix is singular to
/// working precision and L would be dominated by rounding.
const MIN_PIVOT: f64 = 1e-10;

/// The Cholesky factor L of `r`, or `None` if `r` is not (numerically) positive definite.
pub(super) fn cholesky(r: &DMatrix<f64>) -> Option<DMatrix<f64>> {
    let l = r.clone().cholesky()?.unpack();
    l.diagonal()
        .iter()
        .all(|&d| d * d >= MIN_PIVOT)
        .then_some(l)
}

/// A correlation for a message: at most 3 decimals, trailing zeros dropped.
pub(super) fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::correlation::error::CorrelationError;
    use crate::correlation::{Copula, CorrelationSpec};

    fn conflict_of(names: &[&str], pairs: &[(usize, usize, f64)]) -> (Vec<String>, String) {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let spec = CorrelationSpec::from_pairs(&names, pairs).unwrap();
        match Copula::new(&spec, false).unwrap_err() {
            e @ CorrelationError::Inconsistent { .. } => {
                let msg = e.to_string();
                let CorrelationError::Inconsistent { names, .. } = e else {
                    unreachable!()
                };
                (names, msg)
            }
            e => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn a_bad_triple_is_named_with_the_allowed_range() {
        let (names, msg) = conflict_of(
            &["x", "a", "b", "c"],
            &[(1, 2, 0.9), (2, 3, 0.9), (1, 3, -0.9), (0, 1, 0.1)],
        );
        assert_eq!(names, ["a", "b", "c"]);
        assert!(
            msg.starts_with("the correlations among a, b, c cannot hold together"),
            "{msg}"
        );
        // Any two of the three confine the third to a range 0.631 wide of ±1 on the rank
        // scale (e.g. given a–b 0.9 and b–c 0.9, a–c ≥ 0.631); all three gaps are equal here.
        assert!(
            msg.contains("must lie between") && msg.contains("0.631"),
            "{msg}"
        );
    }

    #[test]
    fn a_group_of_four_is_found_when_every_triple_is_fine() {
        // Equal rank correlation −0.4 among four inputs: every 3 × 3 block is valid
        // (1 + 2r > 0) but the 4 × 4 one is not (1 + 3r < 0); 'e' is innocent.
        let mut pairs = vec![(0, 4, 0.2)];
        for i in 0..4 {
            for j in i + 1..4 {
                pairs.push((i, j, -0.4));
            }
        }
        let (names, msg) = conflict_of(&["a", "b", "c", "d", "e"], &pairs);
        assert_eq!(names, ["a", "b", "c", "d"]);
        assert!(
            msg.contains("negative eigenvalue") && msg.contains("-0.4"),
            "{msg}"
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(0.9), "0.9");
        assert_eq!(num(-0.9), "-0.9");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.62345), "0.623");
        assert_eq!(num(-0.0001), "0");
    }
}
