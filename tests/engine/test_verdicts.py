"""Verdicts as a lead auditor gives them (issue 15): what failed decides the grade, failed evaluation is never
conformance, conformity resting on evidence not provided needs evidence, one verdict per subclause."""

from __future__ import annotations

import json

import pytest

from auditkit.engine.verdicts import AGGREGATION_RULE, subclause_verdict
from auditkit.model.assessment import Grade, Status

C, P, N, NE, NA, NX, NEV = (Status.CONFORMANT, Status.PARTIAL, Status.NONCONFORMANT, Status.NOT_ASSESSED,
                            Status.NOT_APPLICABLE, Status.NOT_EXAMINED, Status.NEEDS_EVIDENCE)


@pytest.mark.parametrize("statuses, grades, covered, expected", [
    ([N, N], [Grade.MAJOR, Grade.MINOR], False, (N, Grade.MAJOR)),
    ([N, C], [Grade.MINOR, None], False, (P, Grade.MINOR)),
    ([N, NEV], [Grade.MINOR, None], False, (P, Grade.MINOR)),
    # nothing of it met: a process found absent and activities nobody could examine is nonconformant, not partial
    ([N, NX], [Grade.MAJOR, None], False, (N, Grade.MAJOR)),
    ([N, NE], [Grade.MAJOR, None], False, (N, Grade.MAJOR)),
    ([N, NA, NX], [Grade.MAJOR, None, None], False, (N, Grade.MAJOR)),
    # its procedure documents are present; only their records or interviews were not examined: part of it is met
    ([N, NX], [Grade.MINOR, None], True, (P, Grade.MINOR)),
    ([N, N], [Grade.MINOR, Grade.MINOR], True, (N, Grade.MINOR)),
    ([C, NE, NEV], [None, None, None], False, (NE, None)),
    ([C, NX], [None, None], False, (NEV, None)),
    ([C, NA], [None, None], False, (C, None)),
    ([NA], [None], False, (NA, None)),
    ([C, C], [None, Grade.OBSERVATION], False, (C, None)),  # an observation is not a nonconformity grade
])
def test_one_declared_aggregation_rule(statuses, grades, covered, expected):
    assert subclause_verdict(statuses, grades, covered) == expected


def test_an_auditors_nonconformity_over_passing_checks_is_a_gap_not_an_absent_process(mini, cli):
    """No check failed and nothing covers 9.3: nothing shows the process absent, so the policy grades a gap."""
    (mini / "judgments.yaml").write_text(
        "judgments:\n  - requirement: \"9.3-01\"\n    result: nonconformant\n    method: interview\n"
        "    auditor: \"B. Lead\"\n    date: 2026-03-01\n    note: \"the review skipped customer feedback\"\n")
    data = _assess(cli)
    result = next(r for r in data["results"] if r["requirement"] == "9.3-01")
    assert result["status"] == "nonconformant" and result["checks"] == []
    assert result["failure"] == "gap" and result["grade"] == "minor-nc", result


def test_failure_of_needs_a_failed_check_to_call_a_process_absent():
    from auditkit.engine.verdicts import Failure, failure_of
    from auditkit.model.assessment import CheckResult, Outcome

    passed = (CheckResult("evidence_exists", Outcome.PASS, "found"),)
    absent = (CheckResult("evidence_exists", Outcome.FAIL, "no evidence", absent=True),)
    assert failure_of(N, passed, documented=False, covered=False) is Failure.GAP
    assert failure_of(N, (), documented=False, covered=False) is Failure.GAP
    assert failure_of(N, absent, documented=False, covered=False) is Failure.PROCESS_ABSENT


def test_no_subclause_is_partially_conformant_with_nothing_met(tmp_path, cli):
    """A documentation review of a project whose documents cover nothing: every subclause that has a nonconformity
    is nonconformant (its not-examined activities rest on nothing present), never 'partially conformant' at 0 %."""
    project = tmp_path / "p"
    assert cli("init", str(project)).exit_code == 0
    profile = project / "evidence" / "organization.yaml"
    profile.write_text(profile.read_text().replace("audit:\n", "audit:\n  type: documentation-review\n"))
    data = json.loads(cli("assess", "-C", str(project), "--as-of", "2026-03-02", "--format", "json").stdout)
    verdicts = {c["clause"]: c for c in data["subclauses"]}
    assert verdicts["5.1"]["status_counts"].get("not-examined") and verdicts["5.1"]["status"] == "nonconformant"
    assert not [c["clause"] for c in data["subclauses"] if c["status"] == "partially-conformant" and not c["score"]]


