//! Hand-built results shared by the output modules' unit tests (terminal, report, charts).
//!
//! [`example_summary`] is a small run with two quantities and two claims; [`full_summary`]
//! adds sensitivity, value of information, precision, correlation, evidence, quantile errors
//! and a warning.

use crate::results::{
    ClaimSummary, CorrelationSummary, EvidenceSummary, PrecisionSummary, QuantileErrors,
    QuantityKind, QuantitySummary, SensitivityEntry, SensitivityMethod, SourceSummary, Summary,
    VoiEntry,
};
use indexmap::IndexMap;

fn quantity(kind: QuantityKind, expr: &str, unit: &str, center: f64) -> QuantitySummary {
    QuantitySummary {
        kind,
        expr: expr.to_string(),
        unit: Some(unit.to_string()),
        source: (kind == QuantityKind::Input).then(|| "eu-2024".to_string()),
        note: None,
        mean: center,
        sd: center * 0.1,
        min: center * 0.5,
        max: center * 1.5,
        p1: center * 0.7,
        p5: center * 0.8,
        p10: center * 0.85,
        p25: center * 0.9,
        p50: center,
        p75: center * 1.1,
        p90: center * 1.15,
        p95: center * 1.2,
        p99: center * 1.3,
        mcse_mean: center * 0.1 / 1000.0,
        ..Default::default()
    }
}

/// A small summary shared by the terminal and report tests.
pub(crate) fn example_summary() -> Summary {
    let mut quantities = indexmap::IndexMap::new();
    let rate = quantity(
        QuantityKind::Input,
        "250_000 to 350_000",
        "shells/month",
        300_000.0,
    );
    quantities.insert("monthly_output".to_string(), rate);
    let shipped = quantity(
        QuantityKind::Model,
        "monthly_output * 10",
        "shells",
        3_000_000.0,
    );
    quantities.insert("shipped".to_string(), shipped);
    Summary {
        shellcount_version: "0.1.0".to_string(),
        title: "One million shells".to_string(),
        description: Some("Did the shipments reach the promised total?".to_string()),
        scenario_file: "eu.toml".to_string(),
        scenario_sha256: "ab".repeat(32),
        seed: 42,
        samples: 1_000_000,
        sampling: "mc".to_string(),
        sources: vec![SourceSummary {
            id: "eu-2024".to_string(),
            cite: "Council of the EU | press release, 2024".to_string(),
            url: Some("https://example.org/eu".to_string()),
        }],
        quantities,
        claims: vec![
            ClaimSummary {
                id: "million".to_string(),
                text: "The EU delivered a million shells by March 2024, as promised to \
                       Ukraine in March 2023."
                    .to_string(),
                holds_if: "shipped >= 1_000_000".to_string(),
                source: Some("eu-2024".to_string()),
                references: vec!["shipped".to_string()],
                probability: 0.4132,
                mcse: 0.00049,
                ..Default::default()
            },
            ClaimSummary {
                id: "never".to_string(),
                text: "Output exceeded ten million a month.".to_string(),
                holds_if: "monthly_output > 10_000_000".to_string(),
                source: None,
                references: vec!["monthly_output".to_string()],
                probability: 0.0,
                mcse: 0.0,
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

fn sens(s1: f64, st: f64, swing: f64) -> SensitivityEntry {
    SensitivityEntry {
        spearman: 0.5,
        sobol_first: s1,
        sobol_first_se: 0.02,
        sobol_total: st,
        sobol_total_se: 0.03,
        swing,
    }
}

/// [`example_summary`] with sensitivity, value of information, precision, correlation,
/// evidence, quantile errors and a warning filled in.
pub(crate) fn full_summary() -> Summary {
    let mut s = example_summary();
    for q in s.quantities.values_mut() {
        q.mcse_quantiles = QuantileErrors {
            p5: q.p5 / 2500.0,
            p50: q.p50 / 2500.0,
            p95: q.p95 / 2500.0,
            ..Default::default()
        };
    }
    let mut million = IndexMap::new();
    million.insert("containers".to_string(), sens(0.05, 0.09, -0.12));
    million.insert("share_152".to_string(), sens(0.62, 0.81, 0.38));
    million.insert("monthly_output".to_string(), sens(0.02, 0.04, 0.05));
    million.insert("loss_rate".to_string(), sens(0.0, 0.001, 0.0));
    s.sensitivity.insert("million".to_string(), million);
    let mut shipped = IndexMap::new();
    shipped.insert("monthly_output".to_string(), sens(0.97, 0.99, 600_000.0));
    s.sensitivity.insert("shipped".to_string(), shipped);
    s.sensitivity_method = SensitivityMethod {
        given_data_draws: 100_000,
        saltelli_base: 4096,
        description: "given-data first-order indices (Plischke 2013); Jansen total-order \
                      indices (Saltelli et al. 2010)"
            .to_string(),
    };
    let mut voi = IndexMap::new();
    let entry = |x: f64, flip: f64| VoiEntry {
        expected_abs_change: x,
        flip_probability: flip,
        noise_floor: 0.004,
    };
    voi.insert("containers".to_string(), entry(0.06, 0.08));
    voi.insert("share_152".to_string(), entry(0.21, 0.34));
    voi.insert("loss_rate".to_string(), entry(0.002, 0.0));
    s.value_of_information_detail
        .insert("million".to_string(), voi);
    s.precision = Some(PrecisionSummary {
        target: 0.001,
        reached: 0.00049,
        met: true,
        samples_drawn: 1_000_000,
        max_samples: 10_000_000,
        rounds: 4,
    });
    s.correlation = Some(CorrelationSummary {
        inputs: vec!["monthly_output".into(), "containers".into()],
        requested: vec![vec![1.0, 0.6], vec![0.6, 1.0]],
        achieved: vec![vec![1.0, 0.587], vec![0.587, 1.0]],
        adjusted: Some("the requested matrix was not positive definite".into()),
    });
    s.claims[0].prior_probability = Some(0.5);
    s.claims[0].prior_mcse = Some(0.0005);
    let report = |after: f64, ess: f64| EvidenceSummary {
        source: Some("eu-2024".into()),
        kind: "likelihood".into(),
        expr: "normal(shipped, 200_000)".into(),
        observed: Some(2_600_000.0),
        trust: 0.9,
        ess,
        ess_cumulative: ess,
        effect: IndexMap::new(),
        probability_after: [("million".to_string(), after)].into_iter().collect(),
    };
    let mut ev = IndexMap::new();
    ev.insert("ministry".to_string(), report(0.45, 20_000.0));
    ev.insert("satellite".to_string(), report(0.4132, 9_000.0));
    s.evidence = Some(ev);
    s.ess = Some(8_123.4);
    s.warnings =
        vec!["after weighting by the evidence only about 8123 effective draws remain".into()];
    s
}
