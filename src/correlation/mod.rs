//! Correlated inputs through a Gaussian copula.
//!
//! Analysts state *rank* (Spearman) correlations between named inputs. For each draw the
//! engine takes k independent standard normals ε and computes
//!
//! ```text
//! z = L ε,   R = L Lᵀ,   R_ij = 2 sin(π ρ_s,ij / 6)
//! u_j = Φ(z_j),   x_j = F_j⁻¹(u_j)
//! ```
//!
//! so every input keeps its own distribution exactly while the ranks are correlated as asked.
//! The conversion of ρ_s to the normal scale is exact for the Gaussian copula (Pearson 1907;
//! Kruskal 1958). Inconsistent requests are refused with the inputs in conflict named, or, on
//! request, replaced by the nearest correlation matrix (Higham 2002).
//!
//! - [`spec`]: the request, checked ([`CorrelationSpec`]) and the ρ_s ↔ r conversion;
//! - [`copula`]: the Cholesky factor applied to draws ([`Copula`]) and the [`Adjustment`] warning;
//! - [`ranks`]: the rank correlations achieved by a set of draws;
//! - [`error`]: what can be wrong with a request.

mod conflict;
mod copula;
mod error;
mod nearest;
mod ranks;
mod spec;
#[cfg(test)]
mod tests;

pub use copula::{Adjustment, Copula};
pub use ranks::achieved_spearman;
pub use spec::CorrelationSpec;