def _assess(cli, as_of: str = "2026-03-02") -> dict:
    result = cli("assess", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_subclause_verdicts_are_in_the_json_csv_and_terminal(mini, cli):
    data = _assess(cli)
    verdicts = {c["clause"]: (c["status"], c["grade"]) for c in data["subclauses"]}
    assert verdicts["9.3"] == ("not-assessed", None)  # an interview nobody recorded, and nothing covers 9.3
    assert data["scoring"]["aggregation_rule"] == AGGREGATION_RULE
    assert "gap" in data["scoring"]["grading_rule"]
    csv_text = cli("assess", "--as-of", "2026-03-02", "--format", "csv").stdout
    header, *rows = csv_text.splitlines()
    assert header.endswith("subclause_status,subclause_grade")
    assert any(row.startswith("9.3-01,") and row.endswith(",not-assessed,") for row in rows)
    terminal = cli("assess", "--as-of", "2026-03-02").stdout
    assert "Verdict per subclause" in terminal and "Grade by what failed" in terminal


def test_an_unreadable_export_is_not_assessed_and_a_finding(mini, cli):
    csv = mini / "evidence" / "records" / "incidents.csv"
    csv.write_text(csv.read_text().replace("01-02-2026 10:00,TRUE", "31-02-2026 10:00,TRUE", 1))
    data = _assess(cli)
    results = {r["requirement"]: r for r in data["results"]}
    for rid in ("8.6.1-01", "8.6.1-02"):
        assert results[rid]["status"] == "not-assessed", results[rid]
        assert "could not be evaluated" in results[rid]["note"] and "incidents.csv" in results[rid]["note"]
        assert results[rid]["failure"] == "unreadable-evidence" and results[rid]["grade"] == "observation"
    finding = next(f for f in data["findings"] if f["requirement"] == "8.6.1-02")
    assert finding["evidence"][0]["file"].endswith("incidents.csv") and finding["evidence"][0]["line"] == 2


def test_a_check_that_cannot_be_evaluated_never_leaves_a_requirement_conformant(mini, cli):
    # the policy is a YAML descriptor now: has_sections cannot read it, while the other checks still pass
    policy = (mini / "evidence" / "policy.md").read_text()
    front = policy.split("---")[1]
    (mini / "evidence" / "policy.md").unlink()
    (mini / "evidence" / "policy.yaml").write_text(front)
    data = _assess(cli)
    result = next(r for r in data["results"] if r["requirement"] == "5.2.2-01")
    assert result["status"] == "not-assessed" and result["grade"] is None
    assert result["note"].startswith("could not be evaluated: ")


def test_the_grade_follows_what_failed_not_the_criticality(mini, cli):
    (mini / "evidence" / "sla-a.yaml").unlink()  # the only SLA: a mandatory document once the catalog says so
    (mini / "controls" / "mini" / "requirements.yaml").write_text(
        (mini / "controls" / "mini" / "requirements.yaml").read_text().replace(
            'title: {en: "Every service has an SLA"}', 'title: {en: "Every service has an SLA"}\n    documented: mandatory'))
    results = {r["requirement"]: r for r in _assess(cli, "2026-11-05")["results"]}
    assert results["8.3.3-01"]["criticality"] == "medium"
    assert results["8.3.3-01"]["failure"] == "mandatory-document-absent" and results["8.3.3-01"]["grade"] == "major-nc"
    # a records gap in a process that exists is minor, however critical the requirement
    assert results["8.6.1-01"]["criticality"] == "high" and results["8.6.1-01"]["failure"] == "gap"
    assert results["8.6.1-01"]["grade"] == "minor-nc"


def test_conformity_resting_on_an_interview_needs_evidence(mini, cli):
    (mini / "evidence" / "review.yaml").write_text("id: mr\ntype: procedure\ntitle: Management review procedure\n"
                                                   "covers: [\"9.3\"]\n")
    data = _assess(cli)
    result = next(r for r in data["results"] if r["requirement"] == "9.3-01")
    assert result["status"] == "needs-evidence" and result["grade"] is None and result["points"] == 0.5
    assert "9.3-01" in data["review"]["needs_evidence"]
    assert not any(f["requirement"] == "9.3-01" for f in data["findings"])


def test_a_finding_cites_the_evidence_at_fault_first(cli, monkeypatch):
    # the example: 8.6.3-02 fails on the problem records; the known errors, examined too, met their target
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    data = json.loads(cli("assess", "--as-of", "2026-11-05", "--format", "json").stdout)
    finding = next(f for f in data["findings"] if f["requirement"] == "8.6.3-02")
    assert [loc["file"] for loc in finding["evidence"]] == ["evidence/records/problems.yaml"]
    assert [loc["file"] for loc in finding["examined"]] == ["evidence/records/known-errors.yaml"]
    sarif = json.loads(cli("check", "--as-of", "2026-11-05", "--format", "sarif", "--no-cache").stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "8.6.3-02")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "evidence/records/problems.yaml"
    github = cli("check", "--as-of", "2026-11-05", "--format", "github", "--no-cache").stdout
    line = next(x for x in github.splitlines() if "8.6.3-02" in x)
    assert "file=evidence/records/problems.yaml,line=7" in line
