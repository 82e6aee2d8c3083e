"""The real-shape benchmark of issue 16: ``auditkit assess`` on a ServiceNow audit log (servicenow_log.py) against
a plain ``csv.reader`` pass over the same file, at 10x (100,000 rows) and 100x (1,000,000 rows).

``python benchmarks/real_shape.py --sizes 10 100 --runs 3`` prints the Markdown rows for benchmarks/NOTES.md
(appended to RESULTS.md by the runner). Each command is a child process, timed as run.py times its own (one
untimed warm-up, then interleaved rounds; wall = median; CPU = user + system of the child and its workers; peak
RSS = the largest of the runs, from os.wait4). ``assess, one process`` sets AUDITKIT_WORKERS=1: the issue's
target is that run within 2x of the csv.reader pass, with a peak under 150 MB at a million rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AUDITKIT, run_once  # noqa: E402
from servicenow_log import AS_OF, generate  # noqa: E402

FLOOR = ("import csv, sys\n"
         "with open(sys.argv[1], newline='', encoding='utf-8') as handle:\n"
         "    for row in csv.reader(handle):\n"
         "        pass\n")


def commands(log: str) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]]:
    assess = (AUDITKIT, "assess", "--as-of", AS_OF, "--format", "json", "-o", "out/assessment.json")
    return [("csv.reader pass over the log (floor)", (sys.executable, "-c", FLOOR, log), ()),
            ("auditkit assess (json), one process", assess, (("AUDITKIT_WORKERS", "1"),)),
            ("auditkit assess (json)", assess, ())]


def measure(size: int, runs: int) -> list[tuple[str, list[float], list[float], list[int]]]:
    project = HERE / "work" / f"snlog-{size}x"
    manifest = generate(size, project)
    (project / "out").mkdir(exist_ok=True)
    plan = commands(manifest["log"])
    results = {name: ([], [], []) for name, _argv, _env in plan}
    for index in range(runs + 1):  # the first round warms the page cache and is not counted
        for name, argv, env in plan:
            wall, cpu, peak, code, err = run_once(argv, project, env)
            if code != 0:
                raise SystemExit(f"{name} at {size}x: exit {code}: {err.strip()[:300]}")
            if index:
                walls, cpus, peaks = results[name]
                walls.append(wall)
                cpus.append(cpu)
                peaks.append(peak)
    return [(name, *results[name]) for name, _argv, _env in plan]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("| Command | Size | Rows | Runs | Median wall (s) | Median CPU (s) | Peak RSS (MB) | Ratio to floor (wall) | Ratio to floor (CPU) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        rows = generate(size, HERE / "work" / f"snlog-{size}x")["rows"]
        measured = measure(size, args.runs)
        floor_wall, floor_cpu = statistics.median(measured[0][1]), statistics.median(measured[0][2])
        for name, walls, cpus, peaks in measured:
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            print(f"| {name} | {size}x | {rows:,} | {len(walls)} | {wall:.2f} | {cpu:.2f} | {max(peaks) / 1024:.0f} | "
                  f"{wall / floor_wall:.2f} | {cpu / floor_cpu:.2f} |", flush=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
