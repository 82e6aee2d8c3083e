"""Event logs: an export with several rows (events) per record, reduced to one record per key.

A ticket tool's audit log writes a row each time an incident changes. Auditors count incidents, not updates,
so a record set declares its ``key`` (which field names the incident), the ``order_by`` fields that put the
events of one key in order (``[mod_count]``, or a timestamp), and how each field is reduced over them
(``first``, ``last``, ``max``, ``min``, ``any``, ``count``; ``last`` unless said otherwise). The order is taken
from the values, never from where a row stands in the file, so any shuffling of the same rows gives the same
records. Two events of one key with the same order are an error where they decide a value (the result would
depend on the file's row order) unless the record set declares ``ties: file-order``.

The reduction (:class:`Reducer`) folds columns (logical field -> values in file order), the shape both readings
of an export share (:mod:`auditkit.inputs.records`), batch by batch: it returns positions, and each reading maps
them back to lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

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

    def reduce_columns(self, columns: dict[str, list], size: int) -> tuple[list[int], dict[str, list]]:
        """The records of ``size`` events given as ``columns``, in one go (:class:`Reducer`)."""
        reducer = Reducer(self, tuple(columns))
        reducer.add(columns, size)
        return reducer.finish()


class Reducer:
    """Folds the events of an event log, batch after batch, into one record per key.

    Memory: for each key it holds only what its reductions need (the order and the values of its last event so
    far, of its first one when a field takes ``first``, and a running max, min, any or count), never the events:
    a million-row audit log of 170,000 incidents is read in the memory of its incidents.

    Records come in key order (text of the key), then the events without a key in file order: an order that does
    not depend on the file's. Two events of one key with the same order are an error when that decides a value:
    both are the key's last event (or both its first, when a field takes ``first``). Ties between the other
    events change nothing (max, min, any and count do not depend on the order), so they are not looked for.
    ``ties: file-order`` lets the later row be the last (and the earlier the first). An event of a key without an
    order value is an error at once (:class:`EventOrderError`).
    """

    def __init__(self, log: EventLog, names: tuple[str, ...]):
        self.log, self.names = log, names
        self.last_names = [n for n in names if log.reduction(n) == "last"]
        self.first_names = [n for n in names if log.reduction(n) == "first"]
        self.folded = [(n, log.reduction(n)) for n in names if log.reduction(n) in _FOLDS]
        self.keyed: dict = {}
        """key -> [last order, last position, last values, tie at the last, first order, first position, first
        values, tie at the first, folded values ...]"""
        self.alone: list[list] = []
        """[position, last values, first values, folded values ...] of each event without a key."""
        self.slots = {name: 8 + index for index, (name, _how) in enumerate(self.folded)}
        """Where each folded field sits in a key's state."""
        self.seen = 0

    def add(self, columns: dict[str, list], size: int) -> None:
        """Fold ``size`` more events (the next ones of the file), given as columns.

        Speed: one loop over the events keeps each key's last (and first) event; each max, min, any or count is
        then a loop of its own over its column; missing order values are looked for per column (in C)."""
        log, base = self.log, self.seen
        self.seen += size
        keys = columns.get(log.key) or [None] * size
        positions = range(base, base + size)
        none = [()] * size
        order_columns = [columns[n] for n in log.order_by]
        for name, column in zip(log.order_by, order_columns):
            if None in column:  # an event of a key without its order value (events without a key are not ordered)
                for key, value, position in zip(keys, column, positions):
                    if value is None and key is not None:
                        raise EventOrderError(key, (position,), name)
        orders = list(zip(*order_columns)) if log.order_by else positions
        lasts = list(zip(*(columns[n] for n in self.last_names))) if self.last_names else none
        firsts = list(zip(*(columns[n] for n in self.first_names))) if self.first_names else none
        keyed, later_wins, with_first = self.keyed, log.ties == FILE_ORDER, bool(self.first_names)
        get = keyed.get
        fresh: dict[int, list] = {}  # index in this batch -> the state its event opened (a new key, or alone)
        for index, (key, order, position, last, first) in enumerate(zip(keys, orders, positions, lasts, firsts)):
            state = get(key)
            if state is None:
                if key is None:
                    state = [position, last, first]
                    self.alone.append(state)
                else:
                    state = keyed[key] = [order, position, last, None, order, position, first, None]
                fresh[index] = state
                continue
            if order > state[0] or (later_wins and order == state[0]):
                state[0] = order
                state[1] = position
                state[2] = last
                state[3] = None
            elif order == state[0] and state[3] is None:
                state[3] = (state[1], position)
            if with_first:
                if order < state[4]:
                    state[4:8] = order, position, first, None
                elif order == state[4] and not later_wins and state[7] is None:
                    state[7] = (state[5], position)
        if not self.folded:
            return
        for name, how in self.folded:
            start, fold = _FOLDS[how]
            column, slot = columns[name], self.slots[name]
            for index, (key, value) in enumerate(zip(keys, column)):
                opened = fresh.get(index)
                if opened is not None:  # its key's (or its own) first event: the fold starts from it
                    opened.append(start(value))
                elif value is not None:  # an empty value changes no max, min, any or count
                    state = keyed[key]
                    state[slot] = fold(state[slot], value)

    def finish(self) -> tuple[list[int], dict[str, list]]:
        """For each record, the position of its last event (the row it is reported at), and the reduced columns."""
        keyed = self.keyed
        # one type of key (the usual case) sorts as its values do; mixed types by type name, then value
        keys = sorted(keyed) if len(set(map(type, keyed))) <= 1 else sorted(keyed, key=_sort_text)
        ordered = list(map(keyed.__getitem__, keys))
        if self.log.ties != FILE_ORDER and (any(map(_TIE_AT_LAST, ordered)) or any(map(_TIE_AT_FIRST, ordered))):
            for key, state in zip(keys, ordered):
                tie = state[3] or state[7]
                if tie is not None:
                    raise EventOrderError(key, tuple(sorted(tie)))
        alone = self.alone
        lasts = list(map(_POSITION, ordered)) + [event[0] for event in alone]
        reduced: dict[str, list] = {}
        for names, values in ((self.last_names, 2), (self.first_names, 6)):
            if names:  # the values of each record's last (first) event, turned into one column per field
                rows = list(map(itemgetter(values), ordered)) + [event[1 if values == 2 else 2] for event in alone]
                reduced.update(zip(names, list(map(list, zip(*rows))) or [[] for _ in names]))
        for slot, (name, _how) in enumerate(self.folded):
            reduced[name] = list(map(itemgetter(8 + slot), ordered)) + [event[3 + slot] for event in alone]
        return lasts, {name: reduced[name] for name in self.names}


_POSITION, _TIE_AT_LAST, _TIE_AT_FIRST = itemgetter(1), itemgetter(3), itemgetter(7)
"""Parts of a key's state (:attr:`Reducer.keyed`)."""


def _sort_text(value) -> tuple:
    """Keys sort by type name, then value: a typed key (a number) sorts as numbers do."""
    return (type(value).__name__, value)


def _max(kept, value):
    return value if value is not None and (kept is None or value > kept) else kept


def _min(kept, value):
    return value if value is not None and (kept is None or value < kept) else kept


def _has(value) -> bool:
    """An event has the field: true (for a field that is not yes/no: a value at all)."""
    return value is not None and value is not False


def _any(kept: bool, value) -> bool:
    return kept or _has(value)


def _count(kept: int, value) -> int:
    return kept + _has(value)


_FOLDS = {"max": (lambda value: value, _max), "min": (lambda value: value, _min), "any": (_has, _any),
          "count": (lambda value: int(_has(value)), _count)}
"""reduction -> (its value after one event, how a further event changes it)."""
