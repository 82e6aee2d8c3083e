"""Record sets: CSV or JSON exports of tickets, read as a stream with a declared column mapping.

A record is a dict of *logical* field names (``opened``, ``met_sla`` ...) to converted values. Values that
cannot be converted are reported with their file and line, never guessed.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from .errors import Location

DEFAULT_TRUE = ("true", "yes", "y", "1")
DEFAULT_FALSE = ("false", "no", "n", "0")
DATE_FIELDS = {"opened", "resolved", "closed", "date"}


def is_date_field(name: str) -> bool:
    return name in DATE_FIELDS or name.endswith(("_at", "_on"))


def is_bool_field(name: str) -> bool:
    return name.startswith(("met_", "is_", "has_"))


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
        """The column names of the file (for CSV the first row; for JSON the keys of the first object)."""
        if self.format == "csv":
            with self.path.open(newline="", encoding="utf-8-sig") as fh:
                return next(csv.reader(fh, delimiter=self.delimiter), [])
        with self.path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        return list(data[0].keys()) if isinstance(data, list) and data and isinstance(data[0], dict) else []

    def _raw_rows(self) -> Iterator[tuple[int, dict]]:
        if self.format == "csv":
            with self.path.open(newline="", encoding="utf-8-sig") as fh:
                reader = csv.reader(fh, delimiter=self.delimiter)
                header = next(reader, [])
                wanted = [(logical, header.index(col)) for logical, col in self.columns.items() if col in header]
                for row in reader:
                    if not row:
                        continue
                    yield reader.line_num, {logical: (row[i] if i < len(row) else "") for logical, i in wanted}
        else:
            with self.path.open(encoding="utf-8") as fh:
                data = json.load(fh)
            for index, obj in enumerate(data if isinstance(data, list) else []):
                if isinstance(obj, dict):
                    yield index + 1, {logical: obj.get(col) for logical, col in self.columns.items()}

    def records(self) -> Iterator[tuple[int, dict]]:
        """(line, record) pairs with converted values; with ``key``, only the last row of each key."""
        rows = (self._convert(line, raw) for line, raw in self._raw_rows())
        if not self.key:
            yield from rows
            return
        latest: dict = {}
        for line, record in rows:
            latest[record.get(self.key)] = (line, record)  # later rows replace earlier events of the same key
        yield from latest.values()

    def _convert(self, line: int, raw: dict) -> tuple[int, dict]:
        out = {}
        for name, value in raw.items():
            if value is None or (isinstance(value, str) and value.strip() in self.missing):
                out[name] = None
            elif is_date_field(name):
                out[name] = self._date(line, name, value)
            elif is_bool_field(name):
                out[name] = self._bool(line, name, value)
            else:
                out[name] = value.strip() if isinstance(value, str) else value
        return line, out

    def _where(self, line: int, name: str) -> Location:
        return Location(self.shown, line, None, f"{name} ({self.columns[name]})")

    def _date(self, line: int, name: str, value) -> datetime:
        text = str(value).strip()
        try:
            if self.date_format:
                return datetime.strptime(text, self.date_format)
            return datetime.fromisoformat(text)
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
