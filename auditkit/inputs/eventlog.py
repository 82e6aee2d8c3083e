"""Event logs: an export with several rows (events) per record, reduced to one record per key.

A ticket tool's audit log writes a row each time an incident changes. Auditors count incidents, not updates,
so a record set declares its ``key`` (which field names the incident), the ``order_by`` fields that put the
events of one key in order (``[mod_count]``, or a timestamp), and how each field is reduced over them
(``first``, ``last``, ``max``, ``min``, ``any``, ``count``; ``last`` unless said otherwise). The order is taken
from the values, never from where a row stands in the file, so any shuffling of the same rows gives the same
records. Two events of one key with the same order are an error (the result would depend on the file's row
order) unless the record set declares ``ties: file-order``.

The reduction works on columns (logical field -> values in file order), the shape both readings of an export
share (:mod:`auditkit.records`): it returns positions, and each reading maps them back to lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress

REDUCTIONS = ("last", "first", "max", "min", "any", "count")
"""How a field of an event log is reduced over the events of one key (docs/formats.md, record sets)."""

FILE_ORDER = "file-order"
"""``order_by: file-order`` or ``ties: file-order``: the user declares that the file's row order counts."""


class EventOrderError(ValueError):
    """Two events of one key that the declared order cannot tell apart, or an event without an order value."""

    def __init__(self, key, positions: tuple[int, ...], field_name: str | None = None):
        self.key = key
        self.positions = positions
        """Positions (0-based, in file order) of the events concerned, earliest first."""
        self.field_name = field_name
        """For an event without an order value: the order field it lacks."""
        super().__init__(f"events {positions} of key {key!r}")


@dataclass(frozen=True)
class EventLog:
    """How the events of an export become records: key, order of events, reduction per field."""

    key: str
    """The logical field naming the record an event belongs to; an event without it stands on its own."""
    order_by: tuple[str, ...] = ()
    """Logical fields ordering the events of one key, earliest first; empty: the file's row order (declared)."""
    ties: str = "error"
    """``error``: events of one key with the same order are an error; ``file-order``: the later row counts."""
    reduce: dict = field(default_factory=dict)
    """logical field -> one of :data:`REDUCTIONS`; a field not named takes its ``last`` value."""

    def reduction(self, name: str) -> str:
        return self.reduce.get(name, "last")

    @property
    def keeps_last_rows(self) -> bool:
        """True when each record is simply the last row of its key in file order (the quickest case)."""
        return not self.order_by and all(how == "last" for how in self.reduce.values())

    def reduce_columns(self, columns: dict[str, list], size: int) -> tuple[list[int], dict[str, list]]:
        """The records of ``size`` events given as ``columns``: for each record, the position of its last event
        (the row it is reported at), and the reduced columns. Records come in key order (text of the key), then
        the events without a key in file order: an order that does not depend on the file's.

        Raise :class:`EventOrderError` for events the declared order cannot tell apart.
        """
        keys = columns.get(self.key) or [None] * size
        groups: dict = {}
        alone: list[int] = []
        for position, value in enumerate(keys):
            if value is None:
                alone.append(position)
            else:
                group = groups.get(value)
                if group is None:
                    groups[value] = [position]
                else:
                    group.append(position)
        ordered = [self._in_order(value, groups[value], columns) for value in sorted(groups, key=_sort_text)]
        ordered += [[position] for position in alone]
        lasts = [events[-1] for events in ordered]
        reduced = {}
        for name, values in columns.items():
            how = self.reduction(name)
            if how == "last":
                reduced[name] = [values[p] for p in lasts]
            elif how == "first":
                reduced[name] = [values[events[0]] for events in ordered]
            else:
                reduced[name] = [_REDUCERS[how]([values[p] for p in events]) for events in ordered]
        return lasts, reduced

    def _in_order(self, key, events: list[int], columns: dict[str, list]) -> list[int]:
        """The positions of one key's events, earliest first by the declared order."""
        if not self.order_by or len(events) == 1:
            if self.order_by:
                self._order_value(key, events[0], columns)  # an event without an order value is an error alone too
            return events
        order = {p: self._order_value(key, p, columns) for p in events}
        events = sorted(events, key=order.__getitem__)  # stable: tied events stay in file order
        if self.ties != FILE_ORDER:
            for earlier, later in zip(events, events[1:]):
                if order[earlier] == order[later]:
                    raise EventOrderError(key, tuple(sorted((earlier, later))))
        return events

    def _order_value(self, key, position: int, columns: dict[str, list]) -> tuple:
        values = tuple(columns[name][position] for name in self.order_by)
        for name, value in zip(self.order_by, values):
            if value is None:
                raise EventOrderError(key, (position,), name)
        return values


def _sort_text(value) -> tuple:
    """Keys sort by type name, then value: a typed key (a number) sorts as numbers do."""
    return (type(value).__name__, value)


def _present(values: list) -> list:
    return [value for value in values if value is not None]


def _max(values: list):
    present = _present(values)
    return max(present) if present else None


def _min(values: list):
    present = _present(values)
    return min(present) if present else None


def _any(values: list) -> bool:
    """True when an event has the field true (or, for a field that is not yes/no, has a value at all)."""
    return any(value is True or (value is not None and value is not False) for value in values)


def _count(values: list) -> int:
    """The events that have the field true (or, for a field that is not yes/no, have a value)."""
    return sum(1 for _ in compress(values, [value is not None and value is not False for value in values]))


_REDUCERS = {"max": _max, "min": _min, "any": _any, "count": _count}
