"""Figures a check measured, as numbers: what it counted, out of what, in which unit, against which target.

A check's message says "12 of 14 incidents have met_sla = true (85.7%, target 90%)"; its metric carries the
same figures for a program (the assessment JSON, the report's tables) so that each can be recomputed: the value
is ``numerator / denominator`` truncated (never rounded up: 20,762 of 20,769 is 0.9996, not 1.0).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditkit.model.messages import Message


def truncated(numerator: int, denominator: int, places: int = 4) -> float | None:
    """``numerator / denominator`` cut (not rounded) to ``places`` decimals; None when nothing was counted."""
    if denominator == 0:
        return None
    scale: int = 10**places
    return (numerator * scale // denominator) / scale


@dataclass(frozen=True)
class Metric:
    """One figure of one check over one record set (or one group of its records)."""

    record_set: str
    """The evidence id of the record set."""
    measure: str
    """``share`` (numerator / denominator against a threshold share), ``count`` (numerator against a minimum) or
    ``percentile`` (value: a percentile of durations in hours against a maximum; numerator: the records within it)
    or ``rate`` (numerator / denominator against a threshold that is the most that passes, e.g. the reopen rate)."""
    numerator: int
    """The records that meet the condition (share), or that are dated in the period (count)."""
    denominator: int
    """The records measured: those in the period and scope (share), or every record read (count)."""
    unit: str
    """What one record is, in the plural ("incidents", "records", "rows")."""
    value: float | None
    """share: numerator / denominator truncated to 4 decimals (None when the denominator is 0); count: numerator."""
    threshold: float | int
    """share: the least share that passes; rate: the most that passes; count: the least number of records that
    passes (records_series: in each month); percentile: the most hours that pass."""
    passed: bool
    rows: int
    """Rows of the export read (more than the records for an event log)."""
    key: str | None = None
    """The column identifying a record of an event log; None: one record a row."""
    condition: "str | Message" = ""
    """What a record must meet (share), e.g. ``met_sla = true``; for a count, the period."""
    percentiles: dict[str, float | None] | None = None
    """For ``measure: percentile``: ``{"p50": hours, "p90": hours, ...}`` by nearest rank (each one record's value)."""
    group: dict[str, object] | None = None
    """For a per-group figure: ``{"field": ..., "value": ...}``, the group it is about (for SLA attainment also
    the ``agreement`` and the ``service``)."""
    sources: dict[str, int] | None = None
    """For SLA attainment: how many of the records measured each source decided (``flag``: the export's met-SLA
    flag, ``due``: its due times, ``remaining``: the time it says was left, ``targets``: durations against the
    agreement's targets); they add up to the denominator."""

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"record_set": self.record_set, "measure": self.measure, "numerator": self.numerator,
               "denominator": self.denominator, "unit": self.unit, "value": self.value, "threshold": self.threshold,
               "passed": self.passed, "rows": self.rows, "key": self.key, "condition": str(self.condition)}
        if isinstance(self.condition, Message):  # so a report in another language can write it too
            out["condition_template"] = self.condition.to_dict()
        if self.group is not None:
            out["group"] = dict(self.group)
        if self.percentiles is not None:
            out["percentiles"] = dict(self.percentiles)
        if self.sources is not None:
            out["sources"] = dict(self.sources)
        return out


def share_text(count: int, total: int) -> str:
    """``count / total`` as a percentage with one decimal, truncated: 20,762 of 20,769 is 99.9 %, never 100.0 %."""
    tenths = count * 1000 // total
    return f"{tenths // 10}.{tenths % 10}%"
