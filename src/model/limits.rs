//! The limits on what a scenario may ask of shellcount, in one place: each is checked before
//! sampling (or, for work that only sampling reveals, as soon as it is known) and refused with
//! exit code 2, a location and what to change. The README's "Bad input" section lists them.
//!
//! ```text
//! MAX_EXPR_LEN          1 MiB of text per expression
//! MAX_DEPTH             256 levels of nesting: ( ), calls, [ ], unary -, not, ^
//! STACK_BYTES           32 MiB: thread stack for parsing, compiling and evaluating
//! MAX_CONTAINER_LOADS   1e11 per-container loads drawn one by one in a run
//! QUOTE_CHARS           60 characters of expression text quoted in a message
//! ```
//!
//! Sums, products, `and` and `or` chains have no length limit of their own (only
//! [`MAX_EXPR_LEN`]): they are flat nodes, handled in loops.
//!
//! ## Stack
//!
//! Nesting is handled by recursion, so the stack a thread needs grows with [`MAX_DEPTH`]. The
//! worst shapes at the limit were measured (`cargo test --test it limits::measure -- --ignored
//! --nocapture`, which binary-searches the smallest thread stack that works; on 2026-11-30 it
//! printed 1,731 KiB to load and 1,771 KiB to evaluate): with optimisations, at most about
//! 1.8 MiB (compiling or evaluating 256 levels
//! of `x > 0 or x > 0 and x < 1 to x + 2 + x * if(…, 1, 2)`, which stacks seven nodes per
//! level); unoptimised (debug) builds need several times more. The command line runs scenario
//! loading and its worker threads with [`STACK_BYTES`], several times the largest need;
//! threads reserve it but only touch what they use.

/// The longest expression text, in bytes (1 MiB: about 100,000 terms of a sum). It bounds the
/// memory one expression takes (about 100 bytes per byte of text at worst) and the time to
/// parse it.
pub const MAX_EXPR_LEN: usize = 1 << 20;

/// The deepest nesting an expression may have: each pair of parentheses, each call's or list's
/// brackets, each unary minus (or plus), each `not` and each `^` is one level.
pub const MAX_DEPTH: usize = 256;

/// Stack for threads that parse, compile or evaluate expressions up to [`MAX_DEPTH`].
pub const STACK_BYTES: usize = 32 << 20;

/// The most per-container loads a run may draw one by one: `[shipment]` cargo whose load is a
/// distribution without an exact sum (normal, gamma, …; not poisson or binomial) draws every
/// container of every draw. 1e11 loads take roughly 7 minutes of one core at about 4 ns each
/// (a rounded normal; other families cost more).
pub const MAX_CONTAINER_LOADS: f64 = 1e11;

/// While running, the draws of one chunk may draw at most this many times their share of
/// [`MAX_CONTAINER_LOADS`] (the estimate before sampling comes from the first chunk; this
/// bounds the rest when container counts have a heavy tail).
pub const CHUNK_SHARE_SLACK: f64 = 4.0;

/// Most characters of expression text quoted in a message: longer text (a generated
/// expression can be a megabyte) keeps its start and end around a `…`.
pub const QUOTE_CHARS: usize = 60;

/// `text` as quoted in messages: whole when short, else its first and last characters.
pub fn shorten(text: &str) -> String {
    let n = text.chars().count();
    if n <= QUOTE_CHARS {
        return text.to_string();
    }
    let half = QUOTE_CHARS / 2;
    let head: String = text.chars().take(half).collect();
    let tail: String = text.chars().skip(n - half).collect();
    format!("{}…{}", head.trim_end(), tail.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_shortened_for_messages() {
        assert_eq!(shorten("a + b"), "a + b");
        let long = format!("normal({}, 1)", "x + ".repeat(1000) + "x");
        let s = shorten(&long);
        assert!(s.starts_with("normal(x + x") && s.ends_with("x + x, 1)") && s.contains('…'));
        assert!(s.chars().count() <= QUOTE_CHARS + 1);
        assert_eq!(shorten(&"é".repeat(61)).chars().count(), 61);
    }
}
