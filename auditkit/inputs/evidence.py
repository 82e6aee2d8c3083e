"""The organisation's evidence: its profile and every evidence item under ``evidence/``.

Loading never stops at the first bad file: every problem of the tree is collected and raised together as one
:class:`~auditkit.model.errors.EvidenceError`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import unquote

from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.dates import Duration, parse_date, parse_duration
from auditkit.inputs.documents.markdown import Link, Section, parse_body, split_front_matter
from auditkit.inputs.documents.markdown import headings as read_headings
from auditkit.inputs.documents.markdown import links as read_links
from auditkit.inputs.documents import DocumentError, DocumentMetadata, ReadDocument, extract, format_of, read_document
from auditkit.inputs.documents import frontmatter as _frontmatter
from auditkit.model.clauses import within
from auditkit.model.errors import EvidenceError, Location, Problem, said_of
from auditkit.model.messages import Message, msg
from auditkit.inputs.agreements import ServiceLevels, read_service_levels
from auditkit.inputs.presets import PresetError, apply_preset, preset
from auditkit.inputs.records import RecordSpec
from auditkit.inputs.validation import validate_document
from auditkit.inputs.documents.readers import MAX_BYTES as DOCUMENT_MAX_BYTES
from auditkit.inputs.yamlsource import (MAX_FILE_BYTES, Document, InputFile, SourceError, decode_source, display_path,
                                        parse_yaml, read_regular_bytes, read_source)

PROFILE_NAME = "organization.yaml"
DESCRIPTOR_SUFFIXES = (".yaml", ".yml")
DOCUMENT_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".xlsx")
"""Documents read where they lie in evidence/ (plain text is not: there it is an attachment)."""
EVIDENCE_SUFFIXES = DESCRIPTOR_SUFFIXES + DOCUMENT_SUFFIXES
UNREADABLE_SUFFIXES = (".doc", ".odt", ".rtf", ".pages", ".xls", ".ods", ".ppt", ".pptx", ".odp", ".wps")
"""Documents auditkit cannot read: one in evidence/ is reported, not silently passed over."""
LAYER = "evidence"

FROM_DOCUMENT = {"title": "title", "owner": "owner", "approver": "approver", "approved": "approval_date",
                 "version": "version", "effective": "effective_date", "reviewed": "last_reviewed",
                 "review_interval": "review_cycle", "next_review": "next_review"}
"""Evidence field -> document-control field read from the document when the descriptor does not state it."""


@dataclass(frozen=True)
class Attachment:
    """A file an evidence item refers to, with its sha256."""

    path: str
    """Path as shown to the user."""
    sha256: str
    title: str | None = None


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence item: a YAML descriptor or a Markdown document with front matter."""

    id: str
    type: str
    title: str
    file: str
    """Display path of the file that describes the item."""
    doc: Document = field(repr=False, compare=False)
    """The descriptor or front matter, for reading any field and locating it."""
    covers: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    approver: str | None = None
    approved: date | None = None
    reviewed: date | None = None
    effective: date | None = None
    next_review: date | None = None
    review_interval: Duration | None = None
    body: "MarkdownBody | None" = field(default=None, repr=False, compare=False)
    """The body of a Markdown document (its headings and links are :attr:`sections` and :attr:`links`)."""
    attachments: tuple[Attachment, ...] = ()
    records: RecordSpec | None = None
    service_levels: ServiceLevels | None = None
    """The targets an agreement declares (``service_levels``), per priority."""
    sha256: str = ""
    """Hash of the item's own file."""
    document: ReadDocument | None = field(default=None, repr=False, compare=False)
    """The document as its organisation wrote it, when the item is one or its descriptor points at one."""
    metadata: DocumentMetadata | None = field(default=None, repr=False, compare=False)
    """Document-control values read from :attr:`document`, each with its location."""
    owner: str | None = None

    @property
    def sections(self) -> tuple[Section, ...] | None:
        """Headings of a Markdown document; None for a YAML descriptor."""
        return self.body.sections if self.body is not None else None

    @property
    def links(self) -> tuple[Link, ...]:
        """Relative links of a Markdown document; () for a YAML descriptor."""
        return self.body.links if self.body is not None else ()

    @property
    def fields(self) -> dict:
        return self.doc.data

    def get(self, dotted: str) -> Any:
        """The value at a dotted path (``data.suppliers``), or None; a document-control field the descriptor does
        not state comes from the document."""
        value: Any = self.doc.data
        for part in dotted.split("."):
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                value = None
                break
        if value is None and self.metadata is not None and dotted in FROM_DOCUMENT:
            found = self.metadata.get(FROM_DOCUMENT[dotted])
            return found.value if found is not None else None
        return value

    def locate(self, dotted: str | None = None) -> Location:
        """Location of a field (its key; in the document when the value was read there), or of the item."""
        if not dotted:
            if self.doc.file != self.file or ("id" not in self.doc.data and self.document is not None):
                return Location(self.file, 1, 1)  # a document read as it is: the item is the file
            return self.doc.locate(("id",), key=True) if "id" in self.doc.data else self.doc.locate(())
        if dotted not in self.doc.data and self.metadata is not None and dotted in FROM_DOCUMENT:
            found = self.metadata.get(FROM_DOCUMENT[dotted])
            if found is not None:
                return found.location
        path = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        if self.doc.file != self.file:
            return Location(self.file, 1, 1)
        return self.doc.locate(path, key=True)

    @property
    def last_reviewed(self) -> date | None:
        """The latest of the review and approval dates: approving a document is reviewing it."""
        dates = [d for d in (self.reviewed, self.approved) if d]
        return max(dates) if dates else None

    def review_due(self) -> tuple[date | None, str | None]:
        """When the next review is due and the field it follows: the latest review or approval plus
        ``review_interval``; without both, ``next_review`` as written; (None, None) when nothing says."""
        last = self.last_reviewed
        if self.review_interval is not None and last is not None:
            return self.review_interval.after(last), ("reviewed" if self.reviewed == last else "approved")
        if self.next_review is not None:
            return self.next_review, "next_review"
        return None, None


