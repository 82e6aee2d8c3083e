"""A process dealt with in passing is not an absent process (how a lead auditor grades a documentation review).

Nothing covers 4.1 in either project below. Where a document's body text deals with the organisation's internal
and external issues, 4.1 is a gap in a process that exists in part (partially conformant, minor by the default
policy, citing the lines); where no document ever deals with it, the process is absent (nonconformant, major).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

AS_OF = "2026-03-02"
OPERATIONS = """# Operations handbook

## Daily checks

The on-call engineer checks the dashboards every morning.
{context}
## Escalation

Escalate to the duty manager when a check fails twice.
"""
CONTEXT = ("External issues such as new regulation are noted by the service owner.\n\n"
           "Internal issues such as staff turnover are raised at the weekly meeting.\n")


def _project(tmp_path: Path, cli, context: str) -> dict:
    project = tmp_path / "client"
    assert cli("init", str(project)).exit_code == 0
    (project / "documents" / "operations.md").write_text(OPERATIONS.format(context=context), "utf-8")
    (project / "evidence" / "operations.yaml").write_text(
        "id: operations\ntype: procedure\ndocument: ../documents/operations.md\ncovers: [\"8.1\"]\n", "utf-8")
    result = cli("assess", "-C", str(project), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _result(data: dict, rid: str) -> dict:
    return next(r for r in data["results"] if r["requirement"] == rid)


def test_a_subject_dealt_with_in_passing_is_a_gap_not_an_absent_process(tmp_path, cli):
    data = _project(tmp_path, cli, CONTEXT)
    result = _result(data, "4.1-01")
    assert (result["status"], result["grade"], result["failure"]) == ("partially-conformant", "minor-nc", "gap")
    dealt = next(c for c in result["checks"] if c["rule"] == "subject_dealt_with")
    assert dealt["outcome"] == "partial" and "dealt with in passing" in dealt["message"]
    finding = next(f for f in data["findings"] if f["requirement"] == "4.1-01")
    lines = {(e["file"].rsplit("/", 1)[-1], e.get("line")) for e in finding["evidence"]}
    assert ("operations.md", 6) in lines and ("operations.md", 8) in lines  # the lines that deal with it
    verdict = next(c for c in data["subclauses"] if c["clause"] == "4.1")
    assert (verdict["status"], verdict["grade"]) == ("partially-conformant", "minor-nc")
    assert dealt["template"]["key"] == "mentions.in_passing"  # said in Chinese too


def test_a_subject_the_set_never_deals_with_is_an_absent_process(tmp_path, cli):
    data = _project(tmp_path, cli, "")
    result = _result(data, "4.1-01")
    assert (result["status"], result["grade"], result["failure"]) == ("nonconformant", "major-nc", "process-absent")
    assert not any(c["rule"] == "subject_dealt_with" for c in result["checks"])
    verdict = next(c for c in data["subclauses"] if c["clause"] == "4.1")
    assert (verdict["status"], verdict["grade"]) == ("nonconformant", "major-nc")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_message_exists_in_both_languages(lang):
    from auditkit.model.messages import msg

    text = msg("mentions.in_passing", clause="4.1", where="a.md:3").text(lang)
    assert "4.1" in text and "a.md:3" in text
