"""Record sets: CSV or JSON exports of tickets, read as a stream with a declared column mapping.

A record is a dict of *logical* field names (``opened``, ``met_sla`` ...) to converted values. Values that
cannot be converted are reported with their file and line, never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import cache, cached_property, partial
from itertools import chain, islice, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from auditkit.inputs.encoded_lines import first_bad_bytes
from auditkit.inputs.eventlog import EventLog, EventOrderError, Reducer
from auditkit.inputs.jsonsource import parse_json
from auditkit.inputs.yamlsource import SourceError
from auditkit.model.errors import Location
from auditkit.speed.csv_rows import csv_row_lists

DEFAULT_TRUE = ("true", "yes", "y", "1")
DEFAULT_FALSE = ("false", "no", "n", "0")
DATE_FIELDS = {"opened", "resolved", "closed", "date"}


def is_date_field(name: str) -> bool:
    return name in DATE_FIELDS or name.endswith(("_at", "_on"))


def is_bool_field(name: str) -> bool:
    return name.startswith(("met_", "is_", "has_"))


def is_number_field(name: str) -> bool:
    return name.endswith("_count")


_DATE, _BOOL, _NUMBER, _TEXT = "date", "boolean", "number", "text"
KINDS = {kind: kind for kind in (_DATE, _BOOL, _NUMBER, _TEXT)}
"""The types a record set's ``types:`` may give a field (the same string objects, compared by identity)."""


def field_kind(name: str) -> str:
    """The type (one of :data:`KINDS`) a logical field is read as by its name, when a record set does not declare it."""
    return _kind(name)


@cache
def _kind(name: str) -> str:
    """The type a logical field is read as by its name (cached: it is asked once per value of a large export)."""
    if is_date_field(name):
        return _DATE
    return _BOOL if is_bool_field(name) else _NUMBER if is_number_field(name) else _TEXT


def _iso_or_none(text: str, zone=timezone.utc) -> datetime | None:
    try:
        return _naive(datetime.fromisoformat(text), zone)
    except ValueError:
        return None


def _iso_column(values: list) -> list | None:
    """ISO 8601 texts (None where missing) as datetimes, parsed by C-level calls; None when one of them needs
    the value-by-value way (:func:`_iso_or_none`): it does not parse, or it has a UTC offset."""
    present = [text for text in values if text is not None] if None in values else values
    try:
        parsed = list(map(datetime.fromisoformat, present))
    except ValueError:
        return None
    if any(map(_offset_of, parsed)):
        return None
    if present is values:
        return parsed
    moments = iter(parsed)
    return [None if text is None else next(moments) for text in values]


_offset_of = attrgetter("tzinfo")


