"""Helpers to run one check rule against a tiny evidence tree written in tmp_path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from auditkit.engine.assess import run_check
from auditkit.inputs.catalog import CheckSpec, Requirement, Selector
from auditkit.engine.checks import Outcome  # noqa: F401  (re-exported for the tests)
from auditkit.model.errors import Location
from auditkit.inputs.evidence import load_evidence

PROFILE = {"organization": {"name": "T"}, "scope": "s", "services": [{"id": "svc-a", "name": "A"}, {"id": "svc-b", "name": "B"}]}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """Write evidence files, then evaluate a check: ``tree.check(rule, files, as_of=..., **params)``."""
    monkeypatch.chdir(tmp_path)

    class Tree:
        root = tmp_path / "evidence"

        def write(self, name: str, content) -> Path:
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
            path.write_text(text)
            return path

        def check(self, rule: str, *, select: dict | None = None, as_of: date = date(2026, 6, 1), clause: str = "8.6.1", **params):
            if not (self.root / "organization.yaml").exists():
                self.write("organization.yaml", PROFILE)
            evidence = load_evidence(self.root)
            requirement = Requirement(f"{clause}-01", clause, {"en": "t"}, {"en": "t"}, "record", "high", (), False)
            spec = CheckSpec(rule, Selector.from_dict(select or {}), params, Location("catalog.yaml", 1, 1))
            return run_check(spec, evidence, requirement, as_of)

    return Tree()


def doc(front: dict, body: str = "") -> str:
    """A Markdown evidence document with front matter."""
    return "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + body
