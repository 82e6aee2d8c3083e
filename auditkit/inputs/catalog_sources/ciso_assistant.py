"""CISO Assistant framework libraries (YAML): ``objects.framework`` with its ``requirement_nodes``.

The format (intuitem/ciso-assistant-community, ``backend/library/libraries/*.yaml``): a library has ``urn``,
``locale``, ``ref_id``, ``name``, ``version``, ``copyright``, ``provider`` and ``objects``; ``objects.framework``
has ``ref_id``, ``name`` and ``requirement_nodes``, a flat list of nodes, each with ``urn``, ``assessable``,
``parent_urn`` (the tree), ``ref_id``, ``name``, ``description``, ``annotation``, ``typical_evidence`` and
``translations`` (language -> name, description).

Every node becomes a clause of the table (its ``ref_id`` as number, its ``name`` as title); every assessable node
also becomes a requirement. Matched again by its ``urn`` on the next import.
"""

from __future__ import annotations

from pathlib import Path

from auditkit.inputs.catalog_sources.common import ClauseNumbers, Fields, bilingual, clause_of, read_structured
from auditkit.inputs.catalog_sources.model import (CatalogImportError, SourceCatalog, SourceClause,
                                                   SourceRequirement, clause_number)
from auditkit.model.errors import Problem
from auditkit.model.messages import Message, msg

FORMAT = "ciso-assistant"
_LOST_FIELDS = {"reference_controls": "reference_controls", "threats": "threats",
                "implementation_groups": "implementation_groups", "questions": "questions",
                "importance": "weights", "weight": "weights"}
"""Fields of a node auditkit's catalog has no place for -> the message (catalog_import.lost.*) that says so."""