def _naive(moment: datetime, zone=timezone.utc) -> datetime:
    """A timestamp with a UTC offset, as the time it was in ``zone`` (the organisation's time zone, UTC when it
    declares none), without an offset: periods and durations compare naive datetimes, and a timestamp written
    without an offset is taken to be the organisation's time already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None)


_QUICK_WIDTHS = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}


@cache
def _quick_date_parser(fmt: str) -> Callable[[str], datetime | None] | None:
    """A fast parser for formats made only of zero-padded %Y %m %d %H %M %S and literal characters, or None.

    ``datetime.strptime`` costs about 5 us a call, which dominated reading a million-row export. The quick parser
    accepts a strict subset of what strptime accepts (exact length and widths, literal characters matched
    exactly) and builds the same datetime. Anything it does not accept returns None, and the caller falls back to
    strptime, whose result or error message then stands unchanged.

    Speed: an export holds a few thousand distinct days and at most 86,400 distinct times of day, each repeated
    many times. So when the day's fields and the time's fields each stand together, the text of each part is
    parsed once (by :func:`_positional_parser`) and remembered; a timestamp is then two lookups and an addition
    (about 0.7 us against 2 us).
    """
    split = _split_parser(fmt)
    if split is not None:
        return split
    whole = _positional_parser(fmt)
    if whole is None:
        return None
    tokens = _tokens(fmt)
    length = tokens[-1][3] if tokens else 0
    day, day_format = _span(tokens, "Ymd", fmt)
    clock, clock_format = _span(tokens, "HMS", fmt)
    has_clock = any(kind == "field" and name in "HMS" for kind, name, *_ in tokens)
    if day is None or (has_clock and clock is None):
        return whole  # the fields of the day, or of the time, do not stand together
    if clock is not None and not (clock.start >= day.stop or clock.stop <= day.start):
        return whole
    covered = [(day.start, day.stop)] + ([(clock.start, clock.stop)] if clock else [])
    outside = [(start, char) for kind, char, start, _end, _f in tokens
               if kind == "literal" and not any(a <= start < b for a, b in covered)]
    outside_chars = _chars_at([p for p, _ in outside])
    expected = tuple(char for _, char in outside)
    parse_day = _positional_parser(day_format)
    # a time of day alone is read as on 1900-01-01, as strptime reads it, and kept as the time since midnight
    parse_clock = _positional_parser("%Y-%m-%d " + clock_format) if clock else None
    if parse_day is None or (clock is not None and parse_clock is None):
        return whole
    days: dict[str, datetime] = {}
    times: dict[str, timedelta] = {}
    midnight = datetime(1900, 1, 1)

    def parse(text: str) -> datetime | None:
        if len(text) != length or outside_chars(text) != expected:
            return None
        key = text[day]
        moment = days.get(key)
        if moment is None:
            moment = parse_day(key)
            if moment is None:
                return None
            if len(days) < _MEMO_LIMIT:
                days[key] = moment
        if clock is None:
            return moment
        key = text[clock]
        since = times.get(key)
        if since is None:
            parsed = parse_clock("1900-01-01 " + key)
            if parsed is None:
                return None
            since = parsed - midnight
            if len(times) < _MEMO_LIMIT:
                times[key] = since
        return moment + since

    return parse


_MEMO_LIMIT = 200_000
"""Distinct day and time texts remembered per format (a bound on memory, not on correctness)."""


@cache
def split_date_readers(fmt: str) -> "tuple[Callable[[str], datetime | None], Callable[[str], timedelta | None]] | None":
    """For a format that is a day, one space, then a time of day (see :func:`_split_parser`): (the day of a day's
    text, the time since midnight of a time's text), each None for a text it does not read; None for any other
    format. A date written so is the day plus the time (the native reader reads each distinct part so too)."""
    day_format, space, clock_format = fmt.partition(" ")
    directives = re.findall(r"%(.)", fmt)
    if (not space or " " in clock_format or "%" in day_format.replace("%Y", "").replace("%m", "").replace("%d", "")
            or "%" in clock_format.replace("%H", "").replace("%M", "").replace("%S", "")
            or sorted(re.findall(r"%(.)", day_format)) != ["Y", "d", "m"] or "H" not in clock_format
            or len(directives) != len(set(directives)) or not day_format.endswith("%Y")):
        return None
    midnight = datetime(1900, 1, 1)
    strptime = datetime.strptime

    def read_day(text: str) -> datetime | None:
        try:
            return strptime(text, day_format)
        except ValueError:
            return None

    def read_clock(text: str) -> timedelta | None:
        if not _full_width(clock_format, text):
            return None
        try:
            return strptime(text, clock_format) - midnight
        except ValueError:
            return None

    return read_day, read_clock


def _split_parser(fmt: str) -> Callable[[str], datetime | None] | None:
    """For a format that is a day (%Y, %m, %d and literals), one space, then a time of day (%H, %M, %S and
    literals), e.g. ``%d/%m/%Y %H:%M``: a parser that cuts the text at its first space and reads each part with
    strptime once per distinct text, remembered. None for any other format.

    Why: real exports write ``1/3/2016 9:05`` (no leading zeros), which no positional parser reads, and strptime
    on every value cost 5 us; a million-row audit log holds a few hundred distinct days and at most 1,440 distinct
    minutes. The result is strptime's on the whole text: the year is four digits, so the first space is where
    the format's space matches; any text a part does not read (another spacing, a one-digit minute, which
    :func:`_full_width` refuses) returns None, and the caller's strptime then gives its value or its error.
    """
    readers = split_date_readers(fmt)
    if readers is None:
        return None
    read_day, read_clock = readers
    days: dict[str, datetime] = {}
    times: dict[str, timedelta] = {}

    def parse(text: str) -> datetime | None:
        day_text, found, clock_text = text.partition(" ")
        if not found:
            return None
        moment = days.get(day_text)
        if moment is None:
            moment = read_day(day_text)
            if moment is None:
                return None
            if len(days) < _MEMO_LIMIT:
                days[day_text] = moment
        since = times.get(clock_text)
        if since is None:
            since = read_clock(clock_text)
            if since is None:
                return None
            if len(times) < _MEMO_LIMIT:
                times[clock_text] = since
        return moment + since

    def column(values: list) -> list | None:
        """A whole column (None where missing) at once: each text cut at its first space by C-level calls, its
        parts looked up; None when a part cannot be read (or not remembered): then value by value."""
        present = [text for text in values if text is not None] if None in values else values
        parts = list(map(str.partition, present, repeat(" ")))
        try:
            parsed = [days[day] + times[clock] for day, _space, clock in parts]
        except KeyError:
            for day, space, clock in set(parts):
                if not space or ((day not in days or clock not in times) and parse(f"{day} {clock}") is None):
                    return None
                if day not in days or clock not in times:
                    return None  # past the memo's bound
            parsed = [days[day] + times[clock] for day, _space, clock in parts]
        if present is values:
            return parsed
        moments = iter(parsed)
        return [None if text is None else next(moments) for text in values]

    parse.column = column  # type: ignore[attr-defined]
    return parse


def _tokens(fmt: str) -> list[tuple[str, str, int, int, int]]:
    """(kind, directive or literal, start, end in the text, start in the format) of each part of ``fmt``."""
    tokens = []
    index = position = 0
    while index < len(fmt):
        if fmt[index] == "%" and fmt[index + 1 : index + 2] in _QUICK_WIDTHS:
            width = _QUICK_WIDTHS[fmt[index + 1]]
            tokens.append(("field", fmt[index + 1], position, position + width, index))
            position, index = position + width, index + 2
        else:
            tokens.append(("literal", fmt[index], position, position + 1, index))
            position, index = position + 1, index + 1
    return tokens


def _span(tokens, directives: str, fmt: str) -> tuple[slice | None, str]:
    """The text positions from the first to the last of ``directives`` and that stretch of the format; None when
    any other field stands between them."""
    chosen = [i for i, token in enumerate(tokens) if token[0] == "field" and token[1] in directives]
    if not chosen:
        return None, ""
    first, last = chosen[0], chosen[-1]
    if any(tokens[i][0] == "field" and tokens[i][1] not in directives for i in range(first, last + 1)):
        return None, ""
    end_in_format = tokens[last][4] + 2
    return slice(tokens[first][2], tokens[last][3]), fmt[tokens[first][4] : end_in_format]


def _chars_at(positions: list[int]) -> Callable[[str], tuple]:
    if not positions:
        return lambda text: ()
    if len(positions) == 1:  # itemgetter of one index returns the item, not a 1-tuple
        only = positions[0]
        return lambda text: (text[only],)
    return itemgetter(*positions)


@cache
def _positional_parser(fmt: str) -> Callable[[str], datetime | None] | None:
    """Cut the fields out by position, write them as ISO 8601 and let ``datetime.fromisoformat`` (C) parse that,
    which also rejects any non-ASCII-digit and out-of-range field. None for a format it cannot read so."""
    fields: dict[str, slice] = {}
    literals: list[tuple[int, str]] = []
    index = position = 0
    while index < len(fmt):
        if fmt[index] == "%":
            directive = fmt[index + 1 : index + 2]
            if directive not in _QUICK_WIDTHS or directive in fields:
                return None
            fields[directive] = slice(position, position + _QUICK_WIDTHS[directive])
            position += _QUICK_WIDTHS[directive]
            index += 2
        else:
            literals.append((position, fmt[index]))
            position += 1
            index += 1
    if not {"Y", "m", "d"} <= set(fields):
        return None
    length = position
    expected = tuple(char for _, char in literals)
    literal_chars = itemgetter(*(p for p, _ in literals)) if literals else (lambda text: ())
    if len(literals) == 1:  # itemgetter of one index returns the item, not a 1-tuple
        single = literal_chars
        literal_chars = lambda text: (single(text),)  # noqa: E731
    order = [d for d in "YmdHMS" if d in fields]
    parts = itemgetter(*(fields[d] for d in order))
    iso = "{}-{}-{}" + "T{}" * ("H" in fields) + ":{}" * ("M" in fields) + ":{}" * ("S" in fields)
    if ("S" in fields and "M" not in fields) or ("M" in fields and "H" not in fields):
        return None  # not expressible as ISO 8601 by position: strptime handles it
    iso_format = iso.format

    def parse(text: str) -> datetime | None:
        if len(text) != length or literal_chars(text) != expected:
            return None
        try:
            return datetime.fromisoformat(iso_format(*parts(text)))
        except ValueError:  # a non-digit, or e.g. 31-02-2026: strptime reports it
            return None

    return parse


_LOOSE = {"d": r"\d{1,2}", "m": r"\d{1,2}", "H": r"\d{1,2}", "I": r"\d{1,2}", "Y": r"\d{4}", "y": r"\d{2}",
          "M": r"\d{2}", "S": r"\d{2}", "f": r"\d{1,6}", "p": r"[AaPp][Mm]", "b": r"[^\W\d_]+", "B": r"[^\W\d_]+",
          "a": r"[^\W\d_]+", "A": r"[^\W\d_]+", "z": r"(?:[+-]\d{2}:?\d{2}(?::?\d{2})?|Z)", "j": r"\d{1,3}", "%": "%"}


@cache
def _width_pattern(fmt: str) -> re.Pattern | None:
    """A pattern a date written in ``fmt`` matches only when its minutes and seconds have both digits (strptime
    reads ``20:0`` as 20:00, which is how a cut-off export looks); None for a format with other directives."""
    parts, index = [], 0
    while index < len(fmt):
        if fmt[index] == "%":
            directive = fmt[index + 1 : index + 2]
            if directive not in _LOOSE:
                return None
            parts.append(_LOOSE[directive])
            index += 2
        else:
            parts.append(r"\s+" if fmt[index].isspace() else re.escape(fmt[index]))
            index += 1
    return re.compile("".join(parts), re.IGNORECASE)


def _full_width(fmt: str, text: str) -> bool:
    pattern = _width_pattern(fmt)
    return pattern is None or pattern.fullmatch(text) is not None


def _picker(indexes: list[int]) -> Callable[[list], tuple]:
    """A function picking the values at ``indexes`` from a row, as a tuple (``itemgetter`` returns a lone item
    bare, and nothing for no index)."""
    if len(indexes) >= 2:
        return itemgetter(*indexes)
    if indexes:
        only = indexes[0]
        return lambda row: (row[only],)
    return lambda row: ()


BATCH_ROWS = 4096
"""Records converted and counted together (:meth:`RecordSpec.batches`): big enough that a column's loop costs
little a value, small enough that a batch stays a few megabytes."""


@dataclass(frozen=True)
class RecordBatch:
    """Consecutive records of an export as columns: each mapped field's converted values, in record order."""

    size: int
    """How many records."""
    columns: dict
    """logical field -> list of ``size`` values (None where missing)."""
    rows: int | None = None
    """How many rows of the export these records were made from (None: one row each)."""

    @property
    def row_count(self) -> int:
        return self.size if self.rows is None else self.rows

    def column(self, name: str) -> list:
        """The values of field ``name``; all None when the export does not map it."""
        values = self.columns.get(name)
        return values if values is not None else [None] * self.size


