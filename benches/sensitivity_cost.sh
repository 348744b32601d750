#!/usr/bin/env bash
# Wall time of a 10^6-draw run of the ROK scenario with and without the sensitivity analysis.
# Usage: bash benches/sensitivity_cost.sh   (needs a release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/shellcount
out=$(mktemp -d)
run() { local best=999; for i in 1 2 3; do
  s=$(date +%s.%N); $bin run scenarios/rok-mnd-2024-02.toml --quiet --samples 1000000 --out "$out" "$@" >/dev/null; e=$(date +%s.%N)
  best=$(python3 -c "print(min($best, $e - $s))"); done; echo "$best"; }
none=$(run --sensitivity-draws 0 --saltelli-base 0)
default=$(run)
full=$(run --sensitivity-draws 1000000 --saltelli-base 100000)
python3 -c "
n, d, f = $none, $default, $full
print(f'no sensitivity:                         {n:.3f} s')
print(f'default (200k given-data, base 20k):     {d:.3f} s  (+{d-n:.3f} s, {100*(d-n)/n:.0f}% of the run)')
print(f'all 10^6 draws given-data, base 100k:    {f:.3f} s  (+{f-n:.3f} s, {100*(f-n)/n:.0f}% of the run)')"
rm -rf "$out"
