"""Rules over record sets: records_in_period and records_share (a share of records meeting a condition).

Records are streamed, memory flat in the number of records (except for record sets with a ``key``, where the
last row of each key is kept). Each rule splits in three steps so that an assessment reads each export once
for all the checks over it (:func:`evaluate_together`), instead of once per check: ``plan`` selects the record
sets and gives each a :class:`Tally` (or returns the result at once), the scan feeds every record to every tally
of its set, and ``finish`` turns the tallies into the result. ``evaluate`` runs the three for one check alone.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time
from fractions import Fraction
from functools import cache
from operator import and_
from typing import Callable

from auditkit.speed.collector import paused
from auditkit.inputs.dates import parse_duration
from auditkit.inputs.records import NativeReader, RecordBatch, RecordSpec, RecordValueError
from auditkit.engine.checks.base import CheckResult, Outcome, Rule, register
from auditkit.engine.checks.conditions import condition_problems, duration_problems
from auditkit.model.messages import Message, duration, msg
from auditkit.model.metrics import Metric, share_text, truncated
from auditkit.engine.scanning import RecordScanner

CONDITION = {
    "type": "object",
    "properties": {
        "field": {"type": "string"},
        "equals": {"type": ["string", "number", "boolean"]},
        "in": {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
        "present": {"type": "boolean"},
        "within": {"type": "string"},
        "of": {"type": "string"},
    },
    "required": ["field"],
    "additionalProperties": False,
    "dependentRequired": {"within": ["of"], "of": ["within"]},
}


def _record_sets(rule: Rule, items):
    """The selected items that are record sets, or a cannot-evaluate result when there are none."""
    sets = [item for item in items if item.records is not None]
    if not sets:
        return None, rule.result(Outcome.CANNOT_EVALUATE, msg("records.no_record_set", items=", ".join(i.id for i in items)),
                                 (i.locate() for i in items))
    return sets, None


def period_window(period: str, as_of: date) -> tuple[datetime, datetime]:
    """(start, end): the whole days of ``period`` up to the assessment date."""
    return datetime.combine(parse_duration(period).before(as_of), time.min), datetime.combine(as_of, time.max)


def _window(spec, ctx):
    """The period's (start, end) before the assessment date, or None when no period is set."""
    return period_window(spec.params["period"], ctx.as_of) if "period" in spec.params else None


def _missing_fields(item, fields) -> list[str]:
    return [f for f in fields if f and f not in item.records.columns]


def column_test(condition: dict) -> Callable[[RecordBatch], list[bool]]:
    """``condition`` (see docs/formats.md §4) as a function giving, for a batch of records, whether each meets it.
    Built once; every test is defined for every value (so it may run over records a scan then leaves out)."""
    field = condition["field"]
    if "present" in condition:
        wanted = condition["present"]
        return lambda batch: [(value is not None) == wanted for value in batch.column(field)]
    if "equals" in condition:
        expected = condition["equals"]
        if isinstance(expected, bool):  # typed: True is not 1
            return lambda batch: [value is expected for value in batch.column(field)]
        if not isinstance(expected, str):
            return lambda batch: [value == expected and value.__class__ is not bool for value in batch.column(field)]
        lowered = expected.lower()  # text compares case-insensitively
        return lambda batch: [value == expected or (value.__class__ is str and value.lower() == lowered)
                              for value in batch.column(field)]
    if "in" in condition:
        values = condition["in"]
        return lambda batch: [value in values for value in batch.column(field)]
    if "within" in condition:
        of, length = condition["of"], _length(condition["within"])
        return lambda batch: [value is not None and start is not None and value - start <= length
                              for value, start in zip(batch.column(field), batch.column(of))]
    return lambda batch: [value is not None for value in batch.column(field)]


def _in_window(moments: list, start: datetime, end: datetime) -> list[bool]:
    return [moment is not None and start <= moment <= end for moment in moments]


@cache
def _length(text: str):
    """The exact length of a duration, parsed once per text."""
    return parse_duration(text).timedelta


class Count:
    """What one check counts in one record set. Plain data, so that a worker process can fill it (:func:`scan`)
    and send it back; :meth:`counter` gives the function that counts a batch of records, built where the export
    is read."""

    def __init__(self) -> None:
        self.total = self.count = 0
        self.rows = self.records = 0
        """Rows of the export read, and the records they make (an event log has several rows a record)."""

    def counter(self) -> Callable[[RecordBatch], None]:
        raise NotImplementedError

    def fields(self) -> "set[str] | None":
        """The logical fields the counter reads (the scan converts no other); None: every field."""
        return None


