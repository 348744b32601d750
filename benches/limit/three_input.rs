//! The floor for the three-input model: a plain Rust program that only draws
//! `benches/three_input.toml`'s model and summarises it, with no scenario file, no expression
//! graph, no sensitivity, charts or report. shellcount's end-to-end time is compared with this
//! program's (target: at most 1.5×), so it is written to be fast, not to be a strawman.
//!
//! ```text
//! containers = 6000 to 7400        lognormal, 5th/95th percentiles (as shellcount's `a to b`)
//! rounds     = 400 to 500          lognormal
//! dud_rate   = beta(10, 10)        X / (X + Y), X, Y ~ Gamma(10, 1)
//! shipped    = containers × rounds
//! working    = shipped × (1 − dud_rate)
//! claim      = shipped ≥ 3,000,000
//! ```
//!
//! How (the same shape as shellcount's engine, with everything model-specific inlined):
//! - draws in fixed chunks of 8,192, each with its own xoshiro256++ stream seeded from
//!   (seed, chunk) by SplitMix64, in parallel with rayon: results do not depend on the thread
//!   count. Normals are rand_distr's ziggurat; gammas rand_distr's Marsaglia–Tsang.
//! - all five columns are kept (exact percentiles need every draw); count, mean, M2 (two-pass
//!   within a chunk while it is in cache; chunks merged in order by Chan–Golub–LeVeque), min,
//!   max and the claim count are computed in the draw loop.
//! - exact order statistics without sorting: one parallel pass counts each column into
//!   60 × 64 equal-width bins over [min, max] (the 60-bin histogram is their sum by 64), a second
//!   gathers only the draws in bins holding a wanted rank, and `select_nth_unstable` finds each
//!   rank there. Wanted ranks: both neighbours of the nine R-7 percentiles (Hyndman & Fan 1996,
//!   definition 7) and the order statistics bounding each percentile's 95% interval, from which
//!   shellcount derives the percentile's standard error.
//!
//! It writes the summaries as JSON and does not draw the 200-point exceedance curve.
//!
//! Usage: `cargo run --release --example limit_three_input -- [SAMPLES] [--seed S] [--out FILE]
//! [--timing]` (defaults: 10^7 draws, seed 1, JSON to standard output; `--timing` prints the
//! time of each phase to standard error).

use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Gamma, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::Write;

/// Draws per chunk (and per random stream).
const CHUNK: usize = 8_192;
/// Draws per task in the summary passes.
const PASS_CHUNK: usize = 1 << 18;
/// Histogram bins, and fine bins per histogram bin for locating order statistics.
const HIST_BINS: usize = 60;
const FINE_PER_BIN: usize = 64;
const FINE_BINS: usize = HIST_BINS * FINE_PER_BIN;
/// The 95th percentile of the standard normal: `a to b` has ln a, ln b at μ ∓ Z95·σ.
const Z95: f64 = 1.644_853_626_951_472_2;
const PROBS: [f64; 9] = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99];
const NAMES: [&str; 5] = [
    "containers",
    "rounds_per_container",
    "dud_rate",
    "shipped",
    "working",
];

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn chunk_rng(seed: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(
        splitmix64(seed) ^ splitmix64(chunk.wrapping_add(0x632B_E59B_D9B4_E019)),
    )
}

/// `a to b`: the lognormal with 5th percentile `a` and 95th `b`, as (μ, σ) of its log.
fn to(a: f64, b: f64) -> (f64, f64) {
    let (la, lb) = (a.ln(), b.ln());
    (0.5 * (la + lb), (lb - la) / (2.0 * Z95))
}

