//! The Saltelli design's shortcuts are exact: a run of `base` draws repeats the first `base`
//! draws of a longer run with the same seed (so the design's A rows can be the run's own), and
//! a `[shipment]` delivery stage read back from A (`RunSpec::reuse`) equals the one redrawn.

use crate::support::{column, scenario};
use shellcount::engine::{self, chunk_len, Draws, RunSpec};
use shellcount::model::{IdVec, QuantityId};
use shellcount::scenario::Scenario;

const SHIP: &str = r#"[inputs]
share_a = "uniform(0.3, 0.6)"
dud_a = "beta(4, 12)"
[shipment]
containers = 400
assign = "container"
[[shipment.cargo]]
id = "s"
share = 1
load = "300 to 600"
[[shipment.lot]]
id = "a"
share = "share_a"
dud_rate = "dud_a"
[[shipment.lot]]
id = "b"
share = "1 - share_a"
dud_rate = 0.1
[model]
bad = "binomial(100, dud_a) + working_total"
"#;

fn spec<'a>(samples: usize, seed: u64) -> RunSpec<'a> {
    RunSpec {
        samples,
        seed,
        ..Default::default()
    }
}

fn draw(s: &Scenario, r: &RunSpec) -> Draws {
    engine::run_spec(&s.program, r, &|_| {}).unwrap()
}

#[test]
fn a_short_run_repeats_the_first_draws_of_a_long_one() {
    let plain = scenario("[inputs]\nx = \"normal(0, 1)\"\n[model]\ny = \"x + poisson(3)\"\n");
    let ship = scenario(SHIP);
    for s in [&plain, &ship] {
        let base = 2 * chunk_len(&s.program);
        let (long, short) = (draw(s, &spec(3 * base, 8)), draw(s, &spec(base, 8)));
        for (q, col) in short.columns.iter_enumerated() {
            assert_eq!(&long.columns[q][..base], col.as_slice());
        }
    }
}

#[test]
fn reused_delivery_equals_redrawn_delivery() {
    let s = scenario(SHIP);
    let base = 4 * chunk_len(&s.program);
    let a = draw(&s, &spec(base, 5));
    let b = draw(&s, &spec(base, 6));
    for name in ["dud_a", "share_a"] {
        let i = s.program.quantity(name).unwrap();
        let mut overrides: IdVec<QuantityId, Option<&[f64]>> = a.columns.map(|_| None);
        overrides[i] = Some(&b.columns[i]);
        let with = |reuse| RunSpec {
            overrides: overrides.clone(),
            reuse,
            ..spec(base, 5)
        };
        let (fast, slow) = (draw(&s, &with(Some(&a))), draw(&s, &with(None)));
        assert!(fast.columns == slow.columns, "{name}");
        // Overriding the dud rate leaves delivery as in A; the working rounds change.
        let same = |q| column(&s, &fast, q) == column(&s, &a, q);
        assert_eq!(same("delivered_a"), name == "dud_a", "{name}");
        assert!(!same("working_a"), "{name}");
    }
}

/// The scenario of [`SHIP`] with three lots (a fixed third share).
fn three_lots() -> String {
    SHIP.replace(
        "[model]",
        "[[shipment.lot]]\nid = \"c\"\nshare = 0.2\ndud_rate = 0.3\n[model]",
    )
    .replace("share = \"1 - share_a\"", "share = \"0.8 - share_a\"")
    .replace("uniform(0.3, 0.6)", "uniform(0.2, 0.5)")
}