def read(path: Path) -> SourceCatalog:
    """The framework of the library at ``path``; CatalogImportError with every problem, located."""
    doc = read_structured(path)
    problems: list[Problem] = []
    f = Fields(doc, problems)
    library = f.mapping(doc.data, (), "a CISO Assistant library")
    objects = f.mapping(library.get("objects"), ("objects",), "'objects'") if library is not None else None
    framework = None
    if objects is not None:
        if "framework" not in objects:
            f.problem(("objects",), msg("ciso_import.no_framework", has=", ".join(sorted(objects)))
                      if objects else msg("ciso_import.no_framework_empty"), key=True)
        else:
            framework = f.mapping(objects["framework"], ("objects", "framework"), "'framework'")
    if framework is None:
        raise CatalogImportError(problems)
    at = ("objects", "framework")
    nodes = f.sequence(framework.get("requirement_nodes"), at + ("requirement_nodes",), "'requirement_nodes'")
    if nodes is None:
        raise CatalogImportError(problems)
    locale = (f.text(library, "locale", ()) or "en").lower()
    lost: dict[str, Message] = {}  # by key: each thing lost is said once
    if any(key in framework for key in ("min_score", "max_score", "scores_definition")):
        lost["scores"] = msg("catalog_import.lost.scores")
    others = sorted(name for name in objects if name != "framework")
    if others:
        lost["objects"] = msg("catalog_import.lost.objects", names=", ".join(others))

    by_urn: dict[str, tuple[int, dict]] = {}
    for index, raw in enumerate(nodes):
        where = at + ("requirement_nodes", index)
        node = f.mapping(raw, where, "a requirement node")
        if node is None:
            continue
        urn = f.text(node, "urn", where, required=True)
        if not urn:
            continue
        if urn in by_urn:
            f.problem(where + ("urn",), msg("ciso_import.duplicate_urn", urn=repr(urn),
                                            first=str(doc.locate(at + ('requirement_nodes', by_urn[urn][0])))))
            continue
        by_urn[urn] = (index, node)
        if not isinstance(node.get("assessable", False), bool):
            f.problem(where + ("assessable",), msg("ciso_import.assessable"))
        lost.update((name, msg("catalog_import.lost." + name)) for key, name in _LOST_FIELDS.items() if node.get(key))

    numbers = ClauseNumbers()
    number_of: dict[str, str] = {}
    level_of: dict[str, int] = {}
    siblings: dict[str | None, int] = {}
    clauses: list[SourceClause] = []
    requirements: list[SourceRequirement] = []
    for urn, (index, node) in by_urn.items():
        where = at + ("requirement_nodes", index)
        parent_urn = f.text(node, "parent_urn", where) or None
        if parent_urn is not None and parent_urn not in by_urn:
            f.problem(where + ("parent_urn",), msg("ciso_import.parent", urn=repr(parent_urn)))
            parent_urn = None
        if parent_urn is not None and parent_urn not in number_of:
            # nodes come parents first in every library; a child before its parent cannot be numbered under it
            f.problem(where + ("parent_urn",), msg("ciso_import.order", urn=repr(urn), parent=repr(parent_urn)))
            continue
        parent = number_of.get(parent_urn) if parent_urn else None
        siblings[parent_urn] = siblings.get(parent_urn, 0) + 1
        ref_id = f.text(node, "ref_id", where)
        number = numbers.assign(ref_id, parent, siblings[parent_urn], doc.locate(where))
        if number is None:
            f.problem(where + ("ref_id",) if ref_id else where,
                      msg("ciso_import.same_number", ref_id=repr(ref_id),
                          where=str(numbers.where.get(clause_number(ref_id)) or "above")))
            continue
        number_of[urn] = number
        level_of[urn] = level_of[parent_urn] + 1 if parent_urn else 1
        title, text = _texts(node, locale, f, where)
        clauses.append(clause_of(number, title.get("en", ""), title.get("zh", ""), parent, level_of[urn]))
        if node.get("assessable") is True:
            if not title.get("en") and not text.get("en"):
                f.problem(where, msg("ciso_import.empty", urn=repr(urn)))
                continue
            title = title if title.get("en") else bilingual(ref_id or number, title.get("zh", ""))
            text = text if text.get("en") else title
            annotation = f.text(node, "annotation", where)
            evidence = f.text(node, "typical_evidence", where)
            requirements.append(SourceRequirement(
                source_id=urn, clause=number, title=title, text=text, location=doc.locate(where + ("urn",)),
                look_at={"en": annotation} if annotation else {},
                typical_evidence=tuple(line.strip("-• ").strip() for line in evidence.splitlines() if line.strip("-• ").strip())))
    if problems:
        raise CatalogImportError(problems)
    if not requirements:
        raise CatalogImportError([Problem.of(doc.locate(at + ("requirement_nodes",)), msg("ciso_import.none"),
                                             "catalog import")])
    name, _ = _texts(framework, locale, f, at)
    standard = f.text(framework, "ref_id", at) or f.text(library, "ref_id", ()) or name.get("en", "")
    return SourceCatalog(standard=standard, title=name if name.get("en") else {"en": standard},
                         version=f.text(library, "version", ()) or "1", clauses=tuple(clauses),
                         requirements=tuple(requirements), source_format=FORMAT,
                         lost=tuple(lost[k] for k in sorted(lost)))


def _texts(node: dict, locale: str, f: Fields, where: tuple) -> tuple[dict, dict]:
    """The node's name and description in English and Chinese: from the library's own language (``locale``) or
    its ``translations``. With no English, the library's own language stands in for it."""
    names = {locale: f.text(node, "name", where)}
    descriptions = {locale: f.text(node, "description", where)}
    translations = node.get("translations")
    if isinstance(translations, dict):
        for lang, values in translations.items():
            if isinstance(values, dict):
                names.setdefault(str(lang).lower(), f.text(values, "name", where + ("translations", lang)))
                descriptions.setdefault(str(lang).lower(), f.text(values, "description", where + ("translations", lang)))

    def pick(texts: dict) -> dict:
        zh = next((v for lang, v in texts.items() if lang.startswith("zh") and v), "")
        en = texts.get("en") or texts.get(locale) or ""
        return bilingual(en, zh) if en else ({"zh": zh} if zh else {})

    return pick(names), pick(descriptions)
