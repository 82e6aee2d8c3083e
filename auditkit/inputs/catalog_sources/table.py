"""Checklists kept in a spreadsheet (CSV or XLSX), one requirement a row, with a declared column mapping.

The first row names the columns. ``--map COLUMN=FIELD`` says which column holds which field; a column named like
a field (``clause``, ``title`` ...) needs no mapping. Fields: ``clause`` and ``title`` are required; ``id``,
``text``, ``title_zh``, ``text_zh``, ``kind``, ``criticality``, ``look_at``, ``clause_title``,
``clause_title_zh`` and ``parent`` are optional. A clause row is made for every clause a row names (titled by
``clause_title``, else by the first requirement's title); its parent is the ``parent`` cell, else the nearest
clause whose number starts its own (``8.2`` for ``8.2.1``). Rows are matched again by ``id`` on the next import,
or, without an id column, by clause and position within the clause.

Every problem is located: ``file:line:col`` in a CSV file, ``file:Sheet!B7`` in a workbook.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from auditkit.inputs.catalog_sources.model import (CRITICALITIES, KINDS, LAYER, CatalogImportError, SourceCatalog,
                                                   SourceClause, SourceRequirement, clause_number)
from auditkit.inputs.yamlsource import display_path, read_regular_bytes, read_source
from auditkit.model.clauses import clause_key
from auditkit.model.errors import Location, Problem, said_of
from auditkit.model.messages import msg

FIELDS = ("id", "clause", "title", "text", "title_zh", "text_zh", "kind", "criticality", "look_at",
          "clause_title", "clause_title_zh", "parent")
REQUIRED = ("clause", "title")
MAX_XLSX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Cell:
    value: str
    location: Location


def parse_mapping(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["Control=clause", ...]`` -> {column: field}; ValueError naming the pair that is not COLUMN=FIELD."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        if not sep or not column.strip():
            raise ValueError(f"--map {pair!r}: write COLUMN=FIELD (fields: {', '.join(FIELDS)})")
        if field.strip() not in FIELDS:
            raise ValueError(f"--map {pair!r}: {field.strip()!r} is not a field (fields: {', '.join(FIELDS)})")
        mapping[column.strip()] = field.strip()
    return mapping


def read_csv(path: Path, mapping: dict[str, str]) -> SourceCatalog:
    """The checklist in the CSV file at ``path``; CatalogImportError with every problem, located."""
    text, _ = read_source(path, max_bytes=MAX_XLSX_BYTES)
    shown = display_path(path)
    return _catalog(_csv_rows(text, shown), mapping, shown, "csv", Path(path).stem)


def read_xlsx(path: Path, mapping: dict[str, str], sheet: str | None = None) -> SourceCatalog:
    """The checklist in a sheet (the first, unless named) of the workbook at ``path``."""
    shown = display_path(path)
    try:
        raw = read_regular_bytes(path, MAX_XLSX_BYTES)
    except (OSError, ValueError) as exc:
        raise CatalogImportError([Problem.of(Location(shown), msg("source.unreadable", reason=said_of(exc)), LAYER)]) from None
    from openpyxl import load_workbook  # start-up time: only an XLSX import needs openpyxl

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise CatalogImportError([Problem.of(Location(shown), msg("table.not_xlsx", error=f"{type(exc).__name__}: {exc}"), LAYER)]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise CatalogImportError([Problem.of(Location(shown), msg("table.no_sheet", sheet=repr(sheet), sheets=", ".join(book.sheetnames)), LAYER)])
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        return _catalog(_xlsx_rows(ws, shown), mapping, shown, "xlsx", ws.title)
    finally:
        book.close()


def _csv_rows(text: str, shown: str) -> Iterator[list[Cell]]:
    """Each record of the CSV text as cells, each cell located at its line and column (quotes included)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    start = 1
    for record in reader:
        end = reader.line_num
        raw = "".join(lines[start - 1:end])
        offsets = _field_starts(raw)
        cells = []
        for index, value in enumerate(record):
            offset = offsets[index] if index < len(offsets) else 0
            before = raw[:offset]
            line = start + before.count("\n")
            column = offset - (before.rfind("\n") + 1) + 1
            cells.append(Cell(value.strip(), Location(shown, line, column)))
        yield cells
        start = end + 1


def _field_starts(raw: str) -> list[int]:
    """Character offsets at which the fields of one CSV record start (commas inside quotes do not count)."""
    starts, quoted = [0], False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 1)
    return starts


def _xlsx_rows(ws, shown: str) -> Iterator[list[Cell]]:
    from openpyxl.utils import get_column_letter

    for row_number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        yield [Cell("" if value is None else str(value).strip(),
                    Location(f"{shown}:{ws.title}!{get_column_letter(column)}{row_number}"))
               for column, value in enumerate(row, start=1)]


