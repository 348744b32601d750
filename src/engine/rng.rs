//! Random streams: one xoshiro256++ generator per chunk, seeded from `(seed, chunk index)`,
//! and, for the random sources of `[model]`, one counter-based stream per (source, part, draw).
//!
//! A source's draw `i` is a pure function of `(seed, source, part, i)` ([`SourceKeys`]): it
//! does not depend on the chunking, the thread count, which `if` branch other draws took, or
//! what else the run computes, so a run with and without the sensitivity analysis draws the
//! same values, and a Saltelli design run can give one source the draws of another run's rows
//! ([`Resample`]) while every other source keeps its own, row for row.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::model::{SourceId, Stream};

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix.
pub(super) fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of every chunk.
pub type ChunkRng = Xoshiro256PlusPlus;

/// The generator of chunk `chunk` for a run seeded with `seed`.
pub fn chunk_rng(seed: u64, chunk: u64) -> ChunkRng {
    Xoshiro256PlusPlus::seed_from_u64(
        splitmix64(seed) ^ splitmix64(chunk.wrapping_add(0x632B_E59B_D9B4_E019)),
    )
}

/// The generator of chunk `chunk` for part `part` of the stream tagged `tag` in a run seeded
/// `seed` (a `[shipment]` stage's stream is part 0, a thinning cell's is its index): the
/// generator of [`chunk_rng`] for `seed ^ tag`, the part mixed in by an odd multiplier, so part
/// 0 is `chunk_rng(seed ^ tag, chunk)` itself.
pub fn part_rng(seed: u64, tag: u64, part: u64, chunk: u64) -> ChunkRng {
    chunk_rng(seed ^ tag ^ part.wrapping_mul(0x9FB2_1C65_1E98_DF25), chunk)
}

/// Stream tag of the random sources (any fixed constant).
const SOURCE_TAG: u64 = 0x7C15_5EED_0F5A_4D3B;

/// A run whose draws of one source come from another run's rows: draw `i` of `source` is
/// drawn as row `offset + i` of a run seeded `seed` (a Saltelli design's AB runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resample {
    /// The source whose draws are replaced.
    pub source: SourceId,
    /// The seed of the run they come from.
    pub seed: u64,
    /// The row of that run the first draw comes from.
    pub offset: u64,
}

/// The keys of every source's streams in one run.
#[derive(Debug, Clone, Default)]
pub struct SourceKeys {
    /// Per source: (key, row offset).
    keys: Vec<(u64, u64)>,
}

fn source_key(seed: u64, source: SourceId) -> u64 {
    splitmix64(
        splitmix64(seed ^ SOURCE_TAG) ^ (source.index() as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93),
    )
}

impl SourceKeys {
    /// The keys of `n` sources in a run seeded `seed`, with `resample`'s source from its run.
    pub fn new(seed: u64, n: usize, resample: Option<Resample>) -> SourceKeys {
        let keys = (0..n)
            .map(|i| {
                let s = SourceId::new(i);
                match resample {
                    Some(r) if r.source == s => (source_key(r.seed, s), r.offset),
                    _ => (source_key(seed, s), 0),
                }
            })
            .collect();
        SourceKeys { keys }
    }

    /// The stream of `stream`'s part on draw `row` of the run.
    #[inline]
    pub fn draw(&self, stream: Stream, row: u64) -> DrawStream {
        let (key, offset) = self.keys[stream.source.index()];
        DrawStream::new(key, stream.part, offset.wrapping_add(row))
    }
}

/// The uniform a source's draw `row` is made from, in a run seeded `seed`: the first uniform of
/// part 0 (a distribution's draw is its inverse CDF at this value, a mixture's choice of
/// component is the first component whose cumulative weight exceeds it).
pub fn source_uniform(seed: u64, source: SourceId, row: u64) -> f64 {
    DrawStream::new(source_key(seed, source), 0, row).uniform()
}

/// The random numbers of one (source, part, draw): a SplitMix64 sequence (Steele, Lea & Flood
/// 2014) started from a hash of the three.
#[derive(Debug, Clone)]
pub struct DrawStream(u64);

impl DrawStream {
    #[inline]
    fn new(key: u64, part: u32, row: u64) -> DrawStream {
        DrawStream(splitmix64(
            key ^ splitmix64(row ^ (u64::from(part) << 48) ^ 0x2545_F491_4F6C_DD1D),
        ))
    }

    /// The next uniform, strictly inside (0, 1) (53 bits, centred in its cell).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    #[inline]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        splitmix64(self.0)
    }
}

/// A family's own sampler draws from the stream through this (a source drawn `native`ly).
impl rand::RngCore for DrawStream {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        (self.next() >> 32) as u32
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        self.next()
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let b = self.next().to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    #[test]
    fn streams_differ_and_repeat() {
        let a = chunk_rng(1, 0).next_u64();
        assert_eq!(a, chunk_rng(1, 0).next_u64());
        assert_ne!(a, chunk_rng(1, 1).next_u64());
        assert_ne!(a, chunk_rng(2, 0).next_u64());
        assert_eq!(
            part_rng(1, 6, 0, 3).next_u64(),
            chunk_rng(1 ^ 6, 3).next_u64()
        );
        let b = part_rng(1, 6, 1, 3).next_u64();
        assert_ne!(b, part_rng(1, 6, 0, 3).next_u64());
        assert_ne!(b, part_rng(1, 6, 2, 3).next_u64());
        assert_ne!(b, part_rng(1, 6, 1, 4).next_u64());
    }

    #[test]
    fn source_draws_depend_on_seed_source_part_and_row_only() {
        let s = |i| SourceId::new(i);
        let st = |i, part| Stream {
            source: s(i),
            part,
            native: false,
        };
        let keys = SourceKeys::new(7, 2, None);
        let u = keys.draw(st(1, 0), 5).uniform();
        assert_eq!(u, source_uniform(7, s(1), 5));
        assert!(u > 0.0 && u < 1.0);
        assert_ne!(u, keys.draw(st(0, 0), 5).uniform());
        assert_ne!(u, keys.draw(st(1, 1), 5).uniform());
        assert_ne!(u, keys.draw(st(1, 0), 6).uniform());
        // Source 1 from row 100 of the run seeded 9; source 0 unchanged.
        let r = Resample {
            source: s(1),
            seed: 9,
            offset: 100,
        };
        let ab = SourceKeys::new(7, 2, Some(r));
        assert_eq!(ab.draw(st(1, 0), 5).uniform(), source_uniform(9, s(1), 105));
        assert_eq!(ab.draw(st(0, 0), 5).uniform(), source_uniform(7, s(0), 5));
    }

    #[test]
    fn source_uniforms_look_uniform() {
        // Mean 1/2 and variance 1/12 within 4 standard errors over 20,000 draws.
        let n = 20_000;
        let u: Vec<f64> = (0..n)
            .map(|i| source_uniform(3, SourceId::new(0), i))
            .collect();
        let mean = u.iter().sum::<f64>() / n as f64;
        let var = u.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(
            (mean - 0.5).abs() < 4.0 * (1.0 / 12.0 / n as f64).sqrt(),
            "{mean}"
        );
        assert!(
            (var - 1.0 / 12.0).abs() < 4.0 * (1.0 / 180.0 / n as f64).sqrt(),
            "{var}"
        );
    }
}
