"""What a catalog read from another tool's format holds, before auditkit writes it as its own catalog.

Every reader (CISO Assistant library, OSCAL catalog, CSV/XLSX checklist) returns a :class:`SourceCatalog`; the
engine's ``catalog_import`` turns it into the files of an auditkit catalog (header, clause table, requirements).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditkit.model.clauses import CLAUSE_NUMBER
from auditkit.model.errors import InputErrors, Location
from auditkit.model.messages import Message

LAYER = "catalog import"

CRITICALITIES = ("high", "medium", "low")
KINDS = ("documented-information", "record", "activity", "determination")


class CatalogImportError(InputErrors):
    """Every problem found in the file being imported, each with its location."""

    layer = LAYER


@dataclass(frozen=True)
class SourceClause:
    """A clause (or group, or non-assessable node) of the source: it becomes a row of the clause table."""

    number: str
    """auditkit's clause number for it (see :func:`clause_number`)."""
    title: str
    title_zh: str = ""
    parent: str | None = None
    level: int = 1


@dataclass(frozen=True)
class SourceRequirement:
    """An assessable item of the source: it becomes one requirement of the catalog."""

    source_id: str
    """The item's own identity in the source (a URN, an OSCAL control id, the spreadsheet's id cell): kept as the
    requirement's ``ref``, and what a second import matches requirements by."""
    clause: str
    title: dict
    """{'en': ..., 'zh': ...}: 'zh' only when the source has it."""
    text: dict
    location: Location
    id: str = ""
    """The requirement id the source gives (a spreadsheet's id column); '' lets the importer number it."""
    look_at: dict = field(default_factory=dict)
    """What the auditor examines, per language, when the source says so (OSCAL assessment objective, CISO
    Assistant annotation); only written when the requirement is created."""
    typical_evidence: tuple[str, ...] = ()
    kind: str | None = None
    """Given only when the source has a column for it; otherwise the importer's default on creation, the user's
    value afterwards."""
    criticality: str | None = None


@dataclass(frozen=True)
class SourceCatalog:
    """A whole catalog as the source describes it."""

    standard: str
    """The standard's name or reference as the source writes it (``ISO/IEC 27001:2022``)."""
    title: dict
    version: str
    clauses: tuple[SourceClause, ...]
    requirements: tuple[SourceRequirement, ...]
    source_format: str
    """'ciso-assistant', 'oscal', 'csv' or 'xlsx'."""
    lost: tuple[Message, ...] = ()
    """What the source held that the auditkit catalog has no place for (shown after the import)."""


_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def clause_number(ref: str) -> str:
    """auditkit's clause number for an identifier of the source: ``A.5.24`` stays, ``GV.OC-01`` becomes
    ``GV.OC.01``, ``ac-2(1)`` becomes ``AC.2.1``. '' when nothing of it is a letter or digit.

    Clause numbers are dotted parts of letters and digits whose first part is upper case (auditkit.model.clauses);
    every other character separates parts, and the source's own identifier is kept as the requirement's ``ref``.
    """
    parts = [p for p in _SEPARATORS.split(ref.strip()) if p]
    if not parts:
        return ""
    parts[0] = parts[0].upper()
    number = ".".join(parts)
    return number if CLAUSE_NUMBER.match(number) else ""
