"""Built-in record metrics beyond a share and a count: reopen rate, links to problems, changes and configuration
items, and the monthly series of records (issue 16 item 3).

- ``records_reopened``: the share of records reopened at least once (``reopen_count`` >= 1, or a true flag),
  judged against a maximum rate (the lower the better).
- ``records_linked``: for each link field (``problem``, ``change``, ``ci``, ...), the share of records that name
  one, judged against a least share.
- ``records_series``: records per whole calendar month of the period, judged against a least number per month: a month
  with too few is a gap in the series the measurement should have produced (9.1 c)). The report draws it.

Each writes its figures as metrics (numerator, denominator, unit, value truncated, threshold, group), and shares the
one pass over each export with the other record checks (auditkit/engine/checks/records.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Callable

from auditkit.engine.checks.base import CheckResult, register
from auditkit.engine.checks.records import (Count, Plan, RecordRule, Tally, _in_window, _scope, _window,
                                            meets_threshold, period_window, unit_name, written_duration)
from auditkit.inputs.records import RecordBatch
from auditkit.model.messages import msg
from auditkit.model.metrics import share_text, truncated

_PERIOD = {"period": {"type": "string"}, "date_field": {"type": "string"}}


def at_most(count: int, total: int, limit: float) -> bool:
    """``count / total <= limit`` in exact arithmetic (a limit written 0.05 is 1/20)."""
    exact = Fraction(str(limit))
    return count * exact.denominator <= exact.numerator * total


class FlagCount(Count):
    """The records (in the window) in total, and per field the records whose value counts (``counts(value)``)."""

    def __init__(self, fields: list[str], counts: Callable[[object], bool], window, date_field: str):
        super().__init__()
        self.fields_read, self.counts, self.window, self.date_field = fields, counts, window, date_field
        self.per_field = {name: 0 for name in fields}

    def fields(self) -> set[str]:
        return {*self.fields_read, self.window and self.date_field}

    def counter(self) -> Callable[[RecordBatch], None]:
        start, end = self.window or (None, None)
        counts, per_field = self.counts, self.per_field

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            kept = _in_window(batch.column(self.date_field), start, end) if start is not None else None
            self.total += batch.size if kept is None else sum(kept)
            for name in self.fields_read:
                values = batch.column(name)
                if kept is None:
                    per_field[name] += sum(1 for value in values if counts(value))
                else:
                    per_field[name] += sum(1 for value, measured in zip(values, kept) if measured and counts(value))
            self.count = per_field[self.fields_read[0]]

        return add


def _reopened(value) -> bool:
    """A record was reopened: a count of one or more, or a true flag (a text "yes" is not read as a count)."""
    if value is True:
        return True
    return value.__class__ in (int, float) and value >= 1


def _linked(value) -> bool:
    return value is not None and value != ""


@register
class RecordsReopened(RecordRule):
    name = "records_reopened"
    params_schema = {
        "type": "object",
        "properties": {"field": {"type": "string"}, "max": {"type": "number", "minimum": 0, "maximum": 1}, **_PERIOD},
        "required": ["max"],
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        field, limit = spec.params.get("field", "reopen_count"), spec.params["max"]
        window, date_field = _window(spec, ctx), spec.params.get("date_field", "opened")
        scope = _scope(spec.params["period"] if window else None, None)

        def judge(tally: Tally) -> list:
            count, total = tally.counted.per_field[field], tally.total
            passed = total > 0 and at_most(count, total, limit)
            words = msg("records.reopened", subject=tally.item.id, count=f"{count:,}", total=f"{total:,}",
                        unit=unit_name(tally.item.records), scope=scope, field=field,
                        share=share_text(count, total) if total else "-", limit=f"{limit:.0%}", read=tally.read)
            return [(passed, words, tally.metric("rate", count, total, truncated(count, total), limit, passed,
                                                 f"{field} >= 1"))]

        return self.plan_over(items,
                              lambda item: Tally(item, FlagCount([field], _reopened, window, date_field)), judge)


@register
class RecordsLinked(RecordRule):
    name = "records_linked"
    params_schema = {
        "type": "object",
        "properties": {
            "links": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "threshold": {"type": "number", "minimum": 0, "maximum": 1},
            **_PERIOD,
        },
        "required": ["links", "threshold"],
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        links, threshold = list(dict.fromkeys(spec.params["links"])), spec.params["threshold"]
        window, date_field = _window(spec, ctx), spec.params.get("date_field", "opened")
        scope = _scope(spec.params["period"] if window else None, None)

        def judge(tally: Tally) -> list:
            out, total = [], tally.total
            for link in links:
                count = tally.counted.per_field[link]
                passed = total > 0 and meets_threshold(count, total, threshold)
                words = msg("records.linked", subject=tally.item.id, count=f"{count:,}", total=f"{total:,}",
                            unit=unit_name(tally.item.records), scope=scope, link=link,
                            share=share_text(count, total) if total else "-", target=f"{threshold:.0%}", read=tally.read)
                out.append((passed, words, tally.metric("share", count, total, truncated(count, total), threshold, passed,
                                                        msg("records.condition.recorded", field=link), {"field": "link", "value": link})))
            return out

        return self.plan_over(items,
                              lambda item: Tally(item, FlagCount(links, _linked, window, date_field)), judge)


def months(start: date, end: date) -> list[str]:
    """The whole calendar months from ``start`` to ``end``, as ``YYYY-MM``: a month the period covers only in part
    (it starts in its middle, or the assessment date falls before its last day) cannot show a gap, and is left out."""
    out, year, month = [], start.year, start.month
    if start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while True:
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        if date(*following, 1) > end + timedelta(days=1):
            return out
        out.append(f"{year:04d}-{month:02d}")
        year, month = following


class MonthCount(Count):
    """Records per calendar month of their date, within the window."""

    def __init__(self, date_field: str, window):
        super().__init__()
        self.date_field, self.window = date_field, window
        self.per_month: dict[str, int] = {}

    def fields(self) -> set[str]:
        return {self.date_field}

    def counter(self) -> Callable[[RecordBatch], None]:
        start, end = self.window
        per_month = self.per_month

        def add(batch: RecordBatch) -> None:
            self.rows += batch.row_count
            self.records += batch.size
            self.total += batch.size
            for moment in batch.column(self.date_field):
                if moment is not None and start <= moment <= end:
                    key = f"{moment.year:04d}-{moment.month:02d}"
                    per_month[key] = per_month.get(key, 0) + 1
                    self.count += 1

        return add


@register
class RecordsSeries(RecordRule):
    name = "records_series"
    params_schema = {
        "type": "object",
        "properties": {"min_per_month": {"type": "integer", "minimum": 1}, **_PERIOD},
        "additionalProperties": False,
    }
    cadence_params = ("period",)

    def plan(self, spec, items, ctx) -> Plan | CheckResult:
        date_field, least = spec.params.get("date_field", "opened"), spec.params.get("min_per_month", 1)
        period = spec.params.get("period", "12 months")
        window = period_window(period, ctx.as_of)
        wanted = months(window[0].date(), window[1].date())

        def judge(tally: Tally) -> list:
            counts = tally.counted.per_month
            series = [(month, counts.get(month, 0)) for month in wanted]
            gaps = [month for month, count in series if count < least]
            words = msg("records.series", subject=tally.item.id, months=len(wanted), period=written_duration(period), least=least,
                        series=", ".join(f"{month} {count:,}" for month, count in series),
                        gaps=msg("records.series.gaps", months=", ".join(gaps)) if gaps else msg("records.series.none"),
                        unit=unit_name(tally.item.records))
            metrics = [tally.metric("count", count, tally.counted.count, count, least, count >= least,
                                    msg("metric.dated", field=date_field, span=month), {"field": "month", "value": month})
                       for month, count in series]
            # one sentence for the series (passed only without a gap), then a figure per month
            return [(not gaps, words, metrics[0])] + [(not gaps, None, metric) for metric in metrics[1:]]

        return self.plan_over(items, lambda item: Tally(item, MonthCount(date_field, window)), judge)
