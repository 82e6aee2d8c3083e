"""Copies of the example organisation for the output tests: its own files as the working directory (``example``),
and the whole project in Chinese (``example_zh``); ``run`` and ``LATIN_SENTENCE`` for the terminal-language tests."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditkit.cli import main

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


LATIN_SENTENCE = re.compile(r"\b[a-z]{3,} [a-z]{3,} [a-z]{3,}\b")
"""Three lower-case English words in a row: a sentence, not an id, a file name or a title of the user's."""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def example_zh(tmp_path_factory) -> Path:
    """The example project, with its history and actions, and `lang: zh` in its auditkit.yaml."""
    root = tmp_path_factory.mktemp("zh") / "example"
    root.mkdir()
    for name in ("evidence", "actions", "controls", "history"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "judgments.yaml", root / "judgments.yaml")
    (root / "auditkit.yaml").write_text("lang: zh\n" + (ROOT / "auditkit.yaml").read_text("utf-8"), "utf-8")
    return root
