//! Evaluates evidence on every draw: the log-likelihood of an observation, or whether a
//! reported bound holds.

use super::eval::{eval, ChunkView, DrawError};
use crate::dist::{Dist, Family};
use crate::model::EvidenceNode;
use rand::Rng;

/// Writes ln L for each draw of the chunk into `out` (−∞ where the observation is impossible).
///
/// # Errors
/// A [`DrawError`] if the likelihood's parameters are invalid on some draw.
pub fn log_likelihood<R: Rng>(
    e: &EvidenceNode,
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), DrawError> {
    match e {
        EvidenceNode::Bound(node) => {
            eval(node, view, rng, out)?;
            out.iter_mut()
                .for_each(|v| *v = if *v != 0.0 { 0.0 } else { f64::NEG_INFINITY });
        }
        EvidenceNode::Likelihood {
            family,
            args,
            observed,
            text,
        } => {
            let mut cols: Vec<Vec<f64>> = vec![vec![0.0; out.len()]; args.len()];
            for (a, c) in args.iter().zip(cols.iter_mut()) {
                eval(a, view, rng, c)?;
            }
            let mut params = vec![0.0; args.len()];
            for (i, o) in out.iter_mut().enumerate() {
                for (p, c) in params.iter_mut().zip(&cols) {
                    *p = c[i];
                }
                if *family == Family::Binomial {
                    params[0] = params[0].round();
                }
                let d = Dist::new(*family, &params).map_err(|err| DrawError {
                    index: i,
                    message: format!("likelihood `{text}`: {err}"),
                })?;
                *o = d.ln_pdf(*observed);
            }
        }
    }
    Ok(())
}
