"""A report of a stored snapshot shows what was known at its date: the trend stops before it, and the corrective
actions are those raised by then, each in the state it had then. Later register changes do not change it."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from auditkit.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def clock(monkeypatch):
    """Set "today" (the date sync and edits record) to a day."""
    from datetime import datetime, timezone

    def set_today(day: str) -> None:
        moment = datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=timezone.utc)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))

    return set_today


def test_a_rerendered_snapshot_ignores_later_snapshots_and_register_changes(acme, clock):
    clock("2025-11-06")
    assert run("assess", "--as-of", "2025-11-05", "--record").exit_code == 0
    sync = run("actions", "sync")
    assert sync.exit_code == 0, sync.output
    early = sorted(p.stem for p in (acme / "actions").glob("*.yaml"))
    assert early
    assert run("report", "--snapshot", "S0001", "-o", "first.html").exit_code == 0
    first = (acme / "first.html").read_text()
    assert all(a in first for a in early)

    # the register and the history move on
    clock("2026-12-01")
    assert run("assess", "--as-of", "2026-11-05", "--record").exit_code == 0
    assert run("actions", "sync").exit_code == 0
    action = early[0]
    edit = run("actions", "edit", action, "--by", "QM", "--set", "correction=contained", "--note", "c", "--on", "2026-12-01")
    assert edit.exit_code == 0, edit.output
    moved = run("actions", "transition", action, "corrected", "--by", "QM", "--note", "c", "--on", "2026-12-01")
    assert moved.exit_code == 0, moved.output
    assert run("actions", "sync").exit_code == 0  # nothing new, idempotent
    assert run("report", "--snapshot", "latest", "-o", "latest.html").exit_code == 0
    latest = (acme / "latest.html").read_text()
    assert '<th class="num">2025-11-05</th>' in latest  # the later report does show the earlier snapshot

    assert run("report", "--snapshot", "S0001", "-o", "again.html").exit_code == 0
    again = (acme / "again.html").read_text()
    assert again == first
    assert "2026-11-05" not in re.sub(r"<style.*?</style>", "", again, flags=re.S)  # no later trend point


def test_actions_in_a_snapshot_report_are_in_their_state_of_that_day(acme, clock):
    from datetime import date

    from auditkit.outputs.actions import load_actions_for_report

    clock("2025-11-06")
    assert run("assess", "--as-of", "2025-11-05", "--record").exit_code == 0
    assert run("actions", "sync").exit_code == 0
    clock("2026-01-10")
    action = sorted(p.stem for p in (acme / "actions").glob("*.yaml"))[0]
    run("actions", "edit", action, "--by", "QM", "--set", "correction=contained", "--note", "c", "--on", "2026-01-10")
    assert run("actions", "transition", action, "corrected", "--by", "QM", "--note", "c", "--on", "2026-01-10").exit_code == 0
    states = {a["id"]: a["state"] for a in load_actions_for_report(acme, date(2025, 12, 31))}
    assert states[action] == "open"
    assert {a["id"]: a["state"] for a in load_actions_for_report(acme, date(2026, 1, 10))}[action] == "corrected"
    assert load_actions_for_report(acme, date(2025, 11, 4)) == []  # not raised yet
