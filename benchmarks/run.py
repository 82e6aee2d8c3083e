"""Benchmark runner: time auditkit's commands on synthetic organisations and write benchmarks/RESULTS.md.

``python benchmarks/run.py --sizes 1 10 100`` (``make bench SIZES="1 10"`` runs it through the venv).

For every size it generates (or reuses) ``benchmarks/work/org-<size>x`` with ``generate.py``, then runs each
command as a child process: one untimed warm-up run (so every command reads from a warm page cache), then
``--runs`` timed runs (``--runs-large`` for sizes of 100 and more). Wall time is taken around the child; peak
memory is the child's own maximum resident set size, from ``os.wait4``. The table gives the median wall time,
the largest peak RSS of the runs, and the ratio of the median to the floor's median at the same size: the floor
(``floor.py``) reads and parses the same inputs with yaml's CSafeLoader and the csv module and nothing else.

Commands that do not exist in this build (``auditkit <name> --help`` fails) are listed as absent, not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import AS_OF, DEFAULT_SEED, FILES_PER_SCALE, RECORDS_PER_SCALE, generate, records_only_project  # noqa: E402

WORK = HERE / "work"
BIN = Path(sys.executable).parent
AUDITKIT = str(BIN / "auditkit")


@dataclass(frozen=True)
class Command:
    """One benchmarked command line, run in the project folder."""

    name: str
    argv: tuple[str, ...]
    requires: tuple[str, ...] = ()
    """The auditkit subcommand that must exist (e.g. ('actions', 'sync')); empty for the floor."""
    ok_codes: tuple[int, ...] = (0,)
    """Exit statuses that mean the command ran (a gate may exit 1 on findings)."""
    reset: tuple[str, ...] = ()
    """Paths in the project to delete before each run (outputs a command writes and would reuse)."""
    fresh: tuple[str, ...] = ()
    """Folders in the project made anew and empty before each run (a command's -C folder must exist)."""
    project: str = ""
    """Which project to run in: the organisation (""), or RECORDS_ONLY, its record sets alone."""
    env: tuple[tuple[str, str], ...] = ()
    """Extra environment variables of the run."""


def commands(out: str, auditkit: str = AUDITKIT) -> list[Command]:
    """The benchmarked command lines; ``auditkit`` is the executable under test (another build's to compare)."""
    as_of = AS_OF.isoformat()
    assessment = f"{out}/assessment.json"
    return [
        Command("floor (CSafeLoader + csv)", (sys.executable, str(HERE / "floor.py"), ".")),
        Command("floor without CSV rows", (sys.executable, str(HERE / "floor.py"), ".", "--no-records")),
        Command("auditkit --version (start-up only)", (auditkit, "--version")),
        Command("auditkit validate", (auditkit, "validate"), ("validate",)),
        Command("auditkit assess (json)", (auditkit, "assess", "--as-of", as_of, "--format", "json", "-o", assessment),
                ("assess",)),
        Command("auditkit assess (json), one process", (auditkit, "assess", "--as-of", as_of, "--format", "json", "-o",
                                                        assessment), ("assess",), env=(("AUDITKIT_WORKERS", "1"),)),
        Command("auditkit assess, record sets only", (auditkit, "assess", "--as-of", as_of, "--format", "json", "-o",
                                                      f"{out}/records-only.json"), ("assess",), project=RECORDS_ONLY),
        Command("auditkit check --no-cache", (auditkit, "check", "--as-of", as_of, "--no-cache"), ("check",),
                ok_codes=(0, 1)),
        Command("auditkit check --cache (warm)", (auditkit, "check", "--as-of", as_of, "--cache"), ("check",),
                ok_codes=(0, 1)),
        Command("auditkit report (PDF)", (auditkit, "report", "--as-of", as_of, "--format", "pdf", "-o", f"{out}/report.pdf"),
                ("report",)),
        Command("auditkit report (HTML, no layout)", (auditkit, "report", "--as-of", as_of, "--format", "html", "-o",
                                                      f"{out}/report.html"), ("report",)),
        # the register is kept out of the organisation: its new history each round would change what check reads
        Command("auditkit actions sync", (auditkit, "actions", "sync", "-C", f"{out}/register", "--from", assessment),
                ("actions", "sync"), fresh=(f"{out}/register",)),
    ]


RECORDS_ONLY = "records-only"
"""Marks a command run on the organisation's record sets alone (the memory of streaming, without documents)."""


@dataclass
class Measurement:
    command: str
    size: int
    runs: int = 0
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    """User + system CPU seconds of each run: steadier than wall time on a shared machine."""
    peaks_kb: list[int] = field(default_factory=list)
    status: str = "ok"
    """ok, absent (the command does not exist in this build) or failed: <first error line>."""

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.walls else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpus) if self.cpus else None

    @property
    def peak_mb(self) -> float | None:
        return max(self.peaks_kb) / 1024 if self.peaks_kb else None


