"""Registering documents as they are: one descriptor per document, with what was read and what is proposed.

``plan_import`` reads each document, extracts its document-control metadata, asks the concept matcher which clauses
it covers (:func:`auditkit.engine.concepts.propose_clauses`) and returns the descriptor text to write at
``evidence/imported/<id>.yaml``. A descriptor that exists already is updated, not replaced: its ``extracted:`` block
is read again from the document, proposals gain new confidences and reasons, and every value the consultant wrote
(the type, the covers, an ``accept:``, an overriding approver, comments) stays as written.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from auditkit.inputs.round_trip import round_trip_yaml
from auditkit.inputs.documents import DocumentError, ReadDocument, extract, format_of, read_document, where
from auditkit.inputs.documents.metadata import vocabulary
from auditkit.inputs.evidence import IMAGE_SUFFIXES, UNREADABLE_SUFFIXES, document_id
from auditkit.model.errors import Location
from auditkit.model.messages import Message, msg

IMPORTED = "imported"
"""The folder under evidence/ that holds the descriptors ``evidence import`` writes."""
SKIPPED_NAMES = ("license", "licence", "copying", "notice", "changelog")
"""Files of a folder that are not process documents (a licence text, a repository's change log)."""

HEADER = {
    "en": ("# Written by `auditkit evidence import` from {document}.\n"
           "# Yours to edit: every value you write here is kept when the document is imported again; only\n"
           "# `extracted:` and the confidence and reasons of `proposals:` are read again from the document.\n"
           "# Accept a proposed clause by setting its `accept:` to true (one line); add clauses of your own to `covers:`.\n"),
    "zh": ("# 由 `auditkit evidence import` 根据 {document} 生成。\n"
           "# 可以修改：重新导入时保留您在此写下的所有值；只有 `extracted:` 以及 `proposals:` 的置信度和理由会从文件重新读取。\n"
           "# 接受某个建议条款：把它的 `accept:` 改为 true（只改一行）；您自己补充的条款写在 `covers:` 中。\n"),
}


@dataclass(frozen=True)
class Planned:
    """One descriptor to write: where, its text, and what it says."""

    path: Path
    text: str
    document: str
    """Display path of the document."""
    created: bool
    proposals: int
    accepted: int
    fields: int
    contradictions: int


@dataclass(frozen=True)
class ImportProblem:
    """A file import could not use, where it is and why, in every language."""

    location: Location
    message: Message

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)


def documents_under(paths: Iterable[Path]) -> tuple[list[Path], list[ImportProblem]]:
    """The documents named (files) or lying under the folders named, and the files auditkit does not read there
    (a .doc, a spreadsheet it cannot open, a scanned image): each said, located, never passed over in silence."""
    found: list[Path] = []
    skipped: list[ImportProblem] = []

    def unread(path: Path) -> None:
        skipped.append(ImportProblem(Location(str(path)), msg("cli.import.not_read", suffix=path.suffix)))

    for path in paths:
        if path.is_file():
            found.append(path) if format_of(path) else unread(path)
            continue
        if not path.is_dir():
            skipped.append(ImportProblem(Location(str(path)), msg("cli.import.no_such_path")))
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") or d in (".gitee", ".github"))
            for name in sorted(filenames):
                file = Path(dirpath) / name
                if name.startswith((".", "~$")) or Path(name).stem.lower() in SKIPPED_NAMES:
                    continue
                if format_of(file):
                    found.append(file)
                elif name.lower().endswith(UNREADABLE_SUFFIXES + IMAGE_SUFFIXES):
                    unread(file)
    return found, skipped


