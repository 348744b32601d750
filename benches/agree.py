"""Do two summaries of the same model agree within Monte Carlo error?

Compares the means of every quantity both JSON files hold, and every claim probability, as
z = (a - b) / sqrt(se_a^2 + se_b^2) with each side's own MCSE (two independent runs: different
random streams). |z| > 4 is flagged: with ~20 comparisons a fair pair exceeds 4 about once in
3,000 runs (they are correlated, which only makes a flag rarer).
Constant quantities (MCSE 0 on both sides) must match exactly.

Usage: python3 benches/agree.py A.json B.json [LABEL_A LABEL_B]
Reads shellcount's summary.json, benches/three_input_numpy.py's, benches/shipment_numpy.py's
and the limit program's JSON (all use `quantities.<name>.mean/mcse_mean` and
`claims[].id/probability/mcse`). Exit status 1 when anything is flagged.
"""
import json
import math
import sys


def main():
    a, b = (json.load(open(p)) for p in sys.argv[1:3])
    la, lb = (sys.argv[3:5] + ["A", "B"])[:2] if len(sys.argv) > 4 else ("A", "B")
    bad = 0
    print(f"{'quantity or claim':26s} {la:>16s} {lb:>16s} {'z':>7s}")
    rows = [(k, a["quantities"][k]["mean"], a["quantities"][k]["mcse_mean"],
             b["quantities"][k]["mean"], b["quantities"][k]["mcse_mean"])
            for k in a["quantities"] if k in b["quantities"]]
    ca = {c["id"]: c for c in a["claims"]}
    rows += [(f"P({c['id']})", ca[c["id"]]["probability"], ca[c["id"]]["mcse"],
              c["probability"], c["mcse"]) for c in b["claims"] if c["id"] in ca]
    for name, ma, sa, mb, sb in rows:
        se = math.hypot(sa, sb)
        z = (ma - mb) / se if se > 0 else (0.0 if ma == mb else math.inf)
        flag = abs(z) > 4
        bad += flag
        print(f"{name:26s} {ma:16.6g} {mb:16.6g} {z:7.2f}{'  <-- disagree' if flag else ''}")
    print(f"{len(rows)} compared, {bad} outside 4 standard errors")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
