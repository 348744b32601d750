//! The sentences a what-if prints about its numbers, shared by the terminal and the report:
//! break-even values with their Monte Carlo uncertainty, and what a solve found.

use crate::output::format;
use crate::whatif::break_even::{BreakEven, Direction, Status};
use crate::whatif::solve::SolveFile;

/// A swept value as text (`0.303`, `6,700`).
pub(crate) fn value(x: f64) -> String {
    format::grouped(x, 3)
}

/// "50%", "10%".
fn target(t: f64) -> String {
    format::percent_sig(t, 2)
}

/// The stretch within ±2 MCSE of a crossing, in words.
fn uncertainty(b_low: Option<f64>, b_high: Option<f64>, range: (f64, f64)) -> String {
    match (b_low, b_high) {
        (Some(l), Some(h)) => format!("{} to {} within ±2 Monte Carlo standard errors", value(l), value(h)),
        (None, Some(h)) => format!("anywhere from below {} to {} within ±2 Monte Carlo standard errors: sweep lower to pin it down", value(range.0), value(h)),
        (Some(l), None) => format!("anywhere from {} to above {} within ±2 Monte Carlo standard errors: sweep higher to pin it down", value(l), value(range.1)),
        (None, None) => format!("anywhere in the swept range {} to {} within ±2 Monte Carlo standard errors: more samples would pin it down", value(range.0), value(range.1)),
    }
}

/// One break-even value of `claim` along `name`, swept over `range`, as a sentence; `near` are
/// the swept values at which the estimate is within ±2 MCSE of the target (a curve that does
/// not cross may still be within noise of it there); `by` names the second assumption of a
/// grid.
///
/// The sentence says only what the points show: the estimate crosses the target between two
/// swept values; where exactly is the straight-line value, which the curve between the points
/// (not computed) may not follow.
pub(crate) fn break_even(
    claim: &str,
    name: &str,
    b: &BreakEven,
    range: (f64, f64),
    near: &[f64],
    by: Option<&str>,
) -> String {
    let t = target(b.target);
    let (lo, hi) = (value(range.0), value(range.1));
    let sentence = match (b.status, b.direction, b.value, b.between) {
        (Status::Crossed, Some(d), Some(x), Some([a, z])) => {
            let how = match (b.target == 0.5, d) {
                (true, Direction::Rising) => format!("`{claim}` becomes more likely than not"),
                (true, Direction::Falling) => format!("`{claim}` stops being more likely than not"),
                (false, Direction::Rising) => format!("P(`{claim}`) rises above {t}"),
                (false, Direction::Falling) => format!("P(`{claim}`) falls below {t}"),
            };
            format!(
                "{how} as `{name}` goes from {} to {}: at {} on the straight line between those points ({})",
                value(a),
                value(z),
                value(x),
                uncertainty(b.low, b.high, range)
            )
        }
        (Status::AlwaysAbove, ..) => format!(
            "P(`{claim}`) is at or above {t} for every `{name}` from {lo} to {hi}{}",
            not_ruled_out(&t, name, near)
        ),
        _ => format!(
            "P(`{claim}`) stays below {t} for every `{name}` from {lo} to {hi}{}",
            not_ruled_out(&t, name, near)
        ),
    };
    match (b.by, by) {
        (Some(y), Some(n)) => format!("{sentence}, with `{n}` = {}", value(y)),
        _ => sentence,
    }
}

fn not_ruled_out(t: &str, name: &str, near: &[f64]) -> String {
    if near.is_empty() {
        return String::new();
    }
    let at: Vec<String> = near.iter().map(|&x| value(x)).collect();
    format!(
        ", but it is within ±2 Monte Carlo standard errors of {t} at `{name}` = {}, so a crossing there cannot be ruled out",
        at.join(", ")
    )
}

/// What `--solve` found, as a sentence.
pub(crate) fn solve(f: &SolveFile) -> String {
    let t = target(f.target);
    let range = (f.searched[0], f.searched[1]);
    match (f.status, f.value) {
        (Status::Crossed, Some(x)) => format!(
            "P(`{}`) = {t} at `{}` = {} ({}; {} runs)",
            f.claim,
            f.name,
            value(x),
            uncertainty(f.low, f.high, range),
            f.evaluations.len()
        ),
        (Status::AlwaysAbove, _) => format!(
            "P(`{}`) is at or above {t} at both ends of `{}` = {} to {}: no crossing to solve for in this range",
            f.claim, f.name, value(range.0), value(range.1)
        ),
        _ => format!(
            "P(`{}`) is below {t} at both ends of `{}` = {} to {}: no crossing to solve for in this range",
            f.claim, f.name, value(range.0), value(range.1)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_say_which_side_and_how_sure() {
        let b = BreakEven {
            target: 0.5,
            by: None,
            status: Status::Crossed,
            value: Some(0.3034),
            between: Some([0.3, 0.4]),
            low: Some(0.29),
            high: None,
            direction: Some(Direction::Falling),
        };
        let s = break_even("working-1m", "non_function", &b, (0.1, 0.6), &[], None);
        assert_eq!(s, "`working-1m` stops being more likely than not as `non_function` goes from 0.3 to 0.4: at 0.303 on the straight line between those points (anywhere from 0.29 to above 0.6 within ±2 Monte Carlo standard errors: sweep higher to pin it down)");
        let s = break_even(
            "c",
            "x",
            &BreakEven {
                by: Some(2.0),
                ..b.clone()
            },
            (0.1, 0.6),
            &[],
            Some("y"),
        );
        assert!(s.ends_with(", with `y` = 2"), "{s}");
        let b = BreakEven {
            status: Status::AlwaysAbove,
            value: None,
            between: None,
            direction: None,
            target: 0.9,
            ..b
        };
        assert_eq!(
            break_even("c", "x", &b, (1.0, 2.0), &[], None),
            "P(`c`) is at or above 90% for every `x` from 1 to 2"
        );
        assert!(break_even("c", "x", &b, (1.0, 2.0), &[1.0], None)
            .ends_with("at `x` = 1, so a crossing there cannot be ruled out"));
    }
}