class Tally:
    """The count of one check over one record set, and the first value of the export that could not be read (if
    any: the check cannot be evaluated then)."""

    def __init__(self, item, count: Count):
        self.item = item
        self.counted = count
        self.error: RecordValueError | None = None

    @property
    def total(self) -> int:
        return self.counted.total

    @property
    def count(self) -> int:
        return self.counted.count

    @property
    def read(self) -> Message:
        """What was read, naming the unit counted: "890 incidents (key `number`) from 5,998 rows"."""
        return units_read(self.item.records, self.counted.records, self.counted.rows)

    def metric(self, measure: str, numerator: int, denominator: int, value, threshold, passed: bool, condition: str,
               group: dict | None = None) -> Metric:
        records = self.item.records
        return Metric(self.item.id, measure, numerator, denominator, str(unit_name(records)), value, threshold, passed,
                      self.counted.rows, records.columns[records.key] if records.key else None, condition, group=group)


class Plan:
    """A record check waiting for its scans: the tallies to fill, in item order, and how to conclude."""

    def __init__(self, tallies: list[Tally], finish: Callable[[], CheckResult]):
        self.tallies = tallies
        self.finish = finish


class RecordRule(Rule):
    """A rule over record sets whose evaluation can share one pass over each export with other checks."""

    needs_evidence = False
    """Its plan reads other evidence items than the record sets it counts (an agreement's targets): it can be
    planned only once the whole evidence has loaded."""

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        raise NotImplementedError

    def evaluate(self, spec, items, ctx) -> CheckResult:
        return evaluate_together([(self, spec, items, ctx)])[0]

    def param_problems(self, params: dict) -> list[tuple[tuple, str]]:
        """The cadence, and the record conditions (``condition``, ``where``) a rule over records may take."""
        return super().param_problems(params) + [
            found for key in ("condition", "where") for found in condition_problems(params.get(key), (key,))]

    def plan_over(
        self,
        items,
        make_tally: Callable[[object], Tally],
        judge: Callable[[Tally], list[tuple[bool, Message, Metric]]],
        failed: Callable[[list[Message]], Message] | None = None,
    ) -> Plan | CheckResult:
        """The plan every record rule shares: a tally per selected record set, then verdicts per tally.

        A set that lacks a column its count reads stops the check there (cannot evaluate); so does an unreadable
        value. ``judge`` gives, for a filled tally, one (passed, words, figures) per thing it judges (the record
        set, or each group of its records); ``failed`` words the failures together.
        """
        sets, early = _record_sets(self, items)
        if early:
            return early
        tallies: list[Tally] = []
        unmapped = None  # (item, missing fields) of the first set that lacks a column
        for item in sets:
            tally = make_tally(item)
            missing = _missing_fields(item, sorted(field for field in tally.counted.fields() or () if field))
            if missing:
                unmapped = (item, missing)
                break
            tallies.append(tally)

        def finish() -> CheckResult:
            failures, passes, locations, at_fault, metrics = [], [], [], [], []
            for tally in tallies:
                if tally.error:
                    return self.result(Outcome.CANNOT_EVALUATE, str(tally.error), [tally.error.location],
                                       input_fault=True)  # the organisation's export: a finding
                judged = judge(tally)
                for passed, words, metric in judged:
                    if words is not None:  # a figure without its own sentence (one of a series)
                        (passes if passed else failures).append(words)
                    metrics.append(metric)
                all_passed = all(passed for passed, _words, _metric in judged)
                (locations if all_passed else at_fault).append(tally.item.locate("records"))
            if unmapped is not None:
                item, missing = unmapped
                return self.result(Outcome.CANNOT_EVALUATE, msg("records.unmapped", item=item.id, fields=", ".join(missing)),
                                   [item.locate("records")])
            if failures:  # the record sets at fault are the evidence; the others were examined (issue 15)
                words = failed(failures) if failed else msg("join", items=failures)
                return replace(self.result(Outcome.FAIL, words, at_fault, metrics=metrics), examined=tuple(locations))
            return self.result(Outcome.PASS, msg("join", items=passes), locations, metrics=metrics)

        return Plan(tallies, finish)