class MarkdownBody:
    """A document's body, read for its headings and its links the first time each is asked for.

    Speed: parsing Markdown was the largest cost of loading a large evidence tree (about 2 ms a document with
    markdown-it), while only the checks about sections and the lint read the result. Headings mostly come from
    a line scan (:func:`auditkit.inputs.documents.markdown.headings`), so the text is kept until the links are read too. Neither
    can fail, so deferring them hides no error.
    """

    __slots__ = ("_text", "source", "first_line", "_sections", "_links")

    def __init__(self, text: str, first_line: int, parsed: tuple | None = None):
        self._text: str | None = text if parsed is None else None
        self.source = text
        """The body as written: what section concepts are matched against (auditkit/engine/concepts.py)."""
        self.first_line = first_line
        self._sections, self._links = parsed if parsed is not None else (None, None)

    @property
    def sections(self) -> tuple[Section, ...]:
        if self._sections is None:
            self._sections = read_headings(self._text, self.first_line)
            self._release()
        return self._sections

    @property
    def links(self) -> tuple[Link, ...]:
        if self._links is None:
            self._links = read_links(self._text, self.first_line)
            self._release()
        return self._links

    def _release(self) -> None:
        if self._sections is not None and self._links is not None:
            self._text = None


class DocumentBody:
    """The headings and links of a document read by :mod:`auditkit.inputs.documents` (any format)."""

    __slots__ = ("sections", "links")

    def __init__(self, document: ReadDocument):
        self.sections = tuple(Section(h.text, h.level, h.location.line or 0) for h in document.headings)
        self.links = tuple(Link(link.target, link.location.line or 0) for link in document.links)


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    criticality: str | None = None


@dataclass(frozen=True)
class Organization:
    """The organisation profile (``evidence/organization.yaml``)."""

    name: str
    file: str
    doc: Document = field(repr=False, compare=False)
    scope: str = ""
    services: tuple[Service, ...] = ()
    time_zone: str | None = None
    """IANA name of the time zone the organisation keeps its records in (``organization.time_zone``)."""

    @property
    def data(self) -> dict:
        return self.doc.data

    def get(self, dotted: str) -> Any:
        value: Any = self.doc.data
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


