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
