//! Evaluates evidence on every draw: the log-likelihood of an observation, or whether a
//! reported bound holds. A bound whose test is unknown on a draw (it compared a value that is
//! not a finite number) is an error, never counted as "does not hold".

use super::eval::{eval, ChunkView, DrawError};
use crate::dist::{Dist, Family};
use crate::model::limits::shorten;
use crate::model::EvidenceNode;
use rand::Rng;

/// Why evidence could not be evaluated on some draw.
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceError {
    /// The likelihood's parameters (or a distribution in the test) were invalid.
    Draw(DrawError),
    /// The bound's test compared a value that is not a finite number.
    Unknown {
        /// Index of the draw within the chunk.
        index: usize,
        /// The value compared.
        value: f64,
    },
}

impl From<DrawError> for EvidenceError {
    fn from(e: DrawError) -> Self {
        EvidenceError::Draw(e)
    }
}

/// Writes ln L for each draw of the chunk into `out` (−∞ where the observation is impossible).
///
/// # Errors
/// [`EvidenceError::Draw`] if the likelihood's parameters are invalid on some draw;
/// [`EvidenceError::Unknown`] if a bound's test is unknown on some draw.
pub fn log_likelihood<R: Rng>(
    e: &EvidenceNode,
    view: &ChunkView,
    rng: &mut R,
    out: &mut [f64],
) -> Result<(), EvidenceError> {
    match e {
        EvidenceNode::Bound(node) => {
            eval(node, view, rng, out)?;
            if let Some(index) = out.iter().position(|v| !v.is_finite()) {
                return Err(EvidenceError::Unknown {
                    index,
                    value: out[index],
                });
            }
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
                let d = Dist::new(*family, &params).map_err(|err| {
                    EvidenceError::Draw(DrawError {
                        index: i,
                        message: format!("likelihood `{}`: {err}", shorten(text)),
                    })
                })?;
                *o = d.ln_pdf(*observed);
            }
        }
    }
    Ok(())
}
