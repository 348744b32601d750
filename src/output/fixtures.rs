//! Hand-built results shared by the output modules' unit tests (terminal, report, charts).
//!
//! [`example`] is a small run with two quantities and two claims; [`full`] adds sensitivity,
//! value of information, precision, correlation, evidence, quantile errors and warnings.

use crate::model::{ClaimId, IdVec, QuantityId};
use crate::results::{
    Basis, BayesFactor, BayesStatus, ClaimResult, CorrelationResult, Driver, EvidenceResult, Index,
    OutputSensitivity, OutputState, Percentiles, Posterior, PrecisionResult, Proportion,
    QuantityCurves, QuantityKind, QuantityResult, QuantityStats, RunInfo, RunResult, Sampling,
    Sensitivity, SensitivityMethod, SensitivityResult, SourceInfo, Status, Voi, Warning,
};

fn quantity(name: &str, kind: QuantityKind, expr: &str, unit: &str, center: f64) -> QuantityResult {
    let stats = QuantityStats {
        mean: center,
        sd: center * 0.1,
        min: center * 0.5,
        max: center * 1.5,
        percentiles: Percentiles::from_array(
            &[0.7, 0.8, 0.85, 0.9, 1.0, 1.1, 1.15, 1.2, 1.3].map(|f| f * center),
        ),
        mcse_mean: center * 0.1 / 1000.0,
        mcse_quantiles: Percentiles::default(),
        status: None,
    };
    QuantityResult {
        name: name.to_string(),
        kind,
        expr: expr.to_string(),
        unit: Some(unit.to_string()),
        source: (kind == QuantityKind::Input).then(|| "eu-2024".to_string()),
        note: None,
        label: None,
        log: false,
        forward: stats,
        posterior: None,
        curves: QuantityCurves::empty(),
        posterior_curves: None,
        chart: true,
        report: true,
    }
}

fn claim(id: &str, text: &str, holds_if: &str, refs: &[usize], p: f64) -> ClaimResult {
    ClaimResult {
        id: id.to_string(),
        text: text.to_string(),
        holds_if: holds_if.to_string(),
        source: None,
        label: None,
        group: None,
        references: refs.iter().map(|&q| QuantityId::new(q)).collect(),
        threshold: None,
        interval: None,
        forward: Proportion::new(p, 1e6),
        posterior: None,
        convergence: Vec::new(),
    }
}

/// A small run shared by the terminal and report tests.
pub(crate) fn example() -> RunResult {
    let quantities: IdVec<QuantityId, QuantityResult> = vec![
        quantity(
            "monthly_output",
            QuantityKind::Input,
            "250_000 to 350_000",
            "shells/month",
            300_000.0,
        ),
        quantity(
            "shipped",
            QuantityKind::Model,
            "monthly_output * 10",
            "shells",
            3_000_000.0,
        ),
    ]
    .into();
    let mut million = claim(
        "million",
        "The EU delivered a million shells by March 2024, as promised to Ukraine in March 2023.",
        "shipped >= 1_000_000",
        &[1],
        0.4132,
    );
    million.source = Some("eu-2024".to_string());
    let never = claim(
        "never",
        "Output exceeded ten million a month.",
        "monthly_output > 10_000_000",
        &[0],
        0.0,
    );
    RunResult {
        run: RunInfo {
            shellcount_version: "0.1.0".to_string(),
            title: "One million shells".to_string(),
            description: Some("Did the shipments reach the promised total?".to_string()),
            scenario_file: "eu.toml".to_string(),
            scenario_sha256: "ab".repeat(32),
            seed: 42,
            samples: 1_000_000,
            sampling: Sampling::Mc,
            overrides: Vec::new(),
            memory: Default::default(),
        },
        sources: vec![SourceInfo {
            id: "eu-2024".to_string(),
            cite: "Council of the EU | press release, 2024".to_string(),
            url: Some("https://example.org/eu".to_string()),
            date: Some("2024-03-01".to_string()),
        }],
        quantities,
        claims: vec![million, never].into(),
        posterior: None,
        sensitivity: None,
        precision: None,
        correlation: None,
        capacity: Default::default(),
        lots: Vec::new(),
        indexed: Vec::new(),
        warnings: vec![Warning::ClaimNeverHeld {
            claim: ClaimId::new(1),
            draws: 1e6,
            upper_bound: crate::results::zero_event_bound(1e6),
        }],
        custom_charts: Vec::new(),
    }
}

fn sens(s1: f64, st: f64, swing: f64) -> Sensitivity {
    let index = |value: f64, se: f64| Index {
        value,
        se,
        status: Status::Resolved,
    };
    Sensitivity {
        spearman: 0.5,
        sobol_first: index(s1, 0.02),
        sobol_total: Some(index(st, 0.03)),
        swing: crate::results::Swing::judge(
            crate::results::Estimate {
                value: swing,
                se: if swing.abs() >= 1.0 {
                    swing.abs() * 0.025
                } else {
                    0.02
                },
            },
            1_000.0,
            crate::results::OutputState::Varies,
            false,
        ),
    }
}

fn voi(x: f64, flip: f64) -> Voi {
    Voi {
        expected_abs_change: x,
        expected_abs_change_se: 0.004,
        flip_probability: flip,
        flip_step: 0.02,
        detected: x > 0.01,
        p_value: if x > 0.01 { 1e-12 } else { 0.3 },
    }
}

