"""The report layer's error: a problem with a file the report reads (an assessment, a template, a logo)."""

from __future__ import annotations

from ..errors import InputErrors, Location, Problem, UsageError


class ReportError(InputErrors):
    """Every problem found while preparing a report; each names its file (and line when known)."""

    layer = "report"

    @classmethod
    def at(cls, file: str, message: str, line: int | None = None, column: int | None = None) -> "ReportError":
        return cls([Problem(Location(str(file), line, column), message, cls.layer)])


class MissingFontError(UsageError):
    """No installed font covers the report's language: the PDF would show empty boxes instead of text."""
