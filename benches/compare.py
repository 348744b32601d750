"""Measures issue 15's speed and memory targets as whole processes, in one session.

Every comparison is paired: in each round the commands run one after another (order rotated
from round to round) and the ratio is taken within the round, so drift in the machine's speed
(other jobs, thermal, frequency) cancels; the median ratio over the rounds is quoted with its
min-max. Wall time and peak RSS come from the kernel's accounting of each finished child
(os.wait4, as /usr/bin/time does). Needs only Python 3, numpy and cargo.

Sections (--only picks some; default all):
  three        shellcount vs numpy vs the plain Rust limit program, three-input model, 10^7
               draws, every output. Targets: <= 0.3x numpy, <= 1.5x the limit program.
  shipment     shellcount vs numpy's exact collapsed sampler (both load methods), the
               per-container model, every output. Target: <= 0.5x numpy (the faster method).
  engine       criterion: `cargo bench --bench shipment -- shipment/model` (engine alone on the
               per-container model; this checkout's source, or --repo). Target: <= 0.15 s.
  sensitivity  default run vs `--sensitivity-draws 0 --saltelli-base 0`, both models.
               Target: the default analysis adds <= ~25%.
  memory       time and peak RSS of the three-input model at 10^5 .. 10^MAX draws, against the
               columns that must be kept (8 bytes per quantity and 1 per claim per draw).
               Target: <= 1.5x; with the streaming mode (--memory-args), 10^9 draws < 1 GB.
  agree        the means of shellcount, numpy and the limit program agree within MCSE.

Usage:
  python3 benches/compare.py [--shellcount BIN] [--runs 5] [--only three,shipment,...]
                             [--memory-min-exp 5] [--memory-max-exp 8] [--memory-args=--low-memory]
                             [--scratch DIR] [--replace]
BIN defaults to this checkout's target/release/shellcount (built if missing); pass another
branch's binary to compare branches. The limit program is built here if missing.
"""
import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
NO_SENS = ["--sensitivity-draws", "0", "--saltelli-base", "0"]
ROWS = []  # (target, command, figure, ratio, goal, met)


MOVED = []  # [graveyard folder, count]: earlier output folders moved aside, see set_aside


def set_aside(cmd):
    """Before a timed run: moves the output folder an earlier run left at the command's --out
    aside (a rename, untimed), so no timed run deletes files. On this machine's file system (ext4
    without a journal) the inode allocator skips, at each file created, every inode deleted in
    the last ~35 s, reading its inode-table entry: in a loop of runs that each replace the last
    one's ~57 files, creating a file cost ~0.2 ms instead of ~0.03 ms (57 files: 11 ms against
    3.5 ms after a quiet minute), a cost of the loop, not of a run. The folders moved aside are
    deleted when the whole measurement ends. With --replace, runs replace the folder instead."""
    if MOVED[0] is None or "--out" not in cmd:
        return
    out = Path(cmd[cmd.index("--out") + 1])
    if out.is_dir():
        MOVED[1] += 1
        out.rename(Path(MOVED[0]) / str(MOVED[1]))


