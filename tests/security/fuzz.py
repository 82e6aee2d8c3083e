"""Property-based fuzzing of every kind of input file: hypothesis mutates one file of a small, complete project
(catalog, evidence YAML and Markdown, profile, judgments, config, an action, a snapshot, HEAD, a CSV export, a
JSON baseline, a file name) and auditkit's commands run on the mutant.

What must hold for every mutant: no exit status 3 (internal error), no traceback, no command running longer than
HANG_SECONDS, and every ``error:`` line names its file and line (``file:line[:col]: error: ...``).

``make test`` runs a slice (tests/security/test_fuzz.py); ``make fuzz`` runs FUZZ_INPUTS mutants (10,000 by
default) through every command and writes the counts by input kind and outcome to FUZZ_REPORT.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "tests" / "history" / "fixtures" / "project"
ACTION = ROOT / "actions" / "CAR-2025-001.yaml"
HANG_SECONDS = 30
ENV = {"SOURCE_DATE_EPOCH": "1814400000", "AUDITKIT_NO_PROGRESS": "1", "CI": "true"}

KINDS = {
    # kind: (file in the project, the commands whose reading covers it)
    "catalog": ("controls/mini/requirements.yaml", ("validate", "assess")),
    "catalog-header": ("controls/mini/catalog.yaml", ("validate",)),
    "evidence-yaml": ("evidence/sla-a.yaml", ("validate", "assess")),
    "evidence-md": ("evidence/policy.md", ("validate", "assess")),
    "profile": ("evidence/organization.yaml", ("validate", "assess")),
    "judgments": ("judgments.yaml", ("validate", "assess")),
    "config": ("auditkit.yaml", ("assess", "check")),
    "action": ("actions/CAR-2026-001.yaml", ("actions", "check")),
    "snapshot": ("history/S0002-2026-11-05.json", ("verify", "history")),
    "head": ("history/HEAD", ("verify",)),
    "csv-export": ("evidence/records/incidents.csv", ("validate", "assess")),
    "json-baseline": ("base.json", ("check",)),
    "file-name": ("evidence/sla-a.yaml", ("validate", "assess")),
}
COMMANDS = {
    "validate": ("validate",),
    "assess": ("assess", "--as-of", "2026-11-05", "-f", "json"),
    "verify": ("verify",),
    "history": ("history",),
    "actions": ("actions", "list", "--as-of", "2026-11-05"),
    "check": ("check", "--as-of", "2026-11-05", "--baseline", "base.json", "--no-cache", "-f", "json"),
}

TOKENS = [
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x1b[2J", b"\x1b]0;t\x07", b"[/]", b"[link=x]y[/link]", b"&a [*a, *a]",
    b"!!python/object/apply:os.system ['true']", b"!!binary aGk=", b"{", b"}", b"[", b"]", b"[" * 300,
    b"9" * 5000, b"-" + b"9" * 80, b"1e999", b".nan", b".inf", b"NaN", b"9999-12-31", b"0001-01-01", b"2026-02-30",
    b"99999 years", b"P99999Y", b"---", b"...", b"\t", b"\r\n", b"\r", b": ", b"- ", b"? ", b"'", b'"', b"\\",
    b"%", b"#", b"|", b">", b"<<: *a", b"=HYPERLINK(\"x\")", b"<img src=x>", b"@org/team", b"\xe2\x80\xae",
    b"\xc3\x28", b"\xed\xa0\x80", b"x" * 70000, b"~", b"null", b"true", b"2.0", b"-1", b"S0002", b"a" * 64,
    b'{"a": 1, "a": 2}', b"\n  - id: dup\n", "\u2028".encode(), b"\x85",
]
NAMES = [b"x\xffy.yaml", b"a\nb.yaml", b"-rf.yaml", b"x" * 250 + b".yaml", b"..yaml", b" .yaml", b"a\x1b[2Jb.yaml",
         b"\xe2\x80\xaeevil.yaml", b"[/].yaml", b"a,b:c.yaml", b"%0A.yaml", "名字.yaml".encode()]
OPS = ("insert", "replace", "flip", "truncate", "delete-line", "duplicate-line", "swap-lines", "value")


@dataclass(frozen=True)
class Mutation:
    kind: str
    ops: tuple


def mutations(kinds: list[str] | None = None):
    """A hypothesis strategy of mutations: an input kind and one to three operations on its file."""
    op = st.tuples(st.sampled_from(OPS), st.floats(0, 1), st.sampled_from(TOKENS), st.integers(0, 255))
    return st.builds(Mutation, st.sampled_from(kinds or sorted(KINDS)), st.lists(op, min_size=1, max_size=3).map(tuple))


def apply_ops(data: bytes, ops: tuple) -> bytes:
    for name, where, token, byte in ops:
        at = int(where * len(data))
        lines = data.split(b"\n")
        line = int(where * max(len(lines) - 1, 0))
        if name == "insert":
            data = data[:at] + token + data[at:]
        elif name == "replace":
            data = data[:at] + token + data[at + len(token):]
        elif name == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (byte or 1)]) + data[at + 1:]
        elif name == "truncate":
            data = data[:at]
        elif name == "delete-line" and lines:
            data = b"\n".join(lines[:line] + lines[line + 1:])
        elif name == "duplicate-line" and lines:
            data = b"\n".join(lines[:line + 1] + lines[line:])
        elif name == "swap-lines" and len(lines) > 1:
            other = (line + 1 + byte) % len(lines)
            lines[line], lines[other] = lines[other], lines[line]
            data = b"\n".join(lines)
        elif name == "value":  # a value after "key: " (YAML) or '"key": ' (JSON) becomes the token
            found = list(re.finditer(rb"(:\s+)([^\n,}]+)", data))
            if found:
                hit = found[int(where * (len(found) - 1))]
                data = data[:hit.start(2)] + token + data[hit.end(2):]
    return data


def build_base(target: Path) -> Path:
    """The project every mutant starts from: the history test project with two recorded snapshots, an action,
    a config and a baseline, all valid."""
    from auditkit.cli import main

    shutil.copytree(PROJECT, target)
    (target / "auditkit.yaml").write_text("scoring:\n  readiness_threshold: 0.75\ngates:\n  min_score: 0.1\n"
                                          "programme:\n  cycle_start: 2026-02-16\n")
    (target / "actions").mkdir()
    (target / "actions" / "CAR-2026-001.yaml").write_text(ACTION.read_text().replace("CAR-2025-001", "CAR-2026-001"))
    old = os.getcwd()
    os.chdir(target)
    try:
        runner = CliRunner()
        for as_of in ("2026-03-01", "2026-11-05"):
            result = runner.invoke(main, ["assess", "--as-of", as_of, "--record"], env=ENV, catch_exceptions=False)
            assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["assess", "--as-of", "2026-03-01", "-f", "json", "-o", "base.json"], env=ENV,
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(old)
    return target


ERROR_LINE = re.compile(r": error: ")
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::\d+)?: error: ")


def run_mutant(base: Path, work: Path, mutation: Mutation, commands: tuple[str, ...] | None = None) -> list[tuple]:
    """Apply ``mutation`` to a copy of ``base`` at ``work`` and run its commands; one (kind, command, outcome,
    detail) per command. Outcomes: exit-0/1/2, internal-error, hang, unlocated-error."""
    from auditkit.cli import main

    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, work, symlinks=True)
    relative, default_commands = KINDS[mutation.kind]
    path = work / relative
    if mutation.kind == "file-name":
        name = NAMES[mutation.ops[0][3] % len(NAMES)]
        try:
            path.rename(path.parent / os.fsdecode(name))
        except OSError:
            pass  # a name this file system refuses: the project stays as it was
    else:
        path.write_bytes(apply_ops(path.read_bytes(), mutation.ops))
    results = []
    old = os.getcwd()
    os.chdir(work)
    try:
        for command in commands or default_commands:
            results.append((mutation.kind, command, *_run(main, COMMANDS[command])))
    finally:
        os.chdir(old)
    return results


def _run(main, args) -> tuple[str, str]:
    def hang(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_SECONDS)
    try:
        result = CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=True)
    except TimeoutError:
        return "hang", " ".join(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if isinstance(result.exception, TimeoutError):
        return "hang", " ".join(args)
    err = result.stderr
    if result.exit_code == 3 or "internal error" in err or (
            result.exception is not None and not isinstance(result.exception, SystemExit)):
        return "internal-error", (err.strip().splitlines() or [repr(result.exception)])[-1][:300]
    for line in err.splitlines():
        if ERROR_LINE.search(line) and not LOCATED.match(line):
            return "unlocated-error", line[:300]
    if result.exit_code == 2 and not any(LOCATED.match(line) for line in err.splitlines()):
        return "unlocated-error", (err.strip().splitlines() or ["exit 2 without a message"])[-1][:300]
    return f"exit-{result.exit_code}", ""


def report(counts: Counter, failures: list, path: Path | None) -> str:
    """A Markdown table of outcomes per input kind, and the failures."""
    outcomes = sorted({o for (_k, o) in counts})
    kinds = sorted({k for (k, _o) in counts})
    lines = ["| input kind | " + " | ".join(outcomes) + " | total |", "|---|" + "---:|" * (len(outcomes) + 1)]
    for kind in kinds:
        row = [counts.get((kind, o), 0) for o in outcomes]
        lines.append(f"| {kind} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    total = [sum(counts.get((k, o), 0) for k in kinds) for o in outcomes]
    lines.append("| all | " + " | ".join(map(str, total)) + f" | {sum(total)} |")
    text = "\n".join(lines) + "\n"
    if failures:  # internal errors and hangs first: they are the worst
        ordered = sorted(failures, key=lambda f: ("internal-error" not in f and "hang" not in f))
        text += "\nFailures:\n" + "".join(f"- {f}\n" for f in ordered[:50])
    if path is not None:
        path.write_text(text, "utf-8")
    return text


def as_json(mutation: Mutation) -> str:
    return json.dumps({"kind": mutation.kind, "ops": [[o, w, t.decode("latin-1"), b] for o, w, t, b in mutation.ops]})
