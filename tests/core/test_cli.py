"""Acceptance tests of validate / assess / catalog through the real CLI."""

from __future__ import annotations

import csv
import io
import json


from auditkit.inputs.validation import validator


def test_validate_reports_counts_on_a_valid_project(mini, cli):
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert "6 requirements" in result.stdout and "3 evidence items" in result.stdout and "1 judgments" in result.stdout


def test_assess_text_shows_clause_scores_and_gaps_with_locations(mini, cli):
    result = cli("assess", "--as-of", "2026-03-02")
    assert result.exit_code == 0
    out = result.stdout
    assert "Overall score 64.3%" in out
    assert "8.3.3-01" in out and "svc-b" in out
    # the gap names the evidence location (file:line:column)
    assert "evidence/organization.yaml:6:5" in out


def test_assess_json_matches_published_schema_and_is_recomputable(mini, cli):
    result = cli("assess", "--as-of", "2026-03-02", "--format", "json")
    data = json.loads(result.stdout)
    validator("assessment").validate(data)
    # every clause score can be recomputed from the requirement results and the declared weights/points
    for clause in data["clauses"]:
        rows = [r for r in data["results"] if r["clause"].split(".")[0] == clause["clause"] and r["status"] != "not-applicable"]
        points = sum(r["weight"] * data["scoring"]["points"][r["status"]] for r in rows)
        weight = sum(data["scoring"]["weights"][r["criticality"]] for r in rows)
        assert clause["points"] == points and clause["weight"] == weight
        assert clause["score"] == round(points / weight, 4)
    assert data["summary"]["overall"] == {"points": 9.0, "weight": 14.0, "score": 0.6429}
    assert "clause score = sum(weight x points) / sum(weight)" in data["scoring"]["formula"]


def test_assess_csv_to_file(mini, cli, tmp_path):
    out = tmp_path / "gaps.csv"
    result = cli("assess", "--as-of", "2026-03-02", "--format", "csv", "-o", out)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["requirement"]: r["status"] for r in rows} == {
        "5.2.2-01": "conformant", "8.3.3-01": "nonconformant", "8.6.1-01": "conformant",
        "8.6.1-02": "nonconformant", "9.2-01": "conformant", "9.3-01": "not-assessed",
    }


def test_assess_markdown_lists_findings(mini, cli):
    result = cli("assess", "--as-of", "2026-03-02", "--format", "markdown")
    assert "### F-8.3.3-01: minor nonconformity" in result.stdout
    assert "### F-9.2-01: good practice" in result.stdout


def test_as_of_changes_the_result_reproducibly(mini, cli):
    late = json.loads(cli("assess", "--as-of", "2027-03-01", "--format", "json").stdout)
    by_id = {r["requirement"]: r for r in late["results"]}
    # a year later the policy is stale and the incidents are old: both show as gaps
    assert by_id["5.2.2-01"]["status"] == "partially-conformant"
    assert "stale" in " ".join(c["message"] for c in by_id["5.2.2-01"]["checks"])
    assert by_id["8.6.1-01"]["status"] == "nonconformant"


def test_bad_as_of_is_a_usage_error(mini, cli):
    result = cli("assess", "--as-of", "05/11/2026")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_catalog_list_show_stats(mini, cli):
    listed = cli("catalog", "list")
    assert "8.6.1-02" in listed.stdout and "Incidents resolved within SLA" in listed.stdout
    shown = cli("catalog", "show", "5.2.2-01", "--lang", "zh")
    assert "服务管理方针已形成文件并获批准" in shown.stdout
    assert "has_sections" in shown.stdout
    missing = cli("catalog", "show", "5.2.2-99")
    assert missing.exit_code == 2 and "no requirement '5.2.2-99'" in missing.stderr
    stats = cli("catalog", "stats")
    assert stats.exit_code == 0 and "all" in stats.stdout


def test_paths_can_be_given_explicitly(mini, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--controls", mini / "controls", "--evidence", mini / "evidence",
                 "--judgments", mini / "judgments.yaml")
    assert result.exit_code == 0, result.stderr