/// Count, mean, sum of squared deviations, min and max; mergeable.
#[derive(Clone, Copy)]
struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Moments {
    /// Two passes over a chunk held in cache, in 4 independent lanes so they vectorise.
    fn of(xs: &[f64]) -> Moments {
        const L: usize = 4;
        let n = xs.len() as f64;
        let (mut sum, mut min, mut max) = ([0.0; L], [f64::INFINITY; L], [f64::NEG_INFINITY; L]);
        let lanes = xs.chunks_exact(L);
        let tail = lanes.remainder();
        for c in lanes {
            for l in 0..L {
                sum[l] += c[l];
                min[l] = if c[l] < min[l] { c[l] } else { min[l] };
                max[l] = if c[l] > max[l] { c[l] } else { max[l] };
            }
        }
        for (l, &x) in tail.iter().enumerate() {
            sum[l] += x;
            min[l] = min[l].min(x);
            max[l] = max[l].max(x);
        }
        let mean = sum.iter().sum::<f64>() / n;
        let mut m2 = [0.0; L];
        let lanes = xs.chunks_exact(L);
        let tail = lanes.remainder();
        for c in lanes {
            for l in 0..L {
                m2[l] += (c[l] - mean) * (c[l] - mean);
            }
        }
        for (l, &x) in tail.iter().enumerate() {
            m2[l] += (x - mean) * (x - mean);
        }
        Moments {
            n,
            mean,
            m2: m2.iter().sum(),
            min: min.iter().copied().fold(f64::INFINITY, f64::min),
            max: max.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    fn merge(self, o: Moments) -> Moments {
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        Moments {
            n,
            mean: self.mean + d * o.n / n,
            m2: self.m2 + o.m2 + d * d * self.n * o.n / n,
            min: self.min.min(o.min),
            max: self.max.max(o.max),
        }
    }
}

/// Draws one chunk into the five column slices; returns their moments and the claim count.
fn draw_chunk(seed: u64, chunk: usize, cols: [&mut [f64]; 5]) -> ([Moments; 5], u64) {
    let mut rng = chunk_rng(seed, chunk as u64);
    let (mu_c, s_c) = to(6000.0, 7400.0);
    let (mu_r, s_r) = to(400.0, 500.0);
    let gamma = Gamma::new(10.0, 1.0).expect("valid shape");
    let [c, r, d, s, w] = cols;
    let mut holds = 0u64;
    for i in 0..c.len() {
        let z1: f64 = rng.sample(StandardNormal);
        let z2: f64 = rng.sample(StandardNormal);
        let x = gamma.sample(&mut rng);
        let y = gamma.sample(&mut rng);
        let containers = (mu_c + s_c * z1).exp();
        let rounds = (mu_r + s_r * z2).exp();
        let dud = x / (x + y);
        let shipped = containers * rounds;
        c[i] = containers;
        r[i] = rounds;
        d[i] = dud;
        s[i] = shipped;
        w[i] = shipped * (1.0 - dud);
        holds += u64::from(shipped >= 3e6);
    }
    let m = [
        Moments::of(c),
        Moments::of(r),
        Moments::of(d),
        Moments::of(s),
        Moments::of(w),
    ];
    (m, holds)
}

/// The fine bin of `x` in `FINE_BINS` equal bins over [lo, lo + FINE_BINS / scale].
#[inline]
fn fine_bin(x: f64, lo: f64, scale: f64) -> usize {
    (((x - lo) * scale) as usize).min(FINE_BINS - 1)
}

/// The values of `col` at the 0-based `ranks` (exact order statistics), and the fine-bin counts.
fn order_statistics(col: &[f64], m: &Moments, ranks: &[usize]) -> (Vec<f64>, Vec<u64>) {
    let (lo, width) = (m.min, m.max - m.min);
    let scale = if width > 0.0 {
        FINE_BINS as f64 / width
    } else {
        0.0
    };
    let counts = col
        .par_chunks(PASS_CHUNK)
        .fold(
            || vec![0u64; FINE_BINS],
            |mut acc, part| {
                part.iter().for_each(|&x| acc[fine_bin(x, lo, scale)] += 1);
                acc
            },
        )
        .reduce(
            || vec![0u64; FINE_BINS],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            },
        );
    let mut start = Vec::with_capacity(FINE_BINS + 1);
    start.push(0usize);
    for &k in &counts {
        start.push(start.last().copied().unwrap_or(0) + k as usize);
    }
    // Which bin holds each rank, and a slot per distinct wanted bin.
    let bin_of = |r: usize| start.partition_point(|&s| s <= r) - 1;
    let mut slot = vec![u16::MAX; FINE_BINS];
    let mut wanted: Vec<usize> = Vec::new();
    for &r in ranks {
        let b = bin_of(r);
        if slot[b] == u16::MAX {
            slot[b] = wanted.len() as u16;
            wanted.push(b);
        }
    }
    let gathered = col
        .par_chunks(PASS_CHUNK)
        .map(|part| {
            let mut out = vec![Vec::new(); wanted.len()];
            for &x in part {
                let s = slot[fine_bin(x, lo, scale)];
                if s != u16::MAX {
                    out[s as usize].push(x);
                }
            }
            out
        })
        .reduce(
            || vec![Vec::new(); wanted.len()],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| x.extend(y));
                a
            },
        );
    let mut gathered = gathered;
    let values = ranks
        .iter()
        .map(|&r| {
            let b = bin_of(r);
            let v = &mut gathered[slot[b] as usize];
            *v.select_nth_unstable_by(r - start[b], f64::total_cmp).1
        })
        .collect();
    (values, counts)
}