/// AB runs for a lot share that read the deliveries back from A's traces (kept by the run that
/// drew A, `run_recording`) equal the same runs drawing every load, on every column, claim and
/// likelihood (two and three lots, several seeds, one and two threads); every row is read back;
/// and keeping the traces does not change A's draws.
#[test]
fn traced_delivery_equals_redrawn_delivery() {
    use shellcount::engine::{run_recording, run_traced, Tracing};
    for body in [SHIP.to_string(), three_lots()] {
        let s = scenario(&body);
        assert!(engine::traceable_program(&s.program));
        let base = 2 * chunk_len(&s.program);
        let i = s.program.quantity("share_a").unwrap();
        for (seed, threads) in [(5, 1), (5, 2), (11, 2), (23, 1)] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let a = run_recording(&s.program, &spec(3 * base, seed), base, &|_| {}).unwrap();
                assert!(
                    draw(&s, &spec(3 * base, seed)).columns == a.columns,
                    "A unchanged"
                );
                let traces = a.traces.as_deref().expect("A's traces");
                for from in [base, 2 * base] {
                    let mut overrides: IdVec<QuantityId, Option<&[f64]>> = a.columns.map(|_| None);
                    overrides[i] = Some(&a.columns[i][from..]);
                    let with = RunSpec {
                        overrides,
                        reuse: Some(&a),
                        ..spec(base, seed)
                    };
                    let slow = draw(&s, &with);
                    let before = traces.rows_read();
                    let fast = run_traced(&s.program, &with, Tracing::Replay(traces), &|_| {});
                    let fast = fast.unwrap();
                    assert!(
                        fast.columns == slow.columns,
                        "seed {seed}, {threads} threads"
                    );
                    assert!(
                        fast.claims == slow.claims && fast.log_likelihoods == slow.log_likelihoods
                    );
                    assert_eq!(
                        traces.rows_read() - before,
                        base as u64,
                        "every row read back"
                    );
                    let delivered = column(&s, &slow, "delivered_a");
                    assert!(*delivered != column(&s, &a, "delivered_a")[..base]);
                }
            });
        }
    }
}

/// Without A's traces (the streaming mode), the design's runs share a store: the first run for a
/// lot share records its rows, a second reads every row back, with the numbers drawn in full.
#[test]
fn shared_traces_equal_redrawn_delivery() {
    use shellcount::engine::{run_traced, LoadTraces, Tracing};
    let s = scenario(&three_lots());
    let base = 2 * chunk_len(&s.program);
    let a = draw(&s, &spec(3 * base, 7));
    let i = s.program.quantity("share_a").unwrap();
    let shared = LoadTraces::new(base);
    for (k, from) in [base, 2 * base].into_iter().enumerate() {
        let mut overrides: IdVec<QuantityId, Option<&[f64]>> = a.columns.map(|_| None);
        overrides[i] = Some(&a.columns[i][from..]);
        let with = RunSpec {
            overrides,
            reuse: Some(&a),
            ..spec(base, 7)
        };
        let before = shared.rows_read();
        let fast = run_traced(&s.program, &with, Tracing::Replay(&shared), &|_| {}).unwrap();
        assert!(fast.columns == draw(&s, &with).columns);
        assert_eq!(shared.rows_read() - before, (k * base) as u64);
    }
}

/// A run that keeps A's traces (as `shellcount run` does) gives the summary of a run that keeps
/// none, and the streaming mode (whose design runs share a store of their own) gives it too,
/// byte for byte, on one and two threads.
#[test]
fn traced_design_gives_the_same_summary_in_memory_and_streamed() {
    use shellcount::analysis::{analyse, analyse_streaming, trace_rows, RunFacts};
    use shellcount::engine::{run_recording, Sampling};
    use shellcount::output::summary::Summary;
    use shellcount::results::MemoryMode;
    let s = scenario(&three_lots());
    let f = RunFacts {
        seed: 3,
        samples: 3_072,
        sampling: Sampling::Mc,
        sensitivity_draws: 2_000,
        saltelli_base: 512,
        precision: None,
    };
    // share_a's base: the design's only driver the delivery reads.
    let rows = trace_rows(&s, &f);
    assert_eq!(rows, 512);
    let json = |traced: usize| {
        let draws = run_recording(&s.program, &spec(3_072, 3), traced, &|_| {}).unwrap();
        assert_eq!(draws.traces.is_some(), traced > 0);
        Summary::from_result(&analyse(&s, &draws, &f).unwrap()).to_json()
    };
    let want = json(0);
    assert!(json(rows) == want, "traced in memory");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut r = pool
            .install(|| analyse_streaming(&s, &f, 1 << 24, &|_| {}, &|_| {}))
            .unwrap();
        assert!(matches!(r.run.memory, MemoryMode::Streaming { .. }));
        r.run.memory = MemoryMode::InMemory;
        assert!(
            Summary::from_result(&r).to_json() == want,
            "{threads} threads"
        );
    }
}