def propose_type(document: ReadDocument) -> str:
    """The evidence type a document's title suggests (``labels.yaml`` ``types``), or ``other``."""
    raw = vocabulary().raw.get("types", {})
    title = f"{document.title} {Path(document.file).stem.replace('-', ' ').replace('_', ' ')}".lower()
    for kind, words in raw.items():
        for word in words:
            word = str(word).lower()
            if (re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", title) if word.isascii() else word in title):
                return kind
    return "other"


def plan_import(files: Iterable[Path], project_root: Path, evidence_root: Path, catalog, *, accept: bool,
                threshold: float, lang: str = "en", shown=str) -> tuple[list[Planned], list[ImportProblem]]:
    """The descriptors to write for ``files`` (and the documents that could not be read)."""
    from auditkit.engine.concepts import propose_clauses  # the matcher loads its vocabularies: only import needs it

    target_dir = evidence_root / IMPORTED
    files = list(files)
    # ids from the path under the folder imported (documents/cloudgov/_docs/ops/x.md -> docs-ops-x)
    base = Path(os.path.commonpath([str(f.resolve().parent) for f in files])) if files else project_root
    if len(files) == 1:
        base = files[0].resolve().parent
    planned: list[Planned] = []
    problems: list[ImportProblem] = []
    # a document imported before keeps its descriptor, whatever folder is imported now; each descriptor parsed once
    known, parsed = _existing(target_dir)
    taken: set[str] = {path.stem for path in known.values()}
    for file in files:
        display = shown(file)
        try:
            document = read_document(file, display)
        except DocumentError as exc:
            reason = exc.template or msg("documents.read.os", reason=exc.problem.message)
            problems.append(ImportProblem(exc.problem.location, msg("cli.import.unread", reason=reason)))
            continue
        path = known.get(file.resolve())
        if path is None:
            slug = document_id(file, base)
            while slug in taken:
                slug += "-2"
            taken.add(slug)
            path = target_dir / f"{slug}.yaml"
        metadata = extract(document)
        proposals = propose_clauses(document, catalog) if catalog is not None else []
        relative = os.path.relpath(file.resolve(), path.parent.resolve())
        yaml = round_trip_yaml()
        existing = None
        if path.is_file():
            existing = parsed[path] if path in parsed else _parse(path)
            if isinstance(existing, Exception):  # never replace a descriptor auditkit cannot read back: it may hold their work
                mark = getattr(existing, "problem_mark", None)
                problems.append(ImportProblem(Location(shown(path), (mark.line + 1) if mark else None,
                                                       (mark.column + 1) if mark else None), msg("cli.import.bad_yaml")))
                continue
            if existing is not None and not isinstance(existing, CommentedMap):
                problems.append(ImportProblem(Location(shown(path), 1, 1), msg("cli.import.not_mapping")))
                continue
        data = existing if isinstance(existing, CommentedMap) else CommentedMap()
        created = not isinstance(existing, CommentedMap)
        if created:
            data["id"] = slug
            data["type"] = propose_type(document)
            data["document"] = relative
        _merge_proposals(data, proposals, accept, threshold)
        data["extracted"] = _extracted(document, metadata)
        out = io.StringIO()
        yaml.dump(data, out)
        text = out.getvalue()
        if created:
            text = HEADER.get(lang, HEADER["en"]).format(document=display) + text
        accepted = sum(1 for p in data.get("proposals", []) if p.get("accept") is True)
        planned.append(Planned(path, text, display, created, len(data.get("proposals", [])), accepted,
                               len(metadata.fields), len(metadata.contradictions)))
    return planned, problems


def _existing(folder: Path) -> tuple[dict[Path, Path], dict[Path, object]]:
    """Document (resolved) -> the descriptor under ``folder`` that points at it; and every descriptor's parsed
    content (or the exception that parsing it raised), so that updating one does not parse it a second time."""
    found: dict[Path, Path] = {}
    parsed: dict[Path, object] = {}
    if not folder.is_dir():
        return found, parsed
    for path in sorted(folder.glob("*.y*ml")):
        parsed[path] = data = _parse(path)
        if isinstance(data, dict) and isinstance(data.get("document"), str):
            found.setdefault((path.parent / data["document"]).resolve(), path)
    return found, parsed


def _parse(path: Path) -> object:
    """A descriptor read for a round trip, or the exception that reading it raised (a consultant's broken file:
    import leaves it alone and says where)."""
    try:
        return round_trip_yaml().load(path.read_text("utf-8"))
    except Exception as exc:
        return exc


def _merge_proposals(data: CommentedMap, proposals, accept: bool, threshold: float) -> None:
    """Proposals read again: a clause keeps its ``accept:`` as the consultant left it; a new one is accepted only
    with --accept at or above the threshold; one no longer proposed stays when the consultant accepted it."""
    old = {str(p.get("clause")): p for p in data.get("proposals", []) or [] if isinstance(p, dict)}
    merged = CommentedSeq()
    for proposal in proposals:
        entry = old.pop(proposal.clause, None)
        if entry is None:
            entry = CommentedMap()
            entry["clause"] = DoubleQuotedScalarString(proposal.clause)  # "8.6" unquoted would be a number
            entry["accept"] = bool(accept and proposal.confidence >= threshold)
        entry["confidence"] = round(float(proposal.confidence), 2)
        entry["reasons"] = CommentedMap([("en", [r.describe("en") for r in proposal.reasons][:6]),
                                         ("zh", [r.describe("zh") for r in proposal.reasons][:6])])
        merged.append(entry)
    for clause, entry in old.items():
        if entry.get("accept") is True:  # accepted by hand: the consultant's decision outlives the matcher's
            merged.append(entry)
    if merged or "proposals" in data:
        data["proposals"] = merged


def _extracted(document: ReadDocument, metadata) -> CommentedMap:
    out = CommentedMap()
    out["sha256"] = document.sha256
    out["format"] = document.format
    out["title"] = document.title
    fields = CommentedSeq()
    for field in metadata.fields:
        entry = CommentedMap([("field", field.name), ("value", field.value), ("at", where(field.location)),
                              ("source", field.source)])
        if field.label:
            entry["label"] = field.label
        fields.append(entry)
    out["fields"] = fields
    if metadata.revisions:
        out["revisions"] = CommentedSeq(
            CommentedMap([("version", r.version), ("date", str(r.date) if r.date else ""), ("change", r.change),
                          ("at", where(r.location))]) for r in metadata.revisions)
    if metadata.contradictions:
        out["contradictions"] = CommentedSeq(
            CommentedMap([("field", c.field), ("values", [f"{v.value} at {where(v.location)}" for v in c.values])])
            for c in metadata.contradictions)
    if metadata.undated_approval is not None:
        out["approval_without_date"] = f"{metadata.undated_approval.value} at {where(metadata.undated_approval.location)}"
    return out


def proposals_of(evidence_root: Path) -> list[tuple[Path, int, dict]]:
    """Every proposal in the descriptors under evidence/imported/: (descriptor, line of its accept:, proposal)."""
    out = []
    folder = evidence_root / IMPORTED
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.y*ml")):
        data = round_trip_yaml().load(path.read_text("utf-8"))
        if not isinstance(data, dict):
            continue
        for entry in data.get("proposals", []) or []:
            if not isinstance(entry, CommentedMap):
                continue
            line = entry.lc.key("accept")[0] + 1 if "accept" in entry else entry.lc.line + 1
            out.append((path, line, entry))
    return out