/// Summary of one column: moments, R-7 percentiles and their standard errors, histogram.
fn summarise(col: &[f64], m: &Moments) -> Value {
    let n = col.len();
    let last = (n - 1) as f64;
    let mut ranks = Vec::new();
    let mut weights = Vec::new();
    for p in PROBS {
        let h = last * p;
        let (j, g) = (h.floor(), h - h.floor());
        ranks.extend([j as usize, j as usize + usize::from(g > 0.0)]);
        weights.push(g);
        let half = 1.96 * (n as f64 * p * (1.0 - p)).sqrt();
        let l = (n as f64 * p - half).floor().clamp(0.0, last) as usize;
        let u = (n as f64 * p + half).ceil().clamp(0.0, last) as usize;
        ranks.extend([l, u]);
    }
    let (v, fine) = order_statistics(col, m, &ranks);
    let sd = (m.m2 / (m.n - 1.0)).sqrt();
    let mut out = json!({
        "mean": m.mean, "sd": sd, "min": m.min, "max": m.max,
        "mcse_mean": sd / m.n.sqrt(),
    });
    let mut se = serde_json::Map::new();
    for (k, (p, g)) in PROBS.iter().zip(&weights).enumerate() {
        let (lo, hi, l, u) = (v[4 * k], v[4 * k + 1], v[4 * k + 2], v[4 * k + 3]);
        let q = if *g == 0.0 { lo } else { lo + g * (hi - lo) };
        let name = format!("p{}", (p * 100.0).round());
        out[&name] = json!(q);
        se.insert(name, json!((u - l) / (2.0 * 1.96)));
    }
    out["mcse_quantiles"] = Value::Object(se);
    let hist: Vec<u64> = fine.chunks(FINE_PER_BIN).map(|c| c.iter().sum()).collect();
    out["histogram"] = json!({
        "lo": m.min, "width": (m.max - m.min) / HIST_BINS as f64, "counts": hist,
    });
    out
}

/// Command-line options.
struct Args {
    samples: usize,
    seed: u64,
    out: Option<String>,
    timing: bool,
}

fn parse_args() -> Result<Args, String> {
    let (mut n, mut seed, mut out, mut timing) = (10_000_000usize, 1u64, None, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => {
                let s = args.next().ok_or("--seed needs a value")?;
                seed = s.parse().map_err(|_| format!("bad seed `{s}`"))?;
            }
            "--out" => out = Some(args.next().ok_or("--out needs a file")?),
            "--timing" => timing = true,
            s => {
                n = s
                    .parse::<f64>()
                    .ok()
                    .filter(|&x| x >= 2.0 && x.fract() == 0.0)
                    .ok_or(format!("bad sample count `{s}` (a whole number >= 2)"))?
                    as usize;
            }
        }
    }
    Ok(Args {
        samples: n,
        seed,
        out,
        timing,
    })
}

