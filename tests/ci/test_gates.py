"""Gate evaluation as a pure function: scores recomputed by the declared formula, baseline comparison, stale-soon."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from auditkit.inputs.dates import Duration
from auditkit.model.errors import ConfigError, Location
from auditkit.inputs.evidence import EvidenceItem
from auditkit.outputs.gates import (
    GatePolicy,
    Level,
    StaleSoon,
    Status,
    clause_score,
    compare,
    evaluate,
    policy_from_config,
    stale_soon,
)

from .conftest import AS_OF


@pytest.fixture
def data(mini, cli) -> dict:
    return json.loads(cli("assess", "--as-of", AS_OF, "--format", "json").stdout)


def _gate(report, name):
    return next(g for g in report.gates if g.name == name)


def test_clause_scores_are_recomputed_by_the_declared_formula(data):
    for clause in data["clauses"]:
        assert clause_score(data, clause["clause"]) == (clause["points"], clause["weight"], clause["score"])
    for sub in data["subclauses"]:
        assert clause_score(data, sub["clause"])[2] == sub["score"]
    # an intermediate clause gathers its subclauses: 8.6 = 8.6.1 here
    assert clause_score(data, "8.6") == clause_score(data, "8.6.1")
    assert clause_score(data, "10") == (0, 0, None)


def test_default_policy_fails_only_on_majors(data):
    report = evaluate(data, GatePolicy(), as_of=date(2026, 3, 15))
    assert report.passed
    assert {g.name: g.status for g in report.gates} == {
        "min_score": Status.OFF, "min_clause_score": Status.OFF, "major_nonconformities": Status.PASS,
        "new_nonconformities": Status.SKIPPED, "overdue_actions": Status.SKIPPED, "stale_within": Status.PASS,
        "lint": Status.PASS,
    }


def test_floors_fail_and_say_by_how_much(data):
    policy = GatePolicy(min_score=0.65, min_clause_score={"8": 0.6, "5": 1.0, "10": 0.5})
    report = evaluate(data, policy, as_of=date(2026, 3, 15))
    assert not report.passed and [g.name for g in report.failed_gates] == ["min_score", "min_clause_score"]
    assert _gate(report, "min_score").summary == "overall score 64.3% < 65.0%"
    issues = [(i.severity, i.message) for i in _gate(report, "min_clause_score").issues]
    assert issues == [("error", "clause 8 score 50.0% < 60.0% (3.0 / 6.0 weighted points)"),  # clause 5 (100%) passes
                      ("warning", "clause 10 has no requirement that counts: its floor 50.0% cannot apply")]
    assert evaluate(data, GatePolicy(min_clause_score={"8": 0.5}), as_of=date(2026, 3, 15)).passed  # at the floor passes


def _finding(rid, grade):
    return {"id": f"F-{rid}", "requirement": rid, "clause": rid.split("-")[0], "grade": grade, "status": "nonconformant",
            "statement": "", "evidence": [], "gap": f"gap of {rid}", "source": "rules"}


def _assessment(findings, score=0.5):
    rids = ["4.1-01", "5.2-01", "6.1-01", "7.1-01"]
    return {
        "as_of": "2026-01-01",
        "summary": {"overall": {"points": 1, "weight": 2, "score": score}},
        "clauses": [{"clause": "4", "title": "Context", "score": score}],
        "results": [{"requirement": r, "title": {"en": f"title {r}"}, "status": "nonconformant", "checks": []} for r in rids],
        "findings": [_finding(r, g) for r, g in findings],
    }


def test_compare_new_worse_resolved_and_unchanged():
    """The gaps of auditkit.model.gaps: an observation is still a gap; a changed grade is neither new nor resolved."""
    before = _assessment([("4.1-01", "minor-nc"), ("5.2-01", "major-nc"), ("6.1-01", "minor-nc")], 0.4)
    after = _assessment([("4.1-01", "major-nc"), ("5.2-01", "minor-nc"), ("7.1-01", "minor-nc"), ("6.1-01", "observation")], 0.6)
    c = compare(before, after, "base.json")
    assert [(g.requirement, g.grade, g.before) for g in c.new] == [("7.1-01", "minor-nc", None)]
    assert [(g.requirement, g.before, g.grade) for g in c.changed] == [
        ("4.1-01", "minor-nc", "major-nc"), ("5.2-01", "major-nc", "minor-nc"), ("6.1-01", "minor-nc", "observation")]
    assert c.resolved == () and c.unchanged == ()
    assert [(g.requirement, g.before) for g in c.gaps.new_nonconformities()] == [("4.1-01", "minor-nc"), ("7.1-01", None)]
    assert (c.overall_before, c.overall_after) == (0.4, 0.6)
    assert c.clauses[0] == {"clause": "4", "title": "Context", "before": 0.4, "after": 0.6}
    gone = compare(before, _assessment([("5.2-01", "major-nc")]), "base.json")
    assert [g.requirement for g in gone.resolved] == ["4.1-01", "6.1-01"] and gone.unchanged == ("5.2-01",)


def test_new_nonconformities_gate_uses_the_comparison():
    before = _assessment([("4.1-01", "minor-nc")])
    after = _assessment([("4.1-01", "minor-nc"), ("7.1-01", "minor-nc")])
    report = evaluate(after, GatePolicy(), as_of=date(2026, 1, 1), baseline=before, baseline_file="b.json")
    gate = _gate(report, "new_nonconformities")
    assert gate.status is Status.FAIL
    assert [i.requirement for i in gate.issues] == ["7.1-01"]
    assert gate.summary == ("1 new or worse nonconformity; gaps: 1 new, 0 resolved, 0 changed grade, 1 unchanged "
                            "against b.json (2026-01-01)")
    report = evaluate(after, GatePolicy(new_nonconformities=Level.WARN), as_of=date(2026, 1, 1), baseline=before)
    assert report.passed and _gate(report, "new_nonconformities").status is Status.WARN


def test_overdue_actions_gate(data):
    overdue = [{"id": "CAR-1", "due": "2026-03-01", "overdue": True}, {"id": "CAR-2", "due": "2026-04-01", "overdue": False}]
    report = evaluate(data, GatePolicy(), as_of=date(2026, 3, 15), overdue=overdue)
    gate = _gate(report, "overdue_actions")
    assert gate.status is Status.FAIL and [i.message for i in gate.issues] == ["corrective action CAR-1 was due 2026-03-01: 14 days overdue"]
    assert _gate(evaluate(data, GatePolicy(), as_of=date(2026, 3, 15), overdue=[]), "overdue_actions").status is Status.PASS


class _Item:
    def __init__(self, id, reviewed=None, approved=None, interval=None, next_review=None):
        self.id, self.title, self.reviewed, self.approved = id, id.upper(), reviewed, approved
        self.review_interval, self.next_review = interval, next_review

    # the one definition of when a review falls due (auditkit.inputs.evidence.EvidenceItem)
    last_reviewed = EvidenceItem.last_reviewed
    review_due = EvidenceItem.review_due

    def locate(self, key):
        return Location(f"{self.id}.md", 1, 1, key)


class _Evidence:
    def __init__(self, *items):
        self.items = items


def test_stale_soon_window_is_inclusive_and_skips_what_is_already_overdue():
    year = Duration(months=12)
    evidence = _Evidence(
        _Item("today", approved=date(2025, 6, 1), interval=year),  # due 2026-06-01 = as of
        _Item("edge", approved=date(2025, 7, 1), interval=year),  # due 2026-07-01 = as of + 30 days
        _Item("later", approved=date(2025, 7, 2), interval=year),  # one day too late
        _Item("overdue", approved=date(2025, 5, 1), interval=year),
        _Item("by-date", next_review=date(2026, 6, 10)),
        _Item("reviewed", approved=date(2024, 1, 1), reviewed=date(2025, 6, 20), interval=year),
    )
    soon = stale_soon(evidence, date(2026, 6, 1), Duration(days=30))
    assert [(s.item, s.due.isoformat(), s.location.pointer) for s in soon] == [
        ("today", "2026-06-01", "approved"), ("by-date", "2026-06-10", "next_review"),
        ("reviewed", "2026-06-20", "reviewed"), ("edge", "2026-07-01", "approved")]
    assert stale_soon(evidence, date(2026, 6, 1), None) == []
    assert isinstance(soon[0], StaleSoon) and soon[1].days(date(2026, 6, 1)) == 9


def test_policy_from_config_reads_off_as_yaml_writes_it(tmp_path):
    config = tmp_path / "auditkit.yaml"
    config.write_text("gates:\n  min_score: 0.7\n  major_nonconformities: off\n  stale_within: off\n  lint: {level: fail, fields: {'*': [owner]}}\n")
    policy = policy_from_config(config, tmp_path)
    assert policy.min_score == 0.7 and policy.major_nonconformities is Level.OFF and policy.stale_within is None
    assert policy.lint is Level.FAIL and policy.lint_rules["fields"] == {"*": ["owner"]}
    assert policy.locations["min_score"].line == 2
    assert policy_from_config(None, tmp_path) == GatePolicy()


def test_policy_rejects_an_unknown_clause_at_its_key(tmp_path):
    config = tmp_path / "auditkit.yaml"
    config.write_text("gates:\n  min_clause_score: {\"8\": 0.5, \"11\": 0.5}\n")
    with pytest.raises(ConfigError) as caught:
        policy_from_config(config, tmp_path)
    problem = caught.value.problems[0]
    assert problem.message == "'11' is not a clause of ISO/IEC 20000-1:2018"
    assert (Path(problem.location.file).name, problem.location.line) == ("auditkit.yaml", 2)