def evaluate_together(jobs: list[tuple[RecordRule, object, list, object]], started: RecordScanner | None = None) -> list[CheckResult]:
    """Evaluate record checks ``(rule, spec, items, ctx)``, reading each record export once for all of them.

    The results are those each check would give alone: every tally of an export sees the same records, and an
    unreadable value stops the scan for every check of that export, as it would have stopped each of them.
    ``started`` (a :class:`auditkit.engine.scanning.RecordScanner`) has the counts of some checks over some exports
    already being read in worker processes: ``started.take(spec, item)`` gives them, or None.
    """
    planned = [rule.plan(spec, items, ctx) for rule, spec, items, ctx in jobs]
    by_export: dict[int, tuple[RecordSpec, list[Tally]]] = {}
    taken = []
    for (_rule, spec, _items, _ctx), plan in zip(jobs, planned):
        if isinstance(plan, Plan):
            for tally in plan.tallies:
                counting = started.take(spec, tally.item) if started is not None else None
                if counting is not None:
                    taken.append((tally, counting))
                else:
                    export = tally.item.records
                    by_export.setdefault(id(export), (export, []))[1].append(tally)
    for tally, counting in taken:
        tally.counted, tally.error = counting()
    native = getattr(started, "native", None)
    for export, tallies in by_export.values():
        counts, error = scan(export, [t.counted for t in tallies], native)
        for tally, count in zip(tallies, counts):
            tally.counted, tally.error = count, error
    return [plan.finish() if isinstance(plan, Plan) else plan for plan in planned]


def scan(spec: RecordSpec, counts: list[Count],
         native: NativeReader | None = None) -> tuple[list[Count], RecordValueError | None]:
    """Feed every record of one export to each count; stop at the first value that cannot be read. ``native``: a
    reader of large CSV event logs in C (:meth:`auditkit.inputs.records.RecordSpec.batches`), same records."""
    counters = [count.counter() for count in counts]
    wanted = [count.fields() for count in counts]
    fields = None if any(f is None for f in wanted) else {name for f in wanted for name in f if name}
    try:
        with paused():  # batches are lists and tuples the cycle collector would walk for nothing (auditkit.speed.collector)
            for batch in spec.batches(fields=fields, native=native):
                for add in counters:
                    add(batch)
    except RecordValueError as exc:
        return counts, exc
    return counts, None


def unit_name(spec: RecordSpec) -> "str | Message":
    """What one record of ``spec`` is, in the plural: its declared unit (as the user wrote it), else "records", or
    "rows" without a key."""
    return spec.unit or msg("records.unit.records" if spec.key else "records.unit.rows")


def units_read(spec: RecordSpec, records: int, rows: int) -> Message:
    """The records an export gave, naming the unit and, for an event log, its key and the rows it came from."""
    if spec.key is None:
        return msg("records.read.rows", records=f"{records:,}", unit=unit_name(spec))
    return msg("records.read.keyed", records=f"{records:,}", unit=unit_name(spec), key_column=spec.columns[spec.key],
               rows=f"{rows:,}")


def meets_threshold(count: int, total: int, threshold: float) -> bool:
    """``count / total >= threshold`` in exact arithmetic: a threshold written 0.95 is 19/20, and no share is
    rounded up to it."""
    return count * Fraction(str(threshold)).denominator >= Fraction(str(threshold)).numerator * total


def _written(value) -> str:
    """A condition's value as the catalog writes it: true, 3, "2 - High"."""
    return json.dumps(value, ensure_ascii=False)


def _condition_text(condition: dict) -> Message:
    f = condition["field"]
    if "present" in condition:
        return msg("records.condition.recorded" if condition["present"] else "records.condition.empty", field=f)
    if "equals" in condition:
        return msg("records.condition.equals", field=f, value=_written(condition["equals"]))
    if "in" in condition:
        return msg("records.condition.in", field=f, values=", ".join(_written(value) for value in condition["in"]))
    if "within" in condition:
        return msg("records.condition.within", field=f, length=written_duration(condition["within"]), of=condition["of"])
    return msg("records.condition.recorded", field=f)


def written_duration(text: str) -> Message:
    """A duration the catalog wrote ("3 months"), in the language of the sentence that says it."""
    return duration(parse_duration(text))


def _scope(period: str | None, where: dict | None) -> "Message | str":
    """Which records a share is over: those of the period, those matching ``where``, both, or all ("")."""
    if period and where:
        return msg("records.scope.both", period=written_duration(period), condition=_condition_text(where))
    if period:
        return msg("records.scope.period", period=written_duration(period))
    if where:
        return msg("records.scope.where", condition=_condition_text(where))
    return ""