/// [`SHIP`] with lot b's dud rate `dud_b` (a constant, an expression of `dud_a`, or a
/// distribution of its own).
fn ship_with_dud_b(dud_b: &str) -> String {
    SHIP.replace("dud_rate = 0.1", &format!("dud_rate = {dud_b}"))
}

/// Two cargo types with loads, one lot, and an input `x` the shipment does not read.
const TWO_CARGO: &str = r#"[inputs]
x = "uniform(0, 1)"
dud_a = "beta(4, 12)"
[shipment]
containers = 300
assign = "container"
[[shipment.cargo]]
id = "s"
share = 0.7
load = "300 to 600"
[[shipment.cargo]]
id = "t"
share = 0.3
load = "poisson(40)"
[[shipment.lot]]
id = "a"
share = 1
dud_rate = "dud_a"
[model]
bad = "x * working_total"
"#;

/// AB runs for an input that read the delivery and the working counts of the cells whose dud
/// rates they leave unchanged back from A equal the same runs drawing every cell, on every
/// column, claim and likelihood (two and three lots, two cargo types, several seeds, one and
/// two threads). The cells read back are exactly those whose dud rate draws nothing and reads
/// only unchanged quantities: an altered column of A shows through in them and nowhere else.
#[test]
fn reused_working_equals_redrawn_working() {
    // (scenario, input overridden, a working column, read back or not, the totals it is in)
    let in_cargo = ["working_s", "working_total", "bad"];
    let in_lot = ["working_a", "working_total", "bad"];
    let dud_b = |d| (ship_with_dud_b(d), "dud_a", "working_b", false, in_cargo);
    let cases = [
        (SHIP.to_string(), "dud_a", "working_b", true, in_cargo),
        (three_lots(), "dud_a", "working_c", true, in_cargo),
        dud_b("\"dud_a / 2\""),
        dud_b("\"beta(2, 18)\""),
        (TWO_CARGO.to_string(), "x", "working_t", true, in_lot),
        (TWO_CARGO.to_string(), "dud_a", "working_t", false, in_lot),
    ];
    for (body, input, kept, read, sums) in &cases {
        let s = scenario(body);
        let base = 2 * chunk_len(&s.program);
        let i = s.program.quantity(input).unwrap();
        let k = s.program.quantity(kept).unwrap();
        for (seed, threads) in [(5, 1), (5, 2), (11, 2), (23, 1)] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let a = draw(&s, &spec(3 * base, seed));
                // A with the kept column altered (still whole counts within the delivery).
                let mut altered = a.clone();
                altered.columns[k]
                    .iter_mut()
                    .for_each(|x| *x = (*x - 1.0).max(0.0));
                for from in [base, 2 * base] {
                    let mut overrides: IdVec<QuantityId, Option<&[f64]>> = a.columns.map(|_| None);
                    overrides[i] = Some(&a.columns[i][from..]);
                    let with = |reuse| RunSpec {
                        overrides: overrides.clone(),
                        reuse,
                        ..spec(base, seed)
                    };
                    let (fast, slow) = (draw(&s, &with(Some(&a))), draw(&s, &with(None)));
                    let what = format!("{kept} from {input}, seed {seed}, {threads} threads");
                    assert!(fast.columns == slow.columns, "{what}");
                    assert!(
                        fast.claims == slow.claims && fast.log_likelihoods == slow.log_likelihoods
                    );
                    if *input == "dud_a" {
                        // The overridden lot's working counts are drawn anew.
                        assert!(
                            column(&s, &slow, "working_a") != &column(&s, &a, "working_a")[..base]
                        );
                    }
                    let shown = draw(&s, &with(Some(&altered)));
                    let through = shown.columns[k] == altered.columns[k][..base];
                    assert_eq!(through, *read, "{what}");
                    // Besides the kept column, only the totals it is in change.
                    let names = s.program.names();
                    let others = shown.columns.iter_enumerated().filter(|(q, _)| {
                        let name = names[*q].as_str();
                        name != *kept && !sums.contains(&name)
                    });
                    for (q, col) in others {
                        assert!(*col == fast.columns[q], "{}: {what}", names[q]);
                    }
                }
            });
        }
    }
}
