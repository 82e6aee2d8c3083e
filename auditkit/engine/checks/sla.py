"""sla_attainment: the share of records that met their agreement's target, per agreement, service and priority.

Each agreement with ``service_levels`` (auditkit/inputs/agreements.py) is matched with the selected record sets
of its services: a record set that maps a ``service`` column gives each record to the agreements of its
service; one that does not is taken whole for the services it declares (``services:``). Whether a record met
its target is told by the first of these the record has a value for (:data:`SOURCES`), so that what a ticket
tool itself recorded about its SLA counts before our own measurement:

- ``flag``: the export's own ``met_sla`` (ServiceNow's ``made_sla``);
- ``due``: the export's due times, ``response_due_at`` / ``resolution_due_at`` (GLPI's "Time to own" and
  "Time to resolve"): met when ``responded`` / ``resolved`` is on or before them;
- ``remaining``: the time the export says was left at the target, ``response_remaining`` /
  ``resolution_remaining`` (OTRS's ``FirstResponseDiffInMin`` / ``SolutionDiffInMin`` in minutes, Jira Service
  Management's "Time to first response" / "Time to resolution" as ``-2:30``): negative is missed;
- ``targets``: the record's durations measured in the agreement's service hours, from ``opened``, against the
  agreement's response and resolution targets.

A response part is judged only when the export maps ``responded``; the resolution moment is ``resolved``, or
``closed`` for an export without ``resolved`` (OTRS). A record not yet resolved counts as missed once its
target or due time has passed by the assessment date, and is not measured before that. Attainment, for each
priority the agreement has a target for, is judged against the agreement's ``attainment`` target; each line
says how many of its records each source decided.
"""

from __future__ import annotations

from collections import Counter, namedtuple
from dataclasses import replace
from itertools import compress
from datetime import datetime, time
from typing import Callable

from auditkit.engine.checks.base import CheckResult, Outcome, register
from auditkit.engine.checks.records import (written_duration, Count, Plan, RecordRule, Tally, _in_window, _record_sets, _window,
                                            meets_threshold, unit_name)
from auditkit.inputs.agreements import ServiceLevels
from auditkit.inputs.records import RecordBatch
from auditkit.model.messages import Message, msg
from auditkit.model.metrics import Metric, share_text, truncated


@register
class SlaAttainment(RecordRule):
    name = "sla_attainment"
    params_schema = {
        "type": "object",
        "properties": {"period": {"type": "string"}, "date_field": {"type": "string"}},
        "additionalProperties": False,
    }
    cadence_params = ("period",)
    needs_evidence = True  # the agreements' targets

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        sets, early = _record_sets(self, items)
        if early:
            return early
        if ctx.evidence is None:  # planned without the evidence: the agreements' targets are not known
            return self.result(Outcome.CANNOT_EVALUATE, msg("sla.no_targets"))
        agreements = [item for item in ctx.evidence.items if item.service_levels is not None]
        if not agreements:
            return self.result(Outcome.FAIL, msg("sla.no_targets"), absent=True)
        window = _window(spec, ctx)
        date_field = spec.params.get("date_field", "opened")
        as_of_end = datetime.combine(ctx.as_of, time.max)
        tallies = []
        for item in sets:
            levels = [a.service_levels for a in agreements if _serves(a.service_levels, item)]
            if levels:
                tallies.append(Tally(item, AttainmentCount(levels, window, date_field, as_of_end)))
        if not tallies:
            return self.result(Outcome.CANNOT_EVALUATE, msg("sla.no_match", agreements=", ".join(a.id for a in agreements),
                               record_sets=", ".join(i.id for i in sets)), [i.locate("records") for i in sets])
        period = spec.params.get("period") if window else None

        def finish() -> CheckResult:
            said, metrics, locations = [], [], []
            for tally in tallies:
                if tally.error:
                    return self.result(Outcome.CANNOT_EVALUATE, str(tally.error), [tally.error.location], input_fault=True)
                locations.append(tally.item.locate("records"))
                for _passed, words, metric in _judged(tally, period):
                    said.append(words)  # every group, met or not: the attainment table of the agreement
                    metrics.append(metric)
            for agreement in agreements:
                locations.append(agreement.locate("service_levels"))
            if not metrics:
                return self.result(Outcome.CANNOT_EVALUATE, msg("sla.nothing_measured"), locations)
            outcome = Outcome.PASS if all(metric.passed for metric in metrics) else Outcome.FAIL
            return self.result(outcome, msg("join", items=said), locations, metrics=metrics)

        return Plan(tallies, finish)