@dataclass(frozen=True)
class Evidence:
    """Everything loaded from the evidence tree."""

    root: Path
    organization: Organization
    items: tuple[EvidenceItem, ...]
    files: tuple[InputFile, ...]
    """Every file read (descriptors, documents, attachments, record exports) with its sha256."""
    notes: tuple[Problem, ...] = ()
    project_root: Path | None = None
    """The project folder, inside which descriptors' documents lie (and against which /site/paths resolve)."""
    """Warnings that change nothing loaded: another tool's front matter with a duplicate key, a file in evidence/
    that auditkit cannot read."""

    def by_id(self) -> dict[str, EvidenceItem]:
        return {item.id: item for item in self.items}

    def of_types(self, types) -> list[EvidenceItem]:
        """The items of any of ``types``, in tree order (from an index built once: checks ask for it hundreds
        of times, and scanning ten thousand items each time was a visible share of a large assessment)."""
        index = self.__dict__.get("_by_type")
        if index is None:
            index = {}
            for position, item in enumerate(self.items):
                index.setdefault(item.type, []).append(position)
            object.__setattr__(self, "_by_type", index)  # a cache on a frozen value: it never changes
        positions = sorted({p for t in types for p in index.get(t, ())})
        return [self.items[p] for p in positions]

    def covering(self, target: str) -> list[EvidenceItem]:
        """The items with a ``covers`` entry for ``target`` (:func:`covers_target`), in tree order.

        Speed: from an index of every cover and of every clause above it, built once, instead of comparing each
        cover of each item with the target for each of a few hundred checks (about 2 s at ten thousand items).
        """
        index = self.__dict__.get("_by_cover")
        if index is None:
            index = exact, below = {}, {}
            for position, item in enumerate(self.items):
                for cover in item.covers:
                    exact.setdefault(cover, set()).add(position)
                    for parent in _parents(cover):
                        below.setdefault(parent, set()).add(position)
            object.__setattr__(self, "_by_cover", index)
        exact, below = index
        positions = set(below.get(target, ()))  # items covering a part of the target
        for whole in (target, *_parents(target)):  # items covering the target or a clause above it
            positions.update(exact.get(whole, ()))
        return [self.items[p] for p in sorted(positions)]


    def missing_references(self) -> list:
        """References from the documents to documents the set does not contain, one entry per target
        (:func:`auditkit.inputs.documents.references.missing_references`); computed once."""
        found = self.__dict__.get("_missing")
        if found is None:
            from auditkit.inputs.documents.references import missing_references  # only the checks of 7.5.3 need it

            documents = []
            for item in self.items:
                if item.document is not None:
                    documents.append((item.document.file, [(link.target, link.location) for link in item.document.links]))
                elif item.sections is not None:
                    documents.append((item.file, [(link.target, Location(item.file, link.line, 1)) for link in item.links]))
            present = [file.path for file in self.files]
            found = missing_references(documents, self.project_root or self.root, present)
            object.__setattr__(self, "_missing", found)
        return found


    def unread(self) -> list[dict]:
        """The files of the evidence (and beside the documents it points at) that auditkit did not read, and why."""
        return [{"file": note.location.file, "reason": reason} for note in self.notes
                if (reason := unread_reason(note)) is not None]

    def contradictions(self) -> list:
        """Statements of the documents that contradict one another, and references that reach something other
        than what they say (:mod:`auditkit.inputs.documents.statements`, :func:`...references.stale_references`);
        computed once."""
        found = self.__dict__.get("_contradictions")
        if found is None:
            from auditkit.inputs.documents.references import stale_references  # only 7.5 checks and reports need it
            from auditkit.inputs.documents.statements import set_conflicts  # likewise: only 7.5.3-01 and reports

            documents = list({item.document.file: item.document for item in self.items
                              if item.document is not None}.values())
            found = set_conflicts(documents) + stale_references(documents, self.project_root or self.root)
            object.__setattr__(self, "_contradictions", found)
        return found


def _parents(name: str) -> list[str]:
    """``8.6.1-03`` -> ``8``, ``8.6``, ``8.6.1``: everything ``name`` is within (:func:`_within`)."""
    return [name[:index] for index, char in enumerate(name) if char in ".-"]


def covers_target(cover: str, target: str) -> bool:
    """True when an item covering ``cover`` is evidence for ``target`` (a clause or requirement id).

    A clause covers everything below it (``8.6`` covers ``8.6.1`` and ``8.6.1-03``); an item covering part of
    a clause (``8.6.1-03``) is also relevant to a check about the whole clause (``8.6.1``).
    """
    return within(target, cover) or within(cover, target)


