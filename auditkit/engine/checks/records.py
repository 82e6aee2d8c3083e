"""Rules over record sets: records_in_period and records_share (a share of records meeting a condition).

Records are streamed, memory flat in the number of records (except for record sets with a ``key``, where the
last row of each key is kept). Each rule splits in three steps so that an assessment reads each export once
for all the checks over it (:func:`evaluate_together`), instead of once per check: ``plan`` selects the record
sets and gives each a :class:`Tally` (or returns the result at once), the scan feeds every record to every tally
of its set, and ``finish`` turns the tallies into the result. ``evaluate`` runs the three for one check alone.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from fractions import Fraction
from functools import cache
from operator import and_
from typing import Callable

from auditkit.speed.collector import paused
from auditkit.inputs.dates import parse_duration
from auditkit.inputs.records import RecordBatch, RecordSpec, RecordValueError
from auditkit.engine.checks.base import CheckResult, Outcome, Rule, register
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
        return None, rule.result(Outcome.CANNOT_EVALUATE,
                                 "no record set among " + ", ".join(i.id for i in items), (i.locate() for i in items))
    return sets, None


def _window(spec, ctx):
    """(start, end) datetimes of the period before the assessment date, or None when no period is set."""
    if "period" not in spec.params:
        return None
    end = datetime.combine(ctx.as_of, time.max)
    start = datetime.combine(parse_duration(spec.params["period"]).before(ctx.as_of), time.min)
    return start, end


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
    def read(self) -> str:
        """What was read, naming the unit counted: "890 incidents (key `number`) from 5,998 rows"."""
        return units_read(self.item.records, self.counted.records, self.counted.rows)


class Plan:
    """A record check waiting for its scans: the tallies to fill, in item order, and how to conclude."""

    def __init__(self, tallies: list[Tally], finish: Callable[[], CheckResult]):
        self.tallies = tallies
        self.finish = finish


class RecordRule(Rule):
    """A rule over record sets whose evaluation can share one pass over each export with other checks."""

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        raise NotImplementedError

    def evaluate(self, spec, items, ctx) -> CheckResult:
        return evaluate_together([(self, spec, items, ctx)])[0]

    def plan_over(
        self,
        items,
        needed: list,
        make_tally: Callable[[object], Tally],
        judge: Callable[[Tally], tuple[bool, str]],
        failed: str = "",
    ) -> Plan | CheckResult:
        """The plan every record rule shares: a tally per selected record set, then one verdict per tally.

        A set that lacks a column in ``needed`` stops the check there (cannot evaluate); so does an unreadable
        value. ``judge`` says whether a filled tally passes, and in what words; ``failed`` prefixes a failure.
        """
        sets, early = _record_sets(self, items)
        if early:
            return early
        tallies: list[Tally] = []
        unmapped = None  # (item, missing fields) of the first set that lacks a column
        for item in sets:
            missing = _missing_fields(item, needed)
            if missing:
                unmapped = (item, missing)
                break
            tallies.append(make_tally(item))

        def finish() -> CheckResult:
            failures, passes, locations = [], [], []
            for tally in tallies:
                if tally.error:
                    return self.result(Outcome.CANNOT_EVALUATE, str(tally.error), [tally.error.location],
                                       input_fault=True)  # the organisation's export: a finding
                locations.append(tally.item.locate("records"))
                passed, text = judge(tally)
                (passes if passed else failures).append(text)
            if unmapped is not None:
                item, missing = unmapped
                return self.result(Outcome.CANNOT_EVALUATE, f"{item.id} maps no column for {', '.join(missing)}",
                                   [item.locate("records")])
            if failures:
                return self.result(Outcome.FAIL, failed + "; ".join(failures), locations)
            return self.result(Outcome.PASS, "; ".join(passes), locations)

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
    for export, tallies in by_export.values():
        counts, error = scan(export, [t.counted for t in tallies])
        for tally, count in zip(tallies, counts):
            tally.counted, tally.error = count, error
    return [plan.finish() if isinstance(plan, Plan) else plan for plan in planned]


def scan(spec: RecordSpec, counts: list[Count]) -> tuple[list[Count], RecordValueError | None]:
    """Feed every record of one export to each count; stop at the first value that cannot be read."""
    counters = [count.counter() for count in counts]
    try:
        with paused():  # batches are lists and tuples the cycle collector would walk for nothing (auditkit.speed.collector)
            for batch in spec.batches():
                for add in counters:
                    add(batch)
    except RecordValueError as exc:
        return counts, exc
    return counts, None


def unit_name(spec: RecordSpec) -> str:
    """What one record of ``spec`` is, in the plural: its declared unit, else "records" (or "rows" without a key)."""
    return spec.unit or ("records" if spec.key else "rows")


def units_read(spec: RecordSpec, records: int, rows: int) -> str:
    """The records an export gave, naming the unit and, for an event log, its key and the rows it came from."""
    if spec.key is None:
        return f"{records:,} {unit_name(spec)}" + (" (one a row)" if spec.unit else "")
    return f"{records:,} {unit_name(spec)} (key `{spec.columns[spec.key]}`) from {rows:,} rows"


def share_text(count: int, total: int) -> str:
    """``count / total`` as a percentage with one decimal, truncated: 20,762 of 20,769 is 99.9 %, never 100.0 %."""
    tenths = count * 1000 // total
    return f"{tenths // 10}.{tenths % 10}%"


def meets_threshold(count: int, total: int, threshold: float) -> bool:
    """``count / total >= threshold`` in exact arithmetic: a threshold written 0.95 is 19/20, and no share is
    rounded up to it."""
    return count * Fraction(str(threshold)).denominator >= Fraction(str(threshold)).numerator * total


def _written(value) -> str:
    """A condition's value as the catalog writes it: true, 3, "2 - High"."""
    return json.dumps(value, ensure_ascii=False)


