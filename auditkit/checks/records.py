"""Rules over record sets: records_in_period and records_share (a share of records meeting a condition).

Records are streamed: one pass per check, memory flat in the number of records (except for record sets with a
``key``, where the last row of each key is kept).
"""

from __future__ import annotations

from datetime import datetime, time

from ..dates import parse_duration
from ..records import RecordValueError
from .base import CheckResult, Outcome, Rule, register

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


def matches(condition: dict, record: dict) -> bool:
    """True when ``record`` meets ``condition`` (see docs/formats.md §4)."""
    value = record.get(condition["field"])
    if "present" in condition:
        return (value is not None) == condition["present"]
    if "equals" in condition:
        expected = condition["equals"]
        return value == expected or (isinstance(value, str) and isinstance(expected, str) and value.lower() == expected.lower())
    if "in" in condition:
        return value in condition["in"]
    if "within" in condition:
        start = record.get(condition["of"])
        return value is not None and start is not None and value - start <= parse_duration(condition["within"]).timedelta
    return value is not None


def _condition_text(condition: dict) -> str:
    f = condition["field"]
    if "present" in condition:
        return f"{f} {'recorded' if condition['present'] else 'empty'}"
    if "equals" in condition:
        return f"{f} = {condition['equals']}"
    if "in" in condition:
        return f"{f} in {condition['in']}"
    if "within" in condition:
        return f"{f} within {condition['within']} of {condition['of']}"
    return f"{f} recorded"


@register
class RecordsInPeriod(Rule):
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

    def evaluate(self, spec, items, ctx) -> CheckResult:
        sets, early = _record_sets(self, items)
        if early:
            return early
        date_field = spec.params.get("date_field", "opened")
        wanted = spec.params.get("min", 1)
        period = spec.params.get("period", "12 months")
        end = datetime.combine(ctx.as_of, time.max)
        start = datetime.combine(parse_duration(period).before(ctx.as_of), time.min)
        failures, passes, locations = [], [], []
        for item in sets:
            loc = item.locate("records")
            missing = _missing_fields(item, [date_field])
            if missing:
                return self.result(Outcome.CANNOT_EVALUATE, f"{item.id} maps no {date_field!r} column", [loc])
            count = total = 0
            try:
                for _line, record in item.records.records():
                    total += 1
                    when = record.get(date_field)
                    if when is not None and start <= when <= end:
                        count += 1
            except RecordValueError as exc:
                return self.result(Outcome.CANNOT_EVALUATE, str(exc), [exc.location])
            locations.append(loc)
            text = f"{item.id}: {count} of {total} records dated {start.date()}..{end.date()}"
            (passes if count >= wanted else failures).append(text)
        if failures:
            return self.result(Outcome.FAIL, f"too few records in the last {period} (need {wanted}): " + "; ".join(failures), locations)
        return self.result(Outcome.PASS, "; ".join(passes), locations)


@register
class RecordsShare(Rule):
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

    def evaluate(self, spec, items, ctx) -> CheckResult:
        sets, early = _record_sets(self, items)
        if early:
            return early
        condition = spec.params["condition"]
        where = spec.params.get("where")
        threshold = spec.params["threshold"]
        date_field = spec.params.get("date_field", "opened")
        window = _window(spec, ctx)
        needed = [condition["field"], condition.get("of"), where and where["field"], window and date_field]
        failures, passes, locations = [], [], []
        for item in sets:
            loc = item.locate("records")
            missing = _missing_fields(item, needed)
            if missing:
                return self.result(Outcome.CANNOT_EVALUATE, f"{item.id} maps no column for {', '.join(missing)}", [loc])
            met = total = 0
            try:
                for _line, record in item.records.records():
                    if window:
                        when = record.get(date_field)
                        if when is None or not window[0] <= when <= window[1]:
                            continue
                    if where and not matches(where, record):
                        continue
                    total += 1
                    met += matches(condition, record)
            except RecordValueError as exc:
                return self.result(Outcome.CANNOT_EVALUATE, str(exc), [exc.location])
            locations.append(loc)
            scope = f" in the last {spec.params['period']}" if window else ""
            if total < spec.params.get("min_records", 1):
                failures.append(f"{item.id}: no records{scope} to measure")
                continue
            share = met / total
            text = f"{item.id}: {met} of {total} records{scope} have {_condition_text(condition)} ({share:.1%}, target {threshold:.0%})"
            (passes if share >= threshold else failures).append(text)
        if failures:
            return self.result(Outcome.FAIL, "; ".join(failures), locations)
        return self.result(Outcome.PASS, "; ".join(passes), locations)
