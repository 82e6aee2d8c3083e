"""Sync the register with an assessment: raise drafts for new nonconformities, follow repeated ones, flag
recurrences, and propose verification where a requirement has become conformant.

An auditor raises one corrective action per nonconformity, and a nonconformity is stated against a subclause of
the standard: the new nonconforming requirements of one subclause become one action that lists each finding
(a fresh project, where nothing exists yet, gets one action per subclause, not one per requirement). A finding
that an unsettled action already follows (by its requirement) is added to that action, as before: existing
action files keep working and keep their ids. Titles and descriptions come from the catalog in the language asked
for (``lang``); what the user wrote in an action is never rewritten, only findings and history are appended.

Idempotent: an action answers findings by requirement and assessment date, so a second sync of the same
assessment finds every nonconformity answered and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from auditkit.model.assessment import NONCONFORMITY_GRADES
from auditkit.inputs.dates import parse_date
from auditkit.model.errors import UsageError
from auditkit.outputs.actions.changes import history_entry
from auditkit.outputs.actions.model import ActionsError, CorrectiveAction, State
from auditkit.outputs.actions.policy import DuePolicy
from auditkit.outputs.actions.store import Register, yaml_value
from auditkit.outputs.render.common import finding_gap
from auditkit.model.messages import Message, msg
from auditkit.outputs.history import clock  # the module: tests set its clock
from auditkit.outputs.render.common import clause_title, requirement_text

_SEVERITY = {"major-nc": 2, "minor-nc": 1}


@dataclass(frozen=True)
class SyncEvent:
    """One thing a sync did or proposes."""

    kind: str
    """raised | recurrence | repeated | regraded | verify"""
    action: str
    requirement: str
    said: Message
    """What happened, a template of messages.yaml: printed in the command's language."""

    @property
    def message(self) -> str:
        return self.said.text("en")


@dataclass
class SyncResult:
    assessment: str
    snapshot: str
    events: list[SyncEvent] = field(default_factory=list)
    answered: int = 0
    """Nonconformities of the assessment already answered by an action (nothing to do)."""

    @property
    def changed(self) -> bool:
        return any(e.kind != "verify" for e in self.events)

    def of(self, kind: str) -> list[SyncEvent]:
        return [e for e in self.events if e.kind == kind]