def run_once(cmd):
    """Runs cmd; returns wall seconds, CPU seconds and peak RSS in MiB of the finished child."""
    set_aside(cmd)
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}\n{err.read().decode()[-2000:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss": ru.ru_maxrss / 1024}


def paired(cmds, runs, warmup=1):
    """Runs the named commands in rotated order, round by round; returns samples per name."""
    names = list(cmds)
    out = {k: [] for k in names}
    for r in range(warmup + runs):
        order = names[r % len(names):] + names[:r % len(names)]
        for k in order:
            m = run_once(cmds[k])
            if r >= warmup:
                out[k].append(m)
    return out


def med(xs):
    return f"{statistics.median(xs):.3f} [{min(xs):.3f}-{max(xs):.3f}]"


def ratio(s, a, b):
    """Per-round ratios of a's wall time to b's."""
    return [x["wall"] / y["wall"] for x, y in zip(s[a], s[b])]


def show(s):
    for k, v in s.items():
        print(f"  {k:28s} wall {med([m['wall'] for m in v])} s   cpu "
              f"{statistics.median([m['cpu'] for m in v]):.3f} s   peak {max(m['rss'] for m in v):.0f} MiB")


def cpu_ratio(s, a, b):
    """Ratio of median CPU seconds: steadier than wall time on a shared machine, but not the
    target (a parallel program's wall time is what users wait for)."""
    return statistics.median(m["cpu"] for m in s[a]) / statistics.median(m["cpu"] for m in s[b])


def add(target, command, figure, r, goal, limit, cpu):
    ROWS.append((target, command, figure, f"{statistics.median(r):.2f} [{min(r):.2f}-{max(r):.2f}]",
                 goal, "met" if statistics.median(r) <= limit else "not met"))
    print(f"  {target}: wall ratio {ROWS[-1][3]} (goal {goal}): {ROWS[-1][5]}; cpu ratio {cpu:.2f}")


def three(a, tmp):
    print("three-input model, 10^7 draws, every output")
    cmds = {
        "shellcount": [a.shellcount, "run", "benches/three_input.toml", "--quiet", "--out", f"{tmp}/three"],
        "numpy": [sys.executable, "benches/three_input_numpy.py"],
        "limit": [a.limit, "--out", f"{tmp}/limit.json"],
    }
    s = paired(cmds, a.runs)
    show(s)
    fig = med([m["wall"] for m in s["shellcount"]]) + " s"
    add("three-input 10^7 vs numpy", "shellcount run benches/three_input.toml", fig,
        ratio(s, "shellcount", "numpy"), "<= 0.3", 0.3, cpu_ratio(s, "shellcount", "numpy"))
    add("three-input 10^7 vs limit program", "shellcount run benches/three_input.toml", fig,
        ratio(s, "shellcount", "limit"), "<= 1.5", 1.5, cpu_ratio(s, "shellcount", "limit"))


def shipment(a, tmp):
    print("per-container model, 6,700 x 10,000, every output")
    cmds = {
        "shellcount": [a.shellcount, "run", "benches/per_container.toml", "--quiet", "--out", f"{tmp}/ship"],
        "numpy draw": [sys.executable, "benches/shipment_numpy.py", "--out", f"{tmp}/np_draw.json"],
        "numpy table": [sys.executable, "benches/shipment_numpy.py", "--loads", "table",
                        "--out", f"{tmp}/np_table.json"],
    }
    s = paired(cmds, a.runs)
    show(s)
    fig = med([m["wall"] for m in s["shellcount"]]) + " s"
    faster = min(["numpy draw", "numpy table"], key=lambda k: statistics.median(m["wall"] for m in s[k]))
    for k in ["numpy draw", "numpy table"]:
        add(f"per-container vs {k}" + (" (faster)" if k == faster else ""),
            "shellcount run benches/per_container.toml", fig, ratio(s, "shellcount", k), "<= 0.5", 0.5,
            cpu_ratio(s, "shellcount", k))


def engine(a, _tmp):
    print("engine alone, per-container model (criterion)")
    subprocess.run(["cargo", "bench", "--bench", "shipment", "--", "shipment/model"], cwd=a.repo, check=True)
    est = Path(os.environ.get("CARGO_TARGET_DIR", Path(a.repo) / "target"))
    est = json.loads((est / "criterion/shipment_model/per_container/new/estimates.json").read_text())
    m = est["mean"]
    lo, pt, hi = (m["confidence_interval"]["lower_bound"] / 1e9, m["point_estimate"] / 1e9,
                  m["confidence_interval"]["upper_bound"] / 1e9)
    ROWS.append(("engine alone, per-container", "cargo bench --bench shipment -- shipment/model",
                 f"[{lo:.3f}, {pt:.3f}, {hi:.3f}] s", "-", "<= 0.15 s", "met" if pt <= 0.15 else "not met"))
    print(f"  mean {pt:.3f} s (95% CI {lo:.3f}-{hi:.3f}): {ROWS[-1][5]}")


def sensitivity(a, tmp):
    for model in ["three_input", "per_container"]:
        print(f"sensitivity cost, {model}")
        base = [a.shellcount, "run", f"benches/{model}.toml", "--quiet", "--out", f"{tmp}/sens"]
        s = paired({"default": base, "no sensitivity": base + NO_SENS}, a.runs)
        show(s)
        r = [x - 1 for x in ratio(s, "default", "no sensitivity")]
        ROWS.append((f"sensitivity adds, {model}", f"shellcount run benches/{model}.toml [{' '.join(NO_SENS)}]",
                     med([m["wall"] for m in s["default"]]) + " s",
                     f"{100 * statistics.median(r):+.0f}% [{100 * min(r):+.0f} to {100 * max(r):+.0f}%]",
                     "<= +25%", "met" if statistics.median(r) <= 0.25 else "not met"))
        print(f"  adds {ROWS[-1][3]}: {ROWS[-1][5]}; cpu {100 * (cpu_ratio(s, 'default', 'no sensitivity') - 1):+.0f}%")


def memory(a, tmp):
    print("three-input model: time and peak memory by draws")
    extra = shlex.split(a.memory_args)
    print(f"  {'draws':>6s} {'wall s':>8s} {'peak MiB':>9s} {'columns MiB':>11s} {'ratio':>6s}")
    streaming = "--low-memory" in extra
    for e in range(a.memory_min_exp, a.memory_max_exp + 1):
        n = 10 ** e
        cmd = [a.shellcount, "run", "benches/three_input.toml", "--quiet", "--samples", str(n), "--out", f"{tmp}/mem", *extra]
        ms = [run_once(cmd) for _ in range(a.runs if e <= 7 else 1)]
        summ = json.loads(Path(f"{tmp}/mem/three_input/summary.json").read_text())
        cols = n * (8 * len(summ["quantities"]) + len(summ["claims"])) / 2**20
        peak = max(m["rss"] for m in ms)
        wall = statistics.median(m["wall"] for m in ms)
        print(f"  10^{e:<3d} {wall:8.3f} {peak:9.0f} {cols:11.0f} {peak / cols:6.2f}")
        if e >= 7:
            if e >= 9 or streaming:
                goal, ok = ("< 1 GB", peak * 2**20 < 1e9)
            else:
                goal, ok = ("<= 1.5x columns", peak <= 1.5 * cols)
            ROWS.append((f"peak memory, three-input 10^{e}", shlex.join(cmd[1:6] + extra), f"{peak:.0f} MiB",
                         f"{peak / cols:.2f}x columns", goal, "met" if ok else "not met"))


def agree(a, tmp):
    print("agreement of means within MCSE")
    pairs = [(f"{tmp}/three/three_input/summary.json", "/tmp/numpy_three_input.json", "shellcount", "numpy"),
             (f"{tmp}/three/three_input/summary.json", f"{tmp}/limit.json", "shellcount", "limit"),
             (f"{tmp}/ship/per_container/summary.json", f"{tmp}/np_draw.json", "shellcount", "numpy"),
             (f"{tmp}/ship/per_container/summary.json", f"{tmp}/np_table.json", "shellcount", "numpy-table")]
    for x, y, lx, ly in pairs:
        if Path(x).exists() and Path(y).exists():
            subprocess.run([sys.executable, "benches/agree.py", x, y, lx, ly], cwd=ROOT)


SECTIONS = {"three": three, "shipment": shipment, "engine": engine, "sensitivity": sensitivity,
            "memory": memory, "agree": agree}


def machine():
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shellcount", default=str(TARGET / "release/shellcount"))
    ap.add_argument("--limit", default=str(TARGET / "release/examples/limit_three_input"))
    ap.add_argument("--repo", default=str(ROOT), help="checkout whose criterion bench to run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="three,shipment,engine,sensitivity,memory,agree")
    ap.add_argument("--memory-max-exp", type=int, default=8)
    ap.add_argument("--memory-min-exp", type=int, default=5, help="smallest 10^k draws of the memory table")
    ap.add_argument("--memory-args", default="", help='extra shellcount flags, e.g. "--low-memory"')
    ap.add_argument("--scratch", default=str(TARGET),
                    help="folder under which each run's output folder is made (default: the target "
                         "folder, on the repository's file system, as a user's output/ is); see "
                         "BENCHMARKS.md on why not /tmp")
    ap.add_argument("--replace", action="store_true",
                    help="each run replaces the output folder the last one wrote, deleting its "
                         "files (default: moved aside untimed; see set_aside)")
    a = ap.parse_args()
    a.shellcount = str(Path(a.shellcount).resolve())
    if not Path(a.shellcount).exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "shellcount"], cwd=ROOT, check=True)
    if not Path(a.limit).exists():
        subprocess.run(["cargo", "build", "--release", "--example", "limit_three_input"], cwd=ROOT, check=True)
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M')}; load average at start "
          f"{os.getloadavg()[0]:.2f}\nshellcount: {a.shellcount}")
    Path(a.scratch).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=a.scratch) as tmp:
        MOVED[:] = [None if a.replace else tempfile.mkdtemp(prefix="aside-", dir=tmp), 0]
        for name in a.only.split(","):
            if name not in SECTIONS:
                sys.exit(f"unknown section `{name}`; sections: {', '.join(SECTIONS)}")
            SECTIONS[name](a, tmp)
    print(f"load average at end {os.getloadavg()[0]:.2f} (above ~0.5 the machine was shared)\n")
    print("| target | command | figure | ratio | goal | |\n|---|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
