//! Laid-out lines of text, cached per thread: a chart measures most strings before it draws them
//! (to fit them, to find the widest label, to place a value beside its bar) and draws each in
//! both formats, so one layout ([`Faces::layout`]: face look-ups and kerning) serves them all.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::glyphs::{Faces, Line};

/// Lines cached per thread; emptied past [`LIMIT`] entries so arbitrary text cannot grow it
/// without bound (a run lays out a few thousand distinct strings at most).
const LIMIT: usize = 8192;

/// Cached lines by font size (its bits) and boldness, then by text.
type Cache = HashMap<(u64, bool), HashMap<String, Rc<Line<'static>>>>;

thread_local! {
    static CACHE: RefCell<(Cache, usize)> = RefCell::new((HashMap::new(), 0));
}

/// `text` laid out at font size `px` in the `bold` or regular chain of `faces`, as
/// [`Faces::layout`] lays it out.
pub(crate) fn layout(faces: &'static Faces, text: &str, px: f64, bold: bool) -> Rc<Line<'static>> {
    CACHE.with(|cache| {
        let key = (px.to_bits(), bold);
        if let Some(line) = cache.borrow().0.get(&key).and_then(|m| m.get(text)) {
            return Rc::clone(line);
        }
        let line = Rc::new(faces.layout(text, px, bold));
        let (lines, count) = &mut *cache.borrow_mut();
        if *count >= LIMIT {
            lines.clear();
            *count = 0;
        }
        lines
            .entry(key)
            .or_default()
            .insert(text.to_string(), Rc::clone(&line));
        *count += 1;
        line
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached line is the line [`Faces::layout`] gives, and is laid out once per size, weight
    /// and text.
    #[test]
    fn cached_lines_are_the_layout() {
        let faces = Faces::bundled().expect("fonts");
        for (text, px, bold) in [
            ("AVAWay 국방부", 18.0, false),
            ("AVAWay 국방부", 18.0, true),
            ("x", 31.0, false),
        ] {
            let cached = layout(faces, text, px, bold);
            let fresh = faces.layout(text, px, bold);
            assert_eq!(cached.width, fresh.width, "{text}");
            let glyphs = |l: &Line<'_>| -> Vec<_> {
                l.glyphs.iter().map(|g| (g.c, g.key(), g.pen)).collect()
            };
            assert_eq!(glyphs(&cached), glyphs(&fresh), "{text}");
            assert!(Rc::ptr_eq(&cached, &layout(faces, text, px, bold)));
        }
        assert!(!Rc::ptr_eq(
            &layout(faces, "x", 31.0, false),
            &layout(faces, "x", 31.0, true)
        ));
    }
}
