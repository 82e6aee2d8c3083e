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
from auditkit.model.messages import Message, msg
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
        fail(msg("actions.move.unknown_state", state=repr(move.target), states=", ".join(TARGETS)))
    if not move.by.strip():
        fail(msg("actions.move.by"))
    if move.target == State.REJECTED.value and not move.note.strip():
        fail(msg("actions.move.reject_note"))
    if not move.note.strip():
        fail(msg("actions.move.note", state=move.target))
    problem = dating_problem(action, move.on)
    if problem:
        fail(problem)

    if move.target == INEFFECTIVE:
        if here is not State.IMPLEMENTED:
            fail(msg("actions.move.ineffective", id=action.id, state=here.value))
        return {"verifier": move.by, "date": move.on.isoformat(), "effective": False,
                "evidence": move.evidence or move.note}

    target = State(move.target)
    if target is here:
        fail(msg("actions.move.already", id=action.id, state=here.value))
    if target is State.VERIFIED and here is not State.IMPLEMENTED:
        fail(msg("actions.move.verify_early", id=action.id, state=here.value))
    if target not in NEXT[here]:
        allowed = [s.value for s in NEXT[here]] + ([INEFFECTIVE] if here is State.IMPLEMENTED else [])
        fail(msg("actions.move.not_next", state=here.value, target=target.value, next=", ".join(allowed))
             if allowed else msg("actions.move.final", state=here.value, target=target.value))

    data = action.data
    if target is State.CORRECTED and not str(data.get("correction", "")).strip():
        fail(msg("actions.move.correction"), "correction")
    if target is State.CAUSE_ANALYSED:
        cause = data.get("root_cause") or {}
        if not cause.get("method") or not str(cause.get("analysis", "")).strip():
            fail(msg("actions.move.root_cause"), "root_cause")
    if target is State.ACTION_PLANNED and not data.get("actions"):
        fail(msg("actions.move.plan"), "actions")
    if target is State.IMPLEMENTED:
        pending = [i for i, a in enumerate(data.get("actions") or []) if not a.get("done")]
        if pending:
            fail(msg("actions.move.pending", n=len(pending)), "actions", pending[0])
        late = [a["done"] for a in data["actions"] if a["done"] > move.on.isoformat()]
        if late:
            fail(msg("actions.move.done_late", done=max(late), on=move.on), "actions")
    if target is State.VERIFIED:
        return _verification(action, move, fail)
    if target is State.CLOSED:
        record = data.get("verification")
        if action.grade == "major-nc" and here is not State.VERIFIED:
            fail(msg("actions.move.major_close", id=action.id, state=here.value))
        if here is State.VERIFIED:
            if not (record and record.get("effective") is True):
                fail(msg("actions.move.close_record"), "verification")
            _check_verification_dates(action, record, move, fail)
        # a minor may close on implementation: the certification body verifies it at the next audit
    return None


def _verification(action: CorrectiveAction, move: Move, fail) -> dict:
    """The verification record for a move to verified-effective, made by this transition from its evidence.

    ``verification`` is written only by transitions (it cannot be edited), so the record always names who
    verified, when, and on what evidence.
    """
    if not move.evidence.strip():
        fail(msg("actions.move.evidence"))
    record = {"verifier": move.by, "date": move.on.isoformat(), "effective": True, "evidence": move.evidence}
    _check_verification_dates(action, record, move, fail)
    return record


def _check_verification_dates(action: CorrectiveAction, record: dict, move: Move, fail) -> None:
    """Nothing is verified before it is implemented, nor after the change that relies on the verification."""
    implemented_on = _entered(action, State.IMPLEMENTED)
    when = str(record.get("date", ""))
    if implemented_on and when < implemented_on:
        fail(msg("actions.move.verified_before", date=when, implemented=implemented_on), "verification", "date")
    if when > move.on.isoformat():
        fail(msg("actions.move.verified_after", date=when, on=move.on), "verification", "date")


def _entered(action: CorrectiveAction, state: State) -> str | None:
    for entry in reversed(action.history):
        if entry.get("to") == state.value and entry.get("event") == "transition":
            return entry.get("date")
    return None


def dating_problem(action: CorrectiveAction, on: date) -> Message | None:
    """Why a change cannot carry the date ``on`` (empty when it can): the history runs forward, up to today."""
    if on > clock.today():
        return msg("actions.move.future", on=on, today=clock.today())
    last_date = _last_history_date(action)
    if last_date and on < last_date:
        return msg("actions.move.backwards", on=on, last=last_date)
    return None


def _last_history_date(action: CorrectiveAction) -> date | None:
    dates = []
    for entry in action.history:
        try:
            dates.append(parse_date(entry.get("date", "")))
        except ValueError:
            continue
    return max(dates) if dates else None


def _refuser(action: CorrectiveAction):
    def fail(message: Message, *path) -> None:
        at = action.locate(*path) if path else action.locate("state")
        raise ActionsError([Problem.of(at, msg("actions.of", id=action.id, text=message), LAYER)])

    return fail
