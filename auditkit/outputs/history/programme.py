"""The internal audit programme over the three-year certification cycle (ISO/IEC 20000-1 §9.2).

Every area (a clause at two levels, e.g. 8.6 "Resolution and fulfilment") is audited at least once in the
cycle; areas with a history of findings, stale evidence, open corrective actions or a low score are audited
more often. The weighting (``WEIGHTING``) is declared and printed with the plan, so anyone can see why an
area is where it is. Rounds are spread evenly over the cycle (``rounds_per_year``, default 2). Areas are planned only in the rounds on
or after the as-of date (the rest of the cycle): every area at least once, an area's audits in equal windows of
those rounds, each in the least-loaded round of its window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auditkit.inputs.catalog import default_clause_table
from auditkit.model.assessment import counts_in_score
from auditkit.model.clauses import clause_key
from auditkit.inputs.dates import add_months
from auditkit.model.messages import Message, msg

WEIGHTS = {"major-nc": 3.0, "minor-nc": 2.0, "observation": 1.0}
EARLIER_FACTOR = 0.5
STALE_RULES = ("reviewed_within", "records_in_period")
YEARLY_AT = 4.0
TWICE_AT = 1.5
CYCLE_MONTHS = 36

WEIGHTING_TEXT = msg("programme.weighting", yearly=f"{YEARLY_AT:g}", twice=f"{TWICE_AT:g}")
"""The declared weighting, in every language (messages.yaml); the plan's JSON holds its English text."""
WEIGHTING = WEIGHTING_TEXT.text("en")
REASONS = {"findings": "programme.reason.findings", "stale evidence": "programme.reason.stale",
           "open actions": "programme.reason.actions", "score": "programme.reason.score"}
"""The parts of an area's risk, by their English name in ``reasons``, and their templates."""


def _said(texts: list[Message]) -> dict:
    """``reasons`` (English) and ``reason_templates`` (to write them in another language) of a list of messages."""
    return {"reasons": [t.text("en") for t in texts], "reason_templates": [t.to_dict() for t in texts]}


@dataclass(frozen=True)
class ProgrammeSettings:
    cycle_start: date
    """The certification decision date: the three-year cycle starts here."""
    rounds_per_year: int = 2
    surveillance: tuple[date, ...] = ()
    """Surveillance audit dates; default one and two years after the cycle start."""

    @property
    def surveillance_dates(self) -> tuple[date, ...]:
        return self.surveillance or (add_months(self.cycle_start, 12), add_months(self.cycle_start, 24))

    @property
    def recertification(self) -> date:
        return add_months(self.cycle_start, CYCLE_MONTHS)


def area_of(clause: str) -> str:
    return ".".join(clause.split(".")[:2])


def _area_key(area: str) -> tuple:
    return clause_key(area)


