"""A document as its organisation wrote it: the value every reader (Markdown, HTML, DOCX, PDF) produces.

Every part keeps where it stands. ``Location`` gives file:line:col for text formats; for DOCX and PDF, where
lines do not exist, its ``pointer`` says ``page 2, line 5`` or ``table 1, row 3, cell 2``. ``position`` orders
the parts of one document whatever its format (the line for text formats, a running number otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from auditkit.model.errors import Location, Problem


def where(location: Location) -> str:
    """``file:line:col``, or ``file (page 2, line 5)`` for a place without lines."""
    text = str(location)
    if location.line is None and location.pointer:
        text += f" ({location.pointer})"
    return text


@dataclass(frozen=True)
class Heading:
    """A heading: its text without markup or HTML anchors, its level (1-6) and place."""

    text: str
    level: int
    location: Location
    position: int
    anchor: str = ""
    """An HTML anchor written inside the heading (``<a name="x"></a>``), if any."""


@dataclass(frozen=True)
class Lead:
    """A bold lead-in used as a pseudo-heading (``**Availability:** ...`` or a paragraph that is only bold)."""

    text: str
    location: Location
    position: int


@dataclass(frozen=True)
class Line:
    """One line of body text as plain text (markup removed), outside code, comments and template tags.

    ``section`` is the index in ``ReadDocument.headings`` of the heading the line stands under (-1: before any).
    ``list_depth`` is 0 for a paragraph, 1 for a list item, 2 for an item nested in one, and so on.
    """

    text: str
    location: Location
    position: int
    section: int = -1
    list_depth: int = 0
    links: tuple[tuple[str, str], ...] = ()
    """(link text, target) of each link on the line."""


@dataclass(frozen=True)
class Cell:
    text: str
    location: Location


@dataclass(frozen=True)
class Table:
    """A table (Markdown, HTML inside Markdown, DOCX); ``rows[0]`` is its header row when it has one."""

    rows: tuple[tuple[Cell, ...], ...]
    location: Location
    position: int
    section: int = -1
    has_header: bool = True

    @property
    def header(self) -> tuple[Cell, ...]:
        return self.rows[0] if self.rows and self.has_header else ()


@dataclass(frozen=True)
class Link:
    """A link written in the document: its target as written and where it stands."""

    target: str
    text: str
    location: Location


@dataclass(frozen=True)
class FrontMatter:
    """The YAML (or TOML) block at the head of a Markdown file, of whichever tool wrote it."""

    data: dict
    marks: dict
    """key -> (line, column) of the value of each top-level key."""
    first_line: int
    """The line of the opening ``---``."""
    end_line: int
    """The line of the closing ``---``."""


@dataclass(frozen=True)
class Field:
    """One document-control value read from a document, where it stands and how it was found."""

    name: str
    """One of FIELD_NAMES."""
    value: str
    """As written (trimmed)."""
    location: Location
    source: str
    """How it was found: front-matter, key-value, table, badge, revision-history, title, prose, properties, ..."""
    label: str = ""
    """The label as written (``版本号``, ``owner_slack``, ``Next review``)."""
    date: date | None = None
    """The value read as a date, for date fields."""
    months: int | None = None
    """The value read as a number of months, for the review cycle."""


@dataclass(frozen=True)
class Revision:
    """One entry of a revision history or change log."""

    location: Location
    version: str = ""
    date: date | None = None
    author: str = ""
    change: str = ""


FIELD_NAMES = ("title", "document_id", "owner", "author", "approver", "approval_date", "version", "effective_date",
               "last_reviewed", "review_cycle", "next_review", "classification", "distribution", "history")
"""The document-control fields auditkit reads (``author`` is who prepared it: 编制; ``history`` a link to it)."""

DATE_FIELDS = frozenset({"approval_date", "effective_date", "last_reviewed", "next_review"})


@dataclass(frozen=True)
class ReadDocument:
    """A document read as written: its structure, with the place of every part, and its warnings."""

    file: str
    """Display path."""
    format: str
    """md, html, docx, pdf."""
    title: str
    headings: tuple[Heading, ...] = ()
    leads: tuple[Lead, ...] = ()
    lines: tuple[Line, ...] = ()
    tables: tuple[Table, ...] = ()
    links: tuple[Link, ...] = ()
    front_matter: FrontMatter | None = None
    properties: tuple[Field, ...] = ()
    """Fields the file format itself carries (DOCX core properties, PDF document information)."""
    warnings: tuple[Problem, ...] = ()
    """What was read but is not right (a duplicate front-matter key); never a reason to refuse the document."""
    sha256: str = ""
    body_first_line: int = 1
    """The first line after the front matter (Markdown)."""
    text: str = field(default="", repr=False, compare=False)
    """The body text as written (Markdown and HTML), for readers of sections and links."""

    @property
    def table_header_cells(self) -> tuple[Cell, ...]:
        return tuple(cell for table in self.tables for cell in table.header)

    def section_of(self, index: int) -> tuple[Heading, ...]:
        """The heading at ``index`` and every heading above it (outermost first)."""
        if index < 0:
            return ()
        chain = [self.headings[index]]
        for heading in reversed(self.headings[:index]):
            if heading.level < chain[0].level:
                chain.insert(0, heading)
        return tuple(chain)
