"""The corrective-action lifecycle: which moves are allowed, and what each needs before it is allowed.

open → corrected → cause-analysed → action-planned → implemented → verified-effective → closed.
"ineffective" sends an implemented action back to action-planned (its verification found it did not work);
any unsettled action can be rejected with a justification, and a rejected one reopened.
A minor nonconformity's action may close once implemented (the certification body verifies it at the next
audit); a major's cannot close without a verification record that found it effective.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auditkit.inputs.dates import parse_date
from auditkit.model.errors import Problem
from auditkit.outputs.actions.model import LAYER, ActionsError, CorrectiveAction, State
from auditkit.outputs.history import clock  # the module: tests set its clock

INEFFECTIVE = "ineffective"
"""Not a state: the verdict of a verification that lands the action back in action-planned."""

NEXT: dict[State, tuple[State, ...]] = {
    State.OPEN: (State.CORRECTED, State.REJECTED),
    State.CORRECTED: (State.CAUSE_ANALYSED, State.REJECTED),
    State.CAUSE_ANALYSED: (State.ACTION_PLANNED, State.REJECTED),
    State.ACTION_PLANNED: (State.IMPLEMENTED, State.REJECTED),
    State.IMPLEMENTED: (State.VERIFIED, State.CLOSED, State.REJECTED),
    State.VERIFIED: (State.CLOSED,),
    State.CLOSED: (),
    State.REJECTED: (State.OPEN,),
}
"""Allowed moves (plus ``ineffective`` from implemented). Guards below add what each move needs."""

TARGETS = [s.value for s in State] + [INEFFECTIVE]


@dataclass(frozen=True)
class Move:
    """A requested change of state, with who, when and why."""

    target: str
    """A state value or ``ineffective``."""
    by: str
    on: date
    note: str = ""
    evidence: str = ""
    """Evidence of (in)effectiveness, for verified-effective and ineffective."""

    @property
    def lands_in(self) -> State:
        return State.ACTION_PLANNED if self.target == INEFFECTIVE else State(self.target)


def check_move(action: CorrectiveAction, move: Move) -> dict | None:
    """Refuse a move that the lifecycle does not allow, with a message at the action's state line.

    Returns the verification record to store (for verified-effective and ineffective), else None.
    """
    here = action.state
    fail = _refuser(action)
    if move.target not in TARGETS:
        fail(f"unknown state {move.target!r}; states: {', '.join(TARGETS)}")
    if not move.by.strip():
        fail("say who makes the change (--by NAME)")
    if move.target == State.REJECTED.value and not move.note.strip():
        fail("rejecting a corrective action needs a justification (--note TEXT)")
    if not move.note.strip():
        fail(f"say why the action moves to {move.target} (--note TEXT)")
    problem = dating_problem(action, move.on)
    if problem:
        fail(problem)

    if move.target == INEFFECTIVE:
        if here is not State.IMPLEMENTED:
            fail(f"only an implemented action can be found ineffective; {action.id} is {here.value}")
        return {"verifier": move.by, "date": move.on.isoformat(), "effective": False,
                "evidence": move.evidence or move.note}

    target = State(move.target)
    if target is here:
        fail(f"{action.id} is already {here.value}")
    if target is State.VERIFIED and here is not State.IMPLEMENTED:
        fail(f"nothing is verified before it is implemented: {action.id} is {here.value}")
    if target not in NEXT[here]:
        allowed = [s.value for s in NEXT[here]] + ([INEFFECTIVE] if here is State.IMPLEMENTED else [])
        fail(f"cannot go from {here.value} to {target.value}; from {here.value} the next states are: "
             + (", ".join(allowed) if allowed else "none (closed is final; a recurrence gets a new action)"))

    data = action.data
    if target is State.CORRECTED and not str(data.get("correction", "")).strip():
        fail("describe the correction (containment) first: set 'correction' with `auditkit actions edit`",
             "correction")
    if target is State.CAUSE_ANALYSED:
        cause = data.get("root_cause") or {}
        if not cause.get("method") or not str(cause.get("analysis", "")).strip():
            fail("record the root cause first: set root_cause.method (5-whys, ishikawa, pareto, other) and "
                 "root_cause.analysis", "root_cause")
    if target is State.ACTION_PLANNED and not data.get("actions"):
        fail("plan at least one action (description, owner, due) first", "actions")
    if target is State.IMPLEMENTED:
        pending = [i for i, a in enumerate(data.get("actions") or []) if not a.get("done")]
        if pending:
            fail(f"{len(pending)} planned action(s) have no 'done' date yet", "actions", pending[0])
        late = [a["done"] for a in data["actions"] if a["done"] > move.on.isoformat()]
        if late:
            fail(f"an action is marked done on {max(late)}, after the date of this change ({move.on})", "actions")
    if target is State.VERIFIED:
        return _verification(action, move, fail)
    if target is State.CLOSED:
        record = data.get("verification")
        if action.grade == "major-nc" and here is not State.VERIFIED:
            fail("a major nonconformity cannot close without a verification record that found the action "
                 f"effective: move it to verified-effective first (--evidence TEXT); {action.id} is {here.value}")
        if here is State.VERIFIED:
            if not (record and record.get("effective") is True):
                fail("closing needs the verification record that found the action effective; it is missing "
                     "or says not effective", "verification")
            _check_verification_dates(action, record, move, fail)
        # a minor may close on implementation: the certification body verifies it at the next audit
    return None


def _verification(action: CorrectiveAction, move: Move, fail) -> dict:
    """The verification record for a move to verified-effective, made by this transition from its evidence.

    ``verification`` is written only by transitions (it cannot be edited), so the record always names who
    verified, when, and on what evidence.
    """
    if not move.evidence.strip():
        fail("verifying effectiveness needs evidence: give --evidence TEXT (what was checked and what it showed)")
    record = {"verifier": move.by, "date": move.on.isoformat(), "effective": True, "evidence": move.evidence}
    _check_verification_dates(action, record, move, fail)
    return record


def _check_verification_dates(action: CorrectiveAction, record: dict, move: Move, fail) -> None:
    """Nothing is verified before it is implemented, nor after the change that relies on the verification."""
    implemented_on = _entered(action, State.IMPLEMENTED)
    when = str(record.get("date", ""))
    if implemented_on and when < implemented_on:
        fail(f"verification dated {when} precedes implementation on {implemented_on}: nothing is "
             "verified before it is implemented", "verification", "date")
    if when > move.on.isoformat():
        fail(f"verification dated {when} comes after the date of this change ({move.on})", "verification", "date")


def _entered(action: CorrectiveAction, state: State) -> str | None:
    for entry in reversed(action.history):
        if entry.get("to") == state.value and entry.get("event") == "transition":
            return entry.get("date")
    return None


def dating_problem(action: CorrectiveAction, on: date) -> str:
    """Why a change cannot carry the date ``on`` (empty when it can): the history runs forward, up to today."""
    if on > clock.today():
        return f"the change is dated {on}, in the future (today is {clock.today()})"
    last_date = _last_history_date(action)
    if last_date and on < last_date:
        return f"the change is dated {on}, before the last recorded change ({last_date}); history runs forward"
    return ""


def _last_history_date(action: CorrectiveAction) -> date | None:
    dates = []
    for entry in action.history:
        try:
            dates.append(parse_date(entry.get("date", "")))
        except ValueError:
            continue
    return max(dates) if dates else None


def _refuser(action: CorrectiveAction):
    def fail(message: str, *path) -> None:
        at = action.locate(*path) if path else action.locate("state")
        raise ActionsError([Problem(at, f"{action.id}: {message}", LAYER)])

    return fail
