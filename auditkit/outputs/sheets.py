"""A table for a workbook sheet, independent of the writer (auditkit.outputs.render.xlsx_format writes it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sheet:
    """A title, column headers and rows (texts already in the chosen language), and column widths."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
