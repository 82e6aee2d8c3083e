"""OSCAL catalogs (JSON or YAML, OSCAL 1.x): ``catalog`` with its ``groups`` and ``controls``.

The file is first checked against NIST's OSCAL 1.1.3 catalog schema (vendored in schemas/), each error placed on
its line. Then every group and every control becomes a clause of the table (a control's ``label`` property, else
its id, as number; its title as title), and every control (a control enhancement too) becomes a requirement:
its ``statement`` part is the requirement text, its ``assessment-objective`` (else ``guidance``) part what the
auditor looks at. Matched again by the control's id on the next import. A withdrawn control is not imported.
"""

from __future__ import annotations

import re
from pathlib import Path

from auditkit.inputs.catalog_sources.common import ClauseNumbers, Fields, clause_of, read_structured
from auditkit.inputs.catalog_sources.model import (LAYER, CatalogImportError, SourceCatalog, SourceClause,
                                                   SourceRequirement, clause_number)
from auditkit.inputs.oscal_schema import oscal_validator
from auditkit.inputs.yamlsource import Document
from auditkit.model.errors import Problem
from auditkit.model.messages import Message, msg

FORMAT = "oscal"
_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}")
_MAX_MESSAGE = 200


def read(path: Path) -> SourceCatalog:
    """The catalog at ``path``; CatalogImportError with every problem, located."""
    doc = read_structured(path)
    problems = _schema_problems(doc)
    if problems:
        raise CatalogImportError(problems)
    catalog = doc.data["catalog"]
    reader = _Reader(doc, problems, _params(catalog))
    for index, group in enumerate(catalog.get("groups", [])):
        reader.group(group, ("catalog", "groups", index), None, 1, index + 1)
    offset = len(catalog.get("groups", []))
    for index, control in enumerate(catalog.get("controls", [])):
        reader.control(control, ("catalog", "controls", index), None, 1, offset + index + 1)
    if problems:
        raise CatalogImportError(problems)
    if not reader.requirements:
        raise CatalogImportError([Problem.of(doc.locate(("catalog",)), msg("oscal_import.no_control"), LAYER)])
    metadata = catalog["metadata"]
    title = str(metadata["title"]).strip()
    lost = dict(reader.lost)
    if reader.other_parts:
        lost["parts"] = msg("catalog_import.lost.parts", names=", ".join(sorted(reader.other_parts)))
    if catalog.get("back-matter"):
        lost["back_matter"] = msg("catalog_import.lost.back_matter")
    return SourceCatalog(standard=title, title={"en": title}, version=str(metadata["version"]),
                         clauses=tuple(reader.clauses), requirements=tuple(reader.requirements),
                         source_format=FORMAT, lost=tuple(lost[k] for k in sorted(lost)))


def _schema_problems(doc: Document) -> list[Problem]:
    if not isinstance(doc.data, dict) or "catalog" not in doc.data:
        return [Problem.of(doc.locate(()), msg("oscal_import.no_catalog"), LAYER)]
    from jsonschema.exceptions import best_match

    problems = []
    for error in oscal_validator("auditkit.inputs.catalog_sources", "schemas", "oscal_catalog_schema.json").iter_errors(doc.data):
        if error.context:
            error = best_match(error.context)
        message = error.message if len(error.message) <= _MAX_MESSAGE else error.message[:_MAX_MESSAGE] + "..."
        problems.append(Problem.of(doc.locate(tuple(error.absolute_path)), msg("oscal_import.not_oscal", error=message), LAYER))
    return problems


def _params(catalog: dict) -> dict[str, str]:
    """Parameter id -> what stands for it in a statement: its values, else its choices, else its label."""
    found: dict[str, str] = {}

    def walk(value) -> None:
        if isinstance(value, dict):
            for param in value.get("params", []) if isinstance(value.get("params"), list) else []:
                if isinstance(param, dict) and "id" in param:
                    choices = (param.get("select") or {}).get("choice") or []
                    shown = "; ".join(param.get("values") or []) or " | ".join(choices) or param.get("label") or param["id"]
                    found[param["id"]] = f"[{shown}]"
            for key in ("groups", "controls"):
                for child in value.get(key, []) if isinstance(value.get(key), list) else []:
                    walk(child)

    walk(catalog)
    return found


