"""`auditkit actions ...` through the real CLI, on assessments recorded with `auditkit assess --record`."""

from __future__ import annotations

import json
import sys

import pytest


@pytest.fixture
def recorded(project, cli):
    """The project assessed and recorded on 2026-03-01: two minor nonconformities (8.3.3-01, 8.6.1-02)."""
    result = cli("assess", "--as-of", "2026-03-01", "--record")
    assert result.exit_code == 0, result.stderr
    return project


def test_sync_from_the_latest_snapshot_then_again_changes_nothing(recorded, cli):
    first = cli("actions", "sync")
    assert first.exit_code == 0, first.stderr
    assert "raised     CAR-2026-001" in first.stdout and "F-8.3.3-01 (minor-nc, due 2027-03-01)" in first.stdout
    assert "raised     CAR-2026-002" in first.stdout
    files = sorted(p.name for p in (recorded / "actions").glob("*.yaml"))
    assert files == ["CAR-2026-001.yaml", "CAR-2026-002.yaml"]
    second = cli("actions", "sync")
    assert second.exit_code == 0 and second.stdout.splitlines()[-1].startswith("nothing new: 0 raised")
    assert sorted(p.name for p in (recorded / "actions").glob("*.yaml")) == files


def test_list_filters_open_overdue_owner_and_clause(recorded, cli):
    cli("actions", "sync")
    cli("actions", "edit", "CAR-2026-001", "--by", "QM", "--set", "owner=S. Desk")
    out = cli("actions", "list", "--as-of", "2027-03-02", "--overdue").stdout
    assert "CAR-2026-001" in out and "OVERDUE" in out and "2 overdue" in out
    assert "no corrective actions match" in cli("actions", "list", "--as-of", "2026-04-01", "--overdue").stdout
    by_owner = cli("actions", "list", "--owner", "desk", "-f", "json").stdout
    assert [a["id"] for a in json.loads(by_owner)] == ["CAR-2026-001"]
    by_clause = cli("actions", "list", "--clause", "8.6").stdout
    assert "CAR-2026-002" in by_clause and "CAR-2026-001" not in by_clause
    grouped = cli("actions", "list", "--group-by", "owner").stdout
    assert "owner (unassigned):" in grouped and "owner S. Desk:" in grouped


def test_transition_refusal_is_one_located_line_and_exit_2(recorded, cli):
    cli("actions", "sync")
    result = cli("actions", "transition", "CAR-2026-001", "verified-effective", "--by", "QM", "--note", "fine",
                 "--evidence", "looked")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("actions/CAR-2026-001.yaml:") and "nothing is verified before it is implemented" in first
    unknown = cli("actions", "transition", "CAR-2026-001", "done", "--by", "QM", "--note", "x")
    assert unknown.exit_code == 2 and unknown.stderr.strip().startswith("error: unknown state 'done'")
    missing = cli("actions", "transition", "CAR-2026-009", "corrected", "--by", "QM", "--note", "x")
    assert missing.exit_code == 2 and "no corrective action 'CAR-2026-009'" in missing.stderr
    nobody = cli("actions", "transition", "CAR-2026-001", "corrected", "--note", "x")
    assert nobody.exit_code == 2 and "--by" in nobody.stderr


def test_transition_and_show(recorded, cli):
    cli("actions", "sync")
    cli("actions", "edit", "CAR-2026-001", "--by", "QM", "--set", "correction=Signed an SLA for svc-b")
    result = cli("actions", "transition", "car-2026-001", "corrected", "--by", "Q. Manager", "--note", "contained")
    assert result.exit_code == 0 and "CAR-2026-001: now corrected" in result.stdout
    shown = cli("actions", "show", "CAR-2026-001").stdout
    assert "state: corrected" in shown and "correction (containment):\n  Signed an SLA for svc-b" in shown
    assert "2027-07-01 Q. Manager: transition open->corrected: contained" in shown  # today, by the test clock
    assert "F-8.3.3-01 (minor-nc) clause 8.3.3, assessment of 2026-03-01 in S0001" in shown


def _editor(tmp_path, old: str, new: str) -> str:
    """An $EDITOR that replaces ``old`` by ``new`` in the file it is given, as a person would."""
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      f"p.write_text(p.read_text().replace({old!r}, {new!r}))\n")
    return f"{sys.executable} {script}"


def test_edit_in_the_editor_is_validated_and_recorded(recorded, cli, tmp_path, monkeypatch):
    cli("actions", "sync")
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "state: open", "state: open\nowner: Service desk lead"))
    result = cli("actions", "edit", "CAR-2026-002", "--by", "QM", "--note", "assigned")
    assert result.exit_code == 0, result.stderr
    assert "CAR-2026-002: edited owner" in result.stdout
    shown = cli("actions", "show", "CAR-2026-002").stdout
    assert "owner: Service desk lead" in shown and "QM: edit [owner]: assigned" in shown


def test_a_refused_edit_keeps_what_was_typed(recorded, cli, tmp_path, monkeypatch):
    cli("actions", "sync")
    path = recorded / "actions" / "CAR-2026-002.yaml"
    before = path.read_text()
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "state: open", "state: closed"))
    result = cli("actions", "edit", "CAR-2026-002", "--by", "QM")
    assert result.exit_code == 2
    assert result.stderr.startswith("actions/.CAR-2026-002.yaml.edit:") and "change state only with `auditkit actions transition" in result.stderr
    assert path.read_text() == before
    assert "state: closed" in (recorded / "actions" / ".CAR-2026-002.yaml.edit").read_text()


def test_sync_without_a_recorded_assessment_says_what_to_do(project, cli):
    result = cli("actions", "sync")
    assert result.exit_code == 2 and "record one with `auditkit assess --record`" in result.stderr


def test_sync_from_an_assessment_file(project, cli, tmp_path):
    out = tmp_path / "a.json"
    assert cli("assess", "--as-of", "2026-11-05", "-f", "json", "-o", out).exit_code == 0
    result = cli("actions", "sync", "--from", out)
    assert result.exit_code == 0 and "CAR-2026-001" in result.stdout and "minor-nc" in result.stdout


def test_list_as_csv_for_excel_guards_formulas(recorded, cli):
    import csv
    import io

    cli("actions", "sync")
    edited = cli("actions", "edit", "CAR-2026-001", "--by", "QM", "--set", "owner='@evil(1)'")
    assert edited.exit_code == 0, edited.stderr
    plain = cli("actions", "list", "-f", "csv").stdout
    excel = cli("actions", "list", "-f", "csv", "--excel").stdout
    assert excel == "\ufeff" + plain
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(plain))}
    assert set(rows) == {"CAR-2026-001", "CAR-2026-002"}
    assert rows["CAR-2026-001"]["owner"] == "'@evil(1)" and rows["CAR-2026-001"]["due"] == "2027-03-01"
