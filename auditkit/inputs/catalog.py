"""The requirements catalog: requirements with their checks, loaded from YAML under ``controls/``.

A catalog is data: a consultant extends it with a YAML file (extra requirements, or an overlay that changes
criticality and cadence) without touching Python or the bundled files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping, Protocol

from auditkit.model.concepts import Concept, Topic
from auditkit.inputs.roadmap_data import RoadmapData, read_roadmap
from auditkit.model.clauses import CLAUSE_NUMBER, Clause, ClauseTable, clause_key
from auditkit.model.errors import CatalogError, Location, Problem
from auditkit.model.messages import msg
from auditkit.inputs.validation import validate_value
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.yamlsource import Document, InputFile, SourceError, display_path, parse_yaml, read_source

LAYER = "catalog"
CADENCE_PARAMS = ("max_age", "period")


class KnownRule(Protocol):
    """What loading a catalog needs of a check rule (the engine's :class:`~auditkit.engine.checks.base.Rule`)."""

    name: str
    params_schema: dict
    cadence_params: tuple[str, ...]

    def param_problems(self, params: dict) -> list[tuple[tuple, str]]:
        """What is wrong with valid-by-schema parameters, each as (path inside the check, message)."""


@dataclass(frozen=True)
class Selector:
    """Which evidence items a check looks at."""

    types: tuple[str, ...] = ()
    covers: str | None = None
    ids: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict) -> "Selector":
        """Build a selector from its YAML form, where ``type`` and ``id`` may be one value or a list."""
        as_tuple = lambda v: tuple([v] if isinstance(v, str) else v or ())  # noqa: E731
        return cls(as_tuple(raw.get("type")), raw.get("covers"), as_tuple(raw.get("id")))

    def to_dict(self) -> dict:
        out: dict = {}
        if self.types:
            out["type"] = list(self.types)
        if self.covers:
            out["covers"] = self.covers
        if self.ids:
            out["id"] = list(self.ids)
        return out


@dataclass(frozen=True)
class CheckSpec:
    """One automated check of a requirement, as written in the catalog."""

    rule: str
    select: Selector
    params: dict
    location: Location
    concepts: tuple[Concept, ...] = field(default=(), compare=False)
    """The section concepts the check names (``concepts:`` ids resolved against the catalog's concepts)."""
    concept_locations: tuple[Location, ...] = field(default=(), compare=False)
    """Where each id of ``concepts:`` is written, to report an unknown one."""

    def describe(self) -> str:
        bits = [f"{k}={v}" for k, v in self.params.items() if not isinstance(v, (dict, list))]
        return self.rule + (f" ({', '.join(bits)})" if bits else "")


@dataclass(frozen=True)
class Guidance:
    look_at: str = ""
    questions: tuple[str, ...] = ()
    sample: str = ""
    typical_evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """One auditable obligation."""

    id: str
    clause: str
    title: dict
    """{'en': ..., 'zh': ...}"""
    text: dict
    kind: str
    criticality: str
    checks: tuple[CheckSpec, ...]
    manual: bool
    documented: str | None = None
    """'mandatory': a document the standard names (7.5.4 a-k), recognised by its type; 'information': documented
    information the standard requires elsewhere, in any document. Either one absent is a mandatory document absent."""
    guidance: dict = field(default_factory=dict)
    """language -> Guidance"""
    references: dict = field(default_factory=dict)
    ref: str | None = None
    location: Location = field(default=Location(""), compare=False)
    catalog: str = ""

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    def text_in(self, lang: str) -> str:
        return self.text.get(lang) or self.text["en"]

    def guidance_in(self, lang: str) -> Guidance:
        return self.guidance.get(lang) or self.guidance.get("en") or Guidance()

    @property
    def top_clause(self) -> str:
        return self.clause.split(".")[0]


@dataclass(frozen=True)
class CatalogPart:
    """One catalog of a project that holds several, each with its own clause table (issue 19).

    The primary catalog's requirement ids and clauses are written bare (``8.2.1-01``); every other catalog's are
    qualified by its id (``iso27001-2022:A.5.24-01``, clause ``iso27001-2022:A.5.24``), in its results, findings,
    judgments and evidence ``covers``, so that two standards' clause 4.1 never meet.
    """

    id: str
    version: str
    title: dict
    standard: str
    known_as: str
    """The name by which requirements' ``references`` name this catalog (header ``known_as``, else the id)."""
    primary: bool

    @property
    def prefix(self) -> str:
        """What qualifies its ids and clauses: '' for the primary catalog, ``id:`` for another."""
        return "" if self.primary else f"{self.id}:"

    def local(self, name: str) -> str:
        """A qualified id or clause as the catalog's own files write it (``iso27001-2022:A.5.24`` -> ``A.5.24``)."""
        return name[len(self.prefix):] if self.prefix and name.startswith(self.prefix) else name


