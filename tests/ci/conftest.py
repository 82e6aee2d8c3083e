"""Helpers of the CI tests: the shared ``mini`` project (tests/conftest.py) and ways to change and locate it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AS_OF = "2026-03-15"
"""mini is valid and passes every default gate on this date (two minor nonconformities, no major)."""


def position(path: Path, text: str, *, occurrence: int = 1) -> tuple[int, int]:
    """(line, column), 1-based, of the ``occurrence``-th appearance of ``text`` in a file."""
    seen = 0
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        column = line.find(text)
        while column >= 0:
            seen += 1
            if seen == occurrence:
                return number, column + 1
            column = line.find(text, column + 1)
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture
def check(cli):
    """Run ``auditkit check --as-of AS_OF`` with more arguments."""

    def run(*args):
        return cli("check", "--as-of", AS_OF, *args)

    return run


@pytest.fixture
def baseline(mini, cli):
    """Write the current assessment of mini as a baseline file and return its path (``snapshot=True`` wraps it)."""

    def make(name: str = "baseline.json", *, snapshot: bool = False) -> Path:
        result = cli("assess", "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        if snapshot:
            data = {"snapshot": {"id": "s1", "previous": None}, "assessment": data, "manifest": []}
        path = mini / name
        path.write_text(json.dumps(data), "utf-8")
        return path

    return make


def remove_section(mini: Path, heading: str) -> None:
    """Drop a ``## heading`` (and its text) from mini's policy: has_sections then fails for 5.2.2-01."""
    policy = mini / "evidence" / "policy.md"
    text = policy.read_text("utf-8")
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 1)
    policy.write_text(text[:start] + (text[end + 1:] if end >= 0 else ""), "utf-8")