def plan(snapshots: list[dict], settings: ProgrammeSettings, as_of: date, open_actions: list[dict] | None = None) -> dict:
    """Plan the cycle from the recorded assessments (oldest first) and the register's unsettled actions."""
    if not snapshots:
        raise ValueError("planning needs at least one recorded assessment")
    latest = snapshots[-1]
    # titles from the assessment (its catalog's clause table); ISO/IEC 20000-1's for an area it does not name
    titles = {c["clause"]: c["title"] for c in latest.get("clauses", []) + latest.get("subclauses", [])}
    titles_zh = {c["clause"]: c["title_zh"] for c in latest.get("clauses", []) + latest.get("subclauses", [])
                 if c.get("title_zh")}
    areas: dict[str, dict] = {}
    for result in latest["results"]:
        area = area_of(result["clause"])
        entry = areas.setdefault(area, {"area": area, "title": titles.get(area) or default_clause_table().title(area),
                                        "title_zh": titles_zh.get(area) or default_clause_table().title(area, "zh"),
                                        "requirements": 0,
                                        "findings": {}, "stale": 0, "actions": 0, "points": 0.0, "weight": 0.0})
        entry["requirements"] += 1
        if counts_in_score(result["status"]):
            entry["points"] += result["weight"] * result["points"]
            entry["weight"] += result["weight"]
        entry["stale"] += sum(1 for c in result["checks"] if c["rule"] in STALE_RULES and c["outcome"] == "fail")
    for index, assessment in enumerate(snapshots):
        factor = 1.0 if index == len(snapshots) - 1 else EARLIER_FACTOR
        for finding in assessment["findings"]:
            area = area_of(finding["clause"])
            if area in areas and finding["grade"] in WEIGHTS:
                counts = areas[area]["findings"]
                counts[finding["grade"]] = counts.get(finding["grade"], 0) + 1
                areas[area].setdefault("risk_findings", 0.0)
                areas[area]["risk_findings"] += WEIGHTS[finding["grade"]] * factor
    for action in open_actions or []:
        area = area_of(action.get("clause") or "")
        if area in areas:
            areas[area]["actions"] += 1

    for entry in areas.values():
        score = entry["points"] / entry["weight"] if entry["weight"] else 1.0
        entry["score"] = round(score, 4)
        parts = {"findings": round(entry.pop("risk_findings", 0.0), 2), "stale evidence": float(entry["stale"]),
                 "open actions": float(entry["actions"]), "score": round(2 * (1 - score), 2)}
        entry["risk"] = round(sum(parts.values()), 2)
        entry.update(_said([msg(REASONS[k], n=f"{v:g}") for k, v in parts.items() if v]))
        entry["frequency"] = 3 if entry["risk"] >= YEARLY_AT else 2 if entry["risk"] >= TWICE_AT else 1
        del entry["points"], entry["weight"]

    per_year = settings.rounds_per_year
    total = 3 * per_year
    offset = 12 // (2 * per_year)
    rounds = [{"number": k + 1, "date": add_months(settings.cycle_start, k * 12 // per_year + offset), "areas": []}
              for k in range(total)]
    # Only the rounds still ahead are planned: a past round cannot be planned any more, so an area placed there
    # would go unaudited for the rest of the cycle. Every area gets at least one of the rounds ahead; its audits
    # fall into equal windows of them, each in the least-loaded round, spaced away from its previous audit.
    ahead = [r for r in rounds if r["date"] >= as_of]
    for entry in sorted(areas.values(), key=lambda e: (-e["risk"], _area_key(e["area"]))):
        entry["rounds"] = []
        f = min(entry["frequency"], len(ahead))
        for w in range(f):
            window = ahead[w * len(ahead) // f:(w + 1) * len(ahead) // f]
            last = entry["rounds"][-1] if entry["rounds"] else None
            chosen = min(window, key=lambda r: (len(r["areas"]), -(r["number"] - last) if last else 0, r["number"]))
            chosen["areas"].append(entry["area"])
            entry["rounds"].append(chosen["number"])

    next_surveillance = next((d for d in settings.surveillance_dates if d >= as_of), None)
    horizon = next_surveillance or settings.recertification
    for r in rounds:
        r["areas"].sort(key=_area_key)
        r["status"] = "past" if r["date"] < as_of else ("due" if r["date"] <= horizon else "planned")
    # Before a surveillance audit, the certification body looks at the areas audited in the meantime and at the
    # corrective actions still open: both are due now.
    due: dict[str, list[Message]] = {}
    for r in rounds:
        if r["status"] == "due":
            for a in r["areas"]:
                due.setdefault(a, []).append(msg("programme.due.round", n=r["number"], on=r["date"].isoformat()))
    for action in open_actions or []:
        area = area_of(action.get("clause") or "")
        if area in areas and (action.get("overdue") or action.get("grade") == "major-nc"):
            key = "programme.due.overdue" if action.get("overdue") else "programme.due.open_major"
            due.setdefault(area, []).append(msg(key, id=action.get("id", "action")))
    due_areas = [{"area": a, "title": areas[a]["title"], "title_zh": areas[a]["title_zh"], **_said(due[a])}
                 for a in sorted(due, key=_area_key)]
    planning = (msg("programme.planning", on=as_of.isoformat(), ahead=len(ahead), rounds=len(rounds)) if ahead
                else msg("programme.no_round_left"))
    covered = {a for r in ahead for a in r["areas"]}
    assert covered == set(areas) or not ahead, "every area is planned at least once in the rounds ahead"
    return {
        "as_of": as_of.isoformat(),
        "based_on": latest["as_of"],
        "snapshots": len(snapshots),
        "cycle": {
            "start": settings.cycle_start.isoformat(),
            "surveillance": [d.isoformat() for d in settings.surveillance_dates],
            "recertification": settings.recertification.isoformat(),
        },
        "weighting": WEIGHTING,
        "weighting_template": WEIGHTING_TEXT.to_dict(),
        "planned_from": as_of.isoformat(),
        "planning": planning.text("en"),
        "planning_template": planning.to_dict(),
        "rounds": [{**r, "date": r["date"].isoformat()} for r in rounds],
        "areas": sorted(areas.values(), key=lambda e: _area_key(e["area"])),
        "next_surveillance": next_surveillance.isoformat() if next_surveillance else None,
        "due_before_next_surveillance": due_areas,
    }