@dataclass(frozen=True)
class Catalog:
    """All requirements in force, after overlays."""

    id: str
    version: str
    title: dict
    standard: str
    requirements: tuple[Requirement, ...]
    overlays: tuple[str, ...] = ()
    files: tuple[InputFile, ...] = ()
    """Every catalog file read, with its sha256."""
    concepts: dict = field(default_factory=dict, compare=False)
    """Section concepts by id (concepts files of the catalog)."""
    topics: tuple[Topic, ...] = field(default=(), compare=False)
    """Per subclause, what a document covering it is about (for ``propose_clauses``)."""
    roadmap: RoadmapData | None = field(default=None, compare=False)
    """Phases, effort and dependencies for turning gaps into a plan (a roadmap file of the catalog)."""
    clauses: ClauseTable = field(default_factory=lambda: default_clause_table(), compare=False)
    """The clauses of the catalog's standard: numbers, titles, tree (``clauses:`` of the header)."""
    parts: tuple[CatalogPart, ...] = field(default=(), compare=False)
    """The catalogs read, the primary one first (more than one when a project has several standards)."""

    def part(self, catalog_id: str) -> CatalogPart | None:
        """The catalog ``catalog_id`` of the project, or None."""
        return next((p for p in self.parts if p.id == catalog_id), None)

    def only(self, catalog_id: str) -> "Catalog":
        """The requirements of one catalog of the project (``--catalog ID``); CatalogError naming the ids there are."""
        part = self.part(catalog_id)
        if part is None:
            known = ", ".join(p.id for p in self.parts) or self.id
            raise CatalogError([Problem.of(Location(catalog_id), msg("catalog.no_catalog", id=repr(catalog_id),
                                                                     known=known), LAYER)])
        if len(self.parts) == 1:
            return self
        return replace(self, id=part.id, version=part.version, title=part.title, standard=part.standard,
                       requirements=tuple(r for r in self.requirements if r.catalog == part.id), parts=(part,),
                       roadmap=self.roadmap if part.primary else None)  # the roadmap data is the primary's

    def clause_title(self, number: str, lang: str = "en") -> str:
        """The title of a clause of the catalog's standard in ``lang``; '' for an unknown number."""
        return self.clauses.title(number, lang)

    def by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    def knows(self, target: str) -> bool:
        """True when ``target`` is a clause of the catalog's standard or a requirement id of this catalog."""
        return target in self.clauses or target in self._ids

    @property
    def _ids(self) -> frozenset:
        return frozenset(r.id for r in self.requirements)


DEFAULT_CLAUSES = Path(__file__).resolve().parents[1] / "catalogs" / "iso20000-1-2018" / "clauses.csv"
"""The clause table of a catalog whose header names none: ISO/IEC 20000-1:2018."""
DEFAULT_STANDARD = "ISO/IEC 20000-1:2018"


def read_clause_table(path: Path, standard: str) -> ClauseTable:
    """A clause table from CSV (columns clause, title, title_zh, level, parent). Raise SourceError when the
    file cannot be read or a row is not a clause; the problem names its line."""
    text, _ = read_source(path)
    shown = display_path(path)
    clauses = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        number = (row.get("clause") or "").strip()
        if not CLAUSE_NUMBER.match(number) or not (row.get("title") or "").strip():
            raise SourceError(Problem.of(Location(shown, line, 1), msg("catalog.clause_row", number=repr(number)),
                                         LAYER))
        level = (row.get("level") or "").strip()
        clauses[number] = Clause(number, row["title"].strip(), (row.get("title_zh") or "").strip(),
                                 int(level) if level.isdigit() else number.count(".") + 1,
                                 (row.get("parent") or "").strip() or None)
    return ClauseTable(clauses, standard)


@cache
def default_clause_table() -> ClauseTable:
    """The ISO/IEC 20000-1:2018 clause table (bundled)."""
    return read_clause_table(DEFAULT_CLAUSES, DEFAULT_STANDARD)