@register
class RecordsInPeriod(RecordRule):
    name = "records_in_period"
    params_schema = {
        "type": "object",
        "properties": {
            "period": {"type": "string"},
            "date_field": {"type": "string"},
            "min": {"type": "integer", "minimum": 1},
        },
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        date_field = spec.params.get("date_field", "opened")
        wanted = spec.params.get("min", 1)
        period = spec.params.get("period", "12 months")
        start, end = period_window(period, ctx.as_of)

        def judge(tally: Tally) -> list:
            passed = tally.count >= wanted
            words = msg("records.in_period", item=tally.item.id, count=f"{tally.count:,}", read=tally.read,
                        start=start.date().isoformat(), end=end.date().isoformat())
            span = msg("metric.dated", field=date_field, span=f"{start.date()}..{end.date()}")
            return [(passed, words, tally.metric("count", tally.count, tally.total, tally.count, wanted, passed, span))]

        return self.plan_over(items, lambda item: Tally(item, PeriodCount(date_field, start, end)), judge,
                              failed=lambda failures: msg("records.too_few", period=written_duration(period), min=wanted, details=failures))


class PeriodCount(Count):
    """Records in total, and those dated within [start, end]."""

    def __init__(self, date_field: str, start: datetime, end: datetime):
        super().__init__()
        self.date_field, self.start, self.end = date_field, start, end

    def fields(self) -> set[str]:
        return {self.date_field}

    def counter(self) -> Callable[[RecordBatch], None]:
        field, start, end = self.date_field, self.start, self.end

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            self.total += batch.size
            self.count += sum(_in_window(batch.column(field), start, end))

        return add


@register
class RecordsShare(RecordRule):
    name = "records_share"
    params_schema = {
        "type": "object",
        "properties": {
            "condition": CONDITION,
            "where": CONDITION,
            "threshold": {"type": "number", "minimum": 0, "maximum": 1},
            "period": {"type": "string"},
            "date_field": {"type": "string"},
            "min_records": {"type": "integer", "minimum": 1},
            "group_by": {"type": "string"},
        },
        "required": ["condition", "threshold"],
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        condition = spec.params["condition"]
        where = spec.params.get("where")
        threshold = spec.params["threshold"]
        date_field = spec.params.get("date_field", "opened")
        window = _window(spec, ctx)
        scope = _scope(spec.params["period"] if window else None, where)
        group_by = spec.params.get("group_by")
        least = spec.params.get("min_records", 1)
        said = _condition_text(condition)

        def judge(tally: Tally) -> list:
            records = tally.item.records
            read = msg("records.read.suffix", read=tally.read) if records.key else ""
            if group_by is None:
                groups = [(None, tally.item.id, tally.count, tally.total)]
            else:
                groups = [({"field": group_by, "value": value},
                           msg("records.group", item=tally.item.id, field=group_by, value=_shown(value)), count, total)
                          for value, (count, total) in sorted(tally.counted.groups.items(), key=_group_order)]
                if not groups:
                    groups = [(None, tally.item.id, 0, 0)]
            out = []
            for group, subject, count, total in groups:
                if total < least:
                    words = msg("records.nothing_to_measure", subject=subject, unit=unit_name(records), scope=scope,
                                read=read)
                    out.append((False, words, tally.metric("share", count, total, truncated(count, total), threshold,
                                                           False, said, group)))
                    continue
                passed = meets_threshold(count, total, threshold)
                words = msg("records.share", subject=subject, count=f"{count:,}", total=f"{total:,}",
                            unit=unit_name(records), scope=scope, condition=said, share=share_text(count, total),
                            target=f"{threshold:.0%}", read=read)
                out.append((passed, words, tally.metric("share", count, total, truncated(count, total), threshold,
                                                        passed, said, group)))
            return out

        return self.plan_over(items,
                              lambda item: Tally(item, ShareCount(condition, where, window, date_field, group_by)), judge)


class ShareCount(Count):
    """The records (in the window, matching ``where``) in total, and of those, the ones meeting ``condition``."""

    def __init__(self, condition: dict, where: dict | None, window, date_field: str, group_by: str | None = None):
        super().__init__()
        self.condition, self.where, self.window, self.date_field = condition, where, window, date_field
        self.group_by = group_by
        self.groups: dict = {}
        """With ``group_by``: value of the field -> [records meeting the condition, records measured]."""

    def fields(self) -> set[str]:
        read = {self.condition["field"], self.condition.get("of"), self.group_by}
        if self.where:
            read |= {self.where["field"], self.where.get("of")}
        if self.window:
            read.add(self.date_field)
        return read

    def counter(self) -> Callable[[RecordBatch], None]:
        meets, where = column_test(self.condition), column_test(self.where) if self.where else None
        field = self.date_field
        start, end = self.window or (None, None)
        group_by, groups = self.group_by, self.groups

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            kept = _in_window(batch.column(field), start, end) if start is not None else None
            if where is not None:
                kept = where(batch) if kept is None else list(map(and_, kept, where(batch)))
            met = meets(batch)
            if group_by is not None:
                for value, counted, measured in zip(batch.column(group_by), met, kept or [True] * batch.size):
                    if measured:
                        tally = groups.get(value)
                        if tally is None:
                            tally = groups[value] = [0, 0]
                        tally[0] += counted
                        tally[1] += 1
            if kept is None:
                self.total += batch.size
                self.count += sum(met)
            else:
                self.total += sum(kept)
                self.count += sum(map(and_, kept, met))

        return add


def _shown(value) -> str:
    """A group's value as a message shows it (an empty one as "(empty)")."""
    if value is None:
        return "(empty)"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _group_order(item) -> tuple:
    """Groups in the order of their values, the empty group last."""
    value = item[0]
    return (value is None, str(type(value)), value if value is not None else 0)


@register
class RecordsDurations(RecordRule):
    """Percentiles of the time from one date of a record to another (e.g. opened to resolved), nearest rank."""

    name = "records_durations"
    params_schema = {
        "type": "object",
        "properties": {
            "start": {"type": "string"},
            "end": {"type": "string"},
            "percentile": {"type": "integer", "minimum": 1, "maximum": 100},
            "within": {"type": "string"},
            "period": {"type": "string"},
            "date_field": {"type": "string"},
            "group_by": {"type": "string"},
        },
        "required": ["within"],
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def param_problems(self, params: dict) -> list[tuple[tuple, str]]:
        return super().param_problems(params) + duration_problems(params["within"], ("within",))

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        start, end = spec.params.get("start", "opened"), spec.params.get("end", "resolved")
        rank, within = spec.params.get("percentile", 90), _length(spec.params["within"])
        window, date_field = _window(spec, ctx), spec.params.get("date_field", "opened")
        group_by = spec.params.get("group_by")
        limit = within.total_seconds() / 3600

        def judge(tally: Tally) -> list:
            records = tally.item.records
            groups = sorted(tally.counted.hours.items(), key=_group_order) if group_by else \
                [(None, [h for hours in tally.counted.hours.values() for h in hours])]
            out = []
            for value, hours in groups:
                hours = sorted(hours)
                subject = tally.item.id if group_by is None else msg("records.group", item=tally.item.id,
                                                                        field=group_by, value=_shown(value))
                figures = {f"p{q}": nearest_rank(hours, q) for q in sorted({50, 90, 95, rank})}
                found = figures[f"p{rank}"]
                passed = found is not None and found <= limit
                words = msg("records.durations", subject=subject, measured=f"{len(hours):,}", unit=unit_name(records),
                            start=start, end=end, rank=rank, found=_hours(found), within=written_duration(spec.params["within"]),
                            all=", ".join(f"{k} {_hours(v)}" for k, v in figures.items()))
                metric = tally.metric("percentile", sum(1 for h in hours if h <= limit), len(hours), found, limit,
                                      passed, msg("metric.percentile", end=end, start=start, rank=rank,
                                                             within=written_duration(spec.params["within"])),
                                      None if group_by is None else {"field": group_by, "value": value})
                out.append((passed, words, replace(metric, percentiles=figures)))
            return out

        return self.plan_over(items,
                              lambda item: Tally(item, DurationCount(start, end, window, date_field, group_by)), judge)


def nearest_rank(values: list[float], q: int) -> float | None:
    """The ``q``-th percentile of sorted ``values`` by nearest rank: the smallest value that at least q % of the
    values do not exceed (always one of the values)."""
    if not values:
        return None
    return values[max(0, -(-q * len(values) // 100) - 1)]


def _hours(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} h"


class DurationCount(Count):
    """The hours from ``start`` to ``end`` of each record (in the window) that has both, per group."""

    def __init__(self, start: str, end: str, window, date_field: str, group_by: str | None):
        super().__init__()
        self.start, self.end, self.window, self.date_field, self.group_by = start, end, window, date_field, group_by
        self.hours: dict = {}

    def fields(self) -> set[str]:
        return {self.start, self.end, self.group_by, self.window and self.date_field}

    def counter(self) -> Callable[[RecordBatch], None]:
        begin, finish = self.window or (None, None)

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            kept = _in_window(batch.column(self.date_field), begin, finish) if begin is not None else [True] * batch.size
            groups = batch.column(self.group_by) if self.group_by else [None] * batch.size
            for counted, opened, closed, group in zip(kept, batch.column(self.start), batch.column(self.end), groups):
                if counted and opened is not None and closed is not None:
                    self.hours.setdefault(group, []).append((closed - opened).total_seconds() / 3600)
                    self.total += 1

        return add