def sync(register: Register, assessment: dict, policy: DuePolicy, *, by: str = "auditkit sync",
         on: date | None = None, snapshot: str = "", dry_run: bool = False, lang: str = "en") -> SyncResult:
    """Bring the register up to date with ``assessment`` (an Assessment's JSON form). Hold the lock throughout.

    ``lang``: the language of the titles and descriptions of the actions raised (en or zh)."""
    on = on or clock.today()
    assessed = assessment["as_of"]
    result = SyncResult(assessed, snapshot)
    with register.locked():
        actions = register.load_all()
        newest = max((f.assessment for a in actions for f in a.findings), default="")
        if newest and assessed < newest:
            raise UsageError(msg("actions.sync.older", assessed=assessed, newest=newest))
        results = {r["requirement"]: r for r in assessment["results"]}
        by_requirement: dict[str, list[CorrectiveAction]] = {}
        for action in actions:
            for requirement in action.requirements:
                by_requirement.setdefault(requirement, []).append(action)
        touched: set[str] = set()
        new_ids: dict[int, int] = {}
        unfollowed: dict[str, list[dict]] = {}  # subclause -> its nonconformities no action follows, in order

        for finding in assessment["findings"]:
            if finding["grade"] not in NONCONFORMITY_GRADES:
                continue
            requirement = finding["requirement"]
            mine = by_requirement.get(requirement, [])
            if any(f.requirement == requirement and f.assessment == assessed for a in mine for f in a.findings):
                result.answered += 1
                continue
            # An action closed on or after this assessment's date was still open when the gap was seen: the
            # finding is the same nonconformity, not a recurrence.
            live = [a for a in mine if not a.state.is_settled
                    or (a.state is State.CLOSED and (a.closed_on() or "") >= assessed)]
            if live:
                action = max(live, key=lambda a: a.latest_finding.assessment)
                touched.add(action.id)
                ref = _finding_ref(finding, assessed, snapshot)
                result.events.extend(_repeat(register, action, ref, finding, assessed, policy, by, on, dry_run))
                continue
            unfollowed.setdefault(finding["clause"], []).append(finding)

        for clause, found in unfollowed.items():  # one action per nonconforming subclause
            before = [a for f in found for a in by_requirement.get(f["requirement"], [])]
            closed = [a for a in before if a.state is State.CLOSED]
            earlier = max(closed, key=lambda a: a.closed_on() or "") if closed else None
            rejected = [a for a in before if a.state is State.REJECTED]
            year = parse_date(assessed).year
            if year not in new_ids:  # counted here too, so a dry run numbers as a real one would
                new_ids[year] = int(register.next_id(policy.id_prefix, year).rsplit("-", 1)[1])
            new_id = f"{policy.id_prefix}-{year}-{new_ids[year]:03d}"
            new_ids[year] += 1
            refs = [_finding_ref(f, assessed, snapshot) for f in found]
            data = _draft(new_id, clause, found, assessment, refs, assessed, policy, by, on, earlier,
                          rejected[-1] if rejected else None, lang)
            if not dry_run:
                register.create(data)
            due, grade = data["due"], data["grade"]
            requirements = ", ".join(f["requirement"] for f in found)
            named = ", ".join(f["id"] for f in found)
            if earlier is not None:
                result.events.append(SyncEvent(
                    "recurrence", new_id, requirements,
                    msg("sync.recurrence", requirements=requirements, earlier=earlier.id, closed=str(earlier.closed_on()),
                        id=new_id, grade=grade, due=str(due))))
                if not dry_run:
                    note = f"recurrence: {requirements} nonconformant again in the assessment of {assessed}; see {new_id}"
                    register.update(earlier, lambda doc, n=note: doc["history"].append(
                        yaml_value(history_entry("recurrence", by, on, n))))
            else:
                seen = msg("sync.rejected", id=rejected[-1].id, why=_rejection(rejected[-1])) if rejected else ""
                result.events.append(SyncEvent("raised", new_id, requirements,
                                               msg("sync.raised", id=new_id, findings=named, grade=grade, due=str(due),
                                                   seen=seen)))

        for action in actions:
            if action.state.is_settled or action.id in touched:
                continue
            if action.latest_finding.assessment >= assessed:
                continue
            statuses = {req: results.get(req, {}).get("status") for req in action.requirements}
            if statuses and all(s == "conformant" for s in statuses.values()):
                reqs = ", ".join(statuses)
                if action.state is State.IMPLEMENTED:
                    what = msg("sync.verify.implemented", requirements=reqs, assessed=assessed, id=action.id)
                elif action.state is State.VERIFIED:
                    what = msg("sync.verify.verified", requirements=reqs, assessed=assessed)
                else:
                    what = msg("sync.verify.unfinished", requirements=reqs, assessed=assessed, id=action.id,
                               state=action.state.value)
                result.events.append(SyncEvent("verify", action.id, reqs, what))
    return result


def _finding_ref(finding: dict, assessed: str, snapshot: str) -> dict:
    ref = {"finding": finding["id"], "requirement": finding["requirement"], "clause": finding["clause"],
           "assessment": assessed}
    if snapshot:
        ref["snapshot"] = snapshot
    ref["grade"] = finding["grade"]
    return ref


