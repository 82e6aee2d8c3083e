"""Low 19: a write that fails (a full disk, a read-only folder) names the file it could not write, and the
output stream when that is what failed; exit 2, one line, no traceback, nothing half-written left behind."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ENV, run




@pytest.fixture
def full_disk(monkeypatch):
    """fsync fails as on a full disk: with an OSError that names no file, as the kernel's does."""
    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


@pytest.mark.parametrize("args, shown", [
    (("assess", "-f", "json", "-o", "out/gap.json"), "out/gap.json"),
    (("report", "-f", "html", "-o", "out/report.html"), "out/report.html"),
    (("check", "--format", "json:out/check.json"), "out/check.json"),
    (("assess", "--record"), "history/S0001-2026-11-05.json"),
])
def test_a_full_disk_names_the_file_that_could_not_be_written(project, full_disk, args, shown):
    result = run(*args, "--as-of", "2026-11-05")
    assert result.exit_code == 2, result.output
    assert f"{shown}: error: No space left on device" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    left = [p for p in project.rglob("*") if p.name.endswith(".tmp")]
    assert left == [], left


def test_a_full_output_stream_is_named(project):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([str(Path(sys.executable).with_name("auditkit")), "assess", "--as-of", "2026-11-05", "-f", "json"],
                                stdout=full, stderr=subprocess.PIPE, text=True, env={**os.environ, **ENV}, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "standard output: error: No space left on device"


def test_a_folder_that_refuses_the_temporary_file_names_the_target(project, monkeypatch):
    import tempfile

    def read_only(prefix="", suffix="", dir=None):
        raise PermissionError(errno.EACCES, "Permission denied", os.path.join(dir, prefix + "x1" + suffix))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = run("assess", "-f", "json", "-o", "out/gap.json", "--as-of", "2026-11-05")
    assert result.exit_code == 2 and "out/gap.json: error: Permission denied" in result.stderr, result.stderr
