"""References from the documents of a set to documents the set does not contain: one deduplicated list.

A document refers to another by a relative link (``../ops/plan.md``), a site link (``/docs/ops/plan/``, a Jekyll
``{% link _docs/ops/plan.md %}``) or a link to a document service (a Google Doc, a SharePoint file). A target is
in the set when it names a file that exists, or when a document of the set has the same path once extensions and
site prefixes are set aside (``/docs/ops/plan/`` is ``_docs/ops/plan.md``). Every other target is listed once, with
every document and line that refers to it: the list the checks of 7.5.3 and the report use, instead of one lint
line per occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit


from auditkit.inputs.documents.metadata import labels
from auditkit.inputs.documents.model import ReadDocument
from auditkit.inputs.documents.statements import Conflict, Statement, stem, lexicon
from auditkit.model.errors import Location

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
_NOT_DOCUMENTS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".bmp", ".css", ".js")
"""Targets that are pictures or site assets, not documents."""
_DOCUMENT_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".odt", ".xlsx", ".xls", ".pptx",
                      ".txt", ".rtf")


@dataclass(frozen=True)
class MissingReference:
    """A document the set refers to but does not contain, and every place that refers to it."""

    target: str
    """The target as first written (a relative path, a site path or a URL), without its #anchor."""
    kind: str
    """'path' (a file or page of the same site) or 'external' (a document on a document service)."""
    referrers: tuple[Location, ...]

    def to_dict(self) -> dict:
        return {"target": self.target, "kind": self.kind, "referrers": [loc.to_dict() for loc in self.referrers]}


@cache
def _document_hosts() -> tuple[str, ...]:
    return tuple(labels().get("document_hosts", ()))


def _stem_key(path: str) -> tuple[str, ...]:
    """A path compared without extensions, index pages, leading underscores (Jekyll's _docs) and case."""
    parts = [p for p in unquote(path).replace("\\", "/").split("/") if p and p not in (".", "..")]
    if parts and parts[-1].lower() in ("index.md", "index.html", "readme.md", "_index.md"):
        parts = parts[:-1]
    if parts:
        last = parts[-1]
        while True:
            stem, dot, ext = last.rpartition(".")
            if dot and stem and ("." + ext.lower()) in _DOCUMENT_SUFFIXES:
                last = stem
            else:
                break
        parts[-1] = last
    return tuple(p.lstrip("_").lower() for p in parts if p.lstrip("_"))


def _external_document(url: str) -> bool:
    split = urlsplit(url)
    host = split.netloc.lower()
    if split.scheme not in ("http", "https"):
        return False
    for entry in _document_hosts():  # "docs.google.com", or "atlassian.net/wiki" for a path on a host
        if "/" in entry:
            if entry in host + split.path:
                return True
        elif host == entry or host.endswith("." + entry):
            return True
    return split.path.lower().endswith(_DOCUMENT_SUFFIXES) and "/blob/" in split.path


def missing_references(documents: Iterable[tuple[str, Iterable[tuple[str, Location]]]], project_root: Path,
                       present: Iterable[str] = ()) -> list[MissingReference]:
    """The targets the ``documents`` (display path, links as (target, location)) refer to that the set lacks.

    ``present`` are the display paths of every document in the set (besides the referring ones)."""
    documents = [(file, list(links)) for file, links in documents]
    known = {_stem_key(p) for p in list(present) + [file for file, _ in documents]}
    suffixes = {key[-n:] for key in known for n in (1, 2, 3) if len(key) >= n}
    found: dict[str, tuple[str, str, list[Location]]] = {}
    for file, links in documents:
        base = Path(file).parent
        for raw, location in links:
            target = _TEMPLATE_TAG.sub("", raw).strip()
            if not target or target.startswith(("#", "mailto:", "tel:")) or re.fullmatch(r"[^/\s]+@[^/\s]+", target):
                continue
            if target.split("#", 1)[0].split("?", 1)[0].lower().endswith(_NOT_DOCUMENTS):
                continue
            if _SCHEME.match(target):
                if not _external_document(target):
                    continue
                split = urlsplit(target)
                key, kind, shown = f"{split.netloc.lower()}{split.path.rstrip('/')}", "external", target.split("#", 1)[0]
            else:
                path = unquote(target.split("#", 1)[0].split("?", 1)[0])
                if not path:
                    continue
                on_disk = (project_root / path.lstrip("/")) if path.startswith("/") else (base / path)
                if on_disk.exists():
                    continue
                stem = _stem_key(path)
                if not stem or stem[-min(len(stem), 2):] in suffixes or stem in known:
                    continue
                # the same page however it is written: ../ops/plan.md, /docs/ops/plan/, _docs/ops/plan.md
                key, kind, shown = "/" + "/".join(stem[-2:]), "path", path
            entry = found.setdefault(key, (shown, kind, []))
            if location not in entry[2]:
                entry[2].append(location)
    return [MissingReference(shown, kind, tuple(sorted(places))) for _, (shown, kind, places) in sorted(found.items())]


# ------------------------------------------------------------------------------------------------ stale references
# References that reach something, but not what they say: a path the set has moved, an anchor that points at another
# section than the one its text names (or at none), and one repository named under two owners. Each is reported as a
# Conflict (statements.py): the reference on one side, what the set actually holds on the other, both located.
_PATH_IN_TEXT = re.compile(r"(?<![\w/.:@-])((?:[\w-][\w.-]*/)+[\w-][\w.-]*\.(?:md|markdown|html?|pdf|docx?|xlsx?|txt))"
                           r"(?![\w/])", re.I)


