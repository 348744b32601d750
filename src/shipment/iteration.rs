//! One iteration of a whole shipment: containers split between cargo types, rounds drawn per
//! container, assigned to production lots, and thinned by each lot's dud rate.
//!
//! ```text
//! containers n ──Multinomial(cargo shares)──▶ n_c per cargo type c
//! Assign::Container  n_c ──Multinomial(lot shares)──▶ n_cl ──sum_loads──▶ delivered_cl
//! Assign::Shell      n_c ──sum_loads──▶ rounds_c ──Multinomial(lot shares)──▶ delivered_cl
//! working_cl = Bin(delivered_cl, 1 − dud_l)
//! ```
//!
//! The multinomial splits are drawn on a stream of their own, the loads on another ([`deliver`]),
//! each cell's thinning on one of its own ([`work`]).
//!
//! One thinning per (cargo, lot) is exact: every round of lot l works with the same
//! probability, and binomials with the same p add up. Totals by cargo, by lot and overall are
//! sums of the cells, so every figure is a whole number and working ≤ delivered holds cell by
//! cell. Every count is a `u64` in checked arithmetic: a cell or a total beyond 2⁶⁴ − 1 is
//! [`ShipmentError::Overflow`] (or `None` from the [`Grid`] totals), never a saturated count.

use super::load::{sum_loads, LoadError, LoadModel};
use super::split::{check_shares, split_multinomial_into, thin};
use super::ShipmentError;
use rand::Rng;

/// A type of cargo: the share of containers carrying it and the rounds per container.
#[derive(Debug, Clone)]
pub struct Cargo {
    /// Share of containers, in [0, 1]; the shares of all cargo types add up to 1.
    pub share: f64,
    /// Rounds per container ([`LoadModel::none`] for other cargo).
    pub load: LoadModel,
}

/// A production lot: its share of the shipment and the share of its rounds that do not work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lot {
    /// Share, in [0, 1]; the shares of all lots add up to 1.
    pub share: f64,
    /// Share of this lot's rounds that do not work, in [0, 1].
    pub dud_rate: f64,
}

/// How rounds are assigned to lots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assign {
    /// Each container comes from a single lot (lots are packed together).
    Container,
    /// Each round comes from a lot independently (lots are mixed).
    Shell,
}

/// Whole-number counts per (cargo type, lot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    n_lots: usize,
    cells: Vec<u64>,
}

impl Grid {
    /// A grid of `n_cargo` × `n_lots` cells, all 0.
    pub fn zeros(n_cargo: usize, n_lots: usize) -> Grid {
        Grid {
            n_lots,
            cells: vec![0; n_cargo * n_lots],
        }
    }

    /// The count for cargo type `cargo` from lot `lot` (0 when out of range).
    pub fn get(&self, cargo: usize, lot: usize) -> u64 {
        if lot >= self.n_lots {
            return 0;
        }
        self.cells
            .get(cargo * self.n_lots + lot)
            .copied()
            .unwrap_or(0)
    }

    /// The total of cargo type `cargo` over all lots; `None` beyond 2⁶⁴ − 1.
    pub fn cargo_total(&self, cargo: usize) -> Option<u64> {
        checked_sum((0..self.n_lots).map(|l| self.get(cargo, l)))
    }

    /// The total of lot `lot` over all cargo types; `None` beyond 2⁶⁴ − 1.
    pub fn lot_total(&self, lot: usize) -> Option<u64> {
        let rows = self.cells.len() / self.n_lots.max(1);
        checked_sum((0..rows).map(|c| self.get(c, lot)))
    }

    /// The grand total; `None` beyond 2⁶⁴ − 1.
    pub fn total(&self) -> Option<u64> {
        checked_sum(self.cells.iter().copied())
    }

    /// Sets the count for cargo type `cargo` from lot `lot` (both in range).
    pub fn set(&mut self, cargo: usize, lot: usize, x: u64) {
        self.cells[cargo * self.n_lots + lot] = x;
    }
}

fn checked_sum(xs: impl Iterator<Item = u64>) -> Option<u64> {
    xs.into_iter().try_fold(0u64, u64::checked_add)
}

/// A load error of cargo type `cargo` as a [`ShipmentError`].
pub(super) fn cargo_error(cargo: usize) -> impl Fn(LoadError) -> ShipmentError {
    move |e| match e {
        LoadError::Negative(value) => ShipmentError::NegativeLoad { cargo, value },
        LoadError::Overflow => ShipmentError::Overflow { cargo: Some(cargo) },
    }
}

/// One iteration's outcome; every count is a whole number of containers or rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IterationResult {
    /// Containers per cargo type.
    pub containers: Vec<u64>,
    /// Rounds delivered per (cargo type, lot).
    pub delivered: Grid,
    /// Rounds that work per (cargo type, lot); each cell ≤ the delivered cell.
    pub working: Grid,
}

