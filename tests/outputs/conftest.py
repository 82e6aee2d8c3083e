"""The example organisation's own files (evidence, auditkit.yaml, judgments), copied as the working directory: the
bundled catalog assesses it, and a test may change the copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "p"
    target.mkdir()
    shutil.copytree(ROOT / "evidence", target / "evidence")
    shutil.copy(ROOT / "auditkit.yaml", target)
    shutil.copy(ROOT / "judgments.yaml", target)
    monkeypatch.chdir(target)
    return target