class _Collector:
    """Collects problems; the loader goes on after each, so all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, location: Location, message: Message | str) -> None:
        self.problems.append(Problem.of(location, message, LAYER))


def load_evidence(
    root: Path,
    *,
    known_targets: Callable[[str], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_item: Callable[[EvidenceItem], None] | None = None,
    project_root: Path | None = None,
    cache: SourceCache | None = None,
) -> Evidence:
    """Load the evidence tree under ``root``; ``cache``: a source cache of parsed and valid files (speed only).

    A descriptor's ``document`` may point at a document anywhere inside ``project_root`` (default: ``root``), never
    outside it and never through a symbolic link that leaves it.

    ``known_targets`` tells whether a clause or requirement id exists in the catalog; ``covers`` entries that
    do not are dangling references. ``on_item`` is told of each item as soon as it is loaded. Raise
    EvidenceError with every problem found.
    """
    root = Path(root)
    errors = _Collector()
    if not root.is_dir():
        raise EvidenceError([Problem.of(Location(display_path(root)), msg("evidence.no_folder"), LAYER)])
    real_root = root.resolve()
    real_project = Path(project_root).resolve() if project_root is not None else real_root
    if not _inside(real_root, real_project):
        real_project = real_root
    files: list[InputFile] = []
    notes: list[Problem] = []

    profile_path = root / PROFILE_NAME
    organization = _load_profile(profile_path, errors, files, cache)

    candidates = sorted(_walk(root, real_root, errors, notes))
    # Descriptors (YAML) load before documents, so that a record set is known early and its export can be read
    # while the documents load (auditkit.speed.early_scan.EarlyRecordScan). Items and problems stay in tree order.
    loaded: list[EvidenceItem | None] = [None] * len(candidates)
    problems: list[list[Problem]] = [[] for _ in candidates]
    order = sorted(range(len(candidates)), key=lambda index: candidates[index].suffix not in DESCRIPTOR_SUFFIXES)
    for done, index in enumerate(order):
        if progress:
            progress(done + 1, len(candidates))
        found = _Collector()
        loaded[index] = item = _load_item(candidates[index], real_root, found, files, root, real_project, notes,
                                          organization.time_zone if organization else None, cache)
        problems[index] = found.problems
        if item is not None and on_item is not None:
            on_item(item)
    # A document a descriptor points at is that descriptor's item, not a second one of its own.
    described = {_real(i.document.file) for i in loaded if i is not None and i.document is not None
                 and i.file != i.document.file}
    described |= {_real(a.path) for i in loaded if i is not None for a in i.attachments}
    described |= {_real(i.records.path) for i in loaded if i is not None and i.records is not None}
    items = [item for item in loaded if item is not None
             and not (item.document is not None and item.file == item.document.file
                      and _real(item.file) in described)]
    errors.problems.extend(problem for found in problems for problem in found)
    unread = [note for note in notes if _unread(note)]
    if unread:  # a file another document links to is an attachment of that document, not an unread document
        linked = {_real(Path(item.file).parent / unquote(link.target.split("#")[0]))
                  for item in items if item.document is None and item.sections is not None for link in item.links}
        notes[:] = [note for note in notes if note not in unread or _real(note.location.file) not in linked]

    notes.extend(_unread_beside_documents(items, real_root, notes))
    _check_references(items, organization, known_targets, errors)
    if errors.problems:
        raise EvidenceError(errors.problems)
    assert organization is not None
    return Evidence(root, organization, tuple(items), tuple(sorted(files, key=lambda f: f.path)), tuple(sorted(notes)),
                    Path(project_root) if project_root is not None else root)


def _walk(root: Path, real_root: Path, errors: _Collector, notes: list[Problem]) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            lowered = name.lower()
            if lowered.endswith(UNREADABLE_SUFFIXES) and not name.startswith((".", "~$")):
                notes.append(_not_read(display_path(Path(dirpath) / name)))
                continue
            if name.startswith(".") or not lowered.endswith(EVIDENCE_SUFFIXES) or lowered == "readme.md":
                continue  # a README documents the folder; it is not evidence
            path = Path(dirpath) / name
            if path.parent == root and name == PROFILE_NAME:
                continue
            if not _utf8(name):  # its name could not be written into JSON, SARIF, JUnit or a snapshot manifest
                errors.add(Location(display_path(path).encode("utf-8", "replace").decode("utf-8"), 1, 1),
                           msg("evidence.name_not_utf8"))
                continue
            # realpath, not resolve(): a symbolic-link loop must be reported, and resolve() raises RuntimeError on one
            if path.is_symlink() and not _inside(_real(path), real_root):
                errors.add(Location(display_path(path)), msg("evidence.link_outside"))
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:  # a dangling link, a link loop
                errors.add(Location(display_path(path)), msg("source.unreadable", reason=said_of(exc)))
                continue
            if not stat.S_ISREG(mode):  # a pipe named *.md would block every reader of it
                errors.add(Location(display_path(path)), msg("evidence.not_regular"))
                continue
            yield path


def _real(path) -> Path:
    """The path with every symbolic link followed; unlike ``Path.resolve()`` it does not raise on a link loop."""
    return Path(os.path.realpath(path))


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name became surrogates
        return False
    return True


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _load_profile(path: Path, errors: _Collector, files: list[InputFile], cache: SourceCache | None) -> Organization | None:
    shown = display_path(path)
    if not path.is_file():
        errors.add(Location(shown), msg("evidence.no_profile"))
        return None
    try:
        text, raw = read_source(path)
        doc = parse_yaml(text, shown, cache=cache)
    except SourceError as exc:
        errors.problems.append(exc.problem)
        return None
    files.append(InputFile.of(shown, raw))  # the bytes on disk, BOM included
    if doc.data is None:
        errors.add(Location(shown, 1, 1), msg("input.empty"))
        return None
    problems = validate_document(doc, "organization", layer=LAYER, cache=cache)
    if problems:
        errors.problems.extend(problems)
        return None
    data = doc.data
    for key in ("start", "end"):
        _date_field(doc, ("audit", key), errors)
    seen: dict[str, int] = {}
    for index, service in enumerate(data["services"]):
        if service["id"] in seen:
            errors.add(doc.locate(("services", index, "id")), msg("evidence.duplicate_service", id=repr(service['id'])))
        seen[service["id"]] = index
    services = tuple(Service(s["id"], s["name"], s.get("criticality")) for s in data["services"])
    zone = data["organization"].get("time_zone")
    if zone is not None and not _known_zone(zone):
        errors.add(doc.locate(("organization", "time_zone")),
                   msg("evidence.time_zone", zone=repr(zone)))
        zone = None
    return Organization(data["organization"]["name"], shown, doc, data["scope"], services, zone)


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # imported when a profile names a zone

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _date_field(doc: Document, path: tuple, errors: _Collector) -> date | None:
    value: Any = doc.data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        errors.add(doc.locate(path), said_of(exc))
        return None


def _load_item(path: Path, real_root: Path, errors: _Collector, files: list[InputFile], root: Path | None = None,
               real_project: Path | None = None, notes: list[Problem] | None = None,
               time_zone: str | None = None, cache: SourceCache | None = None) -> EvidenceItem | None:
    shown = display_path(path)
    markdown = None
    notes = notes if notes is not None else []
    raw_first = None
    if path.suffix.lower() in (".md", ".markdown"):  # read once: for the front-matter test and for its reader
        try:
            raw_first = read_regular_bytes(path, DOCUMENT_MAX_BYTES)
        except (OSError, ValueError):
            raw_first = None  # the reader below says what is wrong, located
    if path.suffix.lower() not in DESCRIPTOR_SUFFIXES and not _own_front_matter(path, raw_first):
        return _document_item(path, root or real_root, errors, files, notes, raw_first)
    try:
        if raw_first is not None and len(raw_first) <= MAX_FILE_BYTES:
            text, raw = decode_source(raw_first, shown), raw_first
        else:
            text, raw = read_source(path)
        if path.suffix == ".md":
            doc, body, body_line = split_front_matter(text, shown, cache)
            # Speed: unchanged bodies come from the source cache when the run has one (auditkit/speed/cache.py);
            # without it, the body is parsed only if something asks for its sections or links.
            markdown = (MarkdownBody(body, body_line, cache.markdown(body, body_line, parse_body)) if cache
                        else MarkdownBody(body, body_line))
        else:
            doc = parse_yaml(text, shown, cache=cache)
    except SourceError as exc:
        errors.problems.append(exc.problem)
        return None
    own = InputFile.of(shown, raw)  # the bytes on disk, as sha256sum gives it
    files.append(own)
    digest = own.sha256
    if doc.data is None:
        errors.add(Location(shown, 1, 1), msg("input.empty") if path.suffix != ".md" else msg("evidence.front_matter_empty"))
        return None
    problems = validate_document(doc, "evidence", layer=LAYER, cache=cache)
    if problems:
        errors.problems.extend(problems)
        return None
    data = doc.data
    dates = {key: _date_field(doc, (key,), errors) for key in ("approved", "reviewed", "effective", "next_review")}
    interval = None
    if "review_interval" in data:
        try:
            interval = parse_duration(data["review_interval"])
        except ValueError as exc:
            errors.add(doc.locate(("review_interval",)), said_of(exc))
    document = metadata = None
    if "document" in data:
        document = _pointed_document(path, data["document"], real_project or real_root, doc, errors, files, notes)
        if document is None:
            return None
        metadata = extract(document)
        markdown = DocumentBody(document)
    if dates["approved"] and not data.get("approver") and not (metadata and metadata.get("approver")):
        errors.add(doc.locate(("approved",), key=True), msg("evidence.approver"))

    attachments = []
    for index, att in enumerate(data.get("attachments", [])):
        target = _resolve(path, att["path"], real_root, doc, ("attachments", index, "path"), errors)
        if target is None:
            continue
        try:  # hashed a megabyte at a time: a multi-gigabyte attachment must not be held in memory
            attached = InputFile(display_path(target), file_sha256(target), target.stat().st_size)
        except OSError as exc:
            errors.add(doc.locate(("attachments", index, "path")), msg("evidence.attachment_unreadable", reason=said_of(exc)))
            continue
        digest_att = attached.sha256
        if att.get("sha256") and att["sha256"] != digest_att:
            errors.add(
                doc.locate(("attachments", index, "sha256")),
                msg("evidence.attachment_changed", path=att['path'], sha256=digest_att[:12],
                    recorded=att['sha256'][:12]),
            )
        files.append(attached)
        attachments.append(Attachment(display_path(target), digest_att, att.get("title")))

    records = None
    if "records" in data:
        records = _record_spec(path, data["records"], real_root, doc, errors, files, time_zone)
    levels = None
    if "service_levels" in data:
        levels, found = read_service_levels(data["id"], tuple(data.get("services", [])), data["service_levels"])
        for at, message in found:
            errors.add(doc.locate(("service_levels",) + at), message)

    read = _from_document(metadata)
    accepted = [str(p["clause"]) for p in data.get("proposals", []) if p.get("accept") is True]
    covers = list(dict.fromkeys([str(c) for c in data.get("covers", [])] + accepted))
    return EvidenceItem(
        id=data["id"],
        type=data["type"],
        title=data.get("title") or read.get("title") or (document.title if document else data["id"]),
        file=shown,
        doc=doc,
        covers=tuple(covers),
        services=tuple(data.get("services", [])),
        approver=data.get("approver") or read.get("approver"),
        approved=dates["approved"] or read.get("approved"),
        reviewed=dates["reviewed"] or read.get("reviewed"),
        effective=dates["effective"] or read.get("effective"),
        next_review=dates["next_review"] or read.get("next_review"),
        review_interval=interval or read.get("review_interval"),
        body=markdown,
        attachments=tuple(attachments),
        records=records,
        service_levels=levels,
        sha256=digest,
        document=document,
        metadata=metadata,
        owner=data.get("owner") or read.get("owner"),
    )


def _from_document(metadata: DocumentMetadata | None) -> dict:
    """The evidence fields a document states itself (FROM_DOCUMENT), as the item holds them."""
    if metadata is None:
        return {}
    out: dict = {}
    for key, name in FROM_DOCUMENT.items():
        found = metadata.get(name)
        if found is None:
            continue
        if found.date is not None:
            out[key] = found.date
        elif found.months:
            out[key] = Duration(months=found.months)
        elif name not in ("approval_date", "effective_date", "last_reviewed", "next_review", "review_cycle"):
            out[key] = found.value
    return out


def _own_front_matter(path: Path, raw: bytes | None = None) -> bool:
    """True when a Markdown file starts with auditkit's own front matter (it has ``id`` and ``type``), or with a
    block that is not closed (an error in any tool): such a file is read strictly, as it always was. ``raw``: the
    file's bytes when the caller has read them."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return False
    if raw is None:
        return True  # unreadable: let the strict reader say what is wrong, located
    head = raw[:64 * 1024].decode("utf-8-sig", errors="replace")
    lines = head.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return False
    span = _frontmatter.split(lines)
    if span is None:
        return True
    keys = {line.split(":", 1)[0].strip() for line in lines[1:span[1]] if ":" in line and not line.startswith((" ", "\t", "-"))}
    return {"id", "type"} <= keys


