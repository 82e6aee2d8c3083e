"""A corrective action as read from its file: states, findings answered, verification, history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from auditkit.model.clauses import clause_key
from auditkit.model.errors import InputErrors, Location
from auditkit.inputs.yamlsource import Document

LAYER = "actions"


class ActionsError(InputErrors):
    """Problems in the corrective-action register or in a request to change it, each at a location."""

    layer = LAYER


class State(str, Enum):
    """Where a corrective action stands (ISO/IEC 20000-1 §10.1: react, find the cause, act, check it worked)."""

    OPEN = "open"
    CORRECTED = "corrected"
    CAUSE_ANALYSED = "cause-analysed"
    ACTION_PLANNED = "action-planned"
    IMPLEMENTED = "implemented"
    VERIFIED = "verified-effective"
    CLOSED = "closed"
    REJECTED = "rejected"

    @property
    def is_settled(self) -> bool:
        """Closed or rejected: nothing more is expected of it."""
        return self in (State.CLOSED, State.REJECTED)

    @property
    def is_done(self) -> bool:
        """The corrective action has been carried out (it can no longer be late)."""
        return self in (State.IMPLEMENTED, State.VERIFIED, State.CLOSED, State.REJECTED)


ORDER = list(State)
"""States in lifecycle order (rejected last)."""


@dataclass(frozen=True)
class FindingRef:
    """A finding the action answers: a requirement found nonconformant in the assessment of a date."""

    requirement: str
    assessment: str
    """The as-of date of the assessment, YYYY-MM-DD."""
    finding: str = ""
    clause: str = ""
    grade: str = ""
    snapshot: str = ""

    @property
    def finding_id(self) -> str:
        return self.finding or f"F-{self.requirement}"


@dataclass(frozen=True)
class CorrectiveAction:
    """One corrective action of the register, validated, with the document it was read from."""

    id: str
    title: str
    state: State
    grade: str
    findings: tuple[FindingRef, ...]
    due: date
    owner: str
    raised: date | None
    data: dict
    """The whole document as plain values (dates as text)."""
    doc: Document
    """Where every value stands in the file, for located messages."""

    @property
    def file(self) -> str:
        return self.doc.file

    def locate(self, *path) -> Location:
        return self.doc.locate(tuple(path))

    @property
    def requirements(self) -> list[str]:
        seen: list[str] = []
        for f in self.findings:
            if f.requirement not in seen:
                seen.append(f.requirement)
        return seen

    @property
    def clauses(self) -> list[str]:
        return sorted({f.clause for f in self.findings if f.clause}, key=clause_key)  # 8.2 before 10.1

    @property
    def latest_finding(self) -> FindingRef:
        return max(self.findings, key=lambda f: f.assessment)

    @property
    def history(self) -> list[dict]:
        return list(self.data.get("history", []))

    @property
    def verification(self) -> dict | None:
        return self.data.get("verification")

    def is_overdue(self, as_of: date) -> bool:
        """Late: its due date has passed and the corrective action is not yet implemented."""
        return not self.state.is_done and self.due < as_of

    def closed_on(self) -> str | None:
        """The date of the transition into the current settled state, when settled."""
        for entry in reversed(self.history):
            if entry.get("event") == "transition" and entry.get("to") == self.state.value:
                return entry.get("date")
        return None

    def raised_on(self) -> str:
        """The day the action was raised: ``raised``, else the date of its ``created`` history entry."""
        if self.raised is not None:
            return self.raised.isoformat()
        return next((str(e.get("date", "")) for e in self.history if e.get("event") == "created"), "")

    def as_it_was(self, day: date) -> "CorrectiveAction | None":
        """The action as it stood at the end of ``day``, from its dated history: None when it was not raised yet;
        else its state after the last transition dated on or before ``day`` (open before its first one) and only
        the findings of assessments up to ``day``. Other fields (due, grade) are as they are now."""
        on = day.isoformat()
        raised = self.raised_on()
        if raised and raised > on:
            return None
        findings = tuple(f for f in self.findings if f.assessment <= on)
        if not findings:
            return None
        state = State.OPEN
        for entry in self.history:
            if entry.get("event") in ("created", "transition") and str(entry.get("date", "")) <= on and entry.get("to"):
                state = State(entry["to"])
        return replace(self, state=state, findings=findings)

    def summary(self, as_of: date) -> dict:
        """The shape the report and the CI gate read (see ``load_actions_for_report``)."""
        latest = self.latest_finding
        return {
            "id": self.id,
            "finding": latest.finding_id,
            "requirement": latest.requirement,
            "clause": latest.clause,
            "grade": self.grade,
            "state": self.state.value,
            "owner": self.owner,
            "due": self.due.isoformat(),
            "overdue": self.is_overdue(as_of),
            "title": self.title,
            "file": self.file,
            "location": self.locate("due").to_dict(),
        }
