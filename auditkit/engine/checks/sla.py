"""sla_attainment: the share of records that met their agreement's target, per agreement, service and priority.

Each agreement with ``service_levels`` (auditkit/inputs/agreements.py) is matched with the selected record sets
of its services: a record set that maps a ``service`` column gives each record to the agreements of its
service; one that does not is taken whole for the services it declares (``services:``). A record meets its
target by the export's own flag when the record set maps ``met_sla``; otherwise by its durations, measured in
the agreement's service hours: ``responded`` (when mapped) within the response target, and ``resolved`` within
the resolution target, both from ``opened``. A record not yet resolved counts as missed once its target time
has passed by the assessment date, and is not measured before that. Attainment, for each priority the agreement
has a target for, is judged against the agreement's ``attainment`` target.
"""

from __future__ import annotations

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
        if ctx.evidence is None:  # asked before the evidence has loaded (an early scan): read at assessment time
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


def _judged(tally: Tally, period: str | None) -> list[tuple[bool, Message, Metric]]:
    records = tally.item.records
    by = "met_sla" if "met_sla" in records.columns else "durations"
    out = []
    for (agreement, service, priority), (met, measured) in sorted(tally.counted.groups.items()):
        levels = next(lv for lv in tally.counted.levels if lv.agreement == agreement)
        target = levels.target_for(priority)
        passed = measured > 0 and meets_threshold(met, measured, levels.attainment)
        how = msg("sla.by_flag") if by == "met_sla" else msg("sla.by_durations", target=target.written)
        words = msg("sla.attainment", agreement=agreement, service=service, priority=priority, met=f"{met:,}",
                    measured=f"{measured:,}", unit=unit_name(records), share=share_text(met, measured) if measured else "-",
                    target=f"{levels.attainment:.0%}", how=how, period=msg("records.scope.period", period=written_duration(period)) if period else "")
        condition = "met_sla = true" if by == "met_sla" else target.written
        out.append((passed, words, tally.metric("share", met, measured, truncated(met, measured), levels.attainment,
                                                passed, condition, {"field": "priority", "value": priority,
                                                                    "agreement": agreement, "service": service})))
    return out


class AttainmentCount(Count):
    """Per (agreement, service, priority): the records that met their target, and those measured."""

    def __init__(self, levels: list[ServiceLevels], window, date_field: str, as_of_end: datetime):
        super().__init__()
        self.levels, self.window, self.date_field, self.as_of_end = levels, window, date_field, as_of_end
        self.groups: dict = {}

    def fields(self) -> set[str]:
        return {"priority", "service", "met_sla", "opened", "responded", "resolved", self.date_field}

    def counter(self) -> Callable[[RecordBatch], None]:
        levels, groups, as_of_end = self.levels, self.groups, self.as_of_end
        start, end = self.window or (None, None)

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            kept = _in_window(batch.column(self.date_field), start, end) if start is not None else [True] * batch.size
            columns = [batch.column(name) for name in ("priority", "service", "met_sla", "opened", "responded", "resolved")]
            has_service, has_flag = "service" in batch.columns, "met_sla" in batch.columns
            for counted, priority, service, flag, opened, responded, resolved in zip(kept, *columns):
                if not counted:
                    continue
                for level in levels:
                    target = level.target_for(priority)
                    if target is None or (has_service and service not in level.services):
                        continue
                    met = flag if has_flag else _met(level, target, opened, responded, resolved,
                                                                       as_of_end)
                    if met is None:
                        continue
                    shown = service if has_service else ", ".join(level.services)
                    tally = groups.setdefault((level.agreement, shown, target.priority), [0, 0])
                    tally[0] += bool(met)
                    tally[1] += 1
                    self.total += 1
                    self.count += bool(met)

        return add


def _met(level: ServiceLevels, target, opened, responded, resolved, as_of_end: datetime) -> bool | None:
    """Whether one record met its target by its durations; None when it cannot be told yet (or at all)."""
    if opened is None:
        return None
    results = []
    for length, moment in ((target.response, responded), (target.resolution, resolved)):
        if length is None:
            continue
        if moment is None:
            if level.elapsed(opened, as_of_end) <= length:
                return None  # still running, within its target
            results.append(False)
        else:
            results.append(level.elapsed(opened, moment) <= length)
    return all(results) if results else None
