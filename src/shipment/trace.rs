//! A delivery whose container loads can be read back at other lot boundaries: what makes the
//! Saltelli design's runs for inputs that change the lot shares cheap (issue 15 item 3).
//!
//! With one cargo type whose containers each draw their load from the stream in order
//! ([`LoadModel::per_container`]) and each container from one lot ([`Assign::Container`]),
//! [`deliver`](super::deliver) draws the lot counts n_1 … n_k (a multinomial) on the split's
//! stream, then the loads of lot 1's n_1 containers, lot 2's n_2, … on the loads' stream: lot
//! l's rounds are P(b_l) − P(b_{l−1}), for the prefix sums P of one sequence of loads and the
//! boundaries b_l = n_1 + … + n_l. A run that repeats another's rows with other lot shares (same
//! seed and chunking) finds the loads' stream in the same state at the start of a draw as long
//! as the earlier draws of its chunk had the same containers and load parameters (the split
//! never touches it), so it draws the same sequence of loads, cut at other boundaries.
//!
//! ```text
//! loads' stream: [load 1 … load b_1 | load b_1+1 … load b_2 | … load n][next draw …]
//! record: state at the start; (state, P) at 0, step, 2·step, …; state at the end
//! replay: split; same start state and count? P(b) = P(mark ≤ b) + the loads mark .. b drawn
//!         again from the mark's state (< step of them), and the stream set to the recorded end
//! ```
//!
//! [`record`] draws exactly as `deliver` does; [`replay`] gives exactly the numbers and leaves
//! both streams exactly where drawing every load would, and draws every load (as `deliver`)
//! when the start state or the count differ.

use rand::Rng;

use super::iteration::cargo_error;
use super::load::sum_loads;
use super::split::{check_shares, split_multinomial_into};
use super::{Assign, Cargo, Grid, LoadModel, Lot, ShipmentError};

/// Most marks a recorded delivery keeps (so a trace is a few hundred bytes to a few KB).
const MARKS: u64 = 32;

/// Fewest containers between two marks.
const MIN_STEP: u64 = 64;

/// One recorded delivery: the loads' stream's state at the start, every `step` containers
/// (with the rounds so far) and at the end.
#[derive(Debug, Clone)]
pub struct Trace<R> {
    start: R,
    end: R,
    containers: u64,
    step: u64,
    marks: Vec<(R, u64)>,
    total: u64,
}

/// Whether a delivery of `cargo` can be recorded and replayed: one cargo type, loads drawn
/// container by container, each container from one lot.
pub fn traceable(cargo: &[Cargo], assign: Assign) -> bool {
    assign == Assign::Container && cargo.len() == 1 && cargo[0].load.per_container()
}

/// The split of `deliver` on its stream: containers of the one cargo type, then per lot.
fn split<S: Rng + ?Sized>(
    rng: &mut S,
    n: u64,
    cargo: &Cargo,
    lots: &[Lot],
) -> Result<(u64, Vec<u64>), ShipmentError> {
    let cargo_shares = [cargo.share];
    let lot_shares: Vec<f64> = lots.iter().map(|l| l.share).collect();
    check_shares("cargo", &cargo_shares)?;
    check_shares("lot", &lot_shares)?;
    let mut containers = [0];
    split_multinomial_into(rng, n, &cargo_shares, &mut containers)?;
    let mut per_lot = vec![0; lots.len()];
    split_multinomial_into(rng, containers[0], &lot_shares, &mut per_lot)?;
    Ok((containers[0], per_lot))
}

/// [`deliver`](super::deliver) of one cargo type ([`traceable`]), with its trace (`None` when
/// the prefix sums do not fit 64 bits).
///
/// # Errors
/// As `deliver`.
#[allow(clippy::type_complexity)]
pub fn record<S: Rng + ?Sized, R: Rng + Clone>(
    (split_rng, rng): (&mut S, &mut R),
    n: u64,
    cargo: &Cargo,
    lots: &[Lot],
) -> Result<((Vec<u64>, Grid), Option<Trace<R>>), ShipmentError> {
    let (n_c, per_lot) = split(split_rng, n, cargo, lots)?;
    let start = rng.clone();
    let step = n_c.div_ceil(MARKS).max(MIN_STEP);
    let mut marks = vec![(rng.clone(), 0)];
    let mut delivered = Grid::zeros(1, lots.len());
    let (mut pos, mut prefix) = (0u64, Some(0u64));
    for (l, &n_l) in per_lot.iter().enumerate() {
        let (mut left, mut lot) = (n_l, 0u64);
        while left > 0 {
            let take = left.min(step - pos % step);
            let s = sum_loads(rng, take, &cargo.load).map_err(cargo_error(0))?;
            lot = lot
                .checked_add(s)
                .ok_or(ShipmentError::Overflow { cargo: Some(0) })?;
            prefix = prefix.and_then(|p| p.checked_add(s));
            (pos, left) = (pos + take, left - take);
            if let (0, Some(p)) = (pos % step, prefix) {
                if pos < n_c {
                    marks.push((rng.clone(), p));
                }
            }
        }
        delivered.set(0, l, lot);
    }
    let trace = prefix.map(|total| Trace {
        start,
        end: rng.clone(),
        containers: n_c,
        step,
        marks,
        total,
    });
    Ok(((vec![n_c], delivered), trace))
}