def load_catalog(paths: Iterable[Path], rules: Mapping[str, KnownRule], bundled: Mapping[str, Path] | None = None,
                 default: str | None = None, cache: SourceCache | None = None) -> Catalog:
    """Load every catalog file under ``paths`` (folders are searched recursively); apply overlays last.

    ``rules``: the check rules by name (the engine's registry), which the checks of the catalog must name.
    ``bundled``: catalogs shipped with auditkit, by id. One is read when the files under ``paths`` use its id
    (an overlay, extra requirements) without declaring it, and ``default`` is read when they declare no catalog at
    all. A catalog the files declare themselves (a header with the same id) replaces the bundled one.

    Raise CatalogError with every problem found in every file.
    """
    problems: list[Problem] = []
    headers: list[tuple[Document, dict]] = []
    requirement_files: list[Document] = []
    overlays: list[Document] = []
    concept_files: list[tuple[Document, bool]] = []  # (file, read from the bundled catalog)
    roadmap_files: list[Document] = []
    files = []

    def read(paths: Iterable[Path], bundled_files: bool = False) -> None:
        for path in _catalog_files(paths, problems):
            shown = display_path(path)
            try:
                text, raw = read_source(path)
                doc = parse_yaml(text, shown, cache=cache)
            except SourceError as exc:
                problems.append(exc.problem)
                continue
            files.append(InputFile.of(shown, raw))
            if doc.data is None:
                problems.append(Problem.of(Location(doc.file, 1, 1), msg("input.empty"), LAYER))
                continue
            found = validate_value(doc.data, doc, _file_kind_schema(doc.data), layer=LAYER, cache=cache)
            if found:
                problems.extend(found)
                continue
            if "overlay" in doc.data:
                overlays.append(doc)
            elif "concepts" in doc.data or "topics" in doc.data:
                concept_files.append((doc, bundled_files))
            elif "roadmap" in doc.data:
                roadmap_files.append(doc)
            elif "requirements" in doc.data:
                requirement_files.append(doc)
            else:
                headers.append((doc, doc.data["catalog"]))

    read(paths)
    if bundled:
        declared = {header["id"] for _, header in headers if not header.get("additional")}
        used = {doc.data["catalog"] for doc in requirement_files} | {doc.data["overlay"]["catalog"] for doc in overlays}
        used |= {doc.data["catalog"] for doc, _ in concept_files}
        used |= {doc.data["catalog"] for doc in roadmap_files}
        if not declared and default is not None:
            used.add(default)
        read((bundled[name] for name in sorted(used - declared - {h["id"] for _, h in headers}) if name in bundled),
             bundled_files=True)

    if not headers and not problems:
        problems.append(Problem.of(Location(", ".join(map(str, paths)) or "controls"), msg("catalog.no_header"), LAYER))
    known = {h["id"]: (doc, h) for doc, h in headers}
    tables = {catalog_id: _clause_table(doc, header, problems) for catalog_id, (doc, header) in known.items()}
    # the primary catalog: the first one the project declares, else the default; an additional catalog
    # (an import) stands beside it
    primary = next((h["id"] for _, h in headers if not h.get("additional")), None)
    primary = primary or (default if default in known else (headers[0][1]["id"] if headers else None))
    prefixes = {catalog_id: "" if catalog_id == primary else f"{catalog_id}:" for catalog_id in known}
    requirements: dict[str, Requirement] = {}
    for doc in requirement_files:
        catalog_id = doc.data["catalog"]
        if catalog_id not in known:
            problems.append(Problem.of(doc.locate(("catalog",)), msg("catalog.unknown", id=repr(catalog_id)), LAYER))
            continue
        for index, raw in enumerate(doc.data["requirements"]):
            _add_requirement(doc, ("requirements", index), raw, catalog_id, requirements, problems, rules,
                             tables[catalog_id], prefixes)

    overlay_ids = []
    for doc in overlays:
        overlay_ids.append(doc.data["overlay"]["id"])
        if doc.data["overlay"]["catalog"] not in known:
            problems.append(Problem.of(doc.locate(("overlay", "catalog")), msg("catalog.unknown", id=repr(doc.data['overlay']['catalog'])), LAYER))
            continue
        for index, raw in enumerate(doc.data.get("add", [])):
            _add_requirement(doc, ("add", index), raw, doc.data["overlay"]["catalog"], requirements, problems, rules,
                             tables[doc.data["overlay"]["catalog"]], prefixes)
        prefix = prefixes[doc.data["overlay"]["catalog"]]
        for req_id, change in doc.data.get("modify", {}).items():
            if prefix + req_id not in requirements:
                problems.append(Problem.of(doc.locate(("modify", req_id), key=True), msg("catalog.overlay_unknown", id=repr(req_id)), LAYER))
                continue
            requirements[prefix + req_id] = _modify(requirements[prefix + req_id], change, doc, ("modify", req_id),
                                                    problems, rules)

    concepts, topics = _concepts_and_topics(concept_files, known, tables, problems, prefixes)
    requirements = {rid: _resolve_concepts(req, concepts, problems) for rid, req in requirements.items()}

    doc, header = known[primary] if primary in known else (None, None)
    plan = None
    if roadmap_files and header is not None:  # the project's own roadmap file first: it replaces the bundled one
        table = tables.get(roadmap_files[0].data["catalog"]) or tables[header["id"]]
        tops = {r.clause.split(".")[0] for r in requirements.values() if r.catalog == roadmap_files[0].data["catalog"]}
        plan = read_roadmap(roadmap_files[0], lambda key: key in table or key in requirements, tops, problems)
    if problems:
        raise CatalogError(problems)
    assert primary is not None  # a header was read, or a problem raised above
    doc, header = known[primary]
    clauses = tables[primary]
    for other, table in tables.items():  # catalogs side by side: another catalog's clauses are qualified by its id
        clauses = clauses.merged(_qualified(table, prefixes[other]))
    ordered = tuple(sorted(requirements.values(), key=lambda r: requirement_sort_key(r.id)))
    parts = tuple(CatalogPart(h["id"], h["version"], h["title"], h.get("standard", ""), h.get("known_as") or h["id"],
                              h["id"] == primary)
                  for _, h in sorted(known.values(), key=lambda dh: dh[1]["id"] != primary))
    return Catalog(
        id=header["id"],
        version=header["version"],
        title=header["title"],
        standard=header.get("standard", ""),
        requirements=ordered,
        overlays=tuple(overlay_ids),
        files=tuple(sorted(files, key=lambda f: f.path)),
        concepts=concepts,
        topics=topics,
        roadmap=plan,
        clauses=clauses,
        parts=parts,
    )