/// Simulates one shipment of `n_containers` containers: [`deliver`] (its split on a stream
/// seeded from `rng`'s next word, its loads on `rng`), then [`work`] (each cell on a stream
/// seeded from `rng`'s next word).
///
/// # Errors
/// Cargo or lot shares that are empty, outside [0, 1] or do not add up to 1
/// ([`check_shares`]); a dud rate outside [0, 1] ([`ShipmentError::BadProbability`]). These
/// checks run before any draw. Then, while drawing: a container load below 0
/// ([`ShipmentError::NegativeLoad`]) or a cargo type's rounds beyond 2⁶⁴ − 1
/// ([`ShipmentError::Overflow`]).
/// (The engine calls the two stages on streams of their own.)
#[cfg(test)]
pub fn shipment_iteration<R: Rng + ?Sized>(
    rng: &mut R,
    n_containers: u64,
    cargo: &[Cargo],
    lots: &[Lot],
    assign: Assign,
) -> Result<IterationResult, ShipmentError> {
    check_lots(lots)?;
    let mut split =
        <rand_xoshiro::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(rng.next_u64());
    let (containers, delivered) = deliver((&mut split, rng), n_containers, cargo, lots, assign)?;
    let mut cells: Vec<rand_xoshiro::Xoshiro256PlusPlus> = (0..cargo.len() * lots.len())
        .map(|_| rand::SeedableRng::seed_from_u64(rng.next_u64()))
        .collect();
    let working = work(&mut cells, &delivered, lots, |_, _| None)?;
    Ok(IterationResult {
        containers,
        delivered,
        working,
    })
}

/// Checks lot shares and dud rates (before any draw).
///
/// # Errors
/// As [`shipment_iteration`].
pub fn check_lots(lots: &[Lot]) -> Result<(), ShipmentError> {
    let lot_shares: Vec<f64> = lots.iter().map(|l| l.share).collect();
    check_shares("lot", &lot_shares)?;
    for (i, lot) in lots.iter().enumerate() {
        if !(0.0..=1.0).contains(&lot.dud_rate) {
            return Err(ShipmentError::BadProbability {
                what: format!("dud_rate of lot {i}"),
                value: lot.dud_rate,
            });
        }
    }
    Ok(())
}

/// The first stage: containers per cargo type and rounds delivered per (cargo, lot). The
/// splits (containers between cargo types and lots, rounds between lots) are drawn on `split`,
/// the loads on `loads`: the loads' stream then draws the same words whatever the shares, so a
/// run that repeats a draw with other lot shares draws the same sequence of loads, cut at other
/// lot boundaries ([`super::trace`]).
///
/// # Errors
/// Cargo or lot shares that are empty, outside [0, 1] or do not add up to 1 (before any
/// draw); a container load below 0 or a cargo type's rounds beyond 2⁶⁴ − 1 (while drawing).
pub fn deliver<S: Rng + ?Sized, R: Rng + ?Sized>(
    (split, rng): (&mut S, &mut R),
    n_containers: u64,
    cargo: &[Cargo],
    lots: &[Lot],
    assign: Assign,
) -> Result<(Vec<u64>, Grid), ShipmentError> {
    let cargo_shares: Vec<f64> = cargo.iter().map(|c| c.share).collect();
    let lot_shares: Vec<f64> = lots.iter().map(|l| l.share).collect();
    check_shares("cargo", &cargo_shares)?;
    check_shares("lot", &lot_shares)?;
    let mut containers = vec![0; cargo.len()];
    split_multinomial_into(split, n_containers, &cargo_shares, &mut containers)?;
    let mut delivered = Grid::zeros(cargo.len(), lots.len());
    let mut per_lot = vec![0; lots.len()];
    for (c, (kind, &n_c)) in cargo.iter().zip(&containers).enumerate() {
        match assign {
            Assign::Container => {
                split_multinomial_into(split, n_c, &lot_shares, &mut per_lot)?;
                for (l, &n_cl) in per_lot.iter().enumerate() {
                    let rounds = sum_loads(rng, n_cl, &kind.load).map_err(cargo_error(c))?;
                    delivered.set(c, l, rounds);
                }
            }
            Assign::Shell => {
                let rounds = sum_loads(rng, n_c, &kind.load).map_err(cargo_error(c))?;
                split_multinomial_into(split, rounds, &lot_shares, &mut per_lot)?;
                for (l, &x) in per_lot.iter().enumerate() {
                    delivered.set(c, l, x);
                }
            }
        }
    }
    Ok((containers, delivered))
}