fn main() {
    let Args {
        samples: n,
        seed,
        out,
        timing,
    } = parse_args().unwrap_or_else(|e| {
        eprintln!("limit_three_input: {e}\nusage: limit_three_input [SAMPLES] [--seed S] [--out FILE] [--timing]");
        std::process::exit(2)
    });
    let t0 = std::time::Instant::now();
    let mut cols: Vec<Vec<f64>> = (0..5).map(|_| vec![0.0; n]).collect();
    let per_chunk: Vec<([Moments; 5], u64)> = {
        let [c, r, d, s, w] = &mut cols[..] else {
            unreachable!("five columns")
        };
        (
            c.par_chunks_mut(CHUNK),
            r.par_chunks_mut(CHUNK),
            d.par_chunks_mut(CHUNK),
            s.par_chunks_mut(CHUNK),
            w.par_chunks_mut(CHUNK),
        )
            .into_par_iter()
            .enumerate()
            .map(|(k, (c, r, d, s, w))| draw_chunk(seed, k, [c, r, d, s, w]))
            .collect()
    };
    // Merge in chunk order: the same bits on any thread count.
    let mut moments = per_chunk[0].0;
    let mut holds = per_chunk[0].1;
    for (m, h) in &per_chunk[1..] {
        for (a, b) in moments.iter_mut().zip(m) {
            *a = a.merge(*b);
        }
        holds += h;
    }
    let t_draw = t0.elapsed();
    let mut quantities = serde_json::Map::new();
    for ((name, col), m) in NAMES.iter().zip(&cols).zip(&moments) {
        quantities.insert(name.to_string(), summarise(col, m));
    }
    let t_summ = t0.elapsed() - t_draw;
    let p = holds as f64 / n as f64;
    let doc = json!({
        "samples": n, "seed": seed, "quantities": quantities,
        "claims": [{"id": "three-million", "probability": p,
                    "mcse": (p * (1.0 - p) / n as f64).sqrt()}],
    });
    let text = serde_json::to_string(&doc).expect("serialisable");
    let written = match &out {
        Some(path) => std::fs::write(path, text),
        None => writeln!(std::io::stdout(), "{text}"),
    };
    if let Err(e) = written {
        eprintln!("limit_three_input: cannot write the summary: {e}");
        std::process::exit(1);
    }
    if timing {
        eprintln!(
            "draw (with first touch of the columns) {:.3} s, summaries {:.3} s, total {:.3} s",
            t_draw.as_secs_f64(),
            t_summ.as_secs_f64(),
            t0.elapsed().as_secs_f64()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_statistics_match_a_full_sort() {
        let mut rng = chunk_rng(7, 0);
        let smooth: Vec<f64> = (0..30_000)
            .map(|_| rng.sample::<f64, _>(StandardNormal).exp())
            .collect();
        let ties: Vec<f64> = (0..30_000)
            .map(|_| (rng.random::<f64>() * 20.0).floor())
            .collect();
        for col in [smooth, ties, vec![3.5; 1000], vec![1.0, 2.0]] {
            let m = Moments::of(&col);
            let mut sorted = col.clone();
            sorted.sort_by(f64::total_cmp);
            let ranks: Vec<usize> = (0..col.len()).step_by(7).chain([col.len() - 1]).collect();
            let (values, counts) = order_statistics(&col, &m, &ranks);
            for (&r, x) in ranks.iter().zip(values) {
                assert_eq!(x, sorted[r], "rank {r}");
            }
            assert_eq!(counts.iter().sum::<u64>() as usize, col.len());
        }
    }

    #[test]
    fn merged_moments_match_one_pass() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| (i as f64 * 0.37).sin() * 100.0 + 5.0)
            .collect();
        let whole = Moments::of(&xs);
        let merged = Moments::of(&xs[..300]).merge(Moments::of(&xs[300..]));
        assert!((whole.mean - merged.mean).abs() < 1e-12 * whole.mean.abs().max(1.0));
        assert!((whole.m2 - merged.m2).abs() < 1e-10 * whole.m2);
        assert_eq!((whole.min, whole.max), (merged.min, merged.max));
    }
}