def _document_item(path: Path, root: Path, errors: _Collector, files: list[InputFile],
                   notes: list[Problem], raw: bytes | None = None) -> EvidenceItem | None:
    """A document lying in evidence/ as its organisation wrote it: an item of type ``other`` named by its path,
    until a descriptor (``auditkit evidence import``) says more about it."""
    shown = display_path(path)
    try:
        document = read_document(path, shown, raw)
    except DocumentError as exc:
        # Not an error: until this change auditkit passed such files over (an attachment, a scan); now it says so.
        notes.append(Problem.of(exc.problem.location, msg("evidence.not_evidence", problem=exc.problem.wording), LAYER))
        return None
    files.append(InputFile(shown, document.sha256, path.stat().st_size))
    notes.extend(document.warnings)
    metadata = extract(document)
    read = _from_document(metadata)
    item_id = document_id(path, root)
    data = {"id": item_id, "type": "other", "title": read.get("title") or document.title}
    return EvidenceItem(
        id=item_id, type="other", title=data["title"], file=shown, doc=Document(shown, data), covers=(),
        approver=read.get("approver"), approved=read.get("approved"), reviewed=read.get("reviewed"),
        effective=read.get("effective"), next_review=read.get("next_review"),
        review_interval=read.get("review_interval"), body=DocumentBody(document), sha256=document.sha256,
        document=document, metadata=metadata, owner=read.get("owner"),
    )


