"""The per-container model of benches/per_container.toml as numpy's exact collapsed sampler.

Per iteration (all iterations at once, vectorised):
  shares s1, s2 ~ U(0.2, 0.4), s3 = 1 - s1 - s2; dud rates d1..d3 ~ beta    (shipment level)
  containers per lot  (N1, N2, N3) ~ Multinomial(6700; s1, s2, s3)        (one multinomial)
  delivered_l = sum of N_l container loads, each round(X), X ~ `300 to 600` (lognormal)
  working_l   ~ Binomial(delivered_l, 1 - d_l)                           (duds, collapsed)

What is exact, and why. Each container carries a whole number of rounds, K = round(X) with X
lognormal (ties to even, as shellcount's `whole_rounds` and numpy's `rint`; X > 0 so K >= 0).
K is an integer distribution with P(K = k) = F(k + 1/2) - F(k - 1/2) (F(1/2) for k = 0), so a
sum of N loads is NOT a lognormal, nor a rounded lognormal, nor a normal: it has no closed form,
and a one-draw shortcut for it would be an approximation. Two exact ways are offered:
  --loads draw   (default) draw the N_l lognormals of every lot, round each, and add them up
                 (vectorised over batches of iterations: the containers of lot l in iteration i
                 are a contiguous segment, summed by a cumulative sum);
  --loads table  the counts of containers carrying k rounds are Multinomial(N_l; P(K = k)),
                 so delivered_l = sum_k k * count_k. The pmf is built once (the load's
                 parameters are constant) on k = 0..K_MAX; the last category is the tail
                 K > K_MAX, whose (almost never drawn) containers are then drawn exactly from X
                 conditioned on X > K_MAX + 1/2 by rejection. Exact up to the floating-point
                 rounding of the pmf, as any sampler is.
Splitting containers between lots by one multinomial and thinning each lot's total by one
binomial are exact because containers are exchangeable and every round of lot l works with the
same probability 1 - d_l, independently (binomials with one p add up). This is what shellcount
computes; only its random streams differ, so the two agree within Monte Carlo error.

Outputs: the same quantities as shellcount (5 inputs, the 12 shipment quantities and
not_working_share), each with mean, sd, min, max, nine R-7 percentiles, MCSE of the mean, a
60-bin histogram and a 200-point exceedance curve, and both claims' probabilities with their
MCSE, as JSON. No charts, report or sensitivity, so the comparison favours numpy.

Usage: python3 benches/shipment_numpy.py [--samples N] [--loads draw|table] [--out FILE] [--check]
(prints seconds taken; default 10,000 iterations, JSON to /tmp/numpy_per_container.json).
--check also prints the exact mean and sd of delivered_total (6700 E[K] and sqrt(6700 Var K),
from the pmf) beside the sample's, with the z of the sample mean.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in benches/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from three_input_numpy import Z95, summarise  # noqa: E402  (same summaries, one definition)

CONTAINERS = 6700
LOAD_A, LOAD_B = 300.0, 600.0  # `300 to 600`: 5th and 95th percentiles of the lognormal
MU = (math.log(LOAD_A) + math.log(LOAD_B)) / 2
SIGMA = (math.log(LOAD_B) - math.log(LOAD_A)) / (2 * Z95)
BATCH_DRAWS = 1 << 21  # container loads per vectorised batch (16 MB of float64)


def segment_sums(x, counts):
    """Sums of consecutive segments of x of the given lengths (zero-length segments give 0)."""
    cs = np.concatenate(([0.0], np.cumsum(x)))  # whole numbers < 2^53: exact in float64
    ends = np.cumsum(counts)
    return (cs[ends] - cs[ends - counts]).astype(np.int64)


def loads_by_drawing(rng, per_lot):
    """delivered[i, l] = sum of per_lot[i, l] rounded lognormal loads, drawn one by one."""
    flat = per_lot.ravel()
    out = np.empty(flat.size, dtype=np.int64)
    rows = max(1, BATCH_DRAWS // max(1, int(flat.max(initial=1))))
    for a in range(0, flat.size, rows):
        counts = flat[a:a + rows]
        x = rng.lognormal(MU, SIGMA, int(counts.sum()))
        np.rint(x, out=x)
        out[a:a + rows] = segment_sums(x, counts)
    return out.reshape(per_lot.shape)


def lognormal_sf(x):
    """P(X > x) for the load's lognormal (x > 0), without cancellation in the upper tail."""
    return 0.5 * math.erfc((math.log(x) - MU) / (SIGMA * math.sqrt(2)))


