//! Rank correlations achieved by a set of draws, for the requested-vs-achieved table.
//!
//! Spearman's ρ is Pearson's correlation of the ranks; tied values share the average of the
//! ranks they span ([`average_ranks`]; "mid-ranks", Kendall & Gibbons 1990, §3.8):
//!
//! ```text
//! ρ_s(x, y) = Σ (R_i − R̄)(S_i − S̄) / √(Σ (R_i − R̄)² · Σ (S_i − S̄)²),   R̄ = S̄ = (n + 1)/2
//! ```

use crate::stats::average_ranks;
use rayon::prelude::*;

/// The k × k matrix of Spearman rank correlations among `cols` (k equal-length columns of
/// draws, ties given mid-ranks). The diagonal is 1; an entry involving a constant column is NaN.
///
/// Columns are ranked in parallel. Cost: k sorts plus k(k − 1)/2 passes.
///
/// # Panics
/// If the columns differ in length.
pub fn achieved_spearman(cols: &[&[f64]]) -> Vec<Vec<f64>> {
    let k = cols.len();
    let n = cols.first().map_or(0, |c| c.len());
    assert!(
        cols.iter().all(|c| c.len() == n),
        "columns differ in length"
    );
    let mid = (n as f64 + 1.0) / 2.0;
    let centred: Vec<Vec<f64>> = cols
        .par_iter()
        .map(|c| average_ranks(c).into_iter().map(|r| r - mid).collect())
        .collect();
    let ss: Vec<f64> = centred
        .iter()
        .map(|c| c.iter().map(|v| v * v).sum())
        .collect();
    let mut out = vec![vec![1.0; k]; k];
    for i in 0..k {
        for j in 0..i {
            let sxy: f64 = centred[i].iter().zip(&centred[j]).map(|(a, b)| a * b).sum();
            let denom = (ss[i] * ss[j]).sqrt();
            let rho = if denom > 0.0 {
                (sxy / denom).clamp(-1.0, 1.0)
            } else {
                f64::NAN
            };
            out[i][j] = rho;
            out[j][i] = rho;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_spearman_values() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let up = [10.0, 20.0, 25.0, 100.0, 1e6];
        let down = [5.0, 4.0, 3.0, 2.0, 1.0];
        // Textbook: d = (0,0,1,-1,0) → ρ = 1 − 6·2 / (5·24) = 0.9.
        let near = [1.0, 2.0, 4.0, 3.0, 5.0];
        let m = achieved_spearman(&[&x, &up, &down, &near]);
        assert_eq!(m[0][1], 1.0);
        assert_eq!(m[0][2], -1.0);
        assert!((m[0][3] - 0.9).abs() < 1e-12);
        assert_eq!(m[3][0], m[0][3]);
        assert_eq!(m[2][2], 1.0);
        let flat = [1.0; 5];
        assert!(achieved_spearman(&[&x, &flat])[0][1].is_nan());
    }

    #[test]
    fn ties_match_pearson_of_midranks() {
        // x has ties; ρ equals Pearson's r of the mid-ranks computed by hand.
        let x = [1.0, 1.0, 2.0, 3.0];
        let y = [1.0, 2.0, 3.0, 4.0];
        let (rx, ry) = ([1.5, 1.5, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]);
        let mean = 2.5;
        let sxy: f64 = rx
            .iter()
            .zip(&ry)
            .map(|(a, b)| (a - mean) * (b - mean))
            .sum();
        let sxx: f64 = rx.iter().map(|a| (a - mean) * (a - mean)).sum();
        let syy: f64 = ry.iter().map(|a| (a - mean) * (a - mean)).sum();
        let expect = sxy / (sxx * syy).sqrt();
        assert!((achieved_spearman(&[&x, &y])[0][1] - expect).abs() < 1e-15);
    }
}
