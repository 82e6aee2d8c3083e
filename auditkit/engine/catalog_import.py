"""Writing a catalog read from another tool's format as an auditkit catalog, and updating it on the next import.

``plan_catalog`` turns a :class:`~auditkit.inputs.catalog_sources.SourceCatalog` into three files of a catalog
folder: ``catalog.yaml`` (the header), ``clauses.csv`` (its own clause table) and ``requirements.yaml``. Each
imported requirement keeps the source's identity of its item as ``ref``. When the folder holds an earlier import,
it is updated, not replaced: what the source says (clause, titles and texts in the languages it has, kind and
criticality when it has them) is read again; everything else the user wrote stays as written: checks, guidance,
``manual``, references, other languages, comments, requirements the user added, and requirements the source no
longer has (kept, and counted, for the user to delete).
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from auditkit.engine.project import load_catalog
from auditkit.inputs.round_trip import round_trip_yaml
from auditkit.inputs.catalog import read_clause_table
from auditkit.inputs.catalog_sources import CatalogImportError, SourceCatalog, SourceRequirement
from auditkit.inputs.yamlsource import SourceError, display_path, parse_yaml, read_source
from auditkit.model.clauses import Clause, clause_key
from auditkit.model.errors import CatalogError, Location, Problem
from auditkit.model.messages import msg

HEADER_FILE, CLAUSES_FILE, REQUIREMENTS_FILE = "catalog.yaml", "clauses.csv", "requirements.yaml"
DEFAULT_KIND, DEFAULT_CRITICALITY = "activity", "medium"
CATALOG_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
REQUIREMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YEAR = re.compile(r"-(19|20)\d\d$")

NOTE = ("# Written by `auditkit catalog import` from {source} ({format}).\n"
        "# Yours to edit: a new import reads again only what the source says (clause, titles and texts, and kind and\n"
        "# criticality when the source has them); your checks, guidance, manual flags, references, other languages,\n"
        "# comments and requirements of your own stay as written.\n"
        "# 由 `auditkit catalog import` 根据 {source}（{format}）生成。可以修改：重新导入时只从来源重新读取来源所给出的内容\n"
        "# （条款、标题和正文，以及来源给出时的类型和重要程度）；您添加的检查、审核指南、人工标记、参考、其他语言、注释和要求均保持不变。\n")


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    text: str
    created: bool


@dataclass(frozen=True)
class CatalogPlan:
    """The files to write and what changed."""

    catalog_id: str
    files: tuple[PlannedFile, ...]
    requirements: int
    """Requirements the source has."""
    clauses: int
    """Clauses of the table written."""
    created: int
    updated: int
    unchanged: int
    withdrawn: tuple[str, ...] = ()
    """Ids of imported requirements the source no longer has (kept)."""
    own: int = 0
    """Requirements of the user's own (no ``ref``), kept."""
    lost: tuple = field(default=())
    """What the source held that the catalog has no place for (messages)."""


def default_catalog_id(folder: Path) -> str:
    """The catalog id a folder gives when none is named: its name in lower case."""
    return Path(folder).name.lower()


def known_as(catalog_id: str) -> str:
    """The name by which other catalogs' ``references`` name this one: the id without a trailing year
    (``iso27001-2022`` -> ``iso27001``, as the bundled catalog writes ``references: {iso27001: [...]}``)."""
    return _YEAR.sub("", catalog_id)


