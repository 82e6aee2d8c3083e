"""Record sets: CSV or JSON exports of tickets, read as a stream with a declared column mapping.

A record is a dict of *logical* field names (``opened``, ``met_sla`` ...) to converted values. Values that
cannot be converted are reported with their file and line, never guessed.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterator

from .errors import Location

DEFAULT_TRUE = ("true", "yes", "y", "1")
DEFAULT_FALSE = ("false", "no", "n", "0")
DATE_FIELDS = {"opened", "resolved", "closed", "date"}


def is_date_field(name: str) -> bool:
    return name in DATE_FIELDS or name.endswith(("_at", "_on"))


def is_bool_field(name: str) -> bool:
    return name.startswith(("met_", "is_", "has_"))


_DATE, _BOOL, _TEXT = "date", "bool", "text"


@cache
def _kind(name: str) -> str:
    """The type a logical field is read as (cached: it is asked once per value of a million-row export)."""
    return _DATE if is_date_field(name) else _BOOL if is_bool_field(name) else _TEXT


def _iso_or_none(text: str) -> datetime | None:
    try:
        return _naive(datetime.fromisoformat(text))
    except ValueError:
        return None


def _naive(moment: datetime) -> datetime:
    """A timestamp with a UTC offset, as UTC without one: periods and durations compare naive datetimes."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


_QUICK_WIDTHS = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2}


@cache
def _quick_date_parser(fmt: str) -> Callable[[str], datetime | None] | None:
    """A fast parser for formats made only of zero-padded %Y %m %d %H %M %S and literal characters, or None.

    ``datetime.strptime`` costs about 5 us a call, which dominated reading a million-row export. The quick parser
    accepts a strict subset of what strptime accepts (exact length and widths, literal characters matched
    exactly) and builds the same datetime: it cuts the fields out by position, writes them as ISO 8601 and lets
    ``datetime.fromisoformat`` (C) parse that, which also rejects any non-ASCII-digit and out-of-range field.
    Anything it does not accept returns None, and the caller falls back to strptime, whose result or error
    message then stands unchanged.
    """
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


class RecordValueError(ValueError):
    """A value in a record export that cannot be read as its declared type."""

    def __init__(self, location: Location, message: str):
        self.location = location
        super().__init__(f"{location}: {message}")


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
    date_format: str | None = None
    delimiter: str = ","
    true_values: frozenset = field(default_factory=lambda: frozenset(DEFAULT_TRUE))
    false_values: frozenset = field(default_factory=lambda: frozenset(DEFAULT_FALSE))
    missing: frozenset = field(default_factory=lambda: frozenset({""}))

    def header(self) -> list[str]:
        """The column names of the file (for CSV the first row; for JSON every key of its objects)."""
        if self.format == "csv":
            with self.path.open(newline="", encoding="utf-8-sig") as fh:
                return next(csv.reader(fh, delimiter=self.delimiter), [])
        keys: dict = {}
        for obj in self._json():
            if isinstance(obj, dict):
                keys.update(dict.fromkeys(obj))
        return list(keys)

    def _json(self) -> list:
        with self.path.open(encoding="utf-8") as fh:
            data = json.load(fh)
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
        try:
            yield from self._records()
        except (UnicodeDecodeError, csv.Error, OSError, ValueError) as exc:
            if isinstance(exc, RecordValueError):
                raise
            raise RecordValueError(Location(self.shown), f"cannot read the export: {exc}") from None

    def _records(self) -> Iterator[tuple[int, dict]]:
        if self.format == "csv":
            rows = self._csv_records()
        else:
            rows = (self._convert(line, raw) for line, raw in self._raw_rows())
        if not self.key:
            yield from rows
            return
        latest: dict = {}
        for line, record in rows:
            key = record.get(self.key)
            # later rows replace earlier events of the same key; a row without a key stands on its own
            latest[key if key is not None else ("no key", line)] = (line, record)
        yield from latest.values()

    def _csv_records(self) -> Iterator[tuple[int, dict]]:
        """``_raw_rows`` and ``_convert`` fused for CSV, the hot loop of a million-row export.

        Same records, values and errors as converting each raw row; it only saves the intermediate dict, the
        second strip of each value and a method call per date (which goes to ``_date`` only when the quick parser
        declines it, so that strptime's result or the located error stands).
        """
        missing = self.missing
        quick = _quick_date_parser(self.date_format) if self.date_format else _iso_or_none
        with self.path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            header = next(reader, [])
            plan = [(logical, header.index(col), _kind(logical)) for logical, col in self.columns.items() if col in header]
            end = reader.line_num
            for row in reader:
                # a quoted value may span lines: a row is reported at the line where it starts
                line, end = end + 1, reader.line_num
                if not row:
                    continue
                size, out = len(row), {}
                for name, index, kind in plan:
                    text = row[index].strip() if index < size else ""
                    if text in missing:
                        out[name] = None
                    elif kind is _TEXT:
                        out[name] = text
                    elif kind is _DATE:
                        parsed = quick(text) if quick else None
                        out[name] = parsed if parsed is not None else self._date(line, name, text)
                    else:
                        out[name] = self._bool(line, name, text)
                yield line, out

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
            kind = _kind(name)
            if kind is _DATE:
                out[name] = self._date(line, name, value)
            elif kind is _BOOL:
                out[name] = self._bool(line, name, value)
            else:
                out[name] = text
        return line, out

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
                return parsed if parsed is not None else _naive(datetime.strptime(text, self.date_format))
            return _naive(datetime.fromisoformat(text))
        except ValueError:
            expected = self.date_format or "ISO 8601, e.g. 2026-03-01T14:05"
            raise RecordValueError(
                self._where(line, name), f"cannot read {text!r} in column {self.columns[name]!r} as a date ({expected})"
            ) from None

    def _bool(self, line: int, name: str, value) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip()
        if text in self.true_values or text.lower() in self.true_values:
            return True
        if text in self.false_values or text.lower() in self.false_values:
            return False
        raise RecordValueError(
            self._where(line, name),
            f"cannot read {text!r} in column {self.columns[name]!r} as yes/no "
            f"(true: {sorted(self.true_values)}, false: {sorted(self.false_values)})",
        )
