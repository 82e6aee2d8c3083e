"""The project the security tests attack: a copy of the history test project as the working directory, and the CLI
run in-process with a fixed clock and no progress bars."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditkit.cli import main

PROJECT = Path(__file__).resolve().parents[1] / "history" / "fixtures" / "project"
ENV = {"SOURCE_DATE_EPOCH": "1814400000", "AUDITKIT_NO_PROGRESS": "1", "CI": "true"}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], env=ENV, catch_exceptions=False)