def plan_catalog(source: SourceCatalog, folder: Path, *, catalog_id: str | None = None, source_name: str = "") -> CatalogPlan:
    """The files that make ``folder`` the auditkit catalog of ``source`` (updating an earlier import there).

    Raise CatalogImportError (located) when the folder's files of an earlier import cannot be read, or when the
    id is not a catalog id; CatalogError when the catalog written would not load (a bug, reported located).
    """
    folder = Path(folder)
    header_path, clauses_path, requirements_path = (folder / HEADER_FILE, folder / CLAUSES_FILE,
                                                    folder / REQUIREMENTS_FILE)
    yaml = round_trip_yaml()
    header = _load_existing(header_path, yaml)
    existing_id = header["catalog"].get("id") if isinstance(header, dict) and isinstance(header.get("catalog"), dict) else None
    catalog_id = str(existing_id or catalog_id or default_catalog_id(folder))
    if not CATALOG_ID.match(catalog_id):
        raise CatalogImportError([Problem.of(Location(display_path(folder)), msg("catalog_import.bad_id", id=repr(catalog_id)),
                                             "catalog import")])
    note = NOTE.format(source=source_name or "?", format=source.source_format)
    header_text, header_created = _header(header, yaml, source, catalog_id, note)
    clauses_text, clause_count = _clause_table(source, clauses_path)
    body = _load_existing(requirements_path, yaml)
    requirements_text, counts = _requirements(body, yaml, source, catalog_id, note)
    plan = CatalogPlan(
        catalog_id=catalog_id,
        files=(PlannedFile(header_path, header_text, header_created),
               PlannedFile(clauses_path, clauses_text, not clauses_path.exists()),
               PlannedFile(requirements_path, requirements_text, body is None)),
        requirements=len(source.requirements), clauses=clause_count, lost=source.lost, **counts)
    _verify(plan, folder)
    return plan


def _load_existing(path: Path, yaml: YAML):
    """The round-trip data of a file of an earlier import; None when there is none. A file that is not YAML is a
    located problem (checked with auditkit's reader, which says where), never overwritten."""
    if not path.exists():
        return None
    try:
        text, _ = read_source(path)
        parse_yaml(text, display_path(path))
    except SourceError as exc:
        raise CatalogImportError([exc.problem]) from None
    return yaml.load(text)


def _dump(yaml: YAML, data, note: str, had_file: bool) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue() if had_file else note + out.getvalue()


def _header(existing, yaml: YAML, source: SourceCatalog, catalog_id: str, note: str) -> tuple[str, bool]:
    if not isinstance(existing, dict) or not isinstance(existing.get("catalog"), dict):
        header = CommentedMap()
        header["catalog"] = body = CommentedMap()
        body["id"] = catalog_id
        body["version"] = DoubleQuotedScalarString(source.version)
        body["standard"] = DoubleQuotedScalarString(source.standard)
        body["clauses"] = CLAUSES_FILE
        body["known_as"] = known_as(catalog_id)
        body["additional"] = True  # beside the project's other catalogs (the bundled one too), replacing none
        body["title"] = _flow(source.title)
        return _dump(yaml, header, note, False), True
    body = existing["catalog"]
    body["version"] = DoubleQuotedScalarString(source.version)
    body["standard"] = DoubleQuotedScalarString(source.standard)
    body.setdefault("clauses", CLAUSES_FILE)
    return _dump(yaml, existing, note, True), False


def _flow(texts: dict) -> CommentedMap:
    out = CommentedMap((lang, DoubleQuotedScalarString(text)) for lang, text in texts.items())
    out.fa.set_flow_style()
    return out


def _clause_table(source: SourceCatalog, path: Path) -> tuple[str, int]:
    """The clause table: the source's clauses, and the rows the user added to an earlier import's table."""
    rows: dict[str, Clause] = {c.number: Clause(c.number, c.title, c.title_zh, c.level, c.parent) for c in source.clauses}
    if path.exists():
        try:
            earlier = read_clause_table(path, "")
        except SourceError as exc:
            raise CatalogImportError([exc.problem]) from None
        for number, clause in earlier.items():
            if number not in rows:
                rows[number] = clause
            elif clause.title_zh and not rows[number].title_zh:  # a Chinese title the user added stays
                rows[number] = Clause(number, rows[number].title, clause.title_zh, rows[number].level, rows[number].parent)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["clause", "title", "title_zh", "level", "parent"])
    for number in sorted(rows, key=clause_key):
        clause = rows[number]
        writer.writerow([number, clause.title, clause.title_zh, clause.level, clause.parent or ""])
    return out.getvalue(), len(rows)


