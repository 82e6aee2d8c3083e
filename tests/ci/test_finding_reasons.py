"""A finding always says why: no gate issue (text, SARIF, github, junit) ends in an empty reason, on the bundled
example, the mini project and a consultant's first project over real documents (cloud.gov, imported as written)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from auditkit.api import Project
from auditkit.engine.assess import _finding
from auditkit.model.assessment import Grade, RequirementResult, Source, Status

ROOT = Path(__file__).resolve().parents[2]
CLOUDGOV = ROOT / "tests" / "fixtures" / "realdocs" / "cloudgov"


def _reasons_are_given(data: dict) -> None:
    for finding in data["findings"]:
        assert finding["gap"].strip(), finding
    for gate in data["check"]["gates"]:
        for issue in gate["issues"]:
            assert not issue["message"].rstrip().endswith(":"), issue


def test_every_finding_and_gate_issue_has_a_reason(mini, cli, tmp_path, monkeypatch):
    with Project.open(mini, workers=False) as project:
        _reasons_are_given(project.check(as_of=date(2026, 3, 15)))
    with Project.open(ROOT, workers=False) as project:
        _reasons_are_given(project.check(as_of=date(2026, 11, 5)))
    # a fresh project with the cloud.gov documents imported as written: many clauses nothing covers
    project_dir = tmp_path / "client"
    assert cli("init", project_dir).exit_code == 0
    shutil.copytree(CLOUDGOV, project_dir / "documents" / "cloudgov")
    monkeypatch.chdir(project_dir)
    assert cli("evidence", "import", "documents/cloudgov", "--accept").exit_code == 0
    result = cli("check", "--as-of", "2024-05-30", "--no-cache", "-f", "sarif:out.sarif", "-f", "text")
    assert result.exit_code == 1
    assert not any(line.rstrip().endswith(":") or ":  [" in line for line in result.output.splitlines())
    sarif = json.loads((project_dir / "out.sarif").read_text())
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert messages and not any(m.rstrip().endswith(":") for m in messages)


def test_a_grade_nothing_explained_still_says_why():
    with Project.open(ROOT, workers=False) as project:
        inputs = project.load(date(2026, 11, 5))
    requirement = inputs.catalog.requirements[0]
    bare = RequirementResult(requirement.id, requirement.clause, requirement.criticality, 1.0, Status.NONCONFORMANT,
                             0.0, Source.RULES, Status.NONCONFORMANT, (), None, Grade.MAJOR, "policy: nonconformant x high")
    finding = _finding(bare, requirement, inputs.catalog)
    assert finding.gap == "graded major-nc by policy: nonconformant x high; no check or judgment gave a reason"