_PAGE_ANCHORS = frozenset({"top", "header", "main", "main-content", "content", "footer", "page", "nav", "navigation",
                           "toc", "contents", "table-of-contents"})
"""Anchors a site's page layout provides on every page, not a heading of the document."""


def _slugs(text: str) -> set[str]:
    """The anchors site generators give a heading: GitHub/CommonMark style and kramdown (Jekyll) style."""
    lowered = text.strip().lower()
    github = re.sub(r"[^\w\- ]", "", lowered).replace(" ", "-")
    kramdown = re.sub(r"^[^a-z]+", "", github)
    return {github, kramdown}


def _words(text: str) -> set[str]:
    lex = lexicon()  # one notion of a word (stem, stopwords) for statements and references
    return {stem(w) for w in re.findall(r"[a-z][a-z0-9]*", text.lower()) if len(w) > 2 and w not in lex.stopwords}


def _statement(kind: str, value: str, location: Location, sentence: str = "") -> Statement:
    return Statement(kind, value, value, frozenset(), location, sentence or value)


def _conflict(kind: str, about: str, *sides) -> Conflict:
    return Conflict(kind, (about,), tuple(tuple(side) for side in sides))


def stale_references(documents: Iterable[ReadDocument], project_root: Path) -> list[Conflict]:
    """Moved paths, anchors pointing elsewhere than their text says (or nowhere), and one repository under two
    owners, among ``documents`` (one set)."""
    documents = list(documents)
    by_last: dict = {}  # documents by the last part of their path: each link looks at its namesakes only
    for doc in documents:
        key = _stem_key(doc.file)
        if key:
            by_last.setdefault(key[-1], []).append((key, doc))
    found = []

    def resolve(path: str, doc):
        key = _stem_key(path)
        if not key:
            return None
        same = [d for k, d in by_last.get(key[-1], ()) if k[-len(key):] == key]  # from the site root, or the project's
        return same[0] if len(same) == 1 else None

    for doc in documents:
        base = Path(doc.file).parent
        # 1. anchors
        for link in doc.links:
            target = link.target.strip()
            if "#" not in target or _SCHEME.match(target):
                continue
            path, anchor = target.split("#", 1)
            anchor = unquote(anchor).strip().lower()
            goal = doc if not path else resolve(path.split("?", 1)[0], doc)
            if not anchor or goal is None or goal.format not in ("md", "html") or not goal.headings:
                continue
            pointed = [h for h in goal.headings if anchor in _slugs(h.text) or anchor == h.anchor.lower()]
            if not pointed:
                if anchor in _PAGE_ANCHORS or re.search(rf"""(?:id|name)\s*=\s*["']?{re.escape(anchor)}\b|\{{#{re.escape(anchor)}\}}""",
                             goal.text, re.I):
                    continue  # an anchor written in HTML or kramdown attributes
                found.append(_conflict("reference:anchor-missing", target,
                                       [_statement("reference", target, link.location, link.text)],
                                       [_statement("reference", goal.file, Location(goal.file, 1, 1))]))
                continue
            heading = pointed[0]
            words = _words(link.text) - _words(goal.title)
            if not words or _words(heading.text) & words:
                continue
            above = goal.section_of(goal.headings.index(heading))  # "the troubleshooting section" may point into it
            named = [h for h in goal.headings if h not in above and _words(h.text) and _words(h.text) <= words]
            if named:
                found.append(_conflict("reference:anchor", target,
                                       [_statement("reference", link.text, link.location, link.text)],
                                       [_statement("reference", heading.text, heading.location)],
                                       [_statement("reference", named[0].text, named[0].location)]))
        # 2. a file path the set holds elsewhere
        places: list[tuple[str, Location]] = [(m.group(1), line.location) for line in doc.lines
                                              for m in _PATH_IN_TEXT.finditer(line.text)]
        places += [(link.target.split("#", 1)[0], link.location) for link in doc.links
                   if not _SCHEME.match(link.target) and link.target.split("#", 1)[0].lower().endswith(_DOCUMENT_SUFFIXES)]
        for path, location in dict.fromkeys(places):
            written = unquote(path)
            if (base / written).exists() or (project_root / written.lstrip("/")).exists():
                continue
            key = _stem_key(written)
            if len(key) < 2 or resolve(written, doc) is not None:
                continue
            named = [d for _k, d in by_last.get(key[-1], ())]
            if len(named) == 1:
                found.append(_conflict("reference:moved", written, [_statement("reference", written, location)],
                                       [_statement("reference", named[0].file, Location(named[0].file, 1, 1))]))
    # 3. one repository under two owners (github.com/old-org/site and github.com/new-org/site)
    hosts = tuple(labels().get("code_hosts", ()))
    owners: dict[tuple[str, str], dict[str, list[Location]]] = {}
    for doc in documents:
        for link in doc.links:
            split = urlsplit(link.target.strip())
            parts = [p for p in split.path.split("/") if p]
            if split.netloc.lower() not in hosts or len(parts) < 2:
                continue
            repo = parts[1].lower().removesuffix(".git")
            owners.setdefault((split.netloc.lower(), repo), {}).setdefault(parts[0], []).append(link.location)
    for (host, repo), by_owner in sorted(owners.items()):
        if len({owner.lower() for owner in by_owner}) > 1:
            sides = [[_statement("reference", f"{host}/{owner}/{repo}", loc) for loc in dict.fromkeys(locs)]
                     for owner, locs in by_owner.items()]
            found.append(_conflict("reference:repository", f"{host}/{repo}", *sides))
    return found
