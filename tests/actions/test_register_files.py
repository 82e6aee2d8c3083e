"""Action files as people edit them: bad input is one located line and exit 2; what they wrote is kept."""

from __future__ import annotations

from datetime import date

import pytest

from auditkit.outputs.actions import ActionsError, Move, load_actions_for_report, overdue_actions
from auditkit.outputs.actions.changes import edit_text, transition

from .conftest import POLICY, assessment, run_sync

ON = date(2026, 2, 1)


@pytest.fixture
def action_file(register):
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}), POLICY)
    return register.path_of("CAR-2025-001")


def _replace(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("old, new, line_text, message", [
    ("state: open", "state: opened", "state: opened", "is not one of: open, corrected"),
    ("due: 2026-02-03", "due: 2026-02-31", "due: 2026-02-31", "not a date"),
    ("grade: major-nc", "grade: major-nc\nsevrity: high", "sevrity: high", "unknown field 'sevrity'"),
    ("state: open", "state: closed", "state: closed", "the history's last change left it open"),
    ("id: CAR-2025-001", "id: CAR-2025-009", "id: CAR-2025-009", "does not match the file name"),
    ("grade: major-nc", "grade: major-nc\ngrade: minor-nc", "grade: minor-nc", "duplicate key 'grade'"),
])
def test_a_malformed_action_file_is_one_located_line_and_exit_2(project, action_file, cli, old, new, line_text, message):
    _replace(action_file, old, new)
    result = cli("actions", "list")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1] == "1 error in 1 file"
    where, _, text = lines[0].partition(": error: ")
    file, line, column = where.rsplit(":", 2)
    assert file == "actions/CAR-2025-001.yaml" and message in text
    # the line named is the line that holds the problem
    assert action_file.read_text().splitlines()[int(line) - 1].strip() == line_text
    assert "Traceback" not in result.output


def test_comments_and_layout_survive_a_transition(register, action_file):
    _replace(action_file, "due: 2026-02-03", "due: 2026-02-03   # agreed with the CB lead auditor")
    edit = action_file.read_text().replace("history:", "# containment first, then the 5 whys\ncorrection: >\n  Paused onboarding.\nhistory:")
    edit_text(register, "CAR-2025-001", edit, "QM", ON, rescue=False)
    transition(register, "CAR-2025-001", Move("corrected", "QM", ON, "contained"))
    text = action_file.read_text()
    assert "due: 2026-02-03   # agreed with the CB lead auditor" in text
    assert "# containment first, then the 5 whys" in text
    assert "state: corrected" in text


def test_an_edit_cannot_rewrite_history_or_state_and_nothing_typed_is_lost(register, action_file):
    original = action_file.read_text()
    forged = original.replace("by: auditkit sync", "by: somebody else").replace("grade: major-nc", "grade: minor-nc")
    with pytest.raises(ActionsError) as caught:
        edit_text(register, "CAR-2025-001", forged, "QM", ON)
    assert "history cannot be edited" in str(caught.value)
    assert action_file.read_text() == original
    rescue = register.folder / ".CAR-2025-001.yaml.edit"
    assert rescue.read_text() == forged  # the user's edit is kept beside the action
    assert caught.value.problems[0].location.file.endswith(".CAR-2025-001.yaml.edit")


def test_the_report_interfaces_give_the_agreed_shape(project, register, action_file):
    run_sync(register, assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc"),
                                             "8.3.3-01": ("partially-conformant", "minor-nc")}), POLICY)
    rows = load_actions_for_report(project, date(2026, 11, 5))
    assert [r["id"] for r in rows] == ["CAR-2025-001", "CAR-2026-001"]
    first = rows[0]
    assert {"id", "finding", "requirement", "grade", "state", "owner", "due", "overdue", "title"} <= set(first)
    assert first["finding"] == "F-8.6.1-01" and first["due"] == "2026-02-03" and first["overdue"] is True
    due_line = first["location"]["line"]  # CI annotations point at the due date
    assert register.path_of("CAR-2025-001").read_text().splitlines()[due_line - 1].startswith("due: 2026-02-03")
    assert [r["id"] for r in overdue_actions(project, date(2026, 11, 5))] == ["CAR-2025-001"]
    assert overdue_actions(project, date(2026, 2, 3)) == []  # due that day: not yet late
    assert load_actions_for_report(project.parent, date(2026, 11, 5)) == []  # no actions/ folder, no actions