def load_pmf():
    """P(K = k) for k = 0..K_MAX and, last, P(K > K_MAX)."""
    k_max = int(math.exp(MU + 9 * SIGMA)) + 1  # P(K > K_MAX) < 1e-18
    sf = np.array([lognormal_sf(k + 0.5) for k in range(k_max + 1)])
    pmf = np.empty(k_max + 2)
    pmf[0] = 1.0 - sf[0]
    pmf[1:k_max + 1] = sf[:-1] - sf[1:]
    pmf[k_max + 1] = sf[-1]
    return pmf, k_max


def loads_by_table(rng, per_lot):
    """delivered[i, l] = sum_k k * count_k with the counts Multinomial(per_lot[i, l]; P(K = k))."""
    pmf, k_max = load_pmf()
    values = np.arange(k_max + 1, dtype=np.int64)
    flat = per_lot.ravel()
    out = np.empty(flat.size, dtype=np.int64)
    rows = 512
    for a in range(0, flat.size, rows):
        counts = rng.multinomial(flat[a:a + rows], pmf)
        out[a:a + rows] = counts[:, :-1] @ values
        for r in np.flatnonzero(counts[:, -1]):  # containers beyond K_MAX: exact, by rejection
            for _ in range(counts[r, -1]):
                while (x := rng.lognormal(MU, SIGMA)) <= k_max + 0.5:
                    pass
                out[a + r] += int(np.rint(x))
    return out.reshape(per_lot.shape)


def check(delivered_total):
    """Prints delivered_total's exact mean and sd (from the pmf) beside the sample's."""
    pmf, k_max = load_pmf()
    k = np.arange(k_max + 1)
    mean = (pmf[:-1] * k).sum()
    var = (pmf[:-1] * k * k).sum() - mean * mean
    exact_mean, exact_sd = CONTAINERS * mean, math.sqrt(CONTAINERS * var)
    m, sd = delivered_total.mean(), delivered_total.std(ddof=1)
    z = (m - exact_mean) / (sd / math.sqrt(delivered_total.size))
    print(f"delivered_total: exact mean {exact_mean:.1f} sd {exact_sd:.1f}; "
          f"sample mean {m:.1f} sd {sd:.1f}; z of the mean {z:.2f}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--loads", choices=["draw", "table"], default="draw")
    ap.add_argument("--out", default="/tmp/numpy_per_container.json")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    n = args.samples
    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    s1, s2 = rng.uniform(0.2, 0.4, n), rng.uniform(0.2, 0.4, n)
    duds = np.stack([rng.beta(10, 10, n), rng.beta(3, 12, n), rng.beta(2, 30, n)], axis=1)
    shares = np.stack([s1, s2, 1 - s1 - s2], axis=1)
    per_lot = rng.multinomial(CONTAINERS, shares)
    loads = loads_by_drawing if args.loads == "draw" else loads_by_table
    delivered = loads(rng, per_lot)
    working = rng.binomial(delivered, 1 - duds)
    d_total, w_total = delivered.sum(axis=1), working.sum(axis=1)
    not_working = 1 - w_total / d_total
    columns = {
        "share_l1": s1, "share_l2": s2,
        "dud_l1": duds[:, 0], "dud_l2": duds[:, 1], "dud_l3": duds[:, 2],
        "not_working_share": not_working,
        "containers_shells": np.full(n, float(CONTAINERS)),
        "delivered_shells": d_total, "working_shells": w_total,
        **{f"delivered_l{k + 1}": delivered[:, k] for k in range(3)},
        **{f"working_l{k + 1}": working[:, k] for k in range(3)},
        "delivered_total": d_total, "working_total": w_total,
    }
    claims = {"at-least-2.25m-working": w_total >= 2.25e6, "a-quarter-fail": not_working >= 0.25}
    out = {
        "samples": n, "loads": args.loads,
        "quantities": {k: summarise(v.astype(np.float64)) for k, v in columns.items()},
        "claims": [{"id": k, "probability": float(c.mean()),
                    "mcse": float(np.sqrt(c.mean() * (1 - c.mean()) / n))} for k, c in claims.items()],
    }
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(f"{time.perf_counter() - t0:.3f}")
    if args.check:
        check(d_total)


if __name__ == "__main__":
    main()
