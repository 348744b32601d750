//! Shared test support: the binary under test, temp files, scenarios from text, seeded
//! generators, and the statistics the statistical tests check against.
//!
//! Statistical helpers state their standard errors here once:
//!
//! ```text
//! mean:      SE = s/√M
//! variance:  SE = √((m₄ − s⁴·(M−3)/(M−1))/M)      m₄ the sample fourth central moment
//! KS:        reject at α = 0.001 when √n·D > 1.949 (one sample), or
//!            D > 1.949·√((n+m)/(n·m)) (two samples); c(α) = √(−ln(α/2)/2)
//! ```

use assert_cmd::Command;
use predicates::prelude::*;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use shellcount::engine::{self, Draws};
use shellcount::scenario::{from_text, Scenario};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The `shellcount` binary.
pub fn bin() -> Command {
    Command::cargo_bin("shellcount").expect("binary built")
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, text).unwrap();
    p
}

/// `shellcount run --quiet --out OUT SCENARIO`, which must succeed.
pub fn run_quiet(scenario: &Path, out: &Path) {
    bin()
        .args(["run", "--quiet", "--out"])
        .arg(out)
        .arg(scenario)
        .assert()
        .success();
}

/// The `summary.json` in the output folder `folder`, parsed.
pub fn summary_json(folder: &Path) -> serde_json::Value {
    let text = fs::read_to_string(folder.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs `check` and `run` on a bad scenario: exit 2, stderr names the file (and line), no output.
pub fn assert_bad(text: &str, expected: &[&str]) {
    assert_bad_with(text, expected, true)
}

/// Like [`assert_bad`] for problems only sampling can find: `check` passes, `run` fails.
pub fn assert_bad_when_run(text: &str, expected: &[&str]) {
    assert_bad_with(text, expected, false)
}

fn assert_bad_with(text: &str, expected: &[&str], check_fails: bool) {
    let dir = TempDir::new().unwrap();
    let p = write(&dir, "bad.toml", text);
    let out = dir.path().join("out");
    let mut commands = vec![vec!["run", "--quiet", "--out", out.to_str().unwrap()]];
    if check_fails {
        commands.insert(0, vec!["check"]);
    } else {
        bin().arg("check").arg(&p).assert().success();
    }
    for args in commands {
        let mut cmd = bin();
        cmd.args(&args).arg(&p);
        let mut a = cmd
            .assert()
            .code(2)
            .stderr(predicate::str::contains("bad.toml"));
        for e in expected {
            a = a.stderr(predicate::str::contains(*e));
        }
        a.stderr(predicate::str::contains("panicked").not());
    }
    assert!(
        !out.exists(),
        "no output folder may be created for a bad scenario"
    );
}

/// A scenario from `body` (everything after the `[scenario]` header), named `t.toml`.
pub fn scenario(body: &str) -> Scenario {
    from_text(
        Path::new("t.toml"),
        &format!("[scenario]\ntitle = \"t\"\n{body}"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A scenario from its whole text, named `path`.
pub fn scenario_text(path: &str, text: &str) -> Scenario {
    from_text(Path::new(path), text).unwrap_or_else(|e| panic!("{e}"))
}

/// `samples` draws of `s` with `seed` (plain Monte Carlo).
pub fn run(s: &Scenario, samples: usize, seed: u64) -> Draws {
    engine::run(&s.program, samples, seed, &|_| {}).expect("runs")
}

/// The draws of quantity `name`.
pub fn column<'a>(s: &Scenario, draws: &'a Draws, name: &str) -> &'a [f64] {
    let q = s
        .program
        .quantity(name)
        .unwrap_or_else(|| panic!("no quantity `{name}`"));
    &draws.columns[q]
}

/// A seeded xoshiro256++ generator.
pub fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// `n` standard normal draws from `rng`.
pub fn normals(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.sample(StandardNormal)).collect()
}

/// Sample mean, variance, and the standard errors of both.
pub struct Moments {
    pub mean: f64,
    pub var: f64,
    pub se_mean: f64,
    pub se_var: f64,
}

/// The [`Moments`] of `xs`.
pub fn moments(xs: &[f64]) -> Moments {
    let m = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / m;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m - 1.0);
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / m;
    Moments {
        mean,
        var,
        se_mean: (var / m).sqrt(),
        se_var: ((m4 - var * var * (m - 3.0) / (m - 1.0)) / m).sqrt(),
    }
}

/// Kolmogorov distribution 0.999 quantile: the α = 0.001 critical value of √n·D.
pub const KS_CRIT: f64 = 1.949;

/// The largest `f64` below `x` (for `x` not NaN or −∞).
fn next_down(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        x
    } else if x == 0.0 {
        -f64::from_bits(1)
    } else if x > 0.0 {
        f64::from_bits(x.to_bits() - 1)
    } else {
        f64::from_bits(x.to_bits() + 1)
    }
}

/// One-sample KS statistic D = sup |F_n(x) − F(x)| of `xs` against `cdf`.
///
/// Tie-aware: draws that round to the same `f64` (e.g. beta draws with tiny shapes, where a
/// sizeable share of the mass lies within one ulp of 1) are compared as a group, `F_n` against
/// `F` at the value and just below it (at the previous `f64`).
pub fn ks_one_sample(xs: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    let mut d: f64 = 0.0;
    let mut i = 0;
    while i < xs.len() {
        let x = xs[i];
        let mut j = i;
        while j < xs.len() && xs[j] == x {
            j += 1;
        }
        let at = (j as f64 / n - cdf(x)).abs();
        let below = (i as f64 / n - cdf(next_down(x))).abs();
        d = d.max(at).max(below);
        i = j;
    }
    d
}

/// Two-sample KS statistic, evaluating both ECDFs at every distinct value (handles ties).
pub fn ks_two_sample(a: &mut [f64], b: &mut [f64]) -> f64 {
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    d
}

/// Asserts that `a` and `b` pass the two-sample KS test at α = 0.001.
pub fn assert_same_distribution(mut a: Vec<f64>, mut b: Vec<f64>, what: &str) {
    let (n, m) = (a.len() as f64, b.len() as f64);
    let crit = KS_CRIT * ((n + m) / (n * m)).sqrt();
    let d = ks_two_sample(&mut a, &mut b);
    assert!(d <= crit, "{what}: KS D = {d} > {crit}");
}