/// [`deliver`](super::deliver) of one cargo type whose load is the one `trace` was recorded
/// with: read back from the trace when the split leaves the stream as recorded (the second
/// value is then `true`), else drawn.
///
/// # Errors
/// As `deliver`.
pub fn replay<S: Rng + ?Sized, R: Rng + Clone + PartialEq>(
    (split_rng, rng): (&mut S, &mut R),
    n: u64,
    cargo: &Cargo,
    lots: &[Lot],
    trace: &Trace<R>,
) -> Result<((Vec<u64>, Grid), bool), ShipmentError> {
    let (n_c, per_lot) = split(split_rng, n, cargo, lots)?;
    let mut delivered = Grid::zeros(1, lots.len());
    if n_c == trace.containers && *rng == trace.start {
        let (mut b, mut below) = (0u64, 0u64);
        for (l, &n_l) in per_lot.iter().enumerate() {
            b += n_l;
            let p = trace.prefix(b, &cargo.load)?;
            delivered.set(0, l, p - below);
            below = p;
        }
        *rng = trace.end.clone();
        return Ok(((vec![n_c], delivered), true));
    }
    for (l, &n_l) in per_lot.iter().enumerate() {
        let rounds = sum_loads(rng, n_l, &cargo.load).map_err(cargo_error(0))?;
        delivered.set(0, l, rounds);
    }
    Ok(((vec![n_c], delivered), false))
}

impl<R: Rng + Clone> Trace<R> {
    /// The rounds of the first `b` containers: the mark at or below `b`, plus the loads from
    /// there drawn again from the mark's state.
    fn prefix(&self, b: u64, load: &LoadModel) -> Result<u64, ShipmentError> {
        if b >= self.containers {
            return Ok(self.total);
        }
        let j = b / self.step;
        let (state, p) = &self.marks[j as usize];
        let mut r = state.clone();
        let s = sum_loads(&mut r, b - j * self.step, load).map_err(cargo_error(0))?;
        p.checked_add(s)
            .ok_or(ShipmentError::Overflow { cargo: Some(0) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::{Dist, Family};
    use crate::shipment::deliver;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus as X;

    fn lots(s1: f64, s2: f64) -> Vec<Lot> {
        [s1, s2, 1.0 - s1 - s2]
            .map(|share| Lot {
                share,
                dud_rate: 0.1,
            })
            .to_vec()
    }

    /// Recorded deliveries are `deliver`'s; replays at other shares are `deliver`'s at those
    /// shares, number for number and state for state (both streams), and every one is read
    /// from the trace (the split never moves the loads' stream).
    #[test]
    fn record_and_replay_are_deliver() {
        let d = Dist::new(Family::To, &[300.0, 600.0]).unwrap();
        for load in [LoadModel::table(&d).unwrap(), LoadModel::from_dist(d)] {
            let cargo = [Cargo { share: 1.0, load }];
            assert!(traceable(&cargo, Assign::Container));
            assert!(!traceable(&cargo, Assign::Shell));
            let (mut sa, mut sb, mut sc) = (
                X::seed_from_u64(1),
                X::seed_from_u64(1),
                X::seed_from_u64(2),
            );
            let (mut a, mut b) = (X::seed_from_u64(5), X::seed_from_u64(5));
            let mut read = 0;
            for i in 0..200 {
                let n = 500 + i;
                let (s1, s2) = (0.2 + 0.001 * i as f64, 0.3 - 0.0005 * i as f64);
                // The loads' stream before this draw, for the replay below.
                let mut c = a.clone();
                let drawn = deliver(
                    (&mut sa, &mut a),
                    n,
                    &cargo,
                    &lots(s1, s2),
                    Assign::Container,
                )
                .unwrap();
                let (rec, trace) = record((&mut sb, &mut b), n, &cargo[0], &lots(s1, s2)).unwrap();
                assert_eq!(rec, drawn);
                assert_eq!((&a, &sa), (&b, &sb));
                // Other shares, with the split on a stream of its own.
                let (t1, t2) = (0.35 - 0.001 * i as f64, 0.25);
                let (mut fresh, mut split) = (c.clone(), sc.clone());
                let want = deliver(
                    (&mut split, &mut fresh),
                    n,
                    &cargo,
                    &lots(t1, t2),
                    Assign::Container,
                )
                .unwrap();
                let (got, used) = replay(
                    (&mut sc, &mut c),
                    n,
                    &cargo[0],
                    &lots(t1, t2),
                    &trace.unwrap(),
                )
                .unwrap();
                assert_eq!(got, want);
                assert_eq!((&c, &sc), (&fresh, &split));
                read += usize::from(used);
            }
            assert_eq!(read, 200, "{read} of 200 read from the trace");
        }
    }
}
