#!/usr/bin/env bash
# Spread of estimates over 30 seeds, plain Monte Carlo vs Latin hypercube, same sample count.
# Usage: bash benches/lhs_vs_mc.sh [samples]   (needs a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
bin=target/release/shellcount
out=$(mktemp -d)
for sampling in mc lhs; do
  for seed in $(seq 1 30); do
    $bin run benches/three_input.toml --quiet --samples "$n" --seed "$seed" --sampling "$sampling" \
      --sensitivity-draws 0 --saltelli-base 0 --out "$out/$sampling-$seed" >/dev/null
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
for q in ["shipped", "working"]:
    for stat in ["mean", "p50", "p95"]:
        sd = {}
        for s in ["mc", "lhs"]:
            vals = [json.load(open(f"{out}/{s}-{k}/three_input/summary.json"))["quantities"][q][stat] for k in range(1, 31)]
            sd[s] = statistics.stdev(vals)
        print(f"{q:8s} {stat:5s}  sd over seeds: mc {sd['mc']:12.1f}  lhs {sd['lhs']:12.1f}  ratio {sd['lhs']/sd['mc']:.3f}")
PY
rm -rf "$out"
