"""The corrective-action register as an OSCAL 1.1 plan of action and milestones (POA&M).

What maps to what (docs/interop.md has the table):
- each corrective action -> a poam-item (id, state, grade, owner, due and file as properties);
- the findings it answers -> observations (method EXAMINE) pointing at the action's file;
- the action itself -> a risk whose status follows the action's state (open -> open, being worked -> remediating,
  closed -> closed, rejected -> deviation-approved), with one remediation whose tasks are the milestones: each
  planned step (on its done or due date) and the action's own due date.
UUIDs derive from the action and finding ids (common.stable_uuid).
"""

from __future__ import annotations

from datetime import date

from auditkit.model.messages import render as message
from auditkit.outputs.actions.model import CorrectiveAction, State
from auditkit.outputs.oscal.common import href, metadata, party, prop, props, stable_uuid, timestamp

RISK_STATUS = {State.OPEN: "open", State.CLOSED: "closed", State.REJECTED: "deviation-approved"}
"""Action state -> OSCAL risk status; every other state (corrected ... verified-effective) is ``remediating``."""


def build(actions: list[CorrectiveAction], organization: str, as_of: date, version: str, lang: str = "en") -> dict:
    """The POA&M document for ``actions`` as they stand on ``as_of``."""
    day = as_of.isoformat()
    observations, risks, items = [], [], []
    owners: dict[str, dict] = {}
    for action in actions:
        found = [_observation(action, ref, lang) for ref in action.findings]
        observations.extend(found)
        risk = _risk(action, [o["uuid"] for o in found], lang)
        risks.append(risk)
        if action.owner:
            owners.setdefault(action.owner, party("person", action.owner))
        items.append({
            "uuid": stable_uuid("poam-item", action.id),
            "title": action.title,
            "description": (action.data.get("description") or action.title).strip(),
            "props": [prop("action", action.id), *props(state=action.state.value, grade=action.grade,
                                                          owner=action.owner, due=action.due.isoformat(),
                                                          overdue=str(action.is_overdue(as_of)).lower(),
                                                          file=action.file)],
            "links": [{"href": href({"file": action.file}), "rel": "reference", "text": action.id}],
            "related-observations": [{"observation-uuid": o["uuid"]} for o in found] or None,
            "related-risks": [{"risk-uuid": risk["uuid"]}],
        })
        if not found:
            del items[-1]["related-observations"]
    document = {
        "uuid": stable_uuid("poam", organization),
        "metadata": metadata(message("oscal.poam.title", {"organization": organization, "as_of": day}, lang), day,
                             version, [party("organization", organization), *owners.values()]),
        "system-id": {"identifier-type": "http://ietf.org/rfc/rfc4122", "id": stable_uuid("system", organization)},
    }
    if observations:
        document["observations"] = observations
    if risks:
        document["risks"] = risks
    document["poam-items"] = items
    return {"plan-of-action-and-milestones": document}


def _observation(action: CorrectiveAction, ref, lang: str) -> dict:
    return {
        "uuid": stable_uuid("poam-observation", action.id, ref.finding_id, ref.assessment),
        "title": message("oscal.poam.observation", {"finding": ref.finding_id, "assessment": ref.assessment}, lang),
        "description": (action.data.get("description") or action.title).strip(),
        "props": props(finding=ref.finding_id, requirement=ref.requirement, clause=ref.clause, grade=ref.grade,
                       snapshot=ref.snapshot),
        "methods": ["EXAMINE"],
        "relevant-evidence": [{"href": href({"file": action.file}), "description": action.file}],
        "collected": timestamp(str(ref.assessment)),
    }


def _risk(action: CorrectiveAction, observations: list[str], lang: str) -> dict:
    description = (action.data.get("description") or action.title).strip()
    tasks = []
    for index, step in enumerate(action.data.get("actions") or []):
        when = step.get("done") or step.get("due") or action.due
        tasks.append({
            "uuid": stable_uuid("milestone", action.id, str(index)),
            "type": "milestone",
            "title": str(step.get("description") or action.title),
            "props": props(owner=step.get("owner"), due=step.get("due"), done=step.get("done")),
            "timing": {"on-date": {"date": timestamp(str(when))}},
        })
    tasks.append({
        "uuid": stable_uuid("milestone", action.id, "due"),
        "type": "milestone",
        "title": message("oscal.poam.due", {"action": action.id}, lang),
        "timing": {"on-date": {"date": timestamp(action.due.isoformat())}},
    })
    for task in tasks:
        if not task.get("props"):
            task.pop("props", None)
    correction = action.data.get("correction")
    remediation = {
        "uuid": stable_uuid("remediation", action.id),
        "lifecycle": "completed" if action.state.is_done else "planned",
        "title": message("oscal.poam.remediation", {"action": action.id, "title": action.title}, lang),
        "description": message("oscal.poam.correction", {"text": correction}, lang) if correction else action.title,
        "tasks": tasks,
    }
    risk = {
        "uuid": stable_uuid("risk", action.id),
        "title": action.title,
        "description": description,
        "statement": description,
        "props": props(action=action.id, grade=action.grade),
        "status": RISK_STATUS.get(action.state, "remediating"),
        "deadline": timestamp(action.due.isoformat()),
        "remediations": [remediation],
    }
    if observations:
        risk["related-observations"] = [{"observation-uuid": u} for u in observations]
    return risk