def run_once(argv: tuple[str, ...], cwd: Path, extra_env: tuple[tuple[str, str], ...] = ()) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KB, exit status, stderr) of one run of a child process.

    CPU and peak RSS come from ``os.wait4``: CPU includes the child's own worker processes (it waits for them),
    and peak RSS is the largest of the child and its workers, each on its own."""
    env = dict(os.environ, AUDITKIT_NO_PROGRESS="1", NO_COLOR="1", **dict(extra_env))
    # Flush what the previous command wrote (reports, registers, fsync'd atomic writes) before the clock starts:
    # otherwise its writeback lands in this run's time.
    if hasattr(os, "sync"):
        os.sync()
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    # Read stderr while waiting, so a chatty child cannot block on a full pipe.
    err = child.stderr.read().decode("utf-8", "replace")  # type: ignore[union-attr]
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()  # type: ignore[union-attr]
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss, child.returncode, err  # ru_maxrss is in KB on Linux


def available(auditkit: str, path: tuple[str, ...]) -> bool:
    """True when ``auditkit <path> --help`` succeeds (the command exists in this build)."""
    if not path:
        return True
    result = subprocess.run([auditkit, *path, "--help"], capture_output=True)
    return result.returncode == 0


def measure(commands_: list[tuple[Command, Path]], size: int, runs: int, log) -> list[Measurement]:
    """Time each ``(command, project)``: one untimed warm-up run each, then ``runs`` rounds of one timed run each.

    Rounds interleave the commands, so that a noisy minute on a shared machine slows every command of the size
    alike (and the floor with them) instead of the few whose runs fell in it.
    """
    measured: list[tuple[Command, Path, Measurement]] = []
    absent: list[Measurement] = []
    for cmd, project in commands_:
        m = Measurement(cmd.name, size)
        if available(cmd.argv[0], cmd.requires):
            measured.append((cmd, project, m))
        else:
            m.status = "absent"
            log(f"  {cmd.name}: absent in this build")
            absent.append(m)
    results = [m for _cmd, _project, m in measured]
    for index in range(runs + 1):  # the first round warms the page cache and is not counted
        for cmd, project, m in measured:
            if m.status != "ok":
                continue
            for path in cmd.reset:
                shutil.rmtree(project / path, ignore_errors=True)
            for path in cmd.fresh:
                shutil.rmtree(project / path, ignore_errors=True)
                (project / path).mkdir(parents=True)
            wall, cpu, peak, code, err = run_once(cmd.argv, project, cmd.env)
            if code not in cmd.ok_codes:
                first = next((line for line in err.splitlines() if line.strip()), f"exit status {code}")
                m.status = f"failed (exit {code}): {first[:160]}"
                log(f"  {cmd.name}: {m.status}")
                continue
            if index:
                m.walls.append(wall)
                m.cpus.append(cpu)
                m.peaks_kb.append(peak)
    for m in results:
        if m.status == "ok":
            m.runs = len(m.walls)
            log(f"  {m.command}: median {m.median:.3f} s (CPU {m.cpu:.3f} s) over {m.runs} runs, peak {m.peak_mb:.0f} MB")
    return results + absent


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    try:
        distro = platform.freedesktop_os_release().get("PRETTY_NAME", "")
    except OSError:
        distro = ""
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_gb, 1) if mem_gb else None,
        "os": f"{distro} ({platform.system()} {platform.release()})".strip(),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
    }


def git_revision() -> str:
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return (result.stdout.strip() or "unknown") + (" + uncommitted changes" if dirty else "")


def render(results: list[Measurement], manifests: dict[int, dict], runs: dict[int, int], started: datetime,
           code: str) -> str:
    info = machine()
    floors = {m.size: m for m in results if m.command.startswith("floor (") and m.median}
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (benchmarks/run.py); do not edit by hand. How to read it: benchmarks/README.md.",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Code: git {code}",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB RAM; {info['os']}",
        f"- Python: {info['python']}",
        "- Method: each command is a child process run in the project folder, once untimed (warm page cache), "
        "then timed in rounds that interleave the commands (a noisy minute slows all of them alike), with the "
        "file system synced before each run; wall = median of the timed runs; peak RSS = the largest of the runs' "
        "own maximum resident set size (os.wait4; the largest single process, the command or one of its worker processes); CPU = user "
        "+ system seconds of the child and its worker processes; ratio = median / the floor's median at the same "
        "size. auditkit's package is byte-compiled first (as an install does; this machine sets "
        "PYTHONDONTWRITEBYTECODE) and the warm-up run fills the per-user cache of compiled schema validators. "
        "auditkit reads large record exports in worker processes (AUDITKIT_WORKERS, default: the CPUs it may use); "
        "the 'one process' row is the same command with AUDITKIT_WORKERS=1. The machine may be shared: CPU time is "
        "the steadier figure when other work runs.",
        "",
        "## Inputs",
        "",
        "| Size | Evidence files | Evidence items | Evidence MB | Ticket records | Services | Timed runs | Catalog (sha256 of controls/) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in sorted(manifests):
        mf = manifests[size]
        lines.append(f"| {size}x | {mf['evidence_files']:,} | {mf['evidence_items']:,} | {mf['evidence_bytes'] / 1e6:.1f} | "
                     f"{mf['records']:,} | {mf['services']:,} | {runs[size]} | {mf['stamp']['controls'][:12]} |")
    lines += [
        "",
        "## Timings",
        "",
        "| Command | Size | Runs | Median wall (s) | Median CPU (s) | Peak RSS (MB) | Ratio to floor (wall) | Ratio to floor (CPU) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    order = [c.name for c in commands("out")]
    for m in sorted(results, key=lambda m: (order.index(m.command), m.size)):
        if m.status != "ok":
            lines.append(f"| {m.command} | {m.size}x | - | {m.status} | - | - | - | - |")
            continue
        floor = floors.get(m.size)
        ratio = f"{m.median / floor.median:.2f}" if floor else "-"
        ratio_cpu = f"{m.cpu / floor.cpu:.2f}" if floor and floor.cpu else "-"
        lines.append(f"| {m.command} | {m.size}x | {m.runs} | {m.median:.3f} | {m.cpu:.3f} | {m.peak_mb:.0f} | {ratio} | {ratio_cpu} |")
    lines += ["", "## Growth (median wall at each size / at the smallest size)", ""]
    sizes = sorted(manifests)
    if len(sizes) > 1:
        lines += ["| Command | " + " | ".join(f"{s}x" for s in sizes) + " |", "|---|" + "---:|" * len(sizes)]
        for name in order:
            row = {m.size: m.median for m in results if m.command == name and m.median}
            if sizes[0] in row:
                base = row[sizes[0]]
                lines.append(f"| {name} | " + " | ".join(f"{row[s] / base:.1f}" if s in row else "-" for s in sizes) + " |")
    else:
        lines.append("(one size measured)")
    return "\n".join(lines) + "\n"


def rerender(args) -> int:
    """Write RESULTS.md again from ``results.json`` and the current NOTES.md, without running anything."""
    raw = json.loads((args.work / "results.json").read_text())
    fields = {"command", "size", "runs", "walls", "cpus", "peaks_kb", "status"}
    results = [Measurement(**{k: v for k, v in r.items() if k in fields}) for r in raw["results"]]
    manifests = {int(k): v for k, v in raw["manifests"].items()}
    runs = {int(k): v for k, v in raw["runs"].items()}
    # the code that was measured, not the checkout's now (a results.json of an older runner does not say it)
    code = raw.get("code") or f"{git_revision()} (at rendering; the run's code was not recorded)"
    text = render(results, manifests, runs, datetime.fromisoformat(raw["started"]), code)
    if args.notes and args.notes.is_file():
        text += "\n" + args.notes.read_text(encoding="utf-8")
    args.output.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (sizes below 100)")
    parser.add_argument("--runs-large", type=int, default=5, help="timed runs per command at 100x and above")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--work", type=Path, default=WORK, help="where organisations are generated")
    parser.add_argument("--files-per-scale", type=int, default=FILES_PER_SCALE, help="(for tests: smaller organisations)")
    parser.add_argument("--records-per-scale", type=int, default=RECORDS_PER_SCALE)
    parser.add_argument("--only", nargs="*", help="only the commands whose name contains one of these words")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--auditkit", default=AUDITKIT, help="the auditkit executable to time (to compare two builds)")
    parser.add_argument("--notes", type=Path, default=HERE / "NOTES.md",
                        help="Markdown appended to RESULTS.md (findings written by people, kept across runs)")
    parser.add_argument("--rerender", action="store_true",
                        help="only write RESULTS.md again from the last run's results.json (after editing NOTES.md)")
    args = parser.parse_args(argv)
    if args.rerender:
        return rerender(args)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started, code = datetime.now(timezone.utc), git_revision()  # the code measured, even if it changes meanwhile
    # An install writes bytecode; this machine's PYTHONDONTWRITEBYTECODE would leave an editable install
    # compiling every changed module at every start, which is not what users run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "auditkit")], check=False,
                   stdout=subprocess.DEVNULL)
    results: list[Measurement] = []
    manifests: dict[int, dict] = {}
    runs: dict[int, int] = {}
    for size in args.sizes:
        project = args.work / f"org-{size}x"
        log(f"{size}x: generating {project} (reused when unchanged) ...")
        manifests[size] = generate(size, project, seed=args.seed, files_per_scale=args.files_per_scale,
                                   records_per_scale=args.records_per_scale)
        runs[size] = args.runs_large if size >= 100 else args.runs
        records_only = records_only_project(project, args.work / f"org-{size}x-records")
        (project / "out").mkdir(exist_ok=True)
        shutil.rmtree(project / "actions", ignore_errors=True)  # a register left by runs of an older runner
        (records_only / "out").mkdir(exist_ok=True)
        chosen = [(cmd, records_only if cmd.project == RECORDS_ONLY else project) for cmd in commands("out", args.auditkit)
                  if not args.only or any(word in cmd.name for word in args.only)]
        results.extend(measure(chosen, size, runs[size], log))
    text = render(results, manifests, runs, started, code)
    if args.notes and args.notes.is_file():
        text += "\n" + args.notes.read_text(encoding="utf-8")
    args.output.write_text(text, encoding="utf-8")
    (args.work / "results.json").write_text(json.dumps(
        {"started": started.isoformat(), "code": code, "machine": machine(), "manifests": manifests, "runs": runs,
         "results": [dict(asdict(m), median=m.median, cpu=m.cpu, peak_mb=m.peak_mb) for m in results]}, indent=2))
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