def _requirements(existing, yaml: YAML, source: SourceCatalog, catalog_id: str, note: str) -> tuple[str, dict]:
    had_file = isinstance(existing, dict)
    data = existing if had_file and isinstance(existing.get("requirements"), list) else CommentedMap(
        [("catalog", catalog_id), ("requirements", CommentedSeq())])
    entries = data["requirements"]
    by_ref = {str(e["ref"]): e for e in entries if isinstance(e, dict) and e.get("ref") is not None}
    taken = {str(e.get("id")) for e in entries if isinstance(e, dict)}
    created = updated = unchanged = 0
    seen = set()
    for item in source.requirements:
        seen.add(item.source_id)
        entry = by_ref.get(item.source_id)
        if entry is None:
            entries.append(_new_entry(item, taken))
            created += 1
            continue
        before = repr(entry)
        _update_entry(entry, item)
        if repr(entry) == before:
            unchanged += 1
        else:
            updated += 1
    withdrawn = tuple(str(e.get("id")) for ref, e in by_ref.items() if ref not in seen)
    own = sum(1 for e in entries if isinstance(e, dict) and e.get("ref") is None)
    counts = {"created": created, "updated": updated, "unchanged": unchanged, "withdrawn": withdrawn, "own": own}
    return _dump(yaml, data, note, had_file), counts


def _new_id(item: SourceRequirement, taken: set[str]) -> str:
    if item.id and REQUIREMENT_ID.match(item.id) and item.id not in taken:
        return item.id
    seq = 1
    while f"{item.clause}-{seq:02d}" in taken:
        seq += 1
    return f"{item.clause}-{seq:02d}"


def _new_entry(item: SourceRequirement, taken: set[str]) -> CommentedMap:
    rid = _new_id(item, taken)
    taken.add(rid)
    entry = CommentedMap()
    entry["id"] = DoubleQuotedScalarString(rid)
    entry["clause"] = DoubleQuotedScalarString(item.clause)
    entry["ref"] = DoubleQuotedScalarString(item.source_id)
    entry["title"] = _flow(item.title)
    entry["text"] = CommentedMap((lang, DoubleQuotedScalarString(text)) for lang, text in item.text.items())
    entry["kind"] = item.kind or DEFAULT_KIND
    entry["criticality"] = item.criticality or DEFAULT_CRITICALITY
    entry["checks"] = CommentedSeq()
    entry["checks"].fa.set_flow_style()
    entry["manual"] = True  # no automated check yet: the auditor judges it, guided by what to look at
    guidance = CommentedMap()
    for lang in ("en", "zh"):
        look_at = item.look_at.get(lang) or (item.text.get(lang) if lang == "en" else "")
        if look_at:
            guidance[lang] = CommentedMap([("look_at", DoubleQuotedScalarString(look_at))])
            if lang == "en" and item.typical_evidence:
                guidance[lang]["typical_evidence"] = list(item.typical_evidence)
    entry["guidance"] = guidance
    return entry


def _update_entry(entry: dict, item: SourceRequirement) -> None:
    """What the source says, read again; every other value of the entry stays as the user left it."""
    if entry.get("clause") != item.clause:
        entry["clause"] = DoubleQuotedScalarString(item.clause)
    for key, texts in (("title", item.title), ("text", item.text)):
        if not isinstance(entry.get(key), dict):
            entry[key] = _flow(texts) if key == "title" else CommentedMap(texts)
            continue
        for lang, text in texts.items():  # the languages the source has; a language the user added stays
            if entry[key].get(lang) != text:
                entry[key][lang] = DoubleQuotedScalarString(text)
    if item.kind and entry.get("kind") != item.kind:
        entry["kind"] = item.kind
    if item.criticality and entry.get("criticality") != item.criticality:
        entry["criticality"] = item.criticality


def _verify(plan: CatalogPlan, folder: Path) -> None:
    """Load the planned catalog (with the folder's other files) from a scratch copy before anything is written:
    an import never leaves a catalog behind that auditkit cannot read. Its problems name the real files."""
    with tempfile.TemporaryDirectory(prefix="auditkit-import-") as scratch:
        root = Path(scratch)
        if folder.is_dir():
            for other in folder.rglob("*"):
                if other.is_file() and other.suffix in (".yaml", ".yml", ".csv"):
                    target = root / other.relative_to(folder)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(other.read_bytes())
        for planned in plan.files:
            (root / planned.path.name).write_text(planned.text, "utf-8")
        try:
            load_catalog([root])
        except CatalogError as exc:
            shown = display_path(folder)
            raise CatalogError([Problem(Location(p.location.file.replace(display_path(root), shown, 1), p.location.line,
                                                 p.location.column, p.location.pointer), p.message, p.layer, p.said)
                                for p in exc.problems]) from None