class _Reader:
    """Walks groups and controls depth first, numbering clauses and collecting requirements."""

    def __init__(self, doc: Document, problems: list[Problem], params: dict[str, str]):
        self.doc = doc
        self.fields = Fields(doc, problems)
        self.params = params
        self.numbers = ClauseNumbers()
        self.clauses: list[SourceClause] = []
        self.requirements: list[SourceRequirement] = []
        self.lost: dict[str, Message] = {}
        """What the catalog has no place for, by key: each said once."""
        self.other_parts: set[str] = set()

    def group(self, raw: dict, at: tuple, parent: str | None, level: int, position: int) -> None:
        number = self._number(raw.get("id", ""), raw, at, parent, position)
        if number is None:
            return
        self.clauses.append(clause_of(number, str(raw["title"]).strip(), "", parent, level))
        self._note_lost(raw)
        for index, group in enumerate(raw.get("groups", [])):
            self.group(group, at + ("groups", index), number, level + 1, index + 1)
        offset = len(raw.get("groups", []))
        for index, control in enumerate(raw.get("controls", [])):
            self.control(control, at + ("controls", index), number, level + 1, offset + index + 1)

    def control(self, raw: dict, at: tuple, parent: str | None, level: int, position: int) -> None:
        if _prop(raw, "status") == "withdrawn":
            self.lost["withdrawn"] = msg("catalog_import.lost.withdrawn")
            return
        number = self._number(raw["id"], raw, at, parent, position)
        if number is None:
            return
        title = str(raw["title"]).strip()
        self.clauses.append(clause_of(number, title, "", parent, level))
        self._note_lost(raw)
        statement = self._part_text(raw, "statement")
        objective = self._part_text(raw, "assessment-objective") or self._part_text(raw, "guidance")
        self.requirements.append(SourceRequirement(
            source_id=raw["id"], clause=number, title={"en": title}, text={"en": statement or title},
            location=self.doc.locate(at + ("id",)), look_at={"en": objective} if objective else {}))
        for index, control in enumerate(raw.get("controls", [])):
            self.control(control, at + ("controls", index), number, level + 1, index + 1)

    def _number(self, own: str, raw: dict, at: tuple, parent: str | None, position: int) -> str | None:
        label = _prop(raw, "label")
        number = self.numbers.assign(label if label and clause_number(label) else own, parent, position,
                                     self.doc.locate(at))
        if number is None:
            self.fields.problem(at + ("id",), msg("oscal_import.same_number", label=repr(label or own)))
        return number

    def _part_text(self, raw: dict, name: str) -> str:
        """The prose of the parts named ``name`` with their sub-parts, each item on a line after its label."""
        lines: list[str] = []

        def walk(part: dict, depth: int) -> None:
            prose = _INSERT.sub(lambda m: self.params.get(m.group(1), f"[{m.group(1)}]"), str(part.get("prose", ""))).strip()
            label = _prop(part, "label")
            if prose or label:
                lines.append(("  " * depth) + " ".join(x for x in (label, prose) if x))
            for child in part.get("parts", []):
                walk(child, depth + 1)

        for part in raw.get("parts", []):
            if part.get("name") == name:
                walk(part, 0)
        return "\n".join(lines).strip()

    def _note_lost(self, raw: dict) -> None:
        if raw.get("links"):
            self.lost["links"] = msg("catalog_import.lost.links")
        if raw.get("params"):
            self.lost["params"] = msg("catalog_import.lost.params")
        self.other_parts |= {str(p.get("name")) for p in raw.get("parts", [])} - {"statement", "assessment-objective",
                                                                                   "guidance"}


def _prop(raw: dict, name: str) -> str:
    for prop in raw.get("props", []):
        if prop.get("name") == name and "ns" not in prop:
            return str(prop.get("value", "")).strip()
    return ""