def _unread(note: Problem) -> bool:
    """Whether a note says a file was not read (so it is not evidence)."""
    return note.said is not None and note.said.key == "evidence.not_evidence"


def _not_read(shown: str) -> Problem:
    """The note for a file of a kind auditkit does not read (the sentence the document readers use)."""
    return Problem.of(Location(shown), msg("evidence.not_evidence",
                                           problem=msg("documents.read.format", suffix=Path(shown).suffix)), LAYER)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".webp")
"""Pictures: a scanned document among the documents is not read (a figure a document links to is its attachment)."""


def _unread_beside_documents(items: list[EvidenceItem], real_root: Path, notes: list[Problem]) -> list[Problem]:
    """Files auditkit cannot read lying beside the documents descriptors point at outside evidence/ (the folders
    ``evidence import`` read): each is said not to have been read, rather than passed over in silence."""
    folders = {Path(item.document.file).parent for item in items if item.document is not None
               and not _inside(Path(item.document.file).resolve(), real_root)}
    linked = {_real(Path(item.document.file).parent / unquote(link.target.split("#")[0].split("?")[0]))
              for item in items if item.document is not None for link in item.document.links}
    already = {note.location.file for note in notes}
    found = []
    for folder in sorted(folders):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            lowered = name.lower()
            path = folder / name
            if name.startswith((".", "~$")) or not lowered.endswith(UNREADABLE_SUFFIXES + IMAGE_SUFFIXES):
                continue
            if lowered.endswith(IMAGE_SUFFIXES) and _real(path) in linked:
                continue  # a figure of a document
            shown = display_path(path)
            if shown not in already and path.is_file():
                found.append(_not_read(shown))
    return found


def unread_reason(note: Problem) -> str | None:
    """'format' or 'damaged' for a note saying a file was not read; None for any other note."""
    if not _unread(note):
        return None
    kind_not_read = msg("documents.read.format", suffix="{}").text("en").split("{}")[0]  # "auditkit cannot read "
    return "format" if note.message.startswith(kind_not_read) else "damaged"


