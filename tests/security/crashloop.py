"""Crash loop: ``kill -9`` every writer of auditkit at random points, then check that nothing was lost.

Each round starts one writer as its own process (a record, a signed record, ``-o`` outputs, the report, the
cache of ``check``, ``actions sync`` and ``actions edit``), kills it with SIGKILL after a random delay within
its usual run time, and then checks the project, in process:

- every input still validates (``validate`` exits 0): a writer never damages what the user wrote;
- every action file parses (``actions list`` exits 0);
- ``verify`` passes, or exits 1 naming the damage on located lines (an interrupted record: HEAD lags behind the
  last snapshot), which ``verify --adopt`` then repairs, as a user would;
- an output file is absent or whole (JSON that parses, HTML that ends with ``</html>``).

After the rounds, one undisturbed run of every writer must leave no temporary file behind.

``python -m tests.security.crashloop KILLS`` runs rounds until KILLS writers were killed (``make fuzz``: 240);
tests/security/test_crashloop.py runs a few rounds in ``make test``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from tests.security import fuzz

REPAIRS: Counter = Counter()
AUDITKIT = [sys.executable, "-c", "import sys; from auditkit.cli import main; sys.exit(main())"]


def writers(key: Path | None) -> list[tuple[str, list[str], str | None]]:
    """(name, arguments, output file or None) of every writer; ``{n}`` in an argument is the round number."""
    out = [
        ("record", ["assess", "--as-of", "{date}", "--record"], None),
        ("assess -o", ["assess", "--as-of", "2026-11-05", "-f", "json", "-o", "out/assessment.json"], "out/assessment.json"),
        ("report -o", ["report", "--as-of", "2026-11-05", "-o", "out/report.html"], "out/report.html"),
        ("check cache + file", ["check", "--as-of", "2026-11-05", "--cache", "--format", "json:out/check.json"],
         "out/check.json"),
        ("actions sync", ["actions", "sync", "--by", "crash loop", "--on", "2026-11-05"], None),
        ("actions edit", ["actions", "edit", "CAR-2026-001", "--by", "crash loop", "--on", "2026-11-06",
                          "--set", "owner=Owner {n}"], None),
    ]
    if key is not None:
        out.append(("signed record", ["assess", "--as-of", "{date}", "--record", "--sign", str(key)], None))
    return out


def _day(n: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(1830000000 + 86400 * n))  # a new as-of date each round


def _in_process(project: Path, *args: str):
    from auditkit.cli import main

    old = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), env=fuzz.ENV, catch_exceptions=False)
    finally:
        os.chdir(old)


def check_project(project: Path, output: str | None) -> list[str]:
    """What is wrong with the project after a kill (empty when nothing); repairs an interrupted record."""
    wrong = []
    valid = _in_process(project, "validate")
    if valid.exit_code != 0:
        wrong.append(f"validate exit {valid.exit_code}: {valid.stderr[-300:]}")
    actions = _in_process(project, "actions", "list", "--as-of", "2026-11-05")
    if actions.exit_code != 0:
        wrong.append(f"actions list exit {actions.exit_code}: {actions.stderr[-300:]}")
    verified = _in_process(project, "verify")
    if verified.exit_code == 1:
        lines = [line for line in verified.stderr.splitlines() if ": error: " in line]
        if not lines or not all(fuzz.LOCATED.match(line) for line in lines):
            wrong.append(f"verify names no located damage: {verified.stderr[-300:]}")
        elif all("rewound: HEAD names" in line for line in lines):  # an interrupted record: the user adopts it
            last = sorted((project / "history").glob("S*.json"))[-1].name[:5]
            REPAIRS["verify named an interrupted record; verify --adopt repaired it"] += 1
            if _in_process(project, "verify", "--adopt", last).exit_code != 0:
                wrong.append(f"verify --adopt {last} did not repair: {verified.stderr[-300:]}")
        else:
            wrong.append(f"verify: {verified.stderr[-300:]}")
    elif verified.exit_code != 0:
        wrong.append(f"verify exit {verified.exit_code}: {verified.stderr[-300:]}")
    if output and (project / output).exists():
        text = (project / output).read_text("utf-8")
        try:
            if output.endswith(".json"):
                json.loads(text)
            elif not text.rstrip().endswith("</html>"):
                raise ValueError("HTML cut short")
        except ValueError as exc:
            wrong.append(f"{output} is damaged: {exc}")
    return wrong


def _durations(project: Path, plan) -> dict[str, float]:
    """How long each writer takes undisturbed (its first run), to kill it somewhere inside that time."""
    taken = {}
    for n, (name, args, _output) in enumerate(plan):
        started = time.monotonic()
        subprocess.run(AUDITKIT + [a.format(n=n, date=_day(n)) for a in args], cwd=project, env=_env(),
                       capture_output=True, timeout=300)
        taken[name] = time.monotonic() - started
    return taken


def _env() -> dict:
    return {**os.environ, **fuzz.ENV, "PYTHONPATH": str(fuzz.ROOT)}


def crash_loop(rounds: int, work: Path, seed: int = 17, *, kills_wanted: int = 0) -> tuple[Counter, list[str]]:
    """Run ``rounds`` rounds over every writer in turn (with ``kills_wanted``, as many rounds as it takes to kill
    that many writers, at most three times as many); the kills per writer, and every problem found.

    A writer that finished before its kill has its expected run time shortened: on a machine whose load changes,
    the first, undisturbed run is a poor guess of the later ones, and most of its kills would come too late."""
    chooser = random.Random(seed)
    project = fuzz.build_base(work / "project")
    key = None
    if shutil.which("ssh-keygen"):
        key = work / "key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    plan = writers(key)
    taken = _durations(project, plan)
    kills: Counter = Counter()
    problems: list[str] = []
    n = len(plan)
    while (n - len(plan) < rounds if not kills_wanted else
           _killed(kills) < kills_wanted and n - len(plan) < 3 * kills_wanted):
        name, args, output = plan[n % len(plan)]
        process = subprocess.Popen(AUDITKIT + [a.format(n=n, date=_day(n)) for a in args], cwd=project, env=_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        # most kills late in the run, where the writing is; some early, in reading and assessing
        share = chooser.uniform(0.6, 1.05) if chooser.random() < 0.7 else chooser.uniform(0.0, 0.6)
        time.sleep(taken[name] * share)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills[name] += 1
        else:
            kills[name + " (finished first)"] += 1
            taken[name] *= 0.8
        process.wait()
        problems += [f"round {n} ({name}): {w}" for w in check_project(project, output)]
        n += 1
    for n, (name, args, _output) in enumerate(plan, start=n):  # undisturbed runs clean up
        subprocess.run(AUDITKIT + [a.format(n=n, date=_day(n)) for a in args], cwd=project, env=_env(),
                       capture_output=True, timeout=300)
    problems += check_project(project, None)
    left = [str(p.relative_to(project)) for p in project.rglob("*.tmp")]
    if left:
        problems.append(f"temporary files left behind: {left}")
    return kills, problems


def _killed(kills: Counter) -> int:
    return sum(v for k, v in kills.items() if "finished" not in k)


def main() -> int:
    """``python -m tests.security.crashloop KILLS``: rounds until KILLS writers were killed (240 by default)."""
    import tempfile

    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    with tempfile.TemporaryDirectory(prefix="auditkit-crashloop-") as work:
        kills, problems = crash_loop(0, Path(work), kills_wanted=wanted)
    rounds = sum(kills.values())
    print(f"crash loop: {_killed(kills)} kills -9 in {rounds} rounds")
    for name, count in sorted(kills.items()):
        print(f"  {name}: {count}")
    for name, count in REPAIRS.items():
        print(f"  {name}: {count}")
    for problem in problems:
        print(f"PROBLEM {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
