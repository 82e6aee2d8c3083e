"""A second standard is data: a catalog with its own clause table (4.1, 8.2, A.5.1, A.5.10) assesses, reports and
checks without any code change (tests/fixtures/isms)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "isms"
AS_OF = "2026-03-15"


@pytest.fixture
def isms(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    return root


def test_it_assesses_in_its_own_clause_order_with_its_own_titles(isms, cli):
    result = cli("assess", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["catalog"]["id"] == "isms-mini"
    assert [r["requirement"] for r in data["results"]] == ["4.1-01", "8.2-01", "A.5.1-01", "A.5.10-01"]
    assert [(c["clause"], c["title"], c["title_zh"]) for c in data["clauses"]] == [
        ("4", "Setting", "背景"), ("8", "Running the system", "运行体系"), ("A", "Controls annex", "控制附录")]
    assert [(c["clause"], c["title"]) for c in data["subclauses"]] == [
        ("4.1", "Knowing the organization"), ("8.2", "Judging risks"), ("A.5.1", "Security policies"),
        ("A.5.10", "Use of information")]
    assert {f["requirement"]: f["status"] for f in data["findings"]} == {"8.2-01": "nonconformant",
                                                                          "A.5.10-01": "nonconformant"}


def test_it_reports_in_html_with_its_clause_titles(isms, cli, tmp_path):
    out = tmp_path / "report.html"
    for lang, title in (("en", "Use of information"), ("zh", "信息的使用")):
        result = cli("report", "--as-of", AS_OF, "--lang", lang, "-o", str(out))
        assert result.exit_code == 0, result.stderr
        page = out.read_text("utf-8")
        assert f"A.5.10 {title}" in page and "A.5.10-01" in page


def test_it_checks_with_floors_on_its_own_clauses(isms, cli):
    result = cli("check", "--as-of", AS_OF, "--no-cache", "--min-clause", "A.5.1=0.5", "--majors", "warn")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "PASS  min_clause_score       A.5.1 100.0%" in result.stdout
    result = cli("check", "--as-of", AS_OF, "--no-cache", "--min-clause", "5.2=0.5")
    assert result.exit_code == 2
    assert "--min-clause 5.2: not a clause of Example ISMS standard (test)" in result.stderr


def test_a_clause_not_in_its_table_is_a_located_error(isms, cli):
    path = isms / "controls" / "isms-mini" / "requirements.yaml"
    path.write_text(path.read_text("utf-8").replace('clause: "8.2"', 'clause: "A.6.1"'), "utf-8")
    result = cli("validate")
    assert result.exit_code == 2
    assert ("controls/isms-mini/requirements.yaml:27:13: error: 'A.6.1' is not a clause of Example ISMS standard "
            "(test)") in result.stderr