def _qualified(table: ClauseTable, prefix: str) -> ClauseTable:
    """The clause table of a catalog beside the primary one, its numbers and parents qualified by ``prefix``."""
    if not prefix:
        return table
    return ClauseTable({prefix + n: Clause(prefix + n, c.title, c.title_zh, c.level, prefix + c.parent if c.parent else None)
                        for n, c in table.clauses.items()}, table.standard)


def _clause_table(doc: Document, header: dict, problems: list) -> ClauseTable:
    """The clause table a header names (a CSV file beside it), else ISO/IEC 20000-1:2018's."""
    name = header.get("clauses")
    if name is None:
        return default_clause_table()
    try:
        return read_clause_table(Path(doc.file).parent / name, header.get("standard") or header["id"])
    except SourceError as exc:
        problems.append(exc.problem if exc.problem.location.line else
                        Problem.of(doc.locate(("catalog", "clauses")), exc.problem.wording, LAYER))
        return ClauseTable({}, header.get("standard") or header["id"])


_KIND_SCHEMAS = {
    kind: {"$ref": f"https://auditkit.dev/schemas/catalog.schema.json#/$defs/{kind}"}
    for kind in ("headerFile", "requirementsFile", "overlayFile", "conceptsFile", "roadmapFile")
}


def _file_kind_schema(data) -> dict:
    """The branch of catalog.schema.json a file is meant to be, told by its keys (errors then name real fields)."""
    if isinstance(data, dict) and "overlay" in data:
        return _KIND_SCHEMAS["overlayFile"]
    if isinstance(data, dict) and "requirements" in data:
        return _KIND_SCHEMAS["requirementsFile"]
    if isinstance(data, dict) and ("concepts" in data or "topics" in data):
        return _KIND_SCHEMAS["conceptsFile"]
    if isinstance(data, dict) and "roadmap" in data:
        return _KIND_SCHEMAS["roadmapFile"]
    return _KIND_SCHEMAS["headerFile"]