def document_id(path: Path, root: Path) -> str:
    """An evidence id for a document from its path under ``root`` (``policies/Access Policy.docx`` ->
    ``policies-access-policy``); a path with no Latin letters or digits gets one from its hash."""
    try:
        relative = path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        relative = Path(path.name)
    while relative.suffix.lower() in DOCUMENT_SUFFIXES + DESCRIPTOR_SUFFIXES + (".txt",):
        relative = relative.with_suffix("")  # incident-reports.html.md -> incident-reports
    stem = str(relative).lower()
    slug = "-".join(part.strip("._") for part in re.split(r"[^a-z0-9._]+", stem) if part.strip("._"))
    if not slug or not slug[0].isalnum():
        slug = "doc-" + hashlib.sha1(str(relative).encode("utf-8")).hexdigest()[:8]
    return slug


def _pointed_document(descriptor: Path, relative: Any, real_project: Path, doc: Document, errors: _Collector,
                      files: list[InputFile], notes: list[Problem]) -> ReadDocument | None:
    """The document a descriptor's ``document`` names: inside the project root, never through a link out of it."""
    at = doc.locate(("document",))
    text = str(relative)
    if os.path.isabs(text):
        errors.add(at, msg("evidence.document_absolute", path=repr(text)))
        return None
    written = Path(os.path.normpath(_real(descriptor.parent) / text))
    target = _real(written)  # realpath: a symbolic-link loop is "not found" below, not a RuntimeError
    if not _inside(written, real_project):
        errors.add(at, msg("evidence.document_outside", path=repr(text), project=display_path(real_project)))
        return None
    if not _inside(target, real_project):
        errors.add(at, msg("evidence.document_link_outside", path=repr(text)))
        return None
    if not target.is_file():
        errors.add(at, msg("evidence.document_not_found", path=text))
        return None
    if format_of(target) is None:
        errors.add(at, msg("documents.read.format", suffix=target.suffix or "this kind of"))
        return None
    shown = display_path(written)
    try:
        document = read_document(target, shown)
    except DocumentError as exc:
        errors.problems.append(exc.problem.again(LAYER))
        return None
    files.append(InputFile(shown, document.sha256, target.stat().st_size))
    notes.extend(document.warnings)
    return document


def _resolve(base_file: Path, relative: str, real_root: Path, doc: Document, at: tuple, errors: _Collector) -> Path | None:
    """Resolve a path written in ``base_file``; refuse one that leaves the evidence folder or is missing."""
    if os.path.isabs(relative):
        errors.add(doc.locate(at), msg("evidence.path_absolute", path=repr(relative)))
        return None
    if "\0" in relative or len(relative) > 4096:  # no file system takes these; the OS call would raise
        errors.add(doc.locate(at), msg("evidence.path_unusable", path=repr(relative[:60])))
        return None
    # realpath, not resolve(): it does not raise RuntimeError on a symbolic-link loop (is_file() below says no)
    target = Path(os.path.realpath(base_file.parent / relative))
    if not _inside(target, real_root):
        errors.add(doc.locate(at), msg("evidence.path_outside", path=repr(relative)))
        return None
    try:
        info = target.stat()
    except OSError as exc:  # not there, a name too long, a loop, no permission: say which, at the line
        errors.add(doc.locate(at), msg("evidence.file_not_found", path=relative[:200]) if isinstance(exc, FileNotFoundError)
                   else msg("evidence.path_unreadable", path=repr(relative[:200]), reason=said_of(exc)))
        return None
    if not stat.S_ISREG(info.st_mode):  # a pipe would block the reader, a directory cannot be read
        errors.add(doc.locate(at), msg("evidence.path_not_regular", path=repr(relative[:200])))
        return None
    return target


def _record_spec(path: Path, spec: dict, real_root: Path, doc: Document, errors: _Collector, files: list[InputFile],
                 time_zone: str | None = None):
    target = _resolve(path, spec["path"], real_root, doc, ("records", "path"), errors)
    if target is None:
        return None
    fmt = spec.get("format") or ("json" if target.suffix.lower() == ".json" else "csv")
    if "preset" in spec:
        spec = _with_preset(spec, target, fmt, doc, errors)
        if spec is None:
            return None
    record_spec = RecordSpec(
        path=target,
        shown=display_path(target),
        format=fmt,
        columns=dict(spec["columns"]),
        key=spec.get("key"),
        order_by=() if spec.get("order_by", "file-order") == "file-order" else tuple(spec["order_by"]),
        ties=spec.get("ties", "error"),
        reduce=dict(spec.get("reduce", {})),
        types=dict(spec.get("types", {})),
        unit=spec.get("unit"),
        encoding=spec.get("encoding", "utf-8"),
        time_zone=time_zone,
        date_format=spec.get("date_format"),
        delimiter=spec.get("delimiter", ","),
        **{k: frozenset(spec[k]) for k in ("true_values", "false_values", "missing") if k in spec},
    )
    if not _check_event_log(record_spec, spec, doc, errors):
        return None
    try:
        codecs.lookup(record_spec.encoding)
    except LookupError:
        errors.add(doc.locate(("records", "encoding")),
                   msg("evidence.records.encoding", encoding=repr(record_spec.encoding)))
        return None
    if record_spec.date_format and not _date_format_works(record_spec.date_format):
        errors.add(doc.locate(("records", "date_format")),
                   msg("evidence.records.date_format", format=repr(record_spec.date_format)))
    try:
        header = record_spec.header()
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:  # csv.Error: e.g. a field over csv's size limit
        errors.add(doc.locate(("records", "path")), msg("evidence.records.unreadable", path=spec['path'], reason=said_of(exc)))
        return None
    for logical, column in record_spec.columns.items():
        if column not in header:
            errors.add(
                doc.locate(("records", "columns", logical)),
                msg("evidence.records.column", column=repr(column), path=spec['path'],
                    columns=", ".join(header[:12]) + (" ..." if len(header) > 12 else "")),
            )
    files.append(InputFile(record_spec.shown, file_sha256(target), target.stat().st_size))
    return record_spec


