"""What the readers of other tools' catalogs share: reading the file with positions, typed field access, clauses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditkit.inputs.catalog_sources.model import LAYER, SourceClause, clause_number
from auditkit.inputs.jsonsource import parse_json
from auditkit.inputs.yamlsource import Document, SourceError, display_path, parse_yaml, read_source
from auditkit.model.errors import Location, Problem
from auditkit.model.messages import Message, msg

MAX_SOURCE_BYTES = 32 * 1024 * 1024
"""A catalog to import may be larger than a project file (NIST SP 800-53 in OSCAL JSON is about 10 MB)."""


def read_structured(path: Path) -> Document:
    """The YAML or JSON file at ``path`` as a :class:`Document` with the position of every value.

    JSON is read by the YAML reader (JSON is YAML) for its positions; a JSON file too large for that is read by
    the JSON reader, and its problems are then located by their path in the document only.
    """
    text, _ = read_source(path, max_bytes=MAX_SOURCE_BYTES)
    shown = display_path(path)
    try:
        return parse_yaml(text, shown)
    except SourceError:
        if path.suffix.lower() != ".json":
            raise
    # too many values for the YAML reader, or an escape YAML does not know: the JSON reader (its error for a
    # .json file that is not JSON); problems are then located by their path in the document only
    return Document(shown, parse_json(text, shown))


class Fields:
    """Typed access to the mappings of a document, collecting a located problem for each wrong value."""

    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def problem(self, at: tuple, message: Message | str, *, key: bool = False) -> None:
        self.problems.append(Problem.of(self.doc.locate(at, key=key), message, LAYER))

    def mapping(self, value: Any, at: tuple, what: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.problem(at, msg("source_fields.mapping", what=what, kind=_kind(value)))
        return None

    def sequence(self, value: Any, at: tuple, what: str) -> list | None:
        if isinstance(value, list):
            return value
        self.problem(at, msg("source_fields.list", what=what, kind=_kind(value)))
        return None

    def text(self, raw: dict, key: str, at: tuple, *, required: bool = False) -> str:
        """The text of ``raw[key]`` stripped ('' when absent); a number is read as its text (``ref_id: 4``)."""
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(at, msg("source_fields.missing", key=repr(key)))
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(at + (key,), msg("source_fields.text", key=repr(key), kind=_kind(value)))
            return ""
        return str(value).strip()


def _kind(value: Any) -> Message:
    if value is None:
        return msg("source_fields.kind.nothing")
    if isinstance(value, bool):
        return msg("source_fields.kind.boolean")
    if isinstance(value, dict):
        return msg("source_fields.kind.mapping")
    if isinstance(value, list):
        return msg("source_fields.kind.list")
    if isinstance(value, (int, float)):
        return msg("source_fields.kind.number")
    return msg("source_fields.kind.text")


class ClauseNumbers:
    """Gives every node of a source tree a distinct clause number, from its own identifier where it has one."""

    def __init__(self) -> None:
        self.where: dict[str, Location] = {}
        """Clause number -> where the node that has it is written."""

    def assign(self, own: str, parent: str | None, position: int, location: Location) -> str | None:
        """The number for a node whose identifier is ``own`` ('' for none), under ``parent``, the ``position``-th
        (1-based) among its siblings. A taken number is tried again under its parent's (``5.1`` under ``A`` gives
        ``A.5.1``); None when that is taken too (the caller reports it)."""
        number = clause_number(own) if own else ""
        if not number:
            number = f"{parent}.{position}" if parent else f"S{position}"
        if number in self.where and parent:
            number = f"{parent}.{number}"
        if number in self.where:
            return None
        self.where[number] = location
        return number


def clause_of(number: str, title: str, title_zh: str, parent: str | None, level: int) -> SourceClause:
    return SourceClause(number, title or number, title_zh, parent, level)


def bilingual(en: str, zh: str) -> dict:
    """{'en': en, 'zh': zh} without an empty Chinese text."""
    return {"en": en, "zh": zh} if zh else {"en": en}
