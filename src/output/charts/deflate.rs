//! A zlib stream of a PNG's filtered bytes told as runs of zeros and single bytes, in the
//! format `fdeflate` writes (one Huffman block with its fixed code tuned for filtered rows, runs
//! of zeros as matches at distance 1).
//!
//! Why not `fdeflate` itself: it is handed every byte and finds the runs by looking at them,
//! and sums the Adler-32 of every byte. The palette scan ([`super::palette`]) already knows
//! which stretches of the Up-filtered rows are zero (pixels equal to the ones above, most of a
//! chart), so here a run costs one addition, and its Adler-32 one multiplication. Measured by
//! callgrind on the 13 sensitivity charts of `benches/per_container.toml` (BENCHMARKS.md,
//! "Chart encoding"): scan, filter, compression and checksums 43.7 M instructions against 58.1 M
//! through `png` + `fdeflate`, in files 0.2% smaller (its runs are never shorter than
//! `fdeflate`'s, which start only in the trailing zeros of one of its 8-byte chunks).
//!
//! ```text
//! zeros(n)  the pending run grows by n            (no byte looked at)
//! byte(b)   b = 0: the run grows by one; else the run is written, then b as a literal
//! finish    the run, end of block, padding, Adler-32 (big-endian)
//! ```

/// The code length of each literal/length symbol: `fdeflate` 0.3.7's `HUFFMAN_LENGTHS`
/// (src/tables.rs, MIT OR Apache-2.0), which the block header below describes.
const LENGTHS: [u8; 286] = [
    2, 3, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 10, 10, 10, 10, 10, 10, 10,
    10, 10, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 11, 11, 11, 11, 11, 11, 11,
    11, 11, 11, 10, 11, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 9, 9, 9, 9, 8, 9, 8, 8, 8, 8, 8, 7,
    7, 7, 6, 6, 6, 5, 4, 3, 12, 12, 12, 9, 9, 11, 10, 11, 11, 10, 11, 11, 11, 11, 11, 11, 12, 11,
    12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 9,
];

/// The zlib header and the block header (final, dynamic Huffman: [`LENGTHS`] and one distance
/// code of one bit), `fdeflate` 0.3.7's `write_headers`: 53 whole bytes and 5 bits of the last.
const HEADER: [u8; 54] = [
    120, 1, 237, 192, 3, 160, 36, 89, 150, 198, 241, 255, 119, 238, 141, 200, 204, 167, 114, 75,
    99, 174, 109, 219, 182, 109, 219, 182, 109, 219, 182, 109, 105, 140, 158, 150, 74, 175, 158,
    50, 51, 34, 238, 249, 118, 183, 106, 122, 166, 135, 59, 107, 213, 15,
];

/// The canonical codes of [`LENGTHS`], bit-reversed (deflate sends codes from their top bit, the
/// bit writer from the bottom).
const CODES: [u16; 286] = codes(&LENGTHS);

/// Canonical Huffman codes of code lengths `lengths` (RFC 1951 §3.2.2), bit-reversed.
const fn codes(lengths: &[u8; 286]) -> [u16; 286] {
    let mut out = [0u16; 286];
    let mut code = 0u32;
    let mut len = 1;
    while len <= 15 {
        let mut i = 0;
        while i < lengths.len() {
            if lengths[i] == len {
                out[i] = (code as u16).reverse_bits() >> (16 - len);
                code += 1;
            }
            i += 1;
        }
        code <<= 1;
        len += 1;
    }
    assert!(code == 1 << 16, "the code lengths are not a complete code");
    out
}

/// The first length of each length symbol 257..=285 and its extra bits (RFC 1951 §3.2.5).
const LENGTH_BASE: [(u16, u8); 29] = [
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 0),
    (7, 0),
    (8, 0),
    (9, 0),
    (10, 0),
    (11, 1),
    (13, 1),
    (15, 1),
    (17, 1),
    (19, 2),
    (23, 2),
    (27, 2),
    (31, 2),
    (35, 3),
    (43, 3),
    (51, 3),
    (59, 3),
    (67, 4),
    (83, 4),
    (99, 4),
    (115, 4),
    (131, 5),
    (163, 5),
    (195, 5),
    (227, 5),
    (258, 0),
];

/// Per match length 0..=258, the bits that send it followed by distance 1 (whose code is one
/// 0 bit) and how many: the length symbol's code, its extra bits, the distance bit.
const MATCH: [(u32, u8); 259] = matches();

const fn matches() -> [(u32, u8); 259] {
    let mut out = [(0u32, 0u8); 259];
    let mut sym = 0;
    let mut len = 3;
    while len <= 258 {
        while sym + 1 < LENGTH_BASE.len() && LENGTH_BASE[sym + 1].0 as usize <= len {
            sym += 1;
        }
        let (base, extra) = LENGTH_BASE[sym];
        let n = LENGTHS[257 + sym];
        let bits = CODES[257 + sym] as u32 | ((len as u32 - base as u32) << n);
        out[len] = (bits, n + extra + 1);
        len += 1;
    }
    out
}

/// Adler-32's modulus.
const ADLER: u64 = 65_521;

/// Literals summed before the Adler-32 sums are reduced (keeps them well inside `u64`).
const REDUCE_EVERY: u32 = 4_096;

/// A zlib stream being written.
pub(super) struct Deflate {
    out: Vec<u8>,
    bits: u64,
    nbits: u32,
    /// Zeros not yet written.
    run: u64,
    /// Adler-32's two sums, reduced now and then.
    a: u64,
    b: u64,
    unreduced: u32,
}

