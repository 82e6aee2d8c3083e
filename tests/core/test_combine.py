"""Rules and auditor judgments combine visibly; neither silently overwrites the other."""

from __future__ import annotations

import json

import pytest

from auditkit.engine.assess import combine
from auditkit.model.assessment import Judgment, Source, Status


def _j(result: Status, overrides: bool = False) -> Judgment:
    return Judgment("x", result, "interview", "A", "2026-01-01", overrides_rules=overrides)


@pytest.mark.parametrize("rules, auditor, overrides, expected, source", [
    (Status.CONFORMANT, None, False, Status.CONFORMANT, Source.RULES),
    (None, Status.PARTIAL, False, Status.PARTIAL, Source.AUDITOR),
    (Status.CONFORMANT, Status.CONFORMANT, False, Status.CONFORMANT, Source.BOTH),
    (Status.CONFORMANT, Status.NONCONFORMANT, False, Status.NONCONFORMANT, Source.BOTH),
    (Status.NONCONFORMANT, Status.CONFORMANT, False, Status.NONCONFORMANT, Source.BOTH),
    (Status.NONCONFORMANT, Status.CONFORMANT, True, Status.CONFORMANT, Source.AUDITOR),
    (Status.PARTIAL, Status.NOT_APPLICABLE, False, Status.PARTIAL, Source.BOTH),
    (Status.NOT_ASSESSED, Status.CONFORMANT, False, Status.CONFORMANT, Source.AUDITOR),
    (None, None, False, Status.NOT_ASSESSED, Source.NONE),
    # a pending status is not a pass: the auditor's "evidence still due" stands over checks that passed ...
    (Status.CONFORMANT, Status.NEEDS_EVIDENCE, False, Status.NEEDS_EVIDENCE, Source.BOTH),
    (Status.CONFORMANT, Status.NOT_ASSESSED, False, Status.NOT_ASSESSED, Source.BOTH),
    # ... but never hides a gap the checks found
    (Status.PARTIAL, Status.NEEDS_EVIDENCE, False, Status.PARTIAL, Source.BOTH),
    (Status.NONCONFORMANT, Status.NOT_ASSESSED, False, Status.NONCONFORMANT, Source.BOTH),
    (Status.CONFORMANT, Status.NEEDS_EVIDENCE, True, Status.NEEDS_EVIDENCE, Source.AUDITOR),
    (Status.CONFORMANT, Status.NOT_APPLICABLE, False, Status.CONFORMANT, Source.BOTH),
])
def test_combine(rules, auditor, overrides, expected, source):
    status, src, note = combine(rules, _j(auditor, overrides) if auditor else None)
    assert (status, src) == (expected, source)
    if rules not in (None, Status.NOT_ASSESSED) and auditor and rules is not auditor:
        assert f"rules: {rules.value}; auditor: {auditor.value}" in note


def _judge(mini, **fields):
    lines = ["judgments:", "  - requirement: \"8.3.3-01\""] + [f"    {k}: {v}" for k, v in fields.items()]
    (mini / "judgments.yaml").write_text("\n".join(lines) + "\n")


def _result(cli, rid):
    data = json.loads(cli("assess", "--as-of", "2026-03-02", "--format", "json").stdout)
    return next(r for r in data["results"] if r["requirement"] == rid), data


def test_disagreeing_auditor_does_not_hide_the_failed_rule(mini, cli):
    _judge(mini, result="conformant", method="interview", auditor="B. Lead", date="2026-03-01")
    result, _ = _result(cli, "8.3.3-01")
    assert result["status"] == "nonconformant" and result["source"] == "rules+auditor"
    assert "the worse stands" in result["note"]
    assert result["judgment"]["auditor"] == "B. Lead"


def test_an_auditors_needs_evidence_is_not_turned_into_a_pass(mini, cli):
    _judge(mini, result="needs-evidence", method="interview", auditor="B. Lead", date="2026-03-01",
           note="\"the complaint register for Q1 is still due\"")
    (mini / "judgments.yaml").write_text((mini / "judgments.yaml").read_text().replace("8.3.3-01", "8.6.1-01"))
    result, data = _result(cli, "8.6.1-01")
    assert result["rule_status"] == "conformant"
    assert result["status"] == "needs-evidence" and result["source"] == "rules+auditor"
    assert "passing checks are not conformity" in result["note"]
    assert "8.6.1-01" in data["review"]["needs_evidence"]
    assert not any(f["requirement"] == "8.6.1-01" for f in data["findings"])  # not a nonconformity either