def _catalog(rows: Iterator[list[Cell]], mapping: dict[str, str], shown: str, fmt: str, name: str) -> SourceCatalog:
    problems: list[Problem] = []
    header = next(rows, None)
    if header is None or not any(cell.value for cell in header):
        raise CatalogImportError([Problem.of(Location(shown, 1, 1) if fmt == "csv" else Location(f"{shown}:{name}!A1"),
                                             msg("table.no_header"), LAYER)])
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = mapping.get(cell.value) or (cell.value.lower() if cell.value.lower() in FIELDS else None)
        if field is None:
            continue
        if field in columns:
            problems.append(Problem.of(cell.location, msg("table.two_columns", field=repr(field),
                                                          first=repr(header[columns[field]].value), second=repr(cell.value)),
                                       LAYER))
        columns[field] = index
    for column in mapping:
        if column not in {cell.value for cell in header}:
            problems.append(Problem.of(header[0].location, msg("table.map_column", column=repr(column),
                                                               columns=", ".join(c.value for c in header if c.value)),
                                       LAYER))
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        problems.append(Problem.of(header[0].location, msg("table.missing", missing=", ".join(missing), first=missing[0],
                                                           columns=", ".join(c.value for c in header if c.value)), LAYER))
    if problems:
        raise CatalogImportError(problems)

    def get(row: list[Cell], field: str) -> Cell | None:
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else None

    requirements: list[SourceRequirement] = []
    clause_rows: dict[str, dict] = {}
    seen_ids: dict[str, Location] = {}
    per_clause: dict[str, int] = {}
    for row in rows:
        if not any(cell.value for cell in row):
            continue
        values = {field: (get(row, field).value if get(row, field) else "") for field in FIELDS}
        where = row[0].location
        clause_cell = get(row, "clause")
        number = clause_number(values["clause"])
        if not number:
            problems.append(Problem.of(clause_cell.location if clause_cell else where,
                                       msg("table.clause", value=repr(values['clause'])), LAYER))
            continue
        if not values["title"]:
            problems.append(Problem.of(get(row, "title").location if get(row, "title") else where, msg("table.title"), LAYER))
            continue
        for field, allowed in (("kind", KINDS), ("criticality", CRITICALITIES)):
            if values[field] and values[field].lower() not in allowed:
                problems.append(Problem.of(get(row, field).location, msg("table.not_one_of", field=field,
                                                                         value=repr(values[field]), allowed=", ".join(allowed)),
                                           LAYER))
                values[field] = ""
        if values["id"]:
            if values["id"] in seen_ids:
                problems.append(Problem.of(get(row, "id").location, msg("table.duplicate", id=repr(values['id']),
                                                                        first=str(seen_ids[values['id']])), LAYER))
                continue
            seen_ids[values["id"]] = get(row, "id").location
        per_clause[number] = per_clause.get(number, 0) + 1
        clause_rows.setdefault(number, {"title": values["clause_title"] or values["title"],
                                        "title_zh": values["clause_title_zh"] or values["title_zh"],
                                        "parent": clause_number(values["parent"]) if values["parent"] else ""})
        requirements.append(SourceRequirement(
            source_id=values["id"] or f"{number}#{per_clause[number]}", clause=number,
            title=_bilingual(values["title"], values["title_zh"]),
            text=_bilingual(values["text"] or values["title"], values["text_zh"] or values["title_zh"]),
            location=where, id=values["id"], look_at={"en": values["look_at"]} if values["look_at"] else {},
            kind=values["kind"].lower() or None, criticality=values["criticality"].lower() or None))
    if problems:
        raise CatalogImportError(problems)
    if not requirements:
        raise CatalogImportError([Problem.of(header[0].location, msg("table.no_rows"), LAYER)])
    parents = {}
    for number in clause_rows:
        parent = clause_rows[number]["parent"] or _nearest_parent(number, clause_rows)
        parents[number] = parent if parent in clause_rows and parent != number else None
    clauses = [SourceClause(number, clause_rows[number]["title"], clause_rows[number]["title_zh"], parents[number],
                            _level(number, parents)) for number in sorted(clause_rows, key=clause_key)]
    return SourceCatalog(standard=name, title={"en": name}, version="1", clauses=tuple(clauses),
                         requirements=tuple(requirements), source_format=fmt)


def _level(number: str, parents: dict) -> int:
    """1 for a clause without a parent, its parent's level + 1 otherwise (a loop of parents counts once)."""
    level, seen = 1, {number}
    while parents.get(number) and parents[number] not in seen:
        number = parents[number]
        seen.add(number)
        level += 1
    return level


def _nearest_parent(number: str, known: dict) -> str:
    parts = number.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:cut])
        if candidate in known:
            return candidate
    return ""


def _bilingual(en: str, zh: str) -> dict:
    return {"en": en, "zh": zh} if zh else {"en": en}
