"""Sync: drafts for new nonconformities, idempotence, repeats, recurrences, verification proposals, due dates."""

from __future__ import annotations

from datetime import date

import pytest

from auditkit.outputs.actions import DuePolicy, load_policy
from auditkit.inputs.config import load_config
from auditkit.model.errors import ConfigError, UsageError

from .conftest import POLICY, assessment, run_sync, walk

Y1 = assessment("2025-11-05", {
    "8.6.1-01": ("nonconformant", "major-nc"),
    "8.3.3-01": ("partially-conformant", "minor-nc"),
    "9.3-01": ("partially-conformant", "observation"),  # observations get no corrective action
    "5.2.2-01": ("conformant", None),
})


def test_sync_raises_one_draft_per_nonconformity_with_due_dates_by_grade(register):
    result = run_sync(register, Y1)
    assert [(e.kind, e.action, e.requirement) for e in result.events] == [
        ("raised", "CAR-2025-001", "8.6.1-01"), ("raised", "CAR-2025-002", "8.3.3-01")]
    major, minor = register.load_all()
    assert (major.grade, major.state.value, major.due) == ("major-nc", "open", date(2026, 2, 3))  # 90 days
    assert (minor.grade, minor.due) == ("minor-nc", date(2026, 11, 5))  # by the next audit: a year on
    assert major.findings[0].finding_id == "F-8.6.1-01" and major.findings[0].assessment == "2025-11-05"
    assert "gap of 8.6.1-01" in major.data["description"]
    assert major.history[0]["event"] == "created" and major.history[0]["by"] == "auditkit sync"


def test_sync_twice_changes_nothing_and_never_duplicates(register):
    run_sync(register, Y1)
    before = {p.name: p.read_bytes() for p in register.files()}
    again = run_sync(register, Y1)
    assert not again.changed and again.answered == 2
    assert {p.name: p.read_bytes() for p in register.files()} == before


def test_a_repeated_nonconformity_joins_its_open_action_and_a_worse_grade_regrades_it(register):
    run_sync(register, Y1)
    y2 = assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc"),
                                   "8.3.3-01": ("nonconformant", "major-nc")})
    result = run_sync(register, y2)
    assert sorted(e.kind for e in result.events) == ["regraded", "repeated", "repeated"]
    assert len(register.files()) == 2
    minor = register.get("CAR-2025-002")
    assert [f.assessment for f in minor.findings] == ["2025-11-05", "2026-11-05"]
    assert minor.grade == "major-nc" and minor.due == date(2026, 11, 5)  # kept: earlier than 90 days after
    assert "regraded from minor-nc to major-nc" in minor.history[-1]["note"]


def test_a_nonconformity_back_after_its_action_closed_is_a_recurrence(register):
    run_sync(register, Y1)
    walk(register, "CAR-2025-001", "closed", on=date(2026, 3, 1))
    y2 = assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc"), "8.3.3-01": ("conformant", None)})
    result = run_sync(register, y2)
    (recurrence,) = result.of("recurrence")
    assert recurrence.action == "CAR-2026-001" and "CAR-2025-001 closed (2026-03-01)" in recurrence.message
    new = register.get("CAR-2026-001")
    assert new.data["recurrence_of"] == "CAR-2025-001" and new.state.value == "open"
    old = register.get("CAR-2025-001")
    assert old.state.value == "closed" and old.history[-1]["event"] == "recurrence"
    # 8.3.3-01 is conformant now: its open action is proposed for verification, not closed behind anyone's back
    (proposal,) = result.of("verify")
    assert proposal.action == "CAR-2025-002" and register.get("CAR-2025-002").state.value == "open"
    assert not run_sync(register, y2).changed


def test_an_implemented_action_whose_requirement_is_conformant_is_proposed_for_verification(register):
    run_sync(register, Y1)
    walk(register, "CAR-2025-002", "implemented")
    y2 = assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc"), "8.3.3-01": ("conformant", None)})
    (proposal,) = run_sync(register, y2).of("verify")
    assert proposal.action == "CAR-2025-002" and "verified-effective" in proposal.message


def test_a_gap_seen_before_its_action_closed_is_not_a_recurrence(register):
    run_sync(register, Y1)
    walk(register, "CAR-2025-001", "closed", on=date(2026, 12, 1))  # closed after the next assessment's date
    result = run_sync(register, assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}),
                      on=date(2026, 12, 2))
    assert [e.kind for e in result.events] == ["repeated"] and "not a recurrence" in result.events[0].message


def test_an_older_assessment_is_refused(register):
    run_sync(register, assessment("2026-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}), POLICY)
    with pytest.raises(UsageError, match="older than one the register already follows"):
        run_sync(register, Y1)


def test_dry_run_writes_nothing_and_numbers_as_a_real_run(register):
    result = run_sync(register, Y1, POLICY, dry_run=True)
    assert [e.action for e in result.events] == ["CAR-2025-001", "CAR-2025-002"]
    assert register.files() == []


def test_the_due_policy_comes_from_auditkit_yaml(project, register):
    (project / "auditkit.yaml").write_text(
        "actions:\n  due: {major-nc: 30 days, minor-nc: 6 months}\n  id_prefix: NC\n")
    policy = load_policy(load_config(project))
    run_sync(register, Y1, policy)
    major, minor = register.load_all()
    assert major.id == "NC-2025-001" and major.due == date(2025, 12, 5)
    assert minor.due == date(2026, 5, 5)


def test_minors_are_due_at_the_configured_next_audit(project):
    (project / "auditkit.yaml").write_text("actions:\n  next_audit: 2026-09-15\n")
    policy = load_policy(load_config(project))
    assert policy.due_date("minor-nc", date(2025, 11, 5)) == date(2026, 9, 15)
    assert policy.due_date("minor-nc", date(2026, 10, 1)) == date(2027, 10, 1)  # that audit is past: a year on
    assert DuePolicy().describe("major-nc") == "within 90 days"


def test_a_bad_policy_is_a_located_config_error(project):
    (project / "auditkit.yaml").write_text("actions:\n  due: {major-nc: soon}\n")
    with pytest.raises(ConfigError) as caught:
        load_policy(load_config(project))
    assert "auditkit.yaml:2" in str(caught.value)


def test_a_gap_found_again_after_a_rejection_gets_a_new_action_that_says_so(register):
    from auditkit.outputs.actions import Move
    from auditkit.outputs.actions.changes import transition

    run_sync(register, Y1)
    transition(register, "CAR-2025-002", Move("rejected", "QM", date(2025, 11, 10), "duplicate of CAR-2025-001"))
    result = run_sync(register, assessment("2026-11-05", {"8.3.3-01": ("nonconformant", "minor-nc")}))
    (raised,) = result.of("raised")
    assert raised.action == "CAR-2026-001" and "CAR-2025-002 was rejected: duplicate of CAR-2025-001" in raised.message
    assert "after CAR-2025-002 was rejected" in register.get("CAR-2026-001").history[0]["note"]


def test_a_repeated_gap_on_an_overdue_action_is_flagged(register):
    run_sync(register, Y1)
    result = run_sync(register, assessment("2026-11-06", {"8.6.1-01": ("nonconformant", "major-nc"),
                                                          "8.3.3-01": ("partially-conformant", "minor-nc")}))
    messages = {e.action: e.message for e in result.of("repeated")}
    assert "OVERDUE since 2026-02-03" in messages["CAR-2025-001"]
    assert "OVERDUE since 2026-11-05" in messages["CAR-2025-002"] and "upgraded to a major" in messages["CAR-2025-002"]