impl Deflate {
    /// A stream written after what `out` holds.
    pub(super) fn new(mut out: Vec<u8>) -> Deflate {
        out.extend_from_slice(&HEADER[..53]);
        Deflate {
            out,
            bits: u64::from(HEADER[53]),
            nbits: 5,
            run: 0,
            a: 1,
            b: 0,
            unreduced: 0,
        }
    }

    #[inline(always)]
    fn put(&mut self, bits: u64, n: u32) {
        debug_assert!(n <= 32 && bits >> n == 0);
        self.bits |= bits << self.nbits;
        self.nbits += n;
        if self.nbits >= 64 {
            self.out.extend_from_slice(&self.bits.to_le_bytes());
            self.nbits -= 64;
            // n > nbits now, so the shift is below 64.
            self.bits = bits >> (n - self.nbits);
        }
    }

    /// `n` zero bytes.
    #[inline(always)]
    pub(super) fn zeros(&mut self, n: usize) {
        self.run += n as u64;
    }

    /// One byte.
    #[inline(always)]
    pub(super) fn byte(&mut self, b: u8) {
        if b == 0 {
            self.run += 1;
            return;
        }
        if self.run > 0 {
            self.flush_run();
        }
        self.a += u64::from(b);
        self.b += self.a;
        self.unreduced += 1;
        if self.unreduced == REDUCE_EVERY {
            self.reduce();
        }
        self.put(u64::from(CODES[b as usize]), u32::from(LENGTHS[b as usize]));
    }

    fn reduce(&mut self) {
        self.a %= ADLER;
        self.b %= ADLER;
        self.unreduced = 0;
    }

    /// Writes the pending zeros as `fdeflate` writes a run: a literal zero, then matches at
    /// distance 1 of 258 and of the rest, or the rest as literal zeros when shorter than 5.
    #[cold]
    fn flush_run(&mut self) {
        // The sum `a` stays as it is over zeros; `b` gains `a` per zero. Both are reduced only
        // when `b` nears the top of `u64` (`a` stays below 2^21 between the literals'
        // reductions, the run's factor below 2^16).
        let zeros = if self.run < ADLER {
            self.run
        } else {
            self.run % ADLER
        };
        self.b += zeros * self.a;
        if self.b >= 1 << 62 {
            self.reduce();
        }
        let mut run = self.run - 1;
        self.run = 0;
        self.put(u64::from(CODES[0]), u32::from(LENGTHS[0]));
        let (long, long_n) = MATCH[258];
        while run >= 258 {
            self.put(u64::from(long), u32::from(long_n));
            run -= 258;
        }
        if run > 4 {
            let (bits, n) = MATCH[run as usize];
            self.put(u64::from(bits), u32::from(n));
        } else {
            // Literal zero's code is all zeros (checked in the tests).
            self.put(0, run as u32 * u32::from(LENGTHS[0]));
        }
    }

    /// Ends the stream: the bytes of `out` given to [`Deflate::new`], then the stream.
    pub(super) fn finish(mut self) -> Vec<u8> {
        if self.run > 0 {
            self.flush_run();
        }
        self.reduce();
        self.put(u64::from(CODES[256]), u32::from(LENGTHS[256]));
        let bytes = self.nbits.div_ceil(8) as usize;
        self.out
            .extend_from_slice(&self.bits.to_le_bytes()[..bytes]);
        let adler = (self.b << 16 | self.a) as u32;
        self.out.extend_from_slice(&adler.to_be_bytes());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(data: &[u8]) -> Vec<u8> {
        let mut z = Deflate::new(Vec::new());
        for &b in data {
            z.byte(b);
        }
        z.finish()
    }

    fn inflate(z: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec_zlib(z).expect("a valid zlib stream")
    }

    /// Without zeros there are no runs to find: the same bytes as `fdeflate`, header, codes
    /// and checksum.
    #[test]
    fn literals_are_fdeflates_bytes() {
        assert_eq!(CODES[0], 0);
        let mut state = 3u32;
        let data: Vec<u8> = (0..20_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 24) as u8 | 1
            })
            .collect();
        for n in [0, 1, 7, 8, 9, 4_095, 4_096, 4_097, 20_000] {
            assert_eq!(
                stream(&data[..n]),
                fdeflate::compress_to_vec(&data[..n]),
                "{n}"
            );
        }
    }

    /// Runs of every length up to past two long matches, at the start, between literals and
    /// at the end, given byte by byte and as `zeros`: they inflate to what was given.
    #[test]
    fn runs_inflate_to_their_zeros() {
        let mut data = Vec::new();
        let mut z = Deflate::new(vec![1, 2]);
        for n in (0..600).chain([5_551, 5_552, 5_553, 70_000, 1_000_000]) {
            data.extend(std::iter::repeat_n(0, n));
            if n % 2 == 0 {
                z.zeros(n);
            } else {
                (0..n).for_each(|_| z.byte(0));
            }
            let b = (n % 255) as u8 + 1;
            data.push(b);
            z.byte(b);
            if n % 3 == 0 {
                data.extend([0, 255, 0]);
                [0, 255, 0].into_iter().for_each(|b| z.byte(b));
            }
        }
        data.extend([0; 300]);
        z.zeros(300);
        let out = z.finish();
        assert_eq!(out[..2], [1, 2]);
        assert!(inflate(&out[2..]) == data);
        // The checksum, summed plainly (decoders may skip it).
        let (a, b) = data.iter().fold((1u64, 0u64), |(a, b), &x| {
            let a = (a + u64::from(x)) % ADLER;
            (a, (b + a) % ADLER)
        });
        assert_eq!(out[out.len() - 4..], ((b << 16 | a) as u32).to_be_bytes());
        assert!(out.len() < data.len() / 20);
    }
}
