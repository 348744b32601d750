//! Which pixels of a reused canvas may differ from the paper: per row, the columns from the
//! first to past the last pixel any drawing call could have touched (every call passes through
//! [`super::canvas::Canvas`], which widens the spans by what it draws, bounds rounded outwards).
//!
//! ```text
//! paint      only the spans of the chart before are laid as paper again, not the whole sheet
//! palette    pixels outside a row's span are paper: not compared and not looked up
//! ```

/// Touched columns per row, `[first, end)`; `first == end` for an untouched row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spans {
    rows: Vec<(u16, u16)>,
    width: i32,
}

impl Spans {
    /// No pixel touched on a sheet of `(w, h)` pixels.
    pub(crate) fn new((w, h): (u32, u32)) -> Spans {
        assert!(w <= u32::from(u16::MAX), "sheet too wide");
        Spans {
            rows: vec![(0, 0); h as usize],
            width: w as i32,
        }
    }

    /// Every pixel of a sheet of `(w, h)` pixels touched.
    #[cfg(test)]
    pub(crate) fn all((w, h): (u32, u32)) -> Spans {
        let mut s = Spans::new((w, h));
        s.rows.fill((0, w as u16));
        s
    }

    /// The touched columns of row `y`.
    pub(crate) fn row(&self, y: usize) -> (usize, usize) {
        let (a, b) = self.rows[y];
        (usize::from(a), usize::from(b))
    }

    /// Marks pixels `[x0, x1) × [y0, y1)` touched (clipped to the sheet).
    #[inline]
    pub(crate) fn touch(&mut self, (x0, x1): (i32, i32), (y0, y1): (i32, i32)) {
        let (x0, x1) = (x0.max(0), x1.min(self.width));
        let (y0, y1) = (y0.max(0), y1.min(self.rows.len() as i32));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        let (x0, x1) = (x0 as u16, x1 as u16);
        for row in &mut self.rows[y0 as usize..y1 as usize] {
            *row = if row.0 == row.1 {
                (x0, x1)
            } else {
                (row.0.min(x0), row.1.max(x1))
            };
        }
    }

    /// Lays `paper` (one byte for every channel) over every touched pixel of `rgb` (3 bytes a
    /// pixel, row by row) and marks nothing touched.
    pub(crate) fn relay(&mut self, rgb: &mut [u8], paper: u8) {
        let row = self.width as usize * 3;
        for (y, span) in self.rows.iter_mut().enumerate() {
            let (a, b) = (usize::from(span.0), usize::from(span.1));
            if a < b {
                rgb[y * row + 3 * a..y * row + 3 * b].fill(paper);
            }
            *span = (0, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_widen_clip_and_relay_clears() {
        let mut s = Spans::new((10, 4));
        s.touch((3, 5), (1, 3));
        s.touch((-4, 2), (2, 9));
        s.touch((8, 20), (-3, 1));
        s.touch((5, 5), (0, 4));
        assert_eq!(
            (0..4).map(|y| s.row(y)).collect::<Vec<_>>(),
            [(8, 10), (3, 5), (0, 5), (0, 2)]
        );
        let mut rgb = vec![7u8; 10 * 4 * 3];
        s.relay(&mut rgb, 255);
        let painted: Vec<bool> = rgb.chunks(3).map(|p| p[0] == 255).collect();
        assert!(painted[8] && painted[9] && !painted[7] && painted[10 + 3] && !painted[10 + 5]);
        assert!(painted[20] && painted[24] && !painted[25] && painted[31] && !painted[32]);
        assert!((0..4).all(|y| s.row(y).0 == s.row(y).1));
        assert_eq!(Spans::all((10, 4)).row(3), (0, 10));
    }
}