def _serves(levels: ServiceLevels, item) -> bool:
    """Whether a record set holds records of the agreement's services (a service column, or its services)."""
    return "service" in item.records.columns or bool(set(levels.services) & set(item.services))


SOURCES = ("flag", "due", "remaining", "targets")
"""Where a record's met-or-missed comes from, in the order they are asked (the first with a value decides)."""


def _judged(tally: Tally, period: str | None) -> list[tuple[bool, Message, Metric]]:
    records = tally.item.records
    out = []
    for (agreement, service, priority), (met, measured, sources) in sorted(tally.counted.groups.items()):
        levels = next(lv for lv in tally.counted.levels if lv.agreement == agreement)
        target = levels.target_for(priority)
        passed = measured > 0 and meets_threshold(met, measured, levels.attainment)
        how = _how(sources, target.written)
        words = msg("sla.attainment", agreement=agreement, service=service, priority=priority, met=f"{met:,}",
                    measured=f"{measured:,}", unit=unit_name(records), share=share_text(met, measured) if measured else "-",
                    target=f"{levels.attainment:.0%}", how=how, period=msg("records.scope.period", period=written_duration(period)) if period else "")
        metric = tally.metric("share", met, measured, truncated(met, measured), levels.attainment, passed, how,
                              {"field": "priority", "value": priority, "agreement": agreement, "service": service})
        out.append((passed, words, replace(metric, sources={name: sources[name] for name in SOURCES if sources.get(name)})))
    return out


def _how(sources: dict[str, int], target: str) -> Message:
    """Where a line's figures came from: one source, or each source with the records it decided."""
    said = [msg("sla.by_durations", target=target) if name == "targets" else msg(f"sla.by_{name}")
            for name in SOURCES if sources.get(name)]
    if len(said) <= 1:
        return said[0] if said else msg("sla.by_durations", target=target)
    return msg("comma", items=[msg("sla.by_count", how=words, count=f"{sources[name]:,}")
                              for words, name in zip(said, [n for n in SOURCES if sources.get(n)])])


JUDGED = ("priority", "service", "met_sla", "opened", "responded", "resolved", "closed", "response_due_at",
          "resolution_due_at", "response_remaining", "resolution_remaining")
"""The fields a record's attainment is judged from (:func:`_judge`)."""


class AttainmentCount(Count):
    """Per (agreement, service, priority): the records that met their target, those measured, and how many of
    them each source decided."""

    def __init__(self, levels: list[ServiceLevels], window, date_field: str, as_of_end: datetime):
        super().__init__()
        self.levels, self.window, self.date_field, self.as_of_end = levels, window, date_field, as_of_end
        self.groups: dict = {}

    def fields(self) -> set[str]:
        return {*JUDGED, self.date_field}

    def counter(self) -> Callable[[RecordBatch], None]:
        levels, groups, as_of_end = self.levels, self.groups, self.as_of_end
        start, end = self.window or (None, None)
        targets: dict = {}

        def target_of(level: ServiceLevels, priority):
            found = (id(level), priority.__class__, priority)  # looked up once per priority
            return targets[found] if found in targets else targets.setdefault(found, level.target_for(priority))

        def counted(level: ServiceLevels, target, service, mapped: Mapped, source: str, met: bool, records: int = 1) -> None:
            shown = service if mapped.service else ", ".join(level.services)
            tally = groups.setdefault((level.agreement, shown, target.priority), [0, 0, {}])
            tally[0] += met * records
            tally[1] += records
            tally[2][source] = tally[2].get(source, 0) + records
            self.total += records
            self.count += met * records

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            kept = _in_window(batch.column(self.date_field), start, end) if start is not None else [True] * batch.size
            mapped = Mapped(batch.columns)
            columns = [batch.column(name) for name in JUDGED]
            priorities, services, flags = (columns[JUDGED.index(name)] for name in ("priority", "service", "met_sla"))
            # A record whose export says met or missed is judged by that flag alone (see _judge): such records are
            # counted per priority, service and flag in C, then judged once per combination (a million-row log
            # has a few dozen). The types are part of the key, as in the look-up of targets: 1 and True differ.
            by_flag = [counted_ and flag is not None for counted_, flag in zip(kept, flags)]
            combinations = Counter(compress(zip(map(type, priorities), priorities, map(type, services), services, flags),
                                            by_flag))
            for (_, priority, _, service, flag), records in combinations.items():
                for level in levels:
                    target = target_of(level, priority)
                    if target is None or (mapped.service and service not in level.services):
                        continue
                    counted(level, target, service, mapped, "flag", bool(flag), records)
            by_record = [counted_ and flag is None for counted_, flag in zip(kept, flags)]
            for record in map(Judged, *(compress(column, by_record) for column in columns)):
                for level in levels:
                    target = target_of(level, record.priority)
                    if target is None or (mapped.service and record.service not in level.services):
                        continue
                    judged = _judge(level, target, record, mapped, as_of_end)
                    if judged is not None:
                        counted(level, target, record.service, mapped, *judged)

        return add


