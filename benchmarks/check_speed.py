"""Wall time of ``auditkit check`` on a project (default: the bundled example organisation).

    .venv/bin/python benchmarks/check_speed.py                 # median of 7 runs of each case
    .venv/bin/python benchmarks/check_speed.py --runs 15 --project path/to/project
    .venv/bin/python benchmarks/check_speed.py --hyperfine     # the same cases through hyperfine, if installed

Cases, each a fresh process as a CI job or a pre-commit hook starts it:

- ``python -c pass``: the interpreter's own start-up, the floor of any command;
- ``import auditkit.cli``: start-up plus importing the CLI and every command module;
- ``check --no-cache``: a cold run, as in a fresh CI checkout (where the cache is off by default): parse,
  validate, assess, lint, render;
- ``check --cache`` warm: a re-run over unchanged files (pre-commit, a developer), with ``.auditkit-cache/``
  written by the run before.

Exit status 0 and 1 of ``check`` are both normal here (the example has deliberate gaps); 2 stops the benchmark.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(cmd: list[str], cwd: Path, runs: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds user+system) of each run. CPU time is reported too because wall time on a
    shared 2-core machine swings with the other processes' load."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="project folder (default: the repository root)")
    parser.add_argument("--as-of", default="2026-11-05", help="as-of date passed to check (default: the example's audit date)")
    parser.add_argument("--runs", type=int, default=7, help="runs per case (the median is reported)")
    parser.add_argument("--hyperfine", action="store_true", help="run the cases through hyperfine instead")
    args = parser.parse_args()

    # Children write .pyc files as an installed auditkit has them: a session with PYTHONDONTWRITEBYTECODE set
    # would otherwise compile every module from source on every run (~100 ms here) and measure that instead.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    python = sys.executable
    auditkit = str(Path(python).parent / "auditkit")
    check = [auditkit, "check", "--as-of", args.as_of, "--format", "text"]
    cases = [
        ("python -c pass", [python, "-c", "pass"], None),
        ("import auditkit.cli", [python, "-c", "import auditkit.cli"], None),
        ("check --no-cache (cold)", [*check, "--no-cache"], None),
        ("check --cache (warm)", [*check, "--cache"], "warm"),
    ]

    if args.hyperfine:
        tool = shutil.which("hyperfine")
        if tool is None:
            sys.exit("hyperfine is not installed (apt-get install hyperfine)")
        subprocess.run([*check, "--cache"], cwd=args.project, stdout=subprocess.DEVNULL)  # prime the cache
        commands = [shlex.join(cmd) for _, cmd, _ in cases]
        subprocess.run([tool, "--warmup", "2", "--runs", str(args.runs), "-i", "--style", "basic", *commands],
                       cwd=args.project, check=True)
        return

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"project {args.project}, {args.runs} runs per case, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {load:.2f} at start")
    print(f"{'case':<26} {'wall median':>12} {'min':>8} {'max':>8} {'CPU median':>11}")
    for label, cmd, mode in cases:
        if mode == "warm":
            _time(cmd, args.project, 1)  # write the cache first
        _time(cmd, args.project, 1)  # one warm-up run: the OS file cache and .pyc files
        walls, cpus = _time(cmd, args.project, args.runs)
        ms = lambda t: f"{t * 1000:.0f}ms"  # noqa: E731
        print(f"{label:<26} {ms(statistics.median(walls)):>12} {ms(min(walls)):>8} {ms(max(walls)):>8} "
              f"{ms(statistics.median(cpus)):>11}")


if __name__ == "__main__":
    main()