/// The second stage: the rounds that work per (cargo, lot). Cell (c, l) is `given(c, l)` when
/// that is known, else Binomial(delivered, 1 − lot l's dud rate) drawn on a stream of its own,
/// `cells[c · lots + l]` (one per cell of `delivered`): a cell's draws depend only on its own
/// counts and dud rate, and a cell that is given draws nothing.
///
/// # Errors
/// A dud rate outside [0, 1].
pub fn work<R: Rng>(
    cells: &mut [R],
    delivered: &Grid,
    lots: &[Lot],
    given: impl Fn(usize, usize) -> Option<u64>,
) -> Result<Grid, ShipmentError> {
    let n_cargo = delivered.cells.len() / delivered.n_lots.max(1);
    let mut working = Grid::zeros(n_cargo, lots.len());
    for c in 0..n_cargo {
        for (l, lot) in lots.iter().enumerate() {
            let x = match given(c, l) {
                Some(x) => x,
                None => {
                    let rng = &mut cells[c * lots.len() + l];
                    thin(rng, delivered.get(c, l), 1.0 - lot.dud_rate)?
                }
            };
            working.set(c, l, x);
        }
    }
    Ok(working)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn cargo() -> Vec<Cargo> {
        vec![
            Cargo {
                share: 0.6,
                load: LoadModel::constant(448),
            },
            Cargo {
                share: 0.3,
                load: LoadModel::constant(75),
            },
            Cargo {
                share: 0.1,
                load: LoadModel::none(),
            },
        ]
    }

    #[test]
    fn constant_loads_are_exact() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let lots = [Lot {
            share: 1.0,
            dud_rate: 0.0,
        }];
        for assign in [Assign::Container, Assign::Shell] {
            let r = shipment_iteration(&mut rng, 6700, &cargo(), &lots, assign).unwrap();
            assert_eq!(r.containers.iter().sum::<u64>(), 6700);
            let d = &r.delivered;
            assert_eq!(d.cargo_total(0), Some(448 * r.containers[0]));
            assert_eq!(d.cargo_total(1), Some(75 * r.containers[1]));
            assert_eq!(d.cargo_total(2), Some(0));
            assert_eq!(r.working, r.delivered);
        }
    }

    #[test]
    fn errors_before_drawing() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let ok_lot = Lot {
            share: 1.0,
            dud_rate: 0.5,
        };
        let bad_lot = Lot {
            share: 1.0,
            dud_rate: 1.5,
        };
        let e = shipment_iteration(&mut rng, 10, &cargo(), &[bad_lot], Assign::Shell);
        assert!(matches!(e, Err(ShipmentError::BadProbability { .. })));
        let e = shipment_iteration(&mut rng, 10, &cargo()[..2], &[ok_lot], Assign::Shell);
        assert!(matches!(
            e,
            Err(ShipmentError::SharesDontSumToOne { what: "cargo", .. })
        ));
        let e = shipment_iteration(&mut rng, 10, &cargo(), &[], Assign::Container);
        assert_eq!(e, Err(ShipmentError::NoShares { what: "lot" }));
    }

    #[test]
    fn grid_totals() {
        let mut g = Grid::zeros(2, 3);
        g.set(0, 0, 1);
        g.set(0, 2, 2);
        g.set(1, 1, 5);
        assert_eq!((g.cargo_total(0), g.cargo_total(1)), (Some(3), Some(5)));
        assert_eq!(
            (g.lot_total(0), g.lot_total(1), g.lot_total(2)),
            (Some(1), Some(5), Some(2))
        );
        assert_eq!(g.total(), Some(8));
        assert_eq!((g.cells.len(), g.n_lots, g.get(7, 7)), (6, 3, 0));
    }

    #[test]
    fn totals_beyond_u64_are_none_not_saturated() {
        let mut g = Grid::zeros(2, 2);
        g.set(0, 0, u64::MAX - 1);
        g.set(1, 0, 1);
        assert_eq!(g.lot_total(0), Some(u64::MAX));
        assert_eq!(g.total(), Some(u64::MAX));
        g.set(1, 1, 1);
        assert_eq!(g.total(), None);
        assert_eq!(g.cargo_total(1), Some(2));
        g.set(0, 1, 2);
        assert_eq!(g.cargo_total(0), None);
    }

    #[test]
    fn load_errors_name_the_cargo_type() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let lots = [Lot {
            share: 1.0,
            dud_rate: 0.0,
        }];
        let cargo = [
            Cargo {
                share: 0.5,
                load: LoadModel::constant(1),
            },
            Cargo {
                share: 0.5,
                load: LoadModel::normal(-3.0, 0.0).unwrap(),
            },
        ];
        for assign in [Assign::Container, Assign::Shell] {
            let e = shipment_iteration(&mut rng, 100, &cargo, &lots, assign);
            assert_eq!(
                e,
                Err(ShipmentError::NegativeLoad {
                    cargo: 1,
                    value: -3.0
                })
            );
        }
        let cargo = [Cargo {
            share: 1.0,
            load: LoadModel::constant(u64::MAX / 2),
        }];
        let e = shipment_iteration(&mut rng, 3, &cargo, &lots, Assign::Shell);
        assert_eq!(e, Err(ShipmentError::Overflow { cargo: Some(0) }));
    }
}
