"""Shared fixtures: a small project to copy and change, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

HERE = Path(__file__).parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini"


def pytest_configure(config):
    # compiled validators are cached per user (auditkit/fastschema.py): the suite keeps its own, not ~/.cache's
    if "AUDITKIT_CODE_CACHE" not in os.environ:
        os.environ["AUDITKIT_CODE_CACHE"] = cache = tempfile.mkdtemp(prefix="auditkit-code-cache-")
        config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))
    # the key that authenticates cache entries (auditkit/speed/secret.py): the suite's own, not ~/.config's
    os.environ.setdefault("AUDITKIT_CACHE_KEY", "auditkit test suite")


@pytest.fixture
def mini(tmp_path, monkeypatch) -> Path:
    """A copy of tests/fixtures/mini (catalog, evidence, judgments) as the working directory."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture
def cli():
    """Run the auditkit CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from auditkit.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run
