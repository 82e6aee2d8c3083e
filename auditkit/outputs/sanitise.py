"""One sanitiser per output channel. Here: spreadsheet cells (CSV and XLSX).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and a tab or carriage
return first can hide such a start). Texts in an assessment come from the organisation's files, so a title like
``=HYPERLINK("http://evil","click")`` would run on the consultant's machine when the workbook is opened. Numbers
are written as numbers; only text is guarded.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """True when a spreadsheet would read ``value`` (a text) as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell that no spreadsheet runs: a formula-like text gets a leading apostrophe (shown as text)."""
    return "'" + value if formula_like(value) else value


def xlsx_cell(cell, value) -> None:
    """Put ``value`` into an openpyxl cell; a formula-like text is stored as a text cell, exactly as written."""
    cell.value = value
    if formula_like(value):
        cell.data_type = "s"  # openpyxl took it for a formula ("f"): store the characters, not a formula