def requirement_sort_key(identifier: str) -> tuple:
    """Order ids as an auditor reads them: 4.1-01 < 4.2-01 < 7.5.4-01 < 10.1-01; a catalog-qualified id
    (``iso27001-2022:4.3-01``) after every id of the primary catalog, in its own clause order."""
    qualifier, _, local = identifier.rpartition(":")
    clause, _, seq = local.partition("-")
    return (qualifier, clause_key(clause), seq)


def _catalog_files(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            # every *.yaml name that is not a folder: a pipe or dangling link there is reported by the reader
            # (located), not skipped as if the file did not exist
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and not p.is_dir()))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem.of(Location(display_path(path)), msg("catalog.path_not_found"), LAYER))
    return found


def _add_requirement(doc: Document, at: tuple, raw: dict, catalog_id: str, requirements: dict, problems: list,
                     rules: Mapping[str, KnownRule], clauses: ClauseTable, prefixes: Mapping[str, str]) -> None:
    prefix = prefixes.get(catalog_id, "")
    rid = prefix + raw["id"]
    if rid in requirements:
        first = requirements[rid].location
        problems.append(Problem.of(doc.locate(at + ("id",)), msg("catalog.duplicate", id=repr(rid), first=first), LAYER))
        return
    if raw["clause"] not in clauses:
        problems.append(Problem.of(doc.locate(at + ("clause",)), msg("catalog.not_clause_of", clause=repr(raw['clause']), standard=clauses.standard), LAYER))
        return
    checks = []
    for index, raw_check in enumerate(raw.get("checks", [])):
        spec = _check_spec(doc, at + ("checks", index), raw_check, problems, rules, clauses, prefix, prefixes)
        if spec:
            checks.append(spec)
    manual = bool(raw.get("manual", False))
    guidance = {lang: Guidance(g.get("look_at", ""), tuple(g.get("questions", [])), g.get("sample", ""), tuple(g.get("typical_evidence", [])))
                for lang, g in raw.get("guidance", {}).items()}
    if not checks and not manual and not raw.get("checks"):
        problems.append(Problem.of(doc.locate(at + ("id",)), msg("catalog.no_checks", id=rid), LAYER))
    if manual and not (guidance.get("en") and guidance["en"].look_at):
        problems.append(Problem.of(doc.locate(at + ("manual",), key=True), msg("catalog.manual_guidance", id=rid), LAYER))
    requirements[rid] = Requirement(
        id=rid,
        clause=prefix + raw["clause"],
        title=raw["title"],
        text=raw["text"],
        kind=raw["kind"],
        criticality=raw["criticality"],
        checks=tuple(checks),
        manual=manual,
        documented=raw.get("documented"),
        guidance=guidance,
        references=raw.get("references", {}),
        ref=raw.get("ref"),
        location=doc.locate(at + ("id",)),
        catalog=catalog_id,
    )


def _check_spec(doc: Document, at: tuple, raw: dict, problems: list, rules: Mapping[str, KnownRule],
                clauses: ClauseTable, prefix: str = "", prefixes: Mapping[str, str] | None = None) -> CheckSpec | None:
    rule = rules.get(raw["rule"])
    if rule is None:
        problems.append(Problem.of(doc.locate(at + ("rule",)), msg("catalog.unknown_rule", rule=repr(raw['rule']), known=", ".join(sorted(rules))), LAYER))
        return None
    params = {k: v for k, v in raw.items() if k not in ("rule", "select", "note")}
    found = validate_value(params, doc, rule.params_schema, at=at, layer=LAYER) if rule.params_schema else []
    if not found:  # what the schema cannot say, the rule itself checks: here, once, not per record
        found = [Problem.of(doc.locate(at + path), message, LAYER) for path, message in rule.param_problems(params)]
    if found:
        problems.extend(found)
        return None
    selector = Selector.from_dict(raw.get("select", {}))
    qualifier, qualified, local = (selector.covers or "").rpartition(":")
    if qualified and qualifier in (prefixes or {}):  # covers of another catalog of the project: as it is written
        selector = replace(selector, covers=(prefixes or {})[qualifier] + local)
    elif selector.covers and selector.covers not in clauses and "-" not in selector.covers:
        problems.append(Problem.of(doc.locate(at + ("select", "covers")), msg("catalog.not_clause", clause=repr(selector.covers)), LAYER))
        return None
    elif selector.covers and prefix:  # the catalog's own clause, qualified as its requirements are
        selector = replace(selector, covers=prefix + selector.covers)
    named = tuple(doc.locate(at + ("concepts", index)) for index in range(len(params.get("concepts", []))))
    return CheckSpec(rule.name, selector, params, doc.locate(at + ("rule",)), concept_locations=named)