class Mapped:
    """Which of the fields that decide attainment the export maps at all (an unmapped one is never waited for)."""

    def __init__(self, columns: dict):
        self.service = "service" in columns
        self.responded = "responded" in columns
        self.finish = "resolved" if "resolved" in columns else "closed"


class Judged(namedtuple("Judged", JUDGED)):
    """One record's values of :data:`JUDGED` (a named tuple: made in C, the per-record loop's main cost before)."""

    __slots__ = ()


def _judge(level: ServiceLevels, target, record: Judged, mapped: Mapped, as_of_end: datetime) -> tuple[str, bool] | None:
    """(source, met) for one record by the first source it has a value for; None when it cannot be told yet."""
    finished = getattr(record, mapped.finish)
    responded = record.responded if mapped.responded else _UNMAPPED
    if record.met_sla is not None:
        return "flag", bool(record.met_sla)
    if record.response_due_at is not None or record.resolution_due_at is not None:
        return _decided("due", [_by_due(due, done, as_of_end) for due, done in
                                ((record.response_due_at, responded), (record.resolution_due_at, finished))])
    if _written(record.response_remaining) or _written(record.resolution_remaining):
        return _decided("remaining", [_by_remaining(left, done) for left, done in
                                      ((record.response_remaining, responded), (record.resolution_remaining, finished))])
    met = _met(level, target, record.opened, responded, finished, as_of_end)
    return None if met is None else ("targets", met)


_UNMAPPED = object()
"""A response moment the export does not have: its part is not judged."""
_PENDING = "pending"


def _decided(source: str, parts: list) -> tuple[str, bool] | None:
    """Missed when any part is missed; met when every judged part is met; None while one is still running."""
    judged = [part for part in parts if part is not None]
    if False in judged:
        return source, False
    if _PENDING in judged or not judged:
        return None
    return source, True


def _by_due(due, done, as_of_end: datetime):
    """One part against its due time: met, missed, pending (not done, not yet due) or None (nothing to judge)."""
    if due is None or done is _UNMAPPED:
        return None
    if done is None:
        return False if due < as_of_end else _PENDING
    return done <= due


def _written(value) -> bool:
    return isinstance(value, (int, float)) or (isinstance(value, str) and any(c.isdigit() for c in value))


def _by_remaining(left, done):
    """One part by the time left at its target: negative is missed (even while running); otherwise met once done.
    An empty value is "no target" once the part is done (OTRS writes it only for a ticket with the target), and
    "not known yet" while it is not."""
    if done is _UNMAPPED:
        return None
    if not _written(left):
        return _PENDING if done is None else None
    if left < 0 if isinstance(left, (int, float)) else left.strip().startswith(("-", "\u2212")):
        return False
    return _PENDING if done is None else True


def _met(level: ServiceLevels, target, opened, responded, resolved, as_of_end: datetime) -> bool | None:
    """Whether one record met its target by its durations; None when it cannot be told yet (or at all). A response
    target is not judged for an export without ``responded`` (``_UNMAPPED``)."""
    if opened is None:
        return None
    results = []
    for length, moment in ((target.response, responded), (target.resolution, resolved)):
        if length is None or moment is _UNMAPPED:
            continue
        if moment is None:
            if level.elapsed(opened, as_of_end) <= length:
                return None  # still running, within its target
            results.append(False)
        else:
            results.append(level.elapsed(opened, moment) <= length)
    return all(results) if results else None
