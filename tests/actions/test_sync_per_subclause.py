"""One corrective action per nonconforming subclause, as an auditor raises them, in the project's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import assessment, run_sync


def test_new_nonconformities_of_one_subclause_make_one_action_listing_each(register):
    data = assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "minor-nc"),
                                     "8.6.1-02": ("nonconformant", "major-nc"),
                                     "8.3.3-01": ("partially-conformant", "minor-nc")})
    result = run_sync(register, data)
    assert [(e.kind, e.action, e.requirement) for e in result.events] == [
        ("raised", "CAR-2025-001", "8.6.1-01, 8.6.1-02"), ("raised", "CAR-2025-002", "8.3.3-01")]
    incidents = register.get("CAR-2025-001")
    assert [f.requirement for f in incidents.findings] == ["8.6.1-01", "8.6.1-02"]
    assert incidents.grade == "major-nc"  # the worst of its findings, and its due date
    assert "gap of 8.6.1-01" in incidents.data["description"] and "gap of 8.6.1-02" in incidents.data["description"]
    assert register.get("CAR-2025-002").data["title"] == "Title 8.3.3-01"  # one finding: its requirement's title
    assert not run_sync(register, data).changed  # idempotent


def test_an_action_raised_per_requirement_keeps_its_findings_and_its_id(register):
    """A register written before (one action per requirement) keeps working: a repeated finding joins its action;
    only the subclause's new nonconformities make a new action."""
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}))
    path = next(p for p in register.files() if p.stem == "CAR-2025-001")
    written = path.read_text("utf-8").replace("state: open\n", "state: open\nowner: Q. Manager  # kept as written\n")
    path.write_text(written, "utf-8")
    before = written.split("history:")[0]
    y2 = assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc"),
                                   "8.6.1-02": ("nonconformant", "minor-nc"),
                                   "8.6.1-03": ("nonconformant", "minor-nc")})
    result = run_sync(register, y2)
    assert sorted((e.kind, e.action) for e in result.events) == [("raised", "CAR-2026-001"), ("repeated", "CAR-2025-001")]
    old = register.get("CAR-2025-001")
    assert [f.requirement for f in old.findings] == ["8.6.1-01", "8.6.1-01"]
    assert old.owner == "Q. Manager"
    after = path.read_text("utf-8")
    assert after.startswith(before.split("description:")[0].rstrip("\n"))  # what was written stays; a finding is added
    assert "owner: Q. Manager  # kept as written" in after
    assert [f.requirement for f in register.get("CAR-2026-001").findings] == ["8.6.1-02", "8.6.1-03"]


@pytest.mark.parametrize("lang, title", [("en", "4.1 Understanding the organization and its context: 2 nonconformities"),
                                         ("zh", "4.1 理解组织及其环境：2 项不符合")])
def test_a_fresh_project_gets_one_action_per_nonconforming_subclause(tmp_path, cli, monkeypatch, lang, title):
    monkeypatch.chdir(tmp_path)
    assert cli("init", "client").exit_code == 0
    monkeypatch.chdir(tmp_path / "client")
    assert cli("assess", "--as-of", "2026-03-02", "--format", "json", "-o", "a.json").exit_code == 0
    data = json.loads(Path("a.json").read_text())
    nonconformities = [f for f in data["findings"] if f["grade"] in ("major-nc", "minor-nc")]
    subclauses = {f["clause"] for f in nonconformities}
    result = cli("actions", "sync", "--from", "a.json", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    files = sorted(Path("actions").glob("*.yaml"))
    assert len(files) == len(subclauses) < len(nonconformities) / 3  # not one action per failing requirement
    actions = [YAML(typ="safe").load(f.read_text("utf-8")) for f in files]
    assert sorted(ref["finding"] for a in actions for ref in a["findings"]) == sorted(f["id"] for f in nonconformities)
    assert all(len({ref["clause"] for ref in a["findings"]}) == 1 for a in actions)
    first = next(a for a in actions if a["findings"][0]["clause"] == "4.1")
    assert first["title"] == title
    if lang == "zh":
        assert "要求 4.1-01：" in first["description"] and "差距：" in first["description"]
    assert "0 raised" in cli("actions", "sync", "--from", "a.json").stdout  # a second sync changes nothing
