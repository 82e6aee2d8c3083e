"""auditkit.api: the documented example runs, the project closes its workers, speed code changes no result."""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from auditkit.api import Project
from auditkit.speed import early_scan, workers

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 5)


def test_the_example_of_docs_api_md_runs():
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"overall \d+\.\d% \(\d+(\.\d+)? / \d+(\.\d+)? weighted points\)", lines[0]), lines
    assert lines[1].split(",")[0] == "requirement", lines  # the CSV's header
    assert lines[2] in ("check passed", "check failed")


def test_no_worker_outlives_the_project(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(early_scan, "EARLY_BYTES", 0)  # every export is read ahead by a worker
    monkeypatch.setattr(workers, "count", lambda: 2)
    with Project.open(ROOT) as project:
        inputs = project.load(AS_OF)  # loaded, never assessed: the workers are still reading
        assert inputs.records is not None
    assert multiprocessing.active_children() == []
    with Project.open(ROOT) as project:
        project.assessment(AS_OF)
    assert multiprocessing.active_children() == []


def test_the_speed_code_changes_no_result(mini, monkeypatch):
    """The same assessment with the source cache and the record scanner off, on, and on with a warm cache."""
    monkeypatch.setattr(early_scan, "EARLY_BYTES", 0)
    monkeypatch.setattr(workers, "count", lambda: 2)
    with Project.open(mini, cache=False, workers=False) as project:
        plain = project.check(as_of=date(2026, 3, 15))
    assert not (mini / ".auditkit-cache").exists()
    runs = []
    for _ in range(2):  # cold, then warm
        with Project.open(mini, cache=True, workers=True) as project:
            runs.append(project.check(as_of=date(2026, 3, 15)))
    assert (mini / ".auditkit-cache").is_dir()
    assert runs[0] == plain and runs[1] == plain


def test_the_clock_dates_a_run_without_as_of(mini):
    with Project.open(mini, workers=False, clock=lambda: date(2026, 3, 15)) as project:
        assert project.assessment()["as_of"] == "2026-03-15"
