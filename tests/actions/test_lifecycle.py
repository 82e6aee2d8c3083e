"""The lifecycle: the path an action follows, and the moves that are refused with a located message."""

from __future__ import annotations

from datetime import date

import pytest

from auditkit.outputs.actions import ActionsError, Move
from auditkit.outputs.actions.changes import edit_fields, transition

from .conftest import POLICY, assessment, run_sync, walk

ON = date(2026, 2, 1)


@pytest.fixture
def major(register) -> str:
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}), POLICY)
    return "CAR-2025-001"


@pytest.fixture
def minor(register) -> str:
    run_sync(register, assessment("2025-11-05", {"8.3.3-01": ("nonconformant", "minor-nc")}), POLICY)
    return "CAR-2025-001"


def refused(register, action_id, move) -> str:
    with pytest.raises(ActionsError) as caught:
        transition(register, action_id, move)
    (problem,) = caught.value.problems
    assert problem.location.file.endswith(f"{action_id}.yaml") and problem.location.line
    return problem.message


def test_the_whole_path_of_a_major_is_recorded_in_the_history(register, major):
    walk(register, major, "closed")
    action = register.get(major)
    assert action.state.value == "closed"
    moves = [(h.get("from"), h.get("to")) for h in action.history if h["event"] == "transition"]
    assert moves == [("open", "corrected"), ("corrected", "cause-analysed"), ("cause-analysed", "action-planned"),
                     ("action-planned", "implemented"), ("implemented", "verified-effective"),
                     ("verified-effective", "closed")]
    assert all(h["by"] and h["date"] and h["recorded_at"] for h in action.history)
    assert action.verification == {"verifier": "Q. Manager", "date": "2026-02-01", "effective": True,
                                   "evidence": "sampled 10 services"}


def test_nothing_is_verified_before_it_is_implemented(register, major):
    walk(register, major, "cause-analysed")
    message = refused(register, major, Move("verified-effective", "QM", ON, "looks fine", evidence="x"))
    assert "nothing is verified before it is implemented" in message and "cause-analysed" in message
    assert register.get(major).state.value == "cause-analysed"


def test_a_major_cannot_close_without_a_verification_record(register, major):
    walk(register, major, "implemented")
    message = refused(register, major, Move("closed", "QM", ON, "done"))
    assert "major nonconformity cannot close without a verification record" in message


def test_a_minor_may_close_once_implemented(register, minor):
    walk(register, minor, "implemented")
    transition(register, minor, Move("closed", "QM", ON, "the next audit verifies it"))
    assert register.get(minor).state.value == "closed"


def test_rejection_needs_a_justification(register, major):
    message = refused(register, major, Move("rejected", "QM", ON, ""))
    assert "needs a justification" in message
    transition(register, major, Move("rejected", "QM", ON, "duplicate of CAR-2024-003"))
    action = register.get(major)
    assert action.state.value == "rejected" and action.history[-1]["note"] == "duplicate of CAR-2024-003"
    transition(register, major, Move("open", "QM", ON, "not a duplicate after all"))
    assert register.get(major).state.value == "open"


def test_ineffective_goes_back_to_action_planned_with_a_verification_record(register, major):
    walk(register, major, "implemented")
    transition(register, major, Move("ineffective", "Auditor", ON, "3 of 10 sampled services still lack an SLA"))
    action = register.get(major)
    assert action.state.value == "action-planned"
    assert action.verification["effective"] is False
    assert action.history[-1]["note"].startswith("ineffective:")
    message = refused(register, major, Move("ineffective", "Auditor", ON, "again"))
    assert "only an implemented action" in message


@pytest.mark.parametrize("target, expected", [
    ("implemented", "cannot go from open to implemented"),
    ("closed", "cannot go from open to closed"),
    ("corrected", "describe the correction"),
    ("sideways", "unknown state 'sideways'"),
    ("open", "already open"),
])
def test_invalid_moves_are_refused_and_leave_the_file_unchanged(register, major, target, expected):
    before = register.path_of(major).read_bytes()
    assert expected in refused(register, major, Move(target, "QM", ON, "why"))
    assert register.path_of(major).read_bytes() == before


def test_each_step_needs_its_content(register, major):
    edit_fields(register, major, [("correction", "contained")], "QM", ON)
    transition(register, major, Move("corrected", "QM", ON, "ok"))
    assert "record the root cause" in refused(register, major, Move("cause-analysed", "QM", ON, "ok"))
    edit_fields(register, major, [("root_cause.method", "ishikawa"), ("root_cause.analysis", "people, process")], "QM", ON)
    transition(register, major, Move("cause-analysed", "QM", ON, "ok"))
    assert "plan at least one action" in refused(register, major, Move("action-planned", "QM", ON, "ok"))
    edit_fields(register, major, [("actions", "[{description: d, owner: o, due: 2026-03-01}]")], "QM", ON)
    transition(register, major, Move("action-planned", "QM", ON, "ok"))
    assert "no 'done' date" in refused(register, major, Move("implemented", "QM", ON, "ok"))


def test_a_change_cannot_be_dated_before_the_last_one(register, major):
    edit_fields(register, major, [("correction", "contained")], "QM", date(2026, 3, 1))
    message = refused(register, major, Move("corrected", "QM", date(2026, 2, 1), "ok"))
    assert "before the last recorded change" in message
