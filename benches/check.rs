//! Criterion benchmark of `shellcount check`'s work: reading, validating and compiling a
//! scenario, at sizes that tell linear from quadratic.
//!
//! Run with `cargo bench --bench check`. `check/inputs/N` validates a file of N inputs, each
//! `"a to b"`, with N/10 model quantities summing ten of them each and one claim: linear work is
//! about 10× from 10,000 to 100,000 inputs, quadratic work would be 100×. Issue 11's target:
//! 100,000 inputs in a few seconds at most (shellcount 0.1 took 46 s).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use shellcount::scenario::from_text;
use std::path::Path;
use std::time::Duration;

/// A scenario of `n` inputs (n a multiple of 10).
fn scenario(n: usize) -> String {
    let mut s = String::from("[scenario]\ntitle = \"bench\"\n[inputs]\n");
    for i in 0..n {
        s.push_str(&format!(
            "a{i} = {{ dist = \"{} to {}\", unit = \"rounds\" }}\n",
            i + 1,
            i + 3
        ));
    }
    s.push_str("[model]\n");
    for m in 0..n / 10 {
        let terms: Vec<String> = (0..10).map(|k| format!("a{}", m * 10 + k)).collect();
        s.push_str(&format!("m{m} = \"{}\"\n", terms.join(" + ")));
    }
    s.push_str("[[claim]]\nid = \"c\"\ntext = \"t\"\nholds_if = \"m0 > 10\"\n");
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [10_000, 100_000] {
        let text = scenario(n);
        g.bench_with_input(BenchmarkId::new("inputs", n), &text, |b, text| {
            b.iter(|| from_text(Path::new("bench.toml"), text).expect("valid"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
