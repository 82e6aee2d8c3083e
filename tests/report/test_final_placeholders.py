"""`report --final` warns about every placeholder `auditkit init` left in the organisation profile, with its line."""

from __future__ import annotations

import pytest


@pytest.fixture
def fresh(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init", "client").exit_code == 0
    monkeypatch.chdir(tmp_path / "client")
    return tmp_path / "client"


@pytest.mark.parametrize("lang, words", [("en", "still holds a placeholder in scope"), ("zh", "组织概况的 scope 仍是占位内容")])
def test_a_final_report_names_each_todo_left_in_the_profile(fresh, cli, lang, words):
    result = cli("report", "--as-of", "2026-03-02", "-f", "html", "-o", "report.html", "--final", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line and "TODO" in line]
    assert [line.split(": warning: ")[0] for line in warnings] == [
        "evidence/organization.yaml:4", "evidence/organization.yaml:6", "evidence/organization.yaml:8"]
    assert words in warnings[0]


def test_a_draft_or_a_completed_profile_gives_no_such_warning(fresh, cli):
    draft = cli("report", "--as-of", "2026-03-02", "-f", "html", "-o", "report.html")
    assert "TODO" not in draft.stderr
    profile = fresh / "evidence" / "organization.yaml"
    profile.write_text(profile.read_text().replace("TODO: ", ""))
    final = cli("report", "--as-of", "2026-03-02", "-f", "html", "-o", "report.html", "--final")
    assert final.exit_code == 0 and "placeholder" not in final.stderr
