"""Errors that carry a location, one base class per layer.

Library code raises these; the CLI turns each into one line ``file:line:col: message`` and exit status 2.
Loaders collect every problem of a run into one :class:`InputErrors` so that one bad file does not hide
the errors of the others.
"""

from __future__ import annotations

import errno
from typing import Any

from auditkit.model.messages import Message, msg
from auditkit.model.text import place

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user's file: 1-based line and column, and the path inside the document."""

    file: str
    """Path of the file, as the user would type it (relative to the working directory when possible)."""
    line: int | None = None
    """1-based line, or None when the whole file is meant."""
    column: int | None = None
    """1-based column."""
    pointer: str = ""
    """Path inside the document, e.g. ``requirements[3].checks[0].rule``."""

    def __str__(self) -> str:
        return place(self.file, self.line, self.column)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        if self.column is not None:
            out["column"] = self.column
        if self.pointer:
            out["pointer"] = self.pointer
        return out


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at one location."""

    location: Location
    message: str
    """What is wrong, in English."""
    layer: str = field(default="input", compare=False)
    said: Message | None = field(default=None, compare=False)
    """The message as a template of messages.yaml, when it has one: the CLI writes it in the user's language."""

    @classmethod
    def of(cls, location: Location, said: Message | str, layer: str = "input") -> "Problem":
        """A problem whose message is a template: its English text is ``message``. (A plain string, e.g. the
        words of an exception that has no template, is taken as it is.)"""
        if isinstance(said, str):
            return cls(location, said, layer)
        return cls(location, said.text("en"), layer, said)

    def again(self, layer: str) -> "Problem":
        """The same problem reported by another layer (its template kept)."""
        return Problem(self.location, self.message, layer, self.said)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (English when it has no template)."""
        return self.said.text(lang) if self.said is not None else self.message

    @property
    def wording(self) -> Message | str:
        """The message as a parameter of another: its template when it has one, else its English text."""
        return self.said if self.said is not None else self.message

    def __str__(self) -> str:
        where = f" ({self.location.pointer})" if self.location.pointer else ""
        return f"{self.location}: {self.message}{where}"


class WordedValueError(ValueError):
    """A ValueError whose message is a template of messages.yaml: ``str()`` is its English text, ``said`` lets a
    command write it in the user's language (a date or a duration on the command line)."""

    def __init__(self, said: Message):
        super().__init__(said.text("en"))
        self.said = said


_OS_REASONS = {errno.ENOENT: "os.not_found", errno.EACCES: "os.denied", errno.EPERM: "os.not_permitted",
               errno.EISDIR: "os.is_directory", errno.ENOTDIR: "os.not_directory", errno.ELOOP: "os.loop",
               errno.ENAMETOOLONG: "os.name_too_long"}


def said_of(error: Exception) -> Message | str:
    """An exception's words as a message or a parameter of one: its template (a WordedValueError, an AuditkitError
    raised with one), a common OSError's reason in the user's language, else its own words."""
    said = getattr(error, "said", None)
    if isinstance(said, Message):
        return said
    if isinstance(error, OSError) and error.errno in _OS_REASONS:
        return msg(_OS_REASONS[error.errno])
    return getattr(error, "strerror", None) or str(error)


class AuditkitError(Exception):
    """Base of every error auditkit raises on purpose. Raised with a template (a Message), its ``str()`` is the
    English text and ``said`` lets the CLI write it in the user's language."""

    layer = "auditkit"
    said: Message | None = None

    def __init__(self, *args: Any):
        if len(args) == 1 and isinstance(args[0], Message):
            self.said = args[0]
            args = (args[0].text("en"),)
        super().__init__(*args)


class InputErrors(AuditkitError):
    """Every problem found in the user's files during one run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CatalogError(InputErrors):
    layer = "catalog"


class EvidenceError(InputErrors):
    layer = "evidence"


class JudgmentsError(InputErrors):
    layer = "judgments"


class ConfigError(InputErrors):
    layer = "config"


class UsageError(AuditkitError):
    """A request the library cannot carry out, e.g. an unknown requirement id."""


class ReportError(InputErrors):
    """Every problem found while preparing a report; each names its file (and line when known)."""

    layer = "report"

    @classmethod
    def at(cls, file: str, message: Message | str, line: int | None = None, column: int | None = None) -> "ReportError":
        return cls([Problem.of(Location(str(file), line, column), message, cls.layer)])
