"""Every bad input of tests/security/cases.py gives its exit status and its message, never exit 3 or a hang;
docs/security.md shows the table these runs give."""

from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from .cases import CASES, Case

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
PROJECT = ROOT / "tests" / "history" / "fixtures" / "project"
DOC = ROOT / "docs" / "security.md"
START, END = "<!-- bad-inputs:start -->", "<!-- bad-inputs:end -->"
SECONDS = 60
OBSERVED: dict[str, tuple[int, str]] = {}


@pytest.fixture(scope="session")
def recorded(tmp_path_factory) -> Path:
    """The history test project with two recorded snapshots (made once, copied for every case)."""
    from auditkit.cli import main

    target = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(PROJECT, target)
    old = os.getcwd()
    os.chdir(target)
    try:
        for as_of in ("2026-03-01", "2026-11-05"):
            result = CliRunner().invoke(main, ["assess", "--as-of", as_of, "--record"],
                                        env={"SOURCE_DATE_EPOCH": "1814400000"}, catch_exceptions=False)
            assert result.exit_code == 0, result.output
    finally:
        os.chdir(old)
    return target


def run_case(case: Case, project: Path) -> tuple[int, str, str]:
    """Run one case in ``project`` (a fresh copy); a hang fails it after SECONDS."""
    from auditkit.cli import main

    def hang(signum, frame):
        raise TimeoutError(f"{case.tried}: no answer after {SECONDS} s")

    old = os.getcwd()
    os.chdir(project)
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(SECONDS)
    try:
        case.setup(project)
        env = {"SOURCE_DATE_EPOCH": "1814400000", "AUDITKIT_NO_PROGRESS": "1", "CI": "", **case.env}
        result = CliRunner().invoke(main, list(case.args), env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(old)


def observe(case: Case, recorded: Path, work: Path) -> tuple[int, str, str]:
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(recorded, project, symlinks=True)
    code, out, err = run_case(case, project)
    stream = out if case.stream == "stdout" else err
    line = next((line for line in stream.splitlines() if case.shows in line), "")
    OBSERVED[case.tried] = (code, line)
    return code, out, err


@pytest.mark.parametrize("case", CASES, ids=[c.tried for c in CASES])
def test_bad_input_gives_its_exit_status_and_message(case, recorded, tmp_path):
    code, out, err = observe(case, recorded, tmp_path)
    assert code != 3 and "internal error" not in err and "Traceback" not in err + out
    stream = out if case.stream == "stdout" else err
    assert code == case.exit, f"{case.tried}: exit {code}\n{err[-2000:]}"
    assert case.shows in stream, f"{case.tried}: {case.shows!r} not in\n{stream[-3000:]}"
    assert case.also in stream, f"{case.tried}: {case.also!r} not in\n{stream[-3000:]}"
    if case.absent:
        assert case.absent not in out and case.absent not in err


def table(observed: dict[str, tuple[int, str]]) -> str:
    """The Markdown table of docs/security.md: each bad input, the command, the exit status, the line shown."""
    rows = ["| Bad input tried | Command | Exit | What the user sees |", "|---|---|---:|---|"]
    for case in CASES:
        code, line = observed[case.tried]
        shown = " ".join(line.split())
        # what changes with every assessment (a hash, a line inside a snapshot) is left out, so that a change to
        # the assessment's content does not make this page out of date
        shown = re.sub(r"[0-9a-f]{12,}(\.\.\.)?", "<hash>", shown)
        shown = re.sub(r"(S\d{4}-[\d-]+\.json):\d+:\d+:", r"\1:LINE:COL:", shown)
        shown = shown if len(shown) <= 160 else shown[:157] + "..."
        shown = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", shown).replace("|", "\\|").replace("`", "'")
        command = " ".join(a if len(a) < 40 else a[:37] + "..." for a in case.args).replace("|", "\\|")
        rows.append(f"| {case.tried.replace('|', chr(92) + '|')} | `auditkit {command}` | {code} | `{shown}` |")
    return "\n".join(rows)


def test_docs_security_md_shows_the_table_of_bad_inputs(recorded, tmp_path):
    for case in CASES:  # run alone, this test runs the cases itself
        if case.tried not in OBSERVED:
            observe(case, recorded, tmp_path)
    text = DOC.read_text("utf-8")
    wanted = f"{START}\n{table(OBSERVED)}\n{END}"
    current = text[text.index(START): text.index(END) + len(END)] if START in text and END in text else ""
    if os.environ.get("AUDITKIT_UPDATE_DOCS"):
        DOC.write_text(text.replace(current, wanted) if current else text + "\n" + wanted + "\n", "utf-8")
        return
    assert current == wanted, "docs/security.md is out of date: run AUDITKIT_UPDATE_DOCS=1 pytest tests/security"