def _modify(req: Requirement, change: dict, doc: Document, at: tuple, problems: list,
            rules: Mapping[str, KnownRule]) -> Requirement:
    updates: dict = {}
    if "criticality" in change:
        updates["criticality"] = change["criticality"]
    if "manual" in change:
        updates["manual"] = change["manual"]
    if "documented" in change:  # an overlay may mark its own mandatory documents, or unmark one ('optional')
        updates["documented"] = change["documented"] if change["documented"] != "optional" else None
    cadence = {k: change[k] for k in CADENCE_PARAMS if k in change}
    if cadence:
        new_checks = []
        for check in req.checks:
            params = dict(check.params)
            for key, value in cadence.items():
                if key in rules[check.rule].cadence_params:
                    params[key] = value
            new_checks.append(replace(check, params=params))
        updates["checks"] = tuple(new_checks)
    return replace(req, **updates)


def _concepts_and_topics(docs: list[tuple[Document, bool]], known: dict, tables: dict, problems: list,
                         prefixes: Mapping[str, str] | None = None) -> tuple[dict, tuple[Topic, ...]]:
    """Section concepts by id and clause topics, from every concepts file.

    A file may name an id (or a clause) that an earlier file defined: its synonyms and key phrases are added to
    it, so that a project extends a bundled concept without copying it. The first file's names stand.
    """
    raw_concepts: dict[str, dict] = {}
    raw_topics: dict[str, dict] = {}
    for doc, _ in sorted(docs, key=lambda d: (not d[1], d[0].file)):  # the bundled catalog's first
        if doc.data["catalog"] not in known:
            problems.append(Problem.of(doc.locate(("catalog",)), msg("catalog.unknown", id=repr(doc.data['catalog'])), LAYER))
            continue
        for raw in doc.data.get("concepts", []):
            _merge_terms(raw_concepts.setdefault(raw["id"], {"id": raw["id"], "name": raw["name"]}), raw)
        for index, raw in enumerate(doc.data.get("topics", [])):
            table = tables[doc.data["catalog"]]
            if raw["clause"] not in table:
                problems.append(Problem.of(doc.locate(("topics", index, "clause")),
                                           msg("catalog.not_clause_of", clause=repr(raw['clause']), standard=table.standard), LAYER))
                continue
            clause = table[raw["clause"]]
            if clause.title == "General" and clause.parent:  # 'General' says nothing: 7.5.1 is documented information
                clause = table[clause.parent]
            name = {"en": clause.title, "zh": clause.title_zh or clause.title}
            number = (prefixes or {}).get(doc.data["catalog"], "") + raw["clause"]
            _merge_terms(raw_topics.setdefault(number, {"id": number, "name": name}), raw)
    concepts = {cid: Concept.from_dict(raw) for cid, raw in raw_concepts.items()}
    topics = tuple(Topic(clause, Concept.from_dict(raw)) for clause, raw in raw_topics.items())
    return concepts, topics


def _merge_terms(into: dict, raw: dict) -> None:
    for key in ("synonyms", "key_phrases"):
        for lang, values in (raw.get(key) or {}).items():
            have = into.setdefault(key, {}).setdefault(lang, [])
            have.extend(v for v in values if v not in have)


def _resolve_concepts(req: Requirement, concepts: dict, problems: list) -> Requirement:
    """The requirement with each check's concept ids resolved to concepts; an unknown id is a problem.

    Resolved once every concepts file is read: a concepts file may come after the requirements that use it.
    """
    checks = []
    for check in req.checks:
        found = []
        for concept_id, where in zip(check.params.get("concepts", []), check.concept_locations):
            if concept_id in concepts:
                found.append(concepts[concept_id])
            else:
                close = ", ".join(sorted(k for k in concepts if k.split("-")[0] == concept_id.split("-")[0])[:5])
                said = msg("catalog.concept_near", id=repr(concept_id), near=close) if close else \
                    msg("catalog.concept", id=repr(concept_id))
                problems.append(Problem.of(where, said, LAYER))
        checks.append(replace(check, concepts=tuple(found)) if found else check)
    return replace(req, checks=tuple(checks))