def _with_preset(spec: dict, target: Path, fmt: str, doc: Document, errors: _Collector) -> dict | None:
    """``spec`` with its preset written out for the export's header (:mod:`auditkit.inputs.presets`); None, with
    the problem located at ``preset``, when the export cannot be read or the preset does not fit it."""
    at = doc.locate(("records", "preset"))
    chosen = preset(spec["preset"])
    encoding = spec.get("encoding", chosen.get("encoding", "utf-8"))
    try:
        codecs.lookup(encoding)
        header = RecordSpec(path=target, shown=display_path(target), format=fmt, columns={}, encoding=encoding,
                            delimiter=spec.get("delimiter", chosen.get("delimiter", ","))).header()
    except (LookupError, OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
        errors.add(at, msg("evidence.records.preset_unreadable", path=spec['path'], preset=spec['preset'],
                                 reason=said_of(exc)))
        return None
    try:
        return apply_preset(spec, header)
    except PresetError as exc:
        errors.add(at, str(exc))
        return None


def _check_event_log(record_spec: RecordSpec, spec: dict, doc: Document, errors: _Collector) -> bool:
    """An event log names mapped fields for its key, its order and its reductions, and declares its order; True
    when it does."""
    before = len(errors.problems)
    mapped = record_spec.columns
    if record_spec.key and record_spec.key not in mapped:
        errors.add(doc.locate(("records", "key")), msg("evidence.records.key", key=repr(record_spec.key)))
    if record_spec.key and "order_by" not in spec:
        errors.add(doc.locate(("records", "key")),
                   msg("evidence.records.order_by", key=repr(record_spec.key)))
    for name in ("order_by", "ties", "reduce"):
        if name in spec and not record_spec.key:
            errors.add(doc.locate(("records", name)), msg("evidence.records.needs_key", name=name))
    for index, name in enumerate(record_spec.order_by):
        if name not in mapped:
            errors.add(doc.locate(("records", "order_by", index)), msg("evidence.records.order_field", name=repr(name)))
    for group in ("reduce", "types"):
        for name in spec.get(group, {}):
            if name not in mapped:
                errors.add(doc.locate(("records", group, name)), msg("evidence.records.group_field", group=group, name=repr(name)))
    overlap = record_spec.true_values & record_spec.false_values
    if overlap:
        errors.add(doc.locate(("records", "true_values")),
                   msg("evidence.records.true_false", values=", ".join(sorted(overlap))))
    return len(errors.problems) == before


def _date_format_works(fmt: str) -> bool:
    """True when ``fmt`` can read back a timestamp it wrote: catches typos like %Q before any record is read."""
    from datetime import datetime, timezone

    sample = datetime(2026, 3, 14, 15, 9, 26, tzinfo=timezone.utc)
    try:
        datetime.strptime(sample.strftime(fmt), fmt)
    except ValueError:
        return False
    return "%" in fmt


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (an attachment or an export may be large)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _check_references(items, organization, known_targets, errors: _Collector) -> None:
    seen: dict[str, EvidenceItem] = {}
    services = {s.id for s in organization.services} if organization else set()  # once, not once per item
    for item in items:
        if item.id in seen:
            first = seen[item.id]
            # both files are named: either one may be the copy the user meant to rename
            errors.add(item.locate("id"), msg("evidence.duplicate_id", id=repr(item.id), file=first.file))
            errors.add(first.locate("id"), msg("evidence.duplicate_id", id=repr(item.id), file=item.file))
        else:
            seen[item.id] = item
        if known_targets:
            for index, cover in enumerate(item.covers):
                if not known_targets(cover):
                    errors.add(item.doc.locate(("covers", index)), msg("evidence.unknown_cover", cover=repr(cover)))
        if organization:
            for index, service in enumerate(item.services):
                if service not in services:
                    errors.add(item.doc.locate(("services", index)), msg("evidence.unknown_service", service=repr(service), file=organization.file))
