//! `samples.csv`: every draw of every quantity, one row per draw; a run with evidence adds a
//! last column `weight` (`_weight` if a quantity is called `weight`), each draw's normalised importance weight (they sum to 1), so weighted
//! means of the columns are the results after the evidence (unweighted ones, before it).
//!
//! Numbers are written in the shortest form that reads back to the same `f64` (Rust's float
//! formatting is shortest round-trip, after Steele & White 1990 / Ryū, Adams 2018), in plain
//! decimal between 10^-5 and 10^16 and in exponent form (`1.5e-7`) outside, so no digit is lost
//! and no value turns into hundreds of zeros. Output is buffered: about 10^6 rows of six columns
//! a second.

use std::io::{self, BufWriter, Write};

use thiserror::Error;

use super::{Artifact, Exporter, Target};
use crate::engine::stream::Chunk;
use crate::engine::Draws;
use crate::results::{QuantityId, RunResult};
use crate::scenario::Scenario;

/// What can go wrong writing the draws.
#[derive(Debug, Error)]
pub enum SamplesCsvError {
    /// `names` and `columns` have different lengths.
    #[error("{names} column names for {columns} columns")]
    NameCount {
        /// Number of names.
        names: usize,
        /// Number of columns.
        columns: usize,
    },
    /// A column's length differs from the first column's.
    #[error("column `{name}` has {len} draws, expected {expected}")]
    ColumnLength {
        /// The column's name.
        name: String,
        /// Its length.
        len: usize,
        /// The first column's length.
        expected: usize,
    },
    /// Writing failed.
    #[error("could not write samples: {0}")]
    Io(#[from] io::Error),
}

/// Writes a header row of `names`, then one row per draw with the values of `columns`.
///
/// # Errors
///
/// [`SamplesCsvError::NameCount`] or [`SamplesCsvError::ColumnLength`] if the shapes disagree
/// (checked before anything is written); [`SamplesCsvError::Io`] if writing fails.
pub fn write_samples_csv<W: Write>(
    w: W,
    names: &[&str],
    columns: &[&[f64]],
) -> Result<(), SamplesCsvError> {
    if names.len() != columns.len() {
        return Err(SamplesCsvError::NameCount {
            names: names.len(),
            columns: columns.len(),
        });
    }
    let rows = columns.first().map_or(0, |c| c.len());
    for (name, col) in names.iter().zip(columns) {
        if col.len() != rows {
            let name = name.to_string();
            return Err(SamplesCsvError::ColumnLength {
                name,
                len: col.len(),
                expected: rows,
            });
        }
    }
    let mut rows_out = RowWriter::new(w, names)?;
    rows_out.rows(columns, rows)?;
    rows_out.finish()?;
    Ok(())
}

/// A `samples.csv` written a block of rows at a time (the streaming mode writes each batch of
/// chunks as it is drawn, in draw order): the same bytes as [`write_samples_csv`] of all the
/// rows at once.
pub struct RowWriter<W: Write> {
    out: BufWriter<W>,
    line: String,
}

impl<W: Write> RowWriter<W> {
    /// Starts the file with its header row of `names`.
    ///
    /// # Errors
    /// Writing fails.
    pub fn new(w: W, names: &[&str]) -> io::Result<RowWriter<W>> {
        let mut out = BufWriter::with_capacity(1 << 16, w);
        let header: Vec<String> = names.iter().map(|n| quote(n)).collect();
        writeln!(out, "{}", header.join(","))?;
        Ok(RowWriter {
            out,
            line: String::with_capacity(32 * names.len()),
        })
    }

    /// Appends the first `rows` values of every column, one row per draw (columns in the
    /// header's order, each at least `rows` long).
    ///
    /// # Errors
    /// Writing fails.
    pub fn rows(&mut self, columns: &[&[f64]], rows: usize) -> io::Result<()> {
        let line = &mut self.line;
        for i in 0..rows {
            line.clear();
            for (j, col) in columns.iter().enumerate() {
                if j > 0 {
                    line.push(',');
                }
                push_number(line, col[i]);
            }
            line.push('\n');
            self.out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Flushes what is buffered and gives the writer back.
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(self) -> io::Result<W> {
        self.out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
    }
}

/// `samples.csv` of a run from its draws.
pub struct SamplesCsv<'a> {
    /// The run's draws.
    pub draws: &'a Draws,
    /// The quantities written, in order (`--columns`); empty: every quantity.
    pub columns: Vec<QuantityId>,
}

impl SamplesCsv<'_> {
    /// Writes the file to `w` row by row (the bytes [`Exporter::export`] gives, without
    /// holding them).
    ///
    /// # Errors
    /// As [`write_samples_csv`].
    pub fn write_to<W: Write>(&self, result: &RunResult, w: W) -> Result<(), SamplesCsvError> {
        let ids: Vec<QuantityId> = if self.columns.is_empty() {
            result.quantities.ids().collect()
        } else {
            self.columns.clone()
        };
        let mut names: Vec<&str> = ids
            .iter()
            .map(|&q| result.quantities[q].name.as_str())
            .collect();
        let mut columns: Vec<&[f64]> = ids
            .iter()
            .map(|&q| self.draws.columns[q].as_slice())
            .collect();
        if let Some(p) = &result.posterior {
            // Quantity names start with a letter, so `_weight` is free when `weight` is taken.
            let taken = names.contains(&"weight");
            names.push(if taken { "_weight" } else { "weight" });
            columns.push(&p.weights);
        }
        write_samples_csv(w, &names, &columns)
    }
}

impl Exporter for SamplesCsv<'_> {
    fn export(&self, result: &RunResult) -> anyhow::Result<Vec<Artifact>> {
        let mut bytes = Vec::new();
        self.write_to(result, &mut bytes)?;
        Ok(vec![Artifact {
            target: Target::File("samples.csv".into()),
            bytes,
        }])
    }
}