def _condition_text(condition: dict) -> str:
    f = condition["field"]
    if "present" in condition:
        return f"{f} {'recorded' if condition['present'] else 'empty'}"
    if "equals" in condition:
        return f"{f} = {_written(condition['equals'])}"
    if "in" in condition:
        return f"{f} in [{', '.join(_written(value) for value in condition['in'])}]"
    if "within" in condition:
        return f"{f} within {condition['within']} of {condition['of']}"
    return f"{f} recorded"


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
        end = datetime.combine(ctx.as_of, time.max)
        start = datetime.combine(parse_duration(period).before(ctx.as_of), time.min)

        def judge(tally: Tally) -> tuple[bool, str]:
            return (tally.count >= wanted,
                    f"{tally.item.id}: {tally.count:,} of {tally.read} dated {start.date()}..{end.date()}")

        return self.plan_over(items, [date_field], lambda item: Tally(item, PeriodCount(date_field, start, end)), judge,
                              failed=f"too few records in the last {period} (need {wanted}): ")


class PeriodCount(Count):
    """Records in total, and those dated within [start, end]."""

    def __init__(self, date_field: str, start: datetime, end: datetime):
        super().__init__()
        self.date_field, self.start, self.end = date_field, start, end

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
        scope = f" in the last {spec.params['period']}" if window else ""
        scope += f" with {_condition_text(where)}" if where else ""

        def judge(tally: Tally) -> tuple[bool, str]:
            records = tally.item.records
            read = f"; read {tally.read}" if records.key else ""
            if tally.total < spec.params.get("min_records", 1):
                return False, f"{tally.item.id}: no {unit_name(records)}{scope} to measure{read}"
            passed = meets_threshold(tally.count, tally.total, threshold)
            return passed, (f"{tally.item.id}: {tally.count:,} of {tally.total:,} {unit_name(records)}{scope} have "
                            f"{_condition_text(condition)} ({share_text(tally.count, tally.total)}, "
                            f"target {threshold:.0%}){read}")

        needed = [condition["field"], condition.get("of"), where and where["field"], window and date_field]
        return self.plan_over(items, needed, lambda item: Tally(item, ShareCount(condition, where, window, date_field)), judge)


class ShareCount(Count):
    """The records (in the window, matching ``where``) in total, and of those, the ones meeting ``condition``."""

    def __init__(self, condition: dict, where: dict | None, window, date_field: str):
        super().__init__()
        self.condition, self.where, self.window, self.date_field = condition, where, window, date_field

    def counter(self) -> Callable[[RecordBatch], None]:
        meets, where = column_test(self.condition), column_test(self.where) if self.where else None
        field = self.date_field
        start, end = self.window or (None, None)

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            kept = _in_window(batch.column(field), start, end) if start is not None else None
            if where is not None:
                kept = where(batch) if kept is None else list(map(and_, kept, where(batch)))
            if kept is None:
                self.total += batch.size
                self.count += sum(meets(batch))
            else:
                self.total += sum(kept)
                self.count += sum(map(and_, kept, meets(batch)))

        return add
