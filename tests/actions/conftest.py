"""A project to run the register on, synthetic assessments, and a way to walk an action through its lifecycle."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from auditkit.outputs.actions import DuePolicy, Move, Register
from auditkit.outputs.actions.changes import edit_fields, transition

PROJECT = Path(__file__).parent.parent / "history" / "fixtures" / "project"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the small test project (catalog, evidence, judgments) as the working directory."""
    target = tmp_path / "project"
    shutil.copytree(PROJECT, target)
    monkeypatch.chdir(target)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1814400000")  # 2027-07-01T00:00:00Z: "today" is fixed, after every test date
    return target


@pytest.fixture
def register(project) -> Register:
    return Register(project)


def assessment(as_of: str, results: dict[str, tuple[str, str | None]]) -> dict:
    """A minimal assessment dict: requirement id -> (status, grade or None). Clause = the id before the dash."""
    out = {"as_of": as_of, "results": [], "findings": []}
    for rid, (status, grade) in results.items():
        clause = rid.split("-")[0]
        out["results"].append({"requirement": rid, "clause": clause, "status": status, "title": {"en": f"Title {rid}"}})
        if grade:
            out["findings"].append({"id": f"F-{rid}", "requirement": rid, "clause": clause, "grade": grade,
                                    "status": status, "statement": f"Requirement {rid}", "gap": f"gap of {rid}"})
    return out


POLICY = DuePolicy()


def run_sync(register: Register, data: dict, policy: DuePolicy = POLICY, **options):
    """Sync as a person would: the day after the assessment, unless ``on`` says otherwise."""
    from datetime import timedelta

    from auditkit.outputs.actions.sync import sync

    options.setdefault("on", date.fromisoformat(data["as_of"]) + timedelta(days=1))
    return sync(register, data, policy, **options)


def walk(register: Register, action_id: str, to: str, on: date = date(2026, 2, 1), by: str = "Q. Manager") -> None:
    """Fill what each step needs and move ``action_id`` forward until it reaches state ``to``."""
    steps = [
        ("corrected", [("correction", "contained")]),
        ("cause-analysed", [("root_cause.method", "5-whys"), ("root_cause.analysis", "no onboarding check")]),
        ("action-planned", [("actions", "[{description: add the check, owner: S. Desk, due: 2026-03-01}]")]),
        ("implemented", [("actions.0.done", on.isoformat())]),
    ]
    for state, fields in steps:
        current = register.get(action_id).state.value
        order = ["open", "corrected", "cause-analysed", "action-planned", "implemented"]
        if order.index(current) >= order.index(state):
            continue
        edit_fields(register, action_id, fields, by, on, "filled in")
        transition(register, action_id, Move(state, by, on, f"to {state}"))
        if state == to:
            return
    if to == "verified-effective":
        transition(register, action_id, Move(to, by, on, "checked", evidence="10 of 10 new services had an SLA"))
    elif to == "closed":
        transition(register, action_id, Move("verified-effective", by, on, "checked", evidence="sampled 10 services"))
        transition(register, action_id, Move("closed", by, on, "done"))