/// [`example`] with four inputs, sensitivity, value of information, precision, correlation,
/// evidence, quantile errors and warnings filled in.
pub(crate) fn full() -> RunResult {
    let mut r = example();
    for (name, center) in [
        ("containers", 6_700.0),
        ("share_152", 0.5),
        ("loss_rate", 0.1),
    ] {
        let mut q = quantity(name, QuantityKind::Input, "1 to 2", "", center);
        q.unit = None;
        // Inputs first: insert before the model quantity.
        let mut v = std::mem::take(&mut r.quantities).into_vec();
        v.insert(v.len() - 1, q);
        r.quantities = v.into();
    }
    // Quantities: monthly_output 0, containers 1, share_152 2, loss_rate 3, shipped 4.
    for c in r.claims.iter_mut() {
        for q in c.references.iter_mut() {
            if q.index() == 1 {
                *q = QuantityId::new(4);
            }
        }
    }
    for q in r.quantities.iter_mut() {
        let p = q.forward.percentiles;
        q.forward.mcse_quantiles = Percentiles {
            p5: p.p5 / 2500.0,
            p50: p.p50 / 2500.0,
            p95: p.p95 / 2500.0,
            ..Default::default()
        };
    }
    let inputs: Vec<QuantityId> = (0..4).map(QuantityId::new).collect();
    let mut quantities: IdVec<QuantityId, Option<OutputSensitivity>> = r.quantities.map(|_| None);
    quantities[QuantityId::new(4)] = Some(OutputSensitivity::new(
        OutputState::Varies,
        vec![
            sens(0.97, 0.99, 600_000.0),
            sens(0.0, 0.0, 0.0),
            sens(0.0, 0.0, 0.0),
            sens(0.0, 0.0, 0.0),
        ],
        false,
    ));
    // loss_rate does not vary; containers' total index is an estimation problem.
    let mut loss_rate = sens(0.0, 0.0, 0.0);
    loss_rate.sobol_first.status = Status::ConstantInput;
    let mut containers = sens(0.05, 1.5, -0.12);
    if let Some(t) = containers.sobol_total.as_mut() {
        t.se = 0.2;
        t.status = Status::OutOfRange;
    }
    let million = OutputSensitivity::new(
        OutputState::claim(0.4132, 8_123.4),
        vec![
            sens(0.02, 0.04, 0.05),
            containers,
            sens(0.62, 0.81, 0.38),
            loss_rate,
        ],
        false,
    );
    let mut never_row = vec![sens(0.0, 0.0, 0.0); 4];
    for e in &mut never_row {
        e.sobol_first.status = Status::ConstantOutput;
    }
    let never = OutputSensitivity::new(OutputState::Constant, never_row, false);
    r.sensitivity = Some(SensitivityResult {
        basis: Basis::AfterEvidence,
        total_basis: Some(Basis::BeforeEvidence),
        method: SensitivityMethod {
            given_data_draws: 100_000,
            given_data_effective_draws: 8_123.4,
            saltelli_base: 4096,
            description: "given-data first-order indices (Plischke 2013); Jansen total-order \
                          indices (Saltelli et al. 2010)"
                .to_string(),
        },
        inputs: inputs.iter().map(|&q| Driver::Input(q)).collect(),
        sources: Default::default(),
        quantities,
        claims: vec![million, never].into(),
        voi: vec![
            vec![
                voi(0.003, 0.0),
                voi(0.06, 0.08),
                voi(0.21, 0.34),
                voi(0.002, 0.0),
            ],
            vec![Voi::ZERO; 4],
        ]
        .into(),
    });
    r.precision = Some(PrecisionResult {
        target: 0.001,
        reached: 0.00049,
        worst: ClaimId::new(0),
        met: true,
        samples_drawn: 1_000_000,
        max_samples: 10_000_000,
        rounds: 4,
    });
    r.correlation = Some(CorrelationResult {
        inputs: vec![QuantityId::new(0), QuantityId::new(1)],
        requested: vec![vec![1.0, 0.6], vec![0.6, 1.0]],
        adjusted: None,
        achieved: vec![vec![1.0, 0.587], vec![0.587, 1.0]],
    });
    let c0 = ClaimId::new(0);
    r.claims[c0].posterior = Some(Proportion::new(0.4132, 8_123.4));
    r.claims[c0].forward = Proportion::new(0.5, 1e6);
    r.claims[ClaimId::new(1)].posterior = Some(Proportion::new(0.0, 8_123.4));
    let bf = |estimate: f64| BayesFactor {
        status: BayesStatus::Estimated,
        estimate: Some(estimate),
        lower: Some(estimate * 0.9),
        upper: Some(estimate * 1.1),
        draws_holds: 500_000,
        draws_fails: 500_000,
    };
    let undefined = BayesFactor {
        status: BayesStatus::Undefined,
        estimate: None,
        lower: None,
        upper: None,
        draws_holds: 0,
        draws_fails: 1_000_000,
    };
    let report = |id: &str, before: f64, after: f64, ess: f64| EvidenceResult {
        id: id.to_string(),
        source: Some("eu-2024".into()),
        kind: "likelihood".into(),
        expr: "normal(shipped, 200_000)".into(),
        observed: Some(2_600_000.0),
        trust: 0.9,
        ess,
        ess_cumulative: ess,
        probability_after: vec![after, 0.0].into(),
        probability_before: vec![before, 0.0].into(),
        bayes_factors: vec![bf(after / before), undefined].into(),
    };
    r.posterior = Some(Posterior {
        weights: Vec::new(),
        ess: 8_123.4,
        entries: vec![
            report("ministry", 0.5, 0.45, 20_000.0),
            report("satellite", 0.45, 0.4132, 9_000.0),
        ],
    });
    r.warnings.insert(
        0,
        Warning::LowEss {
            ess: 8_123.4,
            samples: 1_000_000,
            threshold: 10_000.0,
        },
    );
    r
}