def test_a_pending_judgment_takes_no_grade(mini, cli):
    _judge(mini, result="needs-evidence", grade="minor-nc", method="interview", auditor="B. Lead", date="2026-03-01")
    result = cli("assess", "--as-of", "2026-03-02")
    assert result.exit_code == 2
    assert "judgments.yaml:4:" in result.stderr and "takes no grade" in result.stderr
    assert "Traceback" not in result.stderr


def test_explicit_override_is_shown_as_such(mini, cli):
    _judge(mini, result="conformant", method="observation", auditor="B. Lead", date="2026-03-01", overrides_rules="true",
           note="\"svc-b is covered by the framework contract, seen on site\"")
    result, data = _result(cli, "8.3.3-01")
    assert result["status"] == "conformant" and result["source"] == "auditor"
    assert result["rule_status"] == "nonconformant"
    assert "overrides the rules" in result["note"]
    assert not any(f["requirement"] == "8.3.3-01" for f in data["findings"])


def test_not_applicable_leaves_the_denominator(mini, cli):
    (mini / "judgments.yaml").write_text(
        "judgments:\n  - requirement: \"9.3-01\"\n    result: not-applicable\n    method: interview\n    auditor: A\n"
        "    date: 2026-03-01\n    justification: \"No top management review yet: the SMS started last month.\"\n")
    result, data = _result(cli, "9.3-01")
    assert result["status"] == "not-applicable"
    assert data["summary"]["overall"]["weight"] == 14.0 - 2.0


def test_grade_policy_is_configurable(mini, cli):
    (mini / "auditkit.yaml").write_text("grading:\n  gap: {medium: major-nc}\n")
    result, data = _result(cli, "8.3.3-01")
    assert result["grade"] == "major-nc" and result["grade_basis"] == "policy: gap (medium criticality)"
    assert data["scoring"]["grading"]["gap"] == {"high": "minor-nc", "medium": "major-nc", "low": "minor-nc"}
    assert "a gap in a document, process or records that exist minor-nc/major-nc/minor-nc" in data["scoring"]["grading_rule"]
    assert not data["summary"]["ready"] and "1 major nonconformity" in data["summary"]["readiness_reasons"]


def test_scoring_parameters_are_configurable_and_printed(mini, cli):
    (mini / "auditkit.yaml").write_text("scoring:\n  weights: {high: 5}\n  points: {not-assessed: 0.25}\n")
    _, data = _result(cli, "9.3-01")
    assert data["scoring"]["weights"]["high"] == 5
    assert "high 5" in data["scoring"]["formula"] and "not assessed 0.25" in data["scoring"]["formula"]
    o = data["summary"]["overall"]
    # recompute by hand: 5.2.2 C(5x1) 8.3.3 NC(2x0) 8.6.1-01 C(5x1) 8.6.1-02 NC(1x0) 9.2 C(5x1) 9.3 NA'd(2x0.25)
    assert (o["points"], o["weight"]) == (15.5, 20.0)


def test_overlay_changes_criticality_and_cadence(mini, cli):
    (mini / "controls" / "acme.yaml").write_text(
        "overlay: {id: acme, catalog: mini}\nmodify:\n  \"5.2.2-01\": {max_age: \"1 month\"}\n  \"8.6.1-02\": {criticality: high}\n"
        "add:\n  - id: \"ACME-01\"\n    clause: \"8.6.1\"\n    title: {en: Extra}\n    text: {en: Our own rule.}\n"
        "    kind: record\n    criticality: low\n    checks:\n      - rule: evidence_exists\n        select: {covers: \"8.6.1\"}\n")
    data = json.loads(cli("assess", "--as-of", "2026-03-02", "--format", "json").stdout)
    by_id = {r["requirement"]: r for r in data["results"]}
    assert data["catalog"]["overlays"] == ["acme"]
    assert by_id["5.2.2-01"]["status"] == "partially-conformant"  # stale under the overlay's 1-month cadence
    # the grade follows what failed (a gap in records that exist: minor), not the criticality (issue 15)
    assert by_id["8.6.1-02"]["criticality"] == "high" and by_id["8.6.1-02"]["weight"] == 3.0
    assert by_id["8.6.1-02"]["grade"] == "minor-nc" and by_id["8.6.1-02"]["failure"] == "gap"
    assert by_id["ACME-01"]["status"] == "conformant"
