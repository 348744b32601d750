//! Feeding the passes of the evidence (see the parent module's table): each draw's weights
//! rebuilt from its ln L and folded in draw order.

use super::Evidence;
use crate::engine::stream::Chunk;
use crate::stats::weight_units;
use rayon::prelude::*;

/// A chunk's weights: per entry, the running log-weights per prefix, and (once the
/// normalisers are known) the final normalised weights.
pub(super) struct ChunkWeights {
    pub(super) w: Vec<Vec<f64>>,
    pub(super) lw: Vec<Vec<f64>>,
    pub(super) fin: Vec<f64>,
}

impl Evidence {
    pub(super) fn chunk_weights(&self, ch: &Chunk) -> ChunkWeights {
        let mut acc = vec![0.0; ch.len];
        let mut out = ChunkWeights {
            w: Vec::new(),
            lw: Vec::new(),
            fin: Vec::new(),
        };
        for (e, ll) in self.entries.iter().zip(ch.log_likelihoods.iter()) {
            let w: Vec<f64> = ll.iter().map(|&v| e.weight(v)).collect();
            for (a, &x) in acc.iter_mut().zip(&w) {
                *a += e.log_term(x);
            }
            out.lw.push(acc.clone());
            out.w.push(w);
        }
        if self.stage >= 5 {
            let last = &self.prefixes[self.prefixes.len() - 1];
            out.fin = acc
                .iter()
                .map(|&l| (l - last.maxlw).exp() / last.total)
                .collect();
        }
        out
    }

    pub(super) fn feed_third(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        self.entries.par_iter_mut().enumerate().for_each(|(k, e)| {
            for (ch, cw) in pairs {
                for &w in &cw.w[k] {
                    let r = w / e.maxw;
                    e.ess = (e.ess.0 + r, e.ess.1 + r * r);
                }
                for (b, flags) in e.bayes.iter_mut().zip(ch.claims.iter()) {
                    for (&w, &f) in cw.w[k].iter().zip(flags) {
                        b.add(w, f);
                    }
                }
            }
        });
        for (k, p) in self.prefixes.iter_mut().enumerate() {
            for (_, cw) in pairs {
                p.maxlw = cw.lw[k].iter().copied().fold(p.maxlw, f64::max);
            }
        }
    }

    pub(super) fn feed_fourth(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        self.prefixes.par_iter_mut().enumerate().for_each(|(k, p)| {
            for (ch, cw) in pairs {
                let e: Vec<f64> = cw.lw[k].iter().map(|&l| (l - p.maxlw).exp()).collect();
                e.iter().for_each(|&v| p.total += v);
                for (st, flags) in p.steps.iter_mut().zip(ch.claims.iter()) {
                    for (&r, &f) in e.iter().zip(flags) {
                        *st = (st.0 + r, if f != 0 { st.1 + r } else { st.1 });
                    }
                }
            }
        });
        self.entries.par_iter_mut().enumerate().for_each(|(k, e)| {
            for (ch, cw) in pairs {
                for (err, flags) in e.errors.iter_mut().zip(ch.claims.iter()) {
                    if let Some(err) = err {
                        for (&w, &f) in cw.w[k].iter().zip(flags) {
                            err.add(w, f);
                        }
                    }
                }
            }
        });
    }

    pub(super) fn feed_fifth(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        self.prefixes.par_iter_mut().enumerate().for_each(|(k, p)| {
            let max = 1.0 / p.total;
            for (_, cw) in pairs {
                for &l in &cw.lw[k] {
                    let r = ((l - p.maxlw).exp() / p.total) / max;
                    p.ess = (p.ess.0 + r, p.ess.1 + r * r);
                }
            }
        });
        let max = 1.0 / self.prefixes[self.prefixes.len() - 1].total;
        self.cols.par_iter_mut().enumerate().for_each(|(q, c)| {
            for (ch, cw) in pairs {
                for (&x, &w) in ch.columns.as_slice()[q].iter().zip(&cw.fin) {
                    let r = w / max;
                    c.tot += r;
                    c.rx += r * x;
                    if w > 0.0 {
                        c.support = (c.support.0.min(x), c.support.1.max(x));
                    }
                    if r > 0.0 {
                        if let Some(s) = &mut c.select {
                            s.feed_first(x, weight_units(r));
                        }
                    }
                }
            }
        });
        let ends = &self.ends;
        self.claims
            .par_iter_mut()
            .enumerate()
            .for_each(|(k, (p, run))| {
                for (ch, cw) in pairs {
                    for (&w, &f) in cw.fin.iter().zip(&ch.claims.as_slice()[k]) {
                        let r = w / max;
                        *p = (p.0 + r, if f != 0 { p.1 + r } else { p.1 });
                        run.add(ends, w, f);
                    }
                }
            });
        for ((m, v), acc) in self.limits.iter().zip(&mut self.binds) {
            for (ch, cw) in pairs {
                let (a, b) = (&ch.columns[*m], &ch.columns[*v]);
                for ((x, y), &w) in a.iter().zip(b).zip(&cw.fin) {
                    if x <= y {
                        *acc += w;
                    }
                }
            }
        }
    }

    pub(super) fn feed_later(&mut self, pairs: &[(&Chunk, &ChunkWeights)]) {
        let max = 1.0 / self.prefixes[self.prefixes.len() - 1].total;
        let sixth = self.stage == 6;
        self.cols.par_iter_mut().enumerate().for_each(|(q, c)| {
            for (ch, cw) in pairs {
                for (&x, &w) in ch.columns.as_slice()[q].iter().zip(&cw.fin) {
                    let r = w / max;
                    if sixth {
                        c.ss = (c.ss.0 + r * (x - c.mean) * (x - c.mean), c.ss.1 + r * r);
                    }
                    if r > 0.0 {
                        if let Some(s) = c.select.as_mut().filter(|s| s.needs_pass()) {
                            s.feed(x, weight_units(r));
                        }
                    }
                    if let Some((t, _, _)) = &mut c.hist {
                        t.add(x, w);
                    }
                    if let Some(e) = &mut c.exceed {
                        e.feed(x, weight_units(r));
                    }
                }
            }
        });
    }
}