@dataclass(frozen=True)
class NativeField:
    """A mapped column as a native reader reads it (:class:`NativePlan`)."""

    name: str
    column: str
    """Its name in the file's header."""
    kind: str
    """One of :data:`KINDS`."""
    convert: Callable[[str], object]
    """A stripped, present text -> its value, exactly as the Python reading reads it; ValueError when it cannot."""
    day: Callable[[str], "datetime | None"] | None = None
    clock: Callable[[str], "timedelta | None"] | None = None
    """For a date format of a day, a space and a time of day: the readers of each part (:func:`split_date_readers`)."""


@dataclass(frozen=True)
class NativePlan:
    """What a native reader (passed to :meth:`RecordSpec.batches`) needs to read a CSV event log: plain data and
    the domain's own converters, so that it reads every value as the Python reading does or declines."""

    path: Path
    encoding: str
    delimiter: str
    missing: frozenset
    fields: tuple
    """:class:`NativeField` of every mapped field, in mapping order."""
    events: EventLog
    rows: int
    """Records a batch."""


class NativeReader(Protocol):
    """Reads a CSV event log natively (auditkit.speed.native_records), or declines."""

    def event_log(self, plan: NativePlan) -> "tuple[int, int, Iterator[dict[str, list]]] | None":
        """(rows read, records, the records' columns batch by batch, in the Python fold's record order), or None:
        declined (the Python reading then runs and reports what it finds)."""


