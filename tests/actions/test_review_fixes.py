"""Review fixes: a major closes only after a recorded verification; `verification` is written only by a
transition; `sync --from` validates its input; --set with --append is one edit; a refused edit is rescued."""

from __future__ import annotations

import json
from datetime import date

import pytest

from auditkit.outputs.actions import ActionsError, Move
from auditkit.outputs.actions.changes import edit_text, transition

from .conftest import POLICY, assessment, run_sync, walk

ON = date(2026, 2, 1)
FORGED = "verification={verifier: me, date: 2020-01-01, effective: true, evidence: x}"


@pytest.fixture
def major(register) -> str:
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}), POLICY)
    walk(register, "CAR-2025-001", "implemented", on=ON)
    return "CAR-2025-001"


def test_verification_cannot_be_set_by_edit_and_a_major_cannot_close_from_implemented(project, cli, major):
    edited = cli("actions", "edit", major, "--by", "me", "--set", FORGED, "--note", "v")
    assert edited.exit_code == 2
    assert "verification cannot be edited" in edited.stderr and "Traceback" not in edited.stderr
    assert "verification" not in (project / "actions" / f"{major}.yaml").read_text()
    closed = cli("actions", "transition", major, "closed", "--by", "me", "--note", "done", "--on", "2026-02-02")
    assert closed.exit_code == 2
    assert "cannot close without a verification record" in closed.stderr
    assert "state: implemented" in (project / "actions" / f"{major}.yaml").read_text()


def test_verification_cannot_be_added_in_the_editor_either(register, major):
    text = register.path_of(major).read_text() + "verification: {verifier: me, date: 2026-02-01, effective: true, evidence: x}\n"
    with pytest.raises(ActionsError) as caught:
        edit_text(register, major, text, "me", ON, "v", rescue=False)
    assert "verification cannot be edited" in caught.value.problems[0].message


def test_verified_then_closed_major_checks_the_verification_dates_on_close(register, major):
    transition(register, major, Move("verified-effective", "QM", date(2026, 2, 3), "checked", evidence="sampled 10"))
    action = register.get(major)
    assert action.verification["date"] == "2026-02-03"
    transition(register, major, Move("closed", "QM", date(2026, 2, 4), "done"))
    assert register.get(major).state.value == "closed"


def test_a_hand_written_verification_record_dated_after_the_close_is_refused(register, major):
    transition(register, major, Move("verified-effective", "QM", date(2026, 2, 3), "checked", evidence="sampled 10"))
    path = register.path_of(major)
    path.write_text(path.read_text().replace("date: 2026-02-03\n  effective", "date: 2026-06-30\n  effective"))
    assert register.get(major).verification["date"] == "2026-06-30"
    with pytest.raises(ActionsError) as caught:
        transition(register, major, Move("closed", "QM", date(2026, 2, 4), "done"))
    assert "verification dated 2026-06-30 comes after the date of this change" in caught.value.problems[0].message


def test_verifying_needs_evidence_given_to_the_transition(register, major):
    with pytest.raises(ActionsError) as caught:
        transition(register, major, Move("verified-effective", "QM", ON, "checked"))
    assert "--evidence" in caught.value.problems[0].message


@pytest.mark.parametrize("text, expected", [
    ("{bad", "not valid JSON"),
    ("[1]", "not an assessment"),
    ('{"as_of": "2027-01-01"}', "not an assessment"),
])
def test_sync_from_a_bad_file_is_a_located_error(project, cli, text, expected):
    bad = project / "bad.json"
    bad.write_text(text)
    result = cli("actions", "sync", "--from", bad)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("bad.json:") and expected in first


def test_sync_from_a_bare_assessment_and_from_a_wrapped_one(project, cli):
    out = cli("assess", "--as-of", "2026-03-01", "--format", "json")
    assert out.exit_code == 0
    (project / "a.json").write_text(out.stdout)
    (project / "w.json").write_text(json.dumps({"assessment": json.loads(out.stdout)}))
    dry = cli("actions", "sync", "--from", "a.json", "--dry-run")
    assert dry.exit_code == 0 and "raised     CAR-2026-001" in dry.stdout
    wrapped = cli("actions", "sync", "--from", "w.json")
    assert wrapped.exit_code == 0 and "raised     CAR-2026-001" in wrapped.stdout


def test_set_and_append_together_are_one_edit(project, cli, register):
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}), POLICY)
    before = len(register.get("CAR-2025-001").history)
    result = cli("actions", "edit", "CAR-2025-001", "--by", "QM", "--note", "plan", "--set", "owner=S. Desk",
                 "--append", "links=https://example.org/ticket/1", "--on", "2026-01-10")
    assert result.exit_code == 0, result.stderr
    action = register.get("CAR-2025-001")
    assert len(action.history) == before + 1
    assert action.history[-1]["fields"] == ["owner", "links"]
    assert action.owner == "S. Desk" and action.data["links"] == ["https://example.org/ticket/1"]


def test_a_refused_edit_is_rescued_through_an_atomic_write(register, monkeypatch):
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}), POLICY)
    from auditkit.outputs.actions import changes

    written = []
    real = changes.write_text_atomic
    monkeypatch.setattr(changes, "write_text_atomic", lambda path, text: (written.append(path), real(path, text)))
    text = register.path_of("CAR-2025-001").read_text().replace("state: open", "state: closed")
    with pytest.raises(ActionsError):
        edit_text(register, "CAR-2025-001", text, "QM", ON, "oops")
    rescue = register.folder / ".CAR-2025-001.yaml.edit"
    assert written == [rescue] and rescue.read_text() == text
