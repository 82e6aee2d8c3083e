"""The rows of a CSV file as ``csv.reader`` gives them, read twice as fast where the text has no quote.

Why: ticket tools seldom quote anything in their exports, and for such text csv.reader's character-by-character
parser costs about twice as much as cutting the text at its line ends and each line at the delimiter with
``str.split`` (C). The text is read in blocks of whole lines. A block with no quote character, no lone carriage
return, no NUL and no line longer than csv's field limit is split so; from the first block that has one of them,
the rest of the file goes through ``csv.reader`` itself. tests/checks/test_csv_rows.py pins the rows to
csv.reader's on any text and any block size.
"""

from __future__ import annotations

import csv
import io
from itertools import chain, repeat
from typing import Iterator, TextIO

BLOCK = 1 << 20
"""Characters read at a time."""


def csv_row_lists(handle: TextIO, delimiter: str = ",", *, rows: int, strict: bool = False,
                  block: int = BLOCK) -> Iterator[list[list[str]]]:
    """The rows of the CSV text ``handle`` reads (a file opened with ``newline=""``), the first one included, as
    ``csv.reader(handle, delimiter=delimiter, strict=strict)`` gives them with its errors, in lists of at most
    ``rows`` consecutive rows (none empty): a whole list is made by C-level calls, not one row at a time."""
    limit = csv.field_size_limit()
    pending = ""
    while chunk := handle.read(block):
        text = pending + chunk
        cut = text.rfind("\n") + 1
        whole, pending = text[:cut], text[cut:]
        if not _plain(whole, limit):
            rest = io.StringIO(whole + pending + handle.readline(), newline="")  # the cut line made whole again
            yield from _in_lists(csv.reader(chain(rest, handle), delimiter=delimiter, strict=strict), rows)
            return
        if whole:
            lines = (whole.replace("\r\n", "\n") if "\r" in whole else whole).split("\n")
            lines.pop()  # the empty text after the last line end
            split = list(map(str.split, lines, repeat(delimiter)))
            if "" in lines:  # a blank line is an empty row, as csv.reader reads it
                split = [row if line else [] for row, line in zip(split, lines)]
            for start in range(0, len(split), rows):
                yield split[start:start + rows]
    if pending:  # a last line without a line end
        if _plain(pending, limit) and "\r" not in pending:
            yield [pending.split(delimiter)]
        else:
            yield from _in_lists(csv.reader(io.StringIO(pending, newline=""), delimiter=delimiter, strict=strict), rows)


def _in_lists(reader: Iterator[list[str]], rows: int) -> Iterator[list[list[str]]]:
    """The rows of ``reader`` in lists of ``rows``; at an error, the rows before it, then the error."""
    found: list[list[str]] = []
    try:
        for row in reader:
            found.append(row)
            if len(found) == rows:
                yield found
                found = []
    except csv.Error:
        if found:
            yield found
        raise
    if found:
        yield found


def _plain(text: str, limit: int) -> bool:
    """Whether csv.reader would read ``text`` (whole lines) exactly as split at line ends and delimiters."""
    return ('"' not in text and "\0" not in text and text.count("\r") == text.count("\r\n")
            and (len(text) <= limit or max(map(len, text.split("\n"))) <= limit))
