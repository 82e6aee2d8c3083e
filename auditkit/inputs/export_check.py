"""Every problem of a record export at once, each where it is: what ``auditkit validate`` reports.

An assessment stops reading an export at its first problem (the checks over it cannot be evaluated then). A
user fixing an export wants them all: every value that cannot be read as its type (date, number, yes/no),
every byte the declared encoding cannot decode (with its offset in the file), every row with more or fewer
values than the header, a file cut off inside a quoted value or in its last row, events an event log cannot
order. Each problem is located ``file:line:column`` (the column in characters, as editors count) and names the
column of the file by number and name. At most :data:`PROBLEMS_PER_FILE` are listed per export, then a count
of the rest.
"""

from __future__ import annotations

import csv
import re
from itertools import accumulate
from typing import Iterator

from auditkit.inputs.encoded_lines import decoded_lines, first_bad_bytes, line_safe
from auditkit.inputs.records import RecordSpec, RecordValueError
from auditkit.model.errors import Location, Problem

PROBLEMS_PER_FILE = 20
"""Problems listed per export; the rest are counted in one more line."""

LAYER = "evidence"


def export_problems(spec: RecordSpec, cap: int = PROBLEMS_PER_FILE) -> list[Problem]:
    """The problems of the export ``spec`` reads, in file order: the first ``cap``, then one counting the rest."""
    return [] if _reads_cleanly(spec) else listed_problems(spec, cap)


def listed_problems(spec: RecordSpec, cap: int = PROBLEMS_PER_FILE) -> list[Problem]:
    """:func:`export_problems` found value by value, without first trying the quick reading."""
    shown: list[Problem] = []
    more, first_unlisted = 0, None
    found = _csv_problems(spec) if spec.format == "csv" else _json_problems(spec)
    for problem in found:
        if len(shown) < cap:
            shown.append(problem)
        else:
            more += 1
            first_unlisted = first_unlisted or Location(spec.shown, problem.location.line, problem.location.column)
    if not shown and spec.key:
        shown += _order_problems(spec)
    if more:
        shown.append(_problem(first_unlisted, f"{more:,} more problem{'s' * (more != 1)} in this export from here on "
                                              f"(the first {cap} are listed)"))
    return shown


def _reads_cleanly(spec: RecordSpec) -> bool:
    """Whether every value of a CSV export reads as its type, every row has the header's width and an event log's
    events can be ordered: the reading an assessment does, by whole columns, in strict CSV.

    Why: looking for every problem, with its column in characters, costs about ten times as much, and nearly
    every export has none. Anything this reading refuses (including what only strict CSV refuses, text after a
    closing quote) is then looked at value by value, which alone decides what is reported.
    """
    if spec.format != "csv" or not line_safe(spec.codec) or _lone_carriage_return(spec):
        return False
    try:
        for _batch in spec.batches(strict=True):
            pass
    except (RecordValueError, csv.Error, UnicodeDecodeError, OSError, ValueError):
        return False
    return True


_LONE_CR = re.compile(rb"\r(?!\n)")


def _lone_carriage_return(spec: RecordSpec) -> bool:
    """Whether the file has a carriage return that does not end a line with its line feed: the search reads lines
    at their line feeds and reports such a row; the quick reading would take it for a line end."""
    try:
        with spec.path.open("rb") as fh:
            while block := fh.read(1 << 20):
                found = _LONE_CR.search(block)  # a CR ending the block is lone only if the next block's first byte is not LF
                if found and (found.start() < len(block) - 1 or fh.peek(1)[:1] != b"\n"):
                    return True
    except OSError:
        return True  # the search reports it
    return False


def _problem(location: Location, message: str) -> Problem:
    return Problem(location, message, LAYER)


