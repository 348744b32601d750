//! Tests of the exceedance chart: the curve lookup, steps, the cumulative curve, claim marks and the axis.

use super::*;

#[test]
fn exceedance_lookup_is_the_empirical_step() {
    let curve = [(1.0, 1.0), (2.0, 0.5), (3.0, 0.25)];
    assert_eq!(exceedance_at(&curve, 0.0), 1.0);
    assert_eq!(exceedance_at(&curve, 2.0), 0.5);
    assert_eq!(exceedance_at(&curve, 2.5), 0.25);
    assert_eq!(exceedance_at(&curve, 3.5), 0.0);
    assert_eq!(exceedance_at(&[], 1.0), 0.0);
}

#[test]
fn steps_span_the_axis_and_thin_long_curves() {
    let s = steps(&[(1.0, 1.0), (2.0, 0.5)], 0.0, 3.0);
    assert_eq!(s.first(), Some(&(0.0, 1.0)));
    assert_eq!(s.last(), Some(&(3.0, 0.5)));
    let long: Vec<_> = (0..100_000)
        .map(|i| (i as f64, 1.0 - i as f64 / 1e5))
        .collect();
    let s = steps(&long, -1.0, 1e5);
    assert!(s.len() <= MAX_POINTS + 6, "{}", s.len());
    let clipped = steps(&long, 10_000.0, 20_000.0);
    assert_eq!(clipped.first(), Some(&(10_000.0, 0.9)));
    assert!(clipped.iter().all(|p| (10_000.0..=20_000.0).contains(&p.0)));
}

#[test]
fn the_cumulative_curve_is_one_minus_the_share_above() {
    let curve = [(1.0, 1.0), (2.0, 0.5), (3.0, 0.25)];
    let c = cumulative(&curve, 0.5, 3.0);
    // P(X ≤ 1) = 0.5, P(X ≤ 2) = 0.75, P(X ≤ 3) = 1.
    assert!(c.contains(&(1.0, 0.5)) && c.contains(&(2.0, 0.75)), "{c:?}");
    assert!(c.contains(&(3.0, 1.0)), "{c:?}");
    assert_eq!(c[0], (0.5, 0.0), "nothing at or below 0.5");
}

fn marker(side: Option<ClaimSide>, threshold: f64, band: Option<(f64, f64)>) -> ClaimMarker {
    ClaimMarker {
        claim_id: "c".into(),
        label: "Stocks last 45 to 75 days".into(),
        quantity: QuantityId::new(0),
        threshold,
        side,
        band,
        probability: 0.262,
    }
}

/// Issue 14: the days-covered chart. Draws from 66 to 7,000 with most below 200; an
/// interval claim 45–75 and an "at most 100" claim. The axis spans the bins (p0.5–p99.5)
/// widened to 45, not the extreme draw; the band is a band; the "at most" claim sits on
/// P(X ≤ x) at its own probability.
#[test]
fn bands_at_most_claims_and_the_axis_window() {
    let view = QuantityView {
        label: "days covered".into(),
        unit: Some("days".into()),
        mean: 120.0,
        min: 66.0,
        max: 7_000.0,
        percentiles: [("p5", 70.0, 1.0), ("p50", 110.0, 1.0), ("p95", 180.0, 1.0)],
    };
    let histogram = Histogram {
        edges: vec![68.0, 100.0, 150.0, 210.0],
        counts: vec![40, 40, 18],
        below: 1,
        above: 1,
        log: false,
        integer: false,
    };
    let curve = [(66.0, 1.0), (100.0, 0.738), (150.0, 0.3), (7_000.0, 0.0001)];
    let markers = [
        marker(None, 45.0, Some((45.0, 75.0))),
        marker(Some(ClaimSide::AtMost), 100.0, None),
    ];
    let id = QuantityId::new(0);
    let chart = ExceedanceChart::new(id, &view, &histogram, &curve, &markers, 1_000);
    let axis = chart.axis();
    assert_eq!((axis.lo, axis.hi, axis.log), (45.0, 210.0, false));
    assert!(axis.note.contains("up to 7,000"), "{}", axis.note);
    let marks = chart.marks();
    assert!(matches!(&marks[0], Mark::Band { lo, hi, .. } if (*lo, *hi) == (45.0, 75.0)));
    match &marks[1] {
        Mark::Dot {
            x,
            p,
            cumulative,
            label,
        } => {
            assert_eq!((*x, *p, *cumulative), (100.0, 0.262, true));
            assert_eq!(
                label.reading, ": P(x ≤ 100) = 26.2%",
                "the label reads the dot"
            );
        }
        m => panic!("{m:?}"),
    }
    assert!(chart.title().contains("days covered"));
}

/// Issue 14: a claim 72× beyond the draws puts the axis on a log scale.
#[test]
fn a_far_threshold_gives_a_log_axis() {
    let view = QuantityView {
        label: "shells".into(),
        unit: None,
        mean: 30_000.0,
        min: 10_000.0,
        max: 50_000.0,
        percentiles: [("p5", 12e3, 1.0), ("p50", 3e4, 1.0), ("p95", 4.8e4, 1.0)],
    };
    let histogram = Histogram {
        edges: vec![10_000.0, 30_000.0, 50_000.0],
        counts: vec![50, 50],
        below: 0,
        above: 0,
        log: false,
        integer: false,
    };
    let curve = [(10_000.0, 1.0), (30_000.0, 0.5), (50_000.0, 0.01)];
    let markers = [marker(Some(ClaimSide::AtLeast), 2.16e6, None)];
    let id = QuantityId::new(0);
    let chart = ExceedanceChart::new(id, &view, &histogram, &curve, &markers, 1_000);
    let axis = chart.axis();
    assert!(axis.log);
    assert_eq!((axis.lo, axis.hi), (10_000.0, 2.16e6));
}