/// `samples.csv` written while the streaming mode draws: a batch of chunks at a time, in chunk
/// order, which is draw order; the same bytes as [`SamplesCsv`] of the kept draws. With
/// evidence its last column is each draw's final normalised weight, given with the chunks (the
/// streaming mode writes the rows in the pass that rebuilds those weights).
pub struct ChunkCsv<W: Write> {
    rows: RowWriter<W>,
    ids: Vec<QuantityId>,
    weighted: bool,
}

impl<W: Write> ChunkCsv<W> {
    /// Starts the file with the header of `columns` (`--columns`; empty: every quantity), and
    /// the weight column when the scenario has evidence (named as [`SamplesCsv`] names it).
    ///
    /// # Errors
    /// Writing fails.
    pub fn new(w: W, scenario: &Scenario, columns: &[QuantityId]) -> io::Result<ChunkCsv<W>> {
        let ids: Vec<QuantityId> = if columns.is_empty() {
            scenario.quantities.ids().collect()
        } else {
            columns.to_vec()
        };
        let mut names: Vec<&str> = ids
            .iter()
            .map(|&q| scenario.quantities[q].name.as_str())
            .collect();
        let weighted = !scenario.evidence.is_empty();
        if weighted {
            let taken = names.contains(&"weight");
            names.push(if taken { "_weight" } else { "weight" });
        }
        Ok(ChunkCsv {
            rows: RowWriter::new(w, &names)?,
            ids,
            weighted,
        })
    }

    /// Appends the rows of `batch`'s chunks, in order; `weights` holds each chunk's final
    /// normalised weights, which a scenario with evidence needs.
    ///
    /// # Errors
    /// Writing fails; [`io::ErrorKind::InvalidInput`] if the weights are missing or of the
    /// wrong shape (checked before the batch is written).
    pub fn feed(&mut self, batch: &[Chunk], weights: Option<&[Vec<f64>]>) -> io::Result<()> {
        let weights = match (self.weighted, weights) {
            (false, _) => None,
            (true, Some(w))
                if w.len() == batch.len() && w.iter().zip(batch).all(|(w, c)| w.len() == c.len) =>
            {
                Some(w)
            }
            (true, _) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "samples.csv with evidence needs every chunk's weights",
                ))
            }
        };
        for (k, ch) in batch.iter().enumerate() {
            let mut columns: Vec<&[f64]> = self.ids.iter().map(|&q| &ch.columns[q][..]).collect();
            if let Some(w) = weights {
                columns.push(&w[k]);
            }
            self.rows.rows(&columns, ch.len)?;
        }
        Ok(())
    }

    /// Flushes the file and gives the writer back.
    ///
    /// # Errors
    /// Writing fails.
    pub fn finish(self) -> io::Result<W> {
        self.rows.finish()
    }
}

/// Appends `x` in shortest round-trip form (see the module docs).
fn push_number(line: &mut String, x: f64) {
    use std::fmt::Write as _;
    let a = x.abs();
    // Writing to a String cannot fail.
    let _ = if a != 0.0 && a.is_finite() && !(1e-5..1e16).contains(&a) {
        write!(line, "{x:e}")
    } else {
        write!(line, "{x}")
    };
}

/// A CSV field, quoted if it holds a comma, quote or line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<f64>>) {
        let mut r = csv::Reader::from_reader(bytes);
        let names = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        let rows = r
            .records()
            .map(|rec| {
                rec.expect("record")
                    .iter()
                    .map(|f| f.parse().expect("number"))
                    .collect()
            })
            .collect();
        (names, rows)
    }

    #[test]
    fn round_trips_exactly() {
        let a = [
            0.1,
            -2.5e-7,
            3_000_000.0,
            1e300,
            f64::MIN_POSITIVE,
            0.0,
            -0.0,
            1.0 / 3.0,
        ];
        let b = [7.0, 1e16, 123_456.789, -1e-5, 5e-324, f64::MAX, 2.0, 4.0];
        let mut buf = Vec::new();
        write_samples_csv(&mut buf, &["a", "b, quoted"], &[&a, &b]).expect("write");
        let (names, rows) = read_back(&buf);
        assert_eq!(names, ["a", "b, quoted"]);
        assert_eq!(rows.len(), a.len());
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row[0].to_bits(), a[i].to_bits(), "row {i}");
            assert_eq!(row[1].to_bits(), b[i].to_bits(), "row {i}");
        }
        let text = String::from_utf8(buf).expect("utf-8");
        assert!(
            text.starts_with("a,\"b, quoted\"\n0.1,7\n-2.5e-7,1e16\n3000000,"),
            "{text}"
        );
        assert!(text.lines().all(|l| l.len() < 40), "no runs of zeros");
    }

    #[test]
    fn shapes_are_checked_before_writing() {
        let mut buf = Vec::new();
        let err = write_samples_csv(&mut buf, &["a"], &[&[1.0], &[2.0]]).expect_err("mismatch");
        assert!(matches!(
            err,
            SamplesCsvError::NameCount {
                names: 1,
                columns: 2
            }
        ));
        let err = write_samples_csv(&mut buf, &["a", "b"], &[&[1.0], &[]]).expect_err("lengths");
        assert_eq!(err.to_string(), "column `b` has 0 draws, expected 1");
        assert!(buf.is_empty());
    }

    #[test]
    fn empty_columns_give_a_header() {
        let mut buf = Vec::new();
        write_samples_csv(&mut buf, &["x"], &[&[]]).expect("write");
        assert_eq!(buf, b"x\n");
    }
}
