"""Contradictions, stale reviews, approvals without a date and missing references reach the assessment."""

from __future__ import annotations

import json
from pathlib import Path

DOC = """# Access procedure

Owner: IT Operations
Approved by: Jane Doe
Effective date: 2026-06-13
Review cycle: annually
See the [escalation guide](../escalation.md) and the [rota](https://docs.google.com/document/d/abc/edit).

## Steps

Call the [escalation guide](../escalation.md) again.

## Document control

Effective date: 2026-03-24
"""

REQUIREMENTS = """catalog: mini
requirements:
  - id: "7.5.2-01"
    clause: "7.5.2"
    title: {en: "Documents identified"}
    text: {en: "Documents are identified."}
    kind: documented-information
    criticality: medium
    checks:
      - rule: consistent_metadata
        select: {covers: "8.6.1"}
      - rule: approved
        select: {covers: "8.6.1"}
      - rule: reviewed_within
        select: {covers: "8.6.1"}
      - rule: documents_current
  - id: "7.5.3-01"
    clause: "7.5.3"
    title: {en: "Documents available"}
    text: {en: "Documents are available."}
    kind: documented-information
    criticality: medium
    checks:
      - rule: references_available
"""


def _project(mini: Path) -> None:
    (mini / "documents" / "procedures").mkdir(parents=True)
    (mini / "documents" / "procedures" / "access.md").write_text(DOC, "utf-8")
    (mini / "evidence" / "access.yaml").write_text(
        'id: access\ntype: procedure\ndocument: ../documents/procedures/access.md\ncovers: ["8.6.1"]\n', "utf-8")
    (mini / "controls" / "mini" / "documents.yaml").write_text(REQUIREMENTS, "utf-8")


def _checks(cli, requirement: str, as_of: str = "2027-08-01") -> dict:
    result = cli("assess", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    found = next(r for r in data["results"] if r["requirement"] == requirement)
    return {check["rule"]: check for check in found["checks"]}


def test_document_control_problems_are_check_results(mini, cli):
    _project(mini)
    checks = _checks(cli, "7.5.2-01")
    contradiction = checks["consistent_metadata"]
    assert contradiction["outcome"] == "fail"
    assert "access gives its effective date twice: '2026-06-13' at documents/procedures/access.md:5:17; " \
           "'2026-03-24' at documents/procedures/access.md:15:17" in contradiction["message"]
    assert contradiction["template"]["key"] == "join"  # the report in Chinese says it in Chinese

    from auditkit.model.messages import Message

    zh = Message(**contradiction["template"]).text("zh")
    assert "access 的生效日期有不同的值：“2026-06-13”（documents/procedures/access.md:5:17）" in zh
    assert [(e["file"], e["line"]) for e in contradiction["evidence"]] == [
        ("documents/procedures/access.md", 5), ("documents/procedures/access.md", 15)]
    approval = checks["approved"]
    assert approval["outcome"] == "fail"
    assert "approved by Jane Doe, but no approval date is written" in approval["message"]
    assert approval["evidence"][0]["line"] == 4


def test_missing_references_are_one_list(mini, cli):
    _project(mini)
    check = _checks(cli, "7.5.3-01")["references_available"]
    assert check["outcome"] == "fail"
    assert check["message"].startswith("2 documents referred to are not in the set (3 references): ")
    assert "../escalation.md (referred to 2x: documents/procedures/access.md:7:" in check["message"]
    lint = cli("validate").stderr
    # the list replaces the lint line per occurrence: no broken-link line for documents read as written
    assert "escalation.md" not in lint and "[broken-link]" not in lint


def test_validate_as_of(mini, cli):
    _project(mini)
    (mini / "documents" / "procedures" / "access.md").write_text(DOC.replace("Review cycle: annually\n", "")
                                                                 .replace("Effective date: 2026-03-24", "Next review: 2027-01-01"), "utf-8")
    late = cli("validate", "--as-of", "2027-02-01")
    assert late.exit_code == 0
    assert "documents/procedures/access.md:14:14: warning: access: review was due on 2027-01-01" in late.stderr
    early = cli("validate", "--as-of", "2026-12-01")
    assert "review was due" not in early.stderr


def test_a_review_overdue_by_the_document_own_cycle_is_a_finding(mini, cli):
    _project(mini)
    current = _checks(cli, "7.5.2-01", "2027-03-01")["documents_current"]
    assert current["outcome"] == "pass"
    overdue = _checks(cli, "7.5.2-01", "2027-06-14")["documents_current"]
    assert overdue["outcome"] == "fail"
    assert overdue["message"] == ("access is stale: last reviewed or changed 2026-06-13, review due 2027-06-13 by the "
                                  "cycle it states (documents/procedures/access.md:5:17)")
