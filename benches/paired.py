"""Many paired rounds of one of issue 15's ratios, for one or more shellcount binaries at once.

A per-container run is ~0.1 s and this machine's speed drifts by tens of percent from minute to
minute, so the median of 5 or 9 rounds (compare.py) scatters by several points; this runs many
rounds, every binary in every round (order rotated), with compare.py's run_once (output folders
moved aside, untimed: no timed run deletes files).

  sensitivity  per-container: default run against `--sensitivity-draws 0 --saltelli-base 0`
  limit        three-input 10^7 draws against the plain Rust limit program
  ab           three-input 10^7 draws, each binary against the last one given (A/B of builds)

Usage: python3 benches/paired.py {sensitivity,limit,ab} [--rounds 41] BIN [BIN ...]
Prints, per binary, the median of the per-round ratios, the 30-70% band of the rounds, and the
CPU ratio.
"""
import argparse
import statistics
import tempfile
from pathlib import Path

import compare as C

NO_SENS = ["--sensitivity-draws", "0", "--saltelli-base", "0"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["sensitivity", "limit", "ab"])
    ap.add_argument("--rounds", type=int, default=41)
    ap.add_argument("--limit", default=str(C.TARGET / "release/examples/limit_three_input"))
    ap.add_argument("bins", nargs="+")
    a = ap.parse_args()
    Path(C.TARGET).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paired-", dir=C.TARGET) as tmp:
        C.MOVED[:] = [tempfile.mkdtemp(prefix="aside-", dir=tmp), 0]
        cmds = {}
        if a.what == "limit":
            cmds["limit"] = [a.limit, "--out", f"{tmp}/limit.json"]
        for i, b in enumerate(a.bins):
            model = "per_container" if a.what == "sensitivity" else "three_input"
            run = [str(Path(b).resolve()), "run", f"benches/{model}.toml", "--quiet", "--out", f"{tmp}/o{i}"]
            if a.what == "sensitivity":
                cmds[(i, "default")], cmds[(i, "off")] = run, run + NO_SENS
            else:
                cmds[(i, "run")] = run
        s = C.paired(cmds, a.rounds)
    md = statistics.median
    for i, b in enumerate(a.bins):
        if a.what == "sensitivity":
            x, y = (i, "default"), (i, "off")
        elif a.what == "limit":
            x, y = (i, "run"), "limit"
        elif i + 1 < len(a.bins):
            x, y = (i, "run"), (len(a.bins) - 1, "run")
        else:
            continue
        r = sorted(p["wall"] / q["wall"] for p, q in zip(s[x], s[y]))
        c = sorted(p["cpu"] / q["cpu"] for p, q in zip(s[x], s[y]))
        n = len(r)
        print(f"{b}: {md(p['wall'] for p in s[x]):.4f} s against {md(q['wall'] for q in s[y]):.4f} s: "
              f"wall ratio {md(r):.3f} (30-70% of rounds {r[int(n * .3)]:.3f}..{r[int(n * .7)]:.3f}), "
              f"cpu ratio {md(c):.3f}")


if __name__ == "__main__":
    main()