def _regrouped(records: Iterator[tuple[int, dict]], names: tuple[str, ...], rows: int) -> Iterator[RecordBatch]:
    """(line, record) pairs as batches of columns."""
    while chunk := [record for _line, record in islice(records, rows)]:
        yield RecordBatch(len(chunk), {name: [record.get(name) for record in chunk] for name in names})


def _in_batches(kept: list[int], reduced: dict[str, list], size: int, rows: int) -> Iterator[RecordBatch]:
    """Reduced records as batches of ``rows``; the first batch counts the ``size`` rows they were made from."""
    for start in range(0, len(kept), rows):
        yield RecordBatch(len(kept[start:start + rows]), {name: values[start:start + rows] for name, values in reduced.items()},
                          rows=size if start == 0 else 0)


def _reduced(log: EventLog, columns: dict[str, list], size: int) -> tuple[list[int], dict[str, list]]:
    """The records of ``size`` events: the position of each one's last event, and the reduced columns."""
    return log.reduce_columns(columns, size)


def _header_and_rows(lists: Iterator[list[list[str]]]) -> tuple[list[str], Iterator[list[list[str]]]]:
    """The first row of a CSV file read as lists of rows, and the lists of the rows after it."""
    first = next(lists, [])
    header = first[0] if first else []
    return header, chain([first[1:]] if len(first) > 1 else [], lists)


def _read_number(text: str) -> int | float | None:
    if "_" in text:  # Python reads 1_000 as a number; an export does not mean that
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


class RecordValueError(ValueError):
    """A value in a record export that cannot be read as its declared type."""

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")

    def __reduce__(self):  # rebuilt from its two parts when a worker process sends it back
        return type(self), (self.location, self.message)