def _csv_problems(spec: RecordSpec) -> Iterator[Problem]:
    if not line_safe(spec.codec):
        yield _problem(Location(spec.shown), f"the encoding {spec.encoding} is not one auditkit reads exports in "
                                             "(utf-16 and utf-32 are not): convert the export to utf-8")
        return
    consumed: list[tuple[int, str]] = []
    """The lines the csv reader took for the row it gives next: (line number, text)."""
    bad_bytes: list = []

    def lines() -> Iterator[str]:
        for number, (text, bad) in enumerate(decoded_lines(spec.path, spec.codec), 1):
            consumed.append((number, text))
            if bad is not None:
                bad_bytes.append(bad)
            yield text

    reader = csv.reader(lines(), delimiter=spec.delimiter)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        yield _problem(Location(spec.shown, 1, 1), f"cannot read the header: {exc}")
        return
    yield from _bad_bytes(spec, bad_bytes, {})
    consumed.clear()
    bad_bytes.clear()
    plan = spec._plan(header)
    columns = {index: spec.columns.get(name) for name, index, _kind in plan}
    width = len(header)
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:  # e.g. a field larger than the csv module's limit
            where = consumed[0][0] if consumed else None
            yield _problem(Location(spec.shown, where, 1 if where else None), f"cannot read this row: {exc}")
            return
        if row is None:
            break
        row_lines, text = list(consumed), "".join(line for _number, line in consumed)
        consumed.clear()
        starts, open_quote = _field_starts(text, spec.delimiter)
        if bad_bytes:
            yield from _bad_bytes(spec, bad_bytes, _fields_at(starts, row_lines, header))
            bad_bytes.clear()
        if not row:
            continue
        first = row_lines[0][0]
        # only the last line of a file can lack a line break: a last row without one may have lost its end
        cut = "" if text.endswith(("\n", "\r")) else "; the file ends in this row without a line break: is it cut off?"
        if open_quote is not None:
            line, column = _position(row_lines, open_quote)
            yield _problem(Location(spec.shown, line, column),
                           "the file ends inside a quoted value that starts here: it looks cut off")
            return
        if len(row) != width:
            problem = spec.width_error(first, len(row), width)
            yield _problem(Location(spec.shown, first, 1), problem.message + cut)
            continue
        for name, index, _kind in plan:
            try:
                spec._convert(first, {name: row[index]})
            except RecordValueError as exc:
                line, column = _position(row_lines, starts[index] if index < len(starts) else 0)
                yield _problem(Location(spec.shown, line, column, f"{name} ({columns[index]})"), exc.message + cut)


def _bad_bytes(spec: RecordSpec, found: list, fields: dict) -> Iterator[Problem]:
    """Problems for undecodable bytes; ``fields`` maps (line, column) ranges to the column they fall in."""
    for bad in found:
        column = _field_of(fields, bad.line, bad.column)
        named = f"in column {column}: " if column else ""
        yield _problem(Location(spec.shown, bad.line, bad.column), named + bad.describe(spec.encoding))


def _field_starts(text: str, delimiter: str) -> tuple[list[int], int | None]:
    """The offset in ``text`` (one CSV row, its lines joined) where each field starts, and the offset of a quote
    still open at the end (None when every quote closes)."""
    if '"' not in text:  # most rows: the fields are what lies between the delimiters
        return list(accumulate((len(field) + 1 for field in text.split(delimiter)[:-1]), initial=0)), None
    starts = [0]
    quoted = False
    opened = None
    at_start = True
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if quoted:
            if char == '"':
                if index + 1 < length and text[index + 1] == '"':
                    index += 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted, opened = True, index
        elif char == delimiter:
            starts.append(index + 1)
            at_start = True
            index += 1
            continue
        elif char in "\r\n":
            break
        at_start = False
        index += 1
    return starts, opened if quoted else None


def _position(row_lines: list[tuple[int, str]], offset: int) -> tuple[int, int]:
    """The (line, 1-based column) of ``offset`` in the joined lines of a row."""
    for number, line in row_lines:
        if offset < len(line):
            return number, offset + 1
        offset -= len(line)
    number, line = row_lines[-1]
    return number, len(line.rstrip("\r\n")) + 1


def _fields_at(starts: list[int], row_lines, header: list[str]) -> dict:
    """(line, first column) of each field of a row -> the field's label: number and name of its column."""
    out = {}
    for index, start in enumerate(starts):
        name = header[index] if index < len(header) else "(no header)"
        out[_position(row_lines, start)] = f"{index + 1} {name!r}"
    return out


def _field_of(fields: dict, line: int, column: int) -> str | None:
    """The label of the field a character at (line, column) belongs to: the last one starting at or before it."""
    best = None
    for (start_line, start_column), label in sorted(fields.items()):
        if (start_line, start_column) <= (line, column):
            best = label
    return best


def _json_problems(spec: RecordSpec) -> Iterator[Problem]:
    try:
        data = spec._json()  # the JSON reader every input goes through, with its limits and located errors
    except RecordValueError as exc:
        yield _problem(exc.location, exc.message)
        return
    except UnicodeDecodeError:
        bad = first_bad_bytes(spec.path, spec.codec)
        where = Location(spec.shown, bad.line, bad.column) if bad else Location(spec.shown)
        yield _problem(where, bad.describe(spec.encoding) if bad else f"cannot be read as {spec.encoding}")
        return
    except ValueError as exc:
        yield _problem(Location(spec.shown, 1, 1), str(exc))
        return
    for index, obj in enumerate(data):
        if not isinstance(obj, dict):
            yield _problem(Location(spec.shown, None, None, f"[{index}]"),
                           f"record {index + 1} is {type(obj).__name__}, not an object")
            continue
        for name, column in spec.columns.items():
            try:
                spec._convert(index + 1, {name: obj.get(column)})
            except RecordValueError as exc:
                yield _problem(exc.location, exc.message)


def _order_problems(spec: RecordSpec) -> list[Problem]:
    """The event log's order problem, if any (events of a key that its order_by cannot tell apart)."""
    try:
        for _ in spec.records():
            pass
    except RecordValueError as exc:
        return [_problem(exc.location, exc.message)]
    return []