def _repeat(register: Register, action: CorrectiveAction, ref: dict, finding: dict, assessed: str,
            policy: DuePolicy, by: str, on: date, dry_run: bool) -> list[SyncEvent]:
    """A nonconformity the register already follows is found again: add the finding to its action."""
    requirement = finding["requirement"]
    late: Message | str = ""
    if action.is_overdue(parse_date(assessed)):
        late = msg("sync.overdue_minor" if action.grade == "minor-nc" else "sync.overdue", due=str(action.due))
    facts = {"requirement": requirement, "grade": finding["grade"], "assessed": assessed, "id": action.id}
    events = [SyncEvent("repeated", action.id, requirement,
                        msg("sync.repeated", state=action.state.value, due=str(action.due), late=late, **facts))]
    if action.state.is_settled:
        events[0] = SyncEvent("repeated", action.id, requirement,
                              msg("sync.repeated_closed", closed=str(action.closed_on()), **facts))
    regrade = (not action.state.is_settled
               and _SEVERITY.get(finding["grade"], 0) > _SEVERITY.get(action.grade, 0))
    new_due = None
    if regrade:
        new_due = min(action.due, policy.due_date(finding["grade"], parse_date(assessed))).isoformat()
        events.append(SyncEvent("regraded", action.id, requirement,
                                msg("sync.regraded", id=action.id, before=action.grade, after=finding["grade"],
                                    due=str(new_due))))
    if dry_run:
        return events
    note = f"{finding['id']} found again in the assessment of {assessed} ({finding['grade']})"
    if regrade:
        note += f"; regraded from {action.grade} to {finding['grade']}, due {new_due}"

    def change(doc) -> None:
        doc["findings"].append(yaml_value(ref))
        if regrade:
            doc["grade"] = finding["grade"]
            doc["due"] = yaml_value(new_due)
        doc["history"].append(yaml_value(history_entry("finding", by, on, note)))

    register.update(action, change)
    return events


def _rejection(action: CorrectiveAction) -> str:
    for entry in reversed(action.history):
        if entry.get("to") == State.REJECTED.value:
            return entry.get("note", "")
    return ""


def _draft(new_id: str, clause: str, found: list[dict], assessment: dict, refs: list[dict], assessed: str,
           policy: DuePolicy, by: str, on: date, earlier: CorrectiveAction | None,
           rejected: CorrectiveAction | None = None, lang: str = "en") -> dict:
    """A draft action for the new nonconformities of one subclause: what was found, where, and by when it must be
    dealt with (the worst grade's due date). Title and description from the catalog, in ``lang``."""
    grade = max((f["grade"] for f in found), key=lambda g: _SEVERITY.get(g, 0))
    due = policy.due_date(grade, parse_date(assessed)).isoformat()
    results = {r["requirement"]: r for r in assessment.get("results", [])}
    title = _title(clause, found, results, assessment, lang)
    description = "\n\n".join(_statement(f, results.get(f["requirement"], {}), assessment, lang) for f in found)
    named = ", ".join(f["id"] for f in found)
    note = f"raised from {named} ({grade}) of the assessment of {assessed}; due {policy.describe(grade)}"
    if earlier is not None:
        note += f"; recurrence of {earlier.id}, closed {earlier.closed_on()}"
    if rejected is not None:
        note += f"; found again after {rejected.id} was rejected ({_rejection(rejected)})"
    data = {"id": new_id, "title": title, "state": State.OPEN.value, "grade": grade, "raised": assessed, "due": due}
    if earlier is not None:
        data["recurrence_of"] = earlier.id
    data["findings"] = refs
    data["description"] = description
    data["history"] = [history_entry("created", by, on, note, to=State.OPEN.value)]
    return data


def _title(clause: str, found: list[dict], results: dict, assessment: dict, lang: str) -> str:
    """One nonconformity: its requirement's title; several of one subclause: the subclause's number and title."""
    if len(found) == 1:
        return requirement_text(results.get(found[0]["requirement"], {}).get("title"), lang) or found[0]["requirement"]
    entry = next((c for c in assessment.get("subclauses", []) if c["clause"] == clause), {})
    name = clause_title(entry, lang)
    return msg("actions.subclause_title", clause=clause, title=name, count=len(found)).text(lang)


def _statement(finding: dict, result: dict, assessment: dict, lang: str) -> str:
    """A finding as the description states it: the requirement (catalog text) and the gap, in ``lang``."""
    text = requirement_text(result.get("text"), lang)
    if not text or "results" not in assessment or lang == "en":
        return f"{finding['statement']}\nGap: {finding['gap']}"
    return msg("actions.statement", requirement=finding["requirement"], text=text,
               gap=finding_gap(assessment, finding, lang)).text(lang)


__all__ = ["sync", "SyncResult", "SyncEvent", "ActionsError"]
