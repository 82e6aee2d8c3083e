"""A small project to record assessments of, and helpers to change it between two audit cycles."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent / "fixtures" / "project"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of tests/history/fixtures/project as the working directory, with a fixed clock."""
    target = tmp_path / "project"
    shutil.copytree(PROJECT, target)
    monkeypatch.chdir(target)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1814400000")  # 2027-07-01T00:00:00Z
    return target


def located(stderr: str, file: str, text: str) -> bool:
    """Whether ``stderr`` has the one line ``file:LINE:COL: error: text...`` (the file and its error on one line)."""
    return re.search(rf"^{re.escape(file)}:\d+:\d+: error: {re.escape(text)}", stderr, re.M) is not None


def fix_sla_gap(project: Path) -> None:
    """The second cycle's improvement: the SLA now covers both services (8.3.3-01 becomes conformant)."""
    sla = project / "evidence" / "sla-a.yaml"
    sla.write_text(sla.read_text().replace("services: [svc-a]", "services: [svc-a, svc-b]"))


@pytest.fixture
def two_cycles(project, cli) -> Path:
    """S0001 as of 2026-03-01 (two minors), then the SLA gap fixed and S0002 as of 2026-11-05 (a new major)."""
    assert cli("assess", "--as-of", "2026-03-01", "--record").exit_code == 0
    fix_sla_gap(project)
    assert cli("assess", "--as-of", "2026-11-05", "--record").exit_code == 0
    return project


def snapshot_path(project: Path, sequence: int) -> Path:
    (path,) = (project / "history").glob(f"S{sequence:04d}-*.json")
    return path


def load(path: Path) -> dict:
    return json.loads(path.read_text())
