"""A rule checks its own parameters when the catalog loads; the catalog loader knows no rule (issue 13 item 5)."""

from __future__ import annotations

import re
from pathlib import Path

import auditkit.inputs.catalog as catalog_module
from auditkit.engine.checks import RULES
from auditkit.engine.checks.base import Rule

CATALOG_SOURCE = Path(catalog_module.__file__).read_text(encoding="utf-8")


def test_the_catalog_loader_has_no_code_for_any_rule():
    for name in RULES:
        assert f'"{name}"' not in CATALOG_SOURCE and f"'{name}'" not in CATALOG_SOURCE, name
    # nor for the parameters only some rules take
    for word in ("within", "condition", "equals", "threshold", "percentile"):
        assert not re.search(rf"[\"']{word}[\"']", CATALOG_SOURCE), word


class _Limited(Rule):
    """A rule of a plug-in: its parameter ``limit`` must be even, which no schema says."""

    name = "limited_for_test"
    params_schema = {"type": "object", "properties": {"limit": {"type": "integer"}}, "additionalProperties": False}

    def param_problems(self, params):
        return [(("limit",), f"limit {params['limit']} is odd: give an even number")] if params["limit"] % 2 else []


def test_a_new_rule_reports_its_own_parameter_problems_located(mini, cli, monkeypatch):
    monkeypatch.setitem(RULES, _Limited.name, _Limited())
    target = mini / "controls" / "mini" / "zz-limited.yaml"
    target.write_text("""catalog: mini
requirements:
  - id: "8.6-01"
    clause: "8.6"
    title: {en: t}
    text: {en: t}
    kind: record
    criticality: low
    checks:
      - rule: limited_for_test
        limit: 3
""", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 2
    assert "controls/mini/zz-limited.yaml:11:16: error: limit 3 is odd: give an even number" in result.output
    target.write_text(target.read_text().replace("limit: 3", "limit: 4"))
    assert "zz-limited.yaml" not in cli("validate").output
