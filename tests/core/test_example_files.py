"""File-driven tests: every file under tests/example-files/<kind>/{positive,negative}/ is a case."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "example-files"
KINDS = ("catalog", "evidence", "organization", "judgments")
EXPECT = re.compile(r"expect: (\d+):(\d+) (.+?)(?: -->)?$")


def _cases(polarity: str):
    return [pytest.param(kind, path, id=f"{kind}/{path.name}")
            for kind in KINDS for path in sorted((EXAMPLES / kind / polarity).glob("*")) if path.is_file()]


def _place(mini: Path, kind: str, path: Path) -> str:
    """Put the example into the mini project; return its display path as auditkit reports it."""
    target = {
        "catalog": mini / "controls" / "mini" / f"zz-{path.name}",
        "evidence": mini / "evidence" / "examples" / path.name,
        "organization": mini / "evidence" / "organization.yaml",
        "judgments": mini / "judgments.yaml",
    }[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return str(target.relative_to(mini))


@pytest.mark.parametrize("kind, path", _cases("positive"))
def test_positive_example_validates(mini, cli, kind, path):
    _place(mini, kind, path)
    result = cli("validate")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("kind, path", _cases("negative"))
def test_negative_example_fails_where_it_says(mini, cli, kind, path):
    text = path.read_text()
    match = next(EXPECT.search(line) for line in text.splitlines() if EXPECT.search(line))
    line, column, message = match.groups()
    shown = _place(mini, kind, path)
    result = cli("validate")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    expected_prefix = f"{shown}:{line}:{column}: error: "
    errors = [e for e in result.stderr.splitlines() if ": error: " in e]
    assert any(e.startswith(expected_prefix) and message in e for e in errors), (expected_prefix, message, errors)
