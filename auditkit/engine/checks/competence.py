"""competence_records: every person in the roles and competence register has training records, within the
period, for each competence their role requires; a person without them is named.

The people come from the registers' ``data.entries`` (any register in the evidence that lists them) (``person``, ``role``, ``required``: the
competences required of that person); a register may also list ``data.roles`` (``role``, ``required``), whose
competences every person holding that role needs too; a required competence written as a list is met by any
one of them. The training records come from the selected record sets
that map ``person`` and ``competence`` (and ``date`` when the check has a period). A training record evidences
a required competence when it is the person's (names compared whatever their case and spacing) and its
competence names the required one as whole words ("ITIL 4 Foundation exam" evidences "ITIL 4 Foundation"), is
dated within the period before the assessment date, and, when the check lists ``outcomes``, has one of them.
"""

from __future__ import annotations

import re

from auditkit.engine.checks.base import Outcome, Rule, register
from auditkit.engine.checks.records import _window, written_duration
from auditkit.inputs.records import RecordValueError
from auditkit.model.messages import msg
from auditkit.model.metrics import Metric, truncated

NEEDED = ("person", "competence")
"""The fields a training record set must map."""


def words(text) -> str:
    """``text`` as lower-case words separated by single spaces: how names and competences are compared."""
    return " ".join(re.findall(r"\w+", str(text).casefold()))


def evidences(record_competence: str, required: str) -> bool:
    """Whether a training record's competence names the required competence (whole words, any case)."""
    wanted = words(required)
    return bool(wanted) and f" {wanted} " in f" {words(record_competence)} "


@register
class CompetenceRecords(Rule):
    name = "competence_records"
    params_schema = {
        "type": "object",
        "properties": {
            "period": {"type": "string"},
            "outcomes": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def evaluate(self, spec, items, ctx):
        registers = [item for item in (ctx.evidence.items if ctx.evidence is not None else items)
                     if item.records is None and _people(item)]
        sets = [item for item in items if item.records is not None]
        if not registers:
            return self.result(Outcome.FAIL, msg("competence.no_register"), absent=True)
        if not sets:
            return self.result(Outcome.FAIL, msg("competence.no_records"), [r.locate() for r in registers], absent=True)
        for item in sets:
            missing = [name for name in NEEDED if name not in item.records.columns]
            if missing:
                return self.result(Outcome.CANNOT_EVALUATE,
                                   msg("records.unmapped", item=item.id, fields=", ".join(missing)),
                                   [item.locate("records")])
        window = _window(spec, ctx)
        if window and any("date" not in item.records.columns for item in sets):
            item = next(i for i in sets if "date" not in i.records.columns)
            return self.result(Outcome.CANNOT_EVALUATE, msg("records.unmapped", item=item.id, fields="date"),
                               [item.locate("records")])
        outcomes = {words(o) for o in spec.params.get("outcomes", [])}
        held: dict[str, list[str]] = {}  # person (as words) -> competences of their counting training records
        rows = 0
        for item in sets:
            try:
                for _line, record in item.records.records():
                    rows += 1
                    if window and not (record.get("date") and window[0] <= record["date"] <= window[1]):
                        continue
                    if outcomes and words(record.get("outcome") or "") not in outcomes:
                        continue
                    if record.get("person") and record.get("competence"):
                        held.setdefault(words(record["person"]), []).append(str(record["competence"]))
            except RecordValueError as exc:
                return self.result(Outcome.CANNOT_EVALUATE, str(exc), [exc.location], input_fault=True)
        gaps, locations, people = [], [], 0
        for register_item in registers:
            for index, person, role, required in _people(register_item):
                people += 1
                courses = held.get(words(person), [])
                lacking = [c for c in required if not any(evidences(course, one) for one in c for course in courses)]
                if lacking:
                    gaps.append(msg("competence.person", person=person, role=role or "-",
                                    competences=msg("comma", items=[_either(c) for c in lacking])))
                    locations.append(register_item.locate(f"data.entries.{index}.person"))
        locations += [r.locate() for r in registers] + [s.locate("records") for s in sets]
        period = spec.params.get("period")
        within = msg("competence.within", period=written_duration(period)) if period else ""
        evidenced = people - len(gaps)
        metric = Metric(record_set=",".join(s.id for s in sets), measure="share", numerator=evidenced,
                        denominator=people, unit="people", value=truncated(evidenced, people), threshold=1.0,
                        passed=not gaps, rows=rows, condition=msg("competence.condition", within=within))
        if gaps:
            return self.result(Outcome.FAIL, msg("competence.gaps", evidenced=evidenced, people=people, within=within,
                                                 gaps=msg("join", items=gaps)), locations, metrics=[metric])
        return self.result(Outcome.PASS, msg("competence.all", people=people, within=within), locations, metrics=[metric])


def _people(item) -> list[tuple[int, str, str | None, list[tuple[str, ...]]]]:
    """(index in ``data.entries``, person, role, competences required) of each person a register lists: the
    entry's own ``required`` and those of its role in ``data.roles``. A required competence is a tuple of the
    competences any one of which meets it (written as a list: ``[CISSP, ISO/IEC 27001 Lead Implementer]``)."""
    data = item.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return []
    by_role: dict[str, list[tuple[str, ...]]] = {}
    for role in data.get("roles") or []:
        if isinstance(role, dict) and role.get("role"):
            by_role.setdefault(words(role["role"]), []).extend(_texts(role.get("required")))
    out = []
    for index, entry in enumerate(data["entries"]):
        if not isinstance(entry, dict) or not entry.get("person"):
            continue
        role = entry.get("role")
        required = _texts(entry.get("required")) + by_role.get(words(role), []) if role else _texts(entry.get("required"))
        if required:
            out.append((index, str(entry["person"]), str(role) if role else None, list(dict.fromkeys(required))))
    return out


def _either(competences: tuple[str, ...]):
    """A required competence with its alternatives, in words: "CISSP or ISO/IEC 27001 Lead Implementer"."""
    if len(competences) == 1:
        return competences[0]
    return msg("competence.or", first=competences[0], other=_either(competences[1:]))


def _texts(value) -> list[tuple[str, ...]]:
    if isinstance(value, (str, int, float)):
        return [(str(value),)]
    if not isinstance(value, list):
        return []
    out = []
    for one in value:
        either = tuple(str(v) for v in (one if isinstance(one, list) else [one]) if v not in (None, ""))
        if either:
            out.append(either)
    return out
