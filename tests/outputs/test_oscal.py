"""OSCAL out: assess --format oscal-ar and actions list --format oscal-poam, validated against NIST's schemas."""

from __future__ import annotations

import copy
import json
import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditkit.cli import main
from auditkit.outputs.oscal import OSCAL_VERSION
from auditkit.outputs.oscal.validate import validate
from auditkit.outputs.oscal.assessment_results import RISK_GRADES

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-05"


@pytest.fixture(scope="module")
def exports():
    """The example project's JSON assessment, its OSCAL assessment results (en, zh) and its POA&M, each exported
    through the CLI as a user would (run once for the module: an assessment of the example takes seconds)."""

    def run(*args):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return {
            "json": json.loads(run("assess", "--as-of", AS_OF, "-f", "json")),
            "ar": run("assess", "--as-of", AS_OF, "-f", "oscal-ar"),
            "ar-again": run("assess", "--as-of", AS_OF, "-f", "oscal-ar"),
            "ar-zh": run("assess", "--as-of", AS_OF, "-f", "oscal-ar", "--lang", "zh"),
            "poam": run("actions", "list", "--as-of", AS_OF, "-f", "oscal-poam"),
            "poam-again": run("actions", "list", "--as-of", AS_OF, "-f", "oscal-poam"),
            "actions": json.loads(run("actions", "list", "--as-of", AS_OF, "-f", "json")),
        }
    finally:
        os.chdir(here)


def test_assessment_results_are_valid_oscal(exports):
    for key in ("ar", "ar-zh"):
        document = json.loads(exports[key])
        assert validate(document) == []
        assert document["assessment-results"]["metadata"]["oscal-version"] == OSCAL_VERSION


def test_the_schema_check_can_fail(exports):
    """The vendored schema is really applied: a finding without a target, a bad UUID and a bad date are caught."""
    document = json.loads(exports["ar"])
    broken = copy.deepcopy(document)
    result = broken["assessment-results"]["results"][0]
    del result["findings"][0]["target"]
    result["observations"][0]["uuid"] = "not-a-uuid"
    result["start"] = "5 November 2026"
    errors = validate(broken)
    assert any("'target' is a required property" in e for e in errors)
    assert any("not-a-uuid" in e for e in errors)
    assert any("/start" in e for e in errors)
    bad_token = copy.deepcopy(document)
    bad_token["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "8.3.3-03"
    assert validate(bad_token), "a target id must be an OSCAL token (a letter first)"


def test_findings_observations_and_risks_carry_the_assessment(exports):
    data = exports["json"]
    result = json.loads(exports["ar"])["assessment-results"]["results"][0]
    assert len(result["findings"]) == len(data["results"])
    assert len(result["risks"]) == sum(1 for f in data["findings"] if f["grade"] in RISK_GRADES)
    n_checks = sum(len(r["checks"]) for r in data["results"])
    n_judgments = sum(1 for r in data["results"] if r.get("judgment"))
    assert len(result["observations"]) == n_checks + n_judgments
    observations = {o["uuid"]: o for o in result["observations"]}

    # a failing rule: the finding is not satisfied, its observation names the evidence by file and line
    failing = next(r for r in data["results"] if r["status"] == "nonconformant" and r["source"] == "rules")
    finding = next(f for f in result["findings"] if f["target"]["target-id"].endswith("_" + failing["requirement"]))
    assert finding["target"]["status"] == {"state": "not-satisfied", "reason": "nonconformant"}
    evidence = failing["checks"][0]["evidence"][0]
    linked = [observations[r["observation-uuid"]] for r in finding["related-observations"]]
    shown = [e for o in linked for e in o.get("relevant-evidence", [])]
    assert {"href": f"{evidence['file']}#L{evidence['line']}",
            "description": f"{evidence['file']}:{evidence['line']}:{evidence['column']} ({evidence['pointer']})"} in shown
    assert linked[0]["methods"] == ["TEST"]

    # an auditor's interview: an observation with method INTERVIEW, the auditor as the party behind it
    interviewed = next(r for r in data["results"] if (r.get("judgment") or {}).get("method") == "interview")
    finding = next(f for f in result["findings"] if f["target"]["target-id"].endswith("_" + interviewed["requirement"]))
    linked = [observations[r["observation-uuid"]] for r in finding["related-observations"]]
    judged = next(o for o in linked if o["methods"] == ["INTERVIEW"])
    parties = {p["uuid"]: p["name"] for p in json.loads(exports["ar"])["assessment-results"]["metadata"]["parties"]}
    assert parties[judged["origins"][0]["actors"][0]["actor-uuid"]] == interviewed["judgment"]["auditor"]
    assert judged["relevant-evidence"][0]["href"].startswith("judgments.yaml#L")

    # a major nonconformity: a risk, linked from its finding
    major = next(f for f in data["findings"] if f["grade"] == "major-nc")
    finding = next(f for f in result["findings"] if f["target"]["target-id"].endswith("_" + major["requirement"]))
    risk = next(r for r in result["risks"] if r["uuid"] == finding["related-risks"][0]["risk-uuid"])
    assert risk["status"] == "open" and risk["description"] == major["statement"]


def test_exports_are_stable(exports):
    """Same project, same date: the same bytes; every UUID is a version-5 UUID."""
    assert exports["ar"] == exports["ar-again"]
    assert exports["poam"] == exports["poam-again"]
    found = json.loads(exports["ar"])["assessment-results"]["results"][0]["findings"]
    assert all(uuid.UUID(f["uuid"]).version == 5 for f in found)
    zh = json.loads(exports["ar-zh"])["assessment-results"]["results"][0]["findings"]
    assert [f["uuid"] for f in zh] == [f["uuid"] for f in found], "the language does not change identities"
    assert zh[0]["title"] != found[0]["title"], "titles follow --lang"


def test_poam_is_valid_and_holds_every_action_with_milestones(exports):
    document = json.loads(exports["poam"])
    assert validate(document) == []
    plan = document["plan-of-action-and-milestones"]
    actions = {a["id"]: a for a in exports["actions"]}
    items = {next(p["value"] for p in i["props"] if p["name"] == "action"): i for i in plan["poam-items"]}
    assert set(items) == set(actions)
    risks = {r["uuid"]: r for r in plan["risks"]}
    for action_id, action in actions.items():
        risk = risks[items[action_id]["related-risks"][0]["risk-uuid"]]
        milestones = risk["remediations"][0]["tasks"]
        assert all(t["type"] == "milestone" for t in milestones)
        assert milestones[-1]["timing"]["on-date"]["date"] == f"{action['due']}T00:00:00Z"
        expected = {"open": "open", "closed": "closed", "rejected": "deviation-approved"}.get(action["state"], "remediating")
        assert risk["status"] == expected
    closed = next(a for a in actions if actions[a]["state"] == "closed")
    first = risks[items[closed]["related-risks"][0]["risk-uuid"]]["remediations"][0]
    assert first["lifecycle"] == "completed" and len(first["tasks"]) >= 2, "a planned step and the due date"
