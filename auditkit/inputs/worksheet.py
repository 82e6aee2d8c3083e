"""Sampling worksheets (``auditkit sample``): their layout, and reading one back once the auditor has filled it.

A worksheet is a CSV file or an XLSX workbook (one sheet, ``Sample``) laid out the same way:

- a block of ``key, value, explanation`` rows: the marker ``worksheet = auditkit-sample/1``, how the sample was
  drawn (record set, export and its SHA-256, population, seed, confidence, tolerable rate, size, formula) and
  the three rows the auditor fills (``requirement``, ``auditor``, ``date``);
- one empty row;
- the table of sampled records: ``no``, ``record``, ``line``, the record's mapped fields, then ``verdict``
  (``ok`` or ``exception``; ``符合`` or ``例外``) and ``note``, which the auditor fills.

The keys and column names are identifiers, the same in every language; the explanations are in the language
the worksheet was written in. A problem in a filled worksheet is located at its line and column (CSV) or its
sheet and cell (XLSX, ``Sample!F21``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from auditkit.model.errors import InputErrors, Location, Problem
from auditkit.model.messages import msg

MARKER = "auditkit-sample/1"
SHEET = "Sample"
META_KEYS = ("worksheet", "record_set", "export", "export_sha256", "population", "unit", "where", "method", "seed",
             "confidence", "tolerable_rate", "size_formula", "size", "requirement", "auditor", "date")
"""The rows of the block above the table, in order."""
FILLED_BY_AUDITOR = ("requirement", "auditor", "date")
LEAD_COLUMNS = ("no", "record", "line")
TAIL_COLUMNS = ("verdict", "note")
VERDICTS = {"ok": False, "exception": True, "符合": False, "例外": True}
"""A verdict as written (any case) -> whether the record is an exception."""

LAYER = "worksheet"


class WorksheetError(InputErrors):
    """A worksheet that cannot be imported, with every problem found in it."""


@dataclass(frozen=True)
class Cell:
    """A value of a worksheet and where it is."""

    value: str
    location: Location


@dataclass(frozen=True)
class SampledRecord:
    number: int
    record: str
    line: str
    exception: bool
    note: str
    location: Location
    """Where its verdict is."""


@dataclass
class FilledWorksheet:
    """A worksheet as read back: its block of values and its sampled records with their verdicts."""

    file: str
    meta: dict[str, Cell] = field(default_factory=dict)
    records: list[SampledRecord] = field(default_factory=list)

    def value(self, key: str) -> str:
        cell = self.meta.get(key)
        return cell.value if cell is not None else ""

    def where(self, key: str) -> Location:
        cell = self.meta.get(key)
        return cell.location if cell is not None else Location(self.file)

    @property
    def exceptions(self) -> list[SampledRecord]:
        return [r for r in self.records if r.exception]


def read_worksheet(path: Path, shown: str) -> FilledWorksheet:
    """The worksheet at ``path`` (``.xlsx``, else CSV); WorksheetError with every problem found, located."""
    rows = _xlsx_rows(path, shown) if path.suffix.lower() == ".xlsx" else _csv_rows(path, shown)
    sheet = FilledWorksheet(shown)
    problems: list[Problem] = []
    index = 0
    while index < len(rows) and any(cell.value for cell in rows[index]):  # the block, up to the empty row
        row = rows[index]
        key = row[0].value.strip()
        value = row[1] if len(row) > 1 else Cell("", _next_to(row[0].location))
        if key in META_KEYS:
            sheet.meta[key] = Cell(value.value.strip(), value.location)
        index += 1
    if sheet.value("worksheet") != MARKER:
        at = sheet.where("worksheet") if "worksheet" in sheet.meta else (rows[0][0].location if rows and rows[0] else
                                                                         Location(shown, 1, 1))
        raise WorksheetError([Problem.of(at, msg("worksheet.error.not_worksheet", marker=MARKER), LAYER)])
    while index < len(rows) and not any(cell.value for cell in rows[index]):
        index += 1
    if index >= len(rows):
        raise WorksheetError([Problem.of(Location(shown), msg("worksheet.error.no_table"), LAYER)])
    header = [cell.value.strip() for cell in rows[index]]
    missing = [name for name in LEAD_COLUMNS + TAIL_COLUMNS if name not in header]
    if missing:
        raise WorksheetError([Problem.of(rows[index][0].location, msg("worksheet.error.header", missing=", ".join(missing)),
                                         LAYER)])
    at = {name: header.index(name) for name in LEAD_COLUMNS + TAIL_COLUMNS}
    for row in rows[index + 1:]:
        if not any(cell.value.strip() for cell in row):
            continue

        def cell(name: str, row=row) -> Cell:
            position = at[name]
            return row[position] if position < len(row) else Cell("", _shifted(row[-1].location, position - len(row) + 1))

        verdict = cell("verdict")
        written = verdict.value.strip().casefold()
        if written not in VERDICTS:
            said = msg("worksheet.error.verdict", record=repr(cell('record').value.strip()),
                       verdict=repr(verdict.value.strip())) if written else \
                msg("worksheet.error.no_verdict", record=repr(cell('record').value.strip()))
            problems.append(Problem.of(verdict.location, said, LAYER))
            continue
        number = cell("no")
        try:
            no = int(number.value.strip())
        except ValueError:
            problems.append(Problem.of(number.location, msg("worksheet.error.row_number", value=repr(number.value.strip())),
                                       LAYER))
            continue
        sheet.records.append(SampledRecord(no, cell("record").value.strip(), cell("line").value.strip(),
                                           VERDICTS[written], cell("note").value.strip(), verdict.location))
    if problems:
        raise WorksheetError(problems)
    return sheet


def _csv_rows(path: Path, shown: str) -> list[list[Cell]]:
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorksheetError([Problem.of(Location(shown), msg("worksheet.error.not_utf8", byte=exc.start + 1),
                                         LAYER)]) from None
    rows = []
    # a spreadsheet program saving in a locale whose list separator is ; (or a tab) writes that instead of commas:
    # the first cell is always "worksheet", so the character after it says which
    first = text[len("worksheet"):len("worksheet") + 1] if text.startswith("worksheet") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=first if first in ";\t" else ",")
    end = 0
    try:
        for values in reader:
            line, end = end + 1, reader.line_num
            rows.append(_located_csv(values, shown, line))
    except csv.Error as exc:
        raise WorksheetError([Problem.of(Location(shown, reader.line_num), msg("worksheet.error.csv", error=str(exc)),
                                         LAYER)]) from None
    return rows


def _located_csv(values: list[str], shown: str, line: int) -> list[Cell]:
    # a column of a CSV row is its field's number (1-based): what a spreadsheet shows as A, B, C
    return [Cell(value, Location(shown, line, number)) for number, value in enumerate(values, 1)] or [
        Cell("", Location(shown, line, 1))]


def _xlsx_rows(path: Path, shown: str) -> list[list[Cell]]:
    from openpyxl import load_workbook  # start-up time: only an XLSX worksheet needs it
    from openpyxl.utils import get_column_letter  # as above

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorksheetError([Problem.of(Location(shown), msg("worksheet.error.workbook", error=str(exc)), LAYER)]) from None
    try:
        if SHEET not in book.sheetnames:
            raise WorksheetError([Problem.of(Location(shown), msg("worksheet.error.sheet", sheet=repr(SHEET),
                                                                  sheets=", ".join(book.sheetnames)), LAYER)])
        rows = []
        for number, values in enumerate(book[SHEET].iter_rows(values_only=True), 1):
            cells = [Cell(_text(value), Location(f"{shown}:{SHEET}!{get_column_letter(column)}{number}"))
                     for column, value in enumerate(values, 1)]
            rows.append(cells or [Cell("", Location(f"{shown}:{SHEET}!A{number}"))])
        return rows
    finally:
        book.close()


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # a date the spreadsheet program made of what the auditor typed
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _next_to(location: Location) -> Location:
    return _shifted(location, 1)


def _shifted(location: Location, columns: int) -> Location:
    """The location ``columns`` cells to the right of ``location`` (CSV: its column number; XLSX: its letter)."""
    if location.line is not None:
        return Location(location.file, location.line, (location.column or 1) + columns)
    from openpyxl.utils import column_index_from_string, get_column_letter  # start-up time: XLSX only

    stem, _, cell = location.file.rpartition("!")
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = cell[len(letters):]
    return Location(f"{stem}!{get_column_letter(column_index_from_string(letters) + columns)}{digits}")