@dataclass(frozen=True)
class RecordSpec:
    """How to read one record export."""

    path: Path
    """Absolute path of the CSV or JSON file."""
    shown: str
    """Path as shown to the user."""
    format: str
    columns: dict
    """logical field -> column name in the file."""
    key: str | None = None
    """The logical field naming the record each row (event) belongs to; None: one record a row."""
    order_by: tuple = ()
    """Logical fields ordering the events of a key (empty: the file's order, which the user declared)."""
    ties: str = "error"
    reduce: dict = field(default_factory=dict)
    """logical field -> how it is reduced over the events of a key (auditkit.inputs.eventlog)."""
    types: dict = field(default_factory=dict)
    """logical field -> one of :data:`KINDS`, where the field's name does not say it."""
    unit: str | None = None
    """What one record is, in the plural ("incidents"); None: "records"."""
    date_format: str | None = None
    delimiter: str = ","
    true_values: frozenset = field(default_factory=lambda: frozenset(DEFAULT_TRUE))
    false_values: frozenset = field(default_factory=lambda: frozenset(DEFAULT_FALSE))
    missing: frozenset = field(default_factory=lambda: frozenset({""}))
    encoding: str = "utf-8"
    """The text encoding of the export (a Python codec name); utf-8 also accepts a leading byte order mark."""
    time_zone: str | None = None
    """The organisation's time zone (IANA name, from its profile): a timestamp with a UTC offset is read as the
    time it was there. None: UTC."""

    @cached_property
    def _zone(self):
        if not self.time_zone:
            return timezone.utc
        from zoneinfo import ZoneInfo  # imported when a profile names a zone: most exports never need it

        return ZoneInfo(self.time_zone)

    def __post_init__(self):
        # yes/no values match whatever their case: ``true_values: [TRUE]`` reads ``true`` too
        for name in ("true_values", "false_values"):
            object.__setattr__(self, name, frozenset(value.lower() for value in getattr(self, name)))

    @property
    def events(self) -> EventLog | None:
        """How rows become records when the export is an event log (it has a key)."""
        if not self.key:
            return None
        return EventLog(self.key, tuple(self.order_by), self.ties, dict(self.reduce))

    @property
    def codec(self) -> str:
        return "utf-8-sig" if self.encoding.lower().replace("_", "-") in ("utf-8", "utf8") else self.encoding

    def kind(self, name: str) -> str:
        """The type field ``name`` is read as: the declared one, else the one its name says."""
        declared = self.types.get(name)
        return KINDS[declared] if declared else _kind(name)

    def header(self) -> list[str]:
        """The column names of the file (for CSV the first row; for JSON every key of its objects)."""
        if self.format == "csv":
            with self.path.open(newline="", encoding=self.codec) as fh:
                return next(csv.reader(fh, delimiter=self.delimiter), [])
        keys: dict = {}
        for obj in self._json():
            if isinstance(obj, dict):
                keys.update(dict.fromkeys(obj))
        return list(keys)

    def _json(self) -> list:
        try:
            data = parse_json(self.path.read_text(self.codec), self.shown)
        except SourceError as exc:
            raise RecordValueError(exc.problem.location, exc.problem.message) from None
        if not isinstance(data, list):
            raise ValueError("a JSON record export must be an array of objects")
        return data

    def _raw_rows(self) -> Iterator[tuple[int, dict]]:
        """JSON records as (position, raw values); CSV goes through the fused loop of ``_csv_records``."""
        for index, obj in enumerate(self._json()):
            if not isinstance(obj, dict):
                raise RecordValueError(Location(self.shown, None, None, f"[{index}]"),
                                       f"record {index + 1} is {type(obj).__name__}, not an object")
            yield index + 1, {logical: obj.get(col) for logical, col in self.columns.items()}

    def records(self) -> Iterator[tuple[int, dict]]:
        """(line, record) pairs with converted values; with ``key``, only the last row of each key.

        Raise RecordValueError, located, for a value that cannot be converted and for a file that cannot be read.
        """
        return self._located(self._records())

    def batches(self, rows: int = BATCH_ROWS, fields: "set[str] | None" = None, *,
                strict: bool = False, native: NativeReader | None = None) -> Iterator[RecordBatch]:
        """The records of :meth:`records`, as batches of columns (``rows`` records at most each): the same values
        and the same first error, for a pass that counts over whole columns.

        ``fields``: only these logical fields are converted (with the key and the order of an event log), for a
        pass that reads no other: an assessment converts what its checks count (``validate`` reads every value).

        Speed: converting a column and testing it with a comprehension costs a fraction of building a dict per
        record and calling each count's function on it; a million-row export spent most of its time there.
        Converting only the fields counted halved the time and the memory of a 36-column audit log.

        ``strict``: the csv module's strict reading, which also refuses a file that ends inside a quoted value (a
        file cut off) and text after a closing quote (``"a"b``); ``validate`` reads so first, to find a clean
        export quickly.

        ``native``: a reader that reads a large CSV event log in C (:mod:`auditkit.speed.native_records`), giving
        the same records or declining; None: the Python reading.
        """
        if fields is not None:
            wanted = set(fields) | set(self.order_by) | ({self.key} if self.key else set())
            if not set(self.columns) <= wanted:
                only = replace(self, columns={k: v for k, v in self.columns.items() if k in wanted},
                               reduce={k: v for k, v in self.reduce.items() if k in wanted})
                return only.batches(rows, strict=strict, native=native)
        if self.format != "csv":  # JSON exports are small: their rows, regrouped
            return self._located(_regrouped(self._records(), tuple(self.columns), rows))
        if self.key:
            return self._located(self._csv_event_batches(rows, strict, native))
        return self._located(self._csv_batches(rows, strict))

    def _located(self, values: Iterator) -> Iterator:
        """``values``, with a file that cannot be read reported as a located RecordValueError."""
        try:
            yield from values
        except (UnicodeDecodeError, csv.Error, OSError, ValueError) as exc:
            if isinstance(exc, RecordValueError):
                raise
            if isinstance(exc, UnicodeDecodeError):  # its position counts from a chunk: find the byte in the file
                bad = first_bad_bytes(self.path, self.codec)
                if bad is not None:
                    raise RecordValueError(Location(self.shown, bad.line, bad.column), bad.describe(self.encoding)) from None
            line = self._csv_error_line() if isinstance(exc, csv.Error) else None  # e.g. a field over csv's limit
            raise RecordValueError(Location(self.shown, line, 1 if line else None),
                                   f"cannot read the export: {exc}") from None

    def _csv_error_line(self) -> int | None:
        """The line at which the csv reader fails on this file, read again alone (the fast path reads in batches
        and knows no line); None when it does not fail that way."""
        try:
            with self.path.open(newline="", encoding=self.codec, errors="replace") as fh:
                reader = csv.reader(fh, delimiter=self.delimiter)
                for _row in reader:
                    pass
        except csv.Error:
            return reader.line_num
        except (OSError, ValueError):
            return None
        return None

    def _records(self) -> Iterator[tuple[int, dict]]:
        if not self.key:
            if self.format == "csv":
                yield from self._csv_records()
            else:
                yield from (self._convert(line, raw) for line, raw in self._raw_rows())
            return
        yield from self._event_records()

    def _event_records(self) -> Iterator[tuple[int, dict]]:
        """The records of an event log, row by row: every event read (the first problem in file order is raised,
        located), then reduced."""
        rows = self._csv_records() if self.format == "csv" else (self._convert(line, raw) for line, raw in self._raw_rows())
        read = list(rows)
        columns = {name: [record.get(name) for _line, record in read] for name in self.columns}
        try:
            kept, reduced = _reduced(self.events, columns, len(read))
        except EventOrderError as exc:
            raise self._order_error(exc, [line for line, _record in read]) from None
        names = tuple(reduced)
        for index, position in enumerate(kept):
            yield read[position][0], {name: reduced[name][index] for name in names}

    def _order_error(self, exc: EventOrderError, lines: list[int]) -> RecordValueError:
        """The located message of events the declared order cannot tell apart."""
        key = f"{exc.key!r} ({self.key}, column {self.column_label(self.key)})"
        if exc.field_name:
            name = exc.field_name
            return RecordValueError(self._where(lines[exc.positions[0]], name),
                                    f"event of key {key} has no {name} (column {self.column_label(name)}) to order it by")
        first, second = (lines[p] for p in exc.positions)
        order = ", ".join(f"{name} (column {self.column_label(name)})" for name in self.order_by)
        return RecordValueError(
            Location(self.shown, second, None, f"{self.key} ({self.columns[self.key]})"),
            f"events on lines {first} and {second} of key {key} have the same {order}: their order is not known; "
            "add a field to order_by (e.g. a timestamp) or declare ties: file-order")

    def _csv_records(self) -> Iterator[tuple[int, dict]]:
        """``_raw_rows`` and ``_convert`` fused for CSV, row by row, with the line each row starts on: what
        :meth:`records` gives, and how :meth:`_csv_batches` locates a value it cannot read.

        Same records, values and errors as converting each raw row. Speed: a row that has every mapped column
        (nearly every row) has its values picked, stripped and named by C-level calls (``itemgetter``, ``map``,
        ``zip``); "missing" markers become None, and only dates and yes/no values are then converted one by one,
        in column order, so that the first unreadable one is the one reported. A row with more or fewer values
        than the header is an error (a value lost or split, or a file cut off); a blank line is skipped.
        """
        missing = self.missing
        quick = self._quick_dates()
        with self.path.open(newline="", encoding=self.codec) as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            header = next(reader, [])
            width = len(header)
            plan = self._plan(header)
            names = tuple(name for name, _index, _kind_ in plan)
            pick = _picker([index for _name, index, _kind_ in plan])
            converted = [(name, kind) for name, _index, kind in plan if kind is not _TEXT]
            strip, date = str.strip, _DATE
            end = reader.line_num
            for row in reader:
                # a quoted value may span lines: a row is reported at the line where it starts
                line, end = end + 1, reader.line_num
                if not row:
                    continue
                if len(row) != width:
                    raise self.width_error(line, len(row), width)
                texts = tuple(map(strip, pick(row)))
                out = dict(zip(names, texts))
                if not missing.isdisjoint(texts):
                    for name in names:
                        if out[name] in missing:
                            out[name] = None
                for name, kind in converted:
                    text = out[name]
                    if text is None:
                        continue
                    if kind is date:
                        parsed = quick(text) if quick else None
                        out[name] = parsed if parsed is not None else self._date(line, name, text)
                    elif kind is _BOOL:
                        out[name] = self._bool(line, name, text)
                    else:
                        out[name] = self._number(line, name, text)
                yield line, out

    def _plan(self, header: list[str]) -> list[tuple[str, int, str]]:
        """(logical field, column index, kind) of each mapped column the header has."""
        return [(logical, header.index(col), self.kind(logical)) for logical, col in self.columns.items() if col in header]

    def _quick_dates(self) -> Callable[[str], datetime | None] | None:
        """The fast date reader of this export (None: every date goes through :meth:`_date`)."""
        if self.date_format:
            return _quick_date_parser(self.date_format)
        zone = self._zone
        return _iso_or_none if zone is timezone.utc else partial(_iso_or_none, zone=zone)

    def _csv_batches(self, rows: int, strict: bool = False) -> Iterator[RecordBatch]:
        """Every row of a CSV export, converted column by column, ``rows`` rows a batch.

        The same values as :meth:`_csv_records`: each value goes through the same conversions, and a row of
        another width than the header's is an error, as there. A batch reads its rows before it converts any, so when it
        meets a problem (a value that cannot be read, or a file that cannot: bad bytes, an oversized field),
        the export is read again row by row (:meth:`_csv_records`), which raises the first problem in file
        order, with its line, as :meth:`records` does.
        """
        try:
            with self.path.open(newline="", encoding=self.codec) as fh:
                header, chunks = _header_and_rows(csv_row_lists(fh, self.delimiter, rows=rows, strict=strict))
                plan = self._plan(header)
                pick = _picker([index for _name, index, _kind_ in plan])
                for chunk in chunks:
                    batch = self._converted(chunk, plan, pick, len(header))
                    if batch.size:
                        yield batch
        except (csv.Error, ValueError) as exc:  # ValueError: RecordValueError and UnicodeDecodeError too
            for _ in self._csv_records():  # raises the first problem of the export, as records() does
                pass
            raise exc  # what only the strict reading refuses (text after a closing quote); or a bug

    def _converted(self, chunk: list[list[str]], plan: list[tuple[str, int, str]], pick: Callable[[list], tuple],
                   width: int) -> RecordBatch:
        """Rows of a CSV export as a batch of converted columns (``pick`` takes the mapped values of a row, which
        must have ``width`` values); RecordValueError for a row or a value it cannot read."""
        chunk = self._full_rows(chunk, width)
        return RecordBatch(len(chunk), self._typed_columns(plan, zip(*map(pick, chunk))))

    def _full_rows(self, chunk: list[list[str]], width: int) -> list[list[str]]:
        """``chunk`` without its blank rows; RecordValueError when a row has another width than the header's."""
        lengths = set(map(len, chunk))
        if lengths != {width}:
            if lengths - {0, width}:  # a row longer or shorter than the header: located row by row
                raise RecordValueError(Location(self.shown), "a row does not have as many values as the header")
            chunk = [row for row in chunk if row]  # blank lines are skipped
        return chunk

    def _typed_columns(self, plan: list[tuple[str, int, str]], texts: Iterable[Sequence[str]]) -> dict[str, list]:
        """Columns of texts, one per entry of ``plan``, stripped, with missing markers as None and converted to
        their field's type; RecordValueError for a value it cannot read."""
        missing, quick, columns = self.missing, self._quick_dates(), {}
        absent = dict.fromkeys(missing)
        for (name, _index, kind), values in zip(plan, texts):
            values = list(map(str.strip, values))
            if not missing.isdisjoint(values):
                values = list(map(absent.get, values, values))  # a missing marker -> None, any other text itself
            if kind is _DATE:
                values = self._date_column(name, values, quick)
            elif kind is _BOOL:
                values = self._bool_column(name, values)
            elif kind is _NUMBER:
                values = self._number_column(name, values)
            columns[name] = values
        return columns

    def _csv_event_batches(self, rows: int, strict: bool = False,
                           native: NativeReader | None = None) -> Iterator[RecordBatch]:
        """The records of a CSV event log, one per key, ``rows`` records a batch (the first counts every row).

        The log is read in batches, converted by whole columns and folded into the records as they come
        (:class:`Reducer`: memory of the records, not of the events). On any problem the log is read again row by
        row (:meth:`_event_records`), which raises the first one, located, as :meth:`records` does. A ``native``
        reader reads it first when given; when it declines, all this happens.
        """
        read = native.event_log(self._native_plan(rows)) if native is not None and not strict else None
        if read is not None:
            size, _records, batches = read
            for index, columns in enumerate(batches):
                yield RecordBatch(len(next(iter(columns.values()))), columns, rows=0 if index else size)
            return
        try:
            kept, reduced, size = self._reduced_by_columns(rows, strict)
        except (csv.Error, ValueError) as exc:  # ValueError: RecordValueError, EventOrderError, UnicodeDecodeError
            for _ in self._event_records():
                pass
            raise exc  # what only the strict reading refuses (text after a closing quote); or a bug
        yield from _in_batches(kept, reduced, size, rows)

    def _reduced_by_columns(self, rows: int, strict: bool) -> tuple[list[int], dict[str, list], int]:
        """(position of each record's last event, reduced columns, rows read) of a CSV event log."""
        with self.path.open(newline="", encoding=self.codec) as fh:
            header, chunks = _header_and_rows(csv_row_lists(fh, self.delimiter, rows=rows, strict=strict))
            plan = self._plan(header)
            pick = _picker([index for _name, index, _kind in plan])
            reducer = Reducer(self.events, tuple(name for name, _index, _kind in plan))
            size = 0
            for chunk in chunks:
                chunk = self._full_rows(chunk, len(header))
                if chunk:
                    reducer.add(self._typed_columns(plan, zip(*map(pick, chunk))), len(chunk))
                    size += len(chunk)
        if not size:
            return [], {}, 0
        kept, reduced = reducer.finish()
        return kept, reduced, size

    def _native_plan(self, rows: int) -> NativePlan:
        """This event log as a native reader reads it: its mapped fields with the converters of this reading."""
        readers = split_date_readers(self.date_format) if self.date_format else None
        fields = []
        for name, column in self.columns.items():
            kind = self.kind(name)
            convert = {_DATE: self._date, _BOOL: self._bool, _NUMBER: self._number}.get(kind)
            day, clock = readers if kind is _DATE and readers else (None, None)
            fields.append(NativeField(name, column, kind, partial(convert, 0, name) if convert else str, day, clock))
        assert self.events is not None
        return NativePlan(self.path, self.codec, self.delimiter, self.missing, tuple(fields), self.events, rows)

    def _date_column(self, name: str, values: list, quick) -> list:
        """A column of date texts (None where missing) as datetimes; RecordValueError for one it cannot read."""
        if not self.date_format:
            parsed = _iso_column(values)
            if parsed is not None:
                return parsed
        whole = getattr(quick, "column", None)
        if whole is not None:
            parsed = whole(values)
            if parsed is not None:
                return parsed
        parsed = [quick(text) if text is not None else None for text in values] if quick else [None] * len(values)
        if parsed.count(None) != values.count(None):  # a format the quick parser declined: strptime's turn
            parsed = [moment if moment is not None or text is None else self._date(0, name, text)
                      for moment, text in zip(parsed, values)]
        return parsed

    def _bool_column(self, name: str, values: list) -> list:
        """A column of yes/no texts (None where missing) as booleans, each distinct text read once."""
        meaning = {text: None if text is None else self._bool(0, name, text) for text in set(values)}
        return list(map(meaning.__getitem__, values))

    def _number_column(self, name: str, values: list) -> list:
        """A column of numbers written as text (None where missing), each distinct text read once."""
        meaning = {text: None if text is None else self._number(0, name, text) for text in set(values)}
        return list(map(meaning.__getitem__, values))

    def width_error(self, line: int, count: int, width: int) -> RecordValueError:
        """A row with ``count`` values where the header has ``width``."""
        what = "fewer" if count < width else "more"
        return RecordValueError(Location(self.shown, line, None),
                                f"row has {count} value{'s' * (count != 1)} and the header {width}: {what} than the "
                                "header names (a value lost, a delimiter inside an unquoted value, or the file cut off)")

    def _convert(self, line: int, raw: dict) -> tuple[int, dict]:
        # The hot loop of a record export: each value is stripped once and its field's type looked up in a cache.
        out = {}
        missing = self.missing
        for name, value in raw.items():
            if value is None:
                out[name] = None
                continue
            text = value.strip() if isinstance(value, str) else value
            if text.__class__ is str and text in missing:
                out[name] = None
                continue
            if isinstance(text, (list, dict)):
                raise RecordValueError(self._where(line, name), f"column {self.columns[name]!r} holds a "
                                       f"{type(text).__name__}, not a single value")
            kind = self.kind(name)
            if kind is _DATE:
                out[name] = self._date(line, name, value)
            elif kind is _BOOL:
                out[name] = self._bool(line, name, value)
            elif kind is _NUMBER:
                out[name] = self._number(line, name, value)
            else:
                out[name] = text
        return line, out

    def column_label(self, name: str) -> str:
        """The column of field ``name`` as a message names it: its number in the file and its name (10 'opened_at')."""
        number = self._column_numbers.get(self.columns[name])
        return f"{number} {self.columns[name]!r}" if number else repr(self.columns[name])

    @cached_property
    def _column_numbers(self) -> dict[str, int]:
        """Column name -> 1-based number in a CSV export's header (empty for JSON, or a header that cannot be read)."""
        if self.format != "csv":
            return {}
        try:
            header = self.header()
        except (OSError, UnicodeDecodeError, csv.Error, ValueError):
            return {}
        numbers: dict[str, int] = {}
        for number, name in enumerate(header, 1):
            numbers.setdefault(name, number)
        return numbers

    def _where(self, line: int, name: str) -> Location:
        if self.format == "json":  # no line numbers in a parsed JSON array: name the record instead
            return Location(self.shown, None, None, f"[{line - 1}].{self.columns[name]} (record {line}, {name})")
        return Location(self.shown, line, None, f"{name} ({self.columns[name]})")

    def _date(self, line: int, name: str, value) -> datetime:
        text = str(value).strip()
        try:
            if self.date_format:
                quick = _quick_date_parser(self.date_format)
                parsed = quick(text) if quick else None
                if parsed is not None:
                    return parsed
                parsed = datetime.strptime(text, self.date_format)
                if not _full_width(self.date_format, text):
                    raise ValueError("a minute or second of one digit: the value was cut short")
                return _naive(parsed, self._zone)
            return _naive(datetime.fromisoformat(text), self._zone)
        except ValueError:
            expected = self.date_format or "ISO 8601, e.g. 2026-03-01T14:05"
            raise RecordValueError(
                self._where(line, name), f"cannot read {text!r} in column {self.column_label(name)} as a date ({expected})"
            ) from None

    def _number(self, line: int, name: str, value) -> int | float:
        """A whole number as an int, a decimal one (``12.5``) as a float; infinities and NaN are not numbers."""
        number = value if value.__class__ in (int, float) else _read_number(str(value).strip())
        if number is None or number != number or number in (float("inf"), float("-inf")):
            raise RecordValueError(self._where(line, name),
                                   f"cannot read {str(value).strip()!r} in column {self.column_label(name)} as a number")
        return number

    def _bool(self, line: int, name: str, value) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip()
        lowered = text.lower()
        if lowered in self.true_values:
            return True
        if lowered in self.false_values:
            return False
        raise RecordValueError(
            self._where(line, name),
            f"cannot read {text!r} in column {self.column_label(name)} as yes/no "
            f"(true: {sorted(self.true_values)}, false: {sorted(self.false_values)})",
        )
