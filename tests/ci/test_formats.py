"""The CI formats read back: JUnit XML parsed, SARIF validated against the official 2.1.0 schema, GitHub workflow
commands and the Markdown summary."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from auditkit.outputs.render.github import command

from .conftest import position, remove_section

SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
"""The official SARIF 2.1.0 schema (OASIS, errata 01): see SOURCES.md beside it."""


def _sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# ------------------------------------------------------------------------------------------------ JUnit


def test_junit_has_one_testcase_per_requirement_and_failures_for_nonconformities(mini, check, tmp_path):
    (mini / "evidence" / "policy.md").unlink()  # 5.2.2-01: major; 8.3.3-01 and 8.6.1-02 stay minor
    out = tmp_path / "report.xml"
    assert check("--format", f"junit:{out}").exit_code == 1
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    requirement_suites = [s for s in root if s.get("name") != "auditkit gates"]
    cases = [c for s in requirement_suites for c in s.iter("testcase")]
    names = sorted(c.get("name").split()[0] for c in cases)
    assert names == ["5.2.2-01", "8.3.3-01", "8.6.1-01", "8.6.1-02", "9.2-01", "9.3-01"]

    failures = {c.get("name").split()[0]: c.find("failure") for c in cases if c.find("failure") is not None}
    assert set(failures) == {"5.2.2-01", "8.3.3-01", "8.6.1-02"}
    assert failures["5.2.2-01"].get("type") == "major-nc"
    assert failures["8.3.3-01"].get("type") == "minor-nc"
    assert "svc-b" in failures["8.3.3-01"].get("message")
    assert "evidence/organization.yaml:6:5" in failures["8.3.3-01"].text  # the evidence, located
    skipped = [c.get("name").split()[0] for c in cases if c.find("skipped") is not None]
    assert skipped == ["9.3-01"]  # manual, not judged: not assessed

    # the counts are consistent (Jenkins and GitLab read them)
    for suite in requirement_suites:
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in root)

    gates = next(s for s in root if s.get("name") == "auditkit gates")
    failed = [c.get("name") for c in gates if c.find("failure") is not None]
    assert failed == ["major_nonconformities: No major nonconformity"]


def test_junit_from_assess_without_gates(mini, cli):
    result = cli("assess", "--as-of", "2026-03-15", "--format", "junit")
    root = ET.fromstring(result.stdout.encode())
    assert [s.get("name") for s in root] == ["mini clause 5 Leadership", "mini clause 8 Operation of the service management system",
                                             "mini clause 9 Performance evaluation"]
    assert root.get("tests") == "6" and root.get("failures") == "2"


# ------------------------------------------------------------------------------------------------ SARIF


def test_sarif_is_valid_against_the_official_schema_and_located(mini, check, tmp_path, baseline):
    base = baseline()
    remove_section(mini, "Purpose")
    out = tmp_path / "r.sarif"
    check("--format", f"sarif:{out}", "--baseline", base, "--as-of", "2026-12-20", "--majors", "off")
    log = json.loads(out.read_text())
    errors = sorted(_sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[0]

    results = log["runs"][0]["results"]
    by_rule = {}
    for r in results:
        by_rule.setdefault(r["ruleId"], []).append(r)

    # the has_sections failure points at the document concerned, relative to the project root
    policy = by_rule["5.2.2-01"][0]
    region = policy["locations"][0]["physicalLocation"]
    assert region["artifactLocation"] == {"uri": "evidence/policy.md", "uriBaseId": "PROJECTROOT"}
    line, column = position(mini / "evidence" / "policy.md", "id: sm-policy")
    assert region["region"] == {"startLine": line, "startColumn": column}
    assert policy["baselineState"] == "new" and policy["level"] == "warning"
    assert by_rule["8.3.3-01"][0]["baselineState"] == "unchanged"
    # a check whose evidence has no line points at the check in the catalog
    records = by_rule["8.6.1-01"][0]["locations"][0]["physicalLocation"]
    assert records["artifactLocation"]["uri"] in ("evidence/records/incidents.yaml", "controls/mini/requirements.yaml")
    assert records["region"]["startLine"] >= 1
    # gate issues with a location: the stale-soon warning and lint problems
    assert by_rule["gate/stale_within"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == \
        position(mini / "evidence" / "policy.md", "approved:")[0]
    assert "lint/missing-field" in by_rule
    rules = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rules
    assert all(log["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_uris_are_relative_to_the_project_root(mini, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (mini / "evidence" / "policy.md").unlink()
    result = cli("check", "--as-of", "2026-03-15", "-C", "mini", "--format", "sarif")
    log = json.loads(result.stdout)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"] for loc in r["locations"]}
    assert "controls/mini/requirements.yaml" in uris
    assert not any(uri.startswith("mini/") for uri in uris)
    assert log["runs"][0]["originalUriBaseIds"]["PROJECTROOT"]["uri"] == (mini.as_uri() + "/")
    assert not list(_sarif_validator().iter_errors(log))


def test_sarif_of_the_bundled_example_is_valid(cli, monkeypatch):
    root = Path(__file__).parents[2]
    monkeypatch.chdir(root)
    result = cli("assess", "--as-of", "2026-11-05", "--format", "sarif")
    assert result.exit_code == 0, f"the bundled example organisation does not load: {result.stderr[:500]}"
    log = json.loads(result.stdout)
    assert not list(_sarif_validator().iter_errors(log))
    assert log["runs"][0]["results"]


def test_invalid_sarif_is_caught_by_the_schema():
    """The schema copy is strict enough to matter: a result without a message is refused."""
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}
    assert list(_sarif_validator().iter_errors(log))


# ------------------------------------------------------------------------------------------------ GitHub


def test_github_annotations(mini, check):
    (mini / "evidence" / "policy.md").unlink()
    result = check("--format", "github")
    lines = result.stdout.splitlines()
    line, column = position(mini / "controls" / "mini" / "requirements.yaml", "evidence_exists")
    assert lines[0].startswith(f"::error file=controls/mini/requirements.yaml,line={line},col={column},"
                               f"title=5.2.2-01 major nonconformity (major_nonconformities)::5.2.2-01 Policy documented: "
                               "no evidence of type policy covering 5.2.2")
    assert any(x.startswith("::notice file=evidence/organization.yaml,line=6,col=5,title=8.3.3-01 minor nonconformity (not blocking)")
               for x in lines)
    assert any(x.startswith("::warning file=evidence/sla-a.yaml,line=2,col=1,title=auditkit lint missing-field::") for x in lines)
    assert lines[-1].startswith("::error title=auditkit check failed (1 gate)::major_nonconformities")


def test_github_paths_follow_the_workspace_and_escape(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo" / "docs").mkdir(parents=True)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "repo"))
    text = command("warning", "50% done\nnext: line", {"file": "repo/docs/a,b.md", "line": 3, "column": 2}, "t: x")
    assert text == "::warning file=docs/a%2Cb.md,line=3,col=2,title=t%3A x::50%25 done%0Anext: line"


# ------------------------------------------------------------------------------------------------ summary


def test_summary_shows_score_change_new_and_resolved_gaps(mini, check, baseline, tmp_path):
    remove_section(mini, "Purpose")
    base = baseline()  # baseline: 5.2.2-01, 8.3.3-01, 8.6.1-02 are gaps
    remove_section(mini, "Principles")  # still a gap (both sections gone)
    (mini / "evidence" / "sla-b.yaml").write_text(
        "id: sla-b\ntype: agreement\ntitle: SLA for service B\ncovers: [\"8.3.3\"]\nservices: [svc-b]\n")
    out = tmp_path / "summary.md"
    result = check("--baseline", base, "--format", f"summary:{out}")
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("## ✅ auditkit check passed: Mini Test Services Ltd.")
    assert "### Resolved gaps (1)" in text and "- 8.3.3-01 Every service has an SLA (was minor nonconformity)" in text
    assert "### New gaps (0)" in text
    # 8.3.3-01 (medium, weight 2) became conformant: +2 of 14 weighted points
    data = json.loads(base.read_text())
    before = data["summary"]["overall"]["score"]
    assert f"from {before * 100:.1f}%" in text and "+14.3 pp" in text
    assert "| No new nonconformity against the baseline | fail | ✅ pass |" in text


def test_summary_without_baseline_lists_nonconformities(mini, cli):
    result = cli("assess", "--as-of", "2026-03-15", "--format", "summary")
    assert "### Nonconformities (2)" in result.stdout
    assert "`evidence/organization.yaml:6:5`" in result.stdout


def test_github_from_a_plain_assessment_grades_the_annotations(mini, cli):
    (mini / "evidence" / "policy.md").unlink()
    lines = cli("assess", "--as-of", "2026-03-15", "--format", "github").stdout.splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == ["::error", "::warning", "::warning"]  # the major, two minors (good practice is not annotated)
    assert "title=5.2.2-01 major nonconformity" in lines[0]
